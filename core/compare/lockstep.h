// Stepping two aligned runs together: each step moves both runs one of their own steps
// through the stretch between two moments (the shorter one waits at its end), then both onto
// the moment itself, so that "onOpen runs" shows on both sides at once.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/compare/alignment.h"

namespace loopstep {

struct LockstepPosition {
  size_t a = 0, b = 0;  // each run's cursor: events folded (step N = the N-th event)
  size_t row = 0;       // the alignment row it is in
  bool at_moment = false;  // both runs stand on the row's moment
};

// Position 0 is before anything (both at step 0); the last is both runs at their end.
std::vector<LockstepPosition> lockstep_positions(const std::vector<AlignedMoment>& rows);

enum class Side : uint8_t { a, b };
// A click on one run's timeline at `cursor`: the first position at which that run has come
// that far (the last position when it never does), so that both runs move there together.
size_t lockstep_position_of(const std::vector<LockstepPosition>& positions, Side side, size_t cursor);

}  // namespace loopstep
