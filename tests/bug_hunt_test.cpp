// The bug hunt (issue 15 part 2, README "Bug hunt"): the planted engine bugs, the invariants
// that catch them, the bundled lessons and the explorer behind `loopstep hunt`.
#include <doctest/doctest.h>

#include <sstream>

#include "core/hunt/explorer.h"
#include "core/record/invariants.h"
#include "core/scenario/js_lesson.h"
#include "core/trace/trace_io.h"
#include "tests/posix_support.h"
#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;

namespace {

// The invariant each lesson's planted bug breaks.
Invariant broken_by(EngineBug b) {
  return b == EngineBug::lost_wakeup ? Invariant::never_called_back : Invariant::callback_run_twice;
}

// The same budget for the planted bugs and the correct engine.
HuntOptions budget() {
  HuntOptions o;
  o.seeds = 200;
  o.max_steps = 2000;
  o.max_shrink_runs = 100;
  o.max_time = std::chrono::seconds(90);
  return o;
}

SessionOptions on(BackendKind b) {
  SessionOptions o;
  o.backend = b;
  return o;
}

std::string cli() { return std::string("'") + LOOPSTEP_CLI + "'"; }

}  // namespace

TEST_CASE("bug hunt: the bundled bug lessons name their planted bug, TOML and JS alike") {
  const std::vector<std::string> lessons = bug_lessons();
  CHECK(lessons == std::vector<std::string>{"scenarios/bug_double_take.js", "scenarios/bug_double_take.toml",
                                            "scenarios/bug_lost_wakeup.js", "scenarios/bug_lost_wakeup.toml"});
  for (const std::string& f : lessons) {
    INFO(f);
    const Scenario sc = load_scenario(f);
    CHECK(sc.config.engine_bug == (f.find("double_take") != std::string::npos ? EngineBug::double_take : EngineBug::lost_wakeup));
    const bool says = sc.teaches.find("twice") != std::string::npos || sc.teaches.find("never called back") != std::string::npos;
    CHECK(says);
  }
  // Without the key, the correct engine.
  CHECK(load_scenario("scenarios/pool_saturation.toml").config.engine_bug == EngineBug::none);
}

TEST_CASE("bug hunt: an unknown or mistyped engine_bug fails at its file:line:col, in TOML and in JS front matter") {
  ScenarioResult t = parse_scenario_text("title = \"t\"\nteaches = \"t\"\nengine_bug = \"lost_wakup\"\n", "lesson.toml");
  REQUIRE(std::holds_alternative<ScenarioError>(t));
  const ScenarioError& te = std::get<ScenarioError>(t);
  CHECK(te.format() == "lesson.toml:3:14: `engine_bug` must be one of lost_wakeup, double_take; got 'lost_wakup'");

  ScenarioResult j = parse_js_lesson("/* loopstep\nbackend = \"epoll\"\nengine_bug = 3\n*/\nconsole.log(1);\n", "lesson.js");
  REQUIRE(std::holds_alternative<ScenarioError>(j));
  CHECK(std::get<ScenarioError>(j).format() == "lesson.js:3:14: `engine_bug` must be a string, got integer");

  ScenarioResult ok = parse_js_lesson("/* loopstep\nengine_bug = \"double_take\"\n*/\nconsole.log(1);\n", "lesson.js");
  REQUIRE(std::holds_alternative<Scenario>(ok));
  CHECK(std::get<Scenario>(ok).config.engine_bug == EngineBug::double_take);
}

TEST_CASE("bug hunt: the default policy never breaks an invariant on the bug lessons, on either backend") {
  for (const std::string& f : bug_lessons()) {
    const Scenario sc = load_scenario(f);
    for (BackendKind b : {BackendKind::epoll, BackendKind::iocp}) {
      INFO(f << " on " << backend_name(b));
      SessionOptions o = on(b);
      o.mode = Mode::step;  // the lesson's policy: lrr
      RunResult r = run_scenario(sc, o);
      CHECK(r.session->stop_reason() == "");
      CHECK(r.rec().tail_state().invariant == 0);
      CHECK(r.rec().tail_state().exited);
      CHECK(check_invariants(r.rec()) == "");
    }
  }
}

