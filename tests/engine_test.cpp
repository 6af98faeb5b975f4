// The engine's contract (DESIGN §4, §5, §10): invariants for every bundled scenario on every
// backend and worker model, Step-mode determinism, and libuv's req_count semantics.
#include <doctest/doctest.h>

#include <random>

#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;

namespace {

SessionOptions opts(Mode m, BackendKind b, WorkerModel w, ReleasePolicy p = ReleasePolicy::least_recently_released()) {
  SessionOptions o;
  o.mode = m;
  o.backend = b;
  o.workers = w;
  o.policy = p;
  return o;
}

#ifdef _WIN32
const BackendKind kBackends[] = {BackendKind::iocp};  // the native completion port; Windows has no epoll
#else
const BackendKind kBackends[] = {BackendKind::epoll, BackendKind::iocp};
#endif
const WorkerModel kModels[] = {WorkerModel::pool, WorkerModel::per_request};

std::string label(const std::string& f, BackendKind b, WorkerModel w) {
  return f + " on " + std::string(backend_name(b)) + "/" + std::string(worker_model_name(w));
}

}  // namespace

TEST_CASE("invariants: every bundled scenario on every backend and worker model, Run mode") {
  for (const auto& f : bundled_scenarios()) {
    Scenario sc = load_scenario(f);
    for (BackendKind b : kBackends)
      for (WorkerModel w : kModels) {
        CAPTURE(label(f, b, w));
        auto r = run_scenario(sc, opts(Mode::run, b, w));
        CHECK(check_invariants(r.rec()) == "");
        CHECK(r.rec().tail_state().req_count == 0);
        CHECK(r.rec().tail_state().min_req_count == 0);
      }
  }
}

TEST_CASE("determinism: Step mode gives the same sequence twice, and keeps the invariants") {
  for (const auto& f : bundled_scenarios()) {
    Scenario sc = load_scenario(f);
    for (BackendKind b : kBackends)
      for (WorkerModel w : kModels) {
        CAPTURE(label(f, b, w));
        auto a = run_scenario(sc, opts(Mode::step, b, w));
        auto c = run_scenario(sc, opts(Mode::step, b, w));
        CHECK(check_invariants(a.rec()) == "");
        CHECK(step_signature(a.rec()) == step_signature(c.rec()));
      }
  }
}

TEST_CASE("determinism: a random release policy reproduces its own interleaving per seed") {
  Scenario sc = load_scenario("scenarios/pool_saturation.toml");
  std::set<std::vector<std::string>> distinct;
  for (uint64_t seed : {1u, 2u, 3u, 28u}) {
    CAPTURE(seed);
    auto a = run_scenario(sc, opts(Mode::step, BackendKind::epoll, WorkerModel::pool, ReleasePolicy::random(seed)));
    auto b = run_scenario(sc, opts(Mode::step, BackendKind::epoll, WorkerModel::pool, ReleasePolicy::random(seed)));
    CHECK(check_invariants(a.rec()) == "");
    CHECK(step_signature(a.rec()) == step_signature(b.rec()));
    distinct.insert(step_signature(a.rec()));
  }
  CHECK(distinct.size() > 1);  // the seeds really choose different interleavings
}

TEST_CASE("step mode: each step adds exactly one event, and the candidates are the parked threads") {
  Session s(load_scenario("scenarios/pool_saturation.toml"), opts(Mode::step, BackendKind::epoll, WorkerModel::pool));
  s.start();
  size_t before = s.recording().size();
  int steps = 0;
  while (!s.finished()) {
    auto cands = s.candidates();
    REQUIRE(!cands.empty());
    uint16_t pick = s.policy_choice();
    bool listed = false;
    for (auto& c : cands) listed |= c.thread == pick;
    CHECK(listed);
    bool more = s.step();
    ++steps;
    if (more) {
      CHECK(s.recording().size() == before + 1);
      CHECK(s.recording()[s.recording().size() - 1].thread == pick);
    }
    before = s.recording().size();
  }
  CHECK(steps > 50);
  CHECK(check_invariants(s.recording()) == "");
}

TEST_CASE("step mode: releasing a chosen thread changes who goes next") {
  // "What if worker 2 finishes first?": releasing a non-default lane is honoured.
  Session s(load_scenario("scenarios/pool_saturation.toml"), opts(Mode::step, BackendKind::epoll, WorkerModel::pool, ReleasePolicy::lowest()));
  s.start();
  bool picked_other = false;
  while (!s.finished()) {
    auto cands = s.candidates();
    if (cands.size() > 1 && !picked_other) {
      uint16_t other = cands.back().thread;
      REQUIRE(other != s.policy_choice());
      s.step_thread(other);
      CHECK(s.recording()[s.recording().size() - 1].thread == other);
      picked_other = true;
    } else {
      s.step();
    }
  }
  CHECK(picked_other);
  CHECK(check_invariants(s.recording()) == "");
}

TEST_CASE("libuv semantics: req_count is 0 inside a lone fs.open's callback and 1 after a chained submit") {
  auto r = run_scenario(load_scenario("scenarios/open_read_close_chain.toml"), opts(Mode::step, BackendKind::epoll, WorkerModel::pool));
  const Recording& rec = r.rec();
  const auto& info = rec.info();
  int checked = 0;
  for (size_t i = 0; i < rec.size(); ++i) {
    const Event& e = rec[i];
    if (e.kind == Kind::callback_begin && info.strings.str(e.fn) == "onOpen") {
      CHECK(rec.state_at(i).req_count == 0);
      // The next req_count change inside onOpen is fs.read's registration: back to 1.
      for (size_t j = i + 1; j < rec.size(); ++j)
        if (rec[j].kind == Kind::req_count_inc) {
          CHECK(rec[j].value == 1);
          CHECK(rec.state_at(j).current_callback == e.req);
          ++checked;
          break;
        }
    }
  }
  CHECK(checked == 1);
}

