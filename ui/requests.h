// The requests panel: one row per request struct (type, op, path, flags, callback, state,
// result or errno) and the thread that holds it; finished ones stay greyed for a while.
#pragma once
#include "ui/ui_common.h"

namespace loopstep::ui {

struct RequestsPanel {
  void Draw(const Frame& f, const ViewSettings& v, Intents& out);

 private:
  std::vector<const ReqState*> rows_;  // scratch
};

}  // namespace loopstep::ui
