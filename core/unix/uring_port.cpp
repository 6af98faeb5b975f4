// UringPort: one SQE per overlapped operation, submitted at once; CQEs reaped by the loop.
#include "core/unix/uring_port.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <string>

namespace loopstep {

namespace {
constexpr uint64_t kCancelTag = uint64_t{1} << 63;  // a cancel's own completion, never a packet
}

UringPort::UringPort() {
  const int rc = ::io_uring_queue_init(256, &ring_, 0);
  if (rc < 0) throw std::runtime_error(std::string("cannot create the io_uring for the completion port's sockets: ") + std::strerror(-rc));
}

UringPort::~UringPort() {
  cancel_all();
  ::io_uring_queue_exit(&ring_);
}

io_uring_sqe* UringPort::sqe() {
  io_uring_sqe* s = ::io_uring_get_sqe(&ring_);
  if (!s) {  // the queue is full of unsubmitted entries: submit them and take a new one
    ::io_uring_submit(&ring_);
    s = ::io_uring_get_sqe(&ring_);
  }
  return s;
}

int UringPort::submit(const IoOp& op) {
  io_uring_sqe* s = sqe();
  if (!s) return -EAGAIN;
  // ConnectEx's address lives in the SQE's target until the kernel copied it at submit.
  sockaddr_in addr{};
  switch (op.type) {
    case IoOp::Type::accept: ::io_uring_prep_accept(s, op.fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC); break;
    case IoOp::Type::recv_zero: ::io_uring_prep_recv(s, op.fd, nullptr, 0, 0); break;
    case IoOp::Type::send: ::io_uring_prep_send(s, op.fd, op.data, op.size, MSG_WAITALL | MSG_NOSIGNAL); break;
    case IoOp::Type::connect:
      addr.sin_family = AF_INET;
      addr.sin_port = htons(static_cast<uint16_t>(op.port));
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      ::io_uring_prep_connect(s, op.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
      break;
  }
  ::io_uring_sqe_set_data64(s, op.id);
  const int rc = ::io_uring_submit(&ring_);  // the connect's address is copied here
  if (rc < 0) return rc;
  ++in_flight_;
  return 0;
}

int UringPort::cancel(uint64_t op) {
  io_uring_sqe* s = sqe();
  if (!s) return -EAGAIN;
  ::io_uring_prep_cancel64(s, op, 0);
  ::io_uring_sqe_set_data64(s, kCancelTag | op);
  const int rc = ::io_uring_submit(&ring_);
  return rc < 0 ? rc : 0;
}

void UringPort::cancel_all() {
  if (in_flight_ == 0) return;
  if (io_uring_sqe* s = sqe()) {
    ::io_uring_prep_cancel64(s, 0, IORING_ASYNC_CANCEL_ANY);
    ::io_uring_sqe_set_data64(s, kCancelTag);
    ::io_uring_submit(&ring_);
  }
  // Each cancelled operation still completes; a send's buffer is free only after that.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (in_flight_ > 0 && std::chrono::steady_clock::now() < until) {
    wait(10);
    reap([](uint64_t, int64_t) {});
  }
}

void UringPort::reap(const std::function<void(uint64_t, int64_t)>& each) {
  io_uring_cqe* c = nullptr;
  while (::io_uring_peek_cqe(&ring_, &c) == 0 && c) {
    const uint64_t op = ::io_uring_cqe_get_data64(c);
    const int64_t res = c->res;
    ::io_uring_cqe_seen(&ring_, c);
    if (op & kCancelTag) continue;
    --in_flight_;
    each(op, res);
  }
}

void UringPort::wait(int ms) {
  io_uring_cqe* c = nullptr;
  __kernel_timespec ts{};
  ts.tv_nsec = static_cast<long long>(ms) * 1'000'000;
  ::io_uring_wait_cqe_timeout(&ring_, &c, &ts);
}

}  // namespace loopstep