TEST_CASE("pool saturation: with 4 workers the fifth fs.stat waits in the work queue") {
  auto r = run_scenario(load_scenario("scenarios/pool_saturation.toml"), opts(Mode::step, BackendKind::epoll, WorkerModel::pool));
  size_t max_depth = 0;
  bool fifth_waited = false;
  for (size_t i = 0; i < r.rec().size(); ++i) {
    LoopState s = r.rec().state_at(i);
    max_depth = std::max(max_depth, s.work_queue.size());
    int busy = 0;
    for (size_t t = 1; t < s.threads.size(); ++t) busy += s.threads[t].req != 0;
    if (busy == 4 && !s.work_queue.empty()) fifth_waited = true;
  }
  CHECK(fifth_waited);
  CHECK(check_invariants(r.rec()) == "");
}

TEST_CASE("node semantics: inside an I/O callback setImmediate runs before setTimeout(0)") {
  for (Mode m : {Mode::run, Mode::step}) {
    auto r = run_scenario(load_scenario("scenarios/immediate_vs_timeout_in_io.toml"), opts(m, BackendKind::epoll, WorkerModel::pool));
    auto lines = console_lines(r.rec());
    REQUIRE(lines.size() >= 2);
    CHECK(lines[lines.size() - 2].find("immediate") != std::string::npos);
    CHECK(lines.back().find("timeout") != std::string::npos);
  }
}

TEST_CASE("node semantics: nextTick runs before promise microtasks, both before the loop") {
  auto r = run_scenario(load_scenario("scenarios/ticks_and_microtasks.toml"), opts(Mode::step, BackendKind::epoll, WorkerModel::pool));
  auto lines = console_lines(r.rec());
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].find("nextTick") != std::string::npos);
  CHECK(lines[1].find("promise") != std::string::npos);
}

TEST_CASE("errors: a missing file reaches the callback as ENOENT and the loop goes on to exit") {
  for (BackendKind b : kBackends) {
    auto r = run_scenario(load_scenario("scenarios/error_enoent.toml"), opts(Mode::run, b, WorkerModel::per_request));
    CHECK(console_lines(r.rec()) == std::vector<std::string>{"err: ENOENT"});
    CHECK(check_invariants(r.rec()) == "");
  }
}

TEST_CASE("recording: state_at(i) equals a full replay for random i") {
  auto r = run_scenario(load_scenario("scenarios/pool_saturation.toml"), opts(Mode::run, BackendKind::epoll, WorkerModel::pool));
  // Make the recording span several snapshots by replaying its events into a long one.
  auto info = r.rec().shared_info();
  Recording big(info);
  uint64_t seq = 0;
  for (int rep = 0; rep < 100; ++rep)
    for (Event e : r.rec().events()) {
      e.seq = seq++;
      big.append(e);
    }
  REQUIRE(big.snapshot_count() > 2);
  std::mt19937 rng(7);
  for (int k = 0; k < 40; ++k) {
    size_t i = rng() % big.size();
    LoopState full;
    for (size_t j = 0; j <= i; ++j) apply(full, big[j]);
    LoopState fast = big.state_at(i);
    CAPTURE(i);
    CHECK(fast.folded == full.folded);
    CHECK(fast.req_count == full.req_count);
    CHECK(fast.work_queue == full.work_queue);
    CHECK(fast.completion_queue == full.completion_queue);
    CHECK(fast.threads.size() == full.threads.size());
    CHECK(fast.requests.size() == full.requests.size());
    CHECK(fast.console_tail == full.console_tail);
    CHECK(fast.phase == full.phase);
  }
}

TEST_CASE("breakpoints: run_to stops at the first completion_post, and at req_count 0") {
  Session s(load_scenario("scenarios/fs_stat_epoll_pool.toml"), opts(Mode::step, BackendKind::epoll, WorkerModel::pool));
  s.start();
  Breakpoint bp;
  bp.kind = Kind::completion_post;
  REQUIRE(s.run_to(bp));
  const Event& e = s.recording()[s.recording().size() - 1];
  CHECK(e.kind == Kind::completion_post);
  CHECK(e.thread != 0);
  Breakpoint zero;
  zero.kind = Kind::req_count_dec;
  zero.req_count = 0;
  REQUIRE(s.run_to(zero));
  CHECK(s.recording().tail_state().req_count == 0);
  s.step_to_end();
  CHECK(check_invariants(s.recording()) == "");
}

TEST_CASE("timers in Step mode: time is virtual and advances only when nothing else can run") {
  // In the main module Node's order of setTimeout(0) and setImmediate depends on the clock;
  // in Step mode virtual time has not reached the timer's 1 ms when the check phase runs.
  auto r = run_scenario(load_scenario("scenarios/ticks_and_microtasks.toml"), opts(Mode::step, BackendKind::iocp, WorkerModel::pool));
  auto lines = console_lines(r.rec());
  REQUIRE(lines.size() == 4);
  CHECK(lines[2].find("immediate") != std::string::npos);
  CHECK(lines[3].find("timeout") != std::string::npos);
  CHECK(check_invariants(r.rec()) == "");
}
