// The alive check's narration names every term of uv__loop_alive that keeps the loop going
// (issue 17): active handles as libuv counts them in Node (one timer handle for all timers,
// the immediate idle handle, each active server and socket) beside req_count, in a socket
// lesson, an fs-only lesson and a lesson that only timers keep alive.
#include <doctest/doctest.h>

#include "core/node/lesson_check.h"
#include "core/trace/narration.h"
#include "tests/posix_support.h"
#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;

namespace {

bool node_here() { return sh("command -v node >/dev/null 2>&1").status == 0; }

SessionOptions step_mode(BackendKind b) {
  SessionOptions o;
  o.mode = Mode::step;
  o.policy = ReleasePolicy::lowest();
  o.backend = b;
  return o;
}

// Every alive check of the run, told as the narration panel's headline (or its body).
std::vector<std::string> alive_checks(const Recording& rec, bool long_form = false) {
  std::vector<std::string> out;
  for (size_t i = 0; i < rec.size(); ++i)
    if (rec[i].kind == Kind::alive_check) out.push_back(Narration::builtin().describe(rec[i], rec.info(), rec.state_at(i), long_form));
  return out;
}

// The alive checks of an epoll TOML lesson of these [[main]] statements (their callback is `done`,
// which does nothing): every headline, and the first one's body.
struct AliveChecks {
  std::vector<std::string> heads;
  std::string first_body;
};
AliveChecks alive_checks_of(const std::string& main) {
  auto run = run_scenario(parse_body("backend = \"epoll\"\n" + main + "[callbacks]\ndone = []\n"), step_mode(BackendKind::epoll));
  AliveChecks a{alive_checks(run.rec()), ""};
  REQUIRE(a.heads.size() >= 2);
  a.first_body = alive_checks(run.rec(), true).front();
  return a;
}

}  // namespace

TEST_CASE("narration alive: a socket lesson's alive checks count its active handles, not only req_count") {
  if (!node_here()) return;
  ScenarioResult r = load_lesson(source_path("scenarios/net_echo.js"));
  REQUIRE(std::holds_alternative<Scenario>(r));
  auto run = run_scenario(std::get<Scenario>(std::move(r)), step_mode(BackendKind::epoll));
  const std::vector<std::string> got = alive_checks(run.rec());
  REQUIRE(got.size() >= 2);
  // Before the first iteration: the listening server and the connecting client.
  CHECK(got.front() == "uv__loop_alive: still alive (2 active handles, req_count = 1)");
  // req_count falls to 0 while the sockets still talk: the handles keep the loop going.
  CHECK(std::count(got.begin(), got.end(), "uv__loop_alive: still alive (3 active handles, req_count = 0)") >= 1);
  CHECK(got.back() == "uv__loop_alive: nothing left (0 active handles, req_count = 0): the loop will exit");
  const std::vector<std::string> body = alive_checks(run.rec(), true);
  CHECK(body.front().find("The active handles now: 1 server, 1 socket.") != std::string::npos);
}

TEST_CASE("narration alive: on iocp a server closed with its AcceptEx still due keeps the loop alive as a closing handle") {
  if (!node_here()) return;
  ScenarioResult r = load_lesson(source_path("scenarios/net_echo.js"));
  REQUIRE(std::holds_alternative<Scenario>(r));
  auto run = run_scenario(std::get<Scenario>(std::move(r)), step_mode(BackendKind::iocp));
  const std::vector<std::string> got = alive_checks(run.rec());
  REQUIRE(got.size() >= 2);
  // closesocket aborted its accept: the handle waits for that packet before its endgame, while
  // the client still reads (its EOF comes in the next poll, as node orders it).
  CHECK(got[got.size() - 2] == "uv__loop_alive: still alive (1 active handle, req_count = 0, 1 closing handle)");
  CHECK(got.back() == "uv__loop_alive: nothing left (0 active handles, req_count = 0): the loop will exit");
}

TEST_CASE("narration alive: an fs-only lesson is kept alive by req_count, with 0 active handles said") {
  auto run = run_article_000();
  const std::vector<std::string> got = alive_checks(run.rec());
  CHECK(got == std::vector<std::string>{"uv__loop_alive: still alive (0 active handles, req_count = 1)",
                                        "uv__loop_alive: nothing left (0 active handles, req_count = 0): the loop will exit"});
  const std::vector<std::string> body = alive_checks(run.rec(), true);
  CHECK(body.front().find("The active handles now: none.") != std::string::npos);
  CHECK(body.back() == "No request is in flight and no handle is active or closing, so there is nothing to wait for. The program ends.");
}

TEST_CASE("narration alive: two armed timers are one active handle, Node's timer handle") {
  const AliveChecks a = alive_checks_of("[[main]]\ncall = \"setTimeout\"\ndelay_ms = 10\ncallback = \"done\"\n"
                                        "[[main]]\ncall = \"setTimeout\"\ndelay_ms = 20\ncallback = \"done\"\n");
  CHECK(a.heads.front() == "uv__loop_alive: still alive (1 active handle, req_count = 0)");
  CHECK(a.first_body.find("The active handles now: Node's timer handle (2 timers armed).") != std::string::npos);
  CHECK(a.heads.back() == "uv__loop_alive: nothing left (0 active handles, req_count = 0): the loop will exit");
}

TEST_CASE("narration alive: a queued immediate is Node's idle handle, beside its timer handle") {
  const AliveChecks a = alive_checks_of("[[main]]\ncall = \"setTimeout\"\ndelay_ms = 10\ncallback = \"done\"\n"
                                        "[[main]]\ncall = \"setImmediate\"\ncallback = \"done\"\n");
  CHECK(a.heads.front() == "uv__loop_alive: still alive (2 active handles, req_count = 0)");
  CHECK(a.first_body.find("The active handles now: Node's timer handle (1 timer armed), its immediate idle handle (1 immediate queued).") !=
        std::string::npos);
}

TEST_CASE("narration alive: a timer cleared by clearTimeout no longer counts") {
  if (!node_here()) return;
  // t1 is cleared at once; t2, the 1 ms timer and t3 stay armed: one handle, three timers.
  ScenarioResult r = load_lesson(source_path("tests/js_programs/08_clear_timeout.js"));
  REQUIRE(std::holds_alternative<Scenario>(r));
  auto run = run_scenario(std::get<Scenario>(std::move(r)), step_mode(BackendKind::epoll));
  CHECK(alive_checks(run.rec()).front() == "uv__loop_alive: still alive (1 active handle, req_count = 0)");
  CHECK(alive_checks(run.rec(), true).front().find("The active handles now: Node's timer handle (3 timers armed).") != std::string::npos);
  CHECK(run.rec().tail_state().timers.empty());
}
