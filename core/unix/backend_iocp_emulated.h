// The Windows backend as the article tells it, on Linux: the loop struct holds a
// completion port; a finished request is one packet (PostQueuedCompletionStatus with the
// request as its overlapped pointer); the loop blocks in GetQueuedCompletionStatus, or takes
// up to port_batch packets per wait with GetQueuedCompletionStatusEx. Shown everywhere as
// "IOCP (emulated on Linux)". A native Win32 backend implements the same Backend interface.
#pragma once
#include "core/unix/completion_port.h"
#include "core/engine/engine_parts.h"
#include "core/engine/iocp_events.h"

namespace loopstep {

class IocpEmulatedBackend final : public Backend {
 public:
  explicit IocpEmulatedBackend(Hooks& hooks);
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
  CompletionPort port_;  // created with the engine so that kick() always has a port
  uint32_t fn_create_;
};

}  // namespace loopstep
