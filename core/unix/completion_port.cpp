// CompletionPort: a FIFO of packets counted by an eventfd semaphore.
#include "core/unix/completion_port.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace loopstep {

CompletionPort::CompletionPort() : semaphore_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK | EFD_SEMAPHORE)) {
  if (semaphore_fd_ < 0) throw std::runtime_error(std::string("cannot create the completion port: ") + std::strerror(errno));
}

CompletionPort::~CompletionPort() { ::close(semaphore_fd_); }

void CompletionPort::post(const CompletionPacket& p) {
  {
    std::lock_guard lock(mutex_);
    packets_.push_back(p);
  }
  uint64_t one = 1;
  [[maybe_unused]] ssize_t n = ::write(semaphore_fd_, &one, sizeof one);
}

size_t CompletionPort::get(std::span<CompletionPacket> out, int timeout_ms, int io_fd, bool* io) {
  size_t taken = 0;
  for (;;) {
    // One count per packet: each successful read entitles this waiter to one front packet,
    // so a batch reads once per packet it takes and stops at the first read that finds none.
    uint64_t v;
    while (taken < out.size() && ::read(semaphore_fd_, &v, sizeof v) == sizeof v) {
      std::lock_guard lock(mutex_);
      out[taken++] = packets_.front();
      packets_.pop_front();
    }
    if (taken > 0) return taken;
    struct pollfd pfd[2] = {{semaphore_fd_, POLLIN, 0}, {io_fd, POLLIN, 0}};
    int r = ::poll(pfd, io_fd >= 0 ? 2 : 1, timeout_ms);
    if (r == 0) return 0;
    if (r > 0 && io_fd >= 0 && (pfd[1].revents & POLLIN) && !(pfd[0].revents & POLLIN)) {
      *io = true;
      return 0;
    }
    if (r < 0 && errno != EINTR) return 0;
  }
}

}  // namespace loopstep
