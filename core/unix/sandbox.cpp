// Sandbox: openat2-confined syscalls on real files.
#include "core/sandbox/sandbox.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <linux/openat2.h>
#include <sys/file.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <stdexcept>

#include "core/unix/sandbox_cleanup.h"

namespace loopstep {
namespace {

int64_t neg_errno() { return -static_cast<int64_t>(errno); }

int remove_entry(const char* path, const struct stat*, int type, struct FTW*) {
  // FTW_PHYS: symlinks are removed themselves, never followed.
  return type == FTW_DP ? ::rmdir(path) : ::unlink(path);
}

// One component naming an entry of the folder itself: no '/', not "", "." or "..", no NUL.
bool single_component(const std::string& path) {
  return !path.empty() && path != "." && path != ".." && path.find_first_of(std::string_view("/\0", 2)) == std::string::npos;
}

}  // namespace

Sandbox::Sandbox(const std::vector<SandboxFile>& files, const std::vector<SandboxLink>& links, SandboxOptions options)
    : options_(std::move(options)), write_budget_(options_.max_write_bytes) {
  try {
    populate(files, links);
  } catch (...) {
    remove_all();  // a half-made sandbox must not stay behind
    throw;
  }
}

void Sandbox::populate(const std::vector<SandboxFile>& files, const std::vector<SandboxLink>& links) {
  const char* tmp = std::getenv("TMPDIR");
  const std::string tmpdir = tmp && *tmp ? tmp : "/tmp";
  static std::once_flag orphans_removed;  // once per process, at its first sandbox
  std::call_once(orphans_removed, [&] { remove_orphan_sandboxes(tmpdir); });
  // The pid in the name and the lock on the folder tell a later process whether its owner is alive.
  std::string templ = tmpdir + "/loopstep-" + std::to_string(::getpid()) + "-XXXXXX";
  if (!::mkdtemp(templ.data())) throw std::runtime_error("cannot create the sandbox folder: " + std::string(std::strerror(errno)));
  root_ = templ;
  sandbox_registered(root_);
  dirfd_ = ::open(root_.c_str(), O_DIRECTORY | O_RDONLY | O_CLOEXEC);
  if (dirfd_ < 0) throw std::runtime_error("cannot open the sandbox folder: " + std::string(std::strerror(errno)));
  ::flock(dirfd_, LOCK_EX);
  auto make_parents = [&](const std::string& p) {
    for (size_t i = p.find('/'); i != std::string::npos; i = p.find('/', i + 1))
      ::mkdirat(dirfd_, p.substr(0, i).c_str(), 0755);  // EEXIST is fine; a bad parent fails below
  };
  auto check_stop = [&] {
    if (std::string why = options_.stop_reason(); !why.empty()) throw std::runtime_error(why + " while creating the sandbox");
  };
  for (const auto& f : files) {
    check_stop();
    make_parents(f.path);
    int64_t fd = resolve(f.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error("cannot create sandbox file '" + f.path + "': " + std::strerror(static_cast<int>(-fd)));
    if (::write(static_cast<int>(fd), f.content.data(), f.content.size()) != static_cast<ssize_t>(f.content.size())) {
      ::close(static_cast<int>(fd));
      throw std::runtime_error("cannot write sandbox file '" + f.path + "'");
    }
    ::close(static_cast<int>(fd));
  }
  for (const auto& l : links) {
    check_stop();
    make_parents(l.path);
    if (::symlinkat(l.target.c_str(), dirfd_, l.path.c_str()) != 0)
      throw std::runtime_error("cannot create sandbox symlink '" + l.path + "': " + std::strerror(errno));
  }
}

Sandbox::~Sandbox() { remove_all(); }

void Sandbox::remove_all() {
  for (int64_t fd : fds_) ::close(static_cast<int>(fd));
  fds_.clear();
  if (!root_.empty()) {
    ::nftw(root_.c_str(), remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    sandbox_unregistered(root_);
  }
  root_.clear();
  if (dirfd_ >= 0) ::close(dirfd_);  // the lock goes with it, after the folder
  dirfd_ = -1;
}

int64_t Sandbox::resolve(const std::string& path, uint64_t flags, uint64_t mode) {
  if (path.find('\0') != std::string::npos) return -EINVAL;
  struct open_how how{};
  how.flags = flags | O_CLOEXEC;
  how.mode = (flags & O_CREAT) ? mode : 0;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  long fd = ::syscall(SYS_openat2, dirfd_, path.c_str(), &how, sizeof how);
  return fd < 0 ? neg_errno() : fd;
}

bool Sandbox::owns(int64_t fd) {
  std::lock_guard lock(fds_mutex_);
  return fds_.count(fd) != 0;
}

int64_t Sandbox::open(const std::string& path, int flags, int mode) {
  int64_t fd = resolve(path, static_cast<uint64_t>(flags), static_cast<uint64_t>(mode));
  if (fd >= 0 && fd_base_ > 0) {
    int moved = ::fcntl(static_cast<int>(fd), F_DUPFD_CLOEXEC, fd_base_);
    if (moved >= 0 && (fd < fd_base_ || moved < fd)) {
      ::close(static_cast<int>(fd));
      fd = moved;
    } else if (moved >= 0) {
      ::close(moved);
    }
  }
  if (fd >= 0) {
    std::lock_guard lock(fds_mutex_);
    fds_.insert(fd);
  }
  return fd;
}

int64_t Sandbox::stat(const std::string& path, struct stat* st) {
  // One syscall where that is provably confined (libuv's stat is one too): a single
  // component looked up in the sandbox folder's own fd names an entry of that folder, and
  // only a symlink could lead elsewhere. AT_SYMLINK_NOFOLLOW does not follow it but reports
  // it, and a link takes the confined path below (the kernel follows it beneath the folder
  // or refuses). A non-link answer is the stat of an entry inside the folder at that
  // instant, so a symlink swapped in afterwards is not followed by anything.
  if (single_component(path)) {
    if (::fstatat(dirfd_, path.c_str(), st, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT) != 0) return neg_errno();
    if (!S_ISLNK(st->st_mode)) return 0;
  }
  int64_t fd = resolve(path, O_PATH, 0);
  if (fd < 0) return fd;
  int r = ::fstat(static_cast<int>(fd), st);
  int64_t result = r == 0 ? 0 : neg_errno();
  ::close(static_cast<int>(fd));
  return result;
}

int64_t Sandbox::fstat(int64_t fd, struct stat* st) {
  if (!owns(fd)) return -EBADF;
  return ::fstat(static_cast<int>(fd), st) == 0 ? 0 : neg_errno();
}

int64_t Sandbox::read(int64_t fd, std::string* out, int64_t length, int64_t position) {
  if (!owns(fd)) return -EBADF;
  out->assign(static_cast<size_t>(length), '\0');
  ssize_t n = position < 0 ? ::read(static_cast<int>(fd), out->data(), out->size())
                           : ::pread(static_cast<int>(fd), out->data(), out->size(), position);
  if (n < 0) { out->clear(); return neg_errno(); }
  out->resize(static_cast<size_t>(n));
  return n;
}

int64_t Sandbox::write(int64_t fd, const std::string& data, int64_t position) {
  if (!owns(fd)) return -EBADF;
  const auto size = static_cast<int64_t>(data.size());
  if (!write_budget_.take(size)) return -EFBIG;
  ssize_t n = position < 0 ? ::write(static_cast<int>(fd), data.data(), data.size())
                           : ::pwrite(static_cast<int>(fd), data.data(), data.size(), position);
  int64_t result = n < 0 ? neg_errno() : n;
  write_budget_.give_back(size - std::max<int64_t>(result, 0));
  return result;
}

int64_t Sandbox::close(int64_t fd) {
  {
    std::lock_guard lock(fds_mutex_);
    if (!fds_.erase(fd)) return -EBADF;
  }
  return ::close(static_cast<int>(fd)) == 0 ? 0 : neg_errno();
}

int64_t Sandbox::resolve_parent(const std::string& path, std::string* name) {
  size_t slash = path.rfind('/');
  std::string parent = slash == std::string::npos ? "." : path.substr(0, slash);
  *name = slash == std::string::npos ? path : path.substr(slash + 1);
  if (name->empty() || *name == "." || *name == "..") return -EINVAL;
  return resolve(parent, O_PATH | O_DIRECTORY, 0);
}

namespace {
// Runs an *at() call on the resolved parent of a path and closes it.
template <class Call>
int64_t at_parent(int64_t dir, Call call) {
  if (dir < 0) return dir;
  int64_t result = call(static_cast<int>(dir)) == 0 ? 0 : neg_errno();
  ::close(static_cast<int>(dir));
  return result;
}
}  // namespace

int64_t Sandbox::unlink(const std::string& path) {
  // Resolve the parent beneath the sandbox, then unlink the last component there.
  std::string name;
  return at_parent(resolve_parent(path, &name), [&](int dir) { return ::unlinkat(dir, name.c_str(), 0); });
}

int64_t Sandbox::lstat(const std::string& path, struct stat* st) {
  std::string name;
  return at_parent(resolve_parent(path, &name), [&](int dir) { return ::fstatat(dir, name.c_str(), st, AT_SYMLINK_NOFOLLOW); });
}

int64_t Sandbox::mkdir(const std::string& path, int mode) {
  std::string name;
  return at_parent(resolve_parent(path, &name), [&](int dir) { return ::mkdirat(dir, name.c_str(), static_cast<mode_t>(mode)); });
}

int64_t Sandbox::rmdir(const std::string& path) {
  std::string name;
  return at_parent(resolve_parent(path, &name), [&](int dir) { return ::unlinkat(dir, name.c_str(), AT_REMOVEDIR); });
}

int64_t Sandbox::rename(const std::string& from, const std::string& to) {
  std::string from_name, to_name;
  int64_t to_dir = resolve_parent(to, &to_name);
  if (to_dir < 0) return to_dir;
  int64_t result = at_parent(resolve_parent(from, &from_name), [&](int dir) {
    return ::renameat(dir, from_name.c_str(), static_cast<int>(to_dir), to_name.c_str());
  });
  ::close(static_cast<int>(to_dir));
  return result;
}

int64_t Sandbox::readdir(const std::string& path, std::vector<std::string>* names) {
  int64_t fd = resolve(path.empty() ? "." : path, O_RDONLY | O_DIRECTORY, 0);
  if (fd < 0) return fd;
  DIR* d = ::fdopendir(static_cast<int>(fd));
  if (!d) {
    int64_t e = neg_errno();
    ::close(static_cast<int>(fd));
    return e;
  }
  names->clear();
  while (struct dirent* de = ::readdir(d)) {
    std::string_view n = de->d_name;
    if (n != "." && n != "..") names->emplace_back(n);
  }
  ::closedir(d);
  std::sort(names->begin(), names->end());
  return static_cast<int64_t>(names->size());
}

}  // namespace loopstep
