// The narration panel (see narration_panel.h).
#include "ui/narration_panel.h"

#include <imgui.h>

#include "core/scenario/notes.h"
#include "core/trace/narration.h"

namespace loopstep::ui {

std::vector<const Note*> NarrationPanel::notes_for(const Frame& f) {
  if (!f.notes) return {};
  return notes_at(*f.notes, *f.rec, f.cursor);  // the cursor is the step number
}

void NarrationPanel::Draw(const Frame& f, const ViewSettings& v, Intents& out) {
  place_window("Narration", v);
  if (!ImGui::Begin("Narration")) {
    ImGui::End();
    return;
  }
  const RunInfo& info = f.rec->info();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(info.title.empty() ? f.source.c_str() : info.title.c_str());
  ImGui::TextDisabled("%s, %s%s", info.backend_label.c_str(),
                      info.config.workers == WorkerModel::pool ? ("pool of " + std::to_string(info.config.pool_size)).c_str()
                                                               : "a thread per request (the article's model)",
                      f.live ? "" : ", replay");
  ImGui::Separator();
  const std::optional<Event> e = f.current();
  if (!e) {
    if (!info.teaches.empty()) ImGui::TextUnformatted(info.teaches.c_str());
    ImGui::Spacing();
    ImGui::TextDisabled("Step 0: nothing has happened yet. Press Right (or Space to play) to take the first step.");
    ImGui::PopTextWrapPos();
    ImGui::End();
    return;
  }
  const Narration& n = Narration::builtin();
  const ImVec4 col = ImGui::ColorConvertU32ToFloat4(layer_color(e->layer, v.presenter));
  ImGui::TextColored(col, "Step %zu · %s · %s", f.cursor, layer_title(e->layer), thread_label(e->thread, *f.state).c_str());
  ImGui::TextUnformatted(n.describe(*e, info, *f.state, false).c_str());
  if (e->req) {
    ImGui::SameLine();
    request_text(f, v, e->req, "[" + request_label(info, e->req) + "]", out);
  }
  ImGui::Spacing();
  // The headline's layer title says "(modeled)"; the texts say why, once (assets/narration.toml).
  ImGui::TextUnformatted(n.describe(*e, info, *f.state, true).c_str());
  for (const Note* note : notes_for(f)) {
    ImGui::Spacing();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(highlight_color(v.presenter)), "Teacher's note");
    ImGui::TextUnformatted(note->text.c_str());
  }
  ImGui::PopTextWrapPos();
  ImGui::End();
}

}  // namespace loopstep::ui
