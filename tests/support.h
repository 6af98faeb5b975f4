// Test helpers: run a bundled scenario, check the invariants of DESIGN §4, compare sequences.
#pragma once
#include <string>
#include <tuple>
#include <vector>

#include "core/record/recording.h"
#include "core/scenario/scenario.h"
#include "core/engine/session.h"

namespace loopstep::test {

std::string source_path(const std::string& relative);  // inside the repository
Scenario load_scenario(const std::string& relative);    // fails the test on a parse error
// A TOML lesson's text parsed as the file `name`; fails the test on an error.
Scenario parse_text(const std::string& text, const std::string& name);
// A TOML lesson of a title, a "teaches" line and `body`, parsed as t.toml.
Scenario parse_body(const std::string& body);
// scenarios/*.toml, sorted: the correct engine's lessons (the bug-hunt lessons, whose planted
// engine_bug breaks invariants under some interleavings by design, are bug_lessons()).
std::vector<std::string> bundled_scenarios();
std::vector<std::string> bug_lessons();                 // scenarios/*.{toml,js} with an engine_bug, sorted

struct RunResult {
  std::unique_ptr<Session> session;
  const Recording& rec() const { return session->recording(); }
};
RunResult run_scenario(const Scenario& sc, SessionOptions o);
SessionOptions run_options(Mode m, BackendKind b, ReleasePolicy p = ReleasePolicy::lowest());
RunResult run_article_000();  // scenarios/fs_open_iocp.toml in Step mode, the lesson's own policy

// (kind, thread, fn) triples: the shape of a trace, times and handle values aside.
using Shape = std::vector<std::tuple<std::string, uint16_t, std::string>>;
Shape shape(const Recording& rec);
// (kind, thread, req, fn, value-class): what Step mode must reproduce exactly.
std::vector<std::string> step_signature(const Recording& rec);
std::vector<std::string> console_lines(const Recording& rec);
size_t count(const Recording& rec, Kind k);

// Every invariant of DESIGN §4; returns "" or what broke.
std::string check_invariants(const Recording& rec);

// What the sockets did, in order: handles, epoll, the loop thread's syscalls, requests,
// callbacks and the console (no phases, ticks or alive checks), as "kind fn".
std::vector<std::string> socket_sequence(const Recording& rec);
// check_invariants, and every socket handle made was closed and none is active at the end.
std::string socket_invariants(const Recording& rec);

// The bundled TOML socket lessons and what each prints (node prints the same for its
// export-js program: tests/net_toml_test.cpp).
struct SocketLesson {
  std::string file;
  std::vector<std::string> output;
};
const std::vector<SocketLesson>& socket_lessons();

}  // namespace loopstep::test
