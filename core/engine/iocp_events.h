// The events of an I/O completion port, shared by the emulated port (Linux) and the real one
// (Win32): each backend makes its own kernel calls, and this half emits the same events and
// tells the step gate the same things around them, so the two can be compared step by step.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
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
  // The completion key of loopstep's own packets (abort, virtual timeout): they carry nothing.
  static constexpr uintptr_t kKickKey = ~uintptr_t{0};
  // A packet as a wait hands it back, on either port.
  struct Entry {
    uintptr_t key = 0;
    void* overlapped = nullptr;
  };

  // The parts, for a port that also carries sockets' packets: completion_post for a packet the
  // kernel queues (its cause id), the wait's return (the gate learns it first), wait_end with
  // how many it took, completion_take of one; then all that follows the wait's return, whole.
  uint64_t post_packet(ThreadCtx& t, uint32_t req, uint64_t cause);
  void wait_returned(ThreadCtx& loop);
  void took(ThreadCtx& loop, size_t n, uint64_t first_cause);
  uint64_t take(ThreadCtx& loop, uint32_t req, uint64_t post_cause);
  // What the wait returned, kick packets among them: wait_end with how many others, then, for
  // each in the order taken, completion_take and its processing (libuv's uv__process_reqs). A
  // packet with `socket_key` leads back to its socket operation in `sockets` (the port's
  // packets, by operation; taken ones leave it) and goes to `completions`; any other packet's
  // overlapped pointer is the request itself, delivered.
  void wait_end(ThreadCtx& loop, std::span<const Entry> taken, uintptr_t socket_key, IoCompletions* completions,
                std::map<uint64_t, IoPacket>& sockets, const std::function<void(Req&)>& deliver);

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
