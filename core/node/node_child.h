// The node child process of a JS lesson: started confined, spoken to over three pipes.
// Declared here, made by the platform (core/unix/node_child.cpp; the Windows build refuses).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace loopstep {

struct NodeLaunch {
  std::string node;               // the executable, an absolute path (find_node)
  std::vector<std::string> args;  // after argv[0]
  std::string cwd;                // the run's sandbox folder
  // What node may read besides what it needs to start (its binary, libraries): the
  // bootstrap and the lesson.
  std::vector<std::string> read_files;
  int64_t cpu_seconds = 0;        // RLIMIT_CPU; 0 = none
  int64_t memory_bytes = 0;       // RLIMIT_AS; 0 = none
};

struct NodeChild {
  int pid = -1;
  int calls = -1;    // read: the program's calls, one JSON line each (the child's fd 3)
  int replies = -1;  // write: loopstep's answers (the child's fd 4, read with readSync)
  int invokes = -1;  // write: callbacks to run (the child's fd 5, read by node as I/O)
  int stderr_fd = -1;  // read: what node writes to stderr
  std::string confinement;  // what confines it: "Landlock ABI 7 ..." or why nothing does
};

// The absolute path of `node` on PATH, or "" when there is none.
std::string find_node();
// Throws std::runtime_error naming what failed (node missing, fork, pipe, a confinement step).
// The child gets SIGKILL when the thread that called spawn_node ends (PR_SET_PDEATHSIG
// follows the forking thread): call it from a thread that outlives the child.
NodeChild spawn_node(const NodeLaunch& launch);
// SIGKILL (if still running), reap, close every fd. Returns the wait status, -1 if none.
int end_node(NodeChild& child, bool kill);

// A NodeLaunch::memory_bytes that Node 20 runs well in: it reserves ~0.7 GiB of address space
// at rest (V8's code range and cage, ten threads' stacks) and fails to start below 768 MiB;
// 4 GiB leaves room for a heap of a few GiB and stops a runaway program long before the
// machine's memory. WebAssembly.Memory needs ~10 GiB of guard space and fails under it.
constexpr int64_t kNodeAddressSpace = int64_t{4} << 30;

// Node's permission model for a lesson (core/node/node_permissions.cpp): the flag of that
// major version (--experimental-permission on 20 to 22, --permission from 23) and one
// --allow-fs-read per file; nothing before 20, which has no permission model. With it, node
// itself refuses child processes, workers, native addons, WASI and the inspector.
std::vector<std::string> node_permission_args(int node_major, const std::vector<std::string>& read_files);

// The major version `node --version` prints (run with an empty environment, killed after a
// few seconds); 0 when it cannot be told.
int node_major_version(const std::string& node);

}  // namespace loopstep
