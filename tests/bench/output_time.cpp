// Output time (issue 13.5): `--format text` and `jsonl` of a run whose process.nextTick queue
// keeps growing. The fold behind every line once erased each finished request from a sorted
// vector, so 2 M events took 25 s; the figure is the time per event at N and at 4 N, whose
// ratio is 1 when the output is linear (4 when quadratic).
#include <chrono>
#include <ostream>
#include <streambuf>
#include <string>

#include "core/engine/session.h"
#include "core/trace/trace_io.h"
#include "tests/bench/sections.h"
#include "tests/bench/stats.h"

namespace loopstep::bench {
namespace {

// Counts what is written and keeps nothing: the figure is formatting, not the disk.
class NullBuf : public std::streambuf {
 protected:
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
  int_type overflow(int_type c) override { return traits_type::not_eof(c); }
};

std::unique_ptr<Session> growing_tick_queue(size_t events) {
  const std::string text = "title = \"growing tick queue\"\nteaches = \"each tick queues two more\"\n[limits]\nmax_events = " +
                           std::to_string(events) +
                           "\n[[main]]\ncall = \"process.nextTick\"\ncallback = \"grow\"\n"
                           "[[callbacks.grow]]\ncall = \"process.nextTick\"\ncallback = \"grow\"\n"
                           "[[callbacks.grow]]\ncall = \"process.nextTick\"\ncallback = \"grow\"\n";
  auto sc = std::get<Scenario>(parse_scenario_text(text, "grow.toml"));
  auto s = std::make_unique<Session>(std::move(sc), SessionOptions{});
  s->start();
  s->run_to_end();
  return s;
}

template <class Write>
Summary ns_per_event(const Recording& rec, Write write) {
  std::vector<double> ns;
  for (int rep = 0; rep < kReps; ++rep) {
    NullBuf buf;
    std::ostream out(&buf);
    auto t0 = std::chrono::steady_clock::now();
    write(out, rec);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ns.push_back(s * 1e9 / static_cast<double>(rec.size()));
  }
  return summarize(ns);
}

}  // namespace

void output_section(Results& out) {
  const size_t small = scaled(500'000, 10'000), large = 4 * small;
  auto a = growing_tick_queue(small), b = growing_tick_queue(large);
  struct Format {
    const char* name;
    void (*write)(std::ostream&, const Recording&);
  };
  for (Format f : {Format{"text", &write_text}, Format{"jsonl", &write_jsonl}}) {
    Summary at_small = ns_per_event(a->recording(), f.write), at_large = ns_per_event(b->recording(), f.write);
    double ratio = at_large.median / at_small.median;
    out.add({std::string("--format ") + f.name + ", growing tick queue, " + std::to_string(b->recording().size()) + " events",
             at_large, "ns/event", "report", std::nullopt, "growing queue of process.nextTick; formatting only"});
    out.add({std::string("--format ") + f.name + ", ns/event at 4 N / at N", Summary{ratio, ratio, ratio, 1}, "", "<= 1.5",
             ratio <= 1.5, "linear: 1; the quadratic fold gave ~4 (N = " + std::to_string(a->recording().size()) + ")"});
  }
}

}  // namespace loopstep::bench
