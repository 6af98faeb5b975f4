// Helpers shared by the panels: request labels, layer colours, hover links, default layout.
#include "ui/ui_common.h"

#include <imgui.h>

#include <cstring>
#include <span>

namespace loopstep::ui {

std::string request_label(const RunInfo& info, uint32_t req) {
  if (req == 0) return "-";
  std::string s = "req " + std::to_string(req);
  if (!info.requests.has(req)) return s;
  const RequestInfo& r = info.requests.get(req);
  std::string_view op = info.strings.str(r.op), path = info.strings.str(r.path);
  if (!op.empty()) s += " " + std::string(op);
  if (!path.empty()) s += " " + std::string(path);
  return s;
}

void request_text(const Frame& f, const ViewSettings& v, uint32_t req, const std::string& text, Intents& out) {
  const bool lit = req != 0 && req == v.hovered_req;
  if (lit) ImGui::PushStyleColor(ImGuiCol_Text, highlight_color(v.presenter));
  ImGui::TextUnformatted(text.c_str());
  if (lit) ImGui::PopStyleColor();
  if (req != 0 && ImGui::IsItemHovered()) {
    out.hover_req = req;
    ImGui::SetTooltip("%s", request_label(f.rec->info(), req).c_str());
  }
}

uint32_t layer_color(Layer l, bool presenter) {
  // Dark theme: light pastel fills; presenter (light, high contrast): saturated darker fills.
  static constexpr uint32_t kDark[kLayerCount] = {
      IM_COL32(236, 200, 80, 255),   // JS: yellow
      IM_COL32(240, 140, 70, 255),   // binding: orange
      IM_COL32(90, 160, 240, 255),   // libuv: blue
      IM_COL32(110, 200, 120, 255),  // kernel: green
  };
  static constexpr uint32_t kLight[kLayerCount] = {
      IM_COL32(200, 150, 0, 255),
      IM_COL32(215, 90, 20, 255),
      IM_COL32(20, 90, 210, 255),
      IM_COL32(20, 140, 50, 255),
  };
  return (presenter ? kLight : kDark)[static_cast<int>(l)];
}

uint32_t highlight_color(bool presenter) {
  return presenter ? IM_COL32(200, 0, 120, 255) : IM_COL32(255, 110, 220, 255);
}

const char* layer_title(Layer l) {
  switch (l) {
    case Layer::js: return "JS (modeled)";
    case Layer::binding: return "Node binding (modeled)";
    case Layer::libuv: return "libuv";
    case Layer::kernel: return "kernel";
  }
  return "?";
}

void section(const char* title) {
  ImGui::Spacing();
  ImGui::TextDisabled("%s", title);
  ImGui::Separator();
}


namespace {
struct Rect {
  const char* name;
  float x, y, w, h;  // fractions of the area under the menu bar
};
// Inspectors above, the timeline wide at the bottom (the default arrangement).
constexpr Rect kNormal[] = {
    {"Controls", 0.00f, 0.00f, 0.22f, 0.56f},   {"Loop state", 0.22f, 0.00f, 0.20f, 0.31f},
    {"Call chain", 0.22f, 0.31f, 0.20f, 0.25f}, {"Narration", 0.42f, 0.00f, 0.32f, 0.31f},
    {"Requests", 0.42f, 0.31f, 0.32f, 0.25f},   {"Queues", 0.74f, 0.00f, 0.26f, 0.31f},
    {"Console", 0.74f, 0.31f, 0.26f, 0.25f},    {"Timeline", 0.00f, 0.56f, 1.00f, 0.44f},
};
// Presenter: fewer, bigger panels; the keyboard replaces the controls.
constexpr Rect kPresenter[] = {
    {"Loop state", 0.00f, 0.00f, 0.24f, 0.52f}, {"Narration", 0.24f, 0.00f, 0.46f, 0.52f},
    {"Queues", 0.70f, 0.00f, 0.30f, 0.52f},     {"Timeline", 0.00f, 0.52f, 1.00f, 0.48f},
};
}  // namespace

void place_window(const char* name, const ViewSettings& v) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const ImGuiCond cond = v.relayout ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  for (const Rect& r : v.presenter ? std::span<const Rect>(kPresenter) : std::span<const Rect>(kNormal)) {
    if (std::strcmp(r.name, name) != 0) continue;
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + r.x * vp->WorkSize.x, vp->WorkPos.y + r.y * vp->WorkSize.y), cond);
    ImGui::SetNextWindowSize(ImVec2(r.w * vp->WorkSize.x, r.h * vp->WorkSize.y), cond);
    return;
  }
  // Not in this mode's layout (a panel opened by hand in presenter mode): centre it.
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.3f),
                          ImGuiCond_FirstUseEver, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x * 0.35f, vp->WorkSize.y * 0.35f), ImGuiCond_FirstUseEver);
}

}  // namespace loopstep::ui
