// The node child's seccomp filter as a classic BPF program, fixed at compile time for the build's ABI.
#include "core/unix/seccomp.h"

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include <cerrno>
#include <cstddef>

namespace loopstep {

#if defined(__x86_64__)
#define LOOPSTEP_SECCOMP_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define LOOPSTEP_SECCOMP_ARCH AUDIT_ARCH_AARCH64
#endif

#ifdef LOOPSTEP_SECCOMP_ARCH

// Linux 6.6's fchmodat2, the same number on every architecture; Debian 12's headers are 6.1's.
#ifndef __NR_fchmodat2
#define __NR_fchmodat2 452
#endif

namespace {

// Refuse one syscall with `error`; fall through to the next test otherwise.
#define LOOPSTEP_REFUSE(nr, error) \
  BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (error))

sock_filter kFilter[] = {
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, LOOPSTEP_SECCOMP_ARCH, 1, 0),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
#ifdef __x86_64__
    // x32 syscalls share x86_64's arch token and carry this bit in their number.
    BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, __X32_SYSCALL_BIT, 0, 1),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
#endif
    LOOPSTEP_REFUSE(__NR_socket, EACCES),
    LOOPSTEP_REFUSE(__NR_socketpair, EACCES),
    LOOPSTEP_REFUSE(__NR_io_uring_setup, ENOSYS),
    LOOPSTEP_REFUSE(__NR_fchmod, EACCES),
    LOOPSTEP_REFUSE(__NR_fchmodat, EACCES),
    LOOPSTEP_REFUSE(__NR_fchmodat2, EACCES),
    LOOPSTEP_REFUSE(__NR_fchown, EACCES),
    LOOPSTEP_REFUSE(__NR_fchownat, EACCES),
    LOOPSTEP_REFUSE(__NR_utimensat, EACCES),
    LOOPSTEP_REFUSE(__NR_setxattr, EACCES),
    LOOPSTEP_REFUSE(__NR_lsetxattr, EACCES),
    LOOPSTEP_REFUSE(__NR_fsetxattr, EACCES),
    LOOPSTEP_REFUSE(__NR_removexattr, EACCES),
    LOOPSTEP_REFUSE(__NR_lremovexattr, EACCES),
    LOOPSTEP_REFUSE(__NR_fremovexattr, EACCES),
#ifdef __x86_64__  // the older calls aarch64 never had
    LOOPSTEP_REFUSE(__NR_chmod, EACCES),
    LOOPSTEP_REFUSE(__NR_chown, EACCES),
    LOOPSTEP_REFUSE(__NR_lchown, EACCES),
    LOOPSTEP_REFUSE(__NR_utime, EACCES),
    LOOPSTEP_REFUSE(__NR_utimes, EACCES),
    LOOPSTEP_REFUSE(__NR_futimesat, EACCES),
#endif
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};

#undef LOOPSTEP_REFUSE

}  // namespace

bool seccomp_filter_known() { return true; }

int seccomp_confine() {
  sock_fprog prog{static_cast<unsigned short>(sizeof kFilter / sizeof kFilter[0]), kFilter};
  return ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) == 0 ? 0 : errno;
}

#else

bool seccomp_filter_known() { return false; }
int seccomp_confine() { return EOPNOTSUPP; }

#endif

}  // namespace loopstep
