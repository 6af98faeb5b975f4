// The loop state panel (see loop_state_panel.h).
#include "ui/loop_state_panel.h"

#include <imgui.h>

#include <algorithm>

#include "core/trace/narration.h"

namespace loopstep::ui {

std::string loop_activity(const LoopState& s, const RunInfo& info) {
  const ThreadState& loop = s.threads[0];
  auto called = [](std::string_view cb) { return cb.empty() ? std::string("its callback") : std::string(cb) + "()"; };
  if (s.exited) return "uv_run has returned";
  if (loop.status == ThreadStatus::waiting_kernel) return "blocked in " + std::string(info.strings.str(loop.wait_fn));
  if (s.current_callback) return "running " + called(info.strings.str(s.current_callback_fn));
  for (const ReqState& r : s.requests) {
    if (r.status != ReqStatus::delivered || r.thread != 0) continue;
    const std::string_view cb = info.requests.has(r.id) ? info.strings.str(info.requests.get(r.id).callback) : "";
    return "delivering the completion of " + request_label(info, r.id) + " (" + called(cb) + " runs next)";
  }
  if (s.phase == Phase::none) return "starting (uv_loop_init)";
  if (s.phase == Phase::main_script) return "running the main script";
  return "in the " + std::string(phase_name(s.phase)) + " phase";
}

AliveVerdict alive_verdict(const LoopState& s, const std::optional<Event>& current) {
  using Tone = AliveVerdict::Tone;
  if (current && current->kind == Kind::alive_check)
    return s.alive ? AliveVerdict{Tone::alive, "uv__loop_alive: alive, the loop goes round again"}
                   : AliveVerdict{Tone::not_alive, "uv__loop_alive: not alive, uv_run returns"};
  if (s.exited) return {Tone::not_alive, "not alive: uv_run has returned"};
  if (s.phase == Phase::none || s.phase == Phase::main_script)
    return {Tone::pending, "the main script is still running: the loop has not started"};
  return {Tone::pending, "decided at the next uv__loop_alive check, from these terms"};
}

void LoopStatePanel::Draw(const Frame& f, const ViewSettings& v, const TimelineModel& model) {
  place_window("Loop state", v);
  if (!ImGui::Begin("Loop state")) {
    ImGui::End();
    return;
  }
  const LoopState& s = *f.state;
  const RunInfo& info = f.rec->info();
  const bool iocp = info.config.backend == BackendKind::iocp;

  // A planted bug (README, "Bug hunt") says so first, and the invariant it broke once the cursor is there.
  if (info.config.engine_bug != EngineBug::none) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.95f, 0.55f, 0.2f, 1));
    wrapped_text("this engine has a planted bug: " + std::string(engine_bug_name(info.config.engine_bug)));
    ImGui::PopStyleColor();
    if (s.invariant) {
      ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.35f, 0.3f, 1));
      wrapped_text("invariant broken at step " + std::to_string(s.invariant_step));
      ImGui::PopStyleColor();
    }
  }
  // req_count, large, with its history up to the cursor: the number the lesson is about.
  ImGui::TextUnformatted("req_count");
  same_line_if_fits(ImGui::CalcTextSize("(libuv loop->active_reqs.count)").x);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  wrapped_text("(libuv loop->active_reqs.count)");
  ImGui::PopStyleColor();
  if (v.fonts.big) ImGui::PushFont(v.fonts.big);
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(layer_color(Layer::libuv, v.presenter)), "%lld", (long long)s.req_count);
  if (v.fonts.big) ImGui::PopFont();
  ImGui::SameLine();
  // One sample per step (at most ~300, each the value at its step): cost bounded per frame.
  const size_t n = std::min<size_t>(f.cursor, 300);
  spark_.resize(std::max<size_t>(n, 1));
  for (size_t i = 0; i < n; ++i) spark_[i] = float(model.req_count_at(f.cursor * (i + 1) / n));
  if (n == 0) spark_[0] = 0;
  const float spark_max = float(std::max<int64_t>(1, model.req_count_max()));
  ImGui::PlotLines("##history", spark_.data(), int(spark_.size()), 0, "history", 0.0f, spark_max,
                   ImVec2(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 3.0f));

  section("Loop");
  ImGui::PushTextWrapPos(0.0f);  // narrow at 1280x720 with big text: wrap, never cut
  ImGui::Text("phase: %s", std::string(phase_name(s.phase)).c_str());
  const std::string activity = "loop thread: " + loop_activity(s, info);
  if (s.threads[0].status == ThreadStatus::waiting_kernel && !s.exited) {
    ImGui::PushStyleColor(ImGuiCol_Text, layer_color(Layer::kernel, v.presenter));
    wrapped_text(activity);
    ImGui::PopStyleColor();
  } else {
    wrapped_text(activity);
  }
  wrapped_text("backend: " + info.backend_label);
  if (iocp) {
    ImGui::Text("completion port: %s", s.port_handle >= 0 ? std::to_string(s.port_handle).c_str() : "(not created)");
  } else {
    ImGui::Text("epoll fd: %s", s.port_handle >= 0 ? std::to_string(s.port_handle).c_str() : "(not created)");
    ImGui::Text("eventfd:  %s%s", s.wakeup_fd >= 0 ? std::to_string(s.wakeup_fd).c_str() : "(not created)",
                s.wakeup_pending ? "  (written: readable)" : "");
  }

  section("Alive? (uv__loop_alive)");
  // The two terms that count: active handles (Node's timer handle, its immediate idle handle,
  // servers and sockets) beside req_count.
  const size_t pending = s.completion_queue.size() + s.taken_batch.size();
  ImGui::Text("active handles: %lld   active reqs: %lld", (long long)s.active_handles(), (long long)s.req_count);
  if (s.active_handles()) wrapped_disabled_text("(" + active_handles_text(s) + ")");
  ImGui::Text("pending: %zu   closing: %lld", pending, (long long)s.closing_handles);
  // The loop's handles (libuv's handle_queue); the Sockets panel has their details.
  for (const HandleState& h : s.handles)
    if (h.status != HandleStatus::closed)
      wrapped_text("  #" + std::to_string(h.id) + (h.server ? " server " : " socket ") + std::string(handle_status_name(h.status)) +
                   (h.active ? ", active" : ""));
  const AliveVerdict verdict = alive_verdict(s, f.current());
  const ImVec4 tone = verdict.tone == AliveVerdict::Tone::alive       ? ImVec4(0.2f, 0.7f, 0.3f, 1)
                      : verdict.tone == AliveVerdict::Tone::not_alive ? ImVec4(0.85f, 0.35f, 0.2f, 1)
                                                                      : ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
  ImGui::PushStyleColor(ImGuiCol_Text, tone);
  wrapped_text(verdict.text);
  ImGui::PopStyleColor();
  ImGui::PopTextWrapPos();
  ImGui::End();
}

}  // namespace loopstep::ui
