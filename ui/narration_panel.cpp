// The narration panel (see narration_panel.h).
#include "ui/narration_panel.h"

#include <imgui.h>

#include "core/trace/narration.h"

namespace loopstep::ui {

std::vector<const Note*> NarrationPanel::notes_for(const Frame& f) {
  std::vector<const Note*> out;
  const std::optional<Event> e = f.current();
  if (!e || !f.notes) return out;
  for (const Note& n : *f.notes) {
    if (n.at_step >= 0 ? uint64_t(n.at_step) == e->seq : kind_name(e->kind) == n.at_kind) out.push_back(&n);
  }
  return out;
}

void NarrationPanel::Draw(const Frame& f, const ViewSettings& v, Intents& out) {
  place_window("Narration", v);
  if (!ImGui::Begin("Narration")) {
    ImGui::End();
    return;
  }
  const RunInfo& info = f.rec->info();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(shown_text(info.title.empty() ? f.source : info.title).c_str());
  ImGui::TextDisabled("%s, %s%s", info.backend_label.c_str(),
                      info.config.workers == WorkerModel::pool ? ("pool of " + std::to_string(info.config.pool_size)).c_str()
                                                               : "a thread per request (the article's model)",
                      f.live ? "" : ", replay");
  ImGui::Separator();
  const std::optional<Event> e = f.current();
  if (!e) {
    if (!info.teaches.empty()) ImGui::TextUnformatted(shown_text(info.teaches).c_str());
    ImGui::Spacing();
    ImGui::TextDisabled("Step 0: nothing has happened yet. Press Right (or Space to play) to take the first step.");
    ImGui::PopTextWrapPos();
    ImGui::End();
    return;
  }
  const Narration& n = Narration::builtin();
  const ImVec4 col = ImGui::ColorConvertU32ToFloat4(layer_color(e->layer, v.presenter));
  ImGui::TextColored(col, "Step %zu · %s · %s", f.cursor, layer_title(e->layer), thread_label(e->thread, *f.state).c_str());
  ImGui::TextUnformatted(shown_text(n.describe(*e, info, *f.state, false)).c_str());
  if (e->req) {
    ImGui::SameLine();
    request_text(f, v, e->req, "[" + request_label(info, e->req) + "]", out);
  }
  ImGui::Spacing();
  ImGui::TextUnformatted(shown_text(n.describe(*e, info, *f.state, true)).c_str());
  if (layer_is_modeled(e->layer)) {
    ImGui::TextDisabled("This layer is modeled: loopstep runs no JS engine; it passes through the stages Node would.");
  }
  for (const Note* note : notes_for(f)) {
    ImGui::Spacing();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(highlight_color(v.presenter)), "Teacher's note");
    ImGui::TextUnformatted(shown_text(note->text).c_str());
  }
  ImGui::PopTextWrapPos();
  ImGui::End();
}

}  // namespace loopstep::ui
