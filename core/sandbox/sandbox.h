// The per-run sandbox folder: created from the scenario's files, removed afterwards.
// Every path is resolved beneath it with openat2(RESOLVE_BENEATH): `..`, absolute paths
// and symlinks that lead out fail with the kernel's errno and touch nothing outside. (Linux's
// stat of a single component that is not a symlink is one fstatat on the folder's fd: the
// same answer, see sandbox.cpp.)
#pragma once
#include <sys/stat.h>

#include <cstdint>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/sandbox/write_budget.h"
#include "core/scenario/scenario.h"

namespace loopstep {

// What bounds a sandbox besides the scenario's entries (kMaxSandboxEntries).
struct SandboxOptions {
  int64_t max_write_bytes = Limits{}.max_sandbox_bytes;  // beyond it fs.write fails with EFBIG
  // Polled once per entry while the sandbox is made: a stop (a limit) abandons a slow creation.
  std::function<std::string()> stop_reason = [] { return std::string(); };
};

class Sandbox {
 public:
  // Creates a fresh folder under $TMPDIR (or /tmp) and fills it. Throws std::runtime_error
  // (with the stop reason when creation was stopped); a half-made folder is removed first.
  Sandbox(const std::vector<SandboxFile>& files, const std::vector<SandboxLink>& links, SandboxOptions options = {});
  ~Sandbox();  // closes what the scenario left open, removes the folder
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  const std::string& root() const { return root_; }
  // JS lessons: open returns the lowest free descriptor from `base` (what node's process would
  // number it), so a program printing its fd prints what it prints under node. 0 = the kernel's.
  void set_fd_base(int base) { fd_base_ = base; }

  // The real syscalls; each returns the result or -errno. Called on worker threads.
  int64_t open(const std::string& path, int flags, int mode);
  int64_t stat(const std::string& path, struct stat* st);
  int64_t fstat(int64_t fd, struct stat* st);
  int64_t read(int64_t fd, std::string* out, int64_t length, int64_t position);
  // -EFBIG, writing nothing, once the run's writes would pass max_write_bytes (loopstep's limit).
  int64_t write(int64_t fd, const std::string& data, int64_t position);
  int64_t close(int64_t fd);
  int64_t unlink(const std::string& path);
  // JS lessons' calls. readdir fills `names` sorted byte-wise, as uv_fs_scandir does.
  int64_t lstat(const std::string& path, struct stat* st);
  int64_t mkdir(const std::string& path, int mode);
  int64_t readdir(const std::string& path, std::vector<std::string>* names);
  int64_t rename(const std::string& from, const std::string& to);
  int64_t rmdir(const std::string& path);

  static int open_flags(const std::string& js_flags);  // "r" -> O_RDONLY ...

 private:
  // Only fds the scenario opened may be used: a double close must not hit the engine's own fds.
  bool owns(int64_t fd);
  void populate(const std::vector<SandboxFile>& files, const std::vector<SandboxLink>& links);
  void remove_all();
  int64_t resolve(const std::string& path, uint64_t flags, uint64_t mode);
  // The folder holding `path`'s last component, resolved beneath the sandbox, and that
  // component; -errno when there is none ("", ".", ".."): what *at() calls take.
  int64_t resolve_parent(const std::string& path, std::string* name);

  SandboxOptions options_;
  WriteBudget write_budget_;
  std::string root_;
  int dirfd_ = -1;
  int fd_base_ = 0;
  std::mutex fds_mutex_;
  std::set<int64_t> fds_;
};

}  // namespace loopstep
