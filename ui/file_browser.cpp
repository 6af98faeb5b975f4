// The file browser (see file_browser.h).
#include "ui/file_browser.h"

#include <imgui.h>

#include <algorithm>
#include <cstring>

namespace loopstep::ui {
namespace fs = std::filesystem;

namespace {
bool shown_when_opening(const fs::path& p) { return p.extension() == ".toml" || p.extension() == ".jsonl"; }
}  // namespace

void FileBrowser::show(Purpose p, const std::string& suggested) {
  purpose_ = p;
  request_open_ = true;
  std::snprintf(name_, sizeof name_, "%s", suggested.c_str());
  std::error_code ec;
  if (dir_.empty()) dir_ = fs::current_path(ec);
  list(dir_);
  bundled_.clear();
  for (const auto& e : fs::directory_iterator(bundled_dir_, ec))
    if (e.path().extension() == ".toml") bundled_.push_back({e.path(), false});
  std::sort(bundled_.begin(), bundled_.end(), [](const Entry& a, const Entry& b) { return a.path < b.path; });
}

void FileBrowser::list(const fs::path& dir) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    error_ = dir.string() + ": " + ec.message();
    return;
  }
  error_.clear();
  dir_ = dir;
  entries_.clear();
  for (const auto& e : it) {
    const bool is_dir = e.is_directory(ec);
    if (e.path().filename().string().starts_with(".")) continue;
    if (is_dir || purpose_ != Purpose::open || shown_when_opening(e.path())) entries_.push_back({e.path(), is_dir});
  }
  std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
    return a.dir != b.dir ? a.dir : a.path.filename() < b.path.filename();
  });
}

void FileBrowser::choose(const fs::path& p, Intents& out) {
  switch (purpose_) {
    case Purpose::open: out.open_path = p.string(); break;
    case Purpose::save_recording: out.save_path = p.string(); break;
    case Purpose::export_chrome: out.chrome_trace_path = p.string(); break;
  }
  ImGui::CloseCurrentPopup();
}

void FileBrowser::Draw(Intents& out) {
  const char* title = purpose_ == Purpose::open ? "Open a scenario or a recording###browser"
                      : purpose_ == Purpose::save_recording ? "Save the recording (.jsonl)###browser"
                                                            : "Export a Chrome trace (.json)###browser";
  if (request_open_) {
    ImGui::OpenPopup("###browser");
    request_open_ = false;
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x * 0.5f, vp->WorkSize.y * 0.6f), ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (!ImGui::BeginPopupModal(title)) return;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ImGui::CloseCurrentPopup();
  if (purpose_ == Purpose::open && !bundled_.empty()) {
    section("Bundled scenarios");
    for (const Entry& e : bundled_) {
      ImGui::PushID(e.path.c_str());
      if (ImGui::Selectable(e.path.filename().c_str())) choose(e.path, out);
      ImGui::PopID();
    }
  }
  section(dir_.c_str());
  if (!error_.empty()) ImGui::TextColored(ImVec4(0.9f, 0.3f, 0.2f, 1), "%s", error_.c_str());
  const float footer = ImGui::GetFrameHeightWithSpacing() * 2;
  if (ImGui::BeginChild("entries", ImVec2(0, -footer), true)) {
    if (dir_.has_parent_path() && dir_ != dir_.root_path() && ImGui::Selectable("../")) list(dir_.parent_path());
    for (const Entry& e : entries_) {
      ImGui::PushID(e.path.c_str());
      const std::string label = e.path.filename().string() + (e.dir ? "/" : "");
      if (ImGui::Selectable(label.c_str(), false, ImGuiSelectableFlags_DontClosePopups)) {
        if (e.dir) list(e.path);
        else if (purpose_ == Purpose::open) choose(e.path, out);
        else std::snprintf(name_, sizeof name_, "%s", e.path.filename().c_str());
      }
      ImGui::PopID();
    }
  }
  ImGui::EndChild();
  if (purpose_ != Purpose::open) {
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
    const bool enter = ImGui::InputText("file name", name_, sizeof name_, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("Save") || enter) && std::strlen(name_) > 0) choose(dir_ / name_, out);
    ImGui::SameLine();
  }
  if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace loopstep::ui
