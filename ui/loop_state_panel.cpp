// The loop state panel (see loop_state_panel.h).
#include "ui/loop_state_panel.h"

#include <imgui.h>

#include <algorithm>

namespace loopstep::ui {

void LoopStatePanel::Draw(const Frame& f, const ViewSettings& v, const TimelineModel& model) {
  place_window("Loop state", v);
  if (!ImGui::Begin("Loop state")) {
    ImGui::End();
    return;
  }
  const LoopState& s = *f.state;
  const RunInfo& info = f.rec->info();
  const bool iocp = info.config.backend == BackendKind::iocp;

  // req_count, large, with its history up to the cursor: the number the lesson is about.
  ImGui::TextUnformatted("req_count");
  ImGui::SameLine();
  ImGui::TextDisabled("(libuv loop->active_reqs.count)");
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
  ImGui::Text("phase:    %s", std::string(phase_name(s.phase)).c_str());
  const ThreadState& loop = s.threads[0];
  if (s.exited) {
    ImGui::TextUnformatted("loop thread: uv_run has returned");
  } else if (loop.status == ThreadStatus::waiting_kernel) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(layer_color(Layer::kernel, v.presenter)), "loop thread: blocked in %s",
                       std::string(info.strings.str(loop.wait_fn)).c_str());
  } else {
    ImGui::Text("loop thread: %s", std::string(thread_status_name(loop.status)).c_str());
  }
  ImGui::Text("backend:  %s", info.backend_label.c_str());
  if (iocp) {
    ImGui::Text("completion port: %s", s.port_handle >= 0 ? std::to_string(s.port_handle).c_str() : "(not created)");
  } else {
    ImGui::Text("epoll fd: %s", s.port_handle >= 0 ? std::to_string(s.port_handle).c_str() : "(not created)");
    ImGui::Text("eventfd:  %s%s", s.wakeup_fd >= 0 ? std::to_string(s.wakeup_fd).c_str() : "(not created)",
                s.wakeup_pending ? "  (written: readable)" : "");
  }

  section("Alive? (uv__loop_alive)");
  const size_t handles = s.timers.size() + s.immediates.size();
  const size_t pending = s.completion_queue.size();
  ImGui::Text("active handles: %zu   active reqs: %lld", handles, (long long)s.req_count);
  ImGui::Text("pending: %zu   closing: 0", pending);
  const bool alive = handles > 0 || s.req_count > 0 || pending > 0;
  if (s.phase == Phase::none || s.phase == Phase::main_script) {
    ImGui::TextDisabled("the main script is still running: the loop has not started");
  } else {
    ImGui::TextColored(alive ? ImVec4(0.2f, 0.7f, 0.3f, 1) : ImVec4(0.85f, 0.35f, 0.2f, 1), "%s",
                       alive ? "alive: the loop goes round again" : "not alive: uv_run returns");
  }
  ImGui::End();
}

}  // namespace loopstep::ui
