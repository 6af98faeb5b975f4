// An I/O completion port with IOCP's semantics, built on Linux primitives (there is no
// IOCP on Linux): PostQueuedCompletionStatus queues a packet (key, overlapped pointer,
// bytes), FIFO; GetQueuedCompletionStatus(Ex) blocks in a real kernel wait (poll(2) on an
// eventfd in semaphore mode, one count per packet) until a packet arrives or the timeout,
// then takes one packet, or as many as are queued up to the caller's array (Ex).
#pragma once
#include <cstdint>
#include <deque>
#include <mutex>
#include <span>

namespace loopstep {

struct CompletionPacket {
  uintptr_t key = 0;
  void* overlapped = nullptr;
  uint32_t bytes = 0;
};

class CompletionPort {
 public:
  CompletionPort();   // CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1)
  ~CompletionPort();
  CompletionPort(const CompletionPort&) = delete;
  CompletionPort& operator=(const CompletionPort&) = delete;

  int handle() const { return semaphore_fd_; }
  void post(const CompletionPacket& p);  // PostQueuedCompletionStatus
  // GetQueuedCompletionStatusEx (GetQueuedCompletionStatus when `out` holds one): fills
  // `out` from the front of the queue; returns how many packets it took, 0 on timeout.
  // timeout_ms < 0 waits forever.
  // io_fd >= 0: the wait also ends when io_fd is readable (the sockets' io_uring has a
  // completion for the port), with 0 packets and *io set.
  size_t get(std::span<CompletionPacket> out, int timeout_ms, int io_fd = -1, bool* io = nullptr);

 private:
  int semaphore_fd_;
  std::mutex mutex_;
  std::deque<CompletionPacket> packets_;
};

}  // namespace loopstep
