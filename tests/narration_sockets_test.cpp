// The narration of the socket lessons as a student reads it, step by step on epoll: every
// socket event kind has its own text, and no step of a socket says what the file texts say
// (the pool, the sandbox, uv_fs_*), shows a placeholder, or names no target.
#include <doctest/doctest.h>

#include <set>

#include "core/node/lesson_check.h"
#include "core/trace/narration.h"
#include "tests/posix_support.h"
#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;

namespace {

bool node_here() { return sh("command -v node >/dev/null 2>&1").status == 0; }

const std::set<Kind> kSocketKinds = {Kind::handle_init, Kind::handle_start, Kind::handle_stop, Kind::io_ctl, Kind::io_ready,
                                     Kind::handle_close, Kind::handle_closed, Kind::sock_name};

}  // namespace

TEST_CASE("narration: every socket step of the echo and two-client lessons has socket words, not the file texts") {
  if (!node_here()) return;
  const Narration& n = Narration::builtin();
  for (const char* lesson : {"scenarios/net_echo.js", "scenarios/net_two_clients.js"}) {
    ScenarioResult r = load_lesson(source_path(lesson));
    REQUIRE(std::holds_alternative<Scenario>(r));
    SessionOptions o;
    o.mode = Mode::step;
    o.policy = ReleasePolicy::lowest();
    o.backend = BackendKind::epoll;
    Session s(std::get<Scenario>(std::move(r)), o);
    s.start();
    s.step_to_end();
    const Recording& rec = s.recording();
    std::set<Kind> seen;
    for (size_t i = 0; i < rec.size(); ++i) {
      const Event e = rec[i];
      const RequestInfo* ri = rec.info().requests.has(e.req) ? &rec.info().requests.get(e.req) : nullptr;
      if (!kSocketKinds.count(e.kind) && !is_socket(ri, rec.info())) continue;
      seen.insert(e.kind);
      const LoopState after = rec.state_at(i);
      const std::string head = n.describe(e, rec.info(), after, false), body = n.describe(e, rec.info(), after, true);
      CAPTURE(lesson);
      CAPTURE(i + 1);
      CAPTURE(head);
      CAPTURE(body);
      CHECK(head != kind_name(e.kind));
      CHECK(head.find('{') == std::string::npos);
      CHECK(body.find('{') == std::string::npos);
      CHECK(head.find(" on -") == std::string::npos);
      for (const char* file_words : {"uv_fs_", "sandbox", "worker writes", "INIT fills", "FSReqCallback"}) CHECK(body.find(file_words) == std::string::npos);
    }
    for (Kind k : kSocketKinds) {
      CAPTURE(kind_name(k));
      CHECK(seen.count(k));
    }
  }
}
