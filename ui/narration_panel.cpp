// The narration panel (see narration_panel.h).
#include "ui/narration_panel.h"

#include <imgui.h>

#include "core/record/invariants.h"
#include "core/scenario/notes.h"

namespace loopstep::ui {

namespace {

// A planted bug's run that broke an invariant (core/record/invariants.h): which one and at
// which step, above everything else, from the step it broke on; before it, where it will.
void invariant_banner(const Frame& f) {
  const LoopState& end = f.rec->tail_state();
  if (!end.invariant) return;
  const Invariant which = static_cast<Invariant>(end.invariant);
  const std::string step = std::to_string(end.invariant_step);
  if (f.cursor < end.invariant_step) {
    ImGui::TextColored(ImVec4(0.95f, 0.55f, 0.2f, 1), "This run breaks an invariant at step %s (End goes there).", step.c_str());
    ImGui::Separator();
    return;
  }
  // The text on channel 1, its red box behind it on channel 0, once the text's height is known.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->ChannelsSplit(2);
  dl->ChannelsSetCurrent(1);
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.93f, 0.9f, 1));
  ImGui::BeginGroup();
  wrapped_text("INVARIANT BROKEN at step " + step + ": " + std::string(invariant_message(which)));
  const std::string req = end.invariant_req ? "request " + request_label(f.rec->info(), end.invariant_req) : "";
  if (!req.empty())
    wrapped_text(which == Invariant::callback_run_twice ? req + ": its callback ran a second time" : req + " is never called back");
  wrapped_text(f.live ? "Step back (Left) to see how it happened; Restart to try other lanes or a random seed."
                      : "Step back (Left) to see how it happened; open the lesson to try other lanes or a random seed.");
  ImGui::EndGroup();
  ImGui::PopStyleColor();
  const float pad = ImGui::GetStyle().FramePadding.y;
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  dl->ChannelsSetCurrent(0);
  dl->AddRectFilled(ImVec2(a.x - pad, a.y - pad), ImVec2(right, b.y + pad), IM_COL32(120, 18, 18, 255), 4);
  dl->ChannelsMerge();
  ImGui::Dummy(ImVec2(0, pad));
  ImGui::Spacing();
}

}  // namespace

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
  invariant_banner(f);
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
