// IocpEmulatedBackend: packets through the emulated completion port; the sockets' operations
// on io_uring, their completions as packets on the same port.
#include "core/unix/backend_iocp_emulated.h"

#include <array>
#include <cerrno>
#include <chrono>

#include "core/engine/threads.h"

namespace loopstep {

IocpEmulatedBackend::IocpEmulatedBackend(Hooks& hooks) : hooks_(hooks), events_(hooks) {
  fn_create_ = hooks.name("CreateIoCompletionPort");
}

void IocpEmulatedBackend::create(ThreadCtx& loop) {
  hooks_.emit(loop, Kind::port_create, Layer::kernel, fn_create_, 0, port_.handle());
}

void IocpEmulatedBackend::post_completion(ThreadCtx& worker, Req& req) {
  events_.post(worker, req);
  port_.post(CompletionPacket{0, &req, 0});
}

int IocpEmulatedBackend::submit(const IoOp& op) {
  if (!ring_) ring_ = std::make_unique<UringPort>();
  return ring_->submit(op);
}

std::string_view IocpEmulatedBackend::stands_in(const IoOp::Type* t) const {
  // Each begins with kStandInPrefix (run_info.h): the narration finds the operation's own name before it.
  if (!t) return " (IOCP semantics on io_uring: IORING_OP_ASYNC_CANCEL)";
  switch (*t) {
    case IoOp::Type::accept: return " (IOCP semantics on io_uring: IORING_OP_ACCEPT)";
    case IoOp::Type::recv_zero: return " (IOCP semantics on io_uring: IORING_OP_RECV, len 0)";
    case IoOp::Type::send: return " (IOCP semantics on io_uring: IORING_OP_SEND, MSG_WAITALL)";
    case IoOp::Type::connect: return " (IOCP semantics on io_uring: IORING_OP_CONNECT)";
  }
  return {};
}

void IocpEmulatedBackend::cancel_all() {
  if (ring_) ring_->cancel_all();
  held_.clear();
}

void IocpEmulatedBackend::post_io(ThreadCtx& loop, uint64_t op, int64_t result) {
  if (!completions_) return;
  const auto [req, cause] = completions_->packet_of(op);
  // On Windows the kernel queues this packet when the operation completes; here the loop
  // thread finds the io_uring completion and queues it on the port itself.
  events_.post_packet(loop, req, cause);
  packets_[op] = IoPacket{op, req, result, 0};
  port_.post(CompletionPacket{kSocketKey, reinterpret_cast<void*>(static_cast<uintptr_t>(op)), 0});
}

void IocpEmulatedBackend::post_due(ThreadCtx& loop) {
  // Step mode: the loop's own calls made these due, so their completions will come; the kernel
  // only decides when. Wait until each has arrived, then post exactly these, in due's order.
  const IoCompletions::Arrived arrived = [&](uint64_t op) -> const int64_t* {
    auto it = held_.find(op);
    return it == held_.end() ? nullptr : &it->second;
  };
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  std::vector<uint64_t> due;
  for (;;) {
    if (ring_) ring_->reap([&](uint64_t op, int64_t res) { held_[op] = res; });
    // What an earlier wait posted and did not take (a batch of one) is on the port already.
    due.clear();
    for (uint64_t op : completions_->due(arrived))
      if (!packets_.count(op)) due.push_back(op);
    bool all = true;
    for (uint64_t op : due) all = all && held_.count(op);
    if (all) break;
    if (hooks_.gate().aborted()) throw Aborted{};
    if (std::chrono::steady_clock::now() > until)
      throw RunStopped("a socket operation the loop made due did not complete in io_uring within 5 s; the run stops");
    ring_->wait(1);
  }
  for (uint64_t op : due) {
    post_io(loop, op, held_[op]);
    held_.erase(op);
  }
}

void IocpEmulatedBackend::post_arrived(ThreadCtx& loop) {
  if (ring_) ring_->reap([&](uint64_t op, int64_t res) { post_io(loop, op, res); });
}

void IocpEmulatedBackend::poll(ThreadCtx& loop, int64_t timeout_ms, const std::function<void(Req&)>& deliver) {
  const bool step = hooks_.gate().mode() == Mode::step;
  if (completions_) {
    completions_->flush(loop);
    if (step) post_due(loop);
    else post_arrived(loop);
  }
  int wait_ms = static_cast<int>(events_.wait_begin(loop, timeout_ms));
  std::array<CompletionPacket, kMaxPortBatch> packets;
  const auto room = std::span(packets).first(events_.batch());
  // Run mode: an io_uring completion during the wait ends it too (Step mode posts only what is due).
  bool io = false;
  size_t taken = port_.get(room, wait_ms, step || !ring_ ? -1 : ring_->fd(), &io);
  events_.wait_returned(loop);
  if (taken == 0 && io) {
    post_arrived(loop);
    taken = port_.get(room, 0);
  }
  std::array<IocpEvents::Entry, kMaxPortBatch> entries;
  for (size_t i = 0; i < taken; ++i) entries[i] = {packets[i].key, packets[i].overlapped};
  events_.wait_end(loop, std::span(entries).first(taken), kSocketKey, completions_, packets_, deliver);
}

void IocpEmulatedBackend::kick() { port_.post(CompletionPacket{IocpEvents::kKickKey, nullptr, 0}); }

}  // namespace loopstep
