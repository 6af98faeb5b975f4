// GuiApp's Compare view: the lesson run twice, stepped together.
#include "app/gui_app.h"

#include <spdlog/spdlog.h>

#include "core/compare/differences.h"
#include "core/story/step_story.h"

namespace loopstep {

bool GuiApp::open_compare(const std::string& a, const std::string& b) {
  if (!session_) {
    last_error_ = "Compare runs the lesson twice: open a lesson, not a recording";
    dialogs_.show_error("Cannot compare", last_error_);
    return false;
  }
  auto sa = parse_compare_side("a", a), sb = parse_compare_side("b", b);
  for (auto* side : {&sa, &sb}) {
    if (auto* err = std::get_if<std::string>(side)) {
      last_error_ = *err;
      dialogs_.show_error("Cannot compare", last_error_);
      return false;
    }
  }
  try {
    auto next = std::make_unique<CompareState>(
        CompareState{compare_runs(session_->scenario(), std::get<CompareSide>(std::move(sa)), std::get<CompareSide>(std::move(sb))), {}, 0, {}, {}, {}});
    next->positions = lockstep_positions(next->runs.rows);
    compare_ = std::move(next);
  } catch (const std::exception& e) {
    last_error_ = file_ + ": cannot run: " + e.what();
    dialogs_.show_error("Cannot compare", last_error_);
    return false;
  }
  spdlog::info("compare: {} against {}", a, b);
  return true;
}

void GuiApp::compare_go_to(size_t position) {
  if (compare_) compare_->at = std::min(position, compare_->positions.size() - 1);
}

ui::CompareFrame GuiApp::build_compare_frame() {
  CompareState& c = *compare_;
  const LockstepPosition& p = c.positions[c.at];
  ui::CompareFrame cf;
  auto side = [&](const Session& s, size_t cursor, LoopState& state) {
    ui::Frame f;
    f.rec = &s.recording();
    state = cursor == 0 ? LoopState{} : f.rec->state_at(cursor - 1);
    f.state = &state;
    f.cursor = cursor;
    f.live = true;  // a run of the lesson, stepped here (not a saved recording)
    f.finished = true;
    f.notes = &s.scenario().notes;
    f.source = std::filesystem::path(file_).filename().string();
    return f;
  };
  cf.a = side(*c.runs.a, p.a, c.state_a);
  cf.b = side(*c.runs.b, p.b, c.state_b);
  cf.a_label = "A: " + c.runs.a_side.label + " (" + run_words(c.runs.a->recording().info()) + ")";
  cf.b_label = "B: " + c.runs.b_side.label + " (" + run_words(c.runs.b->recording().info()) + ")";
  size_t number = 0, total = 0;
  for (size_t r = 0; r < c.runs.rows.size(); ++r) {
    if (!c.runs.rows[r].has_moment()) continue;
    ++total;
    if (r < p.row || (r == p.row && p.at_moment)) number = total;
  }
  const AlignedMoment& row = c.runs.rows[p.row];
  if (p.at_moment) {
    const std::string words = moment_words(row.a ? c.runs.a->recording() : c.runs.b->recording(), row.a ? *row.a : *row.b);
    cf.where = "Moment " + std::to_string(number) + " of " + std::to_string(total) + " of the program, on both sides: " + words +
               (row.a && row.b ? "" : row.a ? " (only A's program gets here)" : " (only B's program gets here)");
  } else if (c.at == 0) {
    cf.where = "Step 0 on both sides. Right steps both runs together; they meet at each moment of the program.";
  } else {
    cf.where = number == total ? "After the program's last moment: each run's own steps to its end"
                               : "Between moment " + std::to_string(number) + " and " + std::to_string(number + 1) +
                                     ": each run's own kernel and libuv steps, played out on its side";
  }
  if (c.at > 0)
    cf.differences = stretch_differences({&c.runs.a->recording(), row.a_from, row.a_to, "A (" + c.runs.a_side.label + ")"},
                                         {&c.runs.b->recording(), row.b_from, row.b_to, "B (" + c.runs.b_side.label + ")"});
  cf.position = c.at;
  cf.positions = c.positions.size();
  return cf;
}

void GuiApp::apply_compare(const ui::Intents& in) {
  CompareState& c = *compare_;
  const size_t last = c.positions.size() - 1;
  c.at = std::min(last, c.at + size_t(std::max(0, in.step)));
  c.at -= std::min(c.at, size_t(std::max(0, in.step_back)));
  if (in.first) c.at = 0;
  if (in.last) c.at = last;
  if (c.view.clicked) c.at = lockstep_position_of(c.positions, c.view.clicked->first, c.view.clicked->second);
  c.view.clicked.reset();
  window.quit |= in.quit;
  window.toggle_fullscreen |= in.toggle_fullscreen;
  if (in.toggle_help) view.show_help = !view.show_help;
  if (c.view.close) compare_.reset();
}

}  // namespace loopstep
