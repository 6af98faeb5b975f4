// The Chrome trace (issue 16): checked with the Trace Event Format's rules as Perfetto,
// Catapult and speedscope apply them, for every bundled scenario in Run and Step mode on both
// backends, and for a Run-mode storm of 10,000 requests (2,000 in a sanitizer build).
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/trace/trace_io.h"
#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;
using nlohmann::json;

namespace {

struct Slice {
  double ts, dur;
  int64_t seq;
};

bool is_point(Kind k) {
  switch (k) {
    case Kind::syscall_begin: case Kind::syscall_end: case Kind::wait_begin: case Kind::wait_end:
    case Kind::callback_begin: case Kind::callback_end: case Kind::work_begin: case Kind::work_end:
      return false;
    default: return true;
  }
}
bool is_flow_end(const Event& e) {
  return e.kind == Kind::completion_post || e.kind == Kind::completion_take ||
         (e.kind == Kind::wakeup_send && e.value == 1);
}

// The slice a flow event at (tid, ts) binds to: the innermost slice of that thread enclosing
// ts (Catapult's rule for s, t and for f with "bp":"e"; Perfetto's for v1 flows).
const Slice* enclosing(const std::vector<Slice>& slices, double ts) {
  const Slice* best = nullptr;
  for (const Slice& s : slices)
    if (s.ts <= ts && ts <= s.ts + s.dur && (!best || s.ts >= best->ts)) best = &s;
  return best;
}

// Every rule; returns "" or the first that broke.
std::string validate(const Recording& rec) {
  std::ostringstream out;
  write_chrome_trace(out, rec, ChromeTraceArgs::full);
  const std::string text = out.str();
  // Streamed one event per line: every line between the brackets is one JSON object.
  std::istringstream lines(text);
  std::string l;
  std::getline(lines, l);
  if (l != "{\"traceEvents\":[") return "first line: " + l;
  size_t objects = 0;
  while (std::getline(lines, l) && l != "]}") {
    if (!l.empty() && l.back() == ',') l.pop_back();
    if (!json::accept(l)) return "not one JSON object per line: " + l.substr(0, 120);
    ++objects;
  }
  json doc = json::parse(text);
  if (doc.contains("displayTimeUnit")) return "displayTimeUnit is set";
  const auto& ev = rec.events();
  std::map<int, std::vector<Slice>> slices;
  std::vector<json> flows;
  size_t instants = 0, zero_slices = 0, spans = 0;
  for (const json& e : doc["traceEvents"]) {
    const std::string ph = e["ph"];
    if (ph == "M") continue;
    if (ph == "s" || ph == "t" || ph == "f") { flows.push_back(e); continue; }
    const int64_t seq = e["args"]["seq"];
    const Event& re = ev[static_cast<size_t>(seq)];
    if (e["name"] != std::string(rec.info().strings.str(re.fn))) return "name of seq " + std::to_string(seq);
    if (e["name"].get<std::string>().find('{') != std::string::npos) return "args in a name";
    if (ph == "i") {
      if (e["s"] != "t" || !is_point(re.kind) || is_flow_end(re)) return "instant for seq " + std::to_string(seq);
      ++instants;
    } else if (ph == "X") {
      const double dur = e["dur"];
      if (is_point(re.kind)) {
        if (!is_flow_end(re) || dur != 0) return "slice for point seq " + std::to_string(seq);
        ++zero_slices;
      } else {
        // The slice of a span carries its end's seq; its begin is the matching begin before it.
        int depth = 0;
        size_t b = static_cast<size_t>(seq);
        while (b-- > 0) {
          if (ev[b].thread != re.thread || is_point(ev[b].kind)) continue;
          const bool begin = ev[b].kind == Kind::syscall_begin || ev[b].kind == Kind::wait_begin ||
                             ev[b].kind == Kind::callback_begin || ev[b].kind == Kind::work_begin;
          if (!begin) ++depth;
          else if (depth-- == 0) break;
        }
        const double recorded_us = static_cast<double>(re.t_ns - ev[b].t_ns) / 1000.0;
        if (std::abs(dur - recorded_us) > 0.001) return "dur of seq " + std::to_string(seq) + " is " + std::to_string(dur) +
                                                     " µs, recorded " + std::to_string(recorded_us);
        ++spans;
      }
      slices[e["tid"]].push_back({e["ts"], dur, seq});
    } else {
      return "phase " + ph;
    }
  }
  size_t points = 0, flow_ends = 0;
  for (const Event& e : ev) {
    points += is_point(e.kind);
    flow_ends += is_point(e.kind) && is_flow_end(e);
  }
  if (instants + zero_slices != points || zero_slices != flow_ends) return "points missing";
  if (spans * 2 + points != ev.size()) return "spans missing";
  // Properly nested per thread: sorted by start (longer first at a tie), each slice ends
  // before the one it starts in ends.
  for (auto& [tid, list] : slices) {
    std::vector<Slice> sorted = list;
    std::sort(sorted.begin(), sorted.end(), [](const Slice& a, const Slice& b) { return a.ts != b.ts ? a.ts < b.ts : a.dur > b.dur; });
    std::vector<const Slice*> stack;
    for (const Slice& s : sorted) {
      while (!stack.empty() && stack.back()->ts + stack.back()->dur <= s.ts) stack.pop_back();
      if (!stack.empty() && s.ts + s.dur > stack.back()->ts + stack.back()->dur + 1e-9)
        return "thread " + std::to_string(tid) + ": seq " + std::to_string(s.seq) + " overlaps seq " + std::to_string(stack.back()->seq);
      stack.push_back(&s);
    }
  }
  // Every flow event binds to the slice of its own post, wake-up or take.
  for (const json& f : flows) {
    const Slice* s = enclosing(slices[f["tid"]], f["ts"]);
    if (!s) return "a flow binds to nothing";
    const Event& e = ev[static_cast<size_t>(s->seq)];
    const std::string ph = f["ph"];
    const Kind want = ph == "s" ? Kind::completion_post : ph == "t" ? Kind::wakeup_send : Kind::completion_take;
    if (e.kind != want || e.req != f["id"].get<uint32_t>())
      return "flow " + ph + " of req " + std::to_string(f["id"].get<uint32_t>()) + " binds to seq " + std::to_string(s->seq);
    if (ph == "f" && f["bp"] != "e") return "f without bp e";
  }
  if (objects != doc["traceEvents"].size()) return "line count";
  return "";
}

}  // namespace

