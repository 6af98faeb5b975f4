// The narration panel: what the current step means in plain words with its real values,
// the scenario's teacher notes when their step comes, and what is modeled.
#pragma once
#include "ui/ui_common.h"

namespace loopstep::ui {

struct NarrationPanel {
  void Draw(const Frame& f, const ViewSettings& v, Intents& out);  // its own window, "Narration"
  static void DrawContents(const Frame& f, const ViewSettings& v, Intents& out);  // inside the current window
  // The notes whose event is the current one (at_step or at_kind).
  static std::vector<const Note*> notes_for(const Frame& f);
};

}  // namespace loopstep::ui
