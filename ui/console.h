// The console panel: the scenario's console.log output up to the cursor, and loopstep's own
// log (the app's spdlog sink), filterable.
#pragma once
#include <imgui.h>

#include <string>
#include <vector>

#include "ui/ui_common.h"

namespace loopstep::ui {

struct ConsolePanel {
  bool show_script = true, show_log = true;
  ImGuiTextFilter filter;

  void Draw(const Frame& f, const ViewSettings& v, const std::vector<std::string>& log_lines);

 private:
  const Recording* source_ = nullptr;
  size_t processed_ = 0;
  std::vector<uint64_t> console_seqs_;  // console events, ascending: found once, not per frame
};

}  // namespace loopstep::ui
