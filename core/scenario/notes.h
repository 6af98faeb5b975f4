// Which teacher notes show at a step. Steps count events from 1: step N is the N-th event
// (seq N - 1), the app's "Step N", the CLI's step column and `screenshot --steps N`.
#pragma once
#include <cstddef>
#include <vector>

#include "core/record/recording.h"
#include "core/scenario/scenario.h"

namespace loopstep {

// A note with `step = N` shows at step N; a note with `at = KIND` at the first event of that
// kind only; a note with `line = L` (JS lessons) at the first event that line of the program
// made. Step 0 (nothing has happened yet) has no notes.
std::vector<const Note*> notes_at(const std::vector<Note>& notes, const Recording& rec, size_t step);

}  // namespace loopstep
