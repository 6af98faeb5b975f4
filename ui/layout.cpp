// Where the panels go: the default arrangement as fractions of the area under the menu bar,
// recomputed whenever the window (or the font) changes size until the user arranges the
// panels by hand; and, whatever the user did, every panel inside the window.
#include <imgui.h>
#include <imgui_internal.h>  // ImGui::FindWindowByName: where a panel ended up this frame

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <span>
#include <vector>

#include "ui/ui_common.h"

namespace loopstep::ui {
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
// Presenter: fewer, bigger panels; the keyboard replaces the controls. The console stays
// (the class must see onOpen print its Result:), and the timeline gets the larger half so
// that every lane of a lesson, the kernel's included, fits at 1280x720.
constexpr Rect kPresenter[] = {
    {"Loop state", 0.00f, 0.00f, 0.24f, 0.45f}, {"Narration", 0.24f, 0.00f, 0.46f, 0.45f},
    {"Queues", 0.70f, 0.00f, 0.30f, 0.25f},     {"Console", 0.70f, 0.25f, 0.30f, 0.20f},
    {"Timeline", 0.00f, 0.45f, 1.00f, 0.55f},
};

// A JS lesson: its program on the left, as Python Tutor shows it; the timeline shares its
// row with the queues and the console (a lesson's few lanes need the height, not the width).
constexpr Rect kNormalJs[] = {
    {"Source", 0.00f, 0.00f, 0.34f, 0.56f},     {"Controls", 0.34f, 0.00f, 0.18f, 0.56f},
    {"Loop state", 0.52f, 0.00f, 0.18f, 0.31f}, {"Call chain", 0.52f, 0.31f, 0.18f, 0.25f},
    {"Narration", 0.70f, 0.00f, 0.30f, 0.31f},  {"Requests", 0.70f, 0.31f, 0.30f, 0.25f},
    {"Timeline", 0.00f, 0.56f, 0.72f, 0.44f},   {"Queues", 0.72f, 0.56f, 0.28f, 0.22f},
    {"Console", 0.72f, 0.78f, 0.28f, 0.22f},
};
constexpr Rect kPresenterJs[] = {
    {"Source", 0.00f, 0.00f, 0.42f, 0.45f},     {"Narration", 0.42f, 0.00f, 0.31f, 0.45f},
    {"Loop state", 0.73f, 0.00f, 0.27f, 0.45f}, {"Timeline", 0.00f, 0.45f, 0.70f, 0.55f},
    {"Queues", 0.70f, 0.45f, 0.30f, 0.25f},     {"Console", 0.70f, 0.70f, 0.30f, 0.30f},
};

// A socket lesson: the Sockets panel under the narration, where the requests were (a socket's
// own requests are in its row); the requests share the bottom row with the queues.
constexpr Rect kNormalNet[] = {
    {"Source", 0.00f, 0.00f, 0.30f, 0.56f},     {"Controls", 0.30f, 0.00f, 0.16f, 0.56f},
    {"Loop state", 0.46f, 0.00f, 0.18f, 0.31f}, {"Call chain", 0.46f, 0.31f, 0.18f, 0.25f},
    {"Narration", 0.64f, 0.00f, 0.36f, 0.31f},  {"Sockets", 0.64f, 0.31f, 0.36f, 0.25f},
    {"Timeline", 0.00f, 0.56f, 0.60f, 0.44f},   {"Requests", 0.60f, 0.56f, 0.20f, 0.44f},
    {"Queues", 0.80f, 0.56f, 0.20f, 0.22f},     {"Console", 0.80f, 0.78f, 0.20f, 0.22f},
};
// Presenter: the Sockets table takes the queues' place (a socket lesson's only queue, the
// nextTick queue, shows on the timeline and in the narration).
constexpr Rect kPresenterNet[] = {
    {"Source", 0.00f, 0.00f, 0.36f, 0.45f},     {"Narration", 0.36f, 0.00f, 0.36f, 0.45f},
    {"Loop state", 0.72f, 0.00f, 0.28f, 0.45f}, {"Timeline", 0.00f, 0.45f, 0.62f, 0.55f},
    {"Sockets", 0.62f, 0.45f, 0.38f, 0.33f},    {"Console", 0.62f, 0.78f, 0.38f, 0.22f},
};

std::span<const Rect> rects(const ViewSettings& v) {
  if (v.sockets_lesson) return v.presenter ? std::span<const Rect>(kPresenterNet) : std::span<const Rect>(kNormalNet);
  if (v.js_lesson) return v.presenter ? std::span<const Rect>(kPresenterJs) : std::span<const Rect>(kNormalJs);
  return v.presenter ? std::span<const Rect>(kPresenter) : std::span<const Rect>(kNormal);
}

// The display under the main menu bar. The viewport's work area would say the same only
// from the frame after the menu bar was first drawn, too late for the first layout.
struct Area {
  ImVec2 pos, size;
};
Area work_area() {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float menu = ImGui::GetFrameHeight();
  return {ImVec2(vp->Pos.x, vp->Pos.y + menu), ImVec2(vp->Size.x, std::max(1.0f, vp->Size.y - menu))};
}

std::optional<Area> default_rect(const char* name, const ViewSettings& v) {
  const Area a = work_area();
  for (const Rect& r : rects(v)) {
    if (std::strcmp(r.name, name) != 0) continue;
    // Whole pixels, so that neighbours meet without a gap or an overlap.
    const float x0 = std::round(a.pos.x + r.x * a.size.x), y0 = std::round(a.pos.y + r.y * a.size.y);
    const float x1 = std::round(a.pos.x + (r.x + r.w) * a.size.x), y1 = std::round(a.pos.y + (r.y + r.h) * a.size.y);
    return Area{ImVec2(x0, y0), ImVec2(x1 - x0, y1 - y0)};
  }
  return std::nullopt;
}

bool differs(ImVec2 a, ImVec2 b) { return std::fabs(a.x - b.x) > 1.0f || std::fabs(a.y - b.y) > 1.0f; }

// Two panels covering each other by more than a quarter of the smaller one: one is hidden.
bool hidden_panel(std::span<const Rect> panels) {
  std::vector<ImRect> shown;
  for (const Rect& r : panels)
    if (ImGuiWindow* w = ImGui::FindWindowByName(r.name); w && w->Active) shown.push_back(w->Rect());
  for (size_t i = 0; i < shown.size(); ++i)
    for (size_t j = i + 1; j < shown.size(); ++j) {
      ImRect both = shown[i];
      both.ClipWithFull(shown[j]);
      const float common = std::max(0.0f, both.GetWidth()) * std::max(0.0f, both.GetHeight());
      const float smaller = std::min(shown[i].GetArea(), shown[j].GetArea());
      if (smaller > 0 && common > smaller * 0.25f) return true;
    }
  return false;
}

}  // namespace

