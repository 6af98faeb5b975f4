// The start-up benchmark (see startup.h) and its section of the table. It needs the app
// built with the GUI (LOOPSTEP_BENCH_GUI, LOOPSTEP_APP_BIN) and Xvfb; otherwise it says why.
#include "tests/bench/startup.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "tests/bench/sections.h"
#include "tests/bench/stats.h"

extern char** environ;

namespace loopstep::bench {

namespace {

// The full path of an executable on PATH, or "".
std::string which(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string p = path ? path : "/usr/bin:/bin";
  size_t start = 0;
  while (start <= p.size()) {
    size_t end = p.find(':', start);
    if (end == std::string::npos) end = p.size();
    std::string cand = (end > start ? p.substr(start, end - start) : ".") + "/" + name;
    if (access(cand.c_str(), X_OK) == 0) return cand;
    start = end + 1;
  }
  return "";
}

// Spawns argv with stdout/stderr to /dev/null and the given environment; returns the pid or -1.
pid_t spawn(const std::vector<std::string>& args, char** envp) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), envp);
  posix_spawn_file_actions_destroy(&fa);
  return rc == 0 ? pid : -1;
}

// One Xvfb on a display it picks itself (-displayfd): ready when it writes the number.
class Xvfb {
 public:
  explicit Xvfb(const std::string& bin) {
    int fds[2];
    if (pipe(fds) != 0) return;
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    pid_ = spawn({bin, "-displayfd", std::to_string(fds[1]), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"}, environ);
    close(fds[1]);
    std::string got;
    pollfd p{fds[0], POLLIN, 0};
    while (pid_ > 0 && poll(&p, 1, 10'000) == 1) {
      char buf[16];
      const ssize_t n = read(fds[0], buf, sizeof buf);
      if (n <= 0) break;
      got.append(buf, size_t(n));
      if (got.find('\n') != std::string::npos) break;
    }
    close(fds[0]);
    if (!got.empty() && got.find('\n') != std::string::npos) display_ = ":" + got.substr(0, got.find('\n'));
  }
  ~Xvfb() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int st = 0;
    waitpid(pid_, &st, 0);
  }
  Xvfb(const Xvfb&) = delete;
  Xvfb& operator=(const Xvfb&) = delete;
  const std::string& display() const { return display_; }

 private:
  pid_t pid_ = -1;
  std::string display_;
};

}  // namespace

StartupRun startup_run(const std::string& loopstep_bin, const std::string& scenario, int runs) {
  StartupRun r;
  const std::string xvfb = which("Xvfb");
  if (xvfb.empty() || which("xvfb-run").empty()) {
    r.skipped = "xvfb-run missing (apt-get install xvfb)";
    return r;
  }
  Xvfb server(xvfb);
  if (server.display().empty()) {
    r.skipped = "Xvfb did not start";
    return r;
  }
  // The child's environment: ours with DISPLAY pointing at the new server.
  std::vector<std::string> env_s;
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, "DISPLAY=", 8) != 0 && std::strncmp(*e, "WAYLAND_DISPLAY=", 16) != 0) env_s.emplace_back(*e);
  env_s.push_back("DISPLAY=" + server.display());
  // The real window, which exits right after its first frame is on screen.
  env_s.push_back("LOOPSTEP_EXIT_AFTER_FIRST_FRAME=1");
  env_s.push_back("XDG_CONFIG_HOME=/tmp/loopstep-bench-startup-config");
  std::vector<char*> envp;
  for (std::string& s : env_s) envp.push_back(s.data());
  envp.push_back(nullptr);

  const std::vector<std::string> args = {loopstep_bin, scenario};
  r.command = "LOOPSTEP_EXIT_AFTER_FIRST_FRAME=1 loopstep " + scenario.substr(scenario.rfind('/') + 1);
  for (int i = 0; i <= runs; ++i) {
    const int64_t t0 = now_ns();
    const pid_t pid = spawn(args, envp.data());
    int st = 0;
    if (pid <= 0 || waitpid(pid, &st, 0) != pid) {
      r.skipped = "cannot run " + loopstep_bin;
      return r;
    }
    const int64_t t1 = now_ns();
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
      r.skipped = "loopstep failed under Xvfb (exit " + std::to_string(WIFEXITED(st) ? WEXITSTATUS(st) : -1) + ")";
      r.wall_ms.clear();
      return r;
    }
    if (i > 0) r.wall_ms.push_back(double(t1 - t0) / 1e6);  // run 0 warms the caches
  }
  return r;
}

void startup_section(Results& out) {
#ifdef LOOPSTEP_BENCH_GUI
  const std::string scenario = std::string(LOOPSTEP_SOURCE_DIR) + "/scenarios/fs_open_iocp.toml";
  StartupRun r = startup_run(LOOPSTEP_APP_BIN, scenario, std::max(kReps, 7));
  if (!r.skipped.empty()) {
    out.add({"start-up to first frame (Xvfb)", std::nullopt, "ms", "<= 500", std::nullopt, "SKIPPED: " + r.skipped});
    out.set("startup_ms", std::nullopt);
    return;
  }
  Summary s = summarize(r.wall_ms);
  out.add({"start-up to first frame (Xvfb)", s, "ms", "<= 500", s.median <= 500,
           std::to_string(s.samples) + " runs of `" + r.command.substr(0, r.command.find(" --out")) +
               "`: spawn -> exit, so an upper bound (4 frames + PNG write)"});
  out.set("startup_ms", s.median);
#else
  out.add({"start-up to first frame (Xvfb)", std::nullopt, "ms", "<= 500", std::nullopt, "built with LOOPSTEP_GUI=OFF"});
  out.set("startup_ms", std::nullopt);
#endif
}

}  // namespace loopstep::bench
