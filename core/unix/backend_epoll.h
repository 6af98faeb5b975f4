// The Linux backend, real: the loop waits in epoll_wait on its epoll fd; a worker that
// finished appends its request to the loop's done-list and wakes the loop by writing
// the loop's eventfd (uv_async_send). Wake-ups coalesce while one is pending, as in libuv.
#pragma once
#include <atomic>
#include <mutex>
#include <vector>

#include "core/engine/engine_parts.h"

namespace loopstep {

class EpollBackend : public Backend, public IoPoller {
 public:
  explicit EpollBackend(Hooks& hooks);
  ~EpollBackend() override;
  void create(ThreadCtx& loop) override;
  void post_completion(ThreadCtx& worker, Req& req) override;
  void poll(ThreadCtx& loop, int64_t timeout_ms, const std::function<void(Req&)>& deliver) override;
  void kick() override;
  bool completions_run_in_pending_phase() const override { return false; }
  std::string_view spawn_fn() const override { return "pthread_create"; }
  IoPoller* io_poller() override { return this; }
  // IoPoller: the sockets' fds in the same epoll set as the eventfd (uv__io_start).
  void set_watchers(IoWatchers* w) override { watchers_ = w; }
  int ctl(int fd, uint32_t old_events, uint32_t events) override;

 protected:
  // After a wait the eventfd ended: uv__async_io (drain the eventfd, clear the pending flag,
  // take the done-list) then uv__work_done running what was taken. The planted lost wake-up
  // (planted_backends.cpp) overrides it to take the list before clearing the flag.
  virtual void take_done(ThreadCtx& loop, const std::function<void(Req&)>& deliver);
  void drain_eventfd();                              // read the eventfd; the gate's posts are consumed
  int64_t take_done_list(std::vector<Req*>& taken);  // swap loop->wq out under its mutex; how many
  void run_taken(ThreadCtx& loop, const std::vector<Req*>& taken, const std::function<void(Req&)>& deliver);

 private:
  // Waits for the sockets' readiness Step mode made due, as the kernel shows it (ready, wakeup, kicked).
  int wait_for_due(const std::vector<IoReady>& due, bool* wakeup);

 protected:
  Hooks& hooks_;
  IoWatchers* watchers_ = nullptr;
  int epoll_fd_ = -1;
  int wakeup_fd_ = -1;  // loop->async_io_watcher's eventfd
  std::atomic<int> kick_fd_{-1};  // loopstep's own: abort and virtual timeouts, never a completion
  std::mutex done_mutex_;  // loop->wq_mutex
  std::vector<Req*> done_;  // loop->wq: finished work waiting for uv__work_done
  std::atomic<bool> wakeup_pending_{false};  // the async handle's pending flag
  std::atomic<uint64_t> last_wakeup_cause_{0};
  uint32_t fn_epoll_create_, fn_eventfd_, fn_append_, fn_async_send_, fn_epoll_wait_, fn_async_io_, fn_work_done_;
};

}  // namespace loopstep
