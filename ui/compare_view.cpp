// The Compare view (see compare_view.h).
#include "ui/compare_view.h"

#include <imgui.h>

#include <algorithm>

namespace loopstep::ui {

namespace {

// One run's timeline in a child region `h` high, titled with its side. Returns the cursor a
// click on it asks for: the app moves both runs, never this one alone.
std::optional<size_t> run_timeline(const char* id, const std::string& label, TimelinePanel& t, const Frame& f, ViewSettings& v,
                                   float h, Intents& out) {
  ImGui::BeginChild(id, ImVec2(0, h), true);
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(highlight_color(v.presenter)), "%s", label.c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("step %zu / %zu (click an event: both runs go to it)", f.cursor, f.rec->size());
  Intents own;
  t.DrawContents(f, v, own);
  if (own.hover_req) out.hover_req = own.hover_req;
  ImGui::EndChild();
  return own.seek;
}

}  // namespace

void CompareView::Draw(const CompareFrame& f, ViewSettings& v, Intents& out) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  if (!ImGui::Begin("Compare###compare", nullptr, flags)) {
    ImGui::End();
    return;
  }
  ImGui::BeginDisabled(f.position == 0);
  if (ImGui::Button("<< Back (Left)")) ++out.step_back;
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(f.position + 1 >= f.positions);
  if (ImGui::Button("Step both >> (Right)")) ++out.step;
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("First (Home)")) out.first = true;
  ImGui::SameLine();
  if (ImGui::Button("Last (End)")) out.last = true;
  ImGui::SameLine();
  if (ImGui::Button("Close the comparison")) close = true;
  ImGui::SameLine();
  ImGui::TextDisabled("position %zu of %zu", f.position, f.positions - 1);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(layer_color(Layer::js, v.presenter)));
  wrapped_text(f.where);
  ImGui::PopStyleColor();
  for (const std::string& d : f.differences) wrapped_text("* " + d);

  // Two timelines stacked, then the two narrations side by side under them.
  const float avail = ImGui::GetContentRegionAvail().y;
  const float tl_h = std::max(ImGui::GetFontSize() * 8, avail * 0.32f);
  if (auto seek = run_timeline("##timeline_a", f.a_label, timeline_a, f.a, v, tl_h, out)) clicked = {Side::a, *seek};
  if (auto seek = run_timeline("##timeline_b", f.b_label, timeline_b, f.b, v, tl_h, out)) clicked = {Side::b, *seek};
  if (ImGui::BeginTable("##narrations", 2, ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchSame,
                        ImVec2(0, ImGui::GetContentRegionAvail().y))) {
    for (const Frame* side : {&f.a, &f.b}) {
      ImGui::TableNextColumn();
      ImGui::BeginChild(side == &f.a ? "##narration_a" : "##narration_b", ImVec2(0, 0), false);
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(highlight_color(v.presenter)), "%s",
                         (side == &f.a ? f.a_label : f.b_label).c_str());
      Intents ignored;
      NarrationPanel::DrawContents(*side, v, ignored);
      ImGui::EndChild();
    }
    ImGui::EndTable();
  }
  ImGui::End();
}

}  // namespace loopstep::ui
