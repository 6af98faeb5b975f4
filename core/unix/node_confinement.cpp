// The node child's confinement: the policy (which paths, which limits) and its application.
#include "core/unix/node_confinement.h"

#include <elf.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "core/unix/seccomp.h"

namespace loopstep {

namespace {

// Node reads no file of its own it could not start without, and writes none: a descriptor
// budget well above the ~20 it holds at rest (epoll, eventfds, its pipes) and far below the
// usual thousands.
constexpr rlim_t kNodeOpenFiles = 128;

bool exists(const char* path) {
  struct stat st {};
  return ::stat(path, &st) == 0;
}

std::string real_path(const std::string& path) {
  char buf[PATH_MAX];
  return ::realpath(path.c_str(), buf) ? std::string(buf) : std::string();
}

bool beneath(const std::string& path, const std::string& tree) {
  return path == tree || (path.size() > tree.size() && path.compare(0, tree.size(), tree) == 0 && path[tree.size()] == '/');
}

// The PT_INTERP of a 64-bit ELF file: the loader the kernel maps with it ("" for a static one).
std::string elf_interpreter(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  Elf64_Ehdr eh{};
  if (!in.read(reinterpret_cast<char*>(&eh), sizeof eh) || std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
      eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_phentsize != sizeof(Elf64_Phdr))
    throw std::runtime_error("cannot confine node: " + path + " is not a 64-bit ELF executable");
  for (unsigned i = 0; i < eh.e_phnum; ++i) {
    Elf64_Phdr ph{};
    in.seekg(static_cast<std::streamoff>(eh.e_phoff + i * sizeof ph));
    if (!in.read(reinterpret_cast<char*>(&ph), sizeof ph)) break;
    if (ph.p_type != PT_INTERP) continue;
    std::string interp(std::min<uint64_t>(ph.p_filesz, PATH_MAX), '\0');
    in.seekg(static_cast<std::streamoff>(ph.p_offset));
    if (!in.read(interp.data(), static_cast<std::streamsize>(interp.size()))) break;
    return interp.substr(0, interp.find('\0'));
  }
  return "";
}

}  // namespace

LandlockRules node_landlock_rules(const NodeLaunch& launch) {
  LandlockRules rules;
  for (const char* tree : {"/usr", "/lib", "/lib64"}) {
    std::string real = real_path(tree);
    if (real.empty()) continue;
    bool covered = std::any_of(rules.read_trees.begin(), rules.read_trees.end(), [&](const std::string& t) { return beneath(real, t); });
    if (!covered) rules.read_trees.push_back(real);
  }
  for (const char* file : {"/etc/ld.so.cache", "/etc/ssl/openssl.cnf"})
    if (exists(file)) rules.read_files.push_back(file);
  rules.read_files.insert(rules.read_files.end(), launch.read_files.begin(), launch.read_files.end());
  rules.exec_files.push_back(launch.node);
  std::string loader = elf_interpreter(launch.node);
  if (!loader.empty()) rules.exec_files.push_back(loader);
  return rules;
}

std::string confinement_summary(LandlockAbi abi, bool seccomp) {
  std::string sockets = seccomp ? "; no sockets, no metadata changes (seccomp)"
                                : "; sockets and metadata changes open (no seccomp filter for this architecture)";
  if (abi.version == 0)
    return std::string("not confined: Landlock is not available on this kernel (") + std::strerror(abi.error) +
           "); rlimits and no_new_privs only" + sockets;
  std::string s = "Landlock ABI " + std::to_string(abi.version) +
                  ": reads only node and its libraries, the bootstrap and the lesson; writes nothing";
  s += abi.version >= 4 ? "; no TCP" : "; TCP open (Landlock ABI < 4)";
  s += "; no exec but node";
  s += abi.version >= 6 ? "; signals scoped" : "; signals not scoped (Landlock ABI < 6)";
  return s + sockets;
}

NodeConfinement::NodeConfinement(const NodeLaunch& launch) {
  auto limit = [&](int resource, rlim_t soft, rlim_t hard) {
    rlimit now{};
    ::getrlimit(resource, &now);  // a hard limit cannot be raised: stay within the current one
    limits_[limit_count_++] = {resource, {std::min(soft, now.rlim_max), std::min(hard, now.rlim_max)}};
  };
  // SIGXCPU at the soft limit; SIGKILL a second later, should node catch SIGXCPU.
  const auto cpu = static_cast<rlim_t>(launch.cpu_seconds);
  if (launch.cpu_seconds > 0) limit(RLIMIT_CPU, cpu, cpu + 1);
  const auto memory = static_cast<rlim_t>(launch.memory_bytes);
  if (launch.memory_bytes > 0) limit(RLIMIT_AS, memory, memory);
  limit(RLIMIT_FSIZE, 0, 0);  // no file grows, should a write ever be allowed
  limit(RLIMIT_CORE, 0, 0);   // a crash leaves no memory image behind
  limit(RLIMIT_NOFILE, kNodeOpenFiles, kNodeOpenFiles);
  // RLIMIT_NPROC is left alone: it counts every process of the user, so a bound small enough
  // to matter breaks a desktop session's node; the permission model refuses child processes
  // and workers, Landlock lets only node itself be executed, and end_node kills the group.

  seccomp_ = seccomp_filter_known();
  LandlockAbi abi = landlock_abi();
  if (abi.version > 0) {
    // Above 5: the child moves its pipes onto fds 0-5 before it enforces the ruleset.
    int fd = landlock_ruleset(node_landlock_rules(launch), abi.version);
    ruleset_ = ::fcntl(fd, F_DUPFD_CLOEXEC, 10);
    int e = errno;
    ::close(fd);
    if (ruleset_ < 0) throw std::runtime_error(std::string("cannot confine node: ") + std::strerror(e));
  }
  summary_ = confinement_summary(abi, seccomp_);
}

NodeConfinement::~NodeConfinement() {
  if (ruleset_ >= 0) ::close(ruleset_);
}

int NodeConfinement::apply(pid_t parent, const char** step) const {
  auto failed = [&](const char* name, int error) {
    *step = name;
    return error;
  };
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) return failed("prctl(PR_SET_PDEATHSIG)", errno);
  if (::getppid() != parent) return failed("loopstep ended before node started", ESRCH);
  for (size_t i = 0; i < limit_count_; ++i)
    if (::setrlimit(limits_[i].resource, &limits_[i].value) != 0) return failed("setrlimit", errno);
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return failed("prctl(PR_SET_NO_NEW_PRIVS)", errno);
  if (seccomp_)
    if (int e = seccomp_confine()) return failed("seccomp", e);
  if (ruleset_ >= 0)
    if (int e = landlock_enforce(ruleset_)) return failed("landlock_restrict_self", e);
  return 0;
}

}  // namespace loopstep
