// The Windows backend, native: a real I/O completion port. The loop struct holds the port
// (CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1)); a finished request is one
// packet posted with PostQueuedCompletionStatus carrying the request; the loop blocks in
// GetQueuedCompletionStatus, or takes up to port_batch packets per wait with
// GetQueuedCompletionStatusEx. The same Backend seam and the same events as the emulated
// backend (core/backend_iocp_emulated.*, both through core/iocp_events.*), so the two can be
// compared step by step.
#pragma once
#include <cstdint>

#include "core/engine/engine_parts.h"
#include "core/engine/iocp_events.h"

namespace loopstep {

class IocpWinBackend final : public Backend {
 public:
  explicit IocpWinBackend(Hooks& hooks);
  ~IocpWinBackend() override;
  void create(ThreadCtx& loop) override;
  void post_completion(ThreadCtx& worker, Req& req) override;
  void poll(ThreadCtx& loop, int64_t timeout_ms, const std::function<void(Req&)>& deliver) override;
  void kick() override;
  bool completions_run_in_pending_phase() const override { return true; }
  std::string_view spawn_fn() const override { return "CreateThread"; }

 private:
  static constexpr uintptr_t kKickKey = ~uintptr_t{0};  // loopstep's own packets: abort, virtual timeout
  Hooks& hooks_;
  IocpEvents events_;
  void* port_ = nullptr;  // HANDLE; created with the engine so that kick() always has a port
  uint32_t fn_create_;
};

}  // namespace loopstep
