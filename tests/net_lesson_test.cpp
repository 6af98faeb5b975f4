// Sockets (issue 17, phase 1: epoll): the echo lesson's exact sequence, the bundled socket
// lessons' invariants (every handle closed, req_count 0, no fd leaked), 1,000 connections in
// Run mode, on epoll and on iocp (IOCP semantics on io_uring), the refusals (a non-loopback address), a run stopped by a limit
// with sockets open, and a peer that goes away mid-write.
#include <doctest/doctest.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/net/tcp_io.h"
#include "core/node/lesson_check.h"
#include "tests/posix_support.h"
#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;
namespace fs = std::filesystem;

namespace {

bool node_here() { return sh("command -v node >/dev/null 2>&1").status == 0; }

// A lesson written to a file of its own (removed after), loaded as the CLI loads it.
struct Lesson {
  fs::path path;
  explicit Lesson(const std::string& text) {
    static int n = 0;
    path = fs::temp_directory_path() / ("net_lesson_" + std::to_string(::getpid()) + "_" + std::to_string(++n) + ".js");
    std::ofstream(path, std::ios::binary) << text;
  }
  ~Lesson() {
    std::error_code ec;
    fs::remove(path, ec);
  }
  Scenario load() const { return loaded(path.string()); }
  static Scenario loaded(const std::string& file) {
    ScenarioResult r = load_lesson(file);
    if (auto* e = std::get_if<ScenarioError>(&r)) FAIL(e->format());
    return std::get<Scenario>(std::move(r));
  }
};

SessionOptions mode(Mode m, ReleasePolicy p = ReleasePolicy::lowest(), BackendKind b = BackendKind::epoll) {
  SessionOptions o;
  o.mode = m;
  o.policy = p;
  o.backend = b;
  return o;
}

std::unique_ptr<Session> run(const Scenario& sc, SessionOptions o) {
  auto s = std::make_unique<Session>(sc, o);
  s->start();
  if (o.mode == Mode::step) s->step_to_end();
  else s->run_to_end();
  return s;
}

std::string fn(const Recording& rec, const Event& e) { return std::string(rec.info().strings.str(e.fn)); }

// What the sockets did, in order: handles, epoll, the loop thread's syscalls, requests,
// callbacks and the console (no phases, ticks or alive checks).
std::vector<std::string> socket_sequence(const Recording& rec) {
  static const std::set<Kind> kinds = {Kind::handle_init, Kind::handle_start, Kind::handle_stop, Kind::io_ctl,
                                       Kind::io_ready, Kind::handle_close, Kind::handle_closed, Kind::syscall_end,
                                       Kind::req_init, Kind::req_count_inc, Kind::req_count_dec, Kind::callback_begin,
                                       Kind::console, Kind::wait_end, Kind::read_start, Kind::read_stop};
  std::vector<std::string> out;
  for (const Event& e : rec.events())
    if (kinds.count(e.kind)) out.push_back(std::string(kind_name(e.kind)) + " " + fn(rec, e));
  return out;
}

// Every socket handle made was closed, requests are back to 0, the run ended normally.
std::string socket_invariants(const Recording& rec) {
  if (std::string broke = check_invariants(rec); !broke.empty()) return broke;
  std::set<uint32_t> made, closed;
  int64_t active = 0;
  for (const Event& e : rec.events()) {
    if (e.kind == Kind::handle_init) made.insert(e.req);
    if (e.kind == Kind::handle_closed) closed.insert(e.req);
    if (e.kind == Kind::handle_start || e.kind == Kind::handle_stop) active = e.value;
  }
  if (made != closed) return std::to_string(made.size()) + " handles made, " + std::to_string(closed.size()) + " closed";
  if (active != 0) return std::to_string(active) + " handles still active at the end";
  return "";
}

// What this process holds open, for the message when a count does not match.
std::string open_fd_list() { return sh("ls -l /proc/" + std::to_string(::getpid()) + "/fd | sed 1d | sed 's/.* -> //'").out; }

const char* const kSocketLessons[] = {"scenarios/net_echo.js", "scenarios/net_two_clients.js", "scenarios/net_refused.js",
                                      "scenarios/net_drain.js"};

// 1,000 clients, 50 connected at a time; each sends its number and the server answers.
const char* const kThousandConnections =
    "const net = require('net');\n"
    "const TOTAL = 1000, AT_ONCE = 50;\n"
    "let started = 0, done = 0, answers = 0;\n"
    "const server = net.createServer((s) => { s.on('data', (d) => s.end('ok ' + d)); });\n"
    "function one(port) {\n"
    "  const c = net.connect(port, '127.0.0.1', () => c.write(String(started)));\n"
    "  ++started;\n"
    "  c.on('data', () => ++answers);\n"
    "  c.on('close', () => {\n"
    "    if (++done === TOTAL) { console.log('connections', done, 'answers', answers); server.close(); }\n"
    "    else if (started < TOTAL) one(port);\n"
    "  });\n"
    "}\n"
    "server.listen(0, '127.0.0.1', () => { for (let i = 0; i < AT_ONCE; ++i) one(server.address().port); });\n";

}  // namespace

