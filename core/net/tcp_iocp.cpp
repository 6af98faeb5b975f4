// IocpTcp: the overlapped operations each handle posts, what Step mode makes due, and the
// processing of each packet the loop takes (uv__process_tcp_*_req).
#include "core/net/tcp_iocp.h"

#include <algorithm>
#include <cerrno>

#include "core/net/accept_match.h"
#include "core/net/tcp_io.h"

namespace loopstep {

IocpTcp::IocpTcp(SocketsEnv env) : TcpHandles(std::move(env)) { env_.port->set_completions(this); }

IocpTcp::~IocpTcp() {
  close_all();
  env_.port->set_completions(nullptr);
}

void IocpTcp::close_all() {
  // No operation may outlive the sockets and write buffers it names: cancel and await them first.
  env_.port->cancel_all();
  ops_.clear();
  TcpHandles::close_all();
}

void IocpTcp::associate(ThreadCtx& loop, const Tcp& h) {
  Hooks& hk = *env_.hooks;
  // io_uring takes any fd without an association; the event shows where Windows makes one.
  hk.emit(loop, Kind::io_ctl, Layer::kernel, hk.name("CreateIoCompletionPort(socket, port, key, 0)"), h.id, h.fd);
}

size_t IocpTcp::ops_of(uint32_t handle, IoOp::Type t) const {
  return static_cast<size_t>(std::count_if(ops_.begin(), ops_.end(), [&](const auto& e) { return e.second.handle == handle && e.second.type == t; }));
}

size_t IocpTcp::accepts() const { return static_cast<size_t>(env_.hooks->info().config.simultaneous_accepts); }

void IocpTcp::submit(ThreadCtx& loop, Tcp& h, IoOp op, const char* uv_fn, const char* fn) {
  Hooks& hk = *env_.hooks;
  hk.emit(loop, Kind::uv_call, Layer::libuv, hk.name(uv_fn), h.id, static_cast<int64_t>(op.size));
  op.id = next_op_++;
  op.fd = h.fd;
  if (!op.req) {
    // An accept or a zero-byte read is the handle's own internal request (accept_reqs,
    // read_req in libuv), as is a part of a write: not counted in req_count, but each posting
    // is its own packet.
    RequestInfo ri{hk.name(h.server ? "net.Server" : "net.Socket"), hk.name(op.type == IoOp::Type::accept ? "uv_req_t (accept_req)" : op.type == IoOp::Type::send ? "uv_req_t (a WSASend part)" : "uv_req_t (read_req)"), 0, 0, 0};
    ri.uses_fd = true;
    ri.fd = h.fd;
    op.req = env_.info->requests.add(ri);
  }
  // 0 is ERROR_IO_PENDING: the operation's result comes later, as its packet.
  const std::string name = std::string(fn) + std::string(env_.port->stands_in(&op.type));
  const int64_t rc = syscall(loop, name.c_str(), op.req, [&] { return env_.port->submit(op); });
  if (rc != 0) return;
  op.cause = cause_id(last_seq_);
  ops_[op.id] = Op{op.type, h.id, op.req, op.cause};
  ++h.ops_pending;
  stamp_due();  // an AcceptEx whose connector is queued, a read whose bytes came: due at once
}

// ---- posting --------------------------------------------------------------------------------

void IocpTcp::listening(ThreadCtx& loop, Tcp& h) {
  associate(loop, h);
  // uv__tcp_listen posts them all at once: libuv's default is 32 (uv_simultaneous_server_accepts),
  // which node keeps; 1 after uv_tcp_simultaneous_accepts(h, 0).
  for (size_t i = 0; i < accepts(); ++i) queue_accept(loop, h);
}

void IocpTcp::queue_accept(ThreadCtx& loop, Tcp& h) {
  IoOp op;
  op.type = IoOp::Type::accept;
  submit(loop, h, op, "uv__tcp_queue_accept", "AcceptEx");
}

int64_t IocpTcp::open_connect(ThreadCtx& loop, Tcp& h, int, int* fd, int* local_port) {
  // uv__tcp_try_connect: ConnectEx needs a bound socket, so it is bound to 127.0.0.1:0 first.
  const int64_t rc = syscall(loop, "socket + bind(127.0.0.1:0)", h.id, [&] { return tcp::bind_loopback(step(), local_port); });
  if (rc >= 0) *fd = static_cast<int>(rc);
  return rc < 0 ? rc : 0;
}

void IocpTcp::connect_started(ThreadCtx& loop, Tcp& h, int64_t) {
  associate(loop, h);
  IoOp op;
  op.type = IoOp::Type::connect;
  op.req = h.connect_req;
  op.port = h.peer_port;
  submit(loop, h, op, "uv__tcp_connect", "ConnectEx");
}

void IocpTcp::queue_read(ThreadCtx& loop, Tcp& h) {
  if (!h.reading || h.state != State::open || h.eof || ops_of(h.id, IoOp::Type::recv_zero)) return;
  // The zero-byte read holds no buffer while it waits: its packet only says "readable" (a
  // zero-length IORING_OP_RECV waits the same way, and completes with 0 when data or EOF came).
  IoOp op;
  op.type = IoOp::Type::recv_zero;
  submit(loop, h, op, "uv__tcp_queue_read", "WSARecv, 0 bytes");
}

void IocpTcp::queue_write(ThreadCtx& loop, Tcp& h) {
  // One WSASend in flight per socket: io_uring does not order two sends on one socket (Windows'
  // AFD does), so the next uv_write's waits for this one's packet.
  if (h.state != State::open || h.writes.empty() || ops_of(h.id, IoOp::Type::send) || !room(h)) return;
  WriteReq& w = h.writes.front();
  size_t n = w.data.size() - w.off;
  Flow& peer = flow_to_peer(h);
  // Step mode: at most the room left in the peer's modeled window, so the kernel surely takes
  // all of it and the packet surely comes; the rest goes when the peer has read. Run mode
  // sends the whole rest in one operation.
  if (step() && !peer.gone && !peer.reset) n = static_cast<size_t>(std::min<int64_t>(static_cast<int64_t>(n), kStepWindow - peer.bytes));
  IoOp op;
  op.type = IoOp::Type::send;
  // A part that does not finish the uv_write_t is a packet of its own (Step mode only).
  op.req = n == w.data.size() - w.off ? w.req : 0;
  op.data = w.data.data() + w.off;
  op.size = n;
  const int before = h.ops_pending;
  submit(loop, h, op, "uv__tcp_write", "WSASend");
  if (h.ops_pending == before) return;
  peer.bytes += static_cast<int64_t>(n);  // the reader's due bytes: the rule is its packet shows them
  peer.cause = cause_id(last_seq_);
}

void IocpTcp::shutdown_queued(ThreadCtx&, Tcp& h) {
  // With nothing queued the shutdown runs in the next pending pass (never inside the call).
  if (h.writes.empty()) pending_.push_back(h.id);
}

void IocpTcp::closing_fd(ThreadCtx& loop, Tcp& h) {
  // closesocket aborts the handle's pending operations: each still completes, as its packet
  // (ERROR_OPERATION_ABORTED, -ECANCELED here), and the handle waits for them before its endgame.
  // It also stops a listener at once, where io_uring's accept holds the socket until its
  // cancellation completes: so the listener is shut too, and no connect reaches it in between.
  std::vector<uint64_t> mine;
  for (const auto& [id, op] : ops_)
    if (op.handle == h.id) mine.push_back(id);
  if (!mine.empty())
    syscall(loop, ("closesocket: abort the pending operations" + std::string(env_.port->stands_in(nullptr))).c_str(), h.id, [&] {
      for (uint64_t id : mine) env_.port->cancel(id);
      return static_cast<int64_t>(mine.size());
    });
  if (h.server) tcp::stop_listening(h.fd);
}

void IocpTcp::flush(ThreadCtx& loop) {
  for (auto& entry : handles_) queue_write(loop, entry.second);
}

std::pair<uint32_t, uint64_t> IocpTcp::packet_of(uint64_t op) {
  auto it = ops_.find(op);
  if (it == ops_.end()) return {0, 0};
  it->second.posted = true;
  return {it->second.req, it->second.cause};
}

// ---- Step mode --------------------------------------------------------------------------------

bool IocpTcp::is_due(const Op& op, size_t accepts_due) {
  Tcp* h = find(op.handle);
  if (!h) return false;
  if (h->state == State::closing || op.type == IoOp::Type::send || op.type == IoOp::Type::connect) return true;
  if (op.type == IoOp::Type::accept) {
    // One accept for each connector waiting: the server's first pending ones, in posting order.
    auto it = backlog_.find(h->local_port);
    return it != backlog_.end() && it->second.size() > accepts_due;
  }
  const Flow& mine = flow_of(*h);
  return mine.bytes > 0 || mine.eof || mine.reset;
}

void IocpTcp::stamp_due() {
  // A completion port queues a packet when its operation completes: an AcceptEx posted while
  // a connection waits completes at once, before a read posted earlier whose bytes come later.
  // Step mode keeps that order: each operation's place is the moment it became due.
  if (!step()) return;
  std::map<uint32_t, size_t> accepts_due;  // by server
  for (const auto& [id, op] : ops_)
    if (op.type == IoOp::Type::accept && op.due_at) ++accepts_due[op.handle];
  for (auto& [id, op] : ops_) {
    if (op.due_at || !is_due(op, accepts_due[op.handle])) continue;
    op.due_at = ++due_clock_;
    if (op.type == IoOp::Type::accept) ++accepts_due[op.handle];
  }
}

void IocpTcp::match_accepts(const Arrived& arrived) {
  // Whatever the kernel picked, the order stays the loop's: the i-th due accept is the arrived
  // one whose connector is i-th in the backlog (core/net/accept_match.h). A posted one keeps its labels.
  std::map<uint32_t, std::vector<uint64_t>> by_server;  // its accepts not posted yet, in id order
  for (const auto& [id, op] : ops_)
    if (op.type == IoOp::Type::accept && !op.posted) by_server[op.handle].push_back(id);
  for (const auto& [server, ids] : by_server) {
    Tcp* h = find(server);
    if (!h || h->state != State::listening || ids.size() < 2) continue;
    std::vector<uint64_t> wanted;
    for (uint64_t id : ids)
      if (ops_[id].due_at) wanted.push_back(id);
    std::sort(wanted.begin(), wanted.end(), [&](uint64_t a, uint64_t b) { return ops_[a].due_at < ops_[b].due_at; });
    const std::deque<int>& queue = backlog_[h->local_port];
    std::vector<std::pair<size_t, uint64_t>> places;  // (its connector's place in the backlog, op)
    for (uint64_t id : ids)
      if (const int64_t* result = arrived(id)) {
        const auto at = *result < 0 ? queue.end() : std::find(queue.begin(), queue.end(), tcp::peer_port(static_cast<int>(*result)));
        places.emplace_back(static_cast<size_t>(at - queue.begin()), id);
      }
    std::sort(places.begin(), places.end());
    std::vector<uint64_t> came;
    for (const auto& [place, id] : places) came.push_back(id);
    const std::vector<std::pair<uint64_t, uint64_t>> moves = loopstep::match_accepts(wanted, came);
    std::map<uint64_t, Op> before;
    for (const auto& [to, from] : moves) before.emplace(from, ops_[from]);
    for (const auto& [to, from] : moves) ops_[to] = before[from];
  }
}

std::vector<uint64_t> IocpTcp::due(const Arrived& arrived) {
  stamp_due();
  match_accepts(arrived);
  std::vector<std::pair<uint64_t, uint64_t>> by_time;  // (due_at, op)
  for (const auto& [id, op] : ops_)
    if (op.due_at) by_time.emplace_back(op.due_at, id);
  std::sort(by_time.begin(), by_time.end());
  std::vector<uint64_t> out;
  for (const auto& [at, id] : by_time) out.push_back(id);
  return out;
}

// ---- the pending pass: one packet each ---------------------------------------------------------

void IocpTcp::completed(ThreadCtx& loop, const IoPacket& p) {
  env_.before_packet(loop);
  auto it = ops_.find(p.op);
  if (it == ops_.end()) return;
  const Op op = it->second;
  ops_.erase(it);
  Tcp* h = find(op.handle);
  if (!h) return;
  --h->ops_pending;
  static constexpr const char* kProcess[] = {"uv__process_tcp_accept_req", "uv__process_tcp_read_req", "uv__process_tcp_write_req",
                                             "uv__process_tcp_connect_req"};
  Hooks& hk = *env_.hooks;
  // An operation of a closed handle was aborted, whatever io_uring says (a shut listener's
  // accept may fail with EINVAL before its cancel lands).
  const int64_t result = h->state == State::closing && p.result < 0 ? -ECANCELED : p.result;
  hk.emit(loop, Kind::uv_call, Layer::libuv, hk.name(kProcess[static_cast<int>(op.type)]), p.req, result, p.take_cause);
  if (h->state == State::closing) {
    // An aborted operation of a closed handle: its accepted socket, if it raced the abort, goes too.
    if (op.type == IoOp::Type::accept && p.result >= 0) tcp::close(static_cast<int>(p.result));
    if (h->ops_pending == 0) endgame(loop, *h);
    return;
  }
  switch (op.type) {
    case IoOp::Type::accept: process_accept(loop, *h, p.result); break;
    case IoOp::Type::recv_zero: process_read(loop, *h, p.result); break;
    case IoOp::Type::send: process_write(loop, *h, p.result); break;
    case IoOp::Type::connect: connected(loop, *h, p.result); break;
  }
  stamp_due();
}

void IocpTcp::accepting(ThreadCtx& loop, Tcp& server, Tcp& client) {
  // libuv's uv__tcp_accept: the accepted socket joins the port, and the server's next AcceptEx
  // is posted before node's JS sees the connection (so it completes before the new socket's
  // first zero-byte read when another connector already waits).
  associate(loop, client);
  if (server.state == State::listening && ops_of(server.id, IoOp::Type::accept) < accepts()) queue_accept(loop, server);
}

void IocpTcp::process_accept(ThreadCtx& loop, Tcp& h, int64_t result) {
  const int peer = result >= 0 ? tcp::peer_port(static_cast<int>(result)) : 0;
  const uint32_t server = h.id;
  if (!accepted(loop, h, result, peer)) return;
  // A failed accept posts the next AcceptEx here (uv__process_tcp_accept_req); a good one did in uv_accept.
  if (Tcp* s = find(server); s && s->state == State::listening && ops_of(server, IoOp::Type::accept) < accepts()) queue_accept(loop, *s);
}

void IocpTcp::process_read(ThreadCtx& loop, Tcp& h, int64_t result) {
  // The zero-byte read's packet says "readable": the real reads follow, without blocking, and
  // their result (data, EOF, ECONNRESET) is what the callback gets. Then the next zero-byte read.
  // A packet that failed (the peer reset: the kernel says so once, to this operation) is the
  // callback's error itself, as in uv__process_tcp_read_req.
  const uint32_t id = h.id;
  if (h.reading && result < 0) read_stopped(loop, h, result);
  else if (h.reading) stream_read(loop, h);
  if (Tcp* still = find(id)) queue_read(loop, *still);
}

void IocpTcp::process_write(ThreadCtx& loop, Tcp& h, int64_t result) {
  if (h.writes.empty()) return;
  WriteReq& w = h.writes.front();
  std::vector<WriteReq> done;
  if (result < 0) {
    w.error = result;
    queued_bytes_ -= static_cast<int64_t>(w.data.size() - w.off);
    w.off = w.data.size();
  } else {
    w.off += static_cast<size_t>(result);
    queued_bytes_ -= result;
  }
  if (w.off >= w.data.size()) {
    done.push_back(std::move(w));
    h.writes.pop_front();
  }
  update_active(loop, h);
  const uint32_t id = h.id;
  write_callbacks(loop, h, done);
  Tcp* still = find(id);
  if (!still || still->state != State::open) return;
  queue_write(loop, *still);
  if (still->writes.empty()) drain(loop, *still);
}

}  // namespace loopstep
