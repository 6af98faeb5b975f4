// What a JS lesson's node does itself and loopstep shows: clearing a timer or an immediate,
// and the ticks and promise reactions that Node and V8 queue and run (observed by the
// bootstrap's nextTick wrapper and v8.promiseHooks, DESIGN §11).
#include <algorithm>

#include "core/engine/engine.h"

namespace loopstep {

bool Engine::clear(ThreadCtx& t, uint32_t id, std::string_view js_fn) {
  Req* r = find(id);
  hooks_.emit(t, Kind::js_call, Layer::js, hooks_.name(js_fn), r ? id : 0);
  if (!r) return false;  // fired and freed already: clearTimeout of a past timer does nothing
  if (auto it = std::find(timers_.begin(), timers_.end(), r); it != timers_.end()) {
    timers_.erase(it);
    hooks_.emit(t, Kind::uv_call, Layer::libuv, names_.uv_timer_stop, id);
    free_req(*r);
    return true;
  }
  if (auto it = std::find(immediates_.begin(), immediates_.end(), r); it != immediates_.end()) {
    immediates_.erase(it);
    hooks_.emit(t, Kind::uv_call, Layer::js, names_.immediate_remove, id, static_cast<int64_t>(immediates_.size()));
    free_req(*r);
    return true;
  }
  r->cleared = true;  // an interval clearing itself inside its own callback: not restarted
  return true;
}

Req& Engine::queued(ThreadCtx& t, Op op, std::string_view callback, uint32_t src, int64_t depth) {
  auto step = std::make_unique<Step>();
  step->op = op;
  step->callback = std::string(callback);
  step->src = src;
  const bool tick = op == Op::next_tick;
  Req& r = new_req(*step, tick ? names_.TickObject : names_.PromiseReaction);
  r.owned_step = std::move(step);
  hooks_.emit(t, Kind::js_call, Layer::js, tick ? names_.nextTick : names_.Promise_then, r.id);
  hooks_.emit(t, Kind::req_init, Layer::js, tick ? names_.TickObject : names_.PromiseReaction, r.id);
  r.submit_cause = cause_id(hooks_.emit(t, tick ? Kind::tick_queue : Kind::microtask_queue, Layer::js,
                                        tick ? names_.tick_push : names_.EnqueueMicrotask, r.id, depth));
  return r;
}

void Engine::run_begin(ThreadCtx& t, Req& r) {
  hooks_.emit(t, Kind::callback_begin, Layer::js, r.strings.callback, r.id, 0, r.submit_cause);
}

void Engine::run_end(ThreadCtx& t, Req& r) {
  hooks_.emit(t, Kind::callback_end, Layer::js, r.strings.callback, r.id);
  free_req(r);
}

}  // namespace loopstep
