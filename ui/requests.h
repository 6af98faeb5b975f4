// The requests panel: one row per request struct (type, op, path, flags, callback, state,
// result or errno) and who holds it; finished ones stay greyed for a while.
#pragma once
#include <string>

#include "ui/ui_common.h"

namespace loopstep::ui {

// Who holds the request struct now: a queue while it waits in one (the work queue, the
// completion port, the done-list), else the thread that last touched it.
std::string request_holder(const ReqState& r, const LoopState& s, const RunInfo& info);

struct RequestsPanel {
  void Draw(const Frame& f, const ViewSettings& v, Intents& out);

 private:
  std::vector<const ReqState*> rows_;  // scratch
};

}  // namespace loopstep::ui
