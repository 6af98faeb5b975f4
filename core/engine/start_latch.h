// The latch a new engine thread waits on until its spawner has stamped thread_spawn
// (core/engine/threads.h). std::latch on Linux; a mutex and condition variable on Windows, where
// GCC 12's libstdc++ builds std::latch on its futex-less atomic wait, which can lose the
// wake-up (GCC PR 106183): under Wine a spawned thread then waited forever in held->wait().
#pragma once
#include <latch>

#ifdef _WIN32
#include <condition_variable>
#include <cstddef>
#include <mutex>
#endif

namespace loopstep {

#ifdef _WIN32
class StartLatch {
 public:
  explicit StartLatch(std::ptrdiff_t count) : count_(count) {}
  void count_down() {
    std::lock_guard lock(mutex_);
    if (--count_ == 0) cv_.notify_all();
  }
  void wait() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return count_ <= 0; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::ptrdiff_t count_;
};
#else
using StartLatch = std::latch;
#endif

}  // namespace loopstep
