// What the UI shows at step i: a pure fold of events 0..i (DESIGN §2.3).
#pragma once
#include <cstdint>
#include <deque>
#include <vector>

#include "core/record/event.h"

namespace loopstep {

enum class ThreadRole : uint8_t { loop, pool_worker, request_thread };
enum class ThreadStatus : uint8_t { running, waiting_kernel, idle, sleeping, exited };
enum class ReqStatus : uint8_t { created, queued, running, posted, delivered, done };

std::string_view thread_role_name(ThreadRole r);
std::string_view thread_status_name(ThreadStatus s);
std::string_view req_status_name(ReqStatus s);

struct ThreadState {
  ThreadRole role = ThreadRole::loop;
  ThreadStatus status = ThreadStatus::running;
  uint32_t req = 0;      // the request it works on
  uint32_t wait_fn = 0;  // the kernel function it waits in
};

struct ReqState {
  uint32_t id = 0;
  ReqStatus status = ReqStatus::created;
  uint16_t thread = 0;   // who holds it now
  bool has_result = false;
  int64_t result = 0;    // fd, size, bytes, or -errno
};

// Sockets (DESIGN §12). A handle's life: uv_tcp_init (init), uv_listen (listening) or
// uv_tcp_connect (connecting), accepted or connected (open), uv_close (closing), then
// uv__finish_close in the closing phase (closed).
enum class HandleStatus : uint8_t { init, listening, connecting, open, closing, closed };
enum class SockReqType : uint8_t { connect, write, shutdown };
// A socket's read side. Reading is no request in libuv: uv_read_start sets UV_HANDLE_READING
// (node calls it once connected), uv_read_stop clears it (node's backpressure: a paused
// socket whose buffer is full), and so do EOF, an error (uv__stream_eof) and uv_close.
enum class ReadState : uint8_t { not_started, reading, paused, eof };

std::string_view handle_status_name(HandleStatus s);
std::string_view read_state_name(ReadState r);      // "not started", "reading", "paused", "EOF"
std::string_view sock_req_type_name(SockReqType t);  // "uv_connect_t" ...

// One of the loop's handles (libuv's loop->handle_queue): a TCP server or socket.
struct HandleState {
  uint32_t id = 0;           // shares the request ids' numbering (#1, #2 ...)
  bool server = false;
  HandleStatus status = HandleStatus::init;
  bool active = false;       // uv__handle_start .. uv__handle_stop: counted by uv__loop_alive
  ReadState read = ReadState::not_started;
  bool write_shut = false;   // shutdown(SHUT_WR) done: the peer reads EOF
  int64_t fd = -1;
  int local_port = 0, peer_port = 0;  // 0 = none yet
  int64_t bytes_queued = 0;  // its write queue: what the kernel has not taken yet
  int64_t bytes_read = 0;
  // The fold's own bookkeeping: the value of the last uv_call on this handle (uv_write says
  // how many bytes its uv_write_t queues), and whether the pending connect succeeded.
  int64_t call_value = 0;
  bool connect_ok = false;

