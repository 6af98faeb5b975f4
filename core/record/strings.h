// Interned strings: events carry a 32-bit id instead of a heap string.
#pragma once
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/record/append_only.h"

namespace loopstep {

class StringTable {
 public:
  StringTable() { intern(""); }  // id 0 is the empty string
  // Thread-safe; the same text always gets the same id.
  uint32_t intern(std::string_view s);
  // Lock-free for ids already returned by intern().
  std::string_view str(uint32_t id) const { return id < texts_.size() ? std::string_view(texts_[id]) : std::string_view(); }
  size_t size() const { return texts_.size(); }
  // The bytes of text held.
  size_t bytes() const { return bytes_.load(std::memory_order_relaxed); }

 private:
  // Open addressing over (hash, id): a lookup touches one slot and compares text only when
  // the hashes agree. A node-based map cost three cache misses and a malloc per new text,
  // which a generated lesson with 200,000 callback names paid on the loop thread.
  struct Slot {
    uint64_t hash = 0;
    uint32_t id_plus_1 = 0;  // 0 = empty
  };
  void grow();

  std::mutex mutex_;
  std::vector<Slot> slots_ = std::vector<Slot>(64);  // a power of two, at most half full
  AppendOnly<std::string> texts_;
  std::atomic<size_t> bytes_{0};
};

}  // namespace loopstep
