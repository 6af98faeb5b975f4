// The Windows backend, native: a real I/O completion port. The loop struct holds the port
// (CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1)); a finished request is one
// packet posted with PostQueuedCompletionStatus carrying the request; the loop blocks in
// GetQueuedCompletionStatus, or takes up to port_batch packets per wait with
// GetQueuedCompletionStatusEx. The same Backend seam and the same events as the emulated
// backend (core/backend_iocp_emulated.*, both through core/iocp_events.*), so the two can be
// compared step by step. Sockets: each socket is associated with this port and its overlapped
// operations' packets are the kernel's own (WinsockPort); in Step mode the loop posts those its
// own calls made due, in the order they became due, as the emulated port does.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "core/engine/engine_parts.h"
#include "core/engine/iocp_events.h"
#include "core/win/winsock_port.h"

namespace loopstep {

class IocpWinBackend final : public Backend, public IoPort {
 public:
  explicit IocpWinBackend(Hooks& hooks);
  ~IocpWinBackend() override;
  void create(ThreadCtx& loop) override;
  void post_completion(ThreadCtx& worker, Req& req) override;
  void poll(ThreadCtx& loop, int64_t timeout_ms, const std::function<void(Req&)>& deliver) override;
  void kick() override;
  bool completions_run_in_pending_phase() const override { return true; }
  std::string_view spawn_fn() const override { return "CreateThread"; }
  IoPort* io_port() override { return this; }
  // IoPort
  void set_completions(IoCompletions* c) override { completions_ = c; }
  int submit(const IoOp& op) override { return sockets_->submit(op); }
  int cancel(uint64_t op) override { return sockets_->cancel(op); }
  void cancel_all() override;

 private:
  static constexpr uintptr_t kSocketKey = 1;  // the kernel's socket packet: the overlapped is its operation's
  // A socket packet the kernel queued: its operation's result, held until it is posted.
  void arrived(OVERLAPPED* ov);
  void post_io(ThreadCtx& loop, uint64_t op, int64_t result);  // completion_post, onto the port
  void requeue(ThreadCtx& loop);  // before the wait: what the kernel queued, in the order the loop posts it
  Hooks& hooks_;
  IocpEvents events_;
  void* port_ = nullptr;  // HANDLE; created with the engine so that kick() always has a port
  std::unique_ptr<WinsockPort> sockets_;
  IoCompletions* completions_ = nullptr;
  std::vector<std::pair<uint64_t, int64_t>> held_;  // socket completions not posted yet, as they came
  std::map<uint64_t, IoPacket> packets_;            // socket packets posted on the port, by operation
  uint32_t fn_create_;
};

}  // namespace loopstep
