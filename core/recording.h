// The recording: every event of a run, append-only, plus periodic snapshots of the folded
// state so that state_at(i) for any i replays at most kSnapshotEvery events.
#pragma once
#include <memory>
#include <vector>

#include "core/event.h"
#include "core/loop_state.h"
#include "core/run_info.h"

namespace loopstep {

class Recording {
 public:
  static constexpr size_t kSnapshotEvery = 1024;

  explicit Recording(std::shared_ptr<RunInfo> info);

  void append(const Event& e);  // e.seq must equal size()
  size_t size() const { return events_.size(); }
  bool empty() const { return events_.empty(); }
  const Event& operator[](size_t i) const { return events_[i]; }
  const std::vector<Event>& events() const { return events_; }
  const RunInfo& info() const { return *info_; }
  RunInfo& info() { return *info_; }
  std::shared_ptr<RunInfo> shared_info() const { return info_; }

  // The state after event i (i < size()).
  LoopState state_at(size_t i) const;
  // The state after the last event.
  const LoopState& tail_state() const { return tail_; }
  size_t snapshot_count() const { return snapshots_.size(); }

 private:
  std::shared_ptr<RunInfo> info_;
  std::vector<Event> events_;
  std::vector<LoopState> snapshots_;  // snapshots_[k] = state after event k*kSnapshotEvery - 1; [0] = initial
  LoopState tail_;
};

}  // namespace loopstep
