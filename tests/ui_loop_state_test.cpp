// The loop state panel's words (issue 11.9): what the loop thread is doing at each step, and
// uv__loop_alive's verdict only where the loop asks it.
#include <doctest/doctest.h>

#include <set>

#include "core/engine/session.h"
#include "core/node/lesson_check.h"
#include "tests/posix_support.h"
#include "tests/support.h"
#include "ui/loop_state_panel.h"
#include "ui/requests.h"

using namespace loopstep;
using Tone = ui::AliveVerdict::Tone;

namespace {

struct Stepper {
  Session s;
  explicit Stepper(const char* file) : s(test::load_scenario(file), options()) { s.start(); }
  static SessionOptions options() {
    SessionOptions o;
    o.mode = Mode::step;
    return o;
  }
  bool until(Kind k) {
    while (s.step())
      if (s.recording().back().kind == k) return true;
    return false;
  }
  LoopState state() const { return s.recording().state_at(s.recording().size() - 1); }
  std::optional<Event> current() const { return s.recording().back(); }
};

}  // namespace

TEST_CASE("ui loop state: req_count 0 before onOpen runs is a completion being delivered, not the loop's end") {
  Stepper st("scenarios/fs_open_iocp.toml");
  REQUIRE(st.until(Kind::req_count_dec));
  LoopState s = st.state();
  REQUIRE(s.req_count == 0);
  CHECK(ui::loop_activity(s, st.s.recording().info()) == "delivering the completion of req 1 fs.open 1.txt (onOpen() runs next)");
  ui::AliveVerdict v = ui::alive_verdict(s, st.current());
  CHECK(v.tone == Tone::pending);
  CHECK(v.text == "decided at the next uv__loop_alive check, from these terms");
  REQUIRE(st.until(Kind::callback_begin));
  CHECK(ui::loop_activity(st.state(), st.s.recording().info()) == "running onOpen()");
  CHECK(ui::alive_verdict(st.state(), st.current()).tone == Tone::pending);
  // The verdict comes at the alive check after the callback.
  REQUIRE(st.until(Kind::alive_check));
  v = ui::alive_verdict(st.state(), st.current());
  CHECK(v.tone == Tone::not_alive);
  CHECK(v.text == "uv__loop_alive: not alive, uv_run returns");
}

TEST_CASE("ui loop state: an alive check with a request outstanding says the loop goes round again") {
  Stepper st("scenarios/fs_open_iocp.toml");
  REQUIRE(st.until(Kind::alive_check));
  const ui::AliveVerdict v = ui::alive_verdict(st.state(), st.current());
  CHECK(v.tone == Tone::alive);
  CHECK(v.text == "uv__loop_alive: alive, the loop goes round again");
  REQUIRE(st.until(Kind::wait_begin));
  CHECK(ui::loop_activity(st.state(), st.s.recording().info()) == "blocked in GetQueuedCompletionStatus");
}

TEST_CASE("ui requests: a request waiting in the work queue is held by the work queue, then by its worker") {
  Stepper st("scenarios/fs_stat_epoll_pool.toml");
  REQUIRE(st.until(Kind::work_submit));
  const RunInfo& info = st.s.recording().info();
  LoopState s = st.state();
  const uint32_t req = st.current()->req;
  REQUIRE(s.request(req));
  CHECK(ui::request_holder(*s.request(req), s, info) == "the work queue");
  REQUIRE(st.until(Kind::work_take));
  s = st.state();
  CHECK(ui::request_holder(*s.request(req), s, info) == "worker " + std::to_string(st.current()->thread));
}

TEST_CASE("ui loop state: a socket's handle runs several callbacks, each named as it runs") {
  if (test::sh("command -v node >/dev/null 2>&1").status != 0) return;
  ScenarioResult r = load_lesson(test::source_path("scenarios/net_echo.js"));
  REQUIRE(std::holds_alternative<Scenario>(r));
  Session s(std::get<Scenario>(std::move(r)), Stepper::options());
  s.start();
  s.run_to_end();
  const Recording& rec = s.recording();
  std::set<std::string> running;
  for (size_t i = 0; i < rec.size(); ++i) {
    if (rec[i].kind != Kind::callback_begin) continue;
    const std::string fn(rec.info().strings.str(rec[i].fn));
    CAPTURE(i);
    CHECK(ui::loop_activity(rec.state_at(i), rec.info()) == "running " + fn + "()");
    running.insert(fn);
  }
  // The accepted socket's first callback is the server's onconnection; its reads are onStreamRead.
  CHECK(running.count("onconnection") == 1);
  CHECK(running.count("onStreamRead") == 1);
}
