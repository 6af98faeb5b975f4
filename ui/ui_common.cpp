// Helpers shared by the panels: request labels, layer colours, hover links.
#include "ui/ui_common.h"

#include <imgui.h>

#include <algorithm>

#include "core/record/source_ref.h"
#include "core/trace/narration.h"

namespace loopstep::ui {

std::string shown_text(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 sequence
  return std::string(s.substr(0, cut)) + "... (" + std::to_string(s.size() - cut) + " more bytes not shown)";
}

std::vector<std::string> wrap_lines(std::string_view text, float width) {
  std::vector<std::string> lines;
  auto fits = [&](std::string_view s) { return ImGui::CalcTextSize(s.data(), s.data() + s.size()).x <= width; };
  for (size_t start = 0; start <= text.size();) {
    const size_t nl = std::min(text.find('\n', start), text.size());
    const std::string_view para = text.substr(start, nl - start);
    std::string line;
    for (size_t i = 0; i < para.size();) {
      const size_t sp = std::min(para.find(' ', i), para.size());
      std::string_view word = para.substr(i, sp - i);
      i = sp + 1;
      if (word.empty()) continue;
      if (line.empty() || fits(line + " " + std::string(word))) {
        line += (line.empty() ? "" : " ") + std::string(word);
      } else {
        lines.push_back(std::move(line));
        line = std::string(word);
      }
      // A word wider than the line on its own: cut it where it must be cut, on a character boundary.
      while (!fits(line) && line.size() > 1) {
        size_t cut = line.size() - 1;
        while (cut > 1 && !fits(std::string_view(line).substr(0, cut))) --cut;
        while (cut > 1 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
        lines.push_back(line.substr(0, cut));
        line.erase(0, cut);
      }
    }
    lines.push_back(std::move(line));
    start = nl + 1;
  }
  return lines;
}

void wrapped_text(std::string_view text) {
  const float width = std::max(ImGui::GetFontSize() * 4, ImGui::GetContentRegionAvail().x);
  ImGui::BeginGroup();
  for (const std::string& line : wrap_lines(shown_text(text), width)) ImGui::TextUnformatted(line.c_str());
  ImGui::EndGroup();
}

void wrapped_disabled_text(std::string_view text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  wrapped_text(text);
  ImGui::PopStyleColor();
}

bool wrapped_selectable(const std::string& text, bool selected) {
  const std::vector<std::string> lines = wrap_lines(shown_text(text), ImGui::GetContentRegionAvail().x);
  const float line_h = ImGui::GetTextLineHeight();
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const bool clicked = ImGui::Selectable("##row", selected, 0, ImVec2(0, line_h * float(lines.size())));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (size_t i = 0; i < lines.size(); ++i)
    dl->AddText(ImVec2(pos.x, pos.y + line_h * float(i)), ImGui::GetColorU32(ImGuiCol_Text), lines[i].c_str());
  return clicked;
}

float button_width(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
}

void same_line_if_fits(float width) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width <= right) ImGui::SameLine();
}

std::string ellipsized(std::string_view text, float width) {
  if (ImGui::CalcTextSize(text.data(), text.data() + text.size()).x <= width) return std::string(text);
  const float dots = ImGui::CalcTextSize("...").x;
  if (dots > width) return "";
  // The longest prefix that fits with the dots (binary search: labels can be long).
  size_t lo = 0, hi = text.size();
  while (lo < hi) {
    const size_t mid = (lo + hi + 1) / 2;
    if (ImGui::CalcTextSize(text.data(), text.data() + mid).x + dots <= width) lo = mid;
    else hi = mid - 1;
  }
  while (lo > 0 && (static_cast<unsigned char>(text[lo]) & 0xC0) == 0x80) --lo;
  return std::string(text.substr(0, lo)) + "...";
}

std::string event_words(const Event& e, const RunInfo& info, const LoopState& s) {
  std::string what(info.strings.str(e.fn));
  if (what.empty()) {
    what = std::string(kind_name(e.kind));
    std::replace(what.begin(), what.end(), '_', ' ');
  }
  return thread_label(e.thread, s) + ": " + shown_text(what, 200);
}

std::string request_label(const RunInfo& info, uint32_t req) { return shown_text(request_words(info, req)); }

std::string source_at(const Event& e, const RunInfo& info) { return shown_text(call_site_words(e, info), 200); }

bool request_lit(const Frame& f, const ViewSettings& v, uint32_t req) {
  if (req == 0) return false;
  if (req == v.hovered_req) return true;
  const RunInfo& info = f.rec->info();
  return v.hovered_line != 0 && info.requests.has(req) && source_line(info.requests.get(req).src, info) == v.hovered_line;
}

void request_text(const Frame& f, const ViewSettings& v, uint32_t req, const std::string& text, Intents& out) {
  const bool lit = request_lit(f, v, req);
  if (lit) ImGui::PushStyleColor(ImGuiCol_Text, highlight_color(v.presenter));
  wrapped_text(text);
  if (lit) ImGui::PopStyleColor();
  if (req != 0 && ImGui::IsItemHovered()) {
    out.hover_req = req;
    ImGui::SetTooltip("%s", request_label(f.rec->info(), req).c_str());
  }
}

uint32_t layer_color(Layer l, bool presenter) {
  // Dark theme: light pastel fills; presenter (light, high contrast): saturated darker fills.
  static constexpr uint32_t kDark[kLayerCount] = {
      IM_COL32(236, 200, 80, 255),   // JS: yellow
      IM_COL32(240, 140, 70, 255),   // binding: orange
      IM_COL32(90, 160, 240, 255),   // libuv: blue
      IM_COL32(110, 200, 120, 255),  // kernel: green
  };
  static constexpr uint32_t kLight[kLayerCount] = {
      IM_COL32(200, 150, 0, 255),
      IM_COL32(215, 90, 20, 255),
      IM_COL32(20, 90, 210, 255),
      IM_COL32(20, 140, 50, 255),
  };
  return (presenter ? kLight : kDark)[static_cast<int>(l)];
}

uint32_t highlight_color(bool presenter) {
  return presenter ? IM_COL32(200, 0, 120, 255) : IM_COL32(255, 110, 220, 255);
}

void section(const char* title) {
  ImGui::Spacing();
  ImGui::TextDisabled("%s", title);
  ImGui::Separator();
}

}  // namespace loopstep::ui
