// WorkerPool: submit, worker loop, shutdown.
#include "core/engine/worker_pool.h"

#include <cerrno>
#include <optional>
#include <system_error>

namespace loopstep {

WorkerPool::WorkerPool(Hooks& hooks, ThreadFactory& threads, int size, RunWork run_work)
    : hooks_(hooks), threads_(threads), size_(size), run_work_(std::move(run_work)),
      planted_double_take_(hooks.info().config.engine_bug == EngineBug::double_take && hooks.gate().mode() == Mode::step) {
  fn_create_ = hooks.name("uv_thread_create");
  fn_submit_ = hooks.name("uv__work_submit");
  fn_take_ = hooks.name("worker: take from wq");
  fn_wait_ = hooks.name("uv_cond_wait");
  fn_exit_ = hooks.name("worker returns");
  fn_planted_remove_ = planted_double_take_ ? hooks.name("worker: remove the head of wq (planted bug: a second lock)") : 0;
}

WorkerPool::~WorkerPool() {
  abort();
  std::vector<std::unique_ptr<Worker>> workers;
  {
    std::lock_guard lock(mutex_);
    workers.swap(workers_);
  }
  for (auto& w : workers)
    if (w->thread.joinable()) w->thread.join();
}

bool WorkerPool::set_size_before_start(int n) {
  if (started_) return false;
  size_ = n;
  return true;
}

void WorkerPool::start(ThreadCtx& loop) {
  // init_once: every worker is created on the first submit. A worker the OS refuses is
  // shown (value -EAGAIN) and the pool runs with the others.
  started_ = true;
  for (int i = 0; i < size_; ++i) {
    auto w = std::make_unique<Worker>();
    Worker* self = w.get();
    std::optional<ThreadFactory::Started> th;
    hooks_.gate().emit_take(loop, Hooks::event(Kind::thread_spawn, Layer::libuv, fn_create_), [&](Event& e) {
      try {
        self->id = hooks_.gate().next_thread_id();
        th = threads_.start([this, self](ThreadCtx& t) { worker(t, *self); });
        e.value = self->id;
      } catch (const std::system_error& err) {
        e.value = -err.code().value();
      }
    });
    if (!th) continue;
    {
      std::lock_guard lock(mutex_);  // abort() walks workers_ from the controller's thread
      self->thread = std::move(th->thread);
      workers_.push_back(std::move(w));
    }
    th->go();
  }
}

int WorkerPool::submit(ThreadCtx& loop, Req& req) {
  if (!started_) start(loop);
  if (workers_.empty()) return -EAGAIN;  // no worker could be created: nobody would ever take it
  // post(): append under the mutex and signal one idle worker.
  uint64_t seq = hooks_.gate().emit_take(loop, Hooks::event(Kind::work_submit, Layer::libuv, fn_submit_, req.id), [&](Event& e) {
    std::lock_guard lock(mutex_);
    e.value = static_cast<int64_t>(queue_.size() + 1);
  });
  req.submit_cause = cause_id(seq);
  Worker* wake = nullptr;
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(&req);
    if (!idle_.empty()) {
      wake = idle_.front();
      idle_.pop_front();
      wake->woken = true;
      hooks_.gate().wake(wake->id);  // the waker counts the wakee before it runs
    }
  }
  // Signalled after unlocking, so the worker does not wake into a held mutex.
  if (wake) wake->cv.notify_one();
  return 0;
}

void WorkerPool::worker(ThreadCtx& t, Worker& self) {
  // Never holds two mutexes at once; never emits while holding mutex_.
  defer_to_waker();
  for (;;) {
    Req* item = nullptr;
    bool stop = false;
    uint64_t seq = hooks_.gate().emit_take(t, Hooks::event(Kind::work_take, Layer::libuv, fn_take_), [&](Event& e) {
      std::lock_guard lock(mutex_);
      if (!queue_.empty()) {
        item = queue_.front();
        queue_.pop_front();
        e.req = item->id;
        e.value = static_cast<int64_t>(queue_.size());
        e.cause = static_cast<uint32_t>(item->submit_cause);
      } else if (stop_) {
        stop = true;
        e.kind = Kind::thread_exit;
        e.fn = fn_exit_;
      } else {
        idle_.push_back(&self);
        e.kind = Kind::worker_wait;
        e.fn = fn_wait_;
      }
    });
    if (stop) return;
    if (item) {
      item->work_cause = cause_id(seq);
      if (planted_double_take_) planted_take_again(t, *item);
      run_work_(t, *item);
      continue;
    }
    std::unique_lock lock(mutex_);
    if (!self.woken && !stop_) {
      hooks_.gate().block(t.id);
      self.cv.wait(lock, [&] { return self.woken || stop_; });
    }
    self.woken = false;
    if (hooks_.gate().aborted()) return;
  }
}

void WorkerPool::shutdown(ThreadCtx& loop) {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
    for (Worker* w : idle_) {
      hooks_.gate().wake(w->id);
      w->cv.notify_one();
    }
    idle_.clear();
  }
  for (auto& w : workers_) {
    hooks_.gate().join_wait(loop.id, w->id);
    w->thread.join();
  }
}

void WorkerPool::abort() {
  std::lock_guard lock(mutex_);
  stop_ = true;
  for (auto& w : workers_) w->cv.notify_one();
}

}  // namespace loopstep
