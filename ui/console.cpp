// The console panel (see console.h).
#include "ui/console.h"

#include <algorithm>

namespace loopstep::ui {

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

  ImGui::Checkbox("console.log", &show_script);
  ImGui::SameLine();
  ImGui::Checkbox("loopstep log", &show_log);
  ImGui::SameLine();
  filter.Draw("filter", ImGui::GetFontSize() * 8);
  ImGui::Separator();
  if (ImGui::BeginChild("lines", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar)) {
    if (v.fonts.mono) ImGui::PushFont(v.fonts.mono);
    if (show_script) {
      // Only what the script has printed by the cursor's step.
      const auto end = std::lower_bound(console_seqs_.begin(), console_seqs_.end(), f.cursor);
      if (console_seqs_.begin() == end) ImGui::TextDisabled("(no console.log output yet)");
      for (auto it = console_seqs_.begin(); it != end; ++it) {
        const Event& e = (*f.rec)[*it];
        std::string_view line = f.rec->info().strings.str(uint32_t(e.value));
        if (!filter.PassFilter(line.data(), line.data() + line.size())) continue;
        ImGui::TextUnformatted(shown_text(line).c_str());
      }
    }
    if (show_log) {
      // The clipper needs every line drawn at equal height: only without a filter.
      ImGuiListClipper clipper;
      const bool clip = !filter.IsActive();
      clipper.Begin(clip ? int(log_lines.size()) : 1);
      while (clipper.Step()) {
        const size_t from = clip ? size_t(clipper.DisplayStart) : 0, to = clip ? size_t(clipper.DisplayEnd) : log_lines.size();
        for (size_t i = from; i < to; ++i) {
          if (filter.PassFilter(log_lines[i].c_str())) ImGui::TextDisabled("%s", log_lines[i].c_str());
        }
      }
    }
    if (v.fonts.mono) ImGui::PopFont();
  }
  ImGui::EndChild();
  ImGui::End();
}

}  // namespace loopstep::ui
