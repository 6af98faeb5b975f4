// The events of an I/O completion port, shared by the emulated port (Linux) and the real one
// (Win32): each backend makes its own kernel calls, and this half emits the same events and
// tells the step gate the same things around them, so the two can be compared step by step.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <span>

#include "core/engine/engine_parts.h"

namespace loopstep {

class IocpEvents {
 public:
  // The run's port_batch picks the wait: 1 = GetQueuedCompletionStatus, one packet per
  // wait; more = GetQueuedCompletionStatusEx, up to that many packets per wait (libuv's way).
  explicit IocpEvents(Hooks& hooks);
  size_t batch() const { return batch_; }

  // completion_post for the packet the worker is about to post; the caller posts it next.
  void post(ThreadCtx& worker, Req& req);
  // wait_begin, and the gate learns that the loop waits in the kernel. Returns the timeout for
  // the real wait in ms, -1 = forever: in Step mode time is virtual, so a timed wait blocks
  // until the gate kicks it.
  int64_t wait_begin(ThreadCtx& loop, int64_t timeout_ms);
  // The kernel wait returned the packets of `reqs` (loopstep's own kick packets left out):
  // wait_end with their number, then, for each in the order taken, completion_take and delivery.
  void wait_end(ThreadCtx& loop, std::span<Req* const> reqs, const std::function<void(Req&)>& deliver);

  // The same in parts, for a port that also carries sockets' packets (IOCP semantics on
  // io_uring): completion_post for a packet the kernel queues (its cause id), the wait's
  // return (the gate learns it first), wait_end with how many it took, completion_take of one.
  uint64_t post_packet(ThreadCtx& t, uint32_t req, uint64_t cause);
  void wait_returned(ThreadCtx& loop);
  void took(ThreadCtx& loop, size_t n, uint64_t first_cause);
  uint64_t take(ThreadCtx& loop, uint32_t req, uint64_t post_cause);

 private:
  Hooks& hooks_;
  const size_t batch_;
  // Packets posted and not yet announced by a completion_take: the completion queue as the
  // events fold it. A real port has no depth query, and a packet taken in a batch is still
  // waiting for its turn.
  std::atomic<int64_t> depth_{0};
  uint32_t fn_post_, fn_get_;
};

}  // namespace loopstep
