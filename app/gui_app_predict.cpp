// GuiApp's predict mode: the student's picks and the scores they add up to.
#include "app/gui_app.h"

#include <spdlog/spdlog.h>

namespace loopstep {

void GuiApp::predict_pick(uint16_t thread) {
  const ui::Frame f = build_frame();
  ui::Intents in;
  predict_.pick(f, thread, in);
  apply(in, 0);
}

void GuiApp::predict_pick_callback(uint32_t req) {
  const ui::Frame f = build_frame();
  ui::Intents in;
  predict_.pick_callback(f, req, in);
  apply(in, 0);
}

void GuiApp::score_prediction(const ui::Frame& f) {
  if (std::optional<ui::PredictResult> r = predict_.take_result()) {
    const std::string lesson = std::filesystem::absolute(file_).lexically_normal().string();
    if (const std::string err = scores_.add(lesson, *r); !err.empty()) spdlog::warn("predict scores not saved: {}", err);
  }
  // The run is over: this run's score, and the lesson's over every run, with the most missed steps.
  if (f.finished && f.at_end() && predict_.asked > 0 && predict_.summary.empty())
    predict_.summary = "The run is over. This run: " + std::to_string(predict_.right) + " of " + std::to_string(predict_.asked) +
                       " right. " + scores_.summary(std::filesystem::absolute(file_).lexically_normal().string());
}

}  // namespace loopstep
