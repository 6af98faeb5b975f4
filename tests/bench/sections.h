// The benchmark sections of `make bench`, one per figure group of issue 4. Each runs its
// repetitions, adds its rows to the table and sets its JSON keys.
#pragma once
#include "tests/bench/results.h"

namespace loopstep::bench {

inline constexpr int kReps = 5;  // the issue asks for >= 5 repetitions of every figure

void fsstat_section(Results& out);     // 1. fs.stat storm vs libuv, K = 1, 4, 64
void hook_section(Results& out);       // 2. hook cost, events lost, producer waits
void recording_section(Results& out);  // 3. bytes per event, state_at
void step_section(Results& out);       // 5. step latency
void not_yet_section(Results& out);    // 4. and 6.: the GUI figures, added later

}  // namespace loopstep::bench
