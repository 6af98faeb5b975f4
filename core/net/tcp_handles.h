// The loop's TCP handles (libuv's uv_tcp_t, src/unix/tcp.c and stream.c): listening servers
// and connected streams on real non-blocking loopback sockets, watched in the loop's own
// epoll set, read, written, accepted and closed by the loop thread itself, never the pool.
// Implements the engine's Sockets seam (calls from the program, the loop's liveness terms,
// the pending and closing phases) and the backend's IoWatchers (epoll_ctl, readiness).
//
// Step mode: the loop's own calls decide which fds are ready (DESIGN §5): both ends of every
// connection are this run's, so a write into one end makes the other end's readiness due, a
// connect makes the listener's, a shutdown or close makes the peer's EOF due. The wait then
// reports exactly what is due, in handle order, and reads and writes move the modeled byte
// counts (a write takes at most the window the peer has not read). The kernel decides only
// when, never what: same seed, same sequence.
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

class TcpHandles final : public Sockets, public IoWatchers {
 public:
  explicit TcpHandles(SocketsEnv env);
  ~TcpHandles() override;

  // Sockets
  SockReply call(ThreadCtx& loop, const SockCall& c) override;
  bool active() const override { return active_ > 0; }
  bool closing() const override { return !closing_.empty(); }
  bool pending() const override { return !pending_.empty(); }
  void run_pending(ThreadCtx& loop) override;
  void run_closing(ThreadCtx& loop) override;
  void close_all() override;

  // IoWatchers
  void flush(ThreadCtx& loop) override;
  std::vector<IoReady> due() override;
  void ready(ThreadCtx& loop, const std::vector<IoReady>& ready) override;

 private:
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
    uint32_t registered = 0;   // the interest epoll holds for fd
    uint32_t connect_req = 0;
    uint64_t connect_cause = 0;
    int delayed_error = 0;
    bool refused = false;      // Step mode: nothing listened on the port it connects to
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

  bool step() const;
  Tcp* find(uint32_t id);
  uint32_t new_handle(ThreadCtx& loop, bool server, const SockCall& c);
  uint32_t new_req(ThreadCtx& loop, uint32_t handle, const char* type, const SockCall& c);
  uint32_t wanted(const Tcp& h) const;
  void update_active(ThreadCtx& loop, Tcp& h);
  void sock_name(ThreadCtx& loop, const Tcp& h);  // the ports, for the Sockets panel
  Flow& flow_of(const Tcp& h) { return flows_[{h.local_port, h.peer_port}]; }
  Flow& flow_to_peer(const Tcp& h) { return flows_[{h.peer_port, h.local_port}]; }
  int64_t syscall(ThreadCtx& loop, const char* fn, uint32_t req, const std::function<int64_t()>& call);
  void callback(ThreadCtx& loop, NetCallback cb, const char* fn, uint64_t cause);

  SockReply listen(ThreadCtx& loop, const SockCall& c);
  SockReply connect(ThreadCtx& loop, Tcp& h, const SockCall& c);
  SockReply write(ThreadCtx& loop, Tcp& h, const SockCall& c);
  SockReply shutdown(ThreadCtx& loop, Tcp& h, const SockCall& c);
  void close(ThreadCtx& loop, Tcp& h, const SockCall& c);
  // uv__server_io, uv__stream_io and its parts.
  void server_io(ThreadCtx& loop, Tcp& h);
  void stream_connect(ThreadCtx& loop, Tcp& h);
  void stream_read(ThreadCtx& loop, Tcp& h);
  void stream_write(ThreadCtx& loop, Tcp& h);
  void write_callbacks(ThreadCtx& loop, Tcp& h, std::vector<WriteReq>& done);
  void drain(ThreadCtx& loop, Tcp& h);
  int64_t write_some(ThreadCtx& loop, Tcp& h, const std::string& data, size_t off, uint32_t req);
  void finish_close(ThreadCtx& loop, uint32_t id);

  SocketsEnv env_;
  std::map<uint32_t, Tcp> handles_;        // by id: the order Step mode reports readiness in
  std::map<int, uint32_t> by_fd_;
  std::map<int, uint32_t> listeners_;      // port -> listening handle
  std::set<int> listened_;                 // every port this run listened on: the only ones it may connect to
  std::map<int, std::deque<int>> backlog_; // listener port -> connectors' ports, not yet accepted
  std::map<std::pair<int, int>, Flow> flows_;
  std::vector<uint32_t> closing_;          // loop->closing_handles
  std::vector<uint32_t> pending_;          // handles with a delayed connect error (uv__io_feed)
  int active_ = 0;
  int open_ = 0;
  int made_ = 0;
  int64_t queued_bytes_ = 0;
  uint64_t last_seq_ = 0;  // the last syscall_end: what a readiness it causes points at
};

}  // namespace loopstep
