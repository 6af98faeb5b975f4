// GuiApp's stepping: the cursor through history, the engine past its end, runs to a breakpoint.
#include "app/gui_app.h"

#include <spdlog/spdlog.h>

#include <chrono>

namespace loopstep {

bool GuiApp::step_once(std::optional<uint16_t> lane) {
  if (cursor_ < rec().size()) {  // in history: move the cursor, the engine waits
    ++cursor_;
    return true;
  }
  if (!session_ || session_->finished()) return false;
  if (lane && *lane != session_->policy_choice()) lanes_picked_ = true;
  if (lane) session_->step_thread(*lane);
  else session_->step();
  cursor_ = rec().size();
  report_crash();
  return true;
}

void GuiApp::report_crash() {
  if (!session_ || !session_->crashed() || crash_reported_) return;
  crash_reported_ = true;
  last_error_ = session_->stop_reason();
  spdlog::error("{}", last_error_);
  dialogs_.show_error("The engine process ended", last_error_ + "\n\nThe recording keeps every event it sent.");
}

size_t GuiApp::step_forward(size_t n) {
  size_t taken = 0;
  while (taken < n && step_once(std::nullopt)) ++taken;
  return taken;
}

void GuiApp::seek(size_t cursor) { cursor_ = std::min(cursor, rec().size()); }

size_t GuiApp::go_to_step(size_t step) {
  if (step > rec().size()) {
    cursor_ = rec().size();
    step_forward(step - cursor_);
  }
  seek(step);
  return cursor_;
}

void GuiApp::run_to(const Breakpoint& bp) {
  // History first (a fold from the cursor), then the engine.
  LoopState s = state_;
  for (size_t i = cursor_; i < rec().size(); ++i) {
    loopstep::apply(s, rec()[i]);
    if (bp.matches(rec()[i], s, rec().info())) {
      cursor_ = i + 1;
      return;
    }
  }
  cursor_ = rec().size();
  // The engine part runs a slice per frame (continue_run_to), so a breakpoint that never
  // matches cannot freeze the window: it stops at the run's limit, or when Space is pressed.
  if (session_ && !session_->finished()) {
    session_->run_to_begin(bp);
    running_to_ = true;
  }
}

void GuiApp::continue_run_to() {
  const RunTo r = session_->run_to_continue(LiveRun::Clock::now() + std::chrono::milliseconds(12));
  cursor_ = rec().size();
  if (r == RunTo::running) return;
  running_to_ = false;
  if (r == RunTo::ended) spdlog::info("run to breakpoint: the run ended without a match");
  report_crash();
}

void GuiApp::stop_run_to() {
  session_->run_to_pause();
  cursor_ = rec().size();
  running_to_ = false;
  report_crash();
}

}  // namespace loopstep
