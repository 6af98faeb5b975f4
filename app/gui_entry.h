// The seam between the command line and the window: the GUI build fills these in;
// a build without the GUI (LOOPSTEP_GUI=OFF) uses gui_none.cpp.
#pragma once
#include <string>

namespace CLI { class App; }

namespace loopstep {

// Where the window, `screenshot` and `handout` open a lesson: the step (N = the N-th event,
// as `loopstep run` numbers them) and the what-if switches, as names from the command line.
struct MomentArgs {
  int step = -1;  // -1: not given (a recording's saved moment, else step 0)
  std::string backend, workers;
  int pool_size = 0;
};

struct GuiArgs {
  MomentArgs window;  // `loopstep FILE --step N ...`
  std::string screenshot_file, screenshot_out;
  MomentArgs screenshot;
  std::string compare_a, compare_b;  // screenshot of the Compare view: its two sides; --steps is then its position
  std::string screenshot_size = "1600x1000";
  bool screenshot_presenter = false;
  bool predict = false;    // --predict: the window (and the screenshot) in predict mode
  std::string handout_file, handout_steps, handout_out;
  MomentArgs handout;
  std::string engine_cmd;  // --engine-cmd: the window's and the pictures' engine process
  void* screenshot_cmd = nullptr;  // the CLI::App* of each subcommand, when registered
  void* handout_cmd = nullptr;
};

// --step and the what-if switches on `cmd` (the window's are on the top level). `step_flag`
// is "--step" or screenshot's "--steps".
void add_moment_options(CLI::App* cmd, MomentArgs& a, const char* step_flag);
void add_gui_subcommands(CLI::App& app, GuiArgs& args);
int run_gui_subcommands(const GuiArgs& args);  // -1 when none was given
bool gui_available();                           // built with the GUI and a display is there
int run_gui(const std::string& scenario_file, const GuiArgs& args);

}  // namespace loopstep
