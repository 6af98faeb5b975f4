// IocpEmulatedBackend: packets through the emulated completion port.
#include "core/unix/backend_iocp_emulated.h"

#include <array>

namespace loopstep {

IocpEmulatedBackend::IocpEmulatedBackend(Hooks& hooks) : hooks_(hooks), events_(hooks) {
  fn_create_ = hooks.name("CreateIoCompletionPort");
}

void IocpEmulatedBackend::create(ThreadCtx& loop) {
  hooks_.emit(loop, Kind::port_create, Layer::kernel, fn_create_, 0, port_.handle());
}

void IocpEmulatedBackend::post_completion(ThreadCtx& worker, Req& req) {
  events_.post(worker, req);
  port_.post(CompletionPacket{0, &req, 0});
}

void IocpEmulatedBackend::poll(ThreadCtx& loop, int64_t timeout_ms, const std::function<void(Req&)>& deliver) {
  int wait_ms = static_cast<int>(events_.wait_begin(loop, timeout_ms));
  std::array<CompletionPacket, kMaxPortBatch> packets;
  size_t taken = port_.get(std::span(packets).first(events_.batch()), wait_ms);
  std::array<Req*, kMaxPortBatch> reqs;
  size_t n = 0;
  // The packet's overlapped pointer leads back to the request struct (container_of).
  for (size_t i = 0; i < taken; ++i)
    if (packets[i].key != kKickKey) reqs[n++] = static_cast<Req*>(packets[i].overlapped);
  events_.wait_end(loop, std::span(reqs).first(n), deliver);
}

void IocpEmulatedBackend::kick() { port_.post(CompletionPacket{kKickKey, nullptr, 0}); }

}  // namespace loopstep
