// The fs.stat storm on the loopstep engine: a Run-mode Session with recording on.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/scenario/scenario.h"

namespace loopstep::bench {

struct StormRun {
  double seconds = 0;         // Session start() .. run_to_end() returned (all events drained)
  size_t events = 0;          // in the recording
  size_t stats = 0;           // fs.stat syscalls that ended (syscall_end on a worker)
  size_t failed = 0;          // of those, with a negative result
  uint64_t producer_waits = 0;
  std::string stop_reason;    // empty when the run ended by itself
};

// Copies the scenario before the clock starts (a Session owns its scenario). With
// record = false (SessionOptions::record) the hooks still run but no event is kept, so
// `events` and `stats` stay 0.
StormRun loopstep_fsstat_storm(const Scenario& sc, bool record);

}  // namespace loopstep::bench
