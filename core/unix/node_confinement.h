// What confines the node child (issue 12, "The program cannot touch the machine"): Landlock
// rules for node, rlimits, no_new_privs, the seccomp socket filter, death with loopstep.
// Prepared in the parent (it allocates, opens paths, may throw), applied in the child between
// fork and exec, where only async-signal-safe calls are allowed.
#pragma once
#include <sys/resource.h>
#include <sys/types.h>

#include <array>
#include <string>

#include "core/node/node_child.h"
#include "core/unix/landlock.h"

namespace loopstep {

// Read under /usr, /lib, /lib64 (those that exist, each once: merged-usr makes /lib part of
// /usr); read /etc/ld.so.cache and /etc/ssl/openssl.cnf if present and launch.read_files;
// read and execute node and its ELF interpreter (the dynamic loader) and nothing else, so
// that no shell can be started. Throws when node is not a 64-bit ELF file.
LandlockRules node_landlock_rules(const NodeLaunch& launch);

// NodeChild::confinement: what the child is kept from, or why it is not confined.
std::string confinement_summary(LandlockAbi abi, bool seccomp);

class NodeConfinement {
 public:
  explicit NodeConfinement(const NodeLaunch& launch);  // throws std::runtime_error
  ~NodeConfinement();
  NodeConfinement(const NodeConfinement&) = delete;
  NodeConfinement& operator=(const NodeConfinement&) = delete;

  // In the child, last before execve. `parent` is the pid that forked it: if loopstep is
  // already gone, the death signal would never come, so the child gives up. Returns 0, or
  // the errno of the step that failed with its name in *step.
  int apply(pid_t parent, const char** step) const;

  const std::string& summary() const { return summary_; }

 private:
  struct Limit {
    int resource;
    rlimit value;
  };
  std::array<Limit, 5> limits_{};
  size_t limit_count_ = 0;
  int ruleset_ = -1;  // -1: Landlock is not available
  bool seccomp_ = false;
  std::string summary_;
};

}  // namespace loopstep
