// WinsockPort: AcceptEx, a zero-byte WSARecv, WSASend and ConnectEx on sockets associated
// with the loop's completion port (libuv's src/win/tcp.c: uv__tcp_queue_accept,
// uv__tcp_queue_read, uv__tcp_write, uv__tcp_try_connect).
#include "core/win/winsock_port.h"

#include <mswsock.h>
#include <ws2tcpip.h>

#include <cerrno>
#include <chrono>

#include "core/win/tcp_errors_win.h"

namespace loopstep {

namespace {
int last() { return -tcp::errno_of_wsa(::WSAGetLastError()); }

// ConnectEx is an extension function: its pointer comes from the socket's provider.
LPFN_CONNECTEX connect_ex(SOCKET s) {
  GUID guid = WSAID_CONNECTEX;
  LPFN_CONNECTEX fn = nullptr;
  DWORD bytes = 0;
  if (::WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &guid, sizeof guid, &fn, sizeof fn, &bytes, nullptr, nullptr) != 0)
    return nullptr;
  return fn;
}

// An overlapped call's return: TRUE or ERROR_IO_PENDING mean its packet will come.
int started(BOOL ok) {
  if (ok) return 0;
  const int e = ::WSAGetLastError();
  return e == WSA_IO_PENDING || e == ERROR_IO_PENDING ? 0 : -tcp::errno_of_wsa(e);
}
}  // namespace

WinsockPort::~WinsockPort() { cancel_all(); }

int WinsockPort::submit(const IoOp& io) {
  const SOCKET s = static_cast<SOCKET>(io.fd);
  // The association is made once per socket; a second call fails (ERROR_INVALID_PARAMETER)
  // and changes nothing, so the first operation on each socket makes it.
  ::CreateIoCompletionPort(reinterpret_cast<HANDLE>(s), port_, key_, 0);
  auto op = std::make_unique<Op>();
  op->io = io;
  int rc = 0;
  switch (io.type) {
    case IoOp::Type::accept: {
      op->accepted = ::WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
      if (op->accepted == INVALID_SOCKET) return last();
      DWORD bytes = 0;
      rc = started(::AcceptEx(s, op->accepted, op->addresses, 0, sizeof(sockaddr_in) + 16, sizeof(sockaddr_in) + 16, &bytes, &op->ov));
      if (rc < 0) ::closesocket(op->accepted);
      break;
    }
    case IoOp::Type::recv_zero: {
      // No buffer: the packet says that data (or the end) came, and the loop reads after it.
      WSABUF none{0, nullptr};
      DWORD flags = 0;
      rc = ::WSARecv(s, &none, 1, nullptr, &flags, &op->ov, nullptr) == 0 ? 0 : started(FALSE);
      break;
    }
    case IoOp::Type::send: {
      WSABUF buf{static_cast<ULONG>(io.size), const_cast<char*>(io.data)};
      rc = ::WSASend(s, &buf, 1, nullptr, 0, &op->ov, nullptr) == 0 ? 0 : started(FALSE);
      break;
    }
    case IoOp::Type::connect: {
      LPFN_CONNECTEX fn = connect_ex(s);
      if (!fn) return last();
      sockaddr_in to = tcp::loopback(io.port);
      rc = started(fn(s, reinterpret_cast<sockaddr*>(&to), sizeof to, nullptr, 0, nullptr, &op->ov));
      break;
    }
  }
  if (rc == 0) ops_[io.id] = std::move(op);
  return rc;
}

int WinsockPort::cancel(uint64_t id) {
  auto it = ops_.find(id);
  if (it == ops_.end()) return -ENOENT;
  // Already completed (its packet is queued) or its socket closed: nothing left to cancel.
  if (!::CancelIoEx(reinterpret_cast<HANDLE>(static_cast<SOCKET>(it->second->io.fd)), &it->second->ov))
    return -tcp::errno_of_wsa(static_cast<int>(::GetLastError()));
  return 0;
}

bool WinsockPort::finish(OVERLAPPED* ov, uint64_t* id, int64_t* result) {
  Op* op = reinterpret_cast<Op*>(ov);
  auto it = ops_.find(op->io.id);
  if (it == ops_.end() || it->second.get() != op) return false;
  const SOCKET s = static_cast<SOCKET>(op->io.fd);
  DWORD bytes = 0, flags = 0;
  const bool ok = ::WSAGetOverlappedResult(s, &op->ov, &bytes, FALSE, &flags);
  *id = op->io.id;
  *result = ok ? static_cast<int64_t>(bytes) : last();
  if (op->io.type == IoOp::Type::accept) {
    if (ok) {
      // The accepted socket takes the listener's properties, then reads without blocking.
      ::setsockopt(op->accepted, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, reinterpret_cast<const char*>(&s), sizeof s);
      u_long on = 1;
      ::ioctlsocket(op->accepted, FIONBIO, &on);
      *result = static_cast<int64_t>(op->accepted);
    } else {
      ::closesocket(op->accepted);
    }
  } else if (op->io.type == IoOp::Type::connect && ok) {
    ::setsockopt(s, SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, nullptr, 0);  // getpeername, shutdown work after it
    *result = 0;
  } else if (op->io.type == IoOp::Type::recv_zero && ok) {
    *result = 0;
  }
  ops_.erase(it);
  return true;
}

void WinsockPort::cancel_all() {
  for (auto& [id, op] : ops_) ::CancelIoEx(reinterpret_cast<HANDLE>(static_cast<SOCKET>(op->io.fd)), &op->ov);
  // Each cancelled operation still queues its packet; its buffers are free only after that.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!ops_.empty() && std::chrono::steady_clock::now() < until) {
    DWORD bytes = 0;
    ULONG_PTR key = 0;
    OVERLAPPED* ov = nullptr;
    ::GetQueuedCompletionStatus(port_, &bytes, &key, &ov, 10);
    uint64_t id = 0;
    int64_t result = 0;
    if (ov && key == key_) finish(ov, &id, &result);
  }
  for (auto& [id, op] : ops_)
    if (op->accepted != INVALID_SOCKET) ::closesocket(op->accepted);
  ops_.clear();  // what never came within 5 s: given up (the port closes with the backend)
}

}  // namespace loopstep
