// GuiApp's moment: what a saved recording or a copied command remembers of where the app stands.
#include "app/gui_app.h"

#include <imgui.h>
#include <spdlog/spdlog.h>

#include "core/trace/recording_file.h"
#include "core/trace/trace_io.h"

namespace loopstep {

void GuiApp::restore(const Moment& m) {
  view.real_time_axis = m.real_time_axis;
  if (m.view_to > m.view_from) timeline_.show_range(m.real_time_axis, m.view_from, m.view_to);
  if (m.selected_seq && *m.selected_seq < rec().size()) view.selected_seq = m.selected_seq;
}

Moment GuiApp::moment() const {
  Moment m;
  m.step = cursor_;
  m.selected_seq = view.selected_seq;
  m.real_time_axis = view.real_time_axis;
  if (!timeline_.fit_pending()) {
    m.view_from = timeline_.view().x_min;
    m.view_to = timeline_.view().x_max;
  }
  if (!session_) {
    if (replay_->moment) {  // a replay keeps the switches its run was made with
      m.backend = replay_->moment->backend;
      m.workers = replay_->moment->workers;
      m.pool_size = replay_->moment->pool_size;
    }
    return m;
  }
  // Only the switches that make this run differ from its lesson.
  const RunConfig& lesson = session_->scenario().config;
  const RunConfig& run = rec().info().config;
  if (run.backend != lesson.backend) m.backend = run.backend;
  if (run.workers != lesson.workers) m.workers = run.workers;
  if (run.pool_size != lesson.pool_size) m.pool_size = run.pool_size;
  return m;
}

namespace {
// A path as one shell word: as it is when it is plain, else in single quotes.
std::string shell_word(const std::string& s) {
  const bool plain = !s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+=:,@") == std::string::npos;
  if (plain) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}
}  // namespace

std::string GuiApp::command_for_moment() const {
  const Moment m = moment();
  std::string cmd = "loopstep " + shell_word(file_);
  if (session_) {  // a recording replays what was recorded: its switches are in it already
    if (m.backend) cmd += " --backend " + std::string(backend_name(*m.backend));
    if (m.workers) cmd += " --workers " + std::string(worker_model_name(*m.workers));
    if (m.pool_size) cmd += " --pool-size " + std::to_string(*m.pool_size);
  }
  return cmd + " --step " + std::to_string(m.step);
}

void GuiApp::copy_command() {
  const std::string cmd = command_for_moment();
  ImGui::SetClipboardText(cmd.c_str());  // GLFW's clipboard in the window (glfwSetClipboardString)
  spdlog::info("copied to the clipboard: {}", cmd);
  if (lanes_picked_ && session_)
    spdlog::warn("the lanes you picked are not in the command: it replays the default order; save the recording (Ctrl+S) to hand out this exact run");
}

void GuiApp::save(const std::string& path, bool chrome) {
  // Atomic: a half-written file never replaces a good one.
  std::string err = chrome ? save_atomically(path, [&](std::ostream& out) { write_chrome_trace(out, rec()); })
                           : save_recording(path, rec(), moment());
  if (!err.empty()) {
    dialogs_.show_error("Cannot save", err);
    return;
  }
  spdlog::info("saved {} events to {}", rec().size(), path);
}

}  // namespace loopstep
