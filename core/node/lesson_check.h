// Loading a lesson as the CLI and the app do: the TOML checks, and for a JS lesson its
// JavaScript checked by the node that will run it (`node --check`, confined), so a syntax
// error is reported at its file:line:column before anything is created.
#pragma once
#include <string>

#include "core/scenario/scenario.h"

namespace loopstep {

ScenarioResult load_lesson(const std::string& path);

// node --check's report ("FILE:LINE\n<source>\n<caret>\n\nSyntaxError: ...") as an error at
// the caret's line and column; exposed for its test.
ScenarioError syntax_error_from(const std::string& file, const std::string& node_stderr);

}  // namespace loopstep
