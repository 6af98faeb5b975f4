// A session: one run of a scenario — engine, gate, recorder and the recording — driven
// in Run mode (to the end) or Step mode (one event per step). What the CLI, the tests and
// the app hold.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/gate.h"
#include "core/recorder.h"
#include "core/recording.h"
#include "core/scenario.h"

namespace loopstep {

struct SessionOptions {
  Mode mode = Mode::run;
  std::optional<ReleasePolicy> policy;  // overrides the scenario's `policy` (default lrr)
  std::optional<BackendKind> backend;   // overrides the scenario's
  std::optional<WorkerModel> workers;
  std::optional<int> pool_size;
  // Fault injection: every thread spawn after the first N fails as pthread_create would.
  std::optional<int> fail_thread_spawns_after;
  // Off: the engine runs with its hooks but keeps no events (benchmarks only; Run mode).
  bool record = true;
};

ReleasePolicy effective_policy(const Scenario& sc, const SessionOptions& o);

// A breakpoint: stop stepping when an event matches every field that is set.
struct Breakpoint {
  std::optional<Kind> kind;
  std::optional<uint16_t> thread;
  std::optional<uint32_t> req;
  std::optional<int64_t> req_count;
  bool matches(const Event& e, const LoopState& after) const;
};

class Session {
 public:
  Session(Scenario scenario, SessionOptions options);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start();  // throws std::runtime_error when the engine cannot start (sandbox)

  // Run mode: runs to the end (or a limit), draining into the recording.
  void run_to_end();
  // Step mode: release one parked thread (the policy's pick, or `thread`); returns false
  // when the engine has finished. Each step adds exactly one event.
  bool step();
  bool step_thread(uint16_t thread);
  // Steps until an event matches, or the end. Returns true when a breakpoint matched.
  bool run_to(const Breakpoint& bp);
  // Step mode until the end.
  void step_to_end();
  std::vector<Candidate> candidates();
  uint16_t policy_choice();

  bool finished() const { return finished_; }
  void stop();  // abort: wakes and joins every thread
  const std::string& stop_reason() const { return stop_reason_; }  // a limit or an engine failure
  const Scenario& scenario() const { return scenario_; }
  const Recording& recording() const { return recording_; }
  Recording& recording() { return recording_; }
  uint64_t producer_waits() const { return recorder_.producer_waits(); }

 private:
  bool after_release();
  void finish();
  void check_limits();

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
};

}  // namespace loopstep
