// The fs.stat storm as a loopstep program. The scenario language has no loop counter, so
// "N stats, K in flight" is K chains: main starts K fs.stat, and in chain i callback
// c<i>_<j> issues the next fs.stat with callback c<i>_<j+1>; the last callback is empty.
#pragma once
#include <cstddef>
#include <string>

#include "core/scenario/scenario.h"

namespace loopstep::bench {

inline constexpr const char* kStormFile = "f.txt";

// The program as TOML (what a user would write). Above ~60,000 stats it exceeds the
// parser's 4 MiB file limit, so the benchmark builds large storms in memory instead.
std::string storm_scenario_text(size_t n, int k);

// The same program built in memory: parses a two-stat template with parse_scenario_text
// so every field is what the parser sets, then replicates its fs.stat statement.
Scenario storm_scenario(size_t n, int k);

}  // namespace loopstep::bench
