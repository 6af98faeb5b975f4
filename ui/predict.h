// Predict mode (View -> Predict, or the window's --predict): before a step that more than
// one thread could take, the student picks what happens next among the gate's real
// candidates (every parked thread and its pending event, in words). loopstep then takes the
// step: the default policy's choice, or with "let my choice happen" the pick, and says
// whether the pick was the default policy's choice, in the narration's words. When only the
// loop thread can move and it is about to run a callback while others wait in the loop's
// queues, the question is which callback runs next, and the answer says which queue goes
// first. While a question is open the other panels hide what comes next.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "ui/ui_common.h"

namespace loopstep::ui {

// One answered question, as the app keeps it (app/predict_scores.h).
struct PredictResult {
  size_t step = 0;       // the step asked about, numbered as the window counts (1 = the first event)
  bool right = false;
  std::string happened;  // the step that the default policy takes, in words
};

// A callback that could run next: its request and the queue it waits in.
struct WaitingCallback {
  uint32_t req = 0;
  std::string queue;  // "process.nextTick queue", "microtask queue", "I/O done", "immediates", "timers"
};

class PredictPanel {
 public:
  // A question about threads is open: a step more than one thread could take.
  static bool asking(const Frame& f);
  // A question about callbacks is open: the loop thread alone runs next, a callback, while
  // other callbacks wait; returns them (the one that runs among them), else empty.
  static std::vector<WaitingCallback> waiting_callbacks(const Frame& f);
  // Inside the Narration panel, above the current step's narration.
  void Draw(const Frame& f, const ViewSettings& v, Intents& out);
  // The student's pick (a click, or a test's scripted student): the step to take goes in `out`.
  void pick(const Frame& f, uint16_t thread, Intents& out);
  void pick_callback(const Frame& f, uint32_t req, Intents& out);
  std::optional<PredictResult> take_result();  // the last answer's result, once
  void reset();                                // a new run: the run's score starts again

  bool let_choice_happen = false;
  int asked = 0, right = 0;        // this run
  std::string summary;             // set by the app when the run has ended: the lesson's scores
  std::vector<uint16_t> offered;   // the choices the last question showed (tests compare them with the gate's)
  std::vector<uint32_t> offered_callbacks;  // a callback question's choices: their requests

 private:
  struct Pick {
    size_t at = 0;                 // the recording's size when picked: the answer is event `at`
    uint32_t picked = 0, policy = 0;   // threads, or for a callback question requests
    bool callback = false;
    std::string picked_words, policy_words, why;
  };
  std::optional<Pick> pick_;
  std::string verdict_;
  std::optional<PredictResult> result_;
};

}  // namespace loopstep::ui
