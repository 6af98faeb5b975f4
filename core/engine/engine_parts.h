// What the engine's parts share: the request struct in engine memory, the hook helper,
// and the two seams a platform fills in: the backend (how the loop waits and is woken)
// and the worker model (where fs work runs).
#pragma once
#include <cstdint>
#include <memory>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/gate/gate.h"
#include "core/record/run_info.h"
#include "core/scenario/scenario.h"

namespace loopstep {

// What a stat call returned, as Node's Stats carries it.
struct FileStat {
  int64_t dev = 0, ino = 0, mode = 0, nlink = 0, uid = 0, gid = 0, rdev = 0, size = 0, blksize = 0, blocks = 0;
  int64_t atime_ns = 0, mtime_ns = 0, ctime_ns = 0, birthtime_ns = 0;
};

// A request struct as the engine holds it (uv_fs_t / fs_open_req / uv_work_t ...).
// The strings of one statement, interned when its call is made.
struct StepNameIds {
  uint32_t op = 0, path = 0, flags = 0, callback = 0;
};

struct Req {
  uint32_t id = 0;
  Op op = Op::console_log;
  const Step* step = nullptr;  // the statement that made it
  StepNameIds strings;         // its statement's interned strings
  int64_t fd = -1;             // fstat/read/write/close: the descriptor the variable held
  int64_t result = 0;          // fd, size, bytes, 0, or -errno
  std::string data;            // read: the bytes read
  uint64_t submit_cause = 0;   // cause ids (seq + 1) for the flow arrows
  uint64_t work_cause = 0;     // the worker took it
  uint64_t post_cause = 0;
  uint64_t take_cause = 0;
  int64_t due_ms = 0;          // timers
  uint64_t order = 0;          // timers: start order breaks ties
  FileStat stat;               // stat, lstat, fstat
  std::vector<std::string> names;  // readdir
  std::unique_ptr<Step> owned_step;  // a JS lesson's call: `step` points here
  bool cleared = false;        // clearInterval from inside its own callback: not restarted
};

inline uint32_t cause_id(uint64_t seq) { return static_cast<uint32_t>(seq + 1); }

// Emitting with names: every component interns its function names once.
class Hooks {
 public:
  Hooks(StepGate& gate, RunInfo& info) : gate_(gate), info_(info) {}
  StepGate& gate() { return gate_; }
  RunInfo& info() { return info_; }
  uint32_t name(std::string_view s) { return info_.strings.intern(s); }

  static Event event(Kind k, Layer l, uint32_t fn, uint32_t req = 0, int64_t value = 0, uint64_t cause = 0) {
    Event e{};
    e.kind = k;
    e.layer = l;
    e.fn = fn;
    e.req = req;
    e.value = value;
    e.cause = static_cast<uint32_t>(cause);
    return e;
  }
  uint64_t emit(ThreadCtx& t, Kind k, Layer l, uint32_t fn, uint32_t req = 0, int64_t value = 0, uint64_t cause = 0) {
    return gate_.emit(t, event(k, l, fn, req, value, cause));
  }

