// Starting engine threads: registered with the gate by the spawner (so the gate counts
// the new thread runnable before it runs), given a ring, and retired as their last act.
#pragma once
#include <functional>
#include <latch>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include "core/gate/gate.h"
#include "core/record/recorder.h"
#include "core/engine/start_latch.h"

namespace loopstep {

// Thrown on an engine thread to end the run with this message as its stop reason (a limit
// the program passed, node gone), never wrapped as "engine thread N failed".
struct RunStopped : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class ThreadFactory {
 public:
  ThreadFactory(StepGate& gate, Recorder& recorder) : gate_(gate), recorder_(recorder) {}

  // A thread that exists but waits to run its body until go(): the spawner stamps its
  // thread_spawn event in between, so nothing the new thread records can come first.
  struct Started {
    std::thread thread;
    std::shared_ptr<StartLatch> held;
    void go() { held->count_down(); }
  };
  // Throws std::system_error when the OS refuses a thread (the gate slot is retired first).
  Started start(std::function<void(ThreadCtx&)> body);
  // Fault injection: every spawn after the first `n` fails as pthread_create would (EAGAIN).
  void fail_spawns_after(int n) { fail_after_ = n; }
  // A thread that failed with an exception other than Aborted: the run stops with this message.
  std::string failure() const;

 private:
  void fail(std::string message);
  StepGate& gate_;
  Recorder& recorder_;
  mutable std::mutex mutex_;
  std::string failure_;
  int fail_after_ = -1;
  int spawned_ = 0;  // only the loop thread spawns, after the first
};

}  // namespace loopstep
