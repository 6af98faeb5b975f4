// errno names for the MinGW build: the C runtime has no strerrorname_np, so a table of the
// errno values Node shows as err.code. Values are the CRT's own (ELOOP is 114 there, 40 on
// Linux), so a result always carries the name of the error the sandbox returned.
#include <cerrno>

#include "core/record/errno_names.h"

namespace loopstep {
namespace {

struct ErrnoName {
  int value;
  std::string_view name;
};

constexpr ErrnoName kNames[] = {
    {EPERM, "EPERM"},   {ENOENT, "ENOENT"},   {EIO, "EIO"},         {EBADF, "EBADF"},
    {EAGAIN, "EAGAIN"}, {ENOMEM, "ENOMEM"},   {EACCES, "EACCES"},   {EBUSY, "EBUSY"},
    {EEXIST, "EEXIST"}, {EXDEV, "EXDEV"},     {ENOTDIR, "ENOTDIR"}, {EISDIR, "EISDIR"},
    {EINVAL, "EINVAL"}, {ENFILE, "ENFILE"},   {EMFILE, "EMFILE"},   {EFBIG, "EFBIG"},
    {ENOSPC, "ENOSPC"}, {EROFS, "EROFS"},     {EPIPE, "EPIPE"},     {ENAMETOOLONG, "ENAMETOOLONG"},
    {ENOSYS, "ENOSYS"}, {ENOTEMPTY, "ENOTEMPTY"}, {ELOOP, "ELOOP"}, {ETIMEDOUT, "ETIMEDOUT"},
    {ECANCELED, "ECANCELED"}, {EINTR, "EINTR"},
    // sockets (core/win/tcp_errors_win.cpp)
    {ECONNREFUSED, "ECONNREFUSED"}, {ECONNRESET, "ECONNRESET"}, {ECONNABORTED, "ECONNABORTED"}, {ENOTCONN, "ENOTCONN"},
    {EISCONN, "EISCONN"}, {EINPROGRESS, "EINPROGRESS"}, {EADDRINUSE, "EADDRINUSE"}, {ENOBUFS, "ENOBUFS"},
};

}  // namespace

std::string_view errno_name(int err) {
  for (const auto& n : kNames)
    if (n.value == err) return n.name;
  return "E?";
}

int errno_from_name(std::string_view name) {
  for (const auto& n : kNames)
    if (n.name == name) return n.value;
  return 0;
}

}  // namespace loopstep
