// The narration panel: what the current step means in plain words with its real values,
// the scenario's teacher notes when their step comes, and what is modeled.
#pragma once
#include "ui/predict.h"
#include "ui/ui_common.h"

namespace loopstep::ui {

struct NarrationPanel {
  // Its own window, "Narration". `predict`: predict mode's question and score, above the
  // current step (null when off).
  void Draw(const Frame& f, const ViewSettings& v, Intents& out, PredictPanel* predict = nullptr);
  // Inside the current window.
  static void DrawContents(const Frame& f, const ViewSettings& v, Intents& out, PredictPanel* predict = nullptr);
  // The notes whose event is the current one (at_step or at_kind).
  static std::vector<const Note*> notes_for(const Frame& f);
};

}  // namespace loopstep::ui
