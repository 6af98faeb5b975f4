// Start-up (issue 4, figure 6): process start to first frame under Xvfb, timed from the
// outside around `loopstep screenshot` on one Xvfb server started for the purpose.
#pragma once
#include <string>
#include <vector>

namespace loopstep::bench {

struct StartupRun {
  std::string skipped;         // non-empty: why nothing was measured ("xvfb-run missing" ...)
  std::string command;         // what was timed
  std::vector<double> wall_ms; // one per run, spawn -> exit
};

// `runs` timed runs after one untimed (page cache, Mesa's shader cache).
StartupRun startup_run(const std::string& loopstep_bin, const std::string& scenario, int runs);

}  // namespace loopstep::bench
