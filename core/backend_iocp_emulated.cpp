// IocpEmulatedBackend: packets through the emulated completion port.
#include "core/backend_iocp_emulated.h"

namespace loopstep {

IocpEmulatedBackend::IocpEmulatedBackend(Hooks& hooks) : hooks_(hooks) {
  fn_create_ = hooks.name("CreateIoCompletionPort");
  fn_post_ = hooks.name("PostQueuedCompletionStatus");
  fn_get_ = hooks.name("GetQueuedCompletionStatus");
}

void IocpEmulatedBackend::create(ThreadCtx& loop) {
  hooks_.emit(loop, Kind::port_create, Layer::kernel, fn_create_, 0, port_.handle());
  created_ = true;
}

void IocpEmulatedBackend::post_completion(ThreadCtx& worker, Req& req) {
  // Stamped before the packet exists, so the loop's take is always ordered after it.
  uint64_t post = hooks_.gate().emit_take(
      worker, Hooks::event(Kind::completion_post, Layer::kernel, fn_post_, req.id, 0, req.work_cause),
      [&](Event& e) { e.value = static_cast<int64_t>(port_.depth() + 1); });
  req.post_cause = cause_id(post);
  hooks_.gate().kernel_post();
  port_.post(CompletionPacket{0, &req, 0});
}

void IocpEmulatedBackend::poll(ThreadCtx& loop, int64_t timeout_ms, const std::function<void(Req&)>& deliver) {
  StepGate& gate = hooks_.gate();
  hooks_.emit(loop, Kind::wait_begin, Layer::kernel, fn_get_, 0, timeout_ms);
  gate.kernel_wait_begin(loop.id, timeout_ms < 0 ? -1 : timeout_ms * 1'000'000);
  int real_timeout = (gate.mode() == Mode::step && timeout_ms > 0) ? -1 : static_cast<int>(timeout_ms);
  auto packet = port_.get(real_timeout);
  gate.kernel_wait_end(loop.id);
  if (!packet || packet->key == kKickKey) {
    hooks_.emit(loop, Kind::wait_end, Layer::kernel, fn_get_, 0, 0);
    return;
  }
  gate.kernel_consume(1);
  Req& r = *static_cast<Req*>(packet->overlapped);
  hooks_.emit(loop, Kind::wait_end, Layer::kernel, fn_get_, 0, 1, r.post_cause);
  // The packet's overlapped pointer leads back to the request struct (container_of).
  r.take_cause = cause_id(hooks_.emit(loop, Kind::completion_take, Layer::kernel, fn_get_, r.id,
                                      static_cast<int64_t>(port_.depth()), r.post_cause));
  deliver(r);
}

void IocpEmulatedBackend::kick() { port_.post(CompletionPacket{kKickKey, nullptr, 0}); }

}  // namespace loopstep
