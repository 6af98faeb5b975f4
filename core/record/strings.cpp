// StringTable: dedupe under a mutex, publish into an append-only array.
#include "core/record/strings.h"

namespace loopstep {

uint32_t StringTable::intern(std::string_view s) {
  std::lock_guard lock(mutex_);
  auto it = ids_.find(std::string(s));
  if (it != ids_.end()) return it->second;
  auto id = static_cast<uint32_t>(texts_.push_back(std::string(s)));
  ids_.emplace(std::string(s), id);
  bytes_.fetch_add(2 * s.size(), std::memory_order_relaxed);
  return id;
}

}  // namespace loopstep
