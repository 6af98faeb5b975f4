// Keyboard shortcuts and the Help window (see help.h).
#include "ui/help.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>  // key codes only: the window reports GLFW keys
#include <imgui.h>

namespace loopstep::ui {
namespace {

struct Shortcut {
  int key;
  bool ctrl;
  bool repeat;  // held down: repeats (stepping), or once (toggles)
  const char* keys;
  const char* what;
  void (*apply)(Intents&);
};

constexpr Shortcut kShortcuts[] = {
    {GLFW_KEY_SPACE, false, false, "Space", "play / pause", [](Intents& i) { i.toggle_play = true; }},
    {GLFW_KEY_RIGHT, false, true, "Right", "step forward (at the live edge: the engine takes one step)", [](Intents& i) { ++i.step; }},
    {GLFW_KEY_LEFT, false, true, "Left", "step back (into history; the engine waits)", [](Intents& i) { ++i.step_back; }},
    {GLFW_KEY_HOME, false, false, "Home", "first step (step 0)", [](Intents& i) { i.first = true; }},
    {GLFW_KEY_END, false, false, "End", "last recorded step", [](Intents& i) { i.last = true; }},
    {GLFW_KEY_F8, false, false, "F8", "run to the breakpoint set in Controls", [](Intents& i) { i.run_to_breakpoint = true; }},
    {GLFW_KEY_R, true, false, "Ctrl+R", "restart the scenario (re-reads the file)", [](Intents& i) { i.reload = true; }},
    {GLFW_KEY_O, true, false, "Ctrl+O", "open a scenario or a saved recording", [](Intents& i) { i.open_browser = true; }},
    {GLFW_KEY_S, true, false, "Ctrl+S", "save the recording (.jsonl)", [](Intents& i) { i.save_dialog = true; }},
    {GLFW_KEY_E, true, false, "Ctrl+E", "export a Chrome trace (opens in Perfetto)", [](Intents& i) { i.export_dialog = true; }},
    {GLFW_KEY_T, false, false, "T", "timeline axis: step index / real time", [](Intents& i) { i.toggle_time_axis = true; }},
    {GLFW_KEY_F, false, false, "F", "timeline: fit all", [](Intents& i) { i.fit_timeline = true; }},
    {GLFW_KEY_F5, false, false, "F5", "presenter mode (big font, high contrast, fewer panels)", [](Intents& i) { i.toggle_presenter = true; }},
    {GLFW_KEY_F11, false, false, "F11", "full screen", [](Intents& i) { i.toggle_fullscreen = true; }},
    {GLFW_KEY_EQUAL, true, true, "Ctrl+=", "bigger text", [](Intents& i) { ++i.font_step; }},
    {GLFW_KEY_MINUS, true, true, "Ctrl+-", "smaller text", [](Intents& i) { --i.font_step; }},
    {GLFW_KEY_F1, false, false, "F1", "this help", [](Intents& i) { i.toggle_help = true; }},
    {GLFW_KEY_Q, true, false, "Ctrl+Q", "quit", [](Intents& i) { i.quit = true; }},
};

}  // namespace

void collect_shortcuts(const std::vector<KeyPress>& presses, Intents& out) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) return;
  for (const KeyPress& p : presses) {
    for (const Shortcut& s : kShortcuts) {
      if (s.key == p.key && s.ctrl == p.ctrl && (s.repeat || !p.repeat)) s.apply(out);
    }
  }
}

void draw_help(ViewSettings& v) {
  if (!v.show_help) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.45f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (!ImGui::Begin("Help: keyboard shortcuts", &v.show_help, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::End();
    return;
  }
  if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
    for (const Shortcut& s : kShortcuts) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(s.keys);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(s.what);
    }
    ImGui::EndTable();
  }
  ImGui::Spacing();
  ImGui::TextDisabled("Timeline: wheel zooms at the mouse, drag pans, click goes to a step,");
  ImGui::TextDisabled("hover shows every field of an event, a grey block folds small events: click it.");
  ImGui::TextDisabled("Drop a .toml scenario or a .jsonl recording on the window to open it.");
  ImGui::End();
}

}  // namespace loopstep::ui
