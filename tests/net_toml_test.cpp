// Sockets in TOML lessons (issue 17: "give the TOML format the same operations"), what needs
// Linux or node (the sequences and outputs on every backend are tests/net_lessons_test.cpp):
// every bundled TOML socket lesson printing what its export-js program prints under node, and
// leaving no fd open; a queued write, 'drain' and the write's callback in node's order; a write
// over the bound stopping the run; an error without a listener. The parser's refusals are
// tests/bad_scenarios/net_*.toml.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/net/tcp_io.h"
#include "core/scenario/export_js.h"
#include "tests/posix_support.h"
#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;

namespace {

std::unique_ptr<Session> run(const Scenario& sc, SessionOptions o) { return run_scenario(sc, o).session; }

std::string file_text(const std::string& path) {
  std::ifstream in(source_path(path));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("net toml: every socket lesson leaves no fd open, on both backends, in Run and Step mode") {
  const int fds_before = tcp::open_fds();
  for (const SocketLesson& lesson : socket_lessons())
    for (BackendKind b : {BackendKind::epoll, BackendKind::iocp})
      for (Mode m : {Mode::run, Mode::step}) {
        CAPTURE(lesson.file);
        auto s = run(load_scenario(lesson.file), run_options(m, b));
        CHECK(s->stop_reason() == "");
      }
  CHECK_MESSAGE(tcp::open_fds() == fds_before, open_fd_list());
}

TEST_CASE("net toml: the echo lesson prints what its JS twin prints under node") {
  if (sh("command -v node >/dev/null 2>&1").status != 0) return;
  const Output node = sh("node '" + source_path("scenarios/net_echo.js") + "' 2>&1");
  REQUIRE(node.status == 0);
  std::string toml;
  for (const std::string& line : socket_lessons().front().output) toml += line + "\n";
  CHECK(toml == node.out);
}

TEST_CASE("net toml: every socket lesson prints what node prints for its export-js program") {
  if (sh("command -v node >/dev/null 2>&1").status != 0) {
    MESSAGE("node is not installed: skipping the comparison with node");
    return;
  }
  for (const SocketLesson& lesson : socket_lessons()) {
    CAPTURE(lesson.file);
    const std::filesystem::path js = std::filesystem::temp_directory_path() /
                                     ("loopstep_net_export_" + std::to_string(::getpid()) + ".js");
    std::ofstream(js) << export_js(load_scenario(lesson.file));
    const Output node = sh("node '" + js.string() + "' 2>&1");
    std::filesystem::remove(js);
    CHECK(node.status == 0);
    std::string expected;
    for (const std::string& line : lesson.output) expected += line + "\n";
    CHECK(node.out == expected);
  }
}

TEST_CASE("net toml: a 4 MiB write is uv_try_write, then the rest as a uv_write_t request, read by the server in many chunks") {
  for (BackendKind b : {BackendKind::epoll, BackendKind::iocp}) {
    CAPTURE(static_cast<int>(b));
    auto s = run(load_scenario("scenarios/net_drain.toml"), run_options(Mode::step, b));
    REQUIRE(s->stop_reason() == "");
    std::vector<std::string> seq;  // every event as kind and function
    for (const Event& e : s->recording().events())
      seq.push_back(std::string(kind_name(e.kind)) + " " + std::string(s->recording().info().strings.str(e.fn)));
    // The client's one write: what the kernel took at once, then the rest as a request that
    // req_count counts.
    auto try_write = std::find(seq.begin(), seq.end(), "uv_call uv_try_write");
    REQUIRE(try_write != seq.end());
    auto queued = std::find(try_write, seq.end(), "req_init uv_write_t");
    REQUIRE(queued != seq.end());
    CHECK(*std::next(queued) == "req_count_inc uv__req_register");
    // The server read it in many chunks before the write completed.
    CHECK(std::count_if(seq.begin(), seq.end(), [](const std::string& e) { return e == "callback_begin onStreamRead"; }) > 2);
    CHECK(socket_invariants(s->recording()) == "");
  }
}

TEST_CASE("net toml: a write the kernel takes at once calls back in afterWriteTick, with no 'drain' even past 16 KiB") {
  // The client writes 5 bytes, then 20,000: both fit the kernel's buffer at once, so each
  // calls back in a nextTick (node's afterWriteTick) with err null. Node 20 decides write()'s
  // value by what is still pending after the write: nothing, so it returns true, and no
  // 'drain' comes (node prints the same for this program).
  const Scenario sc = parse_body(R"([[main]]
call = "net.listen"
save_as = "server"
on_connection = "onConnection"
accept_as = "conn"
callback = "onListening"
[[callbacks.onConnection]]
call = "socket.on"
socket = "conn"
event = "data"
callback = "onData"
[callbacks]
onData = []
[[callbacks.onListening]]
call = "net.connect"
server = "server"
save_as = "client"
callback = "onConnect"
[[callbacks.onListening]]
call = "socket.on"
socket = "client"
event = "drain"
callback = "onDrain"
[[callbacks.onConnect]]
call = "socket.write"
socket = "client"
data = "small"
callback = "onSmall"
[[callbacks.onConnect]]
call = "socket.write"
socket = "client"
data = "x"
repeat = 20000
callback = "onBig"
[[callbacks.onSmall]]
call = "console.log"
args = ["small written, err =", "{err}"]
[[callbacks.onBig]]
call = "console.log"
args = ["big written, err =", "{err}"]
[[callbacks.onBig]]
call = "socket.destroy"
socket = "client"
[[callbacks.onBig]]
call = "server.close"
server = "server"
[[callbacks.onDrain]]
call = "console.log"
args = ["drain"]
)");
  for (BackendKind b : {BackendKind::epoll, BackendKind::iocp}) {
    CAPTURE(static_cast<int>(b));
    auto s = run(sc, run_options(Mode::step, b));
    REQUIRE(s->stop_reason() == "");
    CHECK(console_lines(s->recording()) == std::vector<std::string>{"small written, err = null", "big written, err = null"});
    const std::vector<std::string> seq = socket_sequence(s->recording());
    CHECK(std::count(seq.begin(), seq.end(), "callback_begin afterWriteTick") == 2);
    CHECK(std::count(seq.begin(), seq.end(), "req_init uv_write_t") == 0);
    CHECK(socket_invariants(s->recording()) == "");
  }
}

TEST_CASE("net toml: a write of {data} over 64 MiB stops the run at its statement") {
  std::string text = file_text("scenarios/net_echo.toml");
  const std::string echo = "call = \"socket.write\"\nsocket = \"conn\"\ndata = \"{data}\"\n";
  REQUIRE(text.find(echo) != std::string::npos);
  text.insert(text.find(echo) + echo.size(), "repeat = 16777216\n");  // "hello" (5 bytes) times 16 Mi: 80 MiB
  const int fds_before = tcp::open_fds();
  auto s = run(parse_text(text, "echo_big.toml"), run_options(Mode::step, BackendKind::epoll));
  CHECK(s->stop_reason().find("echo_big.toml:") == 0);
  CHECK(s->stop_reason().find("socket.write would write 83886080 bytes; one write is at most 67108864 bytes (64 MiB)") != std::string::npos);
  s.reset();  // the stopped run's sockets are closed with it
  CHECK_MESSAGE(tcp::open_fds() == fds_before, open_fd_list());
}

TEST_CASE("net toml: a socket error with no 'error' listener ends the program as node's uncaught error does") {
  std::string text = file_text("scenarios/net_refused.toml");
  const std::string listener = "[[callbacks.onServerClose]]\ncall = \"socket.on\"\nsocket = \"client\"\nevent = \"error\"\ncallback = \"onError\"\n";
  REQUIRE(text.find(listener) != std::string::npos);
  text.erase(text.find(listener), listener.size());
  auto s = run(parse_text(text, "no_listener.toml"), run_options(Mode::step, BackendKind::epoll));
  CHECK(s->recording().info().exit_code == 1);
  CHECK(count(s->recording(), Kind::js_exit) == 1);
}
