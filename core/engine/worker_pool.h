// libuv's thread pool (src/threadpool.c): N workers started lazily on the first submit,
// one FIFO work queue guarded by a mutex; idle workers sleep on a condition variable.
// Which idle worker a submit wakes is decided here (the one idle longest), never by the
// OS scheduler, so Step mode stays deterministic.
#pragma once
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/engine/engine_parts.h"
#include "core/engine/threads.h"

namespace loopstep {

class WorkerPool final : public Workers {
 public:
  WorkerPool(Hooks& hooks, ThreadFactory& threads, int size, RunWork run_work);
  bool set_size_before_start(int n) override;
  ~WorkerPool() override;
  int submit(ThreadCtx& loop, Req& req) override;
  void reap() override {}
  void shutdown(ThreadCtx& loop) override;
  void abort() override;

 private:
  struct Worker {
    uint16_t id = 0;
    bool woken = false;
    std::condition_variable cv;  // one per worker: the waker chooses who wakes
    std::thread thread;
  };
  void start(ThreadCtx& loop);
  void worker(ThreadCtx& t, Worker& self);
  // engine_bug = "double_take" (planted_pool.cpp, deliberately wrong): the head it just took
  // goes back on the queue and is removed in a second step, so a second woken worker can take it too.
  void planted_take_again(ThreadCtx& t, Req& item);

  Hooks& hooks_;
  ThreadFactory& threads_;
  int size_;
  RunWork run_work_;
  std::vector<std::unique_ptr<Worker>> workers_;  // the ones that started
  bool started_ = false;
  // Lock rule: a thread holding mutex_ may call the gate, never the reverse.
  std::mutex mutex_;           // guards queue_, idle_, stop_, woken
  std::deque<Req*> queue_;     // the work queue (wq)
  std::deque<Worker*> idle_;   // front = idle longest
  bool stop_ = false;
  const bool planted_double_take_;  // Step mode with engine_bug = "double_take"
  uint32_t fn_create_, fn_submit_, fn_take_, fn_wait_, fn_exit_, fn_planted_remove_;
};

}  // namespace loopstep
