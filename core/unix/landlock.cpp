// Landlock's syscalls (glibc has no wrappers) and the access bits of each ABI version.
#include "core/unix/landlock.h"

#include <fcntl.h>
#include <linux/landlock.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace loopstep {

namespace {

// Debian 12's kernel headers are 6.1's (ABI 3 at most): the later bits, from the stable ABI.
constexpr uint64_t kFsTruncate = 1ULL << 14;  // ABI 3
constexpr uint64_t kFsIoctlDev = 1ULL << 15;  // ABI 5
constexpr uint64_t kNetBindTcp = 1ULL << 0;   // ABI 4
constexpr uint64_t kNetConnectTcp = 1ULL << 1;
constexpr uint64_t kScopeAbstractUnixSocket = 1ULL << 0;  // ABI 6
constexpr uint64_t kScopeSignal = 1ULL << 1;

// struct landlock_ruleset_attr as of ABI 6. The kernel takes a longer struct than it knows as
// long as the fields it does not know are zero, so one layout serves every version.
struct RulesetAttr {
  uint64_t handled_access_fs;
  uint64_t handled_access_net;
  uint64_t scoped;
};

uint64_t handled_fs(int abi) {
  uint64_t fs = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1;  // ABI 1: bits 0 (execute) to 12 (make_sym)
  if (abi >= 2) fs |= LANDLOCK_ACCESS_FS_REFER;
  if (abi >= 3) fs |= kFsTruncate;
  if (abi >= 5) fs |= kFsIoctlDev;
  return fs;
}

void add_rule(int ruleset, const std::string& path, uint64_t access) {
  // O_PATH follows symlinks: the rule is on what the path names (/lib is /usr/lib on merged-usr).
  int fd = ::open(path.c_str(), O_PATH | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot confine node: " + path + ": " + std::strerror(errno));
  landlock_path_beneath_attr attr{access, fd};
  long rc = ::syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &attr, 0);
  int e = errno;
  ::close(fd);
  if (rc != 0) throw std::runtime_error("cannot confine node: Landlock rule for " + path + ": " + std::strerror(e));
}

}  // namespace

LandlockAbi landlock_abi() {
  long v = ::syscall(SYS_landlock_create_ruleset, nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
  if (v < 0) return {0, errno};
  return {static_cast<int>(v), 0};
}

int landlock_ruleset(const LandlockRules& rules, int abi) {
  const uint64_t fs = handled_fs(abi);
  RulesetAttr attr{fs, abi >= 4 ? kNetBindTcp | kNetConnectTcp : 0, abi >= 6 ? kScopeAbstractUnixSocket | kScopeSignal : 0};
  long ruleset = ::syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
  if (ruleset < 0) throw std::runtime_error(std::string("cannot confine node: landlock_create_ruleset: ") + std::strerror(errno));
  const int fd = static_cast<int>(ruleset);
  const uint64_t read = LANDLOCK_ACCESS_FS_READ_FILE;
  try {
    for (const std::string& p : rules.read_trees) add_rule(fd, p, read | LANDLOCK_ACCESS_FS_READ_DIR);
    for (const std::string& p : rules.read_files) add_rule(fd, p, read);
    // execve opens the file for reading too: Landlock asks for both rights.
    for (const std::string& p : rules.exec_files) add_rule(fd, p, read | LANDLOCK_ACCESS_FS_EXECUTE);
  } catch (...) {
    ::close(fd);
    throw;
  }
  return fd;
}

int landlock_enforce(int ruleset_fd) {
  return ::syscall(SYS_landlock_restrict_self, ruleset_fd, 0) == 0 ? 0 : errno;
}

}  // namespace loopstep
