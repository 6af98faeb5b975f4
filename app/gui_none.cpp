// Built without the window: no screenshot or handout command, always the headless trace.
#include <CLI/CLI.hpp>

#include "app/gui_entry.h"

namespace loopstep {

void add_gui_subcommands(CLI::App&, GuiArgs&) {}
int run_gui_subcommands(const GuiArgs&) { return -1; }
bool gui_available() { return false; }
int run_gui(const std::string&, const GuiArgs&) { return 1; }

}  // namespace loopstep
