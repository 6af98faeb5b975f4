// The requests panel (see requests.h).
#include "ui/requests.h"

#include <imgui.h>

#include <algorithm>

#include "core/trace/narration.h"

namespace loopstep::ui {
namespace {

bool holds(const std::deque<uint32_t>& q, uint32_t id) { return std::find(q.begin(), q.end(), id) != q.end(); }

}  // namespace

std::string request_holder(const ReqState& r, const LoopState& s, const RunInfo& info) {
  if (r.status == ReqStatus::done) return "-";
  if (holds(s.work_queue, r.id)) return "the work queue";
  if (holds(s.completion_queue, r.id))
    return info.config.backend == BackendKind::iocp ? "the completion port" : "the loop's done-list";
  if (holds(s.taken_batch, r.id)) return "the loop thread (taken, waiting its turn)";
  return thread_label(r.thread, s);
}

void RequestsPanel::Draw(const Frame& f, const ViewSettings& v, Intents& out) {
  place_window("Requests", v);
  if (!ImGui::Begin("Requests")) {
    ImGui::End();
    return;
  }
  const LoopState& s = *f.state;
  const RunInfo& info = f.rec->info();
  rows_.clear();
  for (const ReqState& r : s.requests)
    if (s.live(r)) rows_.push_back(&r);
  for (auto it = s.recent_done.rbegin(); it != s.recent_done.rend(); ++it) rows_.push_back(&*it);
  if (rows_.empty()) {
    wrapped_disabled_text("No request structs yet: they appear when the script calls an async API.");
    ImGui::End();
    return;
  }
  // Columns keep their text's width and the table scrolls sideways: no column is cut.
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_ScrollX | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable("requests", 8, flags)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("req");
    ImGui::TableSetupColumn("type");
    ImGui::TableSetupColumn("call");
    ImGui::TableSetupColumn("path / flags");
    ImGui::TableSetupColumn("callback");
    ImGui::TableSetupColumn("state");
    ImGui::TableSetupColumn("result");
    ImGui::TableSetupColumn("held by");
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(int(rows_.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const ReqState& r = *rows_[i];
        ImGui::PushID(int(r.id));
        ImGui::TableNextRow();
        const bool done = r.status == ReqStatus::done;
        const bool lit = request_lit(f, v, r.id);
        if (lit) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, (highlight_color(v.presenter) & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 70));
        if (done) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        RequestInfo ri{};
        if (info.requests.has(r.id)) ri = info.requests.get(r.id);
        ImGui::TableNextColumn();
        ImGui::Text("%u", r.id);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(shown_text(info.strings.str(ri.type)).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(shown_text(info.strings.str(ri.op)).c_str());
        ImGui::TableNextColumn();
        std::string pf(info.strings.str(ri.path));
        if (ri.flags) pf += " '" + std::string(info.strings.str(ri.flags)) + "'";
        ImGui::TextUnformatted(shown_text(pf).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(shown_text(info.strings.str(ri.callback)).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(std::string(req_status_name(r.status)).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r.has_result ? result_text(r.result).c_str() : "-");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(request_holder(r, s, info).c_str());
        if (done) ImGui::PopStyleColor();
        ImGui::SameLine();
        // The whole row is the hover target: it lights the request everywhere.
        ImGui::Selectable("##row", lit, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap);
        if (ImGui::IsItemHovered()) out.hover_req = r.id;
        ImGui::PopID();
      }
    }
    ImGui::EndTable();
  }
  ImGui::End();
}

}  // namespace loopstep::ui
