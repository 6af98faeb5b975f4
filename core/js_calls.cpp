// The script: each statement passes through the named stages of the articles
// (JS -> Node's binding -> libuv), modeled for JS and binding, real from libuv down.
#include <cstring>

#include "core/engine.h"
#include "core/errno_names.h"
#include "core/fs_op_names.h"

namespace loopstep {

Req& Engine::new_req(const Step& step, std::string_view type) {
  RequestInfo ri;
  ri.op = hooks_.name(op_name(step.op));
  ri.type = hooks_.name(type);
  ri.path = hooks_.name(step.path);
  ri.flags = step.op == Op::fs_open ? hooks_.name(step.flags) : 0;
  ri.callback = hooks_.name(step.callback);
  auto req = std::make_unique<Req>();
  req->id = info_->requests.add(ri);
  req->op = step.op;
  req->step = &step;
  Req& r = *req;
  reqs_.emplace(r.id, std::move(req));
  return r;
}

void Engine::exec(ThreadCtx& t, const Step& step, const CallbackArgs& args) {
  if (step.op == Op::console_log) console_log(t, step, args);
  else if (op_is_fs(step.op)) exec_fs(t, step);
  else if (step.op == Op::pool_work) exec_pool_work(t, step);
  else exec_js_queue(t, step);
}

void Engine::console_log(ThreadCtx& t, const Step& step, const CallbackArgs& args) {
  // console.log joins its arguments with one space; {err} {result} {data} print as Node would.
  std::string line;
  for (size_t i = 0; i < step.args.size(); ++i) {
    if (i) line += ' ';
    const std::string& a = step.args[i];
    for (size_t p = 0; p < a.size();) {
      auto put = [&](std::string_view tok, const std::string& with) {
        if (a.compare(p, tok.size(), tok) != 0) return false;
        line += with;
        p += tok.size();
        return true;
      };
      std::string err = args.has_err ? std::string(errno_name(-args.err)) : "null";
      std::string result = args.has_result ? std::to_string(args.result) : "undefined";
      std::string data = args.data ? *args.data : "undefined";
      if (put("{err}", err) || put("{result}", result) || put("{data}", data)) continue;
      line += a[p++];
    }
  }
  hooks_.emit(t, Kind::console, Layer::js, hooks_.name("console.log"), 0, hooks_.name(line));
}

void Engine::exec_fs(ThreadCtx& t, const Step& step) {
  const OpNames& n = op_names(step.op);
  bool article = info_->config.workers == WorkerModel::per_request;
  Req& r = new_req(step, article ? n.article_type : "uv_fs_t");
  if (op_uses_fd(step.op)) {
    auto it = fd_vars_.find(step.fd);
    r.fd = it == fd_vars_.end() ? -1 : it->second;
  }
  hooks_.emit(t, Kind::js_call, Layer::js, hooks_.name(op_name(step.op)), r.id);
  hooks_.emit(t, Kind::req_init, Layer::js, hooks_.name("FSReqCallback"), r.id);
  hooks_.emit(t, Kind::binding_call, Layer::binding, hooks_.name(n.binding), r.id);
  hooks_.emit(t, Kind::binding_call, Layer::binding, hooks_.name("AsyncCall"), r.id);
  hooks_.emit(t, Kind::binding_call, Layer::binding, hooks_.name("Dispatch"), r.id);
  hooks_.emit(t, Kind::uv_call, Layer::libuv, hooks_.name(n.uv), r.id);
  hooks_.emit(t, Kind::uv_call, Layer::libuv, hooks_.name("INIT"), r.id);
  if (n.has_path) hooks_.emit(t, Kind::uv_call, Layer::libuv, hooks_.name("PATH"), r.id);
  hooks_.emit(t, Kind::uv_call, Layer::libuv, hooks_.name("POST"), r.id);
  // POST registers the request (req_count + 1) only on the async path, then submits it.
  hooks_.emit(t, Kind::req_count_inc, Layer::libuv, hooks_.name("uv__req_register"), r.id, ++req_count_);
  submit(t, r);
}

void Engine::submit(ThreadCtx& t, Req& r) {
  if (int err = workers_->submit(t, r); err < 0) {
    // Nobody can run the work: the request fails at once, inside the current JS call,
    // as when uv_fs_* fails synchronously and Node calls After right away.
    r.result = err;
    complete(t, r);
  }
}

void Engine::exec_pool_work(ThreadCtx& t, const Step& step) {
  const OpNames& n = op_names(step.op);
  Req& r = new_req(step, "uv_work_t");
  hooks_.emit(t, Kind::js_call, Layer::js, hooks_.name(op_name(step.op)), r.id);
  hooks_.emit(t, Kind::req_init, Layer::js, hooks_.name("AsyncWrap"), r.id);
  hooks_.emit(t, Kind::binding_call, Layer::binding, hooks_.name(n.binding), r.id);
  hooks_.emit(t, Kind::uv_call, Layer::libuv, hooks_.name(n.uv), r.id);
  hooks_.emit(t, Kind::req_count_inc, Layer::libuv, hooks_.name("uv__req_register"), r.id, ++req_count_);
  submit(t, r);
}

void Engine::exec_js_queue(ThreadCtx& t, const Step& step) {
  switch (step.op) {
    case Op::set_timeout: {
      Req& r = new_req(step, "Timeout");
      hooks_.emit(t, Kind::js_call, Layer::js, hooks_.name("setTimeout"), r.id, step.delay_ms);
      hooks_.emit(t, Kind::req_init, Layer::js, hooks_.name("Timeout"), r.id);
      // Node clamps delays below 1 ms to 1 ms.
      r.due_ms = loop_now_ms_ + std::max<int64_t>(1, step.delay_ms);
      r.order = ++timer_order_;
      r.submit_cause = cause_id(hooks_.emit(t, Kind::timer_start, Layer::libuv, hooks_.name("uv_timer_start"), r.id, r.due_ms));
      auto pos = std::upper_bound(timers_.begin(), timers_.end(), &r, [](const Req* a, const Req* b) {
        return a->due_ms != b->due_ms ? a->due_ms < b->due_ms : a->order < b->order;
      });
      timers_.insert(pos, &r);
      break;
    }
    case Op::set_immediate: {
      Req& r = new_req(step, "Immediate");
      hooks_.emit(t, Kind::js_call, Layer::js, hooks_.name("setImmediate"), r.id);
      hooks_.emit(t, Kind::req_init, Layer::js, hooks_.name("Immediate"), r.id);
      immediates_.push_back(&r);
      r.submit_cause = cause_id(hooks_.emit(t, Kind::immediate_queue, Layer::js, hooks_.name("immediateQueue.append"), r.id,
                                            static_cast<int64_t>(immediates_.size())));
      break;
    }
    case Op::next_tick: {
      Req& r = new_req(step, "TickObject");
      hooks_.emit(t, Kind::js_call, Layer::js, hooks_.name("process.nextTick"), r.id);
      next_ticks_.push_back(&r);
      r.submit_cause = cause_id(hooks_.emit(t, Kind::tick_queue, Layer::js, hooks_.name("queue.push"), r.id,
                                            static_cast<int64_t>(next_ticks_.size())));
      break;
    }
    default: {  // Promise.then
      Req& r = new_req(step, "PromiseReaction");
      hooks_.emit(t, Kind::js_call, Layer::js, hooks_.name("Promise.then"), r.id);
      microtasks_.push_back(&r);
      r.submit_cause = cause_id(hooks_.emit(t, Kind::microtask_queue, Layer::js, hooks_.name("EnqueueMicrotask"), r.id,
                                            static_cast<int64_t>(microtasks_.size())));
      break;
    }
  }
}

void Engine::run_callback(ThreadCtx& t, Req& req, const CallbackArgs& args) {
  const Step& step = *req.step;
  if (step.op == Op::fs_open && !step.save_as.empty()) fd_vars_[step.save_as] = args.has_err ? -1 : args.result;
  uint32_t fn = hooks_.name(step.callback);
  uint64_t cause = req.take_cause ? req.take_cause : req.submit_cause;
  hooks_.emit(t, Kind::callback_begin, Layer::js, fn, req.id, 0, cause);
  auto it = scenario_.callbacks.find(step.callback);
  if (it != scenario_.callbacks.end())
    for (const Step& s : it->second) exec(t, s, args);
  hooks_.emit(t, Kind::callback_end, Layer::js, fn, req.id);
  reqs_.erase(req.id);  // the request struct is freed once its callback returned
}

void Engine::drain_ticks_and_microtasks(ThreadCtx& t) {
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