TEST_CASE("chrome trace: every bundled scenario in Run and Step mode on both backends nests, keeps durations and binds flows") {
  for (const auto& f : bundled_scenarios()) {
    for (BackendKind b : {BackendKind::epoll, BackendKind::iocp}) {
      for (Mode m : {Mode::run, Mode::step}) {
        CAPTURE(f);
        CAPTURE(backend_name(b));
        CAPTURE(m == Mode::run ? "run" : "step");
        SessionOptions o;
        o.backend = b;
        o.mode = m;
        RunResult r = run_scenario(load_scenario(f), o);
        CHECK(validate(r.rec()) == "");
      }
    }
  }
}

TEST_CASE("chrome trace: a Run-mode storm of 10,000 requests (2,000 in a sanitizer build) passes the same checks") {
#ifdef LOOPSTEP_SANITIZED_BUILD
  constexpr int kStorm = 2'000;  // tests/CMakeLists.txt: the same threads and memory, in a fifth of the time
#else
  constexpr int kStorm = 10'000;
#endif
  std::string t = "title = \"storm\"\nteaches = \"a storm of stats\"\n[limits]\nmax_events = 5000000\nmax_run_ms = 600000\n[files]\n\"a.txt\" = \"x\"\n";
  for (int i = 0; i < kStorm; ++i) t += "[[main]]\ncall = \"fs.stat\"\npath = \"a.txt\"\ncallback = \"done\"\n";
  t += "[callbacks]\ndone = []\n";
  ScenarioResult sc = parse_scenario_text(t, "storm.toml");
  if (auto* err = std::get_if<ScenarioError>(&sc)) FAIL(err->format());
  for (BackendKind b : {BackendKind::epoll, BackendKind::iocp}) {
    CAPTURE(backend_name(b));
    SessionOptions o;
    o.backend = b;
    RunResult r = run_scenario(std::get<Scenario>(sc), o);
    REQUIRE(count(r.rec(), Kind::completion_take) == kStorm);
    CHECK(validate(r.rec()) == "");
  }
}

TEST_CASE("chrome trace: brief args (the default) keep names plain and events free of per-event args") {
  RunResult r = run_scenario(load_scenario("scenarios/pool_saturation.toml"), SessionOptions{});
  std::ostringstream out;
  write_chrome_trace(out, r.rec());
  json doc = json::parse(out.str());
  size_t n = 0;
  for (const json& e : doc["traceEvents"]) {
    if (e["ph"] == "M") continue;
    CHECK_FALSE(e.contains("args"));
    ++n;
  }
  CHECK(n > r.rec().events().size() / 2);
}
