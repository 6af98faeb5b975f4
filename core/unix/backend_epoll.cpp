// EpollBackend: epoll_wait + eventfd, with libuv's coalescing of wake-ups.
#include "core/unix/backend_epoll.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>

#include "core/engine/threads.h"

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

int EpollBackend::ctl(int fd, uint32_t old_events, uint32_t events) {
  struct epoll_event ev{};
  ev.events = events;
  ev.data.fd = fd;
  int op = old_events == 0 ? EPOLL_CTL_ADD : events == 0 ? EPOLL_CTL_DEL : EPOLL_CTL_MOD;
  return ::epoll_ctl(epoll_fd_, op, fd, &ev) == 0 ? 0 : -errno;
}

int EpollBackend::wait_for_due(const std::vector<IoReady>& due, bool* wakeup) {
  // Step mode with readiness due: the loop's own calls made it due (a write into the peer's
  // end on loopback), so it will show; the kernel only decides when. Wait until every due fd
  // shows (each try takes whatever else is ready too: the eventfd's state is fixed while the
  // other threads are parked), then the wait returns exactly the due set.
  std::vector<uint32_t> seen(due.size(), 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  for (int timeout = 0;; timeout = 1) {
    struct epoll_event evs[64];
    int n = ::epoll_wait(epoll_fd_, evs, 64, timeout);
    if (n < 0 && errno != EINTR) return -errno;
    for (int i = 0; i < n; ++i) {
      int fd = evs[i].data.fd;
      if (fd == kick_fd_) {
        uint64_t v;
        [[maybe_unused]] ssize_t r = ::read(kick_fd_, &v, sizeof v);
        if (hooks_.gate().aborted()) throw Aborted{};
      } else if (fd == wakeup_fd_) {
        *wakeup = true;
      } else {
        for (size_t k = 0; k < due.size(); ++k)
          if (due[k].fd == fd) seen[k] |= evs[i].events;
      }
    }
    bool all = true;
    for (size_t k = 0; k < due.size(); ++k) all = all && (seen[k] & (due[k].events | err | hup));
    if (all) return static_cast<int>(due.size());
    if (std::chrono::steady_clock::now() > deadline)
      throw RunStopped("a socket the loop made ready did not show ready in epoll_wait within 5 s; the run stops");
  }
}

void EpollBackend::poll(ThreadCtx& loop, int64_t timeout_ms, const std::function<void(Req&)>& deliver) {
  StepGate& gate = hooks_.gate();
  const bool step = gate.mode() == Mode::step;
  // uv__io_poll: first the watcher queue (epoll_ctl for each socket whose interest changed).
  std::vector<IoReady> due;
  if (watchers_) {
    watchers_->flush(loop);
    if (step) due = watchers_->due();
  }
  if (!due.empty()) timeout_ms = 0;  // the wait returns at once: it has readiness to report
  hooks_.emit(loop, Kind::wait_begin, Layer::kernel, fn_epoll_wait_, 0, timeout_ms);
  gate.kernel_wait_begin(loop.id, timeout_ms < 0 ? -1 : timeout_ms * 1'000'000);
  // In Step mode time is virtual: a timed wait blocks until the gate kicks it.
  int real_timeout = (step && timeout_ms > 0) ? -1 : static_cast<int>(timeout_ms);
  std::vector<IoReady> ready;
  bool wakeup = false;
  if (!due.empty()) {
    wait_for_due(due, &wakeup);
    ready = due;
  } else {
    for (;;) {
      struct epoll_event evs[64];
      int n;
      do n = ::epoll_wait(epoll_fd_, evs, 64, real_timeout);
      while (n < 0 && errno == EINTR);
      bool woken = false;
      for (int i = 0; i < n; ++i) {
        if (evs[i].data.fd == kick_fd_) {
          uint64_t v;
          [[maybe_unused]] ssize_t r = ::read(kick_fd_, &v, sizeof v);
          woken = true;
        } else if (evs[i].data.fd == wakeup_fd_) {
          wakeup = woken = true;
        } else if (!step) {
          ready.push_back({evs[i].data.fd, evs[i].events});
        }
      }
      // Step mode: a socket the loop's own calls did not make due is not reported (the
      // kernel's late echo of something already taken); the wait goes on, as if not ready.
      if (step && n > 0 && !woken) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        continue;
      }
      break;
    }
  }
  gate.kernel_wait_end(loop.id);
  hooks_.emit(loop, Kind::wait_end, Layer::kernel, fn_epoll_wait_, 0, (wakeup ? 1 : 0) + static_cast<int64_t>(ready.size()),
              wakeup ? last_wakeup_cause_.load(std::memory_order_relaxed) : 0);
  if (wakeup) take_done(loop, deliver);
  // uv__io_poll then calls each ready watcher's callback (uv__server_io, uv__stream_io).
  if (!ready.empty()) watchers_->ready(loop, ready);
}

void EpollBackend::take_done(ThreadCtx& loop, const std::function<void(Req&)>& deliver) {
  std::vector<Req*> taken;
  // uv__async_io: drain the eventfd, clear the pending flag, then uv__work_done takes the
  // whole done-list. Clearing the flag before taking the list is what prevents a lost wake-up.
  hooks_.gate().emit_take(loop, Hooks::event(Kind::wakeup_recv, Layer::libuv, fn_async_io_), [&](Event& e) {
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
