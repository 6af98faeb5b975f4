// The loop's TCP handles (libuv's uv_tcp_t): listening servers and connected streams on real
// loopback sockets, read, written, accepted and closed by the loop thread itself, never the
// pool. This half is what every backend shares: the handles, their requests (uv_connect_t,
// uv_write_t, uv_shutdown_t), the program's calls, the closing phase, the bounds, and Step
// mode's model of what each end holds for its reader. How the loop learns that a socket can
// go on is the other half, a subclass per model: readiness on epoll (tcp_epoll.h: the fd in
// the loop's epoll set, libuv's src/unix/stream.c) or completion on IOCP (tcp_iocp.h:
// overlapped operations that complete as packets on the loop's port, libuv's src/win/tcp.c).
//
// Step mode: the loop's own calls decide what can go on (DESIGN §5): both ends of every
// connection are this run's, so a write into one end makes the other end's read due, a
// connect makes the listener's accept due, a shutdown or close makes the peer's EOF due. The
// wait then reports exactly what is due, in a fixed order, and reads and writes move the
// modeled byte counts (a write takes at most the window the peer has not read). The kernel
// decides only when, never what: same seed, same sequence.
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/engine/sockets.h"

namespace loopstep {

// Bounds of one run (README "Sockets").
inline constexpr int kMaxOpenSockets = 1024;          // handles open at once (servers + streams)
inline constexpr int kMaxSocketsPerRun = 20'000;      // handles a run may create in all
inline constexpr int64_t kMaxQueuedBytes = int64_t{64} << 20;  // bytes in all write queues together
inline constexpr size_t kReadSize = 64 * 1024;        // one read: node's 64 KiB onread buffer
inline constexpr int64_t kStepWindow = 256 * 1024;    // Step mode: unread bytes a peer may hold (4 reads)
inline constexpr int kKernelLagMs = 5000;             // Step mode: how long the kernel may take to show what is due

class TcpHandles : public Sockets {
 public:
  explicit TcpHandles(SocketsEnv env) : env_(std::move(env)) {}

  // Sockets
  SockReply call(ThreadCtx& loop, const SockCall& c) override;
  // A handle closing with operations still pending stays active until their packets came
  // (Windows' uv__handle_closing keeps it counted until its endgame).
  bool active() const override { return active_ > 0 || aborting_ > 0; }
  bool closing() const override { return !closing_.empty(); }
  bool pending() const override { return !pending_.empty(); }
  void run_pending(ThreadCtx& loop) override;
  void run_closing(ThreadCtx& loop) override;
  void close_all() override;

 protected:
  enum class State : uint8_t { init, listening, connecting, open, closing };
  struct WriteReq {
    uint32_t req = 0;
    std::string data;
    size_t off = 0;
    uint64_t cause = 0;
    int64_t error = 0;
  };
  struct Tcp {
    uint32_t id = 0;
    bool server = false;
    int fd = -1;
    int local_port = 0, peer_port = 0;
    State state = State::init;
    bool reading = false;
    bool active = false;
    bool eof = false;          // read returned EOF (UV_HANDLE_READ_EOF)
    bool shut = false;         // SHUT_WR done
    uint32_t registered = 0;   // epoll: the interest epoll holds for fd
    int ops_pending = 0;       // IOCP: overlapped operations not yet completed (handle->reqs_pending)
    uint32_t connect_req = 0;
    uint64_t connect_cause = 0;
    int delayed_error = 0;
    uint32_t shutdown_req = 0;
    std::deque<WriteReq> writes;
    std::string close_cb;
  };
  // What one end of a connection holds for its reader (Step mode's model; kept in Run mode
  // too, for the flow arrows): keyed by the reader's (local port, peer port).
  struct Flow {
    int64_t bytes = 0;
    bool eof = false;
    bool reset = false;
    bool gone = false;     // the reader closed: writes to it are the kernel's to refuse
    uint64_t cause = 0;    // cause id of what made it due (the peer's write, shutdown, close)
  };

