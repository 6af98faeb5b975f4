// StringTable: dedupe under a mutex, publish into an append-only array.
#include "core/record/strings.h"

#include <functional>

namespace loopstep {

uint32_t StringTable::intern(std::string_view s) {
  const uint64_t h = std::hash<std::string_view>{}(s);
  std::lock_guard lock(mutex_);
  const size_t mask = slots_.size() - 1;
  size_t i = h & mask;
  for (; slots_[i].id_plus_1; i = (i + 1) & mask)
    if (slots_[i].hash == h && texts_[slots_[i].id_plus_1 - 1] == s) return slots_[i].id_plus_1 - 1;
  auto id = static_cast<uint32_t>(texts_.push_back(std::string(s)));
  slots_[i] = Slot{h, id + 1};
  bytes_.fetch_add(s.size(), std::memory_order_relaxed);
  if (2 * texts_.size() > slots_.size()) grow();
  return id;
}

void StringTable::grow() {
  std::vector<Slot> bigger(2 * slots_.size());
  const size_t mask = bigger.size() - 1;
  for (const Slot& s : slots_) {
    if (!s.id_plus_1) continue;
    size_t i = s.hash & mask;
    while (bigger[i].id_plus_1) i = (i + 1) & mask;
    bigger[i] = s;
  }
  slots_.swap(bigger);
}

}  // namespace loopstep
