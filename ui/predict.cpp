// Predict mode's questions and verdicts (see predict.h).
#include "ui/predict.h"

#include <imgui.h>

#include <algorithm>

#include "core/trace/narration.h"

namespace loopstep::ui {

namespace {
// A candidate in words, with the request it is for: "worker 2: stat(2) (req 3 fs.stat b.txt)".
std::string candidate_words(const Frame& f, const Candidate& c) {
  std::string s = event_words(c.pending, f.rec->info(), *f.state);
  if (c.pending.req) s += " (" + request_label(f.rec->info(), c.pending.req) + ")";
  return s;
}

std::string callback_words(const Frame& f, const WaitingCallback& w) {
  const RunInfo& info = f.rec->info();
  std::string name = info.requests.has(w.req) ? std::string(info.strings.str(info.requests.get(w.req).callback)) : "";
  if (name.empty()) name = "a callback";
  return name + " (" + request_label(info, w.req) + "), in the " + w.queue;
}

// Why the callback that ran goes before the others: the order in which Node and libuv empty
// their queues.
std::string why_first(const std::string& queue) {
  if (queue == "process.nextTick queue")
    return "process.nextTick callbacks run as soon as the JavaScript on the stack returns, before promise reactions and "
           "before the loop goes on to its next phase.";
  if (queue == "microtask queue")
    return "promise reactions and queueMicrotask run right after the nextTick queue is empty, still before the loop goes on.";
  if (queue == "immediates") return "the check phase runs the setImmediate callbacks, after poll.";
  if (queue == "timers") return "the timers phase runs the timers that are due, first in each turn of the loop.";
  return "the poll phase runs the callbacks of finished I/O.";
}

// The next step, when only the loop thread takes it: live, the gate's one candidate; on a
// replay, the recorded event (and no recorded thread choice).
std::optional<Event> loop_only_next(const Frame& f) {
  if (f.live) {
    if (f.finished || !f.at_end() || !f.candidates || f.candidates->size() != 1) return std::nullopt;
    return f.candidates->front().pending;
  }
  if (f.at_end() || (f.candidates && f.candidates->size() > 1)) return std::nullopt;
  return (*f.rec)[f.cursor];
}
}  // namespace

bool PredictPanel::asking(const Frame& f) {
  // Live: at the edge of a run that goes on. A replay: before a recorded step that had choices.
  const bool next_step = f.live ? !f.finished && f.at_end() : !f.at_end();
  return next_step && f.candidates && f.candidates->size() > 1;
}

std::vector<WaitingCallback> PredictPanel::waiting_callbacks(const Frame& f) {
  const std::optional<Event> next = loop_only_next(f);
  if (!next || next->kind != Kind::callback_begin || next->thread != 0 || !next->req) return {};
  const LoopState& s = *f.state;
  std::vector<WaitingCallback> out;
  auto add = [&](uint32_t req, const char* queue) {
    if (req && std::none_of(out.begin(), out.end(), [&](const WaitingCallback& w) { return w.req == req; }))
      out.push_back({req, queue});
  };
  for (uint32_t r : s.next_ticks) add(r, "process.nextTick queue");
  for (uint32_t r : s.microtasks) add(r, "microtask queue");
  for (uint32_t r : s.taken_batch) add(r, "I/O done");
  for (uint32_t r : s.completion_queue) add(r, "I/O done");
  for (uint32_t r : s.immediates) add(r, "immediates");
  for (const TimerState& t : s.timers) add(t.req, "timers");
  // The one about to run has left its queue already (a completion the loop took): it is I/O.
  add(next->req, "I/O done");
  if (out.size() < 2) return {};
  std::sort(out.begin(), out.end(), [](const WaitingCallback& a, const WaitingCallback& b) { return a.req < b.req; });
  return out;
}

void PredictPanel::reset() {
  asked = right = 0;
  pick_.reset();
  verdict_.clear();
  result_.reset();
  summary.clear();
  offered.clear();
  offered_callbacks.clear();
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

void PredictPanel::pick_callback(const Frame& f, uint32_t req, Intents& out) {
  const std::vector<WaitingCallback> waiting = waiting_callbacks(f);
  if (waiting.empty()) return;
  Pick p;
  p.at = f.cursor;
  p.callback = true;
  p.picked = req;
  p.policy = loop_only_next(f)->req;
  for (const WaitingCallback& w : waiting) {
    if (w.req == req) p.picked_words = callback_words(f, w);
    if (w.req == p.policy) {
      p.policy_words = callback_words(f, w);
      p.why = why_first(w.queue);
    }
  }
  pick_ = p;
  out.step = 1;  // one thread can move: the step is the same whatever the pick
}

void PredictPanel::Draw(const Frame& f, const ViewSettings& v, Intents& out) {
  // The step of the last pick has happened: say whether it was the right one.
  if (pick_ && f.cursor == pick_->at + 1) {
    const Pick p = *pick_;
    pick_.reset();
    const bool ok = p.picked == p.policy;
    ++asked;
    right += ok ? 1 : 0;
    result_ = PredictResult{p.at + 1, ok, p.policy_words};
    const Event& e = (*f.rec)[p.at];
    const std::string happened = Narration::builtin().describe(e, f.rec->info(), *f.state, false);
    if (p.callback) {
      verdict_ = ok ? "Right: " + p.policy_words + " runs next: " + p.why
                    : "Not this time: " + p.policy_words + " runs next, not " + p.picked_words + ": " + p.why;
    } else if (ok) {
      verdict_ = "Right: " + p.policy_words + ". " + happened + ".";
    } else {
      verdict_ = "Not this time: you picked " + p.picked_words + "; the default policy releases " + p.policy_words +
                 ". Both threads were ready, so on a real machine either could go first (the OS scheduler decides); "
                 "loopstep's policy picks one so that every run of the lesson repeats itself.";
      verdict_ += let_choice_happen && f.live ? " Your choice happened: " + happened + "." : " What happened: " + happened + ".";
    }
  }
  if (pick_ && f.cursor != pick_->at) pick_.reset();  // moved elsewhere (a seek, the run ended)
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(highlight_color(v.presenter)));
  wrapped_text("Predict: " + std::to_string(right) + " of " + std::to_string(asked) + " right");
  ImGui::PopStyleColor();
  if (!verdict_.empty()) wrapped_text(verdict_);
  offered.clear();
  offered_callbacks.clear();
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
  } else if (const std::vector<WaitingCallback> waiting = waiting_callbacks(f); !waiting.empty()) {
    ImGui::Spacing();
    wrapped_text("The loop thread is about to run JavaScript. Which callback runs next?");
    for (const WaitingCallback& w : waiting) {
      offered_callbacks.push_back(w.req);
      ImGui::PushID(int(w.req));
      if (wrapped_selectable(callback_words(f, w), false)) pick_callback(f, w.req, out);
      if (ImGui::IsItemHovered()) out.hover_req = w.req;
      ImGui::PopID();
    }
  } else if (!f.finished && f.live && f.at_end()) {
    wrapped_disabled_text("One thread can move: press Right to step. The next question comes when two or more can, or "
                          "when callbacks wait their turn.");
  }
  if (!summary.empty()) {
    ImGui::Spacing();
    wrapped_text(summary);
  }
  ImGui::Separator();
}

}  // namespace loopstep::ui
