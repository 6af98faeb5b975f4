// errno_of_wsa: the socket errors libuv's src/win/error.c translates, to the C runtime's values;
// the loopback address.
#include "core/win/tcp_errors_win.h"

#include "core/win/win32.h"  // before winsock2.h: lean, no min/max macros
#include <winsock2.h>

#include <cerrno>

namespace loopstep::tcp {

int errno_of_wsa(int error) {
  switch (error) {
    case WSAEWOULDBLOCK: return EAGAIN;
    case WSAEINPROGRESS: return EINPROGRESS;
    case WSAECONNREFUSED: case ERROR_CONNECTION_REFUSED: return ECONNREFUSED;
    case WSAECONNRESET: case ERROR_NETNAME_DELETED: return ECONNRESET;
    case WSAECONNABORTED: case ERROR_CONNECTION_ABORTED: return ECONNABORTED;
    case WSAENOTCONN: return ENOTCONN;
    case WSAEISCONN: return EISCONN;
    case WSAESHUTDOWN: return EPIPE;
    case WSAEADDRINUSE: return EADDRINUSE;
    case WSAEACCES: return EACCES;
    case WSAEINVAL: return EINVAL;
    case WSAEMFILE: return EMFILE;
    case WSAENOBUFS: return ENOBUFS;
    case WSAENOTSOCK: case WSAEBADF: return EBADF;
    case WSAETIMEDOUT: return ETIMEDOUT;
    case WSA_OPERATION_ABORTED: return ECANCELED;  // ERROR_OPERATION_ABORTED: closesocket / CancelIoEx
    default: return EIO;
  }
}

sockaddr_in loopback(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<u_short>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

}  // namespace loopstep::tcp
