// Predict mode's question and verdict (see predict.h).
#include "ui/predict.h"

#include <imgui.h>

#include "core/trace/narration.h"

namespace loopstep::ui {

namespace {
// A candidate in words, with the request it is for: "worker 2: stat(2) (req 3 fs.stat b.txt)".
std::string candidate_words(const Frame& f, const Candidate& c) {
  std::string s = event_words(c.pending, f.rec->info(), *f.state);
  if (c.pending.req) s += " (" + request_label(f.rec->info(), c.pending.req) + ")";
  return s;
}
}  // namespace

bool PredictPanel::asking(const Frame& f) {
  // Live: at the edge of a run that goes on. A replay: before a recorded step that had choices.
  const bool next_step = f.live ? !f.finished && f.at_end() : !f.at_end();
  return next_step && f.candidates && f.candidates->size() > 1;
}

void PredictPanel::reset() {
  asked = right = 0;
  pick_.reset();
  verdict_.clear();
  result_.reset();
  summary.clear();
  offered.clear();
}

std::optional<PredictResult> PredictPanel::take_result() {
  std::optional<PredictResult> r = std::move(result_);
  result_.reset();
  return r;
}

void PredictPanel::pick(const Frame& f, uint16_t thread, Intents& out) {
  if (!asking(f)) return;
  Pick p;
  p.at = f.cursor;
  p.picked = thread;
  p.policy = f.policy_choice;
  for (const Candidate& c : *f.candidates) {
    if (c.thread == thread) p.picked_words = candidate_words(f, c);
    if (c.thread == f.policy_choice) p.policy_words = candidate_words(f, c);
  }
  pick_ = p;
  // A replay can only go on as it was recorded.
  if (f.live) out.step_lane = let_choice_happen ? thread : f.policy_choice;
  else out.step = 1;
}

void PredictPanel::Draw(const Frame& f, const ViewSettings& v, Intents& out) {
  // The step of the last pick has happened: say whether it was the policy's.
  if (pick_ && f.cursor == pick_->at + 1) {
    const Pick p = *pick_;
    pick_.reset();
    const bool ok = p.picked == p.policy;
    ++asked;
    right += ok ? 1 : 0;
    result_ = PredictResult{p.at + 1, ok, p.policy_words};
    const Event& e = (*f.rec)[p.at];
    const std::string happened = Narration::builtin().describe(e, f.rec->info(), *f.state, false);
    if (ok) {
      verdict_ = "Right: " + p.policy_words + ". " + happened + ".";
    } else {
      verdict_ = "Not this time: you picked " + p.picked_words + "; the default policy releases " + p.policy_words +
                 ". Both threads were ready, so on a real machine either could go first (the OS scheduler decides); "
                 "loopstep's policy picks one so that every run of the lesson repeats itself.";
      verdict_ += let_choice_happen && f.live ? " Your choice happened: " + happened + "." : " What happened: " + happened + ".";
    }
  }
  if (pick_ && f.cursor != pick_->at && f.cursor != pick_->at + 1) pick_.reset();  // moved elsewhere (a seek, the run ended)
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(highlight_color(v.presenter)));
  wrapped_text("Predict: " + std::to_string(right) + " of " + std::to_string(asked) + " right");
  ImGui::PopStyleColor();
  if (!verdict_.empty()) wrapped_text(verdict_);
  offered.clear();
  if (asking(f)) {
    ImGui::Spacing();
    wrapped_text("What happens next? These threads are ready; pick the one that moves first:");
    for (const Candidate& c : *f.candidates) {
      offered.push_back(c.thread);
      ImGui::PushID(c.thread);
      if (wrapped_selectable(candidate_words(f, c), false)) pick(f, c.thread, out);
      if (c.pending.req && ImGui::IsItemHovered()) out.hover_req = c.pending.req;
      ImGui::PopID();
    }
    if (f.live) ImGui::Checkbox("let my choice happen", &let_choice_happen);
    else wrapped_disabled_text("(a replay goes on as it was recorded)");
  } else if (!f.finished && f.live && f.at_end()) {
    wrapped_disabled_text("One thread can move: press Right to step. The next question comes when two or more can.");
  }
  if (!summary.empty()) {
    ImGui::Spacing();
    wrapped_text(summary);
  }
  ImGui::Separator();
}

}  // namespace loopstep::ui
