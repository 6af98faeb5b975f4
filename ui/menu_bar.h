// The main menu bar: File (open, reload, save, export), View (presenter, full screen, text
// size, panels, axis, layout), Help; and, on the right, where the story is (step i of n).
#pragma once
#include "ui/ui_common.h"

namespace loopstep::ui {

void draw_menu_bar(const Frame& f, ViewSettings& v, Intents& out);

}  // namespace loopstep::ui
