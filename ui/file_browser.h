// A small file browser (Ctrl+O): folders, .toml scenarios and .jsonl recordings, the bundled
// lessons listed first by title. The same window picks where to save a recording or a
// Chrome trace. Works from the keyboard: Up/Down choose, Enter opens, Backspace goes up, and
// the path field takes a folder or a file typed in.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ui/ui_common.h"

namespace loopstep::ui {

class FileBrowser {
 public:
  enum class Purpose { open, save_recording, export_chrome };
  explicit FileBrowser(std::string bundled_dir) : bundled_dir_(std::move(bundled_dir)) {}
  // `suggested` is the file name offered when saving; when a file of that name is already in
  // the folder shown (the recording just opened, say), NAME-2.EXT, -3... the first that is not,
  // so one Enter never overwrites a file.
  void show(Purpose p, const std::string& suggested = "");
  // `keys`: this frame's presses (each one counts, as for the shortcuts).
  void Draw(const std::vector<KeyPress>& keys, Intents& out);

  // Public read-only results (tests and the window title read them).
  const std::filesystem::path& folder() const { return dir_; }
  bool is_open() const { return open_; }
  std::vector<std::string> row_labels() const;  // bundled lessons, then "../" and the folder's entries
  size_t selected() const { return selected_; }
  std::string file_name() const { return name_; }  // the save name in the field

 private:
  struct Entry {
    std::filesystem::path path;
    bool dir;
    std::string label;  // what the row says: "name/", "file.toml", or a bundled lesson's title
  };
  void list(const std::filesystem::path& dir);
  void list_bundled();
  void choose(const std::filesystem::path& p, Intents& out);
  void activate(const Entry& e, Intents& out);
  void go_to_typed_path(Intents& out);
  void keyboard(const std::vector<KeyPress>& keys);
  void draw_rows(const std::vector<Entry>& rows, size_t first_index);
  std::vector<Entry> folder_rows() const;  // "../" (when there is a parent) and the entries

  std::string bundled_dir_;
  Purpose purpose_ = Purpose::open;
  bool request_open_ = false, open_ = false;
  std::filesystem::path dir_;
  std::vector<Entry> entries_, bundled_;
  // Chosen while drawing, acted on after the rows are drawn: navigating rebuilds entries_,
  // which the row loop is iterating.
  std::optional<Entry> activated_;
  size_t selected_ = 0;  // keyboard selection over bundled rows, then folder rows
  bool scroll_to_selected_ = false;
  std::string error_;
  char path_[1024] = {};
  char name_[256] = {};
};

}  // namespace loopstep::ui
