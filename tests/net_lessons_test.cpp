// The bundled TOML socket lessons on every backend this build has (issue 17), on Linux and in
// the Windows build under Wine, where iocp is the native completion port: the echo lesson's
// exact sequence step by step; every socket lesson printing what node prints (the list is
// tests/support.cpp's socket_lessons()) in Run mode and in Step mode with several release
// policies; every handle closed, req_count 0 and every packet taken once.
#include <doctest/doctest.h>

#include <sstream>

#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;

namespace {

#ifdef _WIN32
const BackendKind kBackends[] = {BackendKind::iocp};  // the native completion port; Windows has no epoll
#else
const BackendKind kBackends[] = {BackendKind::epoll, BackendKind::iocp};
#endif

// The native port's operations are the calls themselves ("AcceptEx"); on Linux the emulated
// port names its io_uring stand-in ("AcceptEx (IOCP semantics on io_uring: IORING_OP_ACCEPT)").
std::vector<std::string> on_this_port(std::vector<std::string> expected) {
#ifdef _WIN32
  for (std::string& line : expected)
    if (size_t at = line.find(" (IOCP semantics on io_uring: "); at != std::string::npos) line.resize(at);
#endif
  return expected;
}

void check_sequence(BackendKind backend, const std::vector<std::string>& expected) {
  const SocketLesson& echo = socket_lessons().front();
  const Scenario sc = load_scenario(echo.file);
  auto s = run_scenario(sc, run_options(Mode::step, backend)).session;
  REQUIRE(s->stop_reason() == "");
  const std::vector<std::string> got = socket_sequence(s->recording());
  std::ostringstream all;
  for (const std::string& line : got) all << "    \"" << line << "\",\n";
  INFO("the sequence got:\n" << all.str());
  CHECK(got == expected);
  CHECK(console_lines(s->recording()) == echo.output);
  CHECK(socket_invariants(s->recording()) == "");
  CHECK(count(s->recording(), Kind::work_submit) == 0);  // sockets never go through the pool
  auto again = run_scenario(sc, run_options(Mode::step, backend)).session;
  CHECK(socket_sequence(again->recording()) == got);
}

}  // namespace

TEST_CASE("net lessons: the echo lesson's exact sequence on epoll, step by step") {
  check_sequence(BackendKind::epoll, {
#include "tests/net_toml_echo_sequence.inc"
  });
}

TEST_CASE("net lessons: the echo lesson's exact sequence on iocp, step by step (the native port on Windows)") {
  check_sequence(BackendKind::iocp, on_this_port({
#include "tests/net_toml_echo_sequence_iocp.inc"
  }));
}

TEST_CASE("net lessons: every socket lesson prints node's output in Run and Step mode, closes every handle, takes every packet once") {
  for (const SocketLesson& lesson : socket_lessons()) {
    const Scenario sc = load_scenario(lesson.file);
    for (BackendKind b : kBackends)
      for (const SessionOptions& o : {run_options(Mode::run, b), run_options(Mode::step, b), run_options(Mode::step, b, ReleasePolicy::random(3)),
                                      run_options(Mode::step, b, ReleasePolicy::random(11))}) {
        CAPTURE(lesson.file);
        CAPTURE(static_cast<int>(b));
        CAPTURE(static_cast<int>(o.mode));
        auto s = run_scenario(sc, o).session;
        CHECK(s->stop_reason() == "");
        CHECK(console_lines(s->recording()) == lesson.output);
        CHECK(socket_invariants(s->recording()) == "");
        CHECK(count(s->recording(), Kind::work_submit) == 0);
        CHECK(count(s->recording(), Kind::completion_post) == count(s->recording(), Kind::completion_take));
      }
  }
}

namespace {

size_t named(const Recording& rec, Kind k, std::string_view prefix) {
  size_t n = 0;
  for (const Event& e : rec.events())
    if (e.kind == k && rec.info().strings.str(e.fn).starts_with(prefix)) ++n;
  return n;
}

// What the program sees, in order: its callbacks, its output, its handles' ends (the posts,
// packets and waits of the extra accepts come between them).
std::vector<std::string> program_order(std::vector<std::string> seq) {
  std::erase_if(seq, [](const std::string& line) {
    return !line.starts_with("callback_begin") && !line.starts_with("console") && !line.starts_with("handle_closed");
  });
  return seq;
}

}  // namespace

TEST_CASE("net lessons: with simultaneous_accepts = 32 a server keeps 32 AcceptEx pending, each comes back once, and the lesson runs as with one") {
  // node's servers keep libuv's 32 (uv_simultaneous_server_accepts); the kernel picks which
  // pending accept a connection completes, and Step mode must not care which.
  for (const SocketLesson& lesson : socket_lessons()) {
    Scenario one = load_scenario(lesson.file);
    one.config.simultaneous_accepts = 1;
    Scenario many = one;
    many.config.simultaneous_accepts = kMaxSimultaneousAccepts;
    const std::vector<std::string> with_one =
        program_order(socket_sequence(run_scenario(one, run_options(Mode::step, BackendKind::iocp)).session->recording()));
    for (const SessionOptions& o : {run_options(Mode::run, BackendKind::iocp), run_options(Mode::step, BackendKind::iocp),
                                    run_options(Mode::step, BackendKind::iocp, ReleasePolicy::random(5))}) {
      CAPTURE(lesson.file);
      CAPTURE(static_cast<int>(o.mode));
      auto s = run_scenario(many, o).session;
      const Recording& rec = s->recording();
      CHECK(s->stop_reason() == "");
      CHECK(console_lines(rec) == lesson.output);
      CHECK(socket_invariants(rec) == "");
      CHECK(count(rec, Kind::completion_post) == count(rec, Kind::completion_take));
      // 32 at listen, one more after each connection accepted; every one's packet taken once,
      // as a connection or, at the server's close, aborted.
      const size_t connections = named(rec, Kind::binding_call, "TCPWrap::OnConnection");
      CHECK(named(rec, Kind::syscall_end, "AcceptEx") == kMaxSimultaneousAccepts + connections);
      CHECK(named(rec, Kind::uv_call, "uv__process_tcp_accept_req") == kMaxSimultaneousAccepts + connections);
      if (o.mode != Mode::step) continue;
      // With one connection the other pending accepts change nothing the program sees; with
      // two the second is accepted at once (net_two_clients: B connects before A's data is
      // read). Either way Step mode repeats itself, whichever accept the kernel completed.
      if (connections <= 1) CHECK(program_order(socket_sequence(rec)) == with_one);
      CHECK(socket_sequence(run_scenario(many, o).session->recording()) == socket_sequence(rec));
    }
  }
}
