// The Windows backend as the article tells it, on Linux: the loop struct holds a
// completion port; a finished request is one packet (PostQueuedCompletionStatus with the
// request as its overlapped pointer); the loop blocks in GetQueuedCompletionStatus, or takes
// up to port_batch packets per wait with GetQueuedCompletionStatusEx. Shown everywhere as
// "IOCP (emulated on Linux)". A native Win32 backend implements the same Backend interface.
// Sockets: each overlapped operation is an io_uring submission (UringPort), and each of its
// completions becomes one packet on the same port (IOCP semantics on io_uring).
#pragma once
#include <map>
#include <memory>

#include "core/engine/engine_parts.h"
#include "core/engine/iocp_events.h"
#include "core/unix/completion_port.h"
#include "core/unix/uring_port.h"

namespace loopstep {

class IocpEmulatedBackend final : public Backend, public IoPort {
 public:
  explicit IocpEmulatedBackend(Hooks& hooks);
  void create(ThreadCtx& loop) override;
  void post_completion(ThreadCtx& worker, Req& req) override;
  void poll(ThreadCtx& loop, int64_t timeout_ms, const std::function<void(Req&)>& deliver) override;
  void kick() override;
  bool completions_run_in_pending_phase() const override { return true; }
  std::string_view spawn_fn() const override { return "CreateThread"; }
  IoPort* io_port() override { return this; }
  // IoPort: the ring exists from the first operation on (a run without sockets opens none).
  void set_completions(IoCompletions* c) override { completions_ = c; }
  int submit(const IoOp& op) override;
  int cancel(uint64_t op) override { return ring_ ? ring_->cancel(op) : -ENOENT; }
  void cancel_all() override;
  std::string_view stands_in(const IoOp::Type* t) const override;

 private:
  static constexpr uintptr_t kSocketKey = 1;  // a socket's packet: the overlapped is its operation
  void post_io(ThreadCtx& loop, uint64_t op, int64_t result);  // the kernel queues the operation's packet
  void post_due(ThreadCtx& loop);  // Step mode
  void post_arrived(ThreadCtx& loop);                                // Run mode
  Hooks& hooks_;
  IocpEvents events_;
  CompletionPort port_;  // created with the engine so that kick() always has a port
  std::unique_ptr<UringPort> ring_;
  IoCompletions* completions_ = nullptr;
  std::map<uint64_t, int64_t> held_;      // Step mode: completions arrived but not due yet
  std::map<uint64_t, IoPacket> packets_;  // socket packets on the port, by operation
  uint32_t fn_create_;
};

}  // namespace loopstep
