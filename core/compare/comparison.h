// A comparison: one lesson run twice in Step mode, one run per side, to the end, and the
// alignment of the two on the program's moments; printed by `loopstep compare`.
#pragma once
#include <iosfwd>
#include <memory>
#include <vector>

#include "core/compare/alignment.h"
#include "core/scenario/scenario.h"

namespace loopstep {

struct Comparison {
  CompareSide a_side, b_side;
  std::unique_ptr<Session> a, b;
  std::vector<AlignedMoment> rows;
};

// Throws std::runtime_error when a run cannot start (its sandbox, its node).
Comparison compare_runs(const Scenario& sc, CompareSide a, CompareSide b);

// The two sequences aligned: each moment of the program with its step on each side; before
// it, each side's own steps (once, marked "A B", where both did the same); and the differences
// in words.
void write_comparison(std::ostream& out, const Comparison& c);

}  // namespace loopstep