TEST_CASE("bug hunt: hunt finds each planted bug within the budget on epoll and on iocp") {
  for (const std::string& f : bug_lessons()) {
    const Scenario sc = load_scenario(f);
    for (BackendKind b : {BackendKind::epoll, BackendKind::iocp}) {
      INFO(f << " on " << backend_name(b));
      const HuntResult r = hunt(sc, budget(), on(b));
      REQUIRE(r.found);
      CHECK(r.which == broken_by(sc.config.engine_bug));
      CHECK(r.seed >= 0);
      CHECK(r.seeds_run == r.seed + 1);
      // The interleaving: one lane per step up to the break, at least one off the default policy.
      const Recording& rec = r.run->recording();
      CHECK(r.steps.size() + 1 == rec.size());
      // Shortest: a single departure from the default policy, or no longer than the seed's run.
      const auto departs = std::count_if(r.steps.begin(), r.steps.end(), [](const HuntStep& s) { return s.departs(); });
      CHECK(departs >= 1);
      CHECK((departs == 1 || r.steps.size() <= r.seed_steps));
      for (size_t i = 0; i < r.steps.size(); ++i) CHECK(rec[i].thread == r.steps[i].thread);
      // It ends with the invariant event, at the step the report names.
      CHECK(rec.back().kind == Kind::invariant);
      CHECK(r.report.starts_with("invariant broken at step " + std::to_string(rec.size()) + ": "));
      CHECK(rec.tail_state().invariant_step == rec.size());
      std::ostringstream listing;
      write_hunt(listing, r);
      CHECK(listing.str().find("step " + std::to_string(r.steps.size()) + ": T") != std::string::npos);
    }
  }
}

TEST_CASE("bug hunt: on the correct engine hunt finds nothing in the same budget") {
  for (const char* f : {"scenarios/bug_lost_wakeup.toml", "scenarios/bug_double_take.toml"}) {
    const Scenario sc = load_scenario(f);
    for (BackendKind b : {BackendKind::epoll, BackendKind::iocp}) {
      INFO(f << " on " << backend_name(b));
      SessionOptions o = on(b);
      o.engine_bug = EngineBug::none;  // the same lesson, engine_bug removed
      const HuntResult r = hunt(sc, budget(), o);
      CHECK_FALSE(r.found);
      CHECK_FALSE(r.out_of_time);
      CHECK(r.seeds_run == budget().seeds);
      CHECK(r.run == nullptr);
    }
  }
}

TEST_CASE("bug hunt: the exact words of the two invariants") {
  CHECK(invariant_message(Invariant::never_called_back) ==
        "a request never called back while req_count > 0 and the loop blocks forever");
  CHECK(invariant_message(Invariant::callback_run_twice) == "a callback run twice");
  CHECK(invariant_report(Invariant::callback_run_twice, 12, "request #1") ==
        "invariant broken at step 12: a callback run twice (request #1)");

  const HuntResult lost = hunt(load_scenario("scenarios/bug_lost_wakeup.toml"), budget());
  REQUIRE(lost.found);
  const std::string step = std::to_string(lost.run->recording().size());
  const uint32_t req = lost.run->recording().back().req;
  CHECK(req != 0);
  CHECK(lost.report == "invariant broken at step " + step +
                           ": a request never called back while req_count > 0 and the loop blocks forever (request #" +
                           std::to_string(req) +
                           " is never called back; req_count 1, the loop waits in the kernel with no timeout and nothing will wake it)");
  CHECK(lost.run->stop_reason() == lost.report);

  const HuntResult twice = hunt(load_scenario("scenarios/bug_double_take.toml"), budget());
  REQUIRE(twice.found);
  const Recording& rec = twice.run->recording();
  const Event second = rec[rec.size() - 2];  // the callback that began again, just before the invariant event
  CHECK(second.kind == Kind::callback_begin);
  CHECK(twice.report == "invariant broken at step " + std::to_string(rec.size()) + ": a callback run twice (request #" +
                            std::to_string(second.req) + "'s callback began again at step " + std::to_string(second.seq + 1) + ")");
  CHECK(rec.back().req == second.req);
}

TEST_CASE("bug hunt: the explorer's run saves as a recording that opens at the failing step with the invariant flagged") {
  const Scenario sc = load_scenario("scenarios/bug_lost_wakeup.toml");
  const HuntResult r = hunt(sc, budget(), on(BackendKind::iocp));
  REQUIRE(r.found);
  const Recording& rec = r.run->recording();
  Moment m;
  m.step = rec.size();
  std::stringstream file;
  write_jsonl(file, rec, m);
  LoadedRecording loaded = read_jsonl(file, "hunt.jsonl");
  REQUIRE(loaded.error == "");
  CHECK(loaded.warnings.empty());
  const Recording& back = *loaded.recording;
  REQUIRE(back.moment);
  CHECK(back.moment->step == rec.size());
  CHECK(back.info().config.engine_bug == EngineBug::lost_wakeup);
  const LoopState at = back.state_at(back.moment->step - 1);
  CHECK(at.invariant == static_cast<uint8_t>(Invariant::never_called_back));
  CHECK(at.invariant_step == back.moment->step);
  CHECK(at.req_count > 0);
  CHECK(back[back.moment->step - 1].kind == Kind::invariant);
  CHECK(back.info().strings.str(back[back.moment->step - 1].fn) == r.report);
  // One step earlier nothing has broken yet: the cursor opens on the step that broke it.
  CHECK(back.state_at(back.moment->step - 2).invariant == 0);
}

