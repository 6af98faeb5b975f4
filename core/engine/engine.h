// The engine: a loop thread running the scenario's script and then uv_run, a backend
// (epoll or IOCP) it waits on, workers that do real syscalls in a sandbox, and hooks that
// emit every step through the gate. Implemented across engine.cpp (loop and phases),
// js_calls.cpp (the script: JS -> binding -> libuv stages) and fs_work.cpp (the work and
// its completion).
#pragma once
#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/engine/engine_names.h"
#include "core/engine/engine_parts.h"
#include "core/sandbox/sandbox.h"
#include "core/engine/threads.h"

namespace loopstep {

class Engine {
 public:
  Engine(const Scenario& scenario, std::shared_ptr<RunInfo> info, Recorder& recorder, StepGate& gate);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Creates the sandbox and the loop thread; throws std::runtime_error. `stop_reason` is
  // polled while the sandbox is made: a reason abandons it (a limit passed meanwhile).
  void start(std::function<std::string()> stop_reason = [] { return std::string(); });
  void abort();      // wakes and unwinds every thread
  void join();       // after the gate reports finished (or after abort)
  std::string failure() const { return threads_.failure(); }
  ThreadFactory& threads() { return threads_; }
  // Request data the run holds (the bytes fs.read returned, until their callback returns).
  int64_t data_bytes() const { return data_bytes_.load(std::memory_order_relaxed); }

 private:
  // What Node passes to a callback. fs callbacks get err (null or an error) and their values;
  // timer, immediate, nextTick and promise callbacks get nothing, so their err is undefined.
  struct CallbackArgs {
    bool err_passed = false;
    bool has_err = false;
    int64_t err = 0;        // -errno
    bool has_result = false;
    int64_t result = 0;
    const std::string* data = nullptr;
  };
  struct Timer {
    Req* req;
  };

  // engine.cpp: the loop thread
  void loop_main(ThreadCtx& t);
  void uv_run(ThreadCtx& t);
  bool loop_alive() const;
  int64_t backend_timeout_ms() const;
  void update_time();
  void enter_phase(ThreadCtx& t, Phase p, int64_t value = 0);
  void run_timers(ThreadCtx& t);
  void run_check(ThreadCtx& t);
  void run_pending(ThreadCtx& t);
  // js_calls.cpp: the script
  void exec(ThreadCtx& t, const Step& step, const CallbackArgs& args);
  void exec_fs(ThreadCtx& t, const Step& step);
  void exec_pool_work(ThreadCtx& t, const Step& step);
  void submit(ThreadCtx& t, Req& r);
  void exec_js_queue(ThreadCtx& t, const Step& step);
  // setImmediate, process.nextTick, Promise.then: queues Node keeps in JS, not in libuv.
  void queue_js(ThreadCtx& t, const Step& step, uint32_t type, uint32_t call_fn, Kind queue_kind, uint32_t queue_fn,
                std::deque<Req*>& queue);
  void console_log(ThreadCtx& t, const Step& step, const CallbackArgs& args);
  Req& new_req(const Step& step, uint32_t type);
  void run_callback(ThreadCtx& t, Req& req, const CallbackArgs& args);
  void drain_ticks_and_microtasks(ThreadCtx& t);
  // fs_work.cpp: worker side, then loop side
  void run_work(ThreadCtx& t, Req& req);
  void complete(ThreadCtx& t, Req& req);

  const Scenario& scenario_;
  std::shared_ptr<RunInfo> info_;
  Recorder& recorder_;
  StepGate& gate_;
  Hooks hooks_;
  EngineNames names_;
  ThreadFactory threads_;
  std::unique_ptr<Sandbox> sandbox_;
  std::unique_ptr<Backend> backend_;
  std::unique_ptr<Workers> workers_;
  std::thread loop_thread_;

  // Loop-thread state (libuv's loop struct and Node's JS-side queues).
  int64_t req_count_ = 0;  // loop->active_reqs.count
  int64_t loop_now_ms_ = 0;
  uint64_t timer_order_ = 0;
  std::vector<Req*> timers_;  // sorted by (due, start order)
  std::deque<Req*> immediates_, next_ticks_, microtasks_;
  std::deque<Req*> pending_;  // loop->pending_queue: requests that failed before reaching a thread
  std::unordered_map<uint32_t, std::unique_ptr<Req>> reqs_;
  std::map<std::string, int64_t> fd_vars_;    // save_as variables
  std::map<std::string, uint32_t> fd_paths_;  // save_as variable -> the path it was opened from
  Phase phase_ = Phase::none;
  std::atomic<int64_t> data_bytes_{0};
};

}  // namespace loopstep
