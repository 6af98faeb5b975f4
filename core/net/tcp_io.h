// The socket syscalls the loop thread makes for its TCP handles, one function each, every
// result 0 / a value or -errno. Loopback IPv4 only: no function here takes another address.
// Platform code: core/unix/tcp_io.cpp (real, non-blocking, close-on-exec); core/win/ refuses.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace loopstep::tcp {

// socket + bind(127.0.0.1:0) + listen(511): the fd, its ephemeral port in *port. `fixed`
// sets the buffers (Step mode: a fixed window, no autotuning).
int listen_loopback(int* port, bool fixed);
// socket + connect(127.0.0.1:port): 0 or -EINPROGRESS with the fd in *fd and its port in
// *local_port, or -errno (no fd).
int connect_loopback(int port, bool fixed, int* fd, int* local_port);
// socket + bind(127.0.0.1:0), for a connect submitted as an overlapped operation (ConnectEx
// needs a bound socket): the fd, its port in *local_port, or -errno.
int bind_loopback(bool fixed, int* local_port);
int peer_port(int fd);      // getpeername's port, 0 if unknown
int accept(int listen_fd, int* peer_port);  // accept4(SOCK_NONBLOCK | SOCK_CLOEXEC): fd or -errno
int64_t read(int fd, std::string* into, size_t max);  // appends; bytes, 0 at EOF, or -errno
int64_t write(int fd, const char* data, size_t n);
int socket_error(int fd);   // getsockopt(SO_ERROR): 0 or -errno
int shutdown_write(int fd);
// shutdown(SHUT_RDWR) of a listening socket: it refuses connections at once, even while another
// reference to it (io_uring's pending accept) keeps the socket itself alive.
int stop_listening(int fd);
int close(int fd);
bool wait(int fd, bool writable, int timeout_ms);  // poll(2) on one fd
int open_fds();             // descriptors this process holds (/proc/self/fd), -1 if unknown

}  // namespace loopstep::tcp
