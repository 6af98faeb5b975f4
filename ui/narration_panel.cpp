// The narration panel (see narration_panel.h).
#include "ui/narration_panel.h"

#include <imgui.h>

#include "core/scenario/notes.h"

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
  DrawContents(f, v, out, predict);
  ImGui::End();
}

void NarrationPanel::DrawContents(const Frame& f, const ViewSettings& v, Intents& out, PredictPanel* predict) {
  const RunInfo& info = f.rec->info();
  // Every text wraps at spaces only (wrapped_text): names such as fs.open stay whole.
  wrapped_text(shown_text(info.title.empty() ? f.source : info.title, 300));  // a headline, not a page
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  wrapped_text(run_words(info) + (f.live ? "" : ", replay"));
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
    return;
  }
  // The same words a handout prints (core/story/step_story.h), cut to what a panel can draw.
  const StepStory story = step_story(*f.rec, f.cursor, f.notes);
  ImGui::PushStyleColor(ImGuiCol_Text, layer_color(e->layer, v.presenter));
  wrapped_text(story.heading);
  ImGui::PopStyleColor();
  wrapped_text(shown_text(story.what));
  if (!story.call_site.empty()) wrapped_text(shown_text(story.call_site, 200));
  // The request on its own line: beside a long headline it had no room and wrapped a
  // character a line, pushing the explanation and the note out of the panel.
  if (e->req) request_text(f, v, e->req, "[" + request_label(info, e->req) + "]", out);
  ImGui::Spacing();
  // The headline's layer title says "(modeled)"; the texts say why, once (assets/narration.toml).
  wrapped_text(shown_text(story.why));
  for (const std::string& note : story.notes) {
    ImGui::Spacing();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(highlight_color(v.presenter)), "Teacher's note");
    wrapped_text(note);
  }
}

}  // namespace loopstep::ui
