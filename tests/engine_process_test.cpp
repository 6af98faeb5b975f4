// The app's side of the engine protocol: an EngineProcess steps `loopstep engine` in a child
// process exactly as a Session steps in this one, and a child that dies takes only itself.
#include <doctest/doctest.h>

#include <signal.h>

#include <filesystem>
#include <fstream>

#include "core/remote/engine_process.h"
#include "tests/posix_support.h"
#include "tests/support.h"

namespace loopstep {
namespace {

const std::string kEngine = std::string(LOOPSTEP_CLI) + " engine";

SessionOptions step_mode() {
  SessionOptions o;
  o.mode = Mode::step;
  return o;
}

TEST_CASE("engine process: every bundled scenario steps as in this process, candidates included") {
  for (const std::string& file : test::bundled_scenarios()) {
    CAPTURE(file);
    EngineProcess child(test::load_scenario(file), step_mode(), kEngine);
    Session direct(test::load_scenario(file), step_mode());
    child.start();
    direct.start();
    CHECK(child.recording().info().backend_label == direct.recording().info().backend_label);
    for (size_t i = 0; !direct.finished(); ++i) {
      CAPTURE(i);
      std::vector<Candidate> a = child.candidates(), b = direct.candidates();
      REQUIRE(a.size() == b.size());
      for (size_t k = 0; k < a.size(); ++k) {
        CHECK(a[k].thread == b[k].thread);
        CHECK(a[k].pending.kind == b[k].pending.kind);
      }
      REQUIRE(child.policy_choice() == direct.policy_choice());
      CHECK(child.step() == direct.step());
    }
    CHECK(child.finished());
    CHECK_FALSE(child.crashed());
    CHECK(child.stop_reason() == "");
    CHECK(test::step_signature(child.recording()) == test::step_signature(direct.recording()));
    CHECK(test::check_invariants(child.recording()) == "");
  }
}

TEST_CASE("engine process: a run to a breakpoint in slices, and a pause") {
  const std::string file = "scenarios/fs_stat_epoll_pool.toml";
  EngineProcess child(test::load_scenario(file), step_mode(), kEngine);
  Session direct(test::load_scenario(file), step_mode());
  child.start();
  direct.start();
  Breakpoint bp;
  bp.kind = Kind::callback_begin;
  REQUIRE(direct.run_to(bp));
  child.run_to_begin(bp);
  RunTo r;
  while ((r = child.run_to_continue(LiveRun::Clock::now() + std::chrono::milliseconds(5))) == RunTo::running) {
  }
  CHECK(r == RunTo::matched);
  CHECK(child.recording().size() == direct.recording().size());
  CHECK(child.recording().back().kind == Kind::callback_begin);

  // A run that never matches, paused: it stops between two steps and stepping goes on.
  Breakpoint never;
  never.req_count = 99;
  child.run_to_begin(never);
  child.run_to_pause();
  CHECK_FALSE(child.crashed());
  const size_t paused_at = child.recording().size();
  if (!child.finished()) {
    // The pause may land before the very last step, which ends the run (step() is false then)
    // and still takes exactly one event.
    child.step();
    CHECK(child.recording().size() == paused_at + 1);
  }
}

TEST_CASE("engine process: killed mid-run, the app keeps every event it sent and says how it ended") {
  EngineProcess child(test::load_scenario("scenarios/fs_open_iocp.toml"), step_mode(), kEngine);
  child.start();
  for (int i = 0; i < 12; ++i) REQUIRE(child.step());
  REQUIRE(child.recording().size() == 12);
  REQUIRE(::kill(child.pid(), SIGKILL) == 0);
  CHECK_FALSE(child.step());
  CHECK(child.finished());
  CHECK(child.crashed());
  CHECK(child.candidates().empty());
  CHECK(child.stop_reason().find("killed by signal 9") != std::string::npos);
  // The twelve events, then the `limit` event that tells why the run ends there.
  REQUIRE(child.recording().size() == 13);
  CHECK(child.recording().back().kind == Kind::limit);
  CHECK(child.recording().info().strings.str(child.recording().back().fn) == child.stop_reason());
  CHECK_FALSE(child.step());  // and nothing more is sent to it
}

TEST_CASE("engine process: commands that do not start an engine are errors that name the command") {
  const Scenario sc = test::load_scenario("scenarios/fs_open_iocp.toml");
  auto start_error = [&](const std::string& cmd) {
    EngineProcess child(sc, step_mode(), cmd);
    try {
      child.start();
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("(started)");
  };
  std::string e = start_error("sh -c 'echo the engine is not here >&2; exit 3' --");
  CHECK(e.find("the engine command 'sh -c") != std::string::npos);
  CHECK(e.find("exit status 3") != std::string::npos);
  CHECK(e.find("the engine is not here") != std::string::npos);  // its stderr, quoted
  e = start_error("printf '%s\\n' '{\"hello\":1}'");  // then the arguments, a line each
  CHECK(e.find("did not begin with a loopstep header") != std::string::npos);
  e = start_error("echo hello");
  CHECK(e.find("sent a line that is not a JSON object") != std::string::npos);
  e = start_error("/nonexistent/loopstep");
  CHECK(e.find("exit status 127") != std::string::npos);
}

TEST_CASE("engine process: a scenario the engine refuses is reported with file, line and column") {
  test::PrivateTmp tmp;
  const std::string path = (tmp.dir / "later_broken.toml").string();
  std::filesystem::copy_file(test::source_path("scenarios/fs_open_iocp.toml"), path);
  ScenarioResult parsed = parse_scenario_file(path);
  REQUIRE(std::holds_alternative<Scenario>(parsed));
  const Scenario& sc = std::get<Scenario>(parsed);
  std::ofstream(path) << "title = \"x\"\nteaches = \"y\"\n[[main]]\ncall = \"fs.opne\"\n";  // broken after the app parsed it
  EngineProcess child(sc, step_mode(), kEngine);
  try {
    child.start();
    FAIL("started");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find(path + ":4:") != std::string::npos);
  }
}

// The native IOCP engine under Wine, through the protocol: only where `make windows` has built it.
TEST_CASE("engine process: the native completion port under Wine steps like the emulation") {
  const std::string exe = test::source_path("build-win/app/loopstep.exe");
  if (!std::filesystem::exists(exe) || test::sh("command -v wine >/dev/null").status != 0) {
    MESSAGE("skipped: no build-win/app/loopstep.exe or no wine (make test-windows builds it)");
    return;
  }
  const std::string file = "scenarios/fs_open_iocp.toml";
  EngineProcess native(test::load_scenario(file), step_mode(),
                       "env WINEPREFIX=" + test::source_path("build-win/wineprefix") + " wine " + exe + " engine");
  native.start();
  CHECK(native.recording().info().backend_label == "IOCP (native, Wine)");
  CHECK_FALSE(native.recording().info().port_emulated);
  native.run_to_end();
  CHECK_FALSE(native.crashed());
  test::RunResult emulated = test::run_scenario(test::load_scenario(file), step_mode());
  // The Win32 names for what the emulation does with Linux syscalls (README, "the proof").
  CHECK(test::shape(native.recording()).size() == test::shape(emulated.rec()).size());
  CHECK(test::count(native.recording(), Kind::completion_take) == 1);
  CHECK(native.recording().info().strings.str(native.recording()[1].fn) == "CreateIoCompletionPort");
}

}  // namespace
}  // namespace loopstep
