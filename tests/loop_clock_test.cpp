// The loop's clock: limits.max_run_ms counts the engine's own time in Step mode, and the loop
// time is updated where libuv updates it (DESIGN §10), so timers are due where Node has them.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;

namespace {

Scenario parsed(const std::string& body) { return parse_body("backend = \"epoll\"\n" + body); }

SessionOptions step_mode(BackendKind b = BackendKind::epoll) {
  SessionOptions o;
  o.mode = Mode::step;
  o.backend = b;
  o.policy = ReleasePolicy::lowest();
  return o;
}

// The value of the n-th event of kind k (timer_start: the due loop time in ms).
int64_t value_of(const Recording& rec, Kind k, size_t n = 0) {
  for (const Event& e : rec.events())
    if (e.kind == k && n-- == 0) return e.value;
  FAIL("no such event");
  return 0;
}

}  // namespace

TEST_CASE("limits: a Step-mode run paused for longer than max_run_ms steps on to its end") {
  Session s(parsed("[files]\n\"a.txt\" = \"x\"\n[limits]\nmax_run_ms = 40\n"
                   "[[main]]\ncall = \"fs.stat\"\npath = \"a.txt\"\ncallback = \"onStat\"\n"
                   "[callbacks]\nonStat = []\n"),
            step_mode());
  s.start();
  for (int i = 0; i < 3; ++i) REQUIRE(s.step());
  // A teacher talks with the run paused: no step is taken, and no engine time passes.
  std::this_thread::sleep_for(std::chrono::milliseconds(120));
  s.step_to_end();
  CHECK(s.stop_reason() == "");
  CHECK(count(s.recording(), Kind::loop_exit) == 1);
  CHECK(count(s.recording(), Kind::limit) == 0);
}

TEST_CASE("loop time: timers started after a wait are due from the time the wait returned (Step mode, virtual time)") {
  // As in node_oracle_test's late timers: A in main, B from the callback of work that ends at
  // 100 ms, C from an immediate that callback queued, D from A's callback at 150 ms.
  Scenario sc = parsed(
      "[[main]]\ncall = \"setTimeout\"\ndelay_ms = 150\ncallback = \"onA\"\n"
      "[[main]]\ncall = \"pool.work\"\nwork_ms = 100\ncallback = \"onWork\"\n"
      "[[callbacks.onWork]]\ncall = \"setTimeout\"\ndelay_ms = 100\ncallback = \"onB\"\n"
      "[[callbacks.onWork]]\ncall = \"setImmediate\"\ncallback = \"onImmediate\"\n"
      "[[callbacks.onImmediate]]\ncall = \"setTimeout\"\ndelay_ms = 100\ncallback = \"onC\"\n"
      "[[callbacks.onA]]\ncall = \"setTimeout\"\ndelay_ms = 10\ncallback = \"onD\"\n"
      "[callbacks]\nonB = []\nonC = []\nonD = []\n");
  for (BackendKind b : {BackendKind::epoll, BackendKind::iocp}) {
    CAPTURE(backend_name(b));
    auto r = run_scenario(sc, step_mode(b));
    CHECK(value_of(r.rec(), Kind::timer_start, 0) == 150);  // A
    CHECK(value_of(r.rec(), Kind::timer_start, 1) == 200);  // B: the wait returned at 100
    CHECK(value_of(r.rec(), Kind::timer_start, 2) == 200);  // C: the check phase after that poll
    CHECK(value_of(r.rec(), Kind::timer_start, 3) == 160);  // D: the timers phase at 150
    CHECK(value_of(r.rec(), Kind::timer_fire, 0) == 150);
    CHECK(value_of(r.rec(), Kind::timer_fire, 1) == 160);
    CHECK(value_of(r.rec(), Kind::timer_fire, 2) == 200);
    CHECK(check_invariants(r.rec()) == "");
  }
}
