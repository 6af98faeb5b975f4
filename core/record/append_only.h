// An append-only array that one writer grows while readers index it without a lock.
// Elements live in fixed chunks that never move; size is published with a release store.
#pragma once
#include <array>
#include <atomic>
#include <cassert>
#include <cstddef>
#include <memory>
#include <mutex>

namespace loopstep {

template <class T, size_t ChunkBits = 12, size_t MaxChunks = 4096>
class AppendOnly {
 public:
  static constexpr size_t kChunk = size_t{1} << ChunkBits;

  AppendOnly() = default;
  AppendOnly(const AppendOnly&) = delete;
  AppendOnly& operator=(const AppendOnly&) = delete;
  ~AppendOnly() {
    for (auto& c : chunks_) delete[] c.load(std::memory_order_relaxed);
  }

  // Writers must be serialized by the caller (see StringTable, RequestTable).
  size_t push_back(T v) {
    size_t i = size_.load(std::memory_order_relaxed);
    size_t c = i >> ChunkBits;
    assert(c < MaxChunks);
    T* chunk = chunks_[c].load(std::memory_order_relaxed);
    if (!chunk) {
      chunk = new T[kChunk];
      chunks_[c].store(chunk, std::memory_order_release);
    }
    chunk[i & (kChunk - 1)] = std::move(v);
    size_.store(i + 1, std::memory_order_release);
    return i;
  }

  size_t size() const { return size_.load(std::memory_order_acquire); }
  const T& operator[](size_t i) const {
    return chunks_[i >> ChunkBits].load(std::memory_order_acquire)[i & (kChunk - 1)];
  }

 private:
  std::array<std::atomic<T*>, MaxChunks> chunks_{};
  std::atomic<size_t> size_{0};
};

}  // namespace loopstep
