// Sandbox cleanup: the registry of this process's folders, orphans, and the signal thread.
#include "core/unix/sandbox_cleanup.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <mutex>
#include <set>
#include <thread>

namespace loopstep {
namespace {

std::mutex registry_mutex;
std::set<std::string>& registry() {
  static std::set<std::string> roots;
  return roots;
}

int remove_entry(const char* path, const struct stat*, int type, struct FTW*) {
  return type == FTW_DP ? ::rmdir(path) : ::unlink(path);  // FTW_PHYS: links themselves
}

// "loopstep-1234-Ab3dEf" -> 1234; 0 for any other name.
pid_t owner_pid(const char* name) {
  const std::string_view prefix = "loopstep-";
  std::string_view n(name);
  if (!n.starts_with(prefix)) return 0;
  char* end = nullptr;
  long pid = std::strtol(name + prefix.size(), &end, 10);
  return end != name + prefix.size() && *end == '-' && pid > 0 ? static_cast<pid_t>(pid) : 0;
}

bool process_alive(pid_t pid) { return ::kill(pid, 0) == 0 || errno != ESRCH; }  // EPERM: alive

}  // namespace

void sandbox_registered(const std::string& root) {
  std::lock_guard lock(registry_mutex);
  registry().insert(root);
}

void sandbox_unregistered(const std::string& root) {
  std::lock_guard lock(registry_mutex);
  registry().erase(root);
}

int remove_orphan_sandboxes(const std::string& tmpdir) {
  DIR* dir = ::opendir(tmpdir.c_str());
  if (!dir) return 0;
  int removed = 0;
  while (struct dirent* e = ::readdir(dir)) {
    pid_t pid = owner_pid(e->d_name);
    if (pid == 0 || pid == ::getpid() || process_alive(pid)) continue;
    std::string path = tmpdir + "/" + e->d_name;
    int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) continue;
    // Only our own folders (another user's could lead the removal elsewhere), and only
    // unlocked ones: the pid may be a recycled number of a process in another namespace.
    struct stat st {};
    if (::fstat(fd, &st) == 0 && st.st_uid == ::getuid() && ::flock(fd, LOCK_EX | LOCK_NB) == 0 &&
        ::nftw(path.c_str(), remove_entry, 16, FTW_DEPTH | FTW_PHYS) == 0)
      ++removed;
    ::close(fd);
  }
  ::closedir(dir);
  return removed;
}

void remove_sandboxes_on_signals() {
  sigset_t set;
  sigemptyset(&set);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, s);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // sigwait on a thread of its own: the removal runs as ordinary code, not in a handler.
  std::thread([set] {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) return;
    {
      std::lock_guard lock(registry_mutex);
      for (const std::string& root : registry()) ::nftw(root.c_str(), remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    }
    std::signal(sig, SIG_DFL);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, sig);
    pthread_sigmask(SIG_UNBLOCK, &one, nullptr);
    ::raise(sig);  // delivered to this thread now; its default action ends the process
    std::_Exit(128 + sig);
  }).detach();
}

}  // namespace loopstep
