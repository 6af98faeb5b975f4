// Step latency: a Step-mode Session, time from step() called until the new folded state
// is available (step() returned and recording().tail_state() read: the fold is lazy).
#pragma once
#include <string>
#include <vector>

namespace loopstep::bench {

// Every step of one run of the scenario, in ms.
std::vector<double> step_latency_run(const std::string& scenario_path);

}  // namespace loopstep::bench
