// The file browser (see file_browser.h).
#include "ui/file_browser.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>  // key codes only: the window reports GLFW keys
#include <imgui.h>

#include <algorithm>
#include <cstring>

#include "core/scenario/scenario.h"

namespace loopstep::ui {
namespace fs = std::filesystem;

namespace {
bool is_lesson(const fs::path& p) { return p.extension() == ".toml" || p.extension() == ".js"; }
bool shown_when_opening(const fs::path& p) { return is_lesson(p) || p.extension() == ".jsonl"; }

// `name`, or NAME-2.EXT, NAME-3.EXT... the first that names no file in `dir` (".trace.json"
// counts as one extension: lesson.trace.json -> lesson-2.trace.json).
std::string unused_name(const fs::path& dir, const std::string& name) {
  std::error_code ec;
  if (name.empty() || !fs::exists(dir / name, ec)) return name;
  const size_t dot = name.find('.');
  const std::string stem = name.substr(0, dot), ext = dot == std::string::npos ? "" : name.substr(dot);
  for (int n = 2;; ++n) {
    std::string candidate = stem + "-" + std::to_string(n) + ext;
    if (!fs::exists(dir / candidate, ec)) return candidate;
  }
}

// A bundled lesson reads by its title ("fs.open on Windows: the completion port"), the file
// name after it; a file that does not parse is listed by its name.
std::string lesson_label(const fs::path& p) {
  const ScenarioResult r = parse_scenario_file(p.string());
  const auto* sc = std::get_if<Scenario>(&r);
  const std::string name = p.filename().string();
  return sc && !sc->title.empty() ? sc->title + "   (" + name + ")" : name;
}
}  // namespace

void FileBrowser::show(Purpose p, const std::string& suggested) {
  purpose_ = p;
  request_open_ = true;
  std::error_code ec;
  if (dir_.empty()) dir_ = fs::current_path(ec);
  std::snprintf(name_, sizeof name_, "%s", p == Purpose::open ? "" : unused_name(dir_, suggested).c_str());
  list(dir_);
  list_bundled();
  selected_ = 0;
}

void FileBrowser::list_bundled() {
  bundled_.clear();
  if (purpose_ != Purpose::open) return;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(bundled_dir_, ec))
    if (is_lesson(e.path())) bundled_.push_back({e.path(), false, lesson_label(e.path())});
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
  std::snprintf(path_, sizeof path_, "%s", dir_.c_str());
  entries_.clear();
  for (const auto& e : it) {
    const bool is_dir = e.is_directory(ec);
    const std::string name = e.path().filename().string();
    if (name.starts_with(".")) continue;
    if (is_dir || purpose_ != Purpose::open || shown_when_opening(e.path()))
      entries_.push_back({e.path(), is_dir, name + (is_dir ? "/" : "")});
  }
  std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
    return a.dir != b.dir ? a.dir : a.path.filename() < b.path.filename();
  });
  selected_ = bundled_.size();  // the first row of the new folder
  scroll_to_selected_ = true;
}

std::vector<FileBrowser::Entry> FileBrowser::folder_rows() const {
  std::vector<Entry> rows;
  if (dir_.has_parent_path() && dir_ != dir_.root_path()) rows.push_back({dir_.parent_path(), true, "../"});
  rows.insert(rows.end(), entries_.begin(), entries_.end());
  return rows;
}

std::vector<std::string> FileBrowser::row_labels() const {
  std::vector<std::string> out;
  for (const Entry& e : bundled_) out.push_back(e.label);
  for (const Entry& e : folder_rows()) out.push_back(e.label);
  return out;
}

void FileBrowser::choose(const fs::path& p, Intents& out) {
  switch (purpose_) {
    case Purpose::open: out.open_path = p.string(); break;
    case Purpose::save_recording: out.save_path = p.string(); break;
    case Purpose::export_chrome: out.chrome_trace_path = p.string(); break;
  }
  ImGui::CloseCurrentPopup();
}

void FileBrowser::activate(const Entry& e, Intents& out) {
  if (e.dir) list(e.path);
  else if (purpose_ == Purpose::open) choose(e.path, out);
  else std::snprintf(name_, sizeof name_, "%s", e.path.filename().c_str());
}

