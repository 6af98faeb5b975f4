// Recording: append, snapshot, and state_at.
#include "core/recording.h"

#include <stdexcept>
#include <string>

namespace loopstep {

Recording::Recording(std::shared_ptr<RunInfo> info) : info_(std::move(info)) { snapshots_.push_back(tail_); }

void Recording::append(const Event& e) {
  if (e.seq != events_.size())
    throw std::logic_error("recording: event seq " + std::to_string(e.seq) + " appended at " + std::to_string(events_.size()));
  events_.push_back(e);
  apply(tail_, e);
  if (events_.size() % kSnapshotEvery == 0) snapshots_.push_back(tail_);
}

LoopState Recording::state_at(size_t i) const {
  if (i >= events_.size()) throw std::out_of_range("state_at(" + std::to_string(i) + ") past the recording");
  size_t k = (i + 1) / kSnapshotEvery;
  LoopState s = snapshots_[k];
  for (size_t j = k * kSnapshotEvery; j <= i; ++j) apply(s, events_[j]);
  return s;
}

}  // namespace loopstep
