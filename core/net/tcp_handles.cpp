// TcpHandles: the program's calls (uv_listen, uv_tcp_connect, uv_read_start, uv_try_write +
// uv_write, uv_shutdown, uv_close) and the loop's side (uv__io_poll's watcher queue, the
// watchers' callbacks uv__server_io / uv__stream_io, uv__run_closing_handles).
#include "core/net/tcp_handles.h"

#include <algorithm>
#include <cerrno>
#include <chrono>

#include "core/engine/threads.h"
#include "core/net/tcp_io.h"

namespace loopstep {

namespace {
constexpr int64_t kUvEof = -4095;  // UV_EOF
constexpr int kKernelLagMs = 5000; // Step mode: how long the kernel may take to show what is due

std::string interest(uint32_t ev) {
  if (ev == 0) return "0";
  std::string s;
  if (ev & IoPoller::in) s = "EPOLLIN";
  if (ev & IoPoller::out) s += s.empty() ? "EPOLLOUT" : "|EPOLLOUT";
  return s;
}

[[noreturn]] void kernel_lag(const char* what) {
  throw RunStopped(std::string("a socket's ") + what + " that the loop made due did not arrive within 5 s; the run stops");
}
}  // namespace

std::unique_ptr<Sockets> make_sockets(SocketsEnv env) { return std::make_unique<TcpHandles>(std::move(env)); }

TcpHandles::TcpHandles(SocketsEnv env) : env_(std::move(env)) {
  if (env_.poller) env_.poller->set_watchers(this);
}

TcpHandles::~TcpHandles() {
  close_all();
  if (env_.poller) env_.poller->set_watchers(nullptr);
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
  if (!h.writes.empty() || (h.shutdown_req && !h.shut)) w |= IoPoller::out;
  return w;
}

void TcpHandles::update_active(ThreadCtx& loop, Tcp& h) {
  // A handle is active while it watches its fd for something (uv__io_active): listening,
  // connecting, reading, or with writes or a shutdown queued.
  const bool a = wanted(h) != 0;
  if (a == h.active) return;
  h.active = a;
  active_ += a ? 1 : -1;
  Hooks& hk = *env_.hooks;
  hk.emit(loop, a ? Kind::handle_start : Kind::handle_stop, Layer::libuv, hk.name(a ? "uv__handle_start" : "uv__handle_stop"), h.id,
          active_);
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
  SockReply r;
  if (!env_.poller) {
    r.refusal = "loopstep: sockets run on the epoll backend only for now; this run uses the " + env_.backend_name +
                " backend, whose completion model for sockets (io_uring, native IOCP) is not built yet. Run the lesson with "
                "--backend epoll, or set backend = \"epoll\" in its front matter";
    return r;
  }
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
      hk.emit(loop, Kind::uv_call, Layer::libuv, hk.name(start ? "uv_read_start" : "uv_read_stop"), h->id);
      if (h->state == State::open && !h->eof) h->reading = start;
      update_active(loop, *h);
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
  update_active(loop, h);  // uv_listen: uv__io_start(POLLIN), the handle is active
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
  const int64_t rc = syscall(loop, "socket + connect(127.0.0.1)", h.id, [&] { return tcp::connect_loopback(c.port, step(), &fd, &local); });
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
  // at the connector, or refused when nothing listens on the port.
  if (listeners_.count(c.port)) backlog_[c.port].push_back(local);
  else h.refused = true;
  flow_of(h).cause = flow_to_peer(h).cause = h.connect_cause;
  if (rc == -ECONNREFUSED) {  // uv__tcp_connect: delayed_error, reported through uv__io_feed
    h.delayed_error = -ECONNREFUSED;
    pending_.push_back(h.id);
  }
  h.connect_req = r.req = new_req(loop, h.id, "uv_connect_t", c);
  update_active(loop, h);
  return r;
}

int64_t TcpHandles::write_some(ThreadCtx& loop, Tcp& h, const std::string& data, size_t off, uint32_t req) {
  Flow& peer = flow_to_peer(h);
  size_t want = data.size() - off;
  if (step() && !peer.gone && !peer.reset) want = static_cast<size_t>(std::clamp<int64_t>(kStepWindow - peer.bytes, 0, static_cast<int64_t>(want)));
  if (want == 0) return 0;
  const int64_t n = syscall(loop, "write", req ? req : h.id, [&]() -> int64_t {
    if (!step()) return tcp::write(h.fd, data.data() + off, want);
    // Step mode: the window is modeled, so the kernel takes all of it; if it is slow to
    // free the room, wait for it rather than let its timing shorten the write.
    size_t done = 0;
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(kKernelLagMs);
    while (done < want) {
      int64_t w = tcp::write(h.fd, data.data() + off + done, want - done);
      if (w < 0 && w != -EAGAIN) return done ? static_cast<int64_t>(done) : w;
      if (w > 0) done += static_cast<size_t>(w);
      else if (std::chrono::steady_clock::now() > until) kernel_lag("write room");
      else tcp::wait(h.fd, true, 10);
    }
    return static_cast<int64_t>(done);
  });
  if (n == -EAGAIN) return 0;
  if (n > 0) {
    peer.bytes += n;
    peer.cause = cause_id(last_seq_);
  }
  return n;
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
  // uv_shutdown: the request waits until the write queue is empty (uv__drain, on POLLOUT).
  h.shutdown_req = r.req = new_req(loop, h.id, "uv_shutdown_t", c);
  update_active(loop, h);
  return r;
}

void TcpHandles::close(ThreadCtx& loop, Tcp& h, const SockCall& c) {
  if (h.state == State::closing) return;
  Hooks& hk = *env_.hooks;
  hk.emit(loop, Kind::uv_call, Layer::libuv, hk.name("uv_close"), h.id);
  h.close_cb = c.callback;
  if (h.fd >= 0) {
    if (h.registered) {
      const uint32_t old = h.registered;
      hk.gate().emit_take(loop, Hooks::event(Kind::io_ctl, Layer::kernel, hk.name("epoll_ctl(EPOLL_CTL_DEL)"), h.id, h.fd),
                          [&](Event&) { env_.poller->ctl(h.fd, old, 0); });
      h.registered = 0;
    }
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
  closing_.push_back(h.id);
  hk.emit(loop, Kind::handle_close, Layer::libuv, hk.name("uv__make_close_pending"), h.id, static_cast<int64_t>(closing_.size()));
}

// ---- the loop's side ------------------------------------------------------------------------

void TcpHandles::flush(ThreadCtx& loop) {
  Hooks& hk = *env_.hooks;
  for (auto& entry : handles_) {
    Tcp& h = entry.second;  // not a structured binding: clang 14 cannot capture one
    const uint32_t id = entry.first;
    const uint32_t w = wanted(h);
    if (h.fd < 0 || w == h.registered) continue;
    const char* op = h.registered == 0 ? "EPOLL_CTL_ADD" : w == 0 ? "EPOLL_CTL_DEL" : "EPOLL_CTL_MOD";
    const std::string fn = std::string("epoll_ctl(") + op + ", " + interest(w) + ")";
    const uint32_t old = h.registered;
    int rc = 0;
    hk.gate().emit_take(loop, Hooks::event(Kind::io_ctl, Layer::kernel, hk.name(fn), id, h.fd),
                        [&](Event&) { rc = env_.poller->ctl(h.fd, old, w); });
    if (rc == 0) h.registered = w;
  }
}

std::vector<IoReady> TcpHandles::due() {
  std::vector<IoReady> out;
  for (auto& [id, h] : handles_) {
    if (h.fd < 0 || h.registered == 0) continue;
    uint32_t ev = 0;
    if (h.state == State::listening) {
      auto it = backlog_.find(h.local_port);
      if (it != backlog_.end() && !it->second.empty()) ev = IoPoller::in;
    } else if (h.state == State::connecting) {
      if (!h.delayed_error) ev = IoPoller::out;
    } else if (h.state == State::open) {
      const Flow& mine = flow_of(h);
      if ((h.registered & IoPoller::in) && (mine.bytes > 0 || mine.eof || mine.reset)) ev |= IoPoller::in;
      const Flow& peer = flow_to_peer(h);
      const bool room = peer.gone || peer.reset || peer.bytes < kStepWindow;
      if ((h.registered & IoPoller::out) && ((!h.writes.empty() && room) || (h.writes.empty() && h.shutdown_req && !h.shut)))
        ev |= IoPoller::out;
    }
    if (ev) out.push_back({h.fd, ev});
  }
  return out;
}

void TcpHandles::ready(ThreadCtx& loop, const std::vector<IoReady>& ready) {
  Hooks& hk = *env_.hooks;
  for (const IoReady& r : ready) {
    auto fd_it = by_fd_.find(r.fd);
    if (fd_it == by_fd_.end()) continue;  // closed by an earlier callback of this batch
    Tcp& h = handles_[fd_it->second];
    const uint64_t cause = h.server ? 0 : flow_of(h).cause;
    hk.emit(loop, Kind::io_ready, Layer::kernel, hk.name(h.server ? "uv__server_io" : "uv__stream_io"), h.id, r.events, cause);
    if (h.state == State::listening) {
      server_io(loop, h);
    } else if (h.state == State::connecting) {
      if (r.events & (IoPoller::out | IoPoller::err | IoPoller::hup)) stream_connect(loop, h);
    } else if (h.state == State::open) {
      if ((r.events & (IoPoller::in | IoPoller::err | IoPoller::hup)) && h.reading) stream_read(loop, h);
      if (h.state == State::open && (r.events & (IoPoller::out | IoPoller::err | IoPoller::hup))) stream_write(loop, h);
    }
  }
}

void TcpHandles::run_pending(ThreadCtx& loop) {
  std::vector<uint32_t> batch;
  batch.swap(pending_);
  for (uint32_t id : batch)
    if (Tcp* h = find(id); h && h->state == State::connecting) stream_connect(loop, *h);
}

void TcpHandles::server_io(ThreadCtx& loop, Tcp& h) {
  // uv__server_io: accept until the queue is empty; node's onconnection takes each at once.
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(kKernelLagMs);
  while (h.state == State::listening) {
    std::deque<int>& queue = backlog_[h.local_port];
    if (step() && queue.empty()) break;
    int peer = 0;
    const int listen_fd = h.fd;
    int64_t fd = syscall(loop, "accept4", h.id, [&]() -> int64_t {
      for (;;) {
        int64_t a = tcp::accept(listen_fd, &peer);
        if (a != -EAGAIN || !step()) return a;
        if (std::chrono::steady_clock::now() > until) kernel_lag("connection");
        tcp::wait(listen_fd, false, 10);
      }
    });
    if (fd == -EAGAIN) break;
    if (fd >= 0) {
      if (auto it = std::find(queue.begin(), queue.end(), peer); it != queue.end()) queue.erase(it);
      if (open_ >= kMaxOpenSockets || made_ >= kMaxSocketsPerRun) {
        tcp::close(static_cast<int>(fd));
        fd = -EMFILE;
      }
    }
    NetCallback cb;
    cb.what = NetCallback::What::connection;
    cb.handle = h.id;
    cb.status = fd < 0 ? fd : 0;
    if (fd >= 0) {
      SockCall c;
      c.callback = "onconnection";
      cb.client = new_handle(loop, false, c);
      Tcp& client = handles_[cb.client];
      client.fd = static_cast<int>(fd);
      by_fd_[client.fd] = client.id;
      ++open_;
      client.local_port = h.local_port;
      client.peer_port = peer;
      client.state = State::open;
      sock_name(loop, client);
      cb.local_port = client.local_port;
      cb.peer_port = peer;
    }
    const uint32_t server_id = h.id;
    callback(loop, cb, "onconnection", cause_id(last_seq_));
    if (fd < 0) break;
    if (!find(server_id)) break;
  }
}

void TcpHandles::stream_connect(ThreadCtx& loop, Tcp& h) {
  // uv__stream_connect: the result is SO_ERROR (or the error connect(2) gave at once).
  int64_t err = h.delayed_error;
  if (!err) {
    const int fd = h.fd;
    err = syscall(loop, "getsockopt(SO_ERROR)", h.connect_req, [&] { return tcp::socket_error(fd); });
  }
  h.delayed_error = 0;
  const uint32_t req = h.connect_req;
  h.connect_req = 0;
  h.state = err == 0 ? State::open : State::init;
  if (err != 0 && h.fd >= 0) {
    // A refused socket stays open until the program closes it (node destroys it at once).
    auto it = backlog_.find(h.peer_port);
    if (it != backlog_.end()) it->second.erase(std::remove(it->second.begin(), it->second.end(), h.local_port), it->second.end());
  }
  update_active(loop, h);
  env_.req_count(loop, req, -1);
  NetCallback cb;
  cb.what = NetCallback::What::connect;
  cb.handle = h.id;
  cb.req = req;
  cb.status = err;
  cb.local_port = h.local_port;
  cb.peer_port = h.peer_port;
  callback(loop, cb, "afterConnect", h.connect_cause);
}

void TcpHandles::stream_read(ThreadCtx& loop, Tcp& h) {
  // uv__read: up to 32 reads while each fills node's 64 KiB buffer.
  for (int count = 32; count > 0 && h.reading && h.state == State::open; --count) {
    Flow& mine = flow_of(h);
    std::string data;
    size_t want = kReadSize;
    if (step()) {
      if (mine.bytes > 0) want = static_cast<size_t>(std::min<int64_t>(mine.bytes, kReadSize));
      else if (!mine.eof && !mine.reset) break;
    }
    const int fd = h.fd;
    const bool exact = step() && mine.bytes > 0;
    int64_t n = syscall(loop, "read", h.id, [&]() -> int64_t {
      const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(kKernelLagMs);
      for (;;) {
        int64_t got = tcp::read(fd, &data, want - data.size());
        if (got > 0 && (!exact || data.size() == want)) return static_cast<int64_t>(data.size());
        if (got == 0 || (got < 0 && got != -EAGAIN)) return data.empty() ? got : static_cast<int64_t>(data.size());
        if (!step()) return data.empty() ? got : static_cast<int64_t>(data.size());
        if (std::chrono::steady_clock::now() > until) kernel_lag("data");
        tcp::wait(fd, false, 10);
      }
    });
    if (n == -EAGAIN) break;
    NetCallback cb;
    cb.what = NetCallback::What::read;
    cb.handle = h.id;
    cb.data = &data;
    if (n > 0) {
      mine.bytes = std::max<int64_t>(0, mine.bytes - n);
      cb.status = n;
    } else {
      // EOF (uv__stream_eof) or an error (ECONNRESET): reading stops, then the callback.
      cb.status = n == 0 ? kUvEof : n;
      h.eof = true;
      h.reading = false;
      mine.eof = mine.reset = false;
      update_active(loop, h);
    }
    const uint64_t cause = mine.cause;
    callback(loop, cb, "onStreamRead", cause);
    if (n <= 0 || static_cast<size_t>(n) < kReadSize) break;
  }
}

void TcpHandles::stream_write(ThreadCtx& loop, Tcp& h) {
  // uv__write: the queue in order, each as far as the kernel takes it; then the callbacks of
  // the finished ones (uv__write_callbacks) and, once the queue is empty, uv__drain.
  std::vector<WriteReq> done;
  while (!h.writes.empty() && h.state == State::open) {
    WriteReq& w = h.writes.front();
    int64_t n = write_some(loop, h, w.data, w.off, w.req);
    if (n < 0) {
      w.error = n;
    } else {
      w.off += static_cast<size_t>(n);
      queued_bytes_ -= n;
      if (w.off < w.data.size()) break;  // the kernel is full: wait for POLLOUT again
    }
    queued_bytes_ -= static_cast<int64_t>(w.data.size() - w.off);
    w.off = w.data.size();
    done.push_back(std::move(w));
    h.writes.pop_front();
    if (n < 0) break;
  }
  update_active(loop, h);
  write_callbacks(loop, h, done);
  if (Tcp* still = find(h.id); still && still->state == State::open && still->writes.empty()) drain(loop, *still);
}

void TcpHandles::write_callbacks(ThreadCtx& loop, Tcp& h, std::vector<WriteReq>& done) {
  for (WriteReq& w : done) {
    env_.req_count(loop, w.req, -1);
    NetCallback cb;
    cb.what = NetCallback::What::write;
    cb.handle = h.id;
    cb.req = w.req;
    cb.status = w.error;
    callback(loop, cb, "onWriteComplete", w.cause);
  }
}

void TcpHandles::drain(ThreadCtx& loop, Tcp& h) {
  if (!h.shutdown_req || h.shut) return;
  const uint32_t req = h.shutdown_req;
  h.shutdown_req = 0;
  const int fd = h.fd;
  int64_t err = syscall(loop, "shutdown(SHUT_WR)", req, [&] { return tcp::shutdown_write(fd); });
  if (err == 0) {
    h.shut = true;
    Flow& peer = flow_to_peer(h);
    peer.eof = true;
    peer.cause = cause_id(last_seq_);
  }
  update_active(loop, h);
  env_.req_count(loop, req, -1);
  NetCallback cb;
  cb.what = NetCallback::What::shutdown;
  cb.handle = h.id;
  cb.req = req;
  cb.status = err;
  callback(loop, cb, "afterShutdown", 0);
}

void TcpHandles::run_closing(ThreadCtx& loop) {
  std::vector<uint32_t> batch;
  batch.swap(closing_);
  for (uint32_t id : batch) finish_close(loop, id);
}

void TcpHandles::finish_close(ThreadCtx& loop, uint32_t id) {
  // uv__finish_close -> uv__stream_destroy: what is still queued ends with ECANCELED, then the
  // close callback; then the handle struct is gone.
  Tcp* h = find(id);
  if (!h) return;
  Hooks& hk = *env_.hooks;
  if (h->connect_req) {
    const uint32_t req = h->connect_req;
    h->connect_req = 0;
    env_.req_count(loop, req, -1);
    NetCallback cb;
    cb.what = NetCallback::What::connect;
    cb.handle = id;
    cb.req = req;
    cb.status = -ECANCELED;
    callback(loop, cb, "afterConnect", 0);
  }
  std::vector<WriteReq> done;
  for (WriteReq& w : h->writes) {
    queued_bytes_ -= static_cast<int64_t>(w.data.size() - w.off);
    w.error = -ECANCELED;
    done.push_back(std::move(w));
  }
  h->writes.clear();
  write_callbacks(loop, *h, done);
  if (h->shutdown_req) {
    const uint32_t req = h->shutdown_req;
    h->shutdown_req = 0;
    env_.req_count(loop, req, -1);
    NetCallback cb;
    cb.what = NetCallback::What::shutdown;
    cb.handle = id;
    cb.req = req;
    cb.status = -ECANCELED;
    callback(loop, cb, "afterShutdown", 0);
  }
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
