// Engine: the loop thread, uv_run's phases, timers and immediates.
#include "core/engine/engine.h"

#include <algorithm>

#include "core/engine/statement_program.h"
#include "core/engine/worker_per_request.h"
#include "core/engine/worker_pool.h"

namespace loopstep {

Engine::Engine(const Scenario& scenario, std::shared_ptr<RunInfo> info, Recorder& recorder, StepGate& gate)
    : scenario_(scenario), info_(std::move(info)), recorder_(recorder), gate_(gate), hooks_(gate, *info_),
      threads_(gate, recorder) {
  names_.intern(hooks_);
}

Engine::~Engine() {
  abort();
  join();
}

void Engine::start(std::function<std::string()> stop_reason) {
  sandbox_ = std::make_unique<Sandbox>(scenario_.files, scenario_.symlinks,
                                       SandboxOptions{scenario_.limits.max_sandbox_bytes, std::move(stop_reason)});
  const RunConfig& cfg = info_->config;
  backend_ = make_backend(cfg.backend, hooks_);
  gate_.set_kick([b = backend_.get()] { b->kick(); });
  SocketsEnv net;
  net.hooks = &hooks_;
  net.info = info_.get();
  net.poller = backend_->io_poller();
  net.port = backend_->io_port();
  net.backend_name = backend_name(cfg.backend);
  net.before_packet = [this](ThreadCtx& t) { before_completion(t); };
  net.req_count = [this](ThreadCtx& t, uint32_t req, int delta) {
    req_count_ += delta;
    hooks_.emit(t, delta > 0 ? Kind::req_count_inc : Kind::req_count_dec, Layer::libuv,
                delta > 0 ? names_.uv_req_register : names_.uv_req_unregister, req, req_count_);
    return req_count_;
  };
  net.callback = [this](ThreadCtx& t, const NetCallback& cb, uint32_t fn, uint64_t cause) { run_net_callback(t, cb, fn, cause); };
  sockets_ = make_sockets(std::move(net));
  auto run_work = [this](ThreadCtx& t, Req& r) { this->run_work(t, r); };
  if (cfg.workers == WorkerModel::pool)
    workers_ = std::make_unique<WorkerPool>(hooks_, threads_, cfg.pool_size, run_work);
  else
    workers_ = std::make_unique<PerRequestThreads>(hooks_, threads_, backend_->spawn_fn(), run_work);
  // A JS lesson's node starts once its sandbox exists (it runs there); a TOML lesson's
  // statements are the program.
  if (scenario_.js) program_ = make_node_program(*this, scenario_, *info_);
  else program_ = std::make_unique<StatementProgram>(*this, scenario_);
  program_->start();
  auto loop = threads_.start([this](ThreadCtx& t) { loop_main(t); });
  loop_thread_ = std::move(loop.thread);
  loop.go();
}

void Engine::abort() {
  gate_.abort();
  if (program_) program_->abort();
  if (workers_) workers_->abort();
}

void Engine::join() {
  if (loop_thread_.joinable()) loop_thread_.join();
  if (sockets_) sockets_->close_all();  // however the run ended: no socket outlives it
  workers_.reset();  // joins whatever an abort left behind
}

void Engine::run_net_callback(ThreadCtx& t, const NetCallback& cb, uint32_t fn, uint64_t cause) {
  const uint32_t id = cb.req ? cb.req : cb.handle;
  hooks_.emit(t, Kind::callback_begin, Layer::js, fn, id, cb.status, cause);
  program_->run_net_callback(t, cb);
  hooks_.emit(t, Kind::callback_end, Layer::js, fn, id);
  drain_ticks_and_microtasks(t);
}

void Engine::enter_phase(ThreadCtx& t, Phase p, int64_t) {
  phase_ = p;
  hooks_.emit(t, Kind::phase, Layer::libuv, names_.phases[static_cast<size_t>(p)], 0, static_cast<int64_t>(p));
}

void Engine::loop_main(ThreadCtx& t) {
  hooks_.emit(t, Kind::loop_init, Layer::libuv, names_.uv_loop_init);
  backend_->create(t);
  // The main module runs to completion before the loop starts; Node then drains
  // process.nextTick and the microtasks.
  enter_phase(t, Phase::main_script);
  try {
    program_->run_main(t);
    drain_ticks_and_microtasks(t);
    uv_run(t);
    // node: do { uv_run; EmitProcessBeforeExit; } while (uv_loop_alive): a 'beforeExit'
    // listener that starts work runs the loop again.
    while (program_->before_exit(t) && loop_alive()) uv_run(t);
    hooks_.emit(t, Kind::loop_exit, Layer::libuv, names_.uv_run_returns, 0, req_count_);
    program_->on_exit(t);
  } catch (const ProgramExit& e) {
    // node's process ends here: the loop never returns, whatever is still in flight.
    info_->exit_code = e.code;
    hooks_.emit(t, Kind::js_exit, Layer::js, hooks_.name(e.why), 0, e.code);
  }
  program_->end();
  sockets_->close_all();
  workers_->shutdown(t);
}

bool Engine::loop_alive() const {
  // uv__loop_alive: active handles || active reqs || pending || closing. Our handles are
  // the timers, the check handle Node keeps active while immediates are queued, and the
  // servers and sockets watching their fds.
  bool handles = !timers_.empty() || !immediates_.empty() || sockets_->active();
  return handles || req_count_ > 0 || !pending_.empty() || sockets_->pending() || sockets_->closing();
}

int64_t Engine::backend_timeout_ms() const {
  // uv__backend_timeout: 0 when immediates wait (Node's idle handle), else until the next
  // timer, else forever while requests are outstanding.
  if (!immediates_.empty() || !pending_.empty() || sockets_->pending() || sockets_->closing()) return 0;
  if (!timers_.empty()) return std::max<int64_t>(0, timers_.front()->due_ms - loop_now_ms_);
  return req_count_ > 0 || sockets_->active() ? -1 : 0;
}

void Engine::update_time() { loop_now_ms_ = gate_.now_ns() / 1'000'000; }

void Engine::uv_run(ThreadCtx& t) {
  uint32_t fn_alive = names_.uv_loop_alive;
  bool alive = loop_alive();
  hooks_.emit(t, Kind::alive_check, Layer::libuv, fn_alive, 0, alive);
  if (alive) {  // UV_RUN_DEFAULT runs due timers once before the first iteration
    update_time();
    enter_phase(t, Phase::timers);
    run_timers(t);
  }
  while (alive) {
    enter_phase(t, Phase::pending);
    run_pending(t);
    enter_phase(t, Phase::idle_prepare);
    int64_t timeout = backend_timeout_ms();
    enter_phase(t, Phase::poll, timeout);
    time_updated_ = pending_pass_ = false;
    backend_->poll(t, timeout, [&](Req& r) {
      before_completion(t);
      complete(t, r);
    });
    if (!time_updated_) update_time();  // the wait returned empty (timeout, kick)
    workers_->reap();
    run_pending_after_poll(t);
    enter_phase(t, Phase::check);
    run_check(t);
    enter_phase(t, Phase::closing);
    run_closing(t);
    update_time();
    enter_phase(t, Phase::timers);
    run_timers(t);
    alive = loop_alive();
    hooks_.emit(t, Kind::alive_check, Layer::libuv, fn_alive, 0, alive);
  }
}

void Engine::before_completion(ThreadCtx& t) {
  // uv__io_poll updates the loop time as soon as epoll_wait returns (Windows' uv__poll
  // after GetQueuedCompletionStatus(Ex)), before any completion runs: a timer started in
  // a callback of a late completion counts from then, not from before the wait.
  if (!time_updated_) update_time();
  time_updated_ = true;
  if (backend_->completions_run_in_pending_phase() && !pending_pass_) {
    enter_phase(t, Phase::pending);  // Windows: completions (fs and sockets) become pending reqs, run after the poll
    pending_pass_ = true;
  }
}

void Engine::run_pending_after_poll(ThreadCtx& t) {
  // uv_run (libuv 1.46, unix and win alike) runs the pending queue up to 8 more passes after
  // the poll: a shutdown that a callback of this poll queued (uv__io_feed on unix,
  // uv__insert_pending_req on Windows) runs in this iteration, with its callback and the close
  // it leads to, before the check phase and before the peer's events of the next poll.
  // On Windows the poll's own packets were the first of the 8 (uv__poll queues them as reqs).
  for (int pass = pending_pass_ ? 1 : 0; pass < 8 && (!pending_.empty() || sockets_->pending()); ++pass) {
    if (!pending_pass_) enter_phase(t, Phase::pending);
    pending_pass_ = true;
    run_pending(t);
  }
}

void Engine::run_timers(ThreadCtx& t) {
  uint32_t fn = names_.uv_run_timers;
  // Node's processTimers(now) compares every timer with the time it was called at; a timer
  // callback that reads the clock (setTimeout) moves loop time on, but not this pass's now.
  const int64_t now = loop_now_ms_;
  while (!timers_.empty() && timers_.front()->due_ms <= now) {
    Req* r = timers_.front();
    timers_.erase(timers_.begin());
    r->take_cause = cause_id(hooks_.emit(t, Kind::timer_fire, Layer::libuv, fn, r->id, now, r->submit_cause));
    // setInterval: Node takes the restart time before the callback (listOnTimeout's start).
    const int64_t repeat = r->step->repeat_ms;
    if (repeat) update_time();
    const int64_t restart_ms = loop_now_ms_;
    const uint32_t id = r->id;
    run_callback(t, *r, CallbackArgs{});
    // An interval that cleared itself in its callback was freed with it; one still held restarts.
    if (Req* still = repeat ? find(id) : nullptr) arm_timer(t, *still, restart_ms + std::max<int64_t>(1, repeat));
    drain_ticks_and_microtasks(t);
  }
}

void Engine::run_pending(ThreadCtx& t) {
  // uv__run_pending takes the queue as it is: a failure queued by one of these callbacks
  // waits for the next pass, so a callback that retries forever loops, never recurses.
  std::deque<Req*> batch;
  batch.swap(pending_);
  for (Req* r : batch) {
    hooks_.emit(t, Kind::uv_call, Layer::libuv, names_.uv_run_pending, r->id, r->result);
    complete(t, *r);
  }
  sockets_->run_pending(t);
}

void Engine::run_check(ThreadCtx& t) {
  // Node's processImmediate runs the immediates queued before this phase; those queued
  // while it runs wait for the next iteration.
  std::deque<Req*> batch;
  batch.swap(immediates_);
  for (Req* r : batch) {
    run_callback(t, *r, CallbackArgs{});
    drain_ticks_and_microtasks(t);
  }
}

}  // namespace loopstep