void FileBrowser::go_to_typed_path(Intents& out) {
  const fs::path p = fs::path(path_).lexically_normal();
  std::error_code ec;
  if (fs::is_directory(p, ec)) list(p);
  else if (purpose_ == Purpose::open && fs::is_regular_file(p, ec)) choose(p, out);
  else if (purpose_ != Purpose::open && fs::is_directory(p.parent_path(), ec)) choose(p, out);
  else error_ = p.string() + ": no such folder or file";
}

void FileBrowser::keyboard(const std::vector<KeyPress>& keys) {
  // While a text field has the keys (the path, a file name), they edit it; Escape still closes.
  if (ImGui::GetIO().WantTextInput) {
    for (const KeyPress& k : keys)
      if (k.key == GLFW_KEY_ESCAPE) ImGui::CloseCurrentPopup();
    return;
  }
  const std::vector<Entry> rows = folder_rows();
  const size_t n = bundled_.size() + rows.size();
  for (const KeyPress& k : keys) {
    if (n == 0 || activated_) return;  // after Enter, the next presses belong to the next folder
    switch (k.key) {
      case GLFW_KEY_DOWN: selected_ = std::min(selected_ + 1, n - 1); break;
      case GLFW_KEY_UP: selected_ = selected_ > 0 ? selected_ - 1 : 0; break;
      case GLFW_KEY_HOME: selected_ = 0; break;
      case GLFW_KEY_END: selected_ = n - 1; break;
      case GLFW_KEY_ENTER:
      case GLFW_KEY_KP_ENTER:
        selected_ = std::min(selected_, n - 1);
        activated_ = selected_ < bundled_.size() ? bundled_[selected_] : rows[selected_ - bundled_.size()];
        break;
      case GLFW_KEY_ESCAPE: ImGui::CloseCurrentPopup(); return;
      case GLFW_KEY_BACKSPACE:
        if (!rows.empty() && rows.front().label == "../") activated_ = rows.front();
        break;
      default: continue;
    }
    scroll_to_selected_ = true;
  }
}

void FileBrowser::draw_rows(const std::vector<Entry>& rows, size_t first_index) {
  for (size_t i = 0; i < rows.size(); ++i) {
    const Entry& e = rows[i];
    ImGui::PushID(e.path.c_str());
    const bool sel = first_index + i == selected_;
    if (ImGui::Selectable(e.label.c_str(), sel, ImGuiSelectableFlags_DontClosePopups)) activated_ = e;
    if (sel && scroll_to_selected_) ImGui::SetScrollHereY();
    ImGui::PopID();
  }
}

void FileBrowser::Draw(const std::vector<KeyPress>& keys, Intents& out) {
  const char* title = purpose_ == Purpose::open ? "Open a scenario or a recording###browser"
                      : purpose_ == Purpose::save_recording ? "Save the recording (.jsonl)###browser"
                                                            : "Export a Chrome trace (.json)###browser";
  if (request_open_) {
    ImGui::OpenPopup("###browser");
    request_open_ = false;
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x * 0.6f, vp->WorkSize.y * 0.75f), ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  open_ = ImGui::BeginPopupModal(title);
  if (!open_) return;
  keyboard(keys);
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 4);
  if (ImGui::InputText("path", path_, sizeof path_, ImGuiInputTextFlags_EnterReturnsTrue)) go_to_typed_path(out);
  if (!error_.empty()) ImGui::TextColored(ImVec4(0.9f, 0.3f, 0.2f, 1), "%s", error_.c_str());
  wrapped_disabled_text("Up/Down choose, Enter opens, Backspace: the folder above; or type a path and press Enter.");
  const float footer = ImGui::GetFrameHeightWithSpacing() * 2;
  if (ImGui::BeginChild("entries", ImVec2(0, -footer), true)) {
    if (!bundled_.empty()) {
      section("Bundled lessons");
      draw_rows(bundled_, 0);
    }
    section(dir_.c_str());
    draw_rows(folder_rows(), bundled_.size());
    scroll_to_selected_ = false;
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
  // Navigation last: the rows above were drawn from the lists it replaces.
  if (activated_) {
    const Entry e = std::move(*activated_);
    activated_.reset();
    activate(e, out);
  }
  ImGui::EndPopup();
}

}  // namespace loopstep::ui
