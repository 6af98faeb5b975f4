// The seam between the command line and the window: the GUI build fills these in;
// a build without the GUI (LOOPSTEP_GUI=OFF) uses gui_none.cpp.
#pragma once
#include <string>

namespace CLI { class App; }

namespace loopstep {

struct GuiArgs {
  std::string screenshot_file, screenshot_out;
  int screenshot_steps = 0;
  std::string screenshot_size = "1600x1000";
  bool screenshot_presenter = false;
  bool predict = false;    // --predict: the window (and the screenshot) in predict mode
  std::string engine_cmd;  // --engine-cmd: the window's and the screenshot's engine process
  void* subcommand = nullptr;  // the CLI::App* of `screenshot`, when registered
};

void add_gui_subcommands(CLI::App& app, GuiArgs& args);
int run_gui_subcommands(const GuiArgs& args);  // -1 when none was given
bool gui_available();                           // built with the GUI and a display is there
int run_gui(const std::string& scenario_file, const GuiArgs& args);

}  // namespace loopstep
