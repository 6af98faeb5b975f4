// Sections 2, 3 and 5: hook cost, recording size and state_at, step latency (the GUI
// figures 4 and 6 are in frame_time.cpp and startup.cpp).
#include <algorithm>
#include <cstdio>
#include <string>

#include "core/record/event.h"
#include "tests/bench/hook_cost.h"
#include "tests/bench/recording_size.h"
#include "tests/bench/sections.h"
#include "tests/bench/step_latency.h"

namespace loopstep::bench {

namespace {

std::string fixed(double x, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

}  // namespace

void hook_section(Results& out) {
  uint64_t lost = 0, waits = 0;
  std::vector<double> waits_per_run;
  double worst = 0;
  for (int producers : {1, 4}) {
    // The same total per run, so the consumer's fold and the recording grow alike.
    const size_t per = scaled(4'000'000, 40'000) / static_cast<size_t>(producers);
    std::string p = std::to_string(producers) + (producers == 1 ? " producer" : " producers");
    for (bool bursts : {true, false}) {
      std::vector<double> cpu, wall;
      for (int rep = 0; rep < kReps; ++rep) {
        HookRun r = hook_cost_run(producers, per, bursts);
        cpu.push_back(r.cpu_ns_per_event);
        wall.push_back(r.wall_ns_per_event);
        lost += r.lost;
        if (!bursts) {
          waits += r.producer_waits;
          waits_per_run.push_back(static_cast<double>(r.producer_waits));
        }
      }
      Summary c = summarize(cpu);
      if (bursts) {
        worst = std::max(worst, c.median);
        out.add({"hook cost, " + p, c, "ns/event", "<= 15", c.median <= 15,
                 "emit's CPU time, bursts of " + std::to_string(kBurst) + " the consumer keeps up with; " +
                     std::to_string(per) + " events each"});
      } else {
        out.add({"hook cost flat out, " + p, c, "ns/event", "report", std::nullopt,
                 "rings fill: includes waiting for the consumer; wall " + fixed(summarize(wall).median, 1) +
                     " ns/event"});
      }
    }
  }
  // What the engine pays for the stages of a call: one emit_burst per kStages events.
  for (int producers : {1, 4}) {
    const size_t per = scaled(4'000'000, 40'000) / static_cast<size_t>(producers);
    std::vector<double> cpu;
    for (int rep = 0; rep < kReps; ++rep) {
      HookRun r = hook_cost_run(producers, per, /*bursts=*/true, kStages);
      cpu.push_back(r.cpu_ns_per_event);
      lost += r.lost;
    }
    out.add({"hook cost, stage bursts of " + std::to_string(kStages) + ", " + std::to_string(producers) +
                 (producers == 1 ? " producer" : " producers"),
             summarize(cpu), "ns/event", "report", std::nullopt,
             "StepGate::emit_burst, as the engine records a call's named stages; " + std::to_string(per) + " events each"});
  }
  out.add({"events lost (hook runs)", Summary{static_cast<double>(lost), static_cast<double>(lost), static_cast<double>(lost), 1},
           "", "0", lost == 0, "stamped - drained, summed over all runs"});
  out.add({"producer waits per flat-out run", summarize(waits_per_run), "", "report", std::nullopt,
           "ring full (4096 events); total " + std::to_string(waits)});
  out.set("hook_ns_per_event", worst);
  out.set("events_lost", static_cast<double>(lost));
  out.set("producer_waits", static_cast<double>(waits));
}

void recording_section(Results& out) {
  const size_t events = scaled(10'000'000, 100'000);
  std::vector<double> rss, heap, own, state_ms;
  size_t snapshots = 0;
  for (int rep = 0; rep < kReps; ++rep) {
    RecordingSizeRun r = recording_size_run(events, 200, 1234u + static_cast<unsigned>(rep));
    rss.push_back(r.rss_bytes_per_event);
    heap.push_back(r.heap_bytes_per_event);
    own.push_back(r.own_bytes_per_event);
    snapshots = r.snapshots;
    state_ms.insert(state_ms.end(), r.state_at_ms.begin(), r.state_at_ms.end());
  }
  Summary s = summarize(rss);
  out.add({"recording size, " + std::to_string(events) + " events", s, "bytes/event", "<= 32", s.median <= 32,
           "RSS delta, folded; heap allocated " + fixed(summarize(heap).median, 1) +
               " B/event; Recording::memory_bytes " + fixed(summarize(own).median, 1) + " B/event; " +
               std::to_string(snapshots) + " snapshots"});
  Summary st = summarize(state_ms);
  out.add({"state_at(random i)", st, "ms", "<= 1", st.median <= 1,
           std::to_string(st.samples) + " queries in " + std::to_string(kReps) + " recordings; max " +
               (st.max <= 1 ? "also" : "NOT") + " <= 1 ms"});
  out.set("bytes_per_event", s.median);
  out.set("state_at_ms", st.median);
}

void step_section(Results& out) {
  const std::string path = std::string(LOOPSTEP_SOURCE_DIR) + "/scenarios/pool_saturation.toml";
  std::vector<double> ms;
  for (int rep = 0; rep < kReps; ++rep) {
    std::vector<double> run = step_latency_run(path);
    ms.insert(ms.end(), run.begin(), run.end());
  }
  Summary s = summarize(ms);
  out.add({"step latency, pool_saturation.toml", s, "ms", "<= 1", s.median <= 1,
           std::to_string(s.samples) + " steps over " + std::to_string(kReps) + " runs, Step mode"});
  out.set("step_latency_ms", s.median);
}

}  // namespace loopstep::bench
