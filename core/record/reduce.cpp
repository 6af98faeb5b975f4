// The state fold: how each event kind changes what the UI shows.
#include <algorithm>

#include "core/record/loop_state.h"
#include "core/record/reduce_handles.h"

namespace loopstep {

std::string_view thread_role_name(ThreadRole r) {
  switch (r) {
    case ThreadRole::loop: return "loop";
    case ThreadRole::pool_worker: return "pool worker";
    case ThreadRole::request_thread: return "request thread";
  }
  return "?";
}

std::string_view thread_status_name(ThreadStatus s) {
  switch (s) {
    case ThreadStatus::running: return "running";
    case ThreadStatus::waiting_kernel: return "waiting in kernel";
    case ThreadStatus::idle: return "idle";
    case ThreadStatus::sleeping: return "busy (timed)";
    case ThreadStatus::exited: return "exited";
  }
  return "?";
}

std::string_view req_status_name(ReqStatus s) {
  static constexpr std::string_view kNames[] = {"created", "queued", "running", "posted", "delivered", "done"};
  return kNames[static_cast<int>(s)];
}

const ReqState* LoopState::request(uint32_t id) const {
  auto it = std::lower_bound(requests.begin(), requests.end(), id, [](const ReqState& r, uint32_t v) { return r.id < v; });
  if (it != requests.end() && it->id == id && live(*it)) return &*it;
  for (const auto& r : recent_done)
    if (r.id == id) return &r;
  return nullptr;
}

size_t loop_state_bytes(const LoopState& s) {
  auto q = [](const std::deque<uint32_t>& d) { return d.size() * sizeof(uint32_t); };
  return sizeof(LoopState) + s.threads.capacity() * sizeof(ThreadState) + s.requests.capacity() * sizeof(ReqState) +
         s.handles.capacity() * sizeof(HandleState) + s.recent_closed.size() * sizeof(HandleState) +
         (s.sock_reqs.capacity() + s.recent_reqs.size()) * sizeof(SockReq) +
         s.recent_done.size() * sizeof(ReqState) + s.timers.size() * sizeof(TimerState) + q(s.work_queue) +
         q(s.completion_queue) + q(s.taken_batch) + q(s.immediates) + q(s.next_ticks) + q(s.microtasks) + q(s.console_tail);
}

namespace {

ReqState* live(LoopState& s, uint32_t id) {
  auto it = std::lower_bound(s.requests.begin(), s.requests.end(), id, [](const ReqState& r, uint32_t v) { return r.id < v; });
  return (it != s.requests.end() && it->id == id && s.live(*it)) ? &*it : nullptr;
}

void set_req(LoopState& s, const Event& e, ReqStatus st) {
  if (ReqState* r = live(s, e.req)) {
    r->status = st;
    r->thread = e.thread;
  }
}

void finish_req(LoopState& s, uint32_t id) {
  ReqState* r = live(s, id);
  if (!r) return;
  r->status = ReqStatus::done;
  s.recent_done.push_back(*r);
  if (s.recent_done.size() > LoopState::kRecentDone) s.recent_done.pop_front();
  // Erasing each one from the sorted vector made a fold of a growing queue quadratic (2 M
  // events: 25 s). Finished entries stay as tombstones until they are half the vector.
  if (++s.requests_done * 2 > s.requests.size()) {
    std::erase_if(s.requests, [](const ReqState& q) { return q.status == ReqStatus::done; });
    s.requests_done = 0;
  }
}

void erase_first(std::deque<uint32_t>& q, uint32_t id) {
  auto it = std::find(q.begin(), q.end(), id);
  if (it != q.end()) q.erase(it);
}

// The JS queues run in order: the callback that starts is at the front of its queue. Only
// the fronts are looked at, so a callback costs nothing for the other, long queues.
void pop_if_front(std::deque<uint32_t>& q, uint32_t id) {
  if (!q.empty() && q.front() == id) q.pop_front();
}

ThreadState& thread(LoopState& s, uint16_t t) {
  if (t >= s.threads.size()) s.threads.resize(t + 1);
  return s.threads[t];
}

}  // namespace

void apply(LoopState& s, const Event& e) {
  ++s.folded;
  if (!s.handles.empty() || e.kind == Kind::handle_init) apply_handles(s, e);
  else s.touched_handle = 0;
  ThreadState& th = thread(s, e.thread);
  switch (e.kind) {
    case Kind::loop_init: s.phase = Phase::none; break;
    case Kind::port_create:
      if (s.port_handle < 0) s.port_handle = e.value;  // the port / epoll fd comes first
      else s.wakeup_fd = e.value;
      break;
    case Kind::phase: s.phase = static_cast<Phase>(e.value); break;
    case Kind::alive_check: s.alive = e.value != 0; break;
    case Kind::loop_exit: s.exited = true; s.alive = false; s.phase = Phase::exited; break;
    case Kind::req_init:
      s.requests.push_back(ReqState{e.req, ReqStatus::created, e.thread, false, 0});
      break;
    case Kind::req_count_inc:
    case Kind::req_count_dec:
      s.req_count = e.value;
      s.min_req_count = std::min(s.min_req_count, e.value);
      break;
    case Kind::thread_spawn: {
      if (e.value < 0) break;  // the OS refused the thread
      ThreadState& t = thread(s, static_cast<uint16_t>(e.value));
      t.role = e.req ? ThreadRole::request_thread : ThreadRole::pool_worker;
      t.status = ThreadStatus::running;
      t.req = e.req;
      break;
    }
    case Kind::thread_exit: th.status = ThreadStatus::exited; th.req = 0; break;
    case Kind::work_submit:
      s.work_queue.push_back(e.req);
      set_req(s, e, ReqStatus::queued);
      break;
    case Kind::work_take:
      erase_first(s.work_queue, e.req);
      set_req(s, e, ReqStatus::running);
      th.status = ThreadStatus::running;
      th.req = e.req;
      break;
    case Kind::worker_wait: th.status = ThreadStatus::idle; th.req = 0; break;
    case Kind::syscall_begin: th.status = e.value > 0 ? ThreadStatus::sleeping : ThreadStatus::running; break;
    case Kind::work_begin: th.status = ThreadStatus::sleeping; break;
    case Kind::work_end: th.status = ThreadStatus::running; break;
    case Kind::syscall_end:
      th.status = ThreadStatus::running;
      if (ReqState* r = live(s, e.req)) { r->has_result = true; r->result = e.value; }
      break;
    case Kind::completion_post:
      s.completion_queue.push_back(e.req);
      set_req(s, e, ReqStatus::posted);
      break;
    // A coalesced send (value 0) writes nothing: in the correct engine the eventfd is already
    // written then; after the planted lost wake-up's take it is not, and stays unwritten.
    case Kind::wakeup_send: if (e.value) s.wakeup_pending = true; break;
    case Kind::wakeup_recv: s.wakeup_pending = false; break;
    case Kind::wait_begin: th.status = ThreadStatus::waiting_kernel; th.wait_fn = e.fn; break;
    case Kind::wait_end:
      th.status = ThreadStatus::running;
      th.wait_fn = 0;
      // A completion port (a port without an eventfd) hands over `value` packets in one call:
      // they leave the port now, in FIFO order. epoll's wait only reports the eventfd ready.
      if (s.wakeup_fd < 0) {
        for (int64_t n = 0; n < e.value && !s.completion_queue.empty(); ++n) {
          s.taken_batch.push_back(s.completion_queue.front());
          s.completion_queue.pop_front();
        }
      }
      break;
    case Kind::completion_take:
      if (std::find(s.taken_batch.begin(), s.taken_batch.end(), e.req) != s.taken_batch.end()) erase_first(s.taken_batch, e.req);
      else erase_first(s.completion_queue, e.req);
      set_req(s, e, ReqStatus::delivered);
      break;
    case Kind::timer_start: s.timers.push_back(TimerState{e.req, e.value}); break;
    case Kind::timer_fire: {
      auto it = std::find_if(s.timers.begin(), s.timers.end(), [&](const TimerState& t) { return t.req == e.req; });
      if (it != s.timers.end()) s.timers.erase(it);
      s.loop_time_ms = std::max(s.loop_time_ms, e.value);
      set_req(s, e, ReqStatus::delivered);
      break;
    }
    case Kind::uv_call:
      // clearTimeout's uv_timer_stop and clearImmediate's removal (the one call of the JS layer)
      // are the only calls that name an armed timer or a queued immediate: it leaves its queue.
      if (e.layer == Layer::js) erase_first(s.immediates, e.req);
      else if (auto it = std::find_if(s.timers.begin(), s.timers.end(), [&](const TimerState& t) { return t.req == e.req; }); it != s.timers.end())
        s.timers.erase(it);
      break;
    case Kind::immediate_queue: s.immediates.push_back(e.req); set_req(s, e, ReqStatus::queued); break;
    case Kind::tick_queue: s.next_ticks.push_back(e.req); set_req(s, e, ReqStatus::queued); break;
    case Kind::microtask_queue: s.microtasks.push_back(e.req); set_req(s, e, ReqStatus::queued); break;
    case Kind::callback_begin:
      pop_if_front(s.immediates, e.req);
      pop_if_front(s.next_ticks, e.req);
      pop_if_front(s.microtasks, e.req);
      s.current_callback = e.req;
      s.current_callback_fn = e.fn;
      set_req(s, e, ReqStatus::running);
      break;
    case Kind::callback_end:
      s.current_callback = 0;
      s.current_callback_fn = 0;
      finish_req(s, e.req);
      break;
    case Kind::console:
      s.console_tail.push_back(static_cast<uint32_t>(e.value));
      if (s.console_tail.size() > LoopState::kConsoleTail) s.console_tail.pop_front();
      ++s.console_lines;
      break;
    case Kind::invariant:
      s.invariant = static_cast<uint8_t>(e.value);
      s.invariant_step = e.seq + 1;
      s.invariant_req = e.req;
      break;
    default: break;
  }
}

}  // namespace loopstep