TEST_CASE("net: the echo lesson's exact sequence on epoll, step by step") {
  if (!node_here()) return;
  const Scenario sc = Lesson::loaded(source_path("scenarios/net_echo.js"));
  auto s = run(sc, mode(Mode::step));
  REQUIRE(s->stop_reason() == "");
  const std::vector<std::string> got = socket_sequence(s->recording());
  const std::vector<std::string> expected = {
#include "tests/net_echo_sequence.inc"
  };
  std::ostringstream all;
  for (const std::string& line : got) all << "    \"" << line << "\",\n";
  INFO("the sequence got:\n" << all.str());
  CHECK(got == expected);
  // The same seed gives the same sequence again.
  auto again = run(sc, mode(Mode::step));
  CHECK(socket_sequence(again->recording()) == got);
}

TEST_CASE("net: every bundled socket lesson closes every handle, ends with req_count 0 and leaks no fd") {
  if (!node_here()) return;
  const int fds_before = tcp::open_fds();
  for (const char* file : kSocketLessons) {
    const Scenario sc = Lesson::loaded(source_path(file));
    for (const SessionOptions& o : {mode(Mode::run), mode(Mode::step, ReleasePolicy::random(3)), mode(Mode::step, ReleasePolicy::random(11))}) {
      CAPTURE(file);
      CAPTURE(static_cast<int>(o.mode));
      auto s = run(sc, o);
      CHECK(s->stop_reason() == "");
      CHECK(socket_invariants(s->recording()) == "");
    }
  }
  CHECK_MESSAGE(tcp::open_fds() == fds_before, open_fd_list());
}

TEST_CASE("net: Step mode with a random seed repeats itself exactly in every socket lesson") {
  if (!node_here()) return;
  for (const char* file : kSocketLessons) {
    CAPTURE(file);
    const Scenario sc = Lesson::loaded(source_path(file));
    const auto first = step_signature(run(sc, mode(Mode::step, ReleasePolicy::random(17)))->recording());
    CHECK(step_signature(run(sc, mode(Mode::step, ReleasePolicy::random(17)))->recording()) == first);
  }
}

TEST_CASE("net: 1,000 connections in Run mode complete with every handle closed") {
  if (!node_here()) return;
  Lesson lesson(kThousandConnections);
  const int fds_before = tcp::open_fds();
  const auto t0 = std::chrono::steady_clock::now();
  auto s = run(lesson.load(), mode(Mode::run));
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  MESSAGE("1,000 connections in Run mode: " << secs << " s, " << s->recording().events().size() << " events");
  REQUIRE(s->stop_reason() == "");
  CHECK(console_lines(s->recording()) == std::vector<std::string>{"connections 1000 answers 1000"});
  CHECK(socket_invariants(s->recording()) == "");
  size_t accepted = 0;
  for (const Event& e : s->recording().events())
    if (e.kind == Kind::syscall_end && fn(s->recording(), e) == "accept4" && e.value >= 0) ++accepted;
  CHECK(accepted == 1000);
  s.reset();  // the session's own epoll fd, eventfds and sandbox go with it
  CHECK_MESSAGE(tcp::open_fds() == fds_before, open_fd_list());
}

TEST_CASE("net: a non-loopback address is refused with EACCES before any socket exists") {
  if (!node_here()) return;
  Lesson lesson(
      "const net = require('net');\n"
      "const c = net.connect(80, '10.1.2.3', () => console.log('connected'));\n"
      "c.on('error', (err) => console.log(err.code, err.syscall, err.address, err.port, '|', err.message));\n"
      "c.on('close', (hadError) => console.log('close', hadError));\n");
  for (Mode m : {Mode::run, Mode::step}) {
    auto s = run(lesson.load(), mode(m));
    CHECK(s->stop_reason() == "");
    CHECK(console_lines(s->recording()) ==
          std::vector<std::string>{"EACCES connect 10.1.2.3 80 | connect EACCES 10.1.2.3:80 - loopstep: a lesson's sockets use the "
                                   "loopback address 127.0.0.1 only; 10.1.2.3 was refused before any packet was sent",
                                   "close true"});
    for (const Event& e : s->recording().events()) CHECK(e.kind != Kind::syscall_begin);  // no socket(2), no connect(2)
    CHECK(socket_invariants(s->recording()) == "");
  }
}

