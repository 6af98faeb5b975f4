// The node child on Linux: fork, move the pipes to fds 3, 4, 5, confine, exec node with an
// empty environment.
#include "core/node/node_child.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace loopstep {

std::string find_node() {
  const char* path = std::getenv("PATH");
  std::string p = path ? path : "/usr/local/bin:/usr/bin:/bin";
  for (size_t start = 0; start <= p.size();) {
    size_t end = p.find(':', start);
    if (end == std::string::npos) end = p.size();
    std::string dir = p.substr(start, end - start);
    start = end + 1;
    if (dir.empty() || dir[0] != '/') continue;  // a relative PATH entry would depend on the cwd
    std::string candidate = dir + "/node";
    struct stat st {};
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(candidate.c_str(), X_OK) == 0)
      return candidate;
  }
  return "";
}

namespace {
void close_pair(int p[2]) {
  for (int i = 0; i < 2; ++i)
    if (p[i] >= 0) ::close(p[i]);
}
}  // namespace

NodeChild spawn_node(const NodeLaunch& launch) {
  if (launch.node.empty()) throw std::runtime_error("node is not on PATH: JS lessons need node (>= 18)");
  int calls[2] = {-1, -1}, replies[2] = {-1, -1}, invokes[2] = {-1, -1}, err[2] = {-1, -1};
  if (::pipe2(calls, O_CLOEXEC) || ::pipe2(replies, O_CLOEXEC) || ::pipe2(invokes, O_CLOEXEC) || ::pipe2(err, O_CLOEXEC)) {
    int e = errno;
    close_pair(calls), close_pair(replies), close_pair(invokes), close_pair(err);
    throw std::runtime_error(std::string("cannot make the pipes to node: ") + std::strerror(e));
  }
  std::vector<std::string> argv_s{launch.node};
  argv_s.insert(argv_s.end(), launch.args.begin(), launch.args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  char* envp[] = {nullptr};

  pid_t pid = ::fork();
  if (pid < 0) {
    int e = errno;
    close_pair(calls), close_pair(replies), close_pair(invokes), close_pair(err);
    throw std::runtime_error(std::string("cannot start node: fork: ") + std::strerror(e));
  }
  if (pid == 0) {
    // Only async-signal-safe calls from here to exec: the parent has threads.
    int devnull = ::open("/dev/null", O_RDWR);
    // Above 5 first, so that moving one pipe to 3, 4 or 5 never overwrites another.
    int c = ::fcntl(calls[1], F_DUPFD, 10), r = ::fcntl(replies[0], F_DUPFD, 10), i = ::fcntl(invokes[0], F_DUPFD, 10);
    if (devnull < 0 || c < 0 || r < 0 || i < 0 || ::dup2(devnull, 0) < 0 || ::dup2(devnull, 1) < 0 || ::dup2(err[1], 2) < 0 ||
        ::dup2(c, 3) < 0 || ::dup2(r, 4) < 0 || ::dup2(i, 5) < 0)
      ::_exit(127);
    if (::chdir(launch.cwd.c_str()) != 0) ::_exit(127);
    ::execve(launch.node.c_str(), argv.data(), envp);
    ::_exit(127);
  }
  ::close(calls[1]);
  ::close(replies[0]);
  ::close(invokes[0]);
  ::close(err[1]);
  NodeChild child;
  child.pid = pid;
  child.calls = calls[0];
  child.replies = replies[1];
  child.invokes = invokes[1];
  child.stderr_fd = err[0];
  child.confinement = "not confined";
  return child;
}

int end_node(NodeChild& child, bool kill) {
  int status = -1;
  if (child.pid > 0) {
    if (kill) ::kill(child.pid, SIGKILL);
    while (::waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {}
    child.pid = -1;
  }
  for (int* fd : {&child.calls, &child.replies, &child.invokes, &child.stderr_fd})
    if (*fd >= 0) {
      ::close(*fd);
      *fd = -1;
    }
  return status;
}

}  // namespace loopstep
