// The engine process protocol, served in this process (no child): what `loopstep engine`
// prints for a list of commands. Runs on Linux and, cross-built, under Wine.
#include <doctest/doctest.h>

#include <sstream>

#include "core/remote/engine_protocol.h"
#include "core/trace/jsonl.h"
#include "tests/support.h"

namespace loopstep {
namespace {

using nlohmann::json;

struct Served {
  int status = 0;
  std::vector<json> lines;
  std::vector<json> statuses() const {
    std::vector<json> out;
    for (const json& j : lines)
      if (j.contains("status")) out.push_back(j);
    return out;
  }
  // The events, read back as an app would.
  Recording recording() const {
    auto info = std::make_shared<RunInfo>();
    read_jsonl_header(lines.at(0), *info, [](const std::string& w) { FAIL(w); });
    Recording rec(info);
    for (size_t i = 1; i < lines.size(); ++i) {
      if (lines[i].contains("status")) continue;
      Event e;
      REQUIRE(read_jsonl_event(lines[i], *info, rec.size(), &e) == "");
      rec.append(e);
    }
    return rec;
  }
};

Served serve(const std::string& scenario, const std::string& commands, SessionOptions o = {}) {
  o.mode = Mode::step;
  Session session(test::load_scenario(scenario), o);
  std::istringstream in(commands);
  std::ostringstream out;
  Served s;
  s.status = serve_engine(session, in, out);
  std::istringstream lines(out.str());
  for (std::string line; std::getline(lines, line);) {
    json j = json::parse(line, nullptr, false);
    REQUIRE_MESSAGE(j.is_object(), line);
    s.lines.push_back(j);
  }
  return s;
}

std::string repeat(const std::string& line, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += line + "\n";
  return out;
}

TEST_CASE("engine protocol: a header, then one status per command, and steps are the in-process session's") {
  const std::string file = "scenarios/fs_open_iocp.toml";
  Served s = serve(file, repeat(R"({"cmd":"step"})", 10) + R"({"cmd":"stop"})" "\n");
  CHECK(s.status == 0);
  REQUIRE(s.lines.at(0).contains("loopstep"));
  CHECK(s.lines[0]["title"] == "fs.open on Windows: the completion port");
  const std::vector<json> st = s.statuses();
  REQUIRE(st.size() == 12);  // the unasked one at step 0, ten steps, the stop
  for (int i = 0; i <= 10; ++i) {
    CHECK(st[i]["status"] == "parked");
    CHECK(st[i]["events"] == i);  // each step adds exactly one event
    CHECK(!st[i]["candidates"].empty());
  }
  CHECK(st[11]["status"] == "end");
  // The same ten steps in this process, with the same policy, give the same events and the
  // same candidates at every step.
  SessionOptions o;
  o.mode = Mode::step;
  Session direct(test::load_scenario(file), o);
  direct.start();
  for (int i = 0; i < 10; ++i) {
    std::vector<Candidate> c = direct.candidates();
    REQUIRE(st[i]["candidates"].size() == c.size());
    for (size_t k = 0; k < c.size(); ++k) {
      CHECK(st[i]["candidates"][k]["thread"] == c[k].thread);
      CHECK(st[i]["candidates"][k]["kind"] == kind_name(c[k].pending.kind));
    }
    CHECK(st[i]["choice"] == direct.policy_choice());
    direct.step();
  }
  Recording served = s.recording();
  std::vector<std::string> got = test::step_signature(served);
  std::vector<std::string> want = test::step_signature(direct.recording());
  REQUIRE(got.size() >= 10);
  got.resize(10);
  want.resize(10);
  CHECK(got == want);
}

TEST_CASE("engine protocol: bad commands are refused with their line, and nothing moves") {
  Served s = serve("scenarios/fs_open_iocp.toml",
                   "{\"cmd\":\"step\"}\n"
                   "not json\n"
                   "{\"cmd\":\"jump\"}\n"
                   "{\"cmd\":\"release\",\"thread\":7}\n"
                   "{\"cmd\":\"release\"}\n"
                   "{\"cmd\":\"breakpoints\",\"list\":[{\"kind\":\"nap\"}]}\n"
                   "{\"cmd\":\"breakpoints\",\"list\":[{\"colour\":1}]}\n"
                   "{\"cmd\":\"breakpoints\",\"list\":[{}]}\n"
                   "{\"cmd\":\"pause\"}\n");
  const std::vector<json> st = s.statuses();
  REQUIRE(st.size() == 11);  // step 0, nine commands, and the stop that the end of input is
  CHECK(st[1]["events"] == 1);
  CHECK(st[2]["message"] == "command line 2: expected a JSON object with a \"cmd\" string, e.g. {\"cmd\":\"step\"}");
  CHECK(st[3]["message"] == "command line 3: unknown command 'jump' (expected step, release, breakpoints, run, pause, stop)");
  CHECK(st[4]["message"] == "command line 4: thread 7 is not parked; it cannot be released");
  CHECK(st[5]["message"] == "command line 5: release needs \"thread\": a thread number");
  CHECK(st[6]["message"] == "command line 6: unknown breakpoint kind");
  CHECK(st[7]["message"] == "command line 7: unknown breakpoint field 'colour' (expected kind, thread, req, req_count, line)");
  CHECK(st[8]["message"] == "command line 8: a breakpoint needs at least one of kind, thread, req, req_count, line");
  CHECK(st[9]["status"] == "parked");  // the pause: still at one event
  CHECK(st[9]["events"] == 1);
  CHECK(st[10]["status"] == "end");
  CHECK(s.recording().size() == 1);
}

// A command that arrives stops a run: these runs come last, so only the end of input
// follows them, which does not (the child-process tests pause a run for real).
TEST_CASE("engine protocol: run stops at a breakpoint") {
  Served s = serve("scenarios/fs_open_iocp.toml",
                   "{\"cmd\":\"breakpoints\",\"list\":[{\"kind\":\"syscall_begin\",\"thread\":1},{\"req_count\":0,\"kind\":\"req_count_dec\"}]}\n"
                   "{\"cmd\":\"run\"}\n");
  const std::vector<json> st = s.statuses();
  REQUIRE(st.size() == 4);
  CHECK(st[1]["status"] == "parked");  // the breakpoints
  CHECK(st[2]["stopped"] == "breakpoint");
  CHECK(st[3]["status"] == "end");
  Recording rec = s.recording();
  // The first of the two to match: the worker's syscall comes before the loop's req_count 0.
  REQUIRE(rec.size() == st[2]["events"].get<size_t>());
  CHECK(rec.back().kind == Kind::syscall_begin);
  CHECK(rec.back().thread == 1);
  CHECK(test::count(rec, Kind::req_count_dec) == 0);
}

TEST_CASE("engine protocol: release steps the thread asked for, not the policy's pick") {
  // Step until the worker is parked beside the loop thread.
  const std::string file = "scenarios/fs_open_iocp.toml";
  SessionOptions o;
  o.mode = Mode::step;
  Session direct(test::load_scenario(file), o);
  direct.start();
  int steps = 0;
  auto worker_parked = [&] {
    for (const Candidate& c : direct.candidates())
      if (c.thread == 1) return true;
    return false;
  };
  while (!worker_parked() || direct.policy_choice() == 1) {
    REQUIRE(direct.step());
    ++steps;
  }
  Served s = serve(file, repeat(R"({"cmd":"step"})", steps) + R"({"cmd":"release","thread":1})" "\n");
  const std::vector<json> st = s.statuses();
  REQUIRE(st.size() == size_t(steps) + 3);
  CHECK(st[steps]["choice"] == 0);  // the policy would take the loop thread
  CHECK(st[steps + 1]["status"] == "parked");
  Recording rec = s.recording();
  REQUIRE(rec.size() == size_t(steps) + 1);
  CHECK(rec.back().thread == 1);
}

TEST_CASE("engine protocol: run to the end, then the end of input, with counters back to zero") {
  for (const std::string& file : test::bundled_scenarios()) {
    CAPTURE(file);
    SessionOptions o;
    o.mode = Mode::step;
#ifdef _WIN32
    o.backend = BackendKind::iocp;  // Windows has no epoll: every scenario on the native port
#endif
    Served s = serve(file, "{\"cmd\":\"run\"}\n", o);
    const std::vector<json> st = s.statuses();
    REQUIRE(st.size() == 3);  // step 0, the run (to the end), the stop of the end of input
    CHECK(st[1]["status"] == "end");
    CHECK(st[1]["reason"] == "");
    Recording rec = s.recording();
    CHECK(st[1]["events"] == rec.size());
    CHECK(test::check_invariants(rec) == "");
    CHECK(rec.tail_state().req_count == 0);
    CHECK(test::count(rec, Kind::completion_post) == test::count(rec, Kind::completion_take));
    // The same as stepping to the end in this process.
    test::RunResult direct = test::run_scenario(test::load_scenario(file), o);
    CHECK(test::step_signature(rec) == test::step_signature(direct.rec()));
  }
}

}  // namespace
}  // namespace loopstep
