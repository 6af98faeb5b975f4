// IocpEvents: post, wait and take, as both completion ports record them.
#include "core/engine/iocp_events.h"

#include <vector>

namespace loopstep {

IocpEvents::IocpEvents(Hooks& hooks) : hooks_(hooks), batch_(static_cast<size_t>(hooks.info().config.port_batch)) {
  fn_post_ = hooks.name("PostQueuedCompletionStatus");
  fn_get_ = hooks.name(batch_ > 1 ? "GetQueuedCompletionStatusEx" : "GetQueuedCompletionStatus");
}

void IocpEvents::post(ThreadCtx& worker, Req& req) { req.post_cause = post_packet(worker, req.id, req.work_cause); }

uint64_t IocpEvents::post_packet(ThreadCtx& t, uint32_t req, uint64_t cause) {
  // Stamped before the packet exists, so the loop's take is always ordered after it.
  uint64_t post = hooks_.gate().emit_take(t, Hooks::event(Kind::completion_post, Layer::kernel, fn_post_, req, 0, cause),
                                          [&](Event& e) { e.value = depth_.load() + 1; });
  hooks_.gate().kernel_post();
  depth_.fetch_add(1);  // before the packet exists: the loop's decrement can never come first
  return cause_id(post);
}

int64_t IocpEvents::wait_begin(ThreadCtx& loop, int64_t timeout_ms) {
  StepGate& gate = hooks_.gate();
  hooks_.emit(loop, Kind::wait_begin, Layer::kernel, fn_get_, 0, timeout_ms);
  gate.kernel_wait_begin(loop.id, timeout_ms < 0 ? -1 : timeout_ms * 1'000'000);
  return (gate.mode() == Mode::step && timeout_ms > 0) ? -1 : timeout_ms;
}

void IocpEvents::wait_returned(ThreadCtx& loop) { hooks_.gate().kernel_wait_end(loop.id); }

void IocpEvents::took(ThreadCtx& loop, size_t n, uint64_t first_cause) {
  if (n == 0) {  // the timeout expired, or only a kick came
    hooks_.emit(loop, Kind::wait_end, Layer::kernel, fn_get_, 0, 0);
    return;
  }
  // Every packet taken was counted by kernel_post: the gate's count must drop by as many, or
  // the next wait would count as runnable with nothing on the port.
  hooks_.gate().kernel_consume(static_cast<int64_t>(n));
  hooks_.emit(loop, Kind::wait_end, Layer::kernel, fn_get_, 0, static_cast<int64_t>(n), first_cause);
}

uint64_t IocpEvents::take(ThreadCtx& loop, uint32_t req, uint64_t post_cause) {
  int64_t left = depth_.fetch_sub(1) - 1;
  return cause_id(hooks_.emit(loop, Kind::completion_take, Layer::kernel, fn_get_, req, left, post_cause));
}

void IocpEvents::wait_end(ThreadCtx& loop, std::span<const Entry> taken, uintptr_t socket_key, IoCompletions* completions,
                          std::map<uint64_t, IoPacket>& sockets, const std::function<void(Req&)>& deliver) {
  std::vector<Entry> got;
  for (const Entry& e : taken)
    if (e.key != kKickKey) got.push_back(e);
  auto op_of = [](const Entry& e) { return static_cast<uint64_t>(reinterpret_cast<uintptr_t>(e.overlapped)); };
  auto post_cause = [&](const Entry& e) {
    return e.key == socket_key ? completions->packet_of(op_of(e)).second : static_cast<Req*>(e.overlapped)->post_cause;
  };
  took(loop, got.size(), got.empty() ? 0 : post_cause(got.front()));
  for (const Entry& e : got) {
    if (e.key == socket_key) {
      // The packet's overlapped pointer is the socket's operation (uv__process_tcp_*_req).
      auto it = sockets.find(op_of(e));
      IoPacket p = it->second;
      sockets.erase(it);
      p.take_cause = take(loop, p.req, post_cause(e));
      completions->completed(loop, p);
    } else {
      // The packet's overlapped pointer is the request itself (libuv's container_of).
      Req& r = *static_cast<Req*>(e.overlapped);
      r.take_cause = take(loop, r.id, r.post_cause);
      deliver(r);
    }
  }
}

}  // namespace loopstep
