// The script: each call passes through the named stages of the articles (JS -> Node's
// binding -> libuv), modeled for JS and binding, real from libuv down. A TOML statement
// and a JS lesson's call (a Step the request owns) take the same path.
#include <algorithm>
#include <iterator>
#include <cstring>

#include "core/engine/engine.h"
#include "core/record/errno_names.h"
#include "core/record/source_ref.h"
#include "core/engine/fs_op_names.h"

namespace loopstep {

StepNameIds Engine::intern_step_names(const Step& step) {
  // Interned per call, not per statement up front: a generated lesson can have hundreds of
  // thousands of statements, each run once, and a table keyed by statement cost more than this.
  return StepNameIds{names_.op(step.op).js, hooks_.name(step.path), step.op == Op::fs_open ? hooks_.name(step.flags) : 0,
                     hooks_.name(step.callback)};
}

Req& Engine::new_req(const Step& step, uint32_t type) {
  const StepNameIds n = intern_step_names(step);
  RequestInfo ri{n.op, type, n.path, n.flags, n.callback};
  ri.src = step.src;
  int64_t fd = step.fd_number;
  if (op_uses_fd(step.op)) {
    ri.uses_fd = true;
    if (!step.fd.empty()) {  // a TOML variable: the descriptor it holds now, and the file it came from
      auto it = fd_vars_.find(step.fd);
      auto path = fd_paths_.find(step.fd);
      fd = it == fd_vars_.end() ? -1 : it->second;
      ri.fd_path = path == fd_paths_.end() ? 0 : path->second;
      // A variable names the open that produced it, not a number: once closed it reaches no
      // fd, so it cannot reach the file that reuses its number (a later open) — EBADF instead.
      if (step.op == Op::fs_close && it != fd_vars_.end()) it->second = -1;
    } else if (auto path = fd_numbers_.find(fd); path != fd_numbers_.end()) {
      ri.fd_path = path->second;  // a JS lesson's number: the open that returned it
    }
    ri.fd = fd;
  }
  auto req = std::make_unique<Req>();
  req->fd = fd;
  req->id = info_->requests.add(ri);
  req->op = step.op;
  req->step = &step;
  req->strings = n;
  Req& r = *req;
  reqs_.emplace(r.id, std::move(req));
  return r;
}

void Engine::free_req(Req& req) {
  data_bytes_.fetch_sub(static_cast<int64_t>(req.data.size()), std::memory_order_relaxed);
  auto it = reqs_.find(req.id);
  if (info_->config.engine_bug == EngineBug::double_take && info_->mode == "step") kept_freed_.push_back(std::move(it->second));
  reqs_.erase(it);
}

Req* Engine::find(uint32_t req) {
  auto it = reqs_.find(req);
  return it == reqs_.end() ? nullptr : it->second.get();
}

Req* Engine::exec(ThreadCtx& t, const Step& step, const CallbackArgs& args) {
  if (step.op == Op::console_log) {
    console_log(t, step, args);
    return nullptr;
  }
  if (op_is_fs(step.op)) return &exec_fs(t, step);
  if (op_is_work(step.op)) return &exec_pool_work(t, step);
  return &exec_js_queue(t, step);
}

Req* Engine::exec_owned(ThreadCtx& t, std::unique_ptr<Step> step) {
  Req* r = exec(t, *step, CallbackArgs{});
  if (r) r->owned_step = std::move(step);
  return r;
}

std::string fill_placeholders(const std::string& a, const CallbackArgs& args) {
  // {err} {result} {data} print as Node would print the callback's arguments.
  std::string line;
  for (size_t p = 0; p < a.size();) {
    auto put = [&](std::string_view tok, const std::string& with) {
      if (a.compare(p, tok.size(), tok) != 0) return false;
      line += with;
      p += tok.size();
      return true;
    };
    std::string err = args.has_err ? std::string(errno_name(-args.err)) : args.err_passed ? "null" : "undefined";
    std::string result = args.has_result ? std::to_string(args.result) : "undefined";
    std::string data = args.data ? *args.data : "undefined";
    if (put("{err}", err) || put("{result}", result) || put("{data}", data)) continue;
    line += a[p++];
  }
  return line;
}

void Engine::console_log(ThreadCtx& t, const Step& step, const CallbackArgs& args) {
  // console.log joins its arguments with one space.
  std::string line;
  for (size_t i = 0; i < step.args.size(); ++i) {
    if (i) line += ' ';
    line += fill_placeholders(step.args[i], args);
  }
  console(t, line, 0);
}

void Engine::console(ThreadCtx& t, std::string_view text, uint32_t src) {
  hooks_.emit(t, Kind::console, Layer::js, names_.console_log, 0, console_value(hooks_.name(text), src));
}

Req& Engine::exec_fs(ThreadCtx& t, const Step& step) {
  bool article = info_->config.workers == WorkerModel::per_request;
  Req& r = new_req(step, article ? names_.op(step.op).article_type : names_.uv_fs_t);
  // The named stages of the call: one burst on this thread (one seq reservation in Run mode).
  Event stages[] = {Hooks::event(Kind::js_call, Layer::js, names_.op(step.op).js, r.id),
                    Hooks::event(Kind::req_init, Layer::js, names_.FSReqCallback, r.id),
                    Hooks::event(Kind::binding_call, Layer::binding, names_.op(step.op).binding, r.id),
                    Hooks::event(Kind::binding_call, Layer::binding, names_.AsyncCall, r.id),
                    Hooks::event(Kind::binding_call, Layer::binding, names_.Dispatch, r.id),
                    Hooks::event(Kind::uv_call, Layer::libuv, names_.op(step.op).uv, r.id),
                    Hooks::event(Kind::uv_call, Layer::libuv, names_.INIT, r.id),
                    Hooks::event(Kind::uv_call, Layer::libuv, names_.PATH, r.id),
                    Hooks::event(Kind::uv_call, Layer::libuv, names_.POST, r.id)};
  size_t count = std::size(stages);
  if (!op_names(step.op).has_path) stages[count - 2] = stages[count - 1], --count;  // no PATH stage
  hooks_.gate().emit_burst(t, stages, count);
  // POST registers the request (req_count + 1) only on the async path, then submits it.
  hooks_.emit(t, Kind::req_count_inc, Layer::libuv, names_.uv_req_register, r.id, ++req_count_);
  submit(t, r);
  return r;
}

bool Engine::set_pool_size(int n) {
  if (!workers_->set_size_before_start(n)) return false;
  info_->config.pool_size = n;
  return true;
}

void Engine::submit(ThreadCtx& t, Req& r) {
  if (int err = workers_->submit(t, r); err < 0) {
    // Nobody can run the work. libuv delivers such an error later, never from inside the
    // call (uv__io_feed: the pending queue, run by uv__run_pending): calling back here
    // would let a callback that retries recurse once per failure until the stack overflows.
    r.result = err;
    pending_.push_back(&r);
    hooks_.emit(t, Kind::uv_call, Layer::libuv, names_.uv_io_feed, r.id, err);
  }
}

Req& Engine::exec_pool_work(ThreadCtx& t, const Step& step) {
  Req& r = new_req(step, names_.uv_work_t);
  const bool crypto = step.op == Op::crypto_pbkdf2;
  hooks_.emit(t, Kind::js_call, Layer::js, names_.op(step.op).js, r.id);
  hooks_.emit(t, Kind::req_init, Layer::js, crypto ? names_.PBKDF2Job : names_.AsyncWrap, r.id);
  hooks_.emit(t, Kind::binding_call, Layer::binding, names_.op(step.op).binding, r.id);
  // job.run() of node's lib/internal/crypto/pbkdf2.js: CryptoJob::Run schedules the job.
  if (crypto) hooks_.emit(t, Kind::binding_call, Layer::binding, names_.op(Op::pool_work).binding, r.id);
  hooks_.emit(t, Kind::uv_call, Layer::libuv, names_.op(step.op).uv, r.id);
  hooks_.emit(t, Kind::req_count_inc, Layer::libuv, names_.uv_req_register, r.id, ++req_count_);
  submit(t, r);
  return r;
}

void Engine::start_timer(ThreadCtx& t, Req& r, int64_t delay_ms) {
  // Node's timer start is getLibuvNow(), which calls uv_update_time first; delays below
  // 1 ms are 1 ms.
  update_time();
  arm_timer(t, r, loop_now_ms_ + std::max<int64_t>(1, delay_ms));
}

void Engine::arm_timer(ThreadCtx& t, Req& r, int64_t due_ms) {
  r.due_ms = due_ms;
  r.order = ++timer_order_;
  r.submit_cause = cause_id(hooks_.emit(t, Kind::timer_start, Layer::libuv, names_.uv_timer_start, r.id, r.due_ms));
  auto pos = std::upper_bound(timers_.begin(), timers_.end(), &r, [](const Req* a, const Req* b) {
    return a->due_ms != b->due_ms ? a->due_ms < b->due_ms : a->order < b->order;
  });
  timers_.insert(pos, &r);
}

Req& Engine::exec_js_queue(ThreadCtx& t, const Step& step) {
  switch (step.op) {
    case Op::set_timeout: {
      Req& r = new_req(step, names_.Timeout);
      hooks_.emit(t, Kind::js_call, Layer::js, step.repeat_ms ? names_.setInterval : names_.setTimeout, r.id, step.delay_ms);
      hooks_.emit(t, Kind::req_init, Layer::js, names_.Timeout, r.id);
      start_timer(t, r, step.delay_ms);
      return r;
    }
    case Op::set_immediate:
      return queue_js(t, step, names_.Immediate, names_.setImmediate, Kind::immediate_queue, names_.immediate_append, immediates_);
    case Op::next_tick:
      return queue_js(t, step, names_.TickObject, names_.nextTick, Kind::tick_queue, names_.tick_push, next_ticks_);
    default:  // Promise.then
      return queue_js(t, step, names_.PromiseReaction, names_.Promise_then, Kind::microtask_queue, names_.EnqueueMicrotask, microtasks_);
  }
}

Req& Engine::queue_js(ThreadCtx& t, const Step& step, uint32_t type, uint32_t call_fn, Kind queue_kind, uint32_t queue_fn,
                      std::deque<Req*>& queue) {
  Req& r = new_req(step, type);
  hooks_.emit(t, Kind::js_call, Layer::js, call_fn, r.id);
  hooks_.emit(t, Kind::req_init, Layer::js, type, r.id);
  queue.push_back(&r);
  r.submit_cause = cause_id(hooks_.emit(t, queue_kind, Layer::js, queue_fn, r.id, static_cast<int64_t>(queue.size())));
  return r;
}

void Engine::run_callback(ThreadCtx& t, Req& req, const CallbackArgs& args) {
  const Step& step = *req.step;
  if (step.op == Op::fs_open && !step.save_as.empty()) {
    fd_vars_[step.save_as] = args.has_err ? -1 : args.result;
    fd_paths_[step.save_as] = args.has_err ? 0 : req.strings.path;  // a failed open names no file
  }
  if (step.op == Op::fs_open && step.fd.empty() && !args.has_err) fd_numbers_[args.result] = req.strings.path;
  uint32_t fn = req.strings.callback;
  uint64_t cause = req.take_cause ? req.take_cause : req.submit_cause;
  hooks_.emit(t, Kind::callback_begin, Layer::js, fn, req.id, 0, cause);
  program_->run_callback(t, req, args);
  hooks_.emit(t, Kind::callback_end, Layer::js, fn, req.id);
  if (!step.repeat_ms || req.cleared) free_req(req);  // the request struct is freed once its callback returned
}

void Engine::drain_modeled(ThreadCtx& t) {
  // processTicksAndRejections: every tick, then every microtask, until both are empty.
  do {
    while (!next_ticks_.empty()) {
      Req* r = next_ticks_.front();
      next_ticks_.pop_front();
      run_callback(t, *r, CallbackArgs{});
    }
    while (!microtasks_.empty()) {
      Req* r = microtasks_.front();
      microtasks_.pop_front();
      run_callback(t, *r, CallbackArgs{});
    }
  } while (!next_ticks_.empty());
}

}  // namespace loopstep
