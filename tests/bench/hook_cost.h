// Hook cost: StepGate::emit in Run mode with a Recorder, P producing threads and one
// consumer draining into a Recording, as the engine's threads and Session do.
#pragma once
#include <cstddef>
#include <cstdint>

namespace loopstep::bench {

struct HookRun {
  double cpu_ns_per_event = 0;   // median over producers of thread CPU time in emit / events emitted
  double wall_ns_per_event = 0;  // whole run wall time / all events (aggregate throughput)
  uint64_t lost = 0;             // stamped by the recorder but never drained into the recording
  uint64_t producer_waits = 0;   // ring full: the producer waited for the consumer
};

// bursts = false: emit flat out, so rings fill and producers wait on the consumer (the
// figure then includes those waits). bursts = true: emit kBurst events, then wait untimed
// until the consumer has drained them, so the figure is the hook's own cost.
// stages > 1: the events go through StepGate::emit_burst, `stages` at a time, as the
// engine records the named stages of a call (kStages: fs.stat's js -> binding -> libuv).
inline constexpr size_t kBurst = 1024;  // a quarter of a ring: never full
inline constexpr size_t kStages = 9;
HookRun hook_cost_run(int producers, size_t events_per_producer, bool bursts, size_t stages = 1);

}  // namespace loopstep::bench
