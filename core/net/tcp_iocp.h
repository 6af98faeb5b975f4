// TCP handles on completion (libuv's src/win/tcp.c): each socket is associated with the loop's
// completion port, and the loop posts overlapped operations that complete later as packets:
// uv_listen -> uv__tcp_queue_accept (simultaneous_accepts AcceptEx calls), uv_read_start ->
// uv__tcp_queue_read (a zero-byte WSARecv: its packet says "readable", then the loop reads
// without blocking),
// uv_write -> WSASend, uv_tcp_connect -> ConnectEx. The packets are taken in the pending pass
// after the wait (uv__process_tcp_accept_req, _read_req, _write_req, _connect_req). A closed
// handle's pending operations are aborted and it reaches its endgame when their packets came.
// On Linux the port's backend submits each operation to io_uring (IOCP semantics on io_uring).
#pragma once
#include <map>

#include "core/net/tcp_handles.h"

namespace loopstep {

class IocpTcp final : public TcpHandles, public IoCompletions {
 public:
  explicit IocpTcp(SocketsEnv env);
  ~IocpTcp() override;
  void close_all() override;

  // IoCompletions
  std::vector<uint64_t> due(const Arrived& arrived) override;
  void flush(ThreadCtx& loop) override;
  std::pair<uint32_t, uint64_t> packet_of(uint64_t op) override;
  void completed(ThreadCtx& loop, const IoPacket& p) override;

 private:
  struct Op {
    IoOp::Type type = IoOp::Type::accept;
    uint32_t handle = 0;
    uint32_t req = 0;
    uint64_t cause = 0;
    uint64_t due_at = 0;  // Step mode: when the loop's calls made it due (0 = not yet): its packet's place
    bool posted = false;  // its packet is on the port: its labels above stay with it
  };
  bool endgames() const override { return true; }
  int64_t open_connect(ThreadCtx& loop, Tcp& h, int port, int* fd, int* local_port) override;
  void connect_started(ThreadCtx& loop, Tcp& h, int64_t rc) override;
  void listening(ThreadCtx& loop, Tcp& h) override;
  void accepting(ThreadCtx& loop, Tcp& server, Tcp& client) override;
  void read_started(ThreadCtx& loop, Tcp& h) override { queue_read(loop, h); }
  void write_queued(ThreadCtx& loop, Tcp& h) override { queue_write(loop, h); }
  void shutdown_queued(ThreadCtx& loop, Tcp& h) override;
  void closing_fd(ThreadCtx& loop, Tcp& h) override;
  void pending_handle(ThreadCtx& loop, Tcp& h) override { drain(loop, h); }
  const char* read_fn() const override { return "WSARecv, non-blocking (read)"; }
  const char* write_fn() const override { return "WSASend, non-blocking (send)"; }
  void made_due() override { stamp_due(); }

  void associate(ThreadCtx& loop, const Tcp& h);  // CreateIoCompletionPort(socket, port, key, 0)
  size_t ops_of(uint32_t handle, IoOp::Type t) const;
  size_t accepts() const;  // AcceptEx calls a server keeps pending (simultaneous_accepts)
  bool is_due(const Op& op, size_t accepts_due);
  void match_accepts(const Arrived& arrived);
  void stamp_due();  // made_due, and after each packet and posting that may make an operation due
  void submit(ThreadCtx& loop, Tcp& h, IoOp op, const char* uv_fn, const char* fn);
  void queue_accept(ThreadCtx& loop, Tcp& h);
  void queue_read(ThreadCtx& loop, Tcp& h);
  void queue_write(ThreadCtx& loop, Tcp& h);
  void process_accept(ThreadCtx& loop, Tcp& h, int64_t result);
  void process_read(ThreadCtx& loop, Tcp& h, int64_t result);
  void process_write(ThreadCtx& loop, Tcp& h, int64_t result);

  std::map<uint64_t, Op> ops_;  // pending overlapped operations, by id: the order Step mode posts them in
  uint64_t next_op_ = 1;
  uint64_t due_clock_ = 0;
};

}  // namespace loopstep
