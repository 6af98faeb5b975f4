// The node child on Linux: fork, move the pipes to fds 3, 4, 5, confine
// (core/unix/node_confinement.h), exec node with an empty environment.
#include "core/node/node_child.h"

#include <fcntl.h>
#include <linux/close_range.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "core/unix/node_confinement.h"

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

// What the child sends on its status pipe when a step before exec fails; nothing (EOF at
// exec, the pipe is O_CLOEXEC) when node started. `step` points at a string literal: the
// child is a fork of this process, so the address means the same here.
struct ChildFailure {
  const char* step;
  int error;
};

[[noreturn]] void child_fails(int status_fd, const char* step, int error) {
  ChildFailure f{step, error};
  [[maybe_unused]] ssize_t n = ::write(status_fd, &f, sizeof f);
  ::_exit(127);
}

// Every descriptor of loopstep above node's 0-5 closes at exec: Landlock does not reach a
// file that is already open, so an inherited one (a recording, a sandbox's folder) would be
// a way out. close_range is Linux 5.11; before it, one fcntl per possible descriptor.
void close_on_exec_from(int first, long open_max) {
  if (::syscall(SYS_close_range, first, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return;
  for (long fd = first; fd < open_max; ++fd) ::fcntl(static_cast<int>(fd), F_SETFD, FD_CLOEXEC);
}

}  // namespace

NodeChild spawn_node(const NodeLaunch& launch) {
  if (launch.node.empty()) throw std::runtime_error("node is not on PATH: JS lessons need node (>= 18)");
  const NodeConfinement confinement(launch);  // before fork: it opens paths and allocates
  int calls[2] = {-1, -1}, replies[2] = {-1, -1}, invokes[2] = {-1, -1}, err[2] = {-1, -1}, status[2] = {-1, -1};
  auto close_all = [&] { close_pair(calls), close_pair(replies), close_pair(invokes), close_pair(err), close_pair(status); };
  if (::pipe2(calls, O_CLOEXEC) || ::pipe2(replies, O_CLOEXEC) || ::pipe2(invokes, O_CLOEXEC) || ::pipe2(err, O_CLOEXEC) ||
      ::pipe2(status, O_CLOEXEC)) {
    int e = errno;
    close_all();
    throw std::runtime_error(std::string("cannot make the pipes to node: ") + std::strerror(e));
  }
  std::vector<std::string> argv_s{launch.node};
  argv_s.insert(argv_s.end(), launch.args.begin(), launch.args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  char* envp[] = {nullptr};
  const long open_max = ::sysconf(_SC_OPEN_MAX);
  const pid_t parent = ::getpid();

  pid_t pid = ::fork();
  if (pid < 0) {
    int e = errno;
    close_all();
    throw std::runtime_error(std::string("cannot start node: fork: ") + std::strerror(e));
  }
  if (pid == 0) {
    // Only async-signal-safe calls from here to exec: the parent has threads.
    // Above 5 first, so that moving one pipe to 0-5 never overwrites another.
    const int s = ::fcntl(status[1], F_DUPFD_CLOEXEC, 10);
    int c = ::fcntl(calls[1], F_DUPFD_CLOEXEC, 10), r = ::fcntl(replies[0], F_DUPFD_CLOEXEC, 10),
        i = ::fcntl(invokes[0], F_DUPFD_CLOEXEC, 10), e = ::fcntl(err[1], F_DUPFD_CLOEXEC, 10);
    int devnull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (s < 0) ::_exit(127);
    if (devnull < 0 || c < 0 || r < 0 || i < 0 || e < 0 || ::dup2(devnull, 0) < 0 || ::dup2(devnull, 1) < 0 || ::dup2(e, 2) < 0 ||
        ::dup2(c, 3) < 0 || ::dup2(r, 4) < 0 || ::dup2(i, 5) < 0)
      child_fails(s, "moving the pipes to fds 0-5", errno);
    close_on_exec_from(6, open_max);
    if (::chdir(launch.cwd.c_str()) != 0) child_fails(s, "chdir to the sandbox", errno);
    // Its own process group, so that end_node reaches whatever node may have started.
    if (::setpgid(0, 0) != 0) child_fails(s, "setpgid", errno);
    const char* step = nullptr;
    if (int e = confinement.apply(parent, &step)) child_fails(s, step, e);
    ::execve(launch.node.c_str(), argv.data(), envp);
    child_fails(s, "execve", errno);
  }
  ::close(calls[1]);
  ::close(replies[0]);
  ::close(invokes[0]);
  ::close(err[1]);
  ::close(status[1]);
  ChildFailure failure{};
  ssize_t n;
  while ((n = ::read(status[0], &failure, sizeof failure)) < 0 && errno == EINTR) {}
  ::close(status[0]);
  if (n > 0) {
    while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {}
    ::close(calls[0]), ::close(replies[1]), ::close(invokes[1]), ::close(err[0]);
    throw std::runtime_error(std::string("cannot start node: ") + failure.step + ": " + std::strerror(failure.error));
  }
  NodeChild child;
  child.pid = pid;
  child.calls = calls[0];
  child.replies = replies[1];
  child.invokes = invokes[1];
  child.stderr_fd = err[0];
  child.confinement = confinement.summary();
  return child;
}

int end_node(NodeChild& child, bool kill) {
  int status = -1;
  if (child.pid > 0) {
    if (kill) ::kill(child.pid, SIGKILL);
    // Wait without reaping, so that the group's id cannot yet be reused, then end the rest of
    // the group (anything node started), then reap.
    siginfo_t info{};
    while (::waitid(P_PID, static_cast<id_t>(child.pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR) {}
    ::kill(-child.pid, SIGKILL);
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
