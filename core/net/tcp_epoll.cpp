// EpollTcp: the watcher queue (epoll_ctl), what Step mode makes due, and the watchers'
// callbacks uv__server_io / uv__stream_io.
#include "core/net/tcp_epoll.h"

#include <algorithm>
#include <cerrno>
#include <chrono>

#include "core/engine/threads.h"
#include "core/net/tcp_io.h"

namespace loopstep {

namespace {
std::string interest(uint32_t ev) {
  if (ev == 0) return "0";
  std::string s;
  if (ev & IoPoller::in) s = "EPOLLIN";
  if (ev & IoPoller::out) s += s.empty() ? "EPOLLOUT" : "|EPOLLOUT";
  return s;
}
}  // namespace

EpollTcp::EpollTcp(SocketsEnv env) : TcpHandles(std::move(env)) { env_.poller->set_watchers(this); }

EpollTcp::~EpollTcp() {
  close_all();
  env_.poller->set_watchers(nullptr);
}

int64_t EpollTcp::open_connect(ThreadCtx& loop, Tcp& h, int port, int* fd, int* local_port) {
  return syscall(loop, "socket + connect(127.0.0.1)", h.id, [&] { return tcp::connect_loopback(port, step(), fd, local_port); });
}

void EpollTcp::connect_started(ThreadCtx&, Tcp& h, int64_t rc) {
  if (rc == -ECONNREFUSED) {  // uv__tcp_connect: delayed_error, reported through uv__io_feed
    h.delayed_error = -ECONNREFUSED;
    pending_.push_back(h.id);
  }
}

void EpollTcp::closing_fd(ThreadCtx& loop, Tcp& h) {
  if (!h.registered) return;
  Hooks& hk = *env_.hooks;
  const uint32_t old = h.registered;
  hk.gate().emit_take(loop, Hooks::event(Kind::io_ctl, Layer::kernel, hk.name("epoll_ctl(EPOLL_CTL_DEL)"), h.id, h.fd),
                      [&](Event&) { env_.poller->ctl(h.fd, old, 0); });
  h.registered = 0;
  ready_list_.erase(h.id);
}

void EpollTcp::shutdown_queued(ThreadCtx& loop, Tcp& h) {
  // libuv 1.46's uv_shutdown with nothing queued feeds the stream's watcher to the pending
  // queue (uv__io_feed): uv__stream_io runs it, with uv__drain, in the next pending pass,
  // which after a poll is the same iteration. With writes queued, the last one drains.
  if (!h.writes.empty()) return;
  Hooks& hk = *env_.hooks;
  hk.emit(loop, Kind::uv_call, Layer::libuv, hk.name("uv__io_feed"), h.id);
  pending_.push_back(h.id);
}

void EpollTcp::pending_handle(ThreadCtx& loop, Tcp& h) {
  if (h.state == State::connecting) stream_connect(loop, h);
  else if (h.writes.empty()) drain(loop, h);
}

void EpollTcp::flush(ThreadCtx& loop) {
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
    queue_ready();  // epoll_ctl queues an fd it finds ready already: in watcher-queue order
  }
}

uint32_t EpollTcp::modeled_events(const Tcp& h) {
  if (h.fd < 0 || h.registered == 0) return 0;
  uint32_t ev = 0;
  if (h.state == State::listening) {
    auto it = backlog_.find(h.local_port);
    if (it != backlog_.end() && !it->second.empty()) ev = IoPoller::in;
  } else if (h.state == State::connecting) {
    if (!h.delayed_error) ev = IoPoller::out;
  } else if (h.state == State::open) {
    const Flow& mine = flow_of(h);
    if ((h.registered & IoPoller::in) && (mine.bytes > 0 || mine.eof || mine.reset)) ev |= IoPoller::in;
    // Linux's tcp_poll: EPOLLHUP once both directions are shut (this end's SHUT_WR and the
    // peer's FIN).
    if ((ev & IoPoller::in) && mine.eof && h.shut) ev |= IoPoller::hup;
    if ((h.registered & IoPoller::out) && !h.writes.empty() && room(h)) ev |= IoPoller::out;
  }
  return ev;
}

