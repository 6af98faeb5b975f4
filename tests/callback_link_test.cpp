// Statements find their callbacks by the position link_callbacks() gave them, checked against
// the name: a scenario changed after linking, or built by hand, still runs the right ones.
// And the pool's workers defer to the thread that wakes them (core/unix/platform.cpp).
#include <doctest/doctest.h>

#include <dirent.h>
#include <sched.h>

#include <cstdlib>
#include <set>

#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;

namespace {

constexpr const char* kTwoCallbacks = R"(title = "t"
teaches = "t"
[files]
"f.txt" = "x"
[[main]]
call = "fs.stat"
path = "f.txt"
callback = "b"
[[callbacks.b]]
call = "console.log"
args = ["in b"]
[[callbacks.b]]
call = "fs.stat"
path = "f.txt"
callback = "c"
[[callbacks.c]]
call = "console.log"
args = ["in c"]
)";

Scenario parsed(const char* text) {
  ScenarioResult r = parse_scenario_text(text, "link.toml");
  if (auto* e = std::get_if<ScenarioError>(&r)) FAIL("unexpected error: " << e->format());
  return std::get<Scenario>(r);
}

std::vector<std::string> console_of(const Scenario& sc) {
  SessionOptions o;
  o.mode = Mode::run;
  auto r = run_scenario(sc, o);
  CHECK(check_invariants(r.rec()) == "");
  return console_lines(r.rec());
}

const std::vector<std::string> kExpected = {"in b", "in c"};

}  // namespace

TEST_CASE("callbacks: the parser links each statement to its callback's position") {
  Scenario sc = parsed(kTwoCallbacks);
  CHECK(sc.main[0].callback_index == 0);               // b, first of {b, c}
  CHECK(sc.callbacks.at("b")[1].callback_index == 1);  // c
  CHECK(sc.callbacks.at("b")[0].callback_index == -1); // console.log has no callback
  CHECK(console_of(sc) == kExpected);
}

TEST_CASE("callbacks: a scenario changed after linking, or never linked, runs the callbacks it names") {
  Scenario shifted = parsed(kTwoCallbacks);
  // "a" sorts first: main's position 0 now holds "a", which it must not run.
  Step log;
  log.op = Op::console_log;
  log.args = {"in a"};
  shifted.callbacks["a"] = {log};
  CHECK(console_of(shifted) == kExpected);

  Scenario unlinked = parsed(kTwoCallbacks);
  unlinked.main[0].callback_index = -1;
  for (auto& [name, body] : unlinked.callbacks)
    for (Step& s : body) s.callback_index = -1;
  CHECK(console_of(unlinked) == kExpected);
}

TEST_CASE("pool workers: each is a batch thread for the scheduler, so waking one does not preempt the loop") {
  SessionOptions o;
  o.mode = Mode::step;
  o.backend = BackendKind::epoll;
  o.workers = WorkerModel::pool;
  Session s(load_scenario("scenarios/pool_saturation.toml"), o);
  s.start();
  // Step until every worker has taken something or waited: then all four exist.
  size_t guard = 0;
  auto workers_seen = [&] {
    std::set<uint16_t> t;
    for (const Event& e : s.recording().events())
      if (e.kind == Kind::work_take || e.kind == Kind::worker_wait) t.insert(e.thread);
    return t.size();
  };
  while (workers_seen() < 4 && s.step() && ++guard < 10'000) {}
  REQUIRE(workers_seen() == 4);
  int batch = 0;
  if (DIR* d = opendir("/proc/self/task")) {
    while (dirent* e = readdir(d))
      if (e->d_name[0] != '.' && sched_getscheduler(std::atoi(e->d_name)) == SCHED_BATCH) ++batch;
    closedir(d);
  }
  CHECK(batch == 4);  // the four workers, and neither the loop thread nor this one
  s.stop();
}
