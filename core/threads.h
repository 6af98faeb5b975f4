// Starting engine threads: registered with the gate by the spawner (so the gate counts
// the new thread runnable before it runs), given a ring, and retired as their last act.
#pragma once
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "core/gate.h"
#include "core/recorder.h"

namespace loopstep {

class ThreadFactory {
 public:
  ThreadFactory(StepGate& gate, Recorder& recorder) : gate_(gate), recorder_(recorder) {}

  // Throws std::system_error when the OS refuses a thread (the gate slot is retired first).
  std::thread start(std::function<void(ThreadCtx&)> body);
  // A thread that failed with an exception other than Aborted: the run stops with this message.
  std::string failure() const;

 private:
  void fail(std::string message);
  StepGate& gate_;
  Recorder& recorder_;
  mutable std::mutex mutex_;
  std::string failure_;
};

}  // namespace loopstep
