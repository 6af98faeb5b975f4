// The bug hunt's explorer (`loopstep hunt`, README "Bug hunt"): it searches the step gate's
// choices for an interleaving that breaks an invariant of core/record/invariants.h. Random
// seeds first; from the first failing run, a bounded shrink: a search of the runs that depart
// from the default policy (lrr) at a single step, else the seed's run rewritten as its
// departures from the default policy with each one that is not needed to break the
// invariant dropped, so what is left is short and every pick in it matters.
#pragma once
#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "core/engine/session.h"
#include "core/record/invariants.h"
#include "core/scenario/scenario.h"

namespace loopstep {

struct HuntOptions {
  int seeds = 200;             // random:0 .. random:seeds-1, each one run
  size_t max_steps = 5000;     // per run: a run that is still going there is stopped (no bug found in it)
  int max_shrink_runs = 400;   // runs the shrink may make after a seed broke an invariant
  std::chrono::milliseconds max_time{std::chrono::seconds(120)};  // the whole hunt, seeds and shrink
};

// One step of a failing interleaving: the lane released and what it did.
struct HuntStep {
  uint16_t thread = 0;
  uint16_t default_thread = 0;  // what the default policy would have released
  bool departs() const { return thread != default_thread; }
};

struct HuntResult {
  bool found = false;
  bool out_of_time = false;     // max_time ran out before the seeds and the shrink were done
  int seeds_run = 0;
  int seed = -1;                // the seed whose run broke an invariant first
  size_t seed_steps = 0;        // its steps up to the break
  int shrink_runs = 0;
  std::chrono::milliseconds elapsed{0};
  Invariant which = Invariant::none;
  std::string report;           // the invariant event's text
  std::vector<HuntStep> steps;  // the shortest failing interleaving found: one per step up to the break
  std::unique_ptr<Session> run; // its run: the recording ends with the invariant event
};

// Throws std::runtime_error when a run cannot start (sandbox, node).
HuntResult hunt(const Scenario& sc, const HuntOptions& o, SessionOptions base = {});

// The lanes of `r.steps` as numbered steps ("step 12: T2 (worker 2) ... <- picked; lrr: T0"), with each step's narration.
void write_hunt(std::ostream& out, const HuntResult& r);

}  // namespace loopstep
