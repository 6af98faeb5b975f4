// A small file browser (Ctrl+O): folders, .toml scenarios and .jsonl recordings, the bundled
// scenarios listed first. The same window picks where to save a recording or a Chrome trace.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "ui/ui_common.h"

namespace loopstep::ui {

class FileBrowser {
 public:
  enum class Purpose { open, save_recording, export_chrome };
  explicit FileBrowser(std::string bundled_dir) : bundled_dir_(std::move(bundled_dir)) {}
  // `suggested` is the file name offered when saving.
  void show(Purpose p, const std::string& suggested = "");
  void Draw(Intents& out);

 private:
  struct Entry {
    std::filesystem::path path;
    bool dir;
  };
  void list(const std::filesystem::path& dir);
  void choose(const std::filesystem::path& p, Intents& out);

  std::string bundled_dir_;
  Purpose purpose_ = Purpose::open;
  bool request_open_ = false;
  std::filesystem::path dir_;
  std::vector<Entry> entries_, bundled_;
  std::string error_;
  char name_[256] = {};
};

}  // namespace loopstep::ui