  bool reading() const { return read == ReadState::reading; }
  bool read_ended() const { return read == ReadState::eof; }  // its read side saw EOF or an error
  bool operator==(const HandleState&) const = default;
};

// A request that belongs to a handle: uv_connect_t, uv_write_t, uv_shutdown_t.
struct SockReq {
  uint32_t id = 0, handle = 0;
  SockReqType type = SockReqType::connect;
  int64_t bytes_left = 0;  // a write: what the kernel has not taken yet
  bool operator==(const SockReq&) const = default;
};

struct TimerState {
  uint32_t req = 0;
  int64_t due_ms = 0;
};

struct LoopState {
  uint64_t folded = 0;       // events folded so far
  int64_t req_count = 0;     // libuv's loop->active_reqs.count
  int64_t min_req_count = 0; // lowest value seen (an invariant: never negative)
  Phase phase = Phase::none;
  bool alive = false;
  bool exited = false;
  int64_t port_handle = -1;  // the completion port or the epoll fd
  int64_t wakeup_fd = -1;    // epoll: the eventfd workers write
  bool wakeup_pending = false;
  int64_t loop_time_ms = 0;
  uint32_t current_callback = 0;     // request whose JS callback is running, 0 = none
  uint32_t current_callback_fn = 0;  // that callback's name: a socket's handle runs several
  std::vector<ThreadState> threads{ThreadState{}};
  std::deque<uint32_t> work_queue;        // request ids, front = next taken
  std::deque<uint32_t> completion_queue;  // posted, not yet taken (port packets / done-list)
  // iocp: packets a GetQueuedCompletionStatus(Ex) call took off the port, which the loop has
  // not handled yet (a batch of three: all three leave the port at once, then 2, 1, 0 remain here).
  std::deque<uint32_t> taken_batch;
  std::vector<ReqState> requests;         // requests by id; finished ones (done) are dropped in batches
  size_t requests_done = 0;               // finished entries still in `requests`
  std::deque<ReqState> recent_done;       // the last kRecentDone finished requests
  std::deque<TimerState> timers;          // in start order (a deque: the first started fires first, usually)
  std::deque<uint32_t> immediates, next_ticks, microtasks;
  std::deque<uint32_t> console_tail;      // interned lines, the last kConsoleTail
  uint64_t console_lines = 0;
  // The handle table: by id; closed ones stay as tombstones until they are half of it.
  std::vector<HandleState> handles;
  size_t handles_closed = 0;               // closed entries still in `handles`
  std::deque<HandleState> recent_closed;   // the last kRecentClosed closed handles
  std::vector<SockReq> sock_reqs;          // live requests of handles, in creation order
  std::deque<SockReq> recent_reqs;         // the last kRecentClosed finished ones: whose callbacks follow
  uint32_t touched_handle = 0;             // the handle the last folded event concerns, 0 = none
  int64_t active_sockets = 0;              // sockets and servers between handle_start and handle_stop
  int64_t closing_handles = 0;             // uv_close'd, waiting for the closing phase (iocp: or for aborted packets first)
  int64_t accepted_fd = -1;                // accept4's fd, until the handle that takes it exists
  // A broken invariant (an `invariant` event, core/record/invariants.h): which, at which
  // step (seq + 1) and for which request; 0 = none broke.
  uint8_t invariant = 0;
  uint64_t invariant_step = 0;
  uint32_t invariant_req = 0;

  static constexpr size_t kRecentDone = 32;
  static constexpr size_t kConsoleTail = 64;
  static constexpr size_t kRecentClosed = 8;

  const ReqState* request(uint32_t id) const;  // live or recently done
  bool live(const ReqState& r) const { return r.status != ReqStatus::done; }
  const HandleState* handle(uint32_t id) const;  // live or recently closed
  const SockReq* sock_req(uint32_t id) const;    // live or recently finished

  // uv__loop_alive's first term, libuv's loop->active_handles, as Node's loop holds it. Node
  // arms one uv_timer_t for all its JS timers (lib/internal/timers.js: the earliest due one),
  // and starts its immediate idle handle while setImmediate callbacks are queued (the check
  // handle that runs them is unref'd: it never counts); the engine records one timer_start per
  // JS timer, so all armed timers count as one handle. Plus each active server and socket.
  bool timer_handle_active() const { return !timers.empty(); }
  bool immediate_handle_active() const { return !immediates.empty(); }
  int64_t active_handles() const { return active_sockets + timer_handle_active() + immediate_handle_active(); }
};

// Heap bytes a state holds (for the recording's memory figure).
size_t loop_state_bytes(const LoopState& s);

// state = reduce(state, event)
void apply(LoopState& s, const Event& e);
inline LoopState reduce(LoopState s, const Event& e) { apply(s, e); return s; }

}  // namespace loopstep
