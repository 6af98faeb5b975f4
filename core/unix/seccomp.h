// A seccomp filter for the node child, for what Landlock (ABI 7) leaves open: it governs only
// TCP bind and connect, so UDP, unix sockets named by a path and netlink stay reachable, and
// it does not govern a file's metadata, so chmod, chown, utimes and xattrs on the user's files
// would work. A lesson's I/O goes through loopstep: node needs none of these. io_uring is
// refused too, as its socket and connect operations would bypass the filter.
#pragma once

namespace loopstep {

// False on architectures the filter does not know (it checks the syscall ABI it was built for).
bool seccomp_filter_known();

// In the child, after PR_SET_NO_NEW_PRIVS: socket(2), socketpair(2) and the metadata changes
// fail with EACCES, io_uring_setup(2) with ENOSYS (libuv falls back to its thread pool); a
// syscall of another ABI (x32, i386) kills the process. Returns 0 or an errno.
// Async-signal-safe.
int seccomp_confine();

}  // namespace loopstep