  // ---- what readiness and completion do differently ----
  // Makes the connecting socket and starts its connect: 0, -EINPROGRESS or -ECONNREFUSED with
  // *fd set, or -errno without a socket. The request is made after, by connect_started.
  virtual int64_t open_connect(ThreadCtx& loop, Tcp& h, int port, int* fd, int* local_port) = 0;
  virtual void connect_started(ThreadCtx& loop, Tcp& h, int64_t rc) = 0;
  // uv_accept, inside node's OnConnection before its JS runs (Windows: the client joins the
  // port and the server's next AcceptEx is posted there).
  virtual void accepting(ThreadCtx&, Tcp& /*server*/, Tcp& /*client*/) {}
  virtual void listening(ThreadCtx& loop, Tcp& h) = 0;       // after uv_listen made its socket
  virtual void read_started(ThreadCtx& loop, Tcp& h) = 0;    // uv_read_start
  virtual void write_queued(ThreadCtx& loop, Tcp& h) = 0;    // uv_write queued what uv_try_write left
  virtual void shutdown_queued(ThreadCtx& loop, Tcp& h) = 0; // uv_shutdown
  virtual void closing_fd(ThreadCtx& loop, Tcp& h) = 0;      // uv_close, before the fd closes
  virtual bool endgames() const { return false; }            // Windows' closing: endgame_handles, drained
  virtual void pending_handle(ThreadCtx& loop, Tcp& h) = 0;  // the pending phase, for a handle on pending_
  virtual const char* read_fn() const = 0;                   // the loop's non-blocking read and write
  virtual const char* write_fn() const = 0;
  // Step mode: after each of the loop's own calls (the program's, the pending phase, the
  // closing phase) the model notes what that call made due and when: the order its wait
  // reports in (epoll's ready list; the port's packets, in the order they became due).
  virtual void made_due() = 0;

  // ---- shared by both ----
  bool step() const;
  Tcp* find(uint32_t id);
  uint32_t new_handle(ThreadCtx& loop, bool server, const SockCall& c);
  uint32_t new_req(ThreadCtx& loop, uint32_t handle, const char* type, const SockCall& c);
  uint32_t wanted(const Tcp& h) const;  // what its fd waits for (IoPoller bits); active while not 0 or a shutdown waits
  void update_active(ThreadCtx& loop, Tcp& h);
  void sock_name(ThreadCtx& loop, const Tcp& h);  // the ports, for the Sockets panel
  Flow& flow_of(const Tcp& h) { return flows_[{h.local_port, h.peer_port}]; }
  Flow& flow_to_peer(const Tcp& h) { return flows_[{h.peer_port, h.local_port}]; }
  bool room(const Tcp& h);  // Step mode: the peer's window has room (always in Run mode)
  int64_t syscall(ThreadCtx& loop, const char* fn, uint32_t req, const std::function<int64_t()>& call);
  void callback(ThreadCtx& loop, NetCallback cb, const char* fn, uint64_t cause);
  // The loop's side, the same on both models (tcp_stream.cpp).
  bool accepted(ThreadCtx& loop, Tcp& server, int64_t fd, int peer);  // onconnection; false: the server is gone
  void connected(ThreadCtx& loop, Tcp& h, int64_t err);                // afterConnect
  // Non-blocking reads of what the peer sent; true when the last one was short, not EOF
  // (UV_HANDLE_READ_PARTIAL).
  bool stream_read(ThreadCtx& loop, Tcp& h);
  int64_t write_some(ThreadCtx& loop, Tcp& h, const std::string& data, size_t off, uint32_t req);
  void write_callbacks(ThreadCtx& loop, Tcp& h, std::vector<WriteReq>& done);
  void read_stopped(ThreadCtx& loop, Tcp& h, int64_t n);  // n = 0 (EOF) or -errno: the last read callback
  void drain(ThreadCtx& loop, Tcp& h);         // the shutdown once the write queue is empty
  void endgame(ThreadCtx& loop, Tcp& h);       // the handle's last packet came: onto closing_handles

  SocketsEnv env_;
  std::map<uint32_t, Tcp> handles_;        // by id: the order Step mode reports in
  std::map<int, uint32_t> by_fd_;
  std::map<int, uint32_t> listeners_;      // port -> listening handle
  std::map<int, std::deque<int>> backlog_; // listener port -> connectors' ports, not yet accepted
  std::vector<uint32_t> pending_;          // handles with work for the pending phase
  int open_ = 0;
  int64_t queued_bytes_ = 0;
  uint64_t last_seq_ = 0;  // the last syscall_end: what a completion it causes points at

 private:
  SockReply program_call(ThreadCtx& loop, const SockCall& c);  // call, before made_due
  SockReply listen(ThreadCtx& loop, const SockCall& c);
  SockReply connect(ThreadCtx& loop, Tcp& h, const SockCall& c);
  SockReply write(ThreadCtx& loop, Tcp& h, const SockCall& c);
  SockReply shutdown(ThreadCtx& loop, Tcp& h, const SockCall& c);
  void close(ThreadCtx& loop, Tcp& h, const SockCall& c);
  void cancel(ThreadCtx& loop, uint32_t id, NetCallback::What what, uint32_t& req, const char* fn);
  void finish_close(ThreadCtx& loop, uint32_t id);

  std::set<int> listened_;                 // every port this run listened on: the only ones it may connect to
  std::map<std::pair<int, int>, Flow> flows_;
  std::vector<uint32_t> closing_;          // loop->closing_handles (Windows: endgame_handles)
  int active_ = 0;
  int aborting_ = 0;  // closing handles still waiting for their aborted operations' packets
  int made_ = 0;
};

}  // namespace loopstep
