// `node --version` on Linux: the major version decides the permission model's flag.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>

#include "core/node/node_child.h"

namespace loopstep {

namespace {
// A node that does not answer --version in this long is not one to run lessons on.
constexpr auto kVersionTimeout = std::chrono::seconds(5);
}  // namespace

int node_major_version(const std::string& node) {
  if (node.empty()) return 0;
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return 0;
  char arg0[] = "node", arg1[] = "--version";
  char* argv[] = {arg0, arg1, nullptr};
  char* envp[] = {nullptr};
  pid_t pid = ::fork();
  if (pid == 0) {
    // Only async-signal-safe calls from here to exec: the parent has threads.
    int devnull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (devnull < 0 || ::dup2(devnull, 0) < 0 || ::dup2(out[1], 1) < 0 || ::dup2(devnull, 2) < 0) ::_exit(127);
    ::execve(node.c_str(), argv, envp);
    ::_exit(127);
  }
  ::close(out[1]);
  std::string text;
  if (pid > 0) {
    const auto deadline = std::chrono::steady_clock::now() + kVersionTimeout;
    char buf[64];
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
      pollfd p{out[0], POLLIN, 0};
      int ready = left > 0 ? ::poll(&p, 1, static_cast<int>(left)) : 0;
      if (ready < 0 && errno == EINTR) continue;
      if (ready <= 0) {
        ::kill(pid, SIGKILL);  // timed out: what it printed so far does not count
        text.clear();
        break;
      }
      ssize_t n = ::read(out[0], buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0 || text.size() > 64) break;
      text.append(buf, static_cast<size_t>(n));
    }
    int status;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  }
  ::close(out[0]);
  // "v20.20.2\n"
  if (text.size() < 2 || text[0] != 'v') return 0;
  return std::atoi(text.c_str() + 1);
}

}  // namespace loopstep
