// Sockets in TOML lessons (issue 17: "give the TOML format the same operations"): the bundled
// scenarios/net_echo.toml's exact sequence on epoll and on iocp (IOCP semantics on io_uring),
// the same output as its JS twin, every handle closed, req_count 0 and no fd left, and a
// refused connect reaching the lesson's 'error' listener. The parser's refusals are
// tests/bad_scenarios/net_*.toml.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "core/net/tcp_io.h"
#include "tests/posix_support.h"
#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;

namespace {

SessionOptions options(Mode m, BackendKind b, ReleasePolicy p = ReleasePolicy::lowest()) {
  SessionOptions o;
  o.mode = m;
  o.backend = b;
  o.policy = p;
  return o;
}

std::unique_ptr<Session> run(const Scenario& sc, SessionOptions o) { return run_scenario(sc, o).session; }

const std::vector<std::string> kEchoOutput = {
    "main: the script is done; the loop takes over",
    "server: listening on an ephemeral port: true",
    "server: a client connected",
    "client: connected",
    "server: received \"hello\"",
    "client: echoed back \"hello\"",
    "server: the client ended its side",
    "server: the connection is closed",
    "server: closed",
    "client: the server ended its side",
    "client: closed, hadError = false",
};

void check_sequence(BackendKind backend, const std::vector<std::string>& expected) {
  const Scenario sc = load_scenario("scenarios/net_echo.toml");
  auto s = run(sc, options(Mode::step, backend));
  REQUIRE(s->stop_reason() == "");
  const std::vector<std::string> got = socket_sequence(s->recording());
  std::ostringstream all;
  for (const std::string& line : got) all << "    \"" << line << "\",\n";
  INFO("the sequence got:\n" << all.str());
  CHECK(got == expected);
  CHECK(console_lines(s->recording()) == kEchoOutput);
  CHECK(socket_invariants(s->recording()) == "");
  CHECK(count(s->recording(), Kind::work_submit) == 0);  // sockets never go through the pool
  auto again = run(sc, options(Mode::step, backend));
  CHECK(socket_sequence(again->recording()) == got);
}

}  // namespace

TEST_CASE("net toml: the echo lesson's exact sequence on epoll, step by step") {
  check_sequence(BackendKind::epoll, {
#include "tests/net_toml_echo_sequence.inc"
  });
}

TEST_CASE("net toml: the echo lesson's exact sequence on iocp (IOCP semantics on io_uring), step by step") {
  check_sequence(BackendKind::iocp, {
#include "tests/net_toml_echo_sequence_iocp.inc"
  });
}

TEST_CASE("net toml: the echo lesson closes every handle, ends with req_count 0 and leaks no fd, on both backends") {
  const Scenario sc = load_scenario("scenarios/net_echo.toml");
  const int fds_before = tcp::open_fds();
  for (BackendKind b : {BackendKind::epoll, BackendKind::iocp})
    for (const SessionOptions& o : {options(Mode::run, b), options(Mode::step, b, ReleasePolicy::random(3)),
                                    options(Mode::step, b, ReleasePolicy::random(11))}) {
      CAPTURE(static_cast<int>(b));
      CAPTURE(static_cast<int>(o.mode));
      auto s = run(sc, o);
      CHECK(s->stop_reason() == "");
      CHECK(console_lines(s->recording()) == kEchoOutput);
      CHECK(socket_invariants(s->recording()) == "");
      CHECK(count(s->recording(), Kind::completion_post) == count(s->recording(), Kind::completion_take));
    }
  CHECK_MESSAGE(tcp::open_fds() == fds_before, open_fd_list());
}

TEST_CASE("net toml: the echo lesson prints what its JS twin prints under node") {
  if (sh("command -v node >/dev/null 2>&1").status != 0) return;
  const Output node = sh("node '" + source_path("scenarios/net_echo.js") + "' 2>&1");
  REQUIRE(node.status == 0);
  std::string toml;
  for (const std::string& line : kEchoOutput) toml += line + "\n";
  CHECK(toml == node.out);
}

TEST_CASE("net toml: a connect to a closed server's port reaches the 'error' listener with ECONNREFUSED") {
  const Scenario sc = load_scenario("tests/data/net_refused.toml");
  for (BackendKind b : {BackendKind::epoll, BackendKind::iocp})
    for (Mode m : {Mode::run, Mode::step}) {
      CAPTURE(static_cast<int>(b));
      auto s = run(sc, options(m, b));
      CHECK(s->stop_reason() == "");
      CHECK(console_lines(s->recording()) == std::vector<std::string>{"server: closed", "client: error ECONNREFUSED", "client: closed"});
      CHECK(socket_invariants(s->recording()) == "");
    }
}

TEST_CASE("net toml: a socket error with no 'error' listener ends the program as node's uncaught error does") {
  std::string text;
  {
    std::ifstream in(source_path("tests/data/net_refused.toml"));
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  const std::string listener = "[[callbacks.onServerClose]]\ncall = \"socket.on\"\nsocket = \"client\"\nevent = \"error\"\ncallback = \"onError\"\n";
  REQUIRE(text.find(listener) != std::string::npos);
  text.erase(text.find(listener), listener.size());
  ScenarioResult r = parse_scenario_text(text, "no_listener.toml");
  REQUIRE(std::holds_alternative<Scenario>(r));
  auto s = run(std::get<Scenario>(r), options(Mode::step, BackendKind::epoll));
  CHECK(s->recording().info().exit_code == 1);
  CHECK(count(s->recording(), Kind::js_exit) == 1);
}
