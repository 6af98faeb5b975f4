// The loop thread's socket syscalls on Linux (core/net/tcp_io.h): real non-blocking TCP on 127.0.0.1.
#include "core/net/tcp_io.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace loopstep::tcp {

namespace {
constexpr int kFixedBuffer = 1024 * 1024;  // Step mode: well above its modeled window (256 KiB)

sockaddr_in loopback(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

int port_of(int fd, bool peer) {
  sockaddr_in a{};
  socklen_t len = sizeof a;
  int r = peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&a), &len) : ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  return r == 0 ? ntohs(a.sin_port) : 0;
}

int new_socket(bool fixed) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -errno;
  if (fixed) {
    int n = kFixedBuffer;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &n, sizeof n);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &n, sizeof n);
  }
  return fd;
}
}  // namespace

int listen_loopback(int* port, bool fixed) {
  int fd = new_socket(fixed);
  if (fd < 0) return fd;
  sockaddr_in a = loopback(0);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, 511) != 0) {
    int e = -errno;
    ::close(fd);
    return e;
  }
  *port = port_of(fd, false);
  return fd;
}

int connect_loopback(int port, bool fixed, int* fd_out, int* local_port) {
  int fd = new_socket(fixed);
  if (fd < 0) return fd;
  sockaddr_in a = loopback(port);
  int r = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 ? 0 : -errno;
  if (r != 0 && r != -EINPROGRESS && r != -ECONNREFUSED) {
    ::close(fd);
    return r;
  }
  *fd_out = fd;
  *local_port = port_of(fd, false);
  return r;
}

int bind_loopback(bool fixed, int* local_port) {
  int fd = new_socket(fixed);
  if (fd < 0) return fd;
  sockaddr_in a = loopback(0);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    int e = -errno;
    ::close(fd);
    return e;
  }
  *local_port = port_of(fd, false);
  return fd;
}

int peer_port(int fd) { return port_of(fd, true); }

int accept(int listen_fd, int* peer_port) {
  int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (fd < 0) return -errno;
  *peer_port = port_of(fd, true);
  return fd;
}

int64_t read(int fd, std::string* into, size_t max) {
  size_t old = into->size();
  into->resize(old + max);
  ssize_t n;
  do n = ::read(fd, into->data() + old, max);
  while (n < 0 && errno == EINTR);
  into->resize(old + (n > 0 ? static_cast<size_t>(n) : 0));
  return n < 0 ? -errno : n;
}

int64_t write(int fd, const char* data, size_t n) {
  ssize_t w;
  do w = ::send(fd, data, n, MSG_NOSIGNAL);
  while (w < 0 && errno == EINTR);
  return w < 0 ? -errno : w;
}

int socket_error(int fd) {
  int e = 0;
  socklen_t len = sizeof e;
  if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) != 0) return -errno;
  return -e;
}

int shutdown_write(int fd) { return ::shutdown(fd, SHUT_WR) == 0 ? 0 : -errno; }
int stop_listening(int fd) { return ::shutdown(fd, SHUT_RDWR) == 0 ? 0 : -errno; }
int close(int fd) { return ::close(fd) == 0 ? 0 : -errno; }

bool wait(int fd, bool writable, int timeout_ms) {
  pollfd p{fd, static_cast<short>(writable ? POLLOUT : POLLIN), 0};
  return ::poll(&p, 1, timeout_ms) > 0;
}

int open_fds() {
  DIR* d = ::opendir("/proc/self/fd");
  if (!d) return -1;
  int n = 0;
  while (::readdir(d)) ++n;
  ::closedir(d);
  return n - 3;  // ".", ".." and the directory's own fd
}

}  // namespace loopstep::tcp
