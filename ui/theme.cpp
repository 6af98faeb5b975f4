// Theme and fonts (see theme.h).
#include "ui/theme.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace loopstep::ui {

void apply_theme(bool presenter, float scale) {
  ImGuiStyle style;
  if (presenter) {
    // A projector washes out greys: white background, black text, strong borders.
    ImGui::StyleColorsLight(&style);
    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = ImVec4(0, 0, 0, 1);
    c[ImGuiCol_TextDisabled] = ImVec4(0.30f, 0.30f, 0.30f, 1);
    c[ImGuiCol_WindowBg] = ImVec4(1, 1, 1, 1);
    c[ImGuiCol_Border] = ImVec4(0, 0, 0, 0.6f);
    c[ImGuiCol_TitleBg] = c[ImGuiCol_TitleBgActive] = ImVec4(0.78f, 0.84f, 0.96f, 1);
    c[ImGuiCol_TitleBgCollapsed] = ImVec4(0.78f, 0.84f, 0.96f, 0.8f);
    style.WindowBorderSize = 2;
    style.FrameBorderSize = 1;
  } else {
    ImGui::StyleColorsDark(&style);
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.09f, 0.10f, 0.12f, 1);
  }
  style.WindowRounding = 4;
  style.FrameRounding = 3;
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

float font_size_px(float content_scale, int user_step, bool presenter) {
  const float base = 16.0f * std::max(1.0f, content_scale);
  return std::clamp(base * std::pow(1.15f, float(user_step)) * (presenter ? 1.45f : 1.0f), 9.0f, 96.0f);
}

bool build_fonts(ImFontAtlas& atlas, float size_px, Fonts& out) {
  atlas.Clear();
  // Latin, plus the punctuation, arrows and shapes the narration uses (— … → ▶). Small
  // ranges and little oversampling keep the atlas small: building and uploading it is most
  // of the start-up time under software GL.
  static const ImWchar kRanges[] = {0x0020, 0x00FF, 0x2010, 0x2027, 0x2190, 0x2193, 0x25B6, 0x25B6, 0x25C0, 0x25C0, 0};
  static const ImWchar kDigits[] = {0x0020, 0x0039, 0};  // the big font shows req_count only
  const char* dir = "/usr/share/fonts/truetype/dejavu/";
  const std::string sans = std::string(dir) + "DejaVuSans.ttf", mono = std::string(dir) + "DejaVuSansMono.ttf",
                    bold = std::string(dir) + "DejaVuSans-Bold.ttf";
  std::error_code ec;
  if (!std::filesystem::exists(sans, ec)) {
    ImFontConfig cfg;
    cfg.SizePixels = std::round(size_px);
    atlas.AddFontDefault(&cfg);
    cfg.SizePixels = std::round(size_px * 2.5f);
    out.big = atlas.AddFontDefault(&cfg);
    out.mono = nullptr;
    return false;
  }
  ImFontConfig text;
  text.OversampleH = 2;
  ImFontConfig plain;
  plain.OversampleH = 1;
  atlas.AddFontFromFileTTF(sans.c_str(), std::round(size_px), &text, kRanges);
  out.big = atlas.AddFontFromFileTTF(std::filesystem::exists(bold, ec) ? bold.c_str() : sans.c_str(),
                                     std::round(size_px * 2.6f), &plain, kDigits);
  out.mono = std::filesystem::exists(mono, ec) ? atlas.AddFontFromFileTTF(mono.c_str(), std::round(size_px), &plain, kRanges)
                                               : nullptr;
  return true;
}

}  // namespace loopstep::ui
