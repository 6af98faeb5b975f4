// DELIBERATELY WRONG: the lost wake-up, on both Linux backends (planted_backends.h).
//   epoll: uv__async_io as libuv writes it (src/unix/async.c) clears the handle's pending
//     flag, then uv__work_done takes loop->wq. Here the list is taken first, the flag cleared
//     in a second step.
//   iocp (emulated port): libuv's Windows thread pool completes work the same way, through an
//     async handle (src/win/async.c): a worker appends to loop->wq and posts one packet only if
//     it flips async_sent; uv__process_async_wakeup_req clears async_sent, then the callback
//     takes the list. Here, too, the list is taken first and async_sent cleared after.
#include "core/unix/planted_backends.h"

#include <array>
#include <atomic>
#include <mutex>
#include <vector>

#include "core/unix/backend_epoll.h"
#include "core/engine/iocp_events.h"
#include "core/unix/completion_port.h"

namespace loopstep {
namespace {

class PlantedEpollBackend final : public EpollBackend {
 public:
  explicit PlantedEpollBackend(Hooks& hooks) : EpollBackend(hooks) {
    fn_clear_ = hooks.name("uv__async_io: pending = 0 (planted bug: after the take)");
  }
  void take_done(ThreadCtx& loop, const std::function<void(Req&)>& deliver) override {
    StepGate& gate = hooks_.gate();
    std::vector<Req*> taken;
    gate.emit_take(loop, Hooks::event(Kind::wakeup_recv, Layer::libuv, fn_async_io_), [&](Event& e) {
      drain_eventfd();
      e.value = take_done_list(taken);  // the pending flag still set: the planted mistake
    });
    gate.emit_take(loop, Hooks::event(Kind::uv_call, Layer::libuv, fn_clear_), [&](Event&) { wakeup_pending_.store(false); });
    run_taken(loop, taken, deliver);
  }

 private:
  uint32_t fn_clear_;
};

class PlantedIocpBackend final : public Backend {
 public:
  explicit PlantedIocpBackend(Hooks& hooks) : hooks_(hooks), events_(hooks) {
    fn_create_ = hooks.name("CreateIoCompletionPort");
    fn_append_ = hooks.name("worker: append to loop->wq");
    fn_send_ = hooks.name("uv_async_send: PostQueuedCompletionStatus if async_sent was 0");
    // The name events_.wait_begin gives the wait (the wait itself takes one packet: the async handle's).
    fn_get_ = hooks.name(events_.batch() > 1 ? "GetQueuedCompletionStatusEx" : "GetQueuedCompletionStatus");
    fn_take_ = hooks.name("uv__work_done: take loop->wq");
    fn_clear_ = hooks.name("async_sent = 0 (planted bug: after the take)");
    fn_work_done_ = hooks.name("uv__work_done");
  }
  void create(ThreadCtx& loop) override { hooks_.emit(loop, Kind::port_create, Layer::kernel, fn_create_, 0, port_.handle()); }
  void post_completion(ThreadCtx& worker, Req& req) override {
    uint64_t post = hooks_.emit(worker, Kind::completion_post, Layer::libuv, fn_append_, req.id, 0, req.work_cause);
    req.post_cause = cause_id(post);
    const uint32_t id = req.id;  // once on the list the loop may free the request
    {
      std::lock_guard lock(done_mutex_);
      done_.push_back(&req);
    }
    bool send = false;
    hooks_.gate().emit_take(worker, Hooks::event(Kind::wakeup_send, Layer::kernel, fn_send_, id), [&](Event& e) {
      send = !async_sent_.exchange(true);
      e.value = send ? 1 : 0;
    });
    if (!send) return;
    hooks_.gate().kernel_post();
    port_.post(CompletionPacket{kAsyncKey, nullptr, 0});
  }
  void poll(ThreadCtx& loop, int64_t timeout_ms, const std::function<void(Req&)>& deliver) override {
    StepGate& gate = hooks_.gate();
    const int wait_ms = static_cast<int>(events_.wait_begin(loop, timeout_ms));  // the port's wait_begin, as the correct backend's
    std::array<CompletionPacket, 1> packet;
    size_t got = port_.get(packet, wait_ms);
    gate.kernel_wait_end(loop.id);
    const bool wakeup = got == 1 && packet[0].key == kAsyncKey;
    if (wakeup) gate.kernel_consume(1);
    hooks_.emit(loop, Kind::wait_end, Layer::kernel, fn_get_, 0, wakeup ? 1 : 0);
    if (!wakeup) return;
    std::vector<Req*> taken;
    gate.emit_take(loop, Hooks::event(Kind::wakeup_recv, Layer::libuv, fn_take_), [&](Event& e) {
      std::lock_guard lock(done_mutex_);
      taken.swap(done_);
      e.value = static_cast<int64_t>(taken.size());
    });
    gate.emit_take(loop, Hooks::event(Kind::uv_call, Layer::libuv, fn_clear_), [&](Event&) { async_sent_.store(false); });
    for (size_t i = 0; i < taken.size(); ++i) {
      Req& r = *taken[i];
      r.take_cause = cause_id(hooks_.emit(loop, Kind::completion_take, Layer::libuv, fn_work_done_, r.id,
                                          static_cast<int64_t>(taken.size() - i - 1), r.post_cause));
      deliver(r);
    }
  }
  void kick() override { port_.post(CompletionPacket{kKickKey, nullptr, 0}); }
  bool completions_run_in_pending_phase() const override { return true; }
  std::string_view spawn_fn() const override { return "CreateThread"; }

 private:
  static constexpr uintptr_t kKickKey = ~uintptr_t{0};
  static constexpr uintptr_t kAsyncKey = 1;  // the async handle's packet
  Hooks& hooks_;
  IocpEvents events_;
  CompletionPort port_;
  std::mutex done_mutex_;
  std::vector<Req*> done_;
  std::atomic<bool> async_sent_{false};
  uint32_t fn_create_, fn_append_, fn_send_, fn_get_, fn_take_, fn_clear_, fn_work_done_;
};

}  // namespace

std::unique_ptr<Backend> make_planted_backend(BackendKind kind, Hooks& hooks) {
  if (kind == BackendKind::epoll) return std::make_unique<PlantedEpollBackend>(hooks);
  return std::make_unique<PlantedIocpBackend>(hooks);
}

}  // namespace loopstep
