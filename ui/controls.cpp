// The controls panel (see controls.h).
#include "ui/controls.h"

#include <imgui.h>

#include "core/trace/narration.h"

namespace loopstep::ui {

void ControlsPanel::Draw(const Frame& f, const ViewSettings& v, Intents& out) {
  place_window("Controls", v);
  if (!ImGui::Begin("Controls")) {
    ImGui::End();
    return;
  }
  const size_t total = f.rec->size();
  ImGui::TextWrapped("Step %zu of %zu%s", f.cursor, total, f.live && !f.finished ? " recorded so far" : "");
  if (!f.live) wrapped_disabled_text("Replay of a saved recording: no engine");
  else if (f.finished) wrapped_disabled_text("The run has finished");

  // The buttons flow onto a new line when the panel is narrow (1280x720, bigger text).
  if (ImGui::Button(f.playing ? "Pause (Space)###play" : "Play (Space)###play")) out.toggle_play = true;
  same_line_if_fits(button_width("<< Back (Left)"));
  ImGui::BeginDisabled(f.cursor == 0);
  if (ImGui::Button("<< Back (Left)")) ++out.step_back;
  ImGui::EndDisabled();
  same_line_if_fits(button_width("Step >> (Right)"));
  ImGui::BeginDisabled(!f.can_step_forward());
  if (ImGui::Button("Step >> (Right)")) ++out.step;
  ImGui::EndDisabled();
  if (ImGui::Button("First (Home)")) out.first = true;
  same_line_if_fits(button_width("Last (End)"));
  if (ImGui::Button("Last (End)")) out.last = true;
  same_line_if_fits(button_width("Restart (Ctrl+R)"));
  ImGui::BeginDisabled(!f.live);
  if (ImGui::Button("Restart (Ctrl+R)")) out.restart = true;
  ImGui::EndDisabled();
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 7);
  ImGui::SliderFloat("steps / second", &steps_per_second, 0.5f, 200.0f, "%.1f", ImGuiSliderFlags_Logarithmic);
  int cursor = int(f.cursor);
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 7);
  if (ImGui::SliderInt("step###scrub", &cursor, 0, int(total))) out.seek = size_t(cursor);
  if (!f.stop_reason.empty()) ImGui::TextColored(ImVec4(0.9f, 0.3f, 0.2f, 1), "%s", f.stop_reason.c_str());

  draw_next_lane(f, v, out);
  if (f.live) {
    draw_breakpoints(f, out);
    draw_config(f, out);
  }
  ImGui::End();
}

void ControlsPanel::draw_next_lane(const Frame& f, const ViewSettings& v, Intents& out) {
  section("Possible next steps");
  if (!f.live) {
    ImGui::TextDisabled("(replay: the recorded order)");
    return;
  }
  if (!f.at_end()) {
    ImGui::TextWrapped("In history: Step replays what was recorded. Press End to return to the live edge.");
    return;
  }
  if (!f.candidates || f.candidates->empty()) {
    ImGui::TextDisabled(f.finished ? "(none: the run has finished)" : "(none)");
    return;
  }
  ImGui::TextWrapped("Each runnable thread is parked before its next action. Click one to release it:");
  for (const Candidate& c : *f.candidates) {
    ImGui::PushID(c.thread);
    const bool chosen = c.thread == f.policy_choice && !f.predicting;
    // In words ("thread 1: PostQueuedCompletionStatus"), wrapped rather than cut.
    std::string label = event_words(c.pending, f.rec->info(), *f.state);
    if (chosen) label += "   <- Step";
    if (chosen) ImGui::PushStyleColor(ImGuiCol_Text, layer_color(Layer::kernel, v.presenter));
    if (wrapped_selectable(label, chosen)) out.step_lane = c.thread;
    if (chosen) ImGui::PopStyleColor();
    if (c.pending.req && ImGui::IsItemHovered()) out.hover_req = c.pending.req;
    ImGui::PopID();
  }
}

