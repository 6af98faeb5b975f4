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
#include "core/engine/program.h"
#include "core/sandbox/sandbox.h"
#include "core/engine/threads.h"

namespace loopstep {

class Engine final : public LoopApi {
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

  // LoopApi (js_calls.cpp, js_observed.cpp, fs_sync.cpp): what the program calls.
  Req* exec(ThreadCtx& t, const Step& step, const CallbackArgs& args) override;
  Req* exec_owned(ThreadCtx& t, std::unique_ptr<Step> step) override;
  std::unique_ptr<Req> exec_sync(ThreadCtx& t, std::unique_ptr<Step> step) override;
  bool clear(ThreadCtx& t, uint32_t req, std::string_view js_fn) override;
  void console(ThreadCtx& t, std::string_view text, uint32_t src) override;
  Req& queued(ThreadCtx& t, Op op, std::string_view callback, uint32_t src, int64_t depth) override;
  void run_begin(ThreadCtx& t, Req& r) override;
  void run_end(ThreadCtx& t, Req& r) override;
  void drain_modeled(ThreadCtx& t) override;
  Req* find(uint32_t req) override;
  Hooks& hooks() override { return hooks_; }
  Sandbox& sandbox() override { return *sandbox_; }
  bool set_pool_size(int n) override;
  Sockets& sockets() override { return *sockets_; }

 private:

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
  void run_pending_after_poll(ThreadCtx& t);
  void before_completion(ThreadCtx& t);  // the first completion of a wait: loop time, Windows' pending pass
  void run_closing(ThreadCtx& t) { sockets_->run_closing(t); }  // uv__run_closing_handles
  void run_net_callback(ThreadCtx& t, const NetCallback& cb, uint32_t fn, uint64_t cause);
  // js_calls.cpp: the script
  Req& exec_fs(ThreadCtx& t, const Step& step);
  Req& exec_pool_work(ThreadCtx& t, const Step& step);
  void submit(ThreadCtx& t, Req& r);
  Req& exec_js_queue(ThreadCtx& t, const Step& step);
  void start_timer(ThreadCtx& t, Req& r, int64_t delay_ms);
  void arm_timer(ThreadCtx& t, Req& r, int64_t due_ms);
  // setImmediate, process.nextTick, Promise.then: queues Node keeps in JS, not in libuv.
  Req& queue_js(ThreadCtx& t, const Step& step, uint32_t type, uint32_t call_fn, Kind queue_kind, uint32_t queue_fn,
                std::deque<Req*>& queue);
  void console_log(ThreadCtx& t, const Step& step, const CallbackArgs& args);
  Req& new_req(const Step& step, uint32_t type);
  StepNameIds intern_step_names(const Step& step);
  void run_callback(ThreadCtx& t, Req& req, const CallbackArgs& args);
  void free_req(Req& req);
  void drain_ticks_and_microtasks(ThreadCtx& t) { program_->drain(t); }
  // fs_work.cpp: worker side, then loop side
  void run_work(ThreadCtx& t, Req& req);
  void derive_key(ThreadCtx& t, Req& req);  // crypto.pbkdf2, on a worker or (Sync) the loop thread
  uint32_t fs_syscall(Req& r);  // the real call in the sandbox; returns the name it goes by
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
  std::unique_ptr<Program> program_;
  std::unique_ptr<Sockets> sockets_;  // servers and sockets: the handles that keep the loop alive
  bool pool_started_ = false;  // the first pool request made the workers (UV_THREADPOOL_SIZE is read then)
  std::thread loop_thread_;

  // Loop-thread state (libuv's loop struct and Node's JS-side queues).
  int64_t req_count_ = 0;  // loop->active_reqs.count
  int64_t loop_now_ms_ = 0;
  bool time_updated_ = false;  // this poll's wait returned something, and the time was taken
  bool pending_pass_ = false;  // this poll's completions run in a pending pass (Windows)
  uint64_t timer_order_ = 0;
  std::vector<Req*> timers_;  // sorted by (due, start order)
  std::deque<Req*> immediates_, next_ticks_, microtasks_;
  std::deque<Req*> pending_;  // loop->pending_queue: requests that failed before reaching a thread
  std::unordered_map<uint32_t, std::unique_ptr<Req>> reqs_;
  // engine_bug = "double_take" (Step mode): freed request structs are kept to the end of the
  // run, so that the planted bug's second run of a request touches a stale struct, never
  // freed memory (in C, as in libuv, it would be a use-after-free).
  std::vector<std::unique_ptr<Req>> kept_freed_;
  std::map<std::string, int64_t> fd_vars_;    // save_as variables
  std::map<std::string, uint32_t> fd_paths_;  // save_as variable -> the path it was opened from
  std::map<int64_t, uint32_t> fd_numbers_;    // JS lessons: fd -> the path its open named
  Phase phase_ = Phase::none;
  std::atomic<int64_t> data_bytes_{0};
};

}  // namespace loopstep
