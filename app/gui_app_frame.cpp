// GuiApp's frame: the state at the cursor, the Frame every panel reads, and the panels in order.
#include "app/gui_app.h"

#include <imgui.h>

#include "ui/menu_bar.h"

namespace loopstep {

void GuiApp::refresh_state() {
  if (state_rec_ == &rec() && state_cursor_ == cursor_) return;
  // state_at replays at most one snapshot interval: cheap, and only when the cursor moves.
  state_ = cursor_ == 0 ? LoopState{} : rec().state_at(cursor_ - 1);
  state_rec_ = &rec();
  state_cursor_ = cursor_;
}

std::string GuiApp::window_title() const {
  const std::string name = std::filesystem::path(file_).filename().string();
  if (name.empty()) return "loopstep: a real event loop, one step at a time";
  const EngineBug bug = rec().info().config.engine_bug;
  return "loopstep: " + name + ", " + rec().info().backend_label + (live() ? "" : ", replay") +
         (bug == EngineBug::none ? "" : ", planted bug: " + std::string(engine_bug_name(bug)));
}

ui::Frame GuiApp::build_frame() {
  refresh_state();
  ui::Frame f;
  f.rec = &rec();
  f.state = &state_;
  f.cursor = cursor_;
  f.live = live();
  f.finished = !session_ || session_->finished();
  f.playing = playing_;
  if (session_ && !session_->finished() && cursor_ == rec().size()) {
    if (candidates_at_ != rec().size()) {
      candidates_ = session_->candidates();
      policy_choice_ = session_->policy_choice();
      candidates_at_ = rec().size();
    }
    f.candidates = &candidates_;
    f.policy_choice = policy_choice_;
  }
  // A replay's recorded choices: predict mode asks about them; the step that happened is the answer.
  if (!session_ && view.predict && cursor_ < rec().size())
    if (const std::vector<Candidate>* c = rec().candidates_before(cursor_)) {
      f.candidates = c;
      f.policy_choice = rec()[cursor_].thread;
    }
  f.predicting = view.predict && (ui::PredictPanel::asking(f) || !ui::PredictPanel::waiting_callbacks(f).empty());
  if (session_) {
    f.notes = &session_->scenario().notes;
    f.stop_reason = session_->stop_reason();
  }
  f.source = std::filesystem::path(file_).filename().string();
  return f;
}

void GuiApp::frame(double dt) {
  if (compare_) {
    ui::Intents in;
    ui::collect_shortcuts(pending_keys_, in);
    pending_keys_.clear();
    ui::Frame f = build_frame();
    const ui::CompareFrame cf = build_compare_frame();
    f.status = "compare   A step " + std::to_string(cf.a.cursor) + " / " + std::to_string(cf.a.rec->size()) + "   B step " +
               std::to_string(cf.b.cursor) + " / " + std::to_string(cf.b.rec->size()) + "   " + f.source;
    ui::draw_menu_bar(f, view, in);
    compare_->view.Draw(cf, view, in);
    ui::draw_help(view);
    dialogs_.Draw(view, in);
    apply_compare(in);
    if (in.compare) open_compare(ui::kCompareChoices[*in.compare].a, ui::kCompareChoices[*in.compare].b);
    return;
  }
  check_file_changed(dt);
  const ui::Frame f = build_frame();
  ui::Intents in;
  view.js_lesson = !f.rec->info().source.empty();
  view.sockets_lesson = view.js_lesson && ui::lesson_uses_sockets(f.rec->info());
  ui::begin_layout(view);
  ui::collect_shortcuts(pending_keys_, in);
  ui::draw_menu_bar(f, view, in);
  const bool full = !view.presenter;
  if (full && view.show_controls) controls_.Draw(f, view, in);
  timeline_.update(*f.rec);
  if (view.js_lesson) source_.Draw(f, view, in);
  loop_state_.Draw(f, view, timeline_.model());
  narration_.Draw(f, view, in, view.predict ? &predict_ : nullptr);
  score_prediction(f);
  if (!(view.presenter && view.sockets_lesson)) queues_.Draw(f, view, in);  // presenter: the Sockets panel has its place
  if (full && view.show_requests) requests_.Draw(f, view, in);
  if (view.sockets_lesson || view.show_sockets) sockets_.Draw(f, view, in);
  if (full && view.show_call_chain) call_chain_.Draw(f, view, in);
  if (view.presenter || view.show_console) console_.Draw(f, view, *log_lines_);
  timeline_.Draw(f, view, in);
  ui::draw_help(view);
  browser_.Draw(pending_keys_, in);
  pending_keys_.clear();
  dialogs_.Draw(view, in);
  ui::end_layout(view);
  apply(in, dt);
}

}  // namespace loopstep
