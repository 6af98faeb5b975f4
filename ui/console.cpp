// The console panel (see console.h).
#include "ui/console.h"

#include <algorithm>

namespace loopstep::ui {
namespace {
constexpr size_t kShownLines = 300;  // of each source: what a console panel can show and scroll
}  // namespace

void ConsolePanel::Draw(const Frame& f, const ViewSettings& v, const std::vector<std::string>& log_lines) {
  place_window("Console", v);
  if (!ImGui::Begin("Console")) {
    ImGui::End();
    return;
  }
  if (source_ != f.rec || f.rec->size() < processed_) {
    source_ = f.rec;
    processed_ = 0;
    console_seqs_.clear();
  }
  for (; processed_ < f.rec->size(); ++processed_)
    if ((*f.rec)[processed_].kind == Kind::console) console_seqs_.push_back(processed_);

  // Presenter mode shows only what the script printed, in the whole panel.
  const bool script = show_script || v.presenter, log = show_log && !v.presenter;
  if (!v.presenter) {
    const float box = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x;
    ImGui::Checkbox("console.log", &show_script);
    same_line_if_fits(box + ImGui::CalcTextSize("loopstep log").x);
    ImGui::Checkbox("loopstep log", &show_log);
    same_line_if_fits(ImGui::GetFontSize() * 11);
    filter.Draw("filter", ImGui::GetFontSize() * 8);
    ImGui::Separator();
  }
  // Lines wrap at spaces to the panel's width: a narrow console still shows whole lines.
  if (ImGui::BeginChild("lines", ImVec2(0, 0), false)) {
    if (v.fonts.mono) ImGui::PushFont(v.fonts.mono);
    if (script) {
      // Only what the script has printed by the cursor's step.
      const auto end = std::lower_bound(console_seqs_.begin(), console_seqs_.end(), f.cursor);
      if (console_seqs_.begin() == end) ImGui::TextDisabled("(no console.log output yet)");
      // The last lines only: wrapped lines have unequal heights, which a list clipper needs.
      const auto from = end - std::min<ptrdiff_t>(end - console_seqs_.begin(), kShownLines);
      if (from != console_seqs_.begin()) ImGui::TextDisabled("(%td earlier lines)", from - console_seqs_.begin());
      for (auto it = from; it != end; ++it) {
        const Event& e = (*f.rec)[*it];
        std::string_view line = f.rec->info().strings.str(uint32_t(e.value));
        if (!filter.PassFilter(line.data(), line.data() + line.size())) continue;
        wrapped_text(line);
      }
    }
    if (log) {
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      for (size_t i = log_lines.size() > kShownLines ? log_lines.size() - kShownLines : 0; i < log_lines.size(); ++i) {
        if (filter.PassFilter(log_lines[i].c_str())) wrapped_text(log_lines[i]);
      }
      ImGui::PopStyleColor();
    }
    if (v.fonts.mono) ImGui::PopFont();
  }
  ImGui::EndChild();
  ImGui::End();
}

}  // namespace loopstep::ui
