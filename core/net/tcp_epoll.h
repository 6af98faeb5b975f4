// TCP handles on readiness (libuv's src/unix/tcp.c and stream.c): each socket's fd sits in the
// loop's own epoll set (epoll_ctl is its own io_ctl event, at the start of the poll phase as in
// uv__io_poll's watcher queue); when epoll_wait reports it ready the loop thread calls accept4,
// read and write itself (uv__server_io, uv__stream_io, uv__read, uv__write, uv__drain).
#pragma once
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

  void server_io(ThreadCtx& loop, Tcp& h);
  void stream_connect(ThreadCtx& loop, Tcp& h);
  void stream_write(ThreadCtx& loop, Tcp& h);
};

}  // namespace loopstep