void begin_layout(ViewSettings& v) {
  const ImVec2 d = ImGui::GetIO().DisplaySize;
  const float font = ImGui::GetFontSize();
  LayoutState& l = v.layout;
  const bool first = l.width == 0;
  l.restored = first;
  if (d.x != l.width || d.y != l.height || font != l.font) {
    // The first frame keeps what imgui.ini remembers (FirstUseEver); later changes lay out again.
    if (!first && !l.user_arranged) v.relayout = true;
    l.width = d.x;
    l.height = d.y;
    l.font = font;
  }
  // A JS lesson after a TOML one (or back): another set of panels, so the default layout.
  if (v.js_lesson != l.js_lesson || v.sockets_lesson != l.sockets_lesson) {
    if (!first) v.relayout = true;
    l.js_lesson = v.js_lesson;
    l.sockets_lesson = v.sockets_lesson;
  }
  if (v.relayout) l.user_arranged = false;
}

void place_window(const char* name, const ViewSettings& v) {
  const ImGuiCond cond = v.relayout ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  if (const std::optional<Area> r = default_rect(name, v)) {
    ImGui::SetNextWindowPos(r->pos, cond);
    ImGui::SetNextWindowSize(r->size, cond);
    return;
  }
  // Not in this mode's layout (a panel opened by hand in presenter mode): centre it.
  const Area a = work_area();
  ImGui::SetNextWindowPos(ImVec2(a.pos.x + a.size.x * 0.5f, a.pos.y + a.size.y * 0.3f), ImGuiCond_FirstUseEver,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(a.size.x * 0.35f, a.size.y * 0.35f), ImGuiCond_FirstUseEver);
}

void end_layout(ViewSettings& v) {
  const Area a = work_area();
  // imgui.ini remembers one arrangement for every lesson: the one of a TOML lesson has no
  // Source panel, so a JS lesson's Source would open on top of Controls (and a JS lesson's
  // arrangement leaves a TOML lesson a hole). A remembered arrangement that hides a panel
  // is not kept: the default layout replaces it from the next frame.
  const bool replace_restored = v.layout.restored && hidden_panel(rects(v));
  for (const Rect& r : rects(v)) {
    ImGuiWindow* w = ImGui::FindWindowByName(r.name);
    if (!w || !w->Active) continue;
    if (!v.relayout && !v.layout.user_arranged) {
      const std::optional<Area> want = default_rect(r.name, v);
      if (differs(w->Pos, want->pos) || differs(w->Size, want->size)) v.layout.user_arranged = true;
    }
    // Inside the window and below the menu bar, whatever was dragged or remembered.
    const ImVec2 size(std::min(w->Size.x, a.size.x), std::min(w->Size.y, a.size.y));
    const ImVec2 pos(std::clamp(w->Pos.x, a.pos.x, a.pos.x + a.size.x - size.x),
                     std::clamp(w->Pos.y, a.pos.y, a.pos.y + a.size.y - size.y));
    if (differs(size, w->Size)) ImGui::SetWindowSize(r.name, size);
    if (differs(pos, w->Pos)) ImGui::SetWindowPos(r.name, pos);
  }
  v.relayout = replace_restored;
}

}  // namespace loopstep::ui
