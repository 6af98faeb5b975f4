// Theme and fonts: the normal dark theme, the presenter's high-contrast light theme (for
// projectors), and the font atlas (DejaVu Sans from the system, ImGui's font as fallback).
#pragma once
#include "ui/ui_common.h"

struct ImFontAtlas;

namespace loopstep::ui {

void apply_theme(bool presenter, float scale);
// Fills the atlas for a base font size in pixels; no GL here (the app uploads the texture).
// Returns false when no system font was found and ImGui's built-in font is used.
bool build_fonts(ImFontAtlas& atlas, float size_px, Fonts& out);
// The font size for the current settings: base * HiDPI scale * user step * presenter boost.
float font_size_px(float content_scale, int user_step, bool presenter);

}  // namespace loopstep::ui
