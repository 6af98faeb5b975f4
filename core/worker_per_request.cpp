// PerRequestThreads: spawn, run, post, exit.
#include "core/worker_per_request.h"

#include <algorithm>
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

void PerRequestThreads::submit(ThreadCtx& loop, Req& req) {
  req.submit_cause = cause_id(hooks_.emit(loop, Kind::work_submit, Layer::libuv, fn_submit_, req.id, 1));
  uint16_t id = hooks_.gate().next_thread_id();
  hooks_.emit(loop, Kind::thread_spawn, Layer::kernel, fn_spawn_, req.id, id, req.submit_cause);
  Req* r = &req;
  std::thread th = threads_.start([this, r, id = req.id](ThreadCtx& t) {
    r->work_cause = cause_id(hooks_.emit(t, Kind::work_take, Layer::libuv, fn_start_, id, 0, r->submit_cause));
    run_work_(t, *r);  // after the post the loop may free the request: only `id` from here
    hooks_.emit(t, Kind::thread_exit, Layer::kernel, fn_exit_, id);
  });
  live_.push_back(Spawned{id, std::move(th)});
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
