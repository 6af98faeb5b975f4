// TCP handles on readiness (libuv's src/unix/tcp.c and stream.c): each socket's fd sits in the
// loop's own epoll set (epoll_ctl is its own io_ctl event, at the start of the poll phase as in
// uv__io_poll's watcher queue); when epoll_wait reports it ready the loop thread calls accept4,
// read and write itself (uv__server_io, uv__stream_io, uv__read, uv__write, uv__drain).
#pragma once
#include <map>

#include "core/net/tcp_handles.h"

namespace loopstep {

class EpollTcp final : public TcpHandles, public IoWatchers {
 public:
  explicit EpollTcp(SocketsEnv env);
  ~EpollTcp() override;

  // IoWatchers
  void flush(ThreadCtx& loop) override;
  std::vector<IoReady> due() override;
  void ready(ThreadCtx& loop, const std::vector<IoReady>& ready) override;

 private:
  int64_t open_connect(ThreadCtx& loop, Tcp& h, int port, int* fd, int* local_port) override;
  void connect_started(ThreadCtx& loop, Tcp& h, int64_t rc) override;
  void listening(ThreadCtx&, Tcp&) override {}      // flush adds the fd (EPOLLIN)
  void read_started(ThreadCtx&, Tcp&) override {}   // flush adds EPOLLIN
  void write_queued(ThreadCtx&, Tcp&) override {}   // flush adds EPOLLOUT
  void shutdown_queued(ThreadCtx& loop, Tcp& h) override;
  void closing_fd(ThreadCtx& loop, Tcp& h) override;
  void pending_handle(ThreadCtx& loop, Tcp& h) override;
  const char* read_fn() const override { return "read"; }
  const char* write_fn() const override { return "write"; }
  void made_due() override { queue_ready(); }

  uint32_t modeled_events(const Tcp& h);  // Step mode: what epoll would report for h now
  // epoll's ready list (fs/eventpoll.c): an fd joins its tail when it becomes ready (or when
  // epoll_ctl finds it ready); a level-triggered fd that epoll_wait reported goes back to the
  // tail in the order reported; the next epoll_wait drops what is no longer ready and reports
  // the rest from the head. Step mode: handle id -> its place on the list.
  void queue_ready();
  std::map<uint32_t, uint64_t> ready_list_;
  uint64_t ready_clock_ = 0;

  void server_io(ThreadCtx& loop, Tcp& h);
  void stream_connect(ThreadCtx& loop, Tcp& h);
  void stream_write(ThreadCtx& loop, Tcp& h);
};

}  // namespace loopstep
