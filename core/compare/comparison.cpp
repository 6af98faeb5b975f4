// Running and printing a comparison (see comparison.h).
#include "core/compare/comparison.h"

#include <cstdio>
#include <ostream>

#include "core/compare/differences.h"
#include "core/story/step_story.h"
#include "core/trace/narration.h"

namespace loopstep {

Comparison compare_runs(const Scenario& sc, CompareSide a, CompareSide b) {
  Comparison c{std::move(a), std::move(b), nullptr, nullptr, {}};
  c.a = std::make_unique<Session>(sc, c.a_side.options);
  c.b = std::make_unique<Session>(sc, c.b_side.options);
  for (Session* s : {c.a.get(), c.b.get()}) {
    s->start();
    s->run_to_end();
  }
  c.rows = align_moments(c.a->recording(), c.b->recording());
  return c;
}

namespace {

// What a step did, after its step numbers: "T0   kernel   GetQueuedCompletionStatus   GetQueuedCompletionStatus returns: 1 ready".
std::string step_words(const Recording& rec, size_t i) {
  const Event e = rec[i];
  const RunInfo& info = rec.info();
  char head[96];
  std::snprintf(head, sizeof head, "T%-3u %-8s %-30s ", unsigned(e.thread), std::string(layer_name(e.layer)).c_str(),
                std::string(info.strings.str(e.fn)).c_str());
  return head + Narration::builtin().describe(e, info, rec.state_at(i), false);
}

// A line with the step's number on each side that has it: "    27     25  T0 ...".
std::string step_line(std::optional<size_t> a, std::optional<size_t> b, const std::string& words) {
  char nums[32];
  auto num = [](std::optional<size_t> i) { return i ? std::to_string(*i + 1) : std::string(); };
  std::snprintf(nums, sizeof nums, "%7s %6s  ", num(a).c_str(), num(b).c_str());
  return nums + words;
}

void write_stretch(std::ostream& out, const Comparison& c, const AlignedMoment& r) {
  const Recording &a = c.a->recording(), &b = c.b->recording();
  if (r.a_from == r.a_to && r.b_from == r.b_to) return;
  // Where both did the same (thread, layer, function, words), one line with both step numbers;
  // from the first difference on, each side's own steps, A's then B's.
  size_t i = r.a_from, j = r.b_from;
  for (; i < r.a_to && j < r.b_to; ++i, ++j) {
    const std::string wa = step_words(a, i);
    if (wa != step_words(b, j)) break;
    out << step_line(i, j, wa) << "\n";
  }
  for (; i < r.a_to; ++i) out << step_line(i, std::nullopt, step_words(a, i)) << "\n";
  for (; j < r.b_to; ++j) out << step_line(std::nullopt, j, step_words(b, j)) << "\n";
  const std::vector<std::string> diffs =
      stretch_differences({&a, r.a_from, r.a_to, "A (" + c.a_side.label + ")"}, {&b, r.b_from, r.b_to, "B (" + c.b_side.label + ")"});
  for (const std::string& d : diffs) out << "      * " << d << "\n";
}

}  // namespace

void write_comparison(std::ostream& out, const Comparison& c) {
  const Recording &a = c.a->recording(), &b = c.b->recording();
  size_t both = 0;
  for (const AlignedMoment& r : c.rows) both += r.a && r.b;
  out << "# compare: " << a.info().title << "\n";
  out << "# A: " << c.a_side.label << ": " << run_words(a.info()) << ", " << a.size() << " steps\n";
  out << "# B: " << c.b_side.label << ": " << run_words(b.info()) << ", " << b.size() << " steps\n";
  out << "# aligned on the program's moments (its calls, callbacks and console output): " << both
      << " in both runs. Between two moments each run's own steps: A's, then B's; a step both runs took alike is one line with both numbers.\n";
  out << "#  step A step B  thread, layer, function, what happens\n";
  size_t n = 0;
  for (const AlignedMoment& r : c.rows) {
    write_stretch(out, c, r);
    if (!r.has_moment()) continue;
    out << "== moment " << ++n << ": " << moment_words(r.a ? a : b, r.a ? *r.a : *r.b);
    if (r.a && r.b) {
      if (const std::string wb = moment_words(b, *r.b); wb != moment_words(a, *r.a)) out << " | B: " << wb;
      out << "   (A step " << *r.a + 1 << ", B step " << *r.b + 1 << ")\n";
    } else {
      out << "   (only " << (r.a ? "A" : "B") << ", step " << (r.a ? *r.a : *r.b) + 1 << ": the other run's program did not get here)\n";
    }
  }
}

}  // namespace loopstep