TEST_CASE("bug hunt: the printed lanes, released one by one, break the invariant again at the same step") {
  const Scenario sc = load_scenario("scenarios/bug_double_take.toml");
  const HuntResult r = hunt(sc, budget());
  REQUIRE(r.found);
  SessionOptions o;
  o.mode = Mode::step;
  Session again(sc, o);
  again.start();
  for (const HuntStep& s : r.steps) {
    if (again.finished()) break;
    again.step_thread(s.thread);
  }
  CHECK(again.finished());
  CHECK(again.recording().size() == r.run->recording().size());
  CHECK(again.stop_reason() == r.report);
  CHECK(step_signature(again.recording()) == step_signature(r.run->recording()));
}

TEST_CASE("bug hunt: the planted bugs are Step mode's: a Run-mode run of a bug lesson uses the correct engine") {
  for (const char* f : {"scenarios/bug_lost_wakeup.toml", "scenarios/bug_double_take.toml"}) {
    INFO(f);
    RunResult r = run_scenario(load_scenario(f), SessionOptions{});
    CHECK(r.session->stop_reason() == "");
    CHECK(check_invariants(r.rec()) == "");
    std::ostringstream text;
    write_text(text, r.rec());
    CHECK(text.str().find("# this engine has a planted bug: ") != std::string::npos);
    CHECK(text.str().find("(planted in Step mode only: this Run-mode run used the correct engine)") != std::string::npos);
  }
}

TEST_CASE("bug hunt: double_take lives in the pool: with a thread per request there is no work queue to race on") {
  SessionOptions per;
  per.workers = WorkerModel::per_request;
  for (BackendKind b : {BackendKind::epoll, BackendKind::iocp}) {
    INFO(backend_name(b));
    per.backend = b;
    const HuntResult r = hunt(load_scenario("scenarios/bug_double_take.toml"), budget(), per);
    CHECK_FALSE(r.found);
    CHECK(r.seeds_run == budget().seeds);
  }
}

TEST_CASE("bug hunt: the JSONL header carries engine_bug only when one is planted, and old files load without it") {

  RunResult plain = run_scenario(load_scenario("scenarios/pool_saturation.toml"), SessionOptions{});
  std::stringstream file;
  write_jsonl(file, plain.rec());
  std::string header;
  std::getline(file, header);
  CHECK(header.find("engine_bug") == std::string::npos);  // old readers and old files see no new key
  file.seekg(0);
  CHECK(read_jsonl(file, "old.jsonl").recording->info().config.engine_bug == EngineBug::none);
}

TEST_CASE("bug hunt: loopstep hunt exits 0 with the interleaving and a recording, 1 when nothing breaks, 2 on bad input") {
  const std::string out = (std::filesystem::temp_directory_path() / ("hunt_" + std::to_string(::getpid()) + ".jsonl")).string();
  Output found = sh(cli() + " hunt '" + source_path("scenarios/bug_lost_wakeup.toml") + "' --seeds 200 --out '" + out + "'");
  CHECK(found.status == 0);
  CHECK(found.out.find("this engine has a planted bug: lost_wakeup") != std::string::npos);
  CHECK(found.out.find("invariant broken at step ") != std::string::npos);
  CHECK(found.out.find("step 1: T0 (the loop thread): ") != std::string::npos);
  CHECK(found.out.find("wrote " + out + ": it opens at step ") != std::string::npos);
  Output replay = sh(cli() + " check '" + out + "'");
  CHECK(replay.status == 0);

  Output none = sh(cli() + " hunt '" + source_path("scenarios/bug_lost_wakeup.toml") + "' --engine-bug none --seeds 20 --out '" + out + "x'");
  CHECK(none.status == 1);
  CHECK(none.out.find("the correct engine (no engine_bug)") != std::string::npos);
  CHECK(none.out.find("no invariant broke in 20 random seed(s)") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(out + "x"));

  CHECK(sh(cli() + " hunt /nonexistent/lesson.toml 2>&1").status == 2);
  CHECK(sh(cli() + " hunt '" + out + "' 2>&1").status == 2);  // a recording is not a lesson
  CHECK(sh(cli() + " hunt '" + source_path("scenarios/bug_lost_wakeup.toml") + "' --seeds 0 2>&1").status == 2);

  Output check = sh(cli() + " check '" + source_path("scenarios/bug_double_take.toml") + "'");
  CHECK(check.status == 0);
  CHECK(check.out.find("this engine has a planted bug: double_take") != std::string::npos);
  std::filesystem::remove(out);
}
