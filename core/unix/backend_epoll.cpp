// EpollBackend: epoll_wait + eventfd, with libuv's coalescing of wake-ups.
#include "core/unix/backend_epoll.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace loopstep {

EpollBackend::EpollBackend(Hooks& hooks) : hooks_(hooks) {
  fn_epoll_create_ = hooks.name("epoll_create1");
  fn_eventfd_ = hooks.name("eventfd");
  fn_append_ = hooks.name("worker: append to loop->wq");
  fn_async_send_ = hooks.name("uv_async_send");
  fn_epoll_wait_ = hooks.name("epoll_wait");
  fn_async_io_ = hooks.name("uv__async_io");
  fn_work_done_ = hooks.name("uv__work_done");
}

EpollBackend::~EpollBackend() {
  for (int fd : {epoll_fd_, wakeup_fd_, kick_fd_.load()})
    if (fd >= 0) ::close(fd);
}

void EpollBackend::create(ThreadCtx& loop) {
  hooks_.gate().emit_take(loop, Hooks::event(Kind::port_create, Layer::kernel, fn_epoll_create_), [&](Event& e) {
    epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
    e.value = epoll_fd_;
  });
  hooks_.gate().emit_take(loop, Hooks::event(Kind::port_create, Layer::kernel, fn_eventfd_), [&](Event& e) {
    wakeup_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    kick_fd_.store(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    e.value = wakeup_fd_;
  });
  if (epoll_fd_ < 0 || wakeup_fd_ < 0 || kick_fd_ < 0)
    throw std::runtime_error(std::string("cannot create epoll/eventfd: ") + std::strerror(errno));
  struct epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = wakeup_fd_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wakeup_fd_, &ev);
  ev.data.fd = kick_fd_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, kick_fd_.load(), &ev);
}

void EpollBackend::post_completion(ThreadCtx& worker, Req& req) {
  // libuv's worker(): append under loop->wq_mutex, then uv_async_send.
  uint64_t post = hooks_.emit(worker, Kind::completion_post, Layer::libuv, fn_append_, req.id, 0, req.work_cause);
  req.post_cause = cause_id(post);
  const uint32_t id = req.id;  // once on the done-list the loop may free the request
  {
    std::lock_guard lock(done_mutex_);
    done_.push_back(&req);
  }
  // Only the sender that flips the pending flag writes the eventfd; later completions ride on it.
  bool write_it = false;
  uint64_t send = hooks_.gate().emit_take(worker, Hooks::event(Kind::wakeup_send, Layer::kernel, fn_async_send_, id), [&](Event& e) {
    write_it = !wakeup_pending_.exchange(true);
    e.value = write_it ? 1 : 0;
  });
  if (write_it) {
    last_wakeup_cause_.store(cause_id(send), std::memory_order_relaxed);
    hooks_.gate().kernel_post();
    uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wakeup_fd_, &one, sizeof one);
  }
}

bool EpollBackend::wait(ThreadCtx& loop, int64_t timeout_ms) {
  StepGate& gate = hooks_.gate();
  hooks_.emit(loop, Kind::wait_begin, Layer::kernel, fn_epoll_wait_, 0, timeout_ms);
  gate.kernel_wait_begin(loop.id, timeout_ms < 0 ? -1 : timeout_ms * 1'000'000);
  // In Step mode time is virtual: a timed wait blocks until the gate kicks it.
  int real_timeout = (gate.mode() == Mode::step && timeout_ms > 0) ? -1 : static_cast<int>(timeout_ms);
  struct epoll_event evs[4];
  int n;
  do n = ::epoll_wait(epoll_fd_, evs, 4, real_timeout);
  while (n < 0 && errno == EINTR);
  gate.kernel_wait_end(loop.id);
  bool wakeup = false;
  for (int i = 0; i < n; ++i) {
    if (evs[i].data.fd == kick_fd_) {
      uint64_t v;
      [[maybe_unused]] ssize_t r = ::read(kick_fd_, &v, sizeof v);
    } else if (evs[i].data.fd == wakeup_fd_) {
      wakeup = true;
    }
  }
  hooks_.emit(loop, Kind::wait_end, Layer::kernel, fn_epoll_wait_, 0, wakeup ? 1 : 0,
              wakeup ? last_wakeup_cause_.load(std::memory_order_relaxed) : 0);
  return wakeup;
}

void EpollBackend::poll(ThreadCtx& loop, int64_t timeout_ms, const std::function<void(Req&)>& deliver) {
  if (!wait(loop, timeout_ms)) return;
  StepGate& gate = hooks_.gate();
  std::vector<Req*> taken;
  // uv__async_io: drain the eventfd, clear the pending flag, then uv__work_done takes the
  // whole done-list. Clearing the flag before taking the list is what prevents a lost wake-up.
  gate.emit_take(loop, Hooks::event(Kind::wakeup_recv, Layer::libuv, fn_async_io_), [&](Event& e) {
    drain_eventfd();
    wakeup_pending_.store(false);
    e.value = take_done_list(taken);
  });
  run_taken(loop, taken, deliver);
}

void EpollBackend::drain_eventfd() {
  uint64_t count = 0;
  [[maybe_unused]] ssize_t r = ::read(wakeup_fd_, &count, sizeof count);
  hooks_.gate().kernel_consume(-1);
}

int64_t EpollBackend::take_done_list(std::vector<Req*>& taken) {
  std::lock_guard lock(done_mutex_);
  taken.swap(done_);
  return static_cast<int64_t>(taken.size());
}

void EpollBackend::run_taken(ThreadCtx& loop, const std::vector<Req*>& taken, const std::function<void(Req&)>& deliver) {
  for (size_t i = 0; i < taken.size(); ++i) {
    Req& r = *taken[i];
    r.take_cause = cause_id(hooks_.emit(loop, Kind::completion_take, Layer::libuv, fn_work_done_, r.id,
                                        static_cast<int64_t>(taken.size() - i - 1), r.post_cause));
    deliver(r);
  }
}

void EpollBackend::kick() {
  uint64_t one = 1;
  int fd = kick_fd_.load();
  if (fd >= 0) [[maybe_unused]] ssize_t n = ::write(fd, &one, sizeof one);
}

}  // namespace loopstep
