// The loop state panel: req_count large with its history, the port / epoll / eventfd
// handles, the phase, the terms of uv__loop_alive, and what the loop thread is doing.
#pragma once
#include <optional>
#include <string>

#include "ui/timeline_model.h"
#include "ui/ui_common.h"

namespace loopstep::ui {

// What the loop thread is doing at the cursor, in words: "blocked in GetQueuedCompletionStatus",
// "delivering the completion of req 1 fs.open 1.txt (onOpen runs next)", "running onOpen()".
std::string loop_activity(const LoopState& s, const RunInfo& info);

// uv__loop_alive's verdict is shown only where the loop asks it (an alive_check step);
// between checks req_count may be 0 while a completion is still being delivered.
struct AliveVerdict {
  enum class Tone { pending, alive, not_alive } tone;
  std::string text;
};
AliveVerdict alive_verdict(const LoopState& s, const std::optional<Event>& current);

struct LoopStatePanel {
  void Draw(const Frame& f, const ViewSettings& v, const TimelineModel& model);

 private:
  std::vector<float> spark_;  // scratch: req_count sampled over the steps so far
};

}  // namespace loopstep::ui
