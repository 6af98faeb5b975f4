// PerRequestThreads: spawn, run, post, exit.
#include "core/engine/worker_per_request.h"

#include <algorithm>
#include <cerrno>
#include <optional>
#include <system_error>

namespace loopstep {

PerRequestThreads::PerRequestThreads(Hooks& hooks, ThreadFactory& threads, std::string_view spawn_fn, RunWork run_work)
    : hooks_(hooks), threads_(threads), run_work_(std::move(run_work)) {
  fn_submit_ = hooks.name("uv__work_submit");
  fn_spawn_ = hooks.name(spawn_fn);
  fn_start_ = hooks.name("thread start routine");
  fn_exit_ = hooks.name("thread returns");
}

PerRequestThreads::~PerRequestThreads() {
  for (auto& s : live_)
    if (s.thread.joinable()) s.thread.join();
}

int PerRequestThreads::submit(ThreadCtx& loop, Req& req) {
  req.submit_cause = cause_id(hooks_.emit(loop, Kind::work_submit, Layer::libuv, fn_submit_, req.id, 1));
  Req* r = &req;
  uint16_t id = 0;
  std::optional<ThreadFactory::Started> th;
  hooks_.gate().emit_take(loop, Hooks::event(Kind::thread_spawn, Layer::kernel, fn_spawn_, req.id, 0, req.submit_cause), [&](Event& e) {
    try {
      id = hooks_.gate().next_thread_id();
      th = threads_.start([this, r, req_id = req.id](ThreadCtx& t) {
        r->work_cause = cause_id(hooks_.emit(t, Kind::work_take, Layer::libuv, fn_start_, req_id, 0, r->submit_cause));
        run_work_(t, *r);  // after the post the loop may free the request: only `req_id` from here
        hooks_.emit(t, Kind::thread_exit, Layer::kernel, fn_exit_, req_id);
      });
      e.value = id;
    } catch (const std::system_error& err) {
      e.value = -err.code().value();
    }
  });
  if (!th) return -EAGAIN;
  live_.push_back(Spawned{id, std::move(th->thread)});
  th->go();
  return 0;
}

void PerRequestThreads::reap() {
  auto done = [&](Spawned& s) {
    if (!hooks_.gate().exited(s.id)) return false;
    s.thread.join();
    return true;
  };
  live_.erase(std::remove_if(live_.begin(), live_.end(), done), live_.end());
}

void PerRequestThreads::shutdown(ThreadCtx& loop) {
  for (auto& s : live_) {
    hooks_.gate().join_wait(loop.id, s.id);
    s.thread.join();
  }
  live_.clear();
}

}  // namespace loopstep
