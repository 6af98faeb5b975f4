// `loopstep handout FILE --steps 3,12,26 --out DIR`: a PNG of the window at each step and one
// self-contained HTML page with each picture and its narration (core/story/handout.h).
#pragma once
#include "app/gui_entry.h"

namespace loopstep {

void add_handout_subcommand(CLI::App& app, GuiArgs& args);
int run_handout(const GuiArgs& args);

}  // namespace loopstep