TEST_CASE("net: a loopback port the run never listened on (another program's) is refused with EACCES, no packet sent") {
  if (!node_here()) return;
  // Another program's service on this machine: a listening socket of the test's own.
  int other = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  REQUIRE(other >= 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  REQUIRE(::bind(other, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  REQUIRE(::listen(other, 4) == 0);
  REQUIRE(::getsockname(other, reinterpret_cast<sockaddr*>(&a), &len) == 0);
  const std::string port = std::to_string(ntohs(a.sin_port));
  Lesson lesson("const net = require('net');\n"
                "const c = net.connect(" + port + ", '127.0.0.1', () => console.log('connected'));\n"
                "c.on('error', (err) => console.log(err.code, '|', err.message));\n");
  auto s = run(lesson.load(), mode(Mode::run));
  CHECK(console_lines(s->recording()) ==
        std::vector<std::string>{"EACCES | connect EACCES 127.0.0.1:" + port + " - loopstep: a lesson connects only to ports its own "
                                 "servers listen on (or listened on); port " + port + " was refused before any packet was sent"});
  CHECK(::accept(other, nullptr, nullptr) < 0);  // nothing reached it
  ::close(other);
}

TEST_CASE("net iocp: the echo lesson's exact sequence on IOCP semantics on io_uring, step by step") {
  if (!node_here()) return;
  const Scenario sc = Lesson::loaded(source_path("scenarios/net_echo.js"));
  auto s = run(sc, mode(Mode::step, ReleasePolicy::lowest(), BackendKind::iocp));
  REQUIRE(s->stop_reason() == "");
  std::vector<std::string> got = socket_sequence(s->recording());
  // The packets and what the loop does with each, on top of the shared socket events.
  std::vector<std::string> expected = {
#include "tests/net_echo_sequence_iocp.inc"
  };
  std::ostringstream all;
  for (const std::string& line : got) all << "    \"" << line << "\",\n";
  INFO("the sequence got:\n" << all.str());
  CHECK(got == expected);
  auto again = run(sc, mode(Mode::step, ReleasePolicy::lowest(), BackendKind::iocp));
  CHECK(socket_sequence(again->recording()) == got);
  CHECK(count(s->recording(), Kind::completion_post) == count(s->recording(), Kind::completion_take));
}

TEST_CASE("net iocp: every bundled socket lesson closes every handle, takes every packet once and leaks no fd") {
  if (!node_here()) return;
  const int fds_before = tcp::open_fds();
  for (const char* file : kSocketLessons) {
    const Scenario sc = Lesson::loaded(source_path(file));
    for (const SessionOptions& o : {mode(Mode::run, ReleasePolicy::lowest(), BackendKind::iocp),
                                    mode(Mode::step, ReleasePolicy::random(3), BackendKind::iocp),
                                    mode(Mode::step, ReleasePolicy::random(11), BackendKind::iocp)}) {
      CAPTURE(file);
      CAPTURE(static_cast<int>(o.mode));
      auto s = run(sc, o);
      CHECK(s->stop_reason() == "");
      CHECK(socket_invariants(s->recording()) == "");
      CHECK(count(s->recording(), Kind::completion_post) == count(s->recording(), Kind::completion_take));
    }
  }
  CHECK_MESSAGE(tcp::open_fds() == fds_before, open_fd_list());
}

TEST_CASE("net iocp: Step mode with a random seed repeats itself exactly in every socket lesson") {
  if (!node_here()) return;
  for (const char* file : kSocketLessons) {
    CAPTURE(file);
    const Scenario sc = Lesson::loaded(source_path(file));
    const auto first = step_signature(run(sc, mode(Mode::step, ReleasePolicy::random(17), BackendKind::iocp))->recording());
    CHECK(step_signature(run(sc, mode(Mode::step, ReleasePolicy::random(17), BackendKind::iocp))->recording()) == first);
  }
}

TEST_CASE("net iocp: 1,000 connections in Run mode complete with every handle closed and no fd left") {
  if (!node_here()) return;
  Lesson lesson(kThousandConnections);
  const int fds_before = tcp::open_fds();
  auto s = run(lesson.load(), mode(Mode::run, ReleasePolicy::lowest(), BackendKind::iocp));
  REQUIRE(s->stop_reason() == "");
  CHECK(console_lines(s->recording()) == std::vector<std::string>{"connections 1000 answers 1000"});
  CHECK(socket_invariants(s->recording()) == "");
  CHECK(count(s->recording(), Kind::completion_post) == count(s->recording(), Kind::completion_take));
  s.reset();  // the session's port, its io_uring and sandbox go with it
  CHECK_MESSAGE(tcp::open_fds() == fds_before, open_fd_list());
}

TEST_CASE("net: a lesson stopped by max_events or max_run_ms with sockets open leaks nothing, and the next run works") {
  if (!node_here()) return;
  // A server and a client that talk forever; the limit stops them mid-conversation.
  Lesson lesson(
      "/* loopstep\n[limits]\nmax_events = 3000\n*/\n"
      "const net = require('net');\n"
      "const server = net.createServer((s) => s.on('data', (d) => s.write(d)));\n"
      "server.listen(0, '127.0.0.1', () => {\n"
      "  const c = net.connect(server.address().port, '127.0.0.1', () => c.write('ping'));\n"
      "  c.on('data', (d) => c.write(d));\n"
      "});\n");
  // The same conversation stopped by the clock instead (Run mode: Step mode's clock is virtual).
  Lesson timed(
      "/* loopstep\n[limits]\nmax_run_ms = 1500\n*/\n"
      "const net = require('net');\n"
      "const server = net.createServer((s) => s.on('data', (d) => s.write(d)));\n"
      "server.listen(0, '127.0.0.1', () => {\n"
      "  const c = net.connect(server.address().port, '127.0.0.1', () => c.write('ping'));\n"
      "  c.on('data', (d) => c.write(d));\n"
      "});\n");
  const int fds_before = tcp::open_fds();
  for (Mode m : {Mode::run, Mode::step}) {
    auto s = run(lesson.load(), mode(m));
    CHECK(s->stop_reason().find("max_events") != std::string::npos);
    CHECK(count(s->recording(), Kind::handle_init) >= 3);
  }
  {
    auto s = run(timed.load(), mode(Mode::run));
    CHECK(s->stop_reason().find("max_run_ms") != std::string::npos);
    CHECK(count(s->recording(), Kind::handle_init) >= 3);
  }
  CHECK_MESSAGE(tcp::open_fds() == fds_before, open_fd_list());
  auto next = run(Lesson::loaded(source_path("scenarios/net_echo.js")), mode(Mode::run));
  CHECK(next->stop_reason() == "");
  CHECK(socket_invariants(next->recording()) == "");
  next.reset();
  CHECK_MESSAGE(tcp::open_fds() == fds_before, open_fd_list());
}

TEST_CASE("net: a peer that destroys its socket mid-write: the writer gets node's error, nothing leaks") {
  if (!node_here()) return;
  // The server reads the first chunk and destroys the connection while 8 MiB are queued.
  Lesson lesson(
      "const net = require('net');\n"
      "const server = net.createServer((s) => { s.once('data', () => { s.destroy(); server.close(); }); });\n"
      "server.listen(0, '127.0.0.1', () => {\n"
      "  const c = net.connect(server.address().port, '127.0.0.1', () => c.write(Buffer.alloc(8 << 20, 'y')));\n"
      "  c.on('error', (err) => console.log('client error', ['ECONNRESET', 'EPIPE'].includes(err.code), err.syscall));\n"
      "  c.on('close', (hadError) => console.log('client close', hadError));\n"
      "});\n");
  const int fds_before = tcp::open_fds();
  Output node = sh("cd '" + lesson.path.parent_path().string() + "' && node '" + lesson.path.string() + "' 2>&1");
  REQUIRE(node.status == 0);
  for (const SessionOptions& o : {mode(Mode::run), mode(Mode::step), mode(Mode::step, ReleasePolicy::random(5))}) {
    auto s = run(lesson.load(), o);
    CHECK(s->stop_reason() == "");
    std::string out;
    for (const std::string& l : console_lines(s->recording())) out += l + "\n";
    CHECK(out == node.out);
    CHECK(socket_invariants(s->recording()) == "");
  }
  CHECK_MESSAGE(tcp::open_fds() == fds_before, open_fd_list());
}