void EpollTcp::queue_ready() {
  if (!step()) return;
  // Handles made ready by the same call join in handle order (one call rarely readies two).
  for (const auto& [id, h] : handles_)
    if (!ready_list_.count(id) && modeled_events(h)) ready_list_[id] = ++ready_clock_;
}

std::vector<IoReady> EpollTcp::due() {
  queue_ready();
  std::vector<std::pair<uint64_t, IoReady>> listed;
  for (auto it = ready_list_.begin(); it != ready_list_.end();) {
    const Tcp* h = find(it->first);
    const uint32_t ev = h ? modeled_events(*h) : 0;
    if (!ev) {
      it = ready_list_.erase(it);  // epoll_wait drops an fd that is no longer ready
      continue;
    }
    listed.push_back({it->second, {h->fd, ev}});
    ++it;
  }
  std::sort(listed.begin(), listed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<IoReady> out;
  for (const auto& [place, r] : listed) out.push_back(r);
  return out;
}

void EpollTcp::ready(ThreadCtx& loop, const std::vector<IoReady>& ready) {
  Hooks& hk = *env_.hooks;
  if (step())  // ep_send_events puts each reported level-triggered fd back at the tail, in order
    for (const IoReady& r : ready)
      if (auto fd_it = by_fd_.find(r.fd); fd_it != by_fd_.end()) ready_list_[fd_it->second] = ++ready_clock_;
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
      if ((r.events & (IoPoller::in | IoPoller::err | IoPoller::hup)) && h.reading) {
        const bool partial = stream_read(loop, h);
        // uv__stream_io: POLLHUP after a short read is the EOF, reported in this same call
        // rather than by a read at the next wait (its 'end' then comes before the closing phase).
        if ((r.events & IoPoller::hup) && partial && h.reading && h.state == State::open) read_stopped(loop, h, 0);
      }
      if (h.state == State::open && (r.events & (IoPoller::out | IoPoller::err | IoPoller::hup))) stream_write(loop, h);
    }
    queue_ready();  // what this fd's callbacks made ready joins the list before the next fd's
  }
}

void EpollTcp::server_io(ThreadCtx& loop, Tcp& h) {
  // uv__server_io (libuv 1.46): one accept4 per readiness, taken by node's onconnection at
  // once; a connection still queued keeps the listening fd ready (level-triggered), so the
  // next epoll_wait reports it again, after what this one reported.
  if (step() && backlog_[h.local_port].empty()) return;
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(kKernelLagMs);
  int peer = 0;
  const int listen_fd = h.fd;
  int64_t fd = syscall(loop, "accept4", h.id, [&]() -> int64_t {
    for (;;) {
      int64_t a = tcp::accept(listen_fd, &peer);
      if (a != -EAGAIN || !step()) return a;
      if (std::chrono::steady_clock::now() > until)
        throw RunStopped("a socket's connection that the loop made due did not arrive within 5 s; the run stops");
      tcp::wait(listen_fd, false, 10);
    }
  });
  if (fd != -EAGAIN) accepted(loop, h, fd, peer);
}

void EpollTcp::stream_connect(ThreadCtx& loop, Tcp& h) {
  // uv__stream_connect: the result is SO_ERROR (or the error connect(2) gave at once).
  int64_t err = h.delayed_error;
  if (!err) {
    const int fd = h.fd;
    err = syscall(loop, "getsockopt(SO_ERROR)", h.connect_req, [&] { return tcp::socket_error(fd); });
  }
  connected(loop, h, err);
}

void EpollTcp::stream_write(ThreadCtx& loop, Tcp& h) {
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

}  // namespace loopstep
