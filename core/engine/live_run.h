// A live run the app steps: the engine in this process (Session) or in a child process that
// speaks the engine protocol (EngineProcess, e.g. the native IOCP engine under Wine). The
// app, the screenshot command and the CLI hold one of these and never ask which.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/gate/gate.h"
#include "core/record/recording.h"
#include "core/scenario/scenario.h"

namespace loopstep {

// A breakpoint: stop stepping when an event matches every field that is set.
struct Breakpoint {
  std::optional<Kind> kind;
  std::optional<uint16_t> thread;
  std::optional<uint32_t> req;
  std::optional<int64_t> req_count;
  // JS lessons: the program's line the event belongs to (event_src, in info.source_name).
  std::optional<uint32_t> line;
  bool any() const { return kind || thread || req || req_count || line; }
  bool matches(const Event& e, const LoopState& after, const RunInfo& info) const;
};

// Where a run to a breakpoint is after a slice.
enum class RunTo : uint8_t { running, matched, ended, paused };

class LiveRun {
 public:
  using Clock = std::chrono::steady_clock;
  virtual ~LiveRun() = default;

  // Throws std::runtime_error when the engine cannot start (sandbox, engine process).
  virtual void start() = 0;
  // Step mode: release one parked thread (the policy's pick, or `thread`); returns false
  // when the run has finished. Each step adds exactly one event.
  virtual bool step() = 0;
  virtual bool step_thread(uint16_t thread) = 0;
  virtual std::vector<Candidate> candidates() = 0;
  virtual uint16_t policy_choice() = 0;

  // To the end: free-running in Run mode, every step in Step mode.
  virtual void run_to_end() = 0;
  // A run to a breakpoint in slices, so that a window stays responsive: begin, then
  // continue once a frame until it is no longer running; pause ends it early.
  virtual void run_to_begin(const Breakpoint& bp) = 0;
  virtual RunTo run_to_continue(Clock::time_point until) = 0;
  virtual void run_to_pause() = 0;

  virtual bool finished() const = 0;
  // Why the run ended early: a limit, an engine failure, an engine process that died.
  virtual const std::string& stop_reason() const = 0;
  // The engine process died: the recording keeps every event it sent, then a `limit` event.
  virtual bool crashed() const { return false; }
  virtual const Scenario& scenario() const = 0;
  virtual const Recording& recording() const = 0;
};

}  // namespace loopstep
