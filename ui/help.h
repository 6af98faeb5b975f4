// Keyboard shortcuts, in one table: the Help window lists it and collect_shortcuts() acts on
// it, so the two never disagree. Every action of the app is reachable from here.
#pragma once
#include "ui/ui_common.h"

namespace loopstep::ui {

// Turns this frame's key presses into intents, one action per press (not while typing or in
// a dialog: those presses belong to the widget).
void collect_shortcuts(const std::vector<KeyPress>& presses, Intents& out);
void draw_help(ViewSettings& v);

}  // namespace loopstep::ui
