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
void frame_section(Results& out);      // 4. timeline frame time, 1M and 10M events (LOOPSTEP_GUI)
void startup_section(Results& out);    // 6. start-up to first frame under Xvfb (LOOPSTEP_GUI)
void export_section(Results& out);     // 7. Chrome trace export of 1M events: time, peak memory
void output_section(Results& out);     // issue 13.5: text and JSONL output time, linear in events
void js_section(Results& out);         // issue 12: a JS storm lesson vs node, the bridge's round trip

}  // namespace loopstep::bench
