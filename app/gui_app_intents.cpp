// GuiApp::apply: the one place where the panels' intents change the session, the cursor or the view.
#include "app/gui_app.h"

namespace loopstep {

void GuiApp::apply(const ui::Intents& in, double dt) {
  view.hovered_req = in.hover_req.value_or(0);
  view.hovered_line = in.hover_line.value_or(0);
  if (in.step || in.step_back || in.first || in.last || in.step_lane) view.selected_seq.reset();
  if (in.toggle_play) {
    if (running_to_) stop_run_to();  // Space stops a run to a breakpoint
    else playing_ = !playing_;
  }
  if (running_to_ && (in.step || in.step_lane || in.restart || in.reconfigure || in.repolicy)) stop_run_to();  // one command at a time
  for (int i = 0; i < in.step; ++i) step_once(std::nullopt);
  if (in.step_lane) step_once(in.step_lane);
  cursor_ -= std::min<size_t>(cursor_, size_t(std::max(0, in.step_back)));
  if (in.first) cursor_ = 0;
  if (in.last) cursor_ = rec().size();
  if (in.seek) seek(*in.seek);
  if (in.run_to_breakpoint) {
    // F8: the Source panel's line when one is set, else the one the Controls describe.
    std::optional<Breakpoint> bp = in.breakpoint;
    if (!bp && view.js_lesson) bp = source_.breakpoint();
    if (!bp) bp = controls_.breakpoint();
    if (bp) run_to(*bp);
  }
  if (in.restart) restart(std::nullopt);
  if (in.reconfigure) restart(in.reconfigure);
  if (in.repolicy && session_) {
    SessionOptions o = options_;
    o.policy = *in.repolicy;
    start_session(session_->scenario(), o);
  }
  if (in.reload) {
    if (live()) reload();
    else open(file_);  // a replay re-reads its recording
  }
  if (!in.open_path.empty()) open(in.open_path);
  if (!in.save_path.empty()) save(in.save_path, false);
  if (!in.chrome_trace_path.empty()) save(in.chrome_trace_path, true);
  if (in.copy_command) copy_command();
  if (in.compare) open_compare(ui::kCompareChoices[*in.compare].a, ui::kCompareChoices[*in.compare].b);
  const std::string stem = std::filesystem::path(file_).stem().string();
  if (in.open_browser) browser_.show(ui::FileBrowser::Purpose::open);
  if (in.save_dialog) browser_.show(ui::FileBrowser::Purpose::save_recording, stem + ".jsonl");
  if (in.export_dialog) browser_.show(ui::FileBrowser::Purpose::export_chrome, stem + ".trace.json");
  if (in.toggle_help) view.show_help = !view.show_help;
  if (in.toggle_time_axis) view.real_time_axis = !view.real_time_axis;
  if (in.fit_timeline) timeline_.fit_all();
  if (in.reset_layout) view.relayout = true;
  if (in.toggle_presenter) {
    view.presenter = !view.presenter;
    view.relayout = true;
    window.fonts_changed = true;
  }
  if (in.font_step) {
    font_step += in.font_step;
    window.fonts_changed = true;
  }
  window.toggle_fullscreen |= in.toggle_fullscreen;
  window.quit |= in.quit;
  if (running_to_) continue_run_to();
  if (playing_) {
    play_credit_ += dt * controls_.steps_per_second;
    // Bounded per frame so that a slow frame never turns into a burst the eye cannot follow.
    for (int i = 0; play_credit_ >= 1.0 && i < 64; ++i, play_credit_ -= 1.0) {
      if (!step_once(std::nullopt)) {
        playing_ = false;
        break;
      }
    }
    play_credit_ = std::min(play_credit_, 1.0);
  } else {
    play_credit_ = 0;
  }
}

}  // namespace loopstep
