// Step-mode determinism at scale (issue 5): for every bundled scenario and many `random:SEED`
// release policies, two runs with the same seed give the identical step sequence, and every
// run ends normally and satisfies every invariant. `make test` runs 100 seeds per scenario;
// `make check-all` runs 1,000 (the test suite "check-all", skipped unless --no-skip).
#include <doctest/doctest.h>

#include <chrono>
#include <set>

#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;

namespace {

// Runs seeds [0, seeds) twice each on every bundled scenario, and counts the distinct
// sequences the seeds gave, so that a policy ignoring its seed would show.
void check_seeds(uint64_t seeds) {
  auto t0 = std::chrono::steady_clock::now();
  size_t runs = 0;
  for (const std::string& file : bundled_scenarios()) {
    CAPTURE(file);
    const Scenario sc = load_scenario(file);
    std::set<std::vector<std::string>> distinct;
    bool threads = false;  // a worker or request thread: something the policy can reorder
    for (uint64_t seed = 0; seed < seeds; ++seed) {
      CAPTURE(seed);
      SessionOptions o;
      o.mode = Mode::step;
      o.policy = ReleasePolicy::random(seed);
      auto a = run_scenario(sc, o);
      auto b = run_scenario(sc, o);
      runs += 2;
      REQUIRE(a.session->finished());
      REQUIRE(b.session->finished());
      CHECK(a.session->stop_reason() == "");
      const std::string broken = check_invariants(a.rec());
      CHECK(broken == "");
      CHECK(check_invariants(b.rec()) == "");
      const auto sig = step_signature(a.rec());
      REQUIRE(sig == step_signature(b.rec()));
      distinct.insert(sig);
      threads |= count(a.rec(), Kind::thread_spawn) > 0;
    }
    MESSAGE(file << ": " << distinct.size() << " distinct interleavings in " << seeds << " seeds");
    // With a second thread the seeds must give different interleavings; with the loop
    // thread alone (ticks_and_microtasks) there is only one.
    if (threads) CHECK(distinct.size() > 1);
    else CHECK(distinct.size() == 1);
  }
  MESSAGE(runs << " step-mode runs in "
               << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count() << " ms");
}

}  // namespace

TEST_CASE("determinism: 100 random seeds per bundled scenario reproduce their sequence and keep every invariant") {
  check_seeds(100);
}

TEST_SUITE("check-all" * doctest::skip()) {
  TEST_CASE("determinism: 1,000 random seeds per bundled scenario reproduce their sequence and keep every invariant") {
    check_seeds(1000);
  }
}
