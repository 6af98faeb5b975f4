// DELIBERATELY WRONG: engine_bug = "double_take" (README, "Bug hunt"). The correct pool
// (worker_pool.cpp, libuv's worker() in src/threadpool.c) reads the head of the work queue
// and removes it under one lock. This worker reads it under one lock and removes "the head"
// under a second one: when two submits wake two idle workers and the second reads the queue
// between the first's two steps, both take the same request, both run it and post its
// completion, and the loop takes it twice: its callback runs twice (and the request queued
// behind it is removed by the second worker without ever running). Step mode only.
#include "core/engine/worker_pool.h"

namespace loopstep {

void WorkerPool::planted_take_again(ThreadCtx& t, Req& item) {
  // The take step popped the head; the planted worker only *read* it: put it back, as if the
  // first lock had been released without removing it. No hook between: still one step.
  {
    std::lock_guard lock(mutex_);
    queue_.push_front(&item);
  }
  hooks_.gate().emit_take(t, Hooks::event(Kind::uv_call, Layer::libuv, fn_planted_remove_, item.id), [&](Event& e) {
    std::lock_guard lock(mutex_);
    if (queue_.empty()) return;
    e.req = queue_.front()->id;  // "the head" now: the same request, or the next one if another worker took it
    queue_.pop_front();
    e.value = static_cast<int64_t>(queue_.size());
  });
}

}  // namespace loopstep