 private:
  StepGate& gate_;
  RunInfo& info_;
};

// Readiness I/O on the loop's own wait (epoll): libuv's uv__io_t watchers. The backend owns
// the epoll set and the wait; the sockets (core/net/) own the watchers and their callbacks.
struct IoReady {
  int fd = -1;
  uint32_t events = 0;  // IoPoller::in | out | err | hup
};
class IoWatchers {
 public:
  virtual ~IoWatchers() = default;
  // uv__io_poll's first act: epoll_ctl for every watcher whose interest changed (watcher_queue).
  virtual void flush(ThreadCtx& loop) = 0;
  // Step mode: the fds whose readiness the loop's own socket calls made due (a peer wrote,
  // connected, shut down, closed), in a fixed order. The kernel's timing is not asked: the
  // wait returns exactly these, once the kernel shows them.
  virtual std::vector<IoReady> due() = 0;
  virtual void ready(ThreadCtx& loop, const std::vector<IoReady>& ready) = 0;  // the watchers' callbacks
};
class IoPoller {
 public:
  static constexpr uint32_t in = 0x001, out = 0x004, err = 0x008, hup = 0x010;  // EPOLLIN, OUT, ERR, HUP
  virtual ~IoPoller() = default;
  virtual void set_watchers(IoWatchers* w) = 0;
  // epoll_ctl: ADD when old_events is 0, DEL when events is 0, else MOD. Returns 0 or -errno.
  virtual int ctl(int fd, uint32_t old_events, uint32_t events) = 0;
};

// Completion I/O on the loop's port (IOCP): a socket's overlapped operation (AcceptEx, WSARecv,
// WSASend, ConnectEx) is submitted and later completes as one packet on the port. The backend
// owns the port and how an operation is submitted (io_uring on Linux); the sockets (core/net/)
// own the operations and process each packet (uv__process_tcp_*_req).
struct IoOp {
  enum class Type : uint8_t { accept, recv_zero, send, connect };
  Type type = Type::accept;
  uint64_t id = 0;        // the operation's OVERLAPPED: its packet names it
  int fd = -1;
  uint32_t req = 0;       // the request (or handle) its packet is posted for, for the events
  uint64_t cause = 0;     // cause id of its submission, for the packet's flow arrow
  const char* data = nullptr;  // send: bytes that stay put until the packet is taken
  size_t size = 0;
  int port = 0;           // connect: 127.0.0.1's port
};
struct IoPacket {
  uint64_t op = 0;
  uint32_t req = 0;
  int64_t result = 0;     // bytes, the accepted socket, 0, or -errno
  uint64_t take_cause = 0;  // cause id of its completion_take
};
class IoCompletions {
 public:
  virtual ~IoCompletions() = default;
  // An operation's result if the kernel has completed it and the wait has not posted it yet.
  using Arrived = std::function<const int64_t*(uint64_t op)>;
  // Step mode: the operations whose completion the loop's own calls made due (a peer wrote,
  // connected, shut down, closed; a send always), in a fixed order. The kernel's timing is not
  // asked: the wait posts exactly these, once the kernel has completed each. Asked again as
  // completions arrive: of operations that are alike (a server's pending AcceptEx calls) the
  // kernel picks which one completes, and one that arrived may take the place of one due.
  virtual std::vector<uint64_t> due(const Arrived& arrived) = 0;
  // The poll's first act: Step mode's writes that waited for the peer's window are submitted.
  virtual void flush(ThreadCtx& loop) = 0;
  // The request an operation's packet is posted for, and the cause id of its submission; asked
  // when the packet is posted, after which the operation keeps them.
  virtual std::pair<uint32_t, uint64_t> packet_of(uint64_t op) = 0;
  // The packet taken from the port, in the order taken (the pending phase's uv__process_reqs).
  virtual void completed(ThreadCtx& loop, const IoPacket& p) = 0;
};
class IoPort {
 public:
  virtual ~IoPort() = default;
  virtual void set_completions(IoCompletions* c) = 0;
  virtual int submit(const IoOp& op) = 0;   // 0: pending (ERROR_IO_PENDING), or -errno
  virtual int cancel(uint64_t op) = 0;      // closesocket's abort of a pending operation
  // The end of a run: every operation still pending is cancelled and its completion awaited,
  // so that none outlives the buffers and sockets it names.
  virtual void cancel_all() = 0;
  // What stands in for an operation (or, with no type, closesocket's abort) when the port is
  // not Windows' own, said in its event's name: " (IOCP semantics on io_uring: IORING_OP_ACCEPT)";
  // empty on the native port.
  virtual std::string_view stands_in(const IoOp::Type*) const { return {}; }
};

// How the loop waits and how finished work wakes it.
class Backend {
 public:
  virtual ~Backend() = default;
  virtual void create(ThreadCtx& loop) = 0;                  // port_create
  virtual void post_completion(ThreadCtx& worker, Req& req) = 0;
  // Waits up to timeout_ms (-1 = infinite; virtual in Step mode), then hands each
  // completion it takes (announced with completion_take) to `deliver`, in order.
  virtual void poll(ThreadCtx& loop, int64_t timeout_ms, const std::function<void(Req&)>& deliver) = 0;
  virtual void kick() = 0;                                   // wake the wait: abort / virtual timeout
  // Windows queues completions as pending reqs processed right after the poll;
  // Unix runs uv__work_done inside the poll.
  virtual bool completions_run_in_pending_phase() const = 0;
  virtual std::string_view spawn_fn() const = 0;             // CreateThread / pthread_create
  // Sockets wait for readiness on this backend's own wait (epoll); nullptr: not this backend's model.
  virtual IoPoller* io_poller() { return nullptr; }
  // Sockets complete as packets on this backend's port (IOCP); nullptr: not on this backend yet.
  virtual IoPort* io_port() { return nullptr; }
};

// The platform's backend for `kind` (core/unix/platform.cpp, core/win/platform.cpp); throws
// std::runtime_error for a backend the platform does not have.
std::unique_ptr<Backend> make_backend(BackendKind kind, Hooks& hooks);

// Called by each pool worker as it starts. On Linux it becomes a batch thread for the
// scheduler: when uv__work_submit's signal wakes it, it waits for a free core instead of
// preempting the loop thread in the middle of running the done-list (on 2 cores that
// preemption tripled the context switches per fs.stat at 64 in flight). Order is unchanged:
// Run mode interleaves freely anyway, and Step mode releases one thread at a time.
void defer_to_waker();

// Where fs work and CPU work run: a pool or a thread per request.
class Workers {
 public:
  using RunWork = std::function<void(ThreadCtx&, Req&)>;     // the work, then post_completion
  using SpawnThread = std::function<void(uint16_t, std::function<void(ThreadCtx&)>)>;
  virtual ~Workers() = default;
  // work_submit (+ thread_spawn). Returns 0, or -errno when no thread could take the work
  // (the thread could not be created): the request then fails at once, as a synchronous
  // uv_fs_* error does.
  virtual int submit(ThreadCtx& loop, Req& req) = 0;
  // UV_THREADPOOL_SIZE read at the first submit: false when the model has no pool or it exists.
  virtual bool set_size_before_start(int) { return false; }
  virtual void reap() = 0;                                   // join threads that have exited
  virtual void shutdown(ThreadCtx& loop) = 0;                // stop and join every thread
  virtual void abort() = 0;
};

}  // namespace loopstep
