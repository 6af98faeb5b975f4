// The command line: run, check, export-js, and the window (DESIGN §9).
#pragma once

namespace loopstep {
// Exit codes: 0 ok, 1 scenario error (message on stderr), 2 usage.
int run_cli(int argc, char** argv);
}  // namespace loopstep
