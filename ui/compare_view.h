// The Compare view (View -> Compare): one lesson's two runs, their timelines stacked and their
// narrations side by side, stepped together by the moments of the program (core/compare).
// It fills the window under the menu bar while it is open; the other panels wait.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/compare/lockstep.h"

#include "ui/narration_panel.h"
#include "ui/timeline.h"
#include "ui/ui_common.h"

namespace loopstep::ui {

// What the view shows this frame, built by the app.
struct CompareFrame {
  Frame a, b;                           // each run as the panels read it (a replay at its cursor)
  std::string a_label, b_label;         // "A: backend=epoll (epoll + eventfd (real, Linux), ...)"
  std::string where;                    // "moment 2 of 3: onOpen() starts on the loop thread", or between two
  std::vector<std::string> differences;  // what the two runs do differently up to this moment
  size_t position = 0, positions = 1;   // stepping together: this position of that many
};

// The comparisons the View menu offers, as the two sides' switches.
struct CompareChoice {
  const char* title;  // "epoll vs IOCP"
  const char* a;      // "backend=epoll"
  const char* b;
};
inline constexpr CompareChoice kCompareChoices[] = {
    {"epoll vs IOCP", "backend=epoll", "backend=iocp"},
    {"thread pool vs a thread per request", "workers=pool", "workers=per-request"},
    {"pool of 4 vs pool of 1", "workers=pool,pool_size=4", "workers=pool,pool_size=1"},
};

struct CompareView {
  TimelinePanel timeline_a, timeline_b;
  bool close = false;  // set by the view's Close button, read and cleared by the app
  // A click on one run's timeline: that run's new cursor; the app moves both runs to the
  // position where that run has come so far (lockstep_position_of). Read and cleared by the app.
  std::optional<std::pair<Side, size_t>> clicked;

  // Stepping (Right / Left / Home / End) arrives as the frame's shortcuts in `out`.
  void Draw(const CompareFrame& f, ViewSettings& v, Intents& out);
};

}  // namespace loopstep::ui
