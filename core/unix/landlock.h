// Landlock through its raw syscalls: the kernel's ABI version, a ruleset made in the parent
// (it opens paths and may throw), enforced in the child (one syscall, async-signal-safe).
// Which paths go in the ruleset is node's policy: core/unix/node_confinement.cpp.
#pragma once
#include <string>
#include <vector>

namespace loopstep {

struct LandlockAbi {
  int version = 0;  // 0: no Landlock
  int error = 0;    // errno of the version query when version is 0
};
// landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION).
LandlockAbi landlock_abi();

struct LandlockRules {
  std::vector<std::string> read_trees;  // read files and list folders beneath each
  std::vector<std::string> read_files;  // read these files, nothing else of their folder
  std::vector<std::string> exec_files;  // read and execute these files
};

// A ruleset fd (O_CLOEXEC) that handles every access `abi` knows: files, TCP bind and
// connect (ABI >= 4), signals and abstract unix sockets scoped (ABI >= 6); only `rules`
// are allowed. Throws std::runtime_error naming a path that cannot be opened.
int landlock_ruleset(const LandlockRules& rules, int abi);

// In the child: confine the calling thread (and what it execs) to the ruleset. Needs
// PR_SET_NO_NEW_PRIVS first. Returns 0 or an errno.
int landlock_enforce(int ruleset_fd);

}  // namespace loopstep
