// The loop state panel: req_count large with its history, the port / epoll / eventfd
// handles, the phase, the terms of uv__loop_alive, and what the loop thread is doing.
#pragma once
#include "ui/timeline_model.h"
#include "ui/ui_common.h"

namespace loopstep::ui {

struct LoopStatePanel {
  void Draw(const Frame& f, const ViewSettings& v, const TimelineModel& model);

 private:
  std::vector<float> spark_;  // scratch: req_count sampled over the steps so far
};

}  // namespace loopstep::ui
