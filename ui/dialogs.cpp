// Modal dialogs (see dialogs.h).
#include "ui/dialogs.h"

#include <imgui.h>

namespace loopstep::ui {

void Dialogs::show_error(std::string title, std::string message) {
  error_title_ = std::move(title);
  error_ = std::move(message);
  error_pending_ = true;
}

void Dialogs::offer_reload(std::string file) {
  reload_file_ = std::move(file);
  reload_pending_ = true;
}

void Dialogs::Draw(ViewSettings& v, Intents& out) {
  if (error_pending_) {
    ImGui::OpenPopup("###error");
    error_pending_ = false;
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const ImVec2 centre(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.4f);
  ImGui::SetNextWindowPos(centre, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  const std::string title = error_title_ + "###error";
  if (ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::PushTextWrapPos(vp->WorkSize.x * 0.6f);
    ImGui::TextUnformatted(shown_text(error_).c_str());
    ImGui::PopTextWrapPos();
    ImGui::TextDisabled("The current session is unchanged.");
    if (ImGui::Button("OK") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }

  if (reload_pending_) {
    ImGui::OpenPopup("Scenario changed on disk###reload");
    reload_pending_ = false;
  }
  ImGui::SetNextWindowPos(centre, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (ImGui::BeginPopupModal("Scenario changed on disk###reload", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::Text("%s has changed. Reload it and restart from step 0?", reload_file_.c_str());
    ImGui::Checkbox("Always reload without asking", &v.auto_reload);
    if (ImGui::Button("Reload") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter))) {
      out.reload = true;
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Keep the current run") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}

}  // namespace loopstep::ui
