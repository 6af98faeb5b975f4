// Interned strings: events carry a 32-bit id instead of a heap string.
#pragma once
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

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
  // The bytes of text held (each text is kept twice: as the lookup key and as the published copy).
  size_t bytes() const { return bytes_.load(std::memory_order_relaxed); }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, uint32_t> ids_;
  AppendOnly<std::string> texts_;
  std::atomic<size_t> bytes_{0};
};

}  // namespace loopstep
