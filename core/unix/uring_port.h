// The sockets' overlapped operations of the emulated completion port, on io_uring: each
// AcceptEx / WSARecv / WSASend / ConnectEx is one submission queue entry, and its completion
// queue entry is what Windows' kernel would queue as the packet. Loop thread only.
#pragma once
#include <liburing.h>

#include <cstdint>
#include <functional>

#include "core/engine/engine_parts.h"

namespace loopstep {

class UringPort {
 public:
  UringPort();   // io_uring_queue_init; throws if the kernel refuses
  ~UringPort();  // every operation cancelled and awaited, then the ring closed
  UringPort(const UringPort&) = delete;
  UringPort& operator=(const UringPort&) = delete;

  int fd() const { return ring_.ring_fd; }  // readable when a completion is waiting
  int submit(const IoOp& op);               // 0 or -errno
  int cancel(uint64_t op);                  // IORING_OP_ASYNC_CANCEL of one operation
  void cancel_all();                        // every pending one, and waits for their completions
  // Every completion waiting in the ring: (operation, result); the cancels' own are skipped.
  void reap(const std::function<void(uint64_t op, int64_t result)>& each);
  // Step mode: waits up to ms for the next completion to arrive (reap takes it).
  void wait(int ms);

 private:
  io_uring_sqe* sqe();
  io_uring ring_{};
  int in_flight_ = 0;
};

}  // namespace loopstep
