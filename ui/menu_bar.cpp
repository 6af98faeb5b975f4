// The main menu bar (see menu_bar.h).
#include "ui/menu_bar.h"

#include <imgui.h>

#include <iterator>

#include "ui/compare_view.h"

namespace loopstep::ui {

void draw_menu_bar(const Frame& f, ViewSettings& v, Intents& out) {
  if (!ImGui::BeginMainMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Open scenario or recording...", "Ctrl+O")) out.open_browser = true;
    if (ImGui::MenuItem("Restart / reload scenario", "Ctrl+R", false, f.live)) out.reload = true;
    ImGui::MenuItem("Reload automatically when the file changes", nullptr, &v.auto_reload);
    ImGui::Separator();
    if (ImGui::MenuItem("Save recording (.jsonl)...", "Ctrl+S")) out.save_dialog = true;
    if (ImGui::MenuItem("Export Chrome trace...", "Ctrl+E")) out.export_dialog = true;
    if (ImGui::MenuItem("Copy command for this moment")) out.copy_command = true;
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", "Ctrl+Q")) out.quit = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    if (ImGui::MenuItem("Presenter mode", "F5", v.presenter)) out.toggle_presenter = true;
    if (ImGui::MenuItem("Full screen", "F11")) out.toggle_fullscreen = true;
    if (ImGui::MenuItem("Bigger text", "Ctrl+=")) out.font_step = 1;
    if (ImGui::MenuItem("Smaller text", "Ctrl+-")) out.font_step = -1;
    ImGui::Separator();
    ImGui::MenuItem("Real time axis", "T", &v.real_time_axis);
    ImGui::MenuItem("Predict: pick the next step before it happens", nullptr, &v.predict);
    ImGui::MenuItem("Controls", nullptr, &v.show_controls, !v.presenter);
    ImGui::MenuItem("Requests", nullptr, &v.show_requests, !v.presenter);
    ImGui::MenuItem("Call chain", nullptr, &v.show_call_chain, !v.presenter);
    // A socket lesson always shows its Sockets panel; another lesson may open it (it says it has none).
    if (v.sockets_lesson) ImGui::MenuItem("Sockets", nullptr, true, false);
    else ImGui::MenuItem("Sockets", nullptr, &v.show_sockets);
    ImGui::MenuItem("Console", nullptr, &v.show_console, !v.presenter);
    if (ImGui::MenuItem("Reset layout")) out.reset_layout = true;
    ImGui::Separator();
    // Two runs of the open lesson side by side; a replay holds one run only.
    if (ImGui::BeginMenu("Compare", f.live)) {
      for (size_t i = 0; i < std::size(kCompareChoices); ++i)
        if (ImGui::MenuItem(kCompareChoices[i].title)) out.compare = i;
      ImGui::EndMenu();
    }
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Help")) {
    if (ImGui::MenuItem("Keyboard shortcuts", "F1")) out.toggle_help = true;
    ImGui::EndMenu();
  }
  // Where the story is, readable from the back of the room.
  char status[160];
  if (!f.status.empty()) std::snprintf(status, sizeof status, "%s", f.status.c_str());
  else std::snprintf(status, sizeof status, "%s   step %zu / %zu%s   %s", f.playing ? "PLAYING" : "paused", f.cursor,
                     f.rec->size(), f.live && !f.finished ? "+" : "", f.source.c_str());
  const float w = ImGui::CalcTextSize(status).x;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 20, ImGui::GetWindowWidth() - w - 20));
  ImGui::TextUnformatted(status);
  ImGui::EndMainMenuBar();
}

}  // namespace loopstep::ui
