// The sockets' overlapped operations on the native completion port: each AcceptEx, zero-byte
// WSARecv, WSASend and ConnectEx runs on a socket associated with the loop's port
// (CreateIoCompletionPort(socket, port, key, 0)), and the kernel queues its packet there; the
// loop's GetQueuedCompletionStatus(Ex) dequeues it with the fs packets. Each operation's
// OVERLAPPED lives here until its packet was dequeued (libuv embeds it in the uv_req_t). The
// counterpart of core/unix/uring_port.* on Linux. Loop thread only.
#pragma once
#include "core/win/win32.h"  // before winsock2.h: lean, no min/max macros
#include <winsock2.h>

#include <cstdint>
#include <map>
#include <memory>

#include "core/engine/engine_parts.h"

namespace loopstep {

class WinsockPort {
 public:
  WinsockPort(HANDLE port, uintptr_t key) : port_(port), key_(key) {}
  ~WinsockPort();  // every operation cancelled and its packet awaited
  WinsockPort(const WinsockPort&) = delete;
  WinsockPort& operator=(const WinsockPort&) = delete;

  int submit(const IoOp& op);  // 0 (pending: its packet will come) or -errno (no packet)
  int cancel(uint64_t op);     // CancelIoEx of one pending operation
  // Every pending operation cancelled, and their packets dequeued from the port (the loop
  // is done with it): none outlives its socket or its buffer.
  void cancel_all();
  // A packet of this key: the operation it completes and its result (bytes, the accepted
  // socket, 0, or -errno), once; the OVERLAPPED is freed. false if it is none of ours.
  bool finish(OVERLAPPED* ov, uint64_t* op, int64_t* result);
  bool pending() const { return !ops_.empty(); }

 private:
  struct Op {
    OVERLAPPED ov{};          // first: the packet's pointer is the Op
    IoOp io;
    SOCKET accepted = INVALID_SOCKET;  // AcceptEx: the socket made for the connection
    char addresses[2 * (sizeof(sockaddr_in) + 16)]{};  // AcceptEx's local and remote address
  };
  HANDLE port_;
  uintptr_t key_;
  std::map<uint64_t, std::unique_ptr<Op>> ops_;  // pending, by id
};

}  // namespace loopstep
