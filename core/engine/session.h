// A session: one run of a scenario — engine, gate, recorder and the recording — driven
// in Run mode (to the end) or Step mode (one event per step), in this process. What the
// CLI, the tests and the app hold, and what `loopstep engine` serves (engine_protocol.h).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/engine/engine.h"
#include "core/gate/gate.h"
#include "core/engine/live_run.h"
#include "core/record/invariants.h"
#include "core/record/recorder.h"
#include "core/record/recording.h"
#include "core/scenario/scenario.h"

namespace loopstep {

struct SessionOptions {
  Mode mode = Mode::run;
  std::optional<ReleasePolicy> policy;  // overrides the scenario's `policy` (default lrr)
  std::optional<BackendKind> backend;   // overrides the scenario's
  std::optional<WorkerModel> workers;
  std::optional<int> pool_size;
  std::optional<EngineBug> engine_bug;  // overrides the scenario's `engine_bug` (none = the correct engine)
  // Fault injection: every thread spawn after the first N fails as pthread_create would.
  std::optional<int> fail_thread_spawns_after;
  // Off: the engine runs with its hooks but keeps no events (benchmarks only; Run mode).
  bool record = true;
};

ReleasePolicy effective_policy(const Scenario& sc, const SessionOptions& o);

class Session final : public LiveRun {
 public:
  Session(Scenario scenario, SessionOptions options);
  ~Session() override;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start() override;  // throws std::runtime_error when the engine cannot start (sandbox)

  // Run mode: runs to the end (or a limit), draining into the recording.
  void run_to_end() override;
  bool step() override;
  bool step_thread(uint16_t thread) override;
  // Steps until an event matches, or the end. Returns true when a breakpoint matched.
  bool run_to(const Breakpoint& bp);
  void run_to_begin(const Breakpoint& bp) override { run_to_ = bp; }
  RunTo run_to_continue(Clock::time_point until) override;
  void run_to_pause() override {}  // a slice ends by itself; nothing runs between slices
  // Step mode until the end.
  void step_to_end();
  std::vector<Candidate> candidates() override;
  uint16_t policy_choice() override;

  bool finished() const override { return finished_; }
  void stop();  // abort: wakes and joins every thread
  const std::string& stop_reason() const override { return stop_reason_; }  // a limit or an engine failure
  const Scenario& scenario() const override { return scenario_; }
  const Recording& recording() const override { return recording_; }
  Recording& recording() { return recording_; }
  uint64_t producer_waits() const { return recorder_.producer_waits(); }

 private:
  void note_candidates();  // before a release: the recording keeps the choices it had
  bool after_release(int64_t released_ns);  // released_ns: when the step let the engine go
  void finish();
  void check_limits();
  // Step mode: the invariants of core/record/invariants.h on the events drained so far; a
  // broken one stops the run with an `invariant` event. `stuck`: the gate found nothing
  // runnable with the loop in an infinite kernel wait.
  void check_invariants(bool stuck);
  int64_t run_time_ns() const;
  std::string bytes_over_limit() const;     // limits.max_bytes
  std::string run_time_over_limit() const;  // limits.max_run_ms (also while the sandbox is made)

  Scenario scenario_;
  SessionOptions options_;
  std::shared_ptr<RunInfo> info_;
  Recorder recorder_;
  StepGate gate_;
  Recording recording_;
  std::unique_ptr<Engine> engine_;
  bool started_ = false;
  bool finished_ = false;
  std::string stop_reason_;
  int64_t started_ns_ = 0;
  // Step mode: the time the engine itself ran, from each release to quiescence. A run paused
  // between steps (a teacher talking) uses none of limits.max_run_ms.
  int64_t engine_ns_ = 0;
  bool starting_ = false;  // the engine is making its sandbox (Session::start)
  Breakpoint run_to_;
  CallbackOnce callback_once_;
  size_t checked_ = 0;  // events check_invariants has seen
  struct Broken {
    Invariant which;
    uint16_t thread;
    uint32_t req;
    std::string detail;
  };
  std::optional<Broken> broken_;
};

}  // namespace loopstep