void ControlsPanel::draw_breakpoints(const Frame& f, Intents& out) {
  section("Run to breakpoint");
  const float w = ImGui::GetFontSize() * 10;
  ImGui::Checkbox("kind##use", &bp_use_kind);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w);
  if (ImGui::BeginCombo("##kind", std::string(kind_name(Kind(bp_kind))).c_str())) {
    for (int k = 0; k < kKindCount; ++k) {
      if (ImGui::Selectable(std::string(kind_name(Kind(k))).c_str(), k == bp_kind)) bp_kind = k;
    }
    ImGui::EndCombo();
  }
  ImGui::Checkbox("lane##use", &bp_use_lane);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w);
  ImGui::InputInt("##lane", &bp_lane);
  ImGui::Checkbox("request##use", &bp_use_req);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w);
  ImGui::InputInt("##req", &bp_req);
  ImGui::Checkbox("req_count =##use", &bp_use_count);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w);
  ImGui::InputInt("##count", &bp_count);
  const std::optional<Breakpoint> bp = breakpoint();
  ImGui::BeginDisabled(!bp || !f.can_step_forward());
  if (ImGui::Button("Run to breakpoint (F8)")) {
    out.run_to_breakpoint = true;
    out.breakpoint = bp;
  }
  ImGui::EndDisabled();
}

std::optional<Breakpoint> ControlsPanel::breakpoint() const {
  Breakpoint bp;
  if (bp_use_kind) bp.kind = Kind(bp_kind);
  if (bp_use_lane && bp_lane >= 0) bp.thread = uint16_t(bp_lane);
  if (bp_use_req && bp_req > 0) bp.req = uint32_t(bp_req);
  if (bp_use_count) bp.req_count = bp_count;
  if (!bp.any()) return std::nullopt;
  return bp;
}

void ControlsPanel::draw_config(const Frame& f, Intents& out) {
  section("What if...? (restarts the scenario)");
  if (edit_from != &f.rec->info()) {
    edit = f.rec->info().config;
    edit_from = &f.rec->info();
  }
  int backend = int(edit.backend), workers = int(edit.workers);
  ImGui::TextUnformatted("backend");
  ImGui::SameLine();
  ImGui::RadioButton("epoll (Linux)", &backend, int(BackendKind::epoll));
  ImGui::SameLine();
  ImGui::RadioButton("IOCP", &backend, int(BackendKind::iocp));
  ImGui::TextUnformatted("workers");
  ImGui::SameLine();
  ImGui::RadioButton("pool", &workers, int(WorkerModel::pool));
  ImGui::SameLine();
  ImGui::RadioButton("thread per request", &workers, int(WorkerModel::per_request));
  edit.backend = BackendKind(backend);
  edit.workers = WorkerModel(workers);
  ImGui::BeginDisabled(edit.workers != WorkerModel::pool);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
  ImGui::SliderInt("pool size", &edit.pool_size, 1, 8);
  ImGui::EndDisabled();
  const RunConfig& cur = f.rec->info().config;
  const bool changed = edit.backend != cur.backend || edit.workers != cur.workers || edit.pool_size != cur.pool_size;
  ImGui::BeginDisabled(!changed);
  if (ImGui::Button("Restart with these")) out.reconfigure = edit;
  ImGui::EndDisabled();
  // Interleavings: a random seed gives another order of the same program, the same seed the
  // same order (the bug hunt's way to explore, beside picking lanes).
  ImGui::Text("release policy: %s", f.rec->info().policy.c_str());
  const std::string seed_label = "Restart with random:" + std::to_string(next_seed) + "###random_seed";
  if (ImGui::Button(seed_label.c_str())) out.repolicy = ReleasePolicy::random(next_seed++);
  if (f.rec->info().policy != "lrr") {
    same_line_if_fits(button_width("Restart with lrr"));
    if (ImGui::Button("Restart with lrr")) out.repolicy = ReleasePolicy::least_recently_released();
  }
}

}  // namespace loopstep::ui
