// The explorer: seeded runs, then the shrink of the first failing one.
#include "core/hunt/explorer.h"

#include <cstdint>
#include <map>
#include <ostream>

#include "core/trace/narration.h"

namespace loopstep {
namespace {

using Clock = std::chrono::steady_clock;

// A departure from the default policy: at step `at`, lane `thread` released, about to do
// `kind` / `fn`. A script replays its departures either at their steps (by_step), or in
// order, each as soon as its lane is parked about to do the same thing (anchored): dropping
// an early departure then leaves the later ones meaning what they meant.
struct Departure {
  size_t at;
  uint16_t thread;
  Kind kind;
  uint32_t fn;
};
using Script = std::vector<Departure>;
enum class Replay : uint8_t { by_step, anchored };

struct Outcome {
  std::unique_ptr<Session> run;
  std::vector<HuntStep> steps;
  Script departures;  // where this run departed from the default policy
  std::vector<std::vector<Departure>> others;  // per step: the parked lanes the policy did not pick
  bool broke() const { return run && run->recording().tail_state().invariant != 0; }
  Invariant which() const { return run ? static_cast<Invariant>(run->recording().tail_state().invariant) : Invariant::none; }
};

// One Step-mode run: its policy picks, except where the script departs (when that lane is
// parked); stops at max_steps. Records each step's lane and the policy's own pick.
Outcome run_once(const Scenario& sc, SessionOptions o, const Script& script, Replay how, size_t max_steps) {
  o.mode = Mode::step;
  Outcome out{std::make_unique<Session>(sc, o), {}, {}, {}};
  Session& s = *out.run;
  s.start();
  size_t next = 0;  // the script's next departure
  while (!s.finished() && out.steps.size() < max_steps) {
    const size_t step = out.steps.size();
    const uint16_t dflt = s.policy_choice();
    const std::vector<Candidate> cands = s.candidates();
    uint16_t pick = dflt;
    if (how == Replay::by_step) {
      while (next < script.size() && script[next].at < step) ++next;
      if (next < script.size() && script[next].at == step)
        for (const Candidate& c : cands)
          if (c.thread == script[next].thread) pick = c.thread;
    } else if (next < script.size()) {
      const Departure& d = script[next];
      for (const Candidate& c : cands)
        if (c.thread == d.thread && c.pending.kind == d.kind && c.pending.fn == d.fn) {
          pick = c.thread;
          ++next;
        }
    }
    out.steps.push_back({pick, dflt});
    out.others.emplace_back();
    for (const Candidate& c : cands) {
      if (c.thread == pick && pick != dflt) out.departures.push_back({step, pick, c.pending.kind, c.pending.fn});
      if (c.thread != dflt) out.others.back().push_back({step, c.thread, c.pending.kind, c.pending.fn});
    }
    if (!s.step_thread(pick)) break;
  }
  s.stop();
  return out;
}

}  // namespace

HuntResult hunt(const Scenario& sc, const HuntOptions& o, SessionOptions base) {
  HuntResult r;
  const auto start = Clock::now();
  auto out_of_time = [&] { return Clock::now() - start >= o.max_time; };
  base.mode = Mode::step;
  const ReleasePolicy dflt = effective_policy(sc, SessionOptions{});

  // 1. Random seeds: the first run that breaks an invariant.
  Outcome best;
  for (int seed = 0; seed < o.seeds && !out_of_time(); ++seed) {
    SessionOptions so = base;
    so.policy = ReleasePolicy::random(static_cast<uint64_t>(seed));
    Outcome run = run_once(sc, so, {}, Replay::by_step, o.max_steps);
    ++r.seeds_run;
    if (run.broke()) {
      r.seed = seed;
      r.seed_steps = run.steps.size();
      best = std::move(run);
      break;
    }
  }
  if (best.broke()) {
    // 2. The shrink, within max_shrink_runs. (a) One departure from the default policy's own
    // run at a time, every step and every other parked lane (half the budget at most): the
    // shortest run that breaks the same invariant with a single departure wins. (b) Else the
    // seed's lanes, every step forced, replayed under the default policy, which names the
    // seed's departures from it; then each departure, last first, is dropped when the run
    // without it still breaks the same invariant in no more steps. Departures are replayed
    // anchored (each where its lane does the same thing again) when that still breaks it,
    // else at their steps.
    SessionOptions so = base;
    so.policy = dflt;
    const Invariant want = best.which();
    auto better = [&](const Outcome& c) {
      return c.broke() && c.which() == want && c.steps.size() <= best.steps.size();
    };
    Script forced;
    for (size_t i = 0; i < best.steps.size(); ++i) forced.push_back({i, best.steps[i].thread, Kind::loop_init, 0});
    Outcome replay = run_once(sc, so, forced, Replay::by_step, o.max_steps);
    ++r.shrink_runs;
    // First, every single departure from the default policy's own run, in step order: if one
    // lane picked differently at one step is enough, nothing shorter to say exists. The
    // shortest such run wins.
    bool single = false;
    Outcome plain = run_once(sc, so, {}, Replay::by_step, o.max_steps);
    ++r.shrink_runs;
    for (size_t i = 0; i < plain.others.size() && !out_of_time(); ++i)
      for (const Departure& d : plain.others[i]) {
        if (r.shrink_runs >= o.max_shrink_runs / 2 || out_of_time()) break;  // half the shrink's budget at most
        Outcome c = run_once(sc, so, {d}, Replay::by_step, o.max_steps);
        ++r.shrink_runs;
        if (c.broke() && c.which() == want && (!single || c.steps.size() < best.steps.size())) {
          best = std::move(c);
          single = true;
        }
      }
    if (!single && replay.broke() && replay.which() == want) {
      best = std::move(replay);
      Replay how = Replay::by_step;
      Outcome anchored = run_once(sc, so, best.departures, Replay::anchored, o.max_steps);
      ++r.shrink_runs;
      if (better(anchored)) {
        best = std::move(anchored);
        how = Replay::anchored;
      }
      size_t below = SIZE_MAX;  // departures from this step on were tried (or are new): the next one tried is before it
      while (r.shrink_runs < o.max_shrink_runs && !out_of_time()) {
        const Script& d = best.departures;
        size_t k = d.size();
        while (k > 0 && d[k - 1].at >= below) --k;
        if (k == 0) break;
        Script fewer = d;
        fewer.erase(fewer.begin() + static_cast<std::ptrdiff_t>(k - 1));
        below = d[k - 1].at;
        Outcome c = run_once(sc, so, fewer, how, o.max_steps);
        ++r.shrink_runs;
        if (better(c)) best = std::move(c);
      }
    }
    r.found = true;
    r.steps = std::move(best.steps);
    r.which = static_cast<Invariant>(best.run->recording().tail_state().invariant);
    r.report = best.run->stop_reason();
    r.run = std::move(best.run);
  }
  r.out_of_time = out_of_time();
  r.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  return r;
}

void write_hunt(std::ostream& out, const HuntResult& r) {
  if (!r.found) return;
  const Recording& rec = r.run->recording();
  const RunInfo& info = rec.info();
  const Narration& n = Narration::builtin();
  size_t departs = 0;
  for (const HuntStep& s : r.steps) departs += s.departs();
  out << "The shortest interleaving found: " << r.steps.size() << " steps, " << departs
      << " of them a different lane than the default policy (" << info.policy << ") would release (marked *):\n";
  LoopState before;
  for (size_t i = 0; i < r.steps.size() && i < rec.size(); ++i) {
    const Event e = rec[i];
    LoopState after = before;
    apply(after, e);
    const HuntStep& s = r.steps[i];
    out << (s.departs() ? "* " : "  ") << "step " << i + 1 << ": T" << s.thread << " (" << thread_label(s.thread, after)
        << "): " << n.describe(e, info, after, false);
    if (s.departs()) out << "   [" << info.policy << " would release T" << s.default_thread << "]";
    out << "\n";
    before = std::move(after);
  }
  out << r.report << "\n";
}

}  // namespace loopstep
