// The event contract (DESIGN §4): the only thing the engine tells the rest of loopstep.
#pragma once
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace loopstep {

// Which layer of the call chain an event belongs to. JS and binding are modeled
// (named stages the engine passes through); libuv and kernel are the real engine.
enum class Layer : uint8_t { js, binding, libuv, kernel };
inline constexpr int kLayerCount = 4;

#define LOOPSTEP_KINDS(X)                                                        \
  X(loop_init)        /* uv_loop_init: the loop struct exists              */  \
  X(port_create)      /* CreateIoCompletionPort / epoll_create1 + eventfd  */  \
  X(phase)            /* the loop enters a phase; value = Phase            */  \
  X(alive_check)      /* uv__loop_alive; value = 1 alive, 0 not            */  \
  X(loop_exit)        /* uv_run returns                                     */  \
  X(js_call)          /* the script calls an API (fs.open, setTimeout ...)  */  \
  X(binding_call)     /* a named stage of Node's C++ binding               */  \
  X(uv_call)          /* a named stage of libuv (uv_fs_open, INIT, POST)   */  \
  X(req_init)         /* a request struct is created; value = RequestInfo  */  \
  X(req_count_inc)    /* uv__req_register; value = new req_count           */  \
  X(req_count_dec)    /* uv__req_unregister; value = new req_count         */  \
  X(thread_spawn)     /* value = the new thread's number                   */  \
  X(thread_exit)      /* the thread returns                                */  \
  X(work_submit)      /* uv__work_submit; value = work-queue depth after   */  \
  X(work_take)        /* a pool worker takes the front item; value = depth */  \
  X(worker_wait)      /* a pool worker finds the queue empty and sleeps    */  \
  X(syscall_begin)    /* value = injected latency in ns (0 = none)         */  \
  X(syscall_end)      /* value = result or -errno                          */  \
  X(work_begin)       /* CPU-bound work starts on a worker; value = ms     */  \
  X(work_end)                                                                  \
  X(completion_post)  /* PostQueuedCompletionStatus / done-list append     */  \
  X(wakeup_send)      /* uv_async_send: the eventfd write (epoll)          */  \
  X(wakeup_recv)      /* the loop reads the eventfd and takes the done-list */ \
  X(wait_begin)       /* GetQueuedCompletionStatus / epoll_wait; value = timeout ms */ \
  X(wait_end)         /* the wait returns; value = packets or fds ready (0 = timeout) */ \
  X(completion_take)  /* one completion handed to the loop; value = left   */  \
  X(after)            /* After / AfterInteger / AfterStat                  */  \
  X(callback_begin)   /* a JS callback starts on the loop thread           */  \
  X(callback_end)                                                              \
  X(timer_start)      /* value = due time in ms of loop time               */  \
  X(timer_fire)                                                                \
  X(immediate_queue)  /* setImmediate                                       */ \
  X(tick_queue)       /* process.nextTick                                   */ \
  X(microtask_queue)  /* Promise.then                                       */ \
  X(console)          /* console.log; value = interned text                */  \
  X(limit)            /* a documented run limit stopped the run            */  \
  X(js_exit)          /* a JS lesson's program ended node: process.exit or an uncaught exception; value = exit code, fn = why */ \
  /* Sockets (DESIGN §12), appended so that older recordings keep their kinds:            */ \
  X(handle_init)      /* uv_tcp_init: a handle struct exists; req = the handle          */ \
  X(handle_start)     /* uv__handle_start: the handle is active; value = active handles */ \
  X(handle_stop)      /* uv__handle_stop; value = active handles                        */ \
  X(io_ctl)           /* epoll_ctl for a handle's fd (uv__io_start / stop); value = fd  */ \
  X(io_ready)         /* epoll_wait reported the handle's fd ready; value = events      */ \
  X(handle_close)     /* uv_close: fd closed, handle on closing_handles; value = closing */ \
  X(handle_closed)    /* uv__finish_close in the closing phase; value = handles left    */ \
  X(invariant)        /* an invariant broke (Step mode, a planted bug): value = Invariant, req = the request, fn = what broke */ \
  X(sock_name)        /* getsockname / getpeername after a listen, connect or accept: req = the handle, value = sock_name_value() */ \
  X(read_start)       /* uv_read_start sets UV_HANDLE_READING: req = the handle, value = 1 it reads, 0 not (not open, or past EOF) */ \
  X(read_stop)        /* uv_read_stop clears it (node's backpressure: a paused socket's buffer is full): req = the handle, value 0; or uv__stream_eof at EOF, value UV_EOF */

enum class Kind : uint8_t {
#define X(name) name,
  LOOPSTEP_KINDS(X)
#undef X
};
inline constexpr int kKindCount = 0
#define X(name) +1
    LOOPSTEP_KINDS(X)
#undef X
    ;

// The loop's phases in libuv >= 1.45's order (uv_run in src/unix/core.c).
enum class Phase : uint8_t { none, main_script, timers, pending, idle_prepare, poll, check, closing, exited };

struct Event {
  uint64_t seq;    // global order, gap-free
  int64_t t_ns;    // since run start (Run mode: real; Step mode: real, for reference only)
  uint32_t req;    // request id, 0 = none
  uint16_t thread; // 0 = loop thread; workers / spawned threads from 1
  Kind kind;
  Layer layer;
  int64_t value;   // kind-specific, see LOOPSTEP_KINDS
  uint32_t fn;     // interned name of the real function this stands for
  uint32_t cause;  // seq + 1 of the causing event, 0 = none (seq 0 is a valid event)
};
static_assert(std::is_trivially_copyable_v<Event> && sizeof(Event) <= 48);

std::string_view kind_name(Kind k);
bool kind_from_name(std::string_view s, Kind* out);
std::string_view layer_name(Layer l);
bool layer_from_name(std::string_view s, Layer* out);
std::string_view phase_name(Phase p);

// A sock_name event's value: the handle's local and peer port (0 = none yet) and whether it listens.
inline int64_t sock_name_value(int local_port, int peer_port, bool server) {
  return int64_t{local_port} | int64_t{peer_port} << 16 | (server ? int64_t{1} << 32 : 0);
}
inline int sock_local_port(int64_t v) { return static_cast<int>(v & 0xffff); }
inline int sock_peer_port(int64_t v) { return static_cast<int>(v >> 16 & 0xffff); }
inline bool sock_server(int64_t v) { return (v >> 32 & 1) != 0; }

inline bool has_cause(const Event& e) { return e.cause != 0; }
inline uint64_t cause_seq(const Event& e) { return e.cause - 1; }

// What a parked thread is about to do (Step mode): the UI offers these as possible next
// steps, and a recording keeps them for the steps that had more than one (predict mode).
struct Candidate {
  uint16_t thread;
  Event pending;  // seq/t_ns not yet assigned; a take's req may still be unknown (0)
};

}  // namespace loopstep
