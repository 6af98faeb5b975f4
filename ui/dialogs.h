// Modal dialogs: a scenario or recording that failed to load (its file:line:column message;
// the current session stays), and the hot-reload offer when the open file changed on disk.
#pragma once
#include <string>

#include "ui/ui_common.h"

namespace loopstep::ui {

struct Dialogs {
  void show_error(std::string title, std::string message);
  void offer_reload(std::string file);
  void Draw(ViewSettings& v, Intents& out);

 private:
  std::string error_title_, error_;
  bool error_pending_ = false;
  std::string reload_file_;
  bool reload_pending_ = false;
};

}  // namespace loopstep::ui
