// The Windows article's picture: a thread is created for each request; it does the work,
// posts the completion and exits. Real libuv uses its pool on Windows too; the narration
// says so. The loop joins threads that have exited, and all of them at loop exit.
#pragma once
#include <thread>
#include <vector>

#include "core/engine/engine_parts.h"
#include "core/engine/threads.h"

namespace loopstep {

class PerRequestThreads final : public Workers {
 public:
  PerRequestThreads(Hooks& hooks, ThreadFactory& threads, std::string_view spawn_fn, RunWork run_work);
  ~PerRequestThreads() override;
  int submit(ThreadCtx& loop, Req& req) override;
  void reap() override;
  void shutdown(ThreadCtx& loop) override;
  void abort() override {}

 private:
  struct Spawned {
    uint16_t id;
    std::thread thread;
  };
  Hooks& hooks_;
  ThreadFactory& threads_;
  RunWork run_work_;
  std::vector<Spawned> live_;  // loop thread only
  uint32_t fn_submit_, fn_spawn_, fn_start_, fn_exit_;
};

}  // namespace loopstep
