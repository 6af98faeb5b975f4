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

void NarrationPanel::Draw(const Frame& f, const ViewSettings& v, Intents& out, PredictPanel* predict) {
  place_window("Narration", v);
  if (!ImGui::Begin("Narration")) {
    ImGui::End();
    return;
  }
  const RunInfo& info = f.rec->info();
  // Every text wraps at spaces only (wrapped_text): names such as fs.open stay whole.
  wrapped_text(shown_text(info.title.empty() ? f.source : info.title, 300));  // a headline, not a page
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  wrapped_text(info.backend_label + ", " +
               (info.config.workers == WorkerModel::pool ? "pool of " + std::to_string(info.config.pool_size)
                                                         : std::string("a thread per request (the article's model)")) +
               (f.live ? "" : ", replay"));
  if (!info.js_runtime.empty()) wrapped_text("JS layer: " + js_layer_words(info));
  ImGui::PopStyleColor();
  ImGui::Separator();
  if (predict) predict->Draw(f, v, out);
  const std::optional<Event> e = f.current();
  if (!e) {
    if (!info.teaches.empty()) wrapped_text(info.teaches);
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    wrapped_text("Step 0: nothing has happened yet. Press Right (or Space to play) to take the first step.");
    ImGui::PopStyleColor();
    ImGui::End();
    return;
  }
  const Narration& n = Narration::builtin();
  ImGui::PushStyleColor(ImGuiCol_Text, layer_color(e->layer, v.presenter));
  wrapped_text("Step " + std::to_string(f.cursor) + " · " + layer_title(e->layer, info) + " · " + thread_label(e->thread, *f.state));
  ImGui::PopStyleColor();
  wrapped_text(n.describe(*e, info, *f.state, false));
  if (const std::string at = source_at(*e, info); !at.empty()) wrapped_text(at);
  // The request on its own line: beside a long headline it had no room and wrapped a
  // character a line, pushing the explanation and the note out of the panel.
  if (e->req) request_text(f, v, e->req, "[" + request_label(info, e->req) + "]", out);
  ImGui::Spacing();
  // The headline's layer title says "(modeled)"; the texts say why, once (assets/narration.toml).
  wrapped_text(n.describe(*e, info, *f.state, true));
  for (const Note* note : notes_for(f)) {
    ImGui::Spacing();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(highlight_color(v.presenter)), "Teacher's note");
    wrapped_text(note->text);
  }
  ImGui::End();
}

}  // namespace loopstep::ui
