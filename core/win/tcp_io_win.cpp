// The loop thread's socket syscalls on Windows (core/net/tcp_io.h): winsock on 127.0.0.1, each
// socket made for overlapped I/O (WSA_FLAG_OVERLAPPED, so the native port's AcceptEx, WSARecv,
// WSASend and ConnectEx can run on it) and non-blocking (FIONBIO) for the loop's own reads and
// writes after a zero-byte read, as libuv's src/win/tcp.c does. A SOCKET is held in the int
// the handles keep: winsock's values are small kernel handles.
#include "core/net/tcp_io.h"

#include "core/win/win32.h"  // before winsock2.h: lean, no min/max macros
#include <winsock2.h>
#include <ws2tcpip.h>

#include <cerrno>
#include <mutex>

#include "core/win/tcp_errors_win.h"

namespace loopstep::tcp {

namespace {
constexpr int kFixedBuffer = 1024 * 1024;  // Step mode: well above its modeled window (256 KiB)

void startup() {
  static std::once_flag once;
  std::call_once(once, [] {
    WSADATA data;
    ::WSAStartup(MAKEWORD(2, 2), &data);
  });
}

SOCKET sock(int fd) { return static_cast<SOCKET>(fd); }
int last() { return -errno_of_wsa(::WSAGetLastError()); }

int port_of(int fd, bool peer) {
  sockaddr_in a{};
  int len = sizeof a;
  int r = peer ? ::getpeername(sock(fd), reinterpret_cast<sockaddr*>(&a), &len) : ::getsockname(sock(fd), reinterpret_cast<sockaddr*>(&a), &len);
  return r == 0 ? ntohs(a.sin_port) : 0;
}

// socket + bind(127.0.0.1:0): the fd or -errno.
int bound_socket(bool fixed) {
  startup();
  SOCKET s = ::WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
  if (s == INVALID_SOCKET) return last();
  u_long on = 1;
  if (fixed) {
    int n = kFixedBuffer;
    ::setsockopt(s, SOL_SOCKET, SO_RCVBUF, reinterpret_cast<const char*>(&n), sizeof n);
    ::setsockopt(s, SOL_SOCKET, SO_SNDBUF, reinterpret_cast<const char*>(&n), sizeof n);
  }
  sockaddr_in a = loopback(0);
  if (::ioctlsocket(s, FIONBIO, &on) != 0 || ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    int e = last();
    ::closesocket(s);
    return e;
  }
  return static_cast<int>(s);
}
}  // namespace

int listen_loopback(int* port, bool fixed) {
  int fd = bound_socket(fixed);
  if (fd < 0) return fd;
  if (::listen(sock(fd), 511) != 0) {
    int e = last();
    ::closesocket(sock(fd));
    return e;
  }
  *port = port_of(fd, false);
  return fd;
}

int connect_loopback(int port, bool fixed, int* fd_out, int* local_port) {
  int fd = bound_socket(fixed);
  if (fd < 0) return fd;
  sockaddr_in a = loopback(port);
  int r = ::connect(sock(fd), reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 ? 0 : last();
  if (r == -EAGAIN) r = -EINPROGRESS;  // WSAEWOULDBLOCK: the non-blocking connect goes on
  if (r != 0 && r != -EINPROGRESS && r != -ECONNREFUSED) {
    ::closesocket(sock(fd));
    return r;
  }
  *fd_out = fd;
  *local_port = port_of(fd, false);
  return r;
}

int bind_loopback(bool fixed, int* local_port) {
  int fd = bound_socket(fixed);
  if (fd >= 0) *local_port = port_of(fd, false);
  return fd;
}

int peer_port(int fd) { return port_of(fd, true); }

int accept(int listen_fd, int* peer_port) {
  SOCKET s = ::accept(sock(listen_fd), nullptr, nullptr);
  if (s == INVALID_SOCKET) return last();
  u_long on = 1;
  ::ioctlsocket(s, FIONBIO, &on);
  *peer_port = port_of(static_cast<int>(s), true);
  return static_cast<int>(s);
}

int64_t read(int fd, std::string* into, size_t max) {
  size_t old = into->size();
  into->resize(old + max);
  int n = ::recv(sock(fd), into->data() + old, static_cast<int>(max), 0);
  into->resize(old + (n > 0 ? static_cast<size_t>(n) : 0));
  return n < 0 ? last() : n;
}

int64_t write(int fd, const char* data, size_t n) {
  int w = ::send(sock(fd), data, static_cast<int>(n), 0);
  return w < 0 ? last() : w;
}

int socket_error(int fd) {
  int e = 0;
  int len = sizeof e;
  if (::getsockopt(sock(fd), SOL_SOCKET, SO_ERROR, reinterpret_cast<char*>(&e), &len) != 0) return last();
  return e ? -errno_of_wsa(e) : 0;
}

int shutdown_write(int fd) { return ::shutdown(sock(fd), SD_SEND) == 0 ? 0 : last(); }
int stop_listening(int) { return 0; }  // closesocket refuses new connections at once on Windows
int close(int fd) { return ::closesocket(sock(fd)) == 0 ? 0 : last(); }

bool wait(int fd, bool writable, int timeout_ms) {
  WSAPOLLFD p{sock(fd), static_cast<SHORT>(writable ? POLLWRNORM : POLLRDNORM), 0};
  return ::WSAPoll(&p, 1, timeout_ms) > 0;
}

int open_fds() { return -1; }  // no /proc/self/fd: the tests count handles instead

}  // namespace loopstep::tcp
