// TcpHandles, the shared half: the program's calls (uv_listen, uv_tcp_connect, uv_read_start,
// uv_try_write + uv_write, uv_shutdown, uv_close), the handles' and requests' events, and
// which model a backend gets (make_sockets).
#include "core/net/tcp_handles.h"

#include <algorithm>
#include <cerrno>

#include "core/engine/threads.h"
#include "core/net/tcp_epoll.h"
#include "core/net/tcp_io.h"
#include "core/net/tcp_iocp.h"

namespace loopstep {

namespace {
// A backend with neither readiness nor completions for sockets (every backend of this build has
// one; a new backend starts here): every call is a refusal that the program throws at its line.
class RefusedSockets final : public Sockets {
 public:
  explicit RefusedSockets(std::string backend) : backend_(std::move(backend)) {}
  SockReply call(ThreadCtx&, const SockCall&) override {
    SockReply r;
    r.refusal = "loopstep: the " + backend_ + " backend has neither readiness (an IoPoller) nor completions (an IoPort) for sockets";
    return r;
  }
  bool active() const override { return false; }
  bool closing() const override { return false; }
  bool pending() const override { return false; }
  void run_pending(ThreadCtx&) override {}
  void run_closing(ThreadCtx&) override {}
  void close_all() override {}

 private:
  std::string backend_;
};
}  // namespace

std::unique_ptr<Sockets> make_sockets(SocketsEnv env) {
  if (env.poller) return std::make_unique<EpollTcp>(std::move(env));
  if (env.port) return std::make_unique<IocpTcp>(std::move(env));
  return std::make_unique<RefusedSockets>(env.backend_name);
}

bool TcpHandles::step() const { return env_.hooks->gate().mode() == Mode::step; }

TcpHandles::Tcp* TcpHandles::find(uint32_t id) {
  auto it = handles_.find(id);
  return it == handles_.end() ? nullptr : &it->second;
}

void TcpHandles::close_all() {
  for (auto& [id, h] : handles_)
    if (h.fd >= 0) {
      tcp::close(h.fd);
      h.fd = -1;
    }
  by_fd_.clear();
  open_ = 0;
}

// ---- events and requests ------------------------------------------------------------------

int64_t TcpHandles::syscall(ThreadCtx& loop, const char* fn, uint32_t req, const std::function<int64_t()>& call) {
  Hooks& hk = *env_.hooks;
  const uint32_t name = hk.name(fn);
  hk.emit(loop, Kind::syscall_begin, Layer::kernel, name, req, 0);
  int64_t r = call();
  last_seq_ = hk.emit(loop, Kind::syscall_end, Layer::kernel, name, req, r);
  return r;
}

uint32_t TcpHandles::new_handle(ThreadCtx& loop, bool server, const SockCall& c) {
  Hooks& hk = *env_.hooks;
  RequestInfo ri{hk.name(server ? "net.Server" : "net.Socket"), hk.name("uv_tcp_t"), 0, 0, hk.name(c.callback)};
  ri.src = c.src;
  const uint32_t id = env_.info->requests.add(ri);
  Tcp& h = handles_[id];
  h.id = id;
  h.server = server;
  ++made_;
  hk.emit(loop, Kind::handle_init, Layer::libuv, hk.name("uv_tcp_init"), id);
  return id;
}

void TcpHandles::sock_name(ThreadCtx& loop, const Tcp& h) {
  Hooks& hk = *env_.hooks;
  hk.emit(loop, Kind::sock_name, Layer::kernel, hk.name(h.server ? "getsockname" : "getsockname + getpeername"), h.id,
          sock_name_value(h.local_port, h.peer_port, h.server));
}

uint32_t TcpHandles::new_req(ThreadCtx& loop, uint32_t handle, const char* type, const SockCall& c) {
  Hooks& hk = *env_.hooks;
  const char* op = c.op == SockCall::Op::connect ? "net.connect" : c.op == SockCall::Op::write ? "socket.write" : "socket.end";
  RequestInfo ri{hk.name(op), hk.name(type), 0, 0, hk.name(c.callback)};
  ri.src = c.src;
  ri.uses_fd = true;
  if (Tcp* h = find(handle)) ri.fd = h->fd;
  const uint32_t id = env_.info->requests.add(ri);
  hk.emit(loop, Kind::req_init, Layer::libuv, hk.name(type), id, handle);
  env_.req_count(loop, id, +1);
  return id;
}

uint32_t TcpHandles::wanted(const Tcp& h) const {
  if (h.fd < 0 || h.state == State::closing) return 0;
  if (h.state == State::listening) return IoPoller::in;
  if (h.state == State::connecting) return IoPoller::out;
  if (h.state != State::open) return 0;
  uint32_t w = h.reading ? IoPoller::in : 0;
  if (!h.writes.empty()) w |= IoPoller::out;
  return w;
}

void TcpHandles::update_active(ThreadCtx& loop, Tcp& h) {
  // A handle is active while it waits for something (uv__io_active; on Windows the handle's
  // UV_HANDLE_ACTIVE): listening, connecting, reading, or with writes or a shutdown queued.
  // Never once closing: uv__stream_close stops the handle even with a shutdown still queued
  // (uv__stream_destroy cancels it later), or the loop would wait for it forever.
  const bool a = h.state != State::closing && (wanted(h) != 0 || (h.shutdown_req && !h.shut));
  if (a == h.active) return;
  h.active = a;
  active_ += a ? 1 : -1;
  Hooks& hk = *env_.hooks;
  hk.emit(loop, a ? Kind::handle_start : Kind::handle_stop, Layer::libuv, hk.name(a ? "uv__handle_start" : "uv__handle_stop"), h.id,
          active_);
}

bool TcpHandles::room(const Tcp& h) {
  if (!step()) return true;
  const Flow& peer = flow_to_peer(h);
  return peer.gone || peer.reset || peer.bytes < kStepWindow;
}

void TcpHandles::callback(ThreadCtx& loop, NetCallback cb, const char* fn, uint64_t cause) {
  static constexpr const char* kBinding[] = {"TCPWrap::OnConnection", "ConnectionWrap::AfterConnect", "LibuvStreamWrap::OnUvRead",
                                             "WriteWrap::OnDone", "ShutdownWrap::OnDone", "HandleWrap::OnClose"};
  Hooks& hk = *env_.hooks;
  const uint32_t id = cb.req ? cb.req : cb.handle;
  hk.emit(loop, Kind::binding_call, Layer::binding, hk.name(kBinding[static_cast<int>(cb.what)]), id, cb.status);
  env_.callback(loop, cb, hk.name(fn), cause);
}

// ---- the program's calls --------------------------------------------------------------------

SockReply TcpHandles::call(ThreadCtx& loop, const SockCall& c) {
  SockReply r = program_call(loop, c);
  made_due();
  return r;
}

SockReply TcpHandles::program_call(ThreadCtx& loop, const SockCall& c) {
  SockReply r;
  if (c.op == SockCall::Op::hello) return r;
  if (c.op == SockCall::Op::listen) return listen(loop, c);
  if (c.op == SockCall::Op::tcp_init) {
    if (made_ >= kMaxSocketsPerRun || open_ >= kMaxOpenSockets) {
      r.result = -EMFILE;
      return r;
    }
    r.handle = new_handle(loop, false, c);
    return r;
  }
  Tcp* h = find(c.handle);
  if (!h) {
    r.result = -EBADF;
    return r;
  }
  switch (c.op) {
    case SockCall::Op::connect: return connect(loop, *h, c);
    case SockCall::Op::write: return write(loop, *h, c);
    case SockCall::Op::shutdown: return shutdown(loop, *h, c);
    case SockCall::Op::close: close(loop, *h, c); return r;
    case SockCall::Op::read_start:
    case SockCall::Op::read_stop: {
      Hooks& hk = *env_.hooks;
      const bool start = c.op == SockCall::Op::read_start;
      // Its own kinds, not uv_call: the handle table folds the flag from them (events carry no names).
      const bool reads = start && h->state == State::open && !h->eof;
      hk.emit(loop, start ? Kind::read_start : Kind::read_stop, Layer::libuv, hk.name(start ? "uv_read_start" : "uv_read_stop"), h->id,
              reads);
      h->reading = reads;
      update_active(loop, *h);
      if (h->reading) read_started(loop, *h);
      return r;
    }
    default: return r;
  }
}

SockReply TcpHandles::listen(ThreadCtx& loop, const SockCall& c) {
  SockReply r;
  // Only loopback, only an ephemeral port: refused before any socket exists.
  if (c.host != "127.0.0.1") r.result = -EACCES;
  else if (c.port != 0) r.result = -EINVAL;
  else if (made_ >= kMaxSocketsPerRun || open_ >= kMaxOpenSockets) r.result = -EMFILE;
  if (r.result) return r;
  r.handle = new_handle(loop, true, c);
  Tcp& h = handles_[r.handle];
  int port = 0;
  const int64_t fd = syscall(loop, "socket + bind(127.0.0.1:0) + listen(511)", h.id, [&] { return tcp::listen_loopback(&port, step()); });
  if (fd < 0) {
    r.result = fd;
    return r;
  }
  h.fd = static_cast<int>(fd);
  by_fd_[h.fd] = h.id;
  ++open_;
  h.local_port = port;
  h.state = State::listening;
  listeners_[port] = h.id;
  listened_.insert(port);
  r.local_port = port;
  sock_name(loop, h);
  update_active(loop, h);  // uv_listen: the handle is active
  listening(loop, h);
  return r;
}

SockReply TcpHandles::connect(ThreadCtx& loop, Tcp& h, const SockCall& c) {
  SockReply r;
  // No packet leaves for another address, nor for a port this run never listened on (another
  // program's service on this machine): refused before a socket exists.
  if (c.host != "127.0.0.1" || !listened_.count(c.port)) r.result = -EACCES;
  else if (c.port < 1 || c.port > 65535) r.result = -EINVAL;
  else if (h.state != State::init) r.result = -EISCONN;
  else if (open_ >= kMaxOpenSockets) r.result = -EMFILE;
  if (r.result) return r;
  int fd = -1, local = 0;
  const int64_t rc = open_connect(loop, h, c.port, &fd, &local);
  if (fd < 0) {
    r.result = rc;
    return r;
  }
  h.fd = fd;
  by_fd_[fd] = h.id;
  ++open_;
  h.local_port = local;
  h.peer_port = c.port;
  h.state = State::connecting;
  sock_name(loop, h);
  h.connect_cause = cause_id(last_seq_);
  // Both ends are this run's: the connect is due at the listener (its accept queue) and back
  // at the connector (established, or refused when nothing listens on the port).
  if (listeners_.count(c.port)) backlog_[c.port].push_back(local);
  flow_of(h).cause = flow_to_peer(h).cause = h.connect_cause;
  h.connect_req = r.req = new_req(loop, h.id, "uv_connect_t", c);
  update_active(loop, h);
  connect_started(loop, h, rc);
  return r;
}

SockReply TcpHandles::write(ThreadCtx& loop, Tcp& h, const SockCall& c) {
  SockReply r;
  if (h.state != State::open) r.result = h.state == State::closing ? -EBADF : -ENOTCONN;
  else if (h.shut) r.result = -EPIPE;
  else if (queued_bytes_ + static_cast<int64_t>(c.data.size()) > kMaxQueuedBytes) r.result = -ENOBUFS;
  if (r.result) return r;
  Hooks& hk = *env_.hooks;
  // node's StreamBase::Write: uv_try_write first (only when nothing is queued), then uv_write
  // with what the kernel did not take.
  hk.emit(loop, Kind::uv_call, Layer::libuv, hk.name("uv_try_write"), h.id, static_cast<int64_t>(c.data.size()));
  int64_t n = h.writes.empty() ? write_some(loop, h, c.data, 0, 0) : 0;
  if (n < 0) {
    r.result = n;
    return r;
  }
  r.bytes = n;
  if (static_cast<size_t>(n) == c.data.size()) return r;
  r.async = true;
  hk.emit(loop, Kind::uv_call, Layer::libuv, hk.name("uv_write"), h.id, static_cast<int64_t>(c.data.size()) - n);
  r.req = new_req(loop, h.id, "uv_write_t", c);
  WriteReq w;
  w.req = r.req;
  w.data = c.data;
  w.off = static_cast<size_t>(n);
  h.writes.push_back(std::move(w));
  queued_bytes_ += static_cast<int64_t>(c.data.size()) - n;
  update_active(loop, h);
  write_queued(loop, h);
  return r;
}

SockReply TcpHandles::shutdown(ThreadCtx& loop, Tcp& h, const SockCall& c) {
  SockReply r;
  if (h.state != State::open || h.shut || h.shutdown_req) {
    r.result = -ENOTCONN;
    return r;
  }
  Hooks& hk = *env_.hooks;
  hk.emit(loop, Kind::uv_call, Layer::libuv, hk.name("uv_shutdown"), h.id);
  // uv_shutdown: the request waits until the write queue is empty (drain).
  h.shutdown_req = r.req = new_req(loop, h.id, "uv_shutdown_t", c);
  update_active(loop, h);
  shutdown_queued(loop, h);
  return r;
}

void TcpHandles::close(ThreadCtx& loop, Tcp& h, const SockCall& c) {
  if (h.state == State::closing) return;
  Hooks& hk = *env_.hooks;
  hk.emit(loop, Kind::uv_call, Layer::libuv, hk.name("uv_close"), h.id);
  h.close_cb = c.callback;
  if (h.fd >= 0) {
    closing_fd(loop, h);
    // What the peer's end sees: EOF, or a reset when this end leaves bytes unread (Linux
    // answers a close with unread data with RST).
    if (h.server) {
      for (int port : backlog_[h.local_port]) flows_[{port, h.local_port}].reset = true;
      backlog_.erase(h.local_port);
      listeners_.erase(h.local_port);
    } else if (h.state == State::open || h.state == State::connecting) {
      Flow& mine = flow_of(h);
      Flow& peer = flow_to_peer(h);
      (mine.bytes > 0 ? peer.reset : peer.eof) = true;
      mine.gone = true;
      mine.bytes = 0;
    }
    const int fd = h.fd;
    syscall(loop, "close", h.id, [&] { return tcp::close(fd); });
    if (!h.server && h.state != State::init) flow_to_peer(h).cause = cause_id(last_seq_);
    by_fd_.erase(fd);
    h.fd = -1;
    --open_;
  }
  h.state = State::closing;
  h.reading = false;
  update_active(loop, h);
  // Windows: a handle whose overlapped operations are still pending waits for their (aborted)
  // packets before its endgame; otherwise it is on closing_handles at once.
  if (h.ops_pending > 0) ++aborting_;
  else closing_.push_back(h.id);
  hk.emit(loop, Kind::handle_close, Layer::libuv, hk.name("uv__make_close_pending"), h.id, static_cast<int64_t>(closing_.size()));
}

void TcpHandles::endgame(ThreadCtx& loop, Tcp& h) {
  --aborting_;
  closing_.push_back(h.id);
  Hooks& hk = *env_.hooks;
  hk.emit(loop, Kind::uv_call, Layer::libuv, hk.name("uv__want_endgame"), h.id, static_cast<int64_t>(closing_.size()));
}

void TcpHandles::run_pending(ThreadCtx& loop) {
  std::vector<uint32_t> batch;
  batch.swap(pending_);
  for (uint32_t id : batch)
    if (Tcp* h = find(id); h && h->state != State::closing) pending_handle(loop, *h);
  made_due();
}

void TcpHandles::run_closing(ThreadCtx& loop) {
  // Both of libuv's lists push at the head, so the handle closed last finishes first.
  // Windows' uv__process_endgames pops endgame_handles until it is empty: a handle that a close
  // callback ends (nothing pending) ends in the same pass. Unix's uv__run_closing_handles takes
  // closing_handles as it is: one closed by a close callback waits for the next iteration.
  if (endgames()) {
    while (!closing_.empty()) {
      const uint32_t id = closing_.back();
      closing_.pop_back();
      finish_close(loop, id);
    }
  } else {
    std::vector<uint32_t> batch;
    batch.swap(closing_);
    for (auto it = batch.rbegin(); it != batch.rend(); ++it) finish_close(loop, *it);
  }
  made_due();
}

void TcpHandles::cancel(ThreadCtx& loop, uint32_t id, NetCallback::What what, uint32_t& req, const char* fn) {
  if (!req) return;
  NetCallback cb;
  cb.what = what;
  cb.handle = id;
  cb.req = req;
  cb.status = -ECANCELED;
  req = 0;
  env_.req_count(loop, cb.req, -1);
  callback(loop, cb, fn, 0);
}

void TcpHandles::finish_close(ThreadCtx& loop, uint32_t id) {
  // uv__finish_close -> uv__stream_destroy: what is still queued ends with ECANCELED, then the
  // close callback; then the handle struct is gone.
  Tcp* h = find(id);
  if (!h) return;
  Hooks& hk = *env_.hooks;
  cancel(loop, id, NetCallback::What::connect, h->connect_req, "afterConnect");
  std::vector<WriteReq> done;
  for (WriteReq& w : h->writes) {
    queued_bytes_ -= static_cast<int64_t>(w.data.size() - w.off);
    w.error = -ECANCELED;
    done.push_back(std::move(w));
  }
  h->writes.clear();
  write_callbacks(loop, *h, done);
  cancel(loop, id, NetCallback::What::shutdown, h->shutdown_req, "afterShutdown");
  hk.emit(loop, Kind::handle_closed, Layer::libuv, hk.name("uv__finish_close"), id, static_cast<int64_t>(handles_.size() - 1));
  const std::string close_cb = h->close_cb;
  if (!close_cb.empty()) {
    NetCallback cb;
    cb.what = NetCallback::What::close;
    cb.handle = id;
    callback(loop, cb, close_cb.c_str(), 0);
  }
  handles_.erase(id);
}

}  // namespace loopstep
