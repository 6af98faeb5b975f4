// A scenario as the equivalent Node.js (v20) program, so a lesson can be checked
// against the real thing: same sandbox files, same calls, same console output.
#pragma once
#include <string>

#include "core/scenario/scenario.h"

namespace loopstep {

// A standalone CommonJS program: it creates a temporary sandbox with the scenario's
// files and symlinks, chdirs into it, runs the main script, and removes the sandbox
// on exit. Each callback becomes `function NAME(err, result, data)`.
std::string export_js(const Scenario& scenario);

}  // namespace loopstep
