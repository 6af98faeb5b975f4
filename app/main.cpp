// loopstep's entry point.
#include "app/cli.h"
#ifndef _WIN32
#include "core/unix/sandbox_cleanup.h"
#endif

int main(int argc, char** argv) {
#ifndef _WIN32
  loopstep::remove_sandboxes_on_signals();  // first: every later thread inherits the blocked signals
#endif
  return loopstep::run_cli(argc, argv);
}
