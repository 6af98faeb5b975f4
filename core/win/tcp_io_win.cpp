// Sockets on Windows: not yet (issue 17, phase 2: the native port's AcceptEx / WSARecv). The
// iocp backend refuses a lesson's first net call before any of these is reached.
#include <cerrno>

#include "core/net/tcp_io.h"

namespace loopstep::tcp {

int listen_loopback(int*, bool) { return -ENOSYS; }
int connect_loopback(int, bool, int*, int*) { return -ENOSYS; }
int bind_loopback(bool, int*) { return -ENOSYS; }
int peer_port(int) { return 0; }
int accept(int, int*) { return -ENOSYS; }
int64_t read(int, std::string*, size_t) { return -ENOSYS; }
int64_t write(int, const char*, size_t) { return -ENOSYS; }
int socket_error(int) { return -ENOSYS; }
int shutdown_write(int) { return -ENOSYS; }
int stop_listening(int) { return -ENOSYS; }
int close(int) { return -ENOSYS; }
bool wait(int, bool, int) { return false; }
int open_fds() { return -1; }

}  // namespace loopstep::tcp
