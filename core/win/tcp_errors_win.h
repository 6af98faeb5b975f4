// What the winsock files share (tcp_io_win.cpp, winsock_port.cpp): winsock's and the
// overlapped operations' error codes as the -errno values the handles use (libuv's
// uv_translate_sys_error, the part sockets reach), and the only address they use. Windows only.
#pragma once
#include "core/win/win32.h"  // before winsock2.h: lean, no min/max macros
#include <winsock2.h>

namespace loopstep::tcp {

int errno_of_wsa(int error);  // WSAECONNREFUSED -> ECONNREFUSED ...; an unknown one -> EIO
sockaddr_in loopback(int port);  // 127.0.0.1:port

}  // namespace loopstep::tcp
