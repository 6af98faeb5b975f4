// Programs written for the Node oracle: what `loopstep run --format console` prints, in Run
// mode and in Step mode, equals what `node` prints running the `loopstep export-js` program.
// Every callback's arguments (success and error, every operation) and the loop time when
// timers are started late: from I/O callbacks that ran after a long wait, from immediates,
// from timers.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "tests/posix_support.h"
#include "tests/support.h"

using namespace loopstep::test;
namespace fs = std::filesystem;

namespace {

std::string cli() { return std::string("'") + LOOPSTEP_CLI + "'"; }

bool has_node() { return sh("command -v node >/dev/null 2>&1").status == 0; }

fs::path write_scenario(const std::string& stem, const std::string& body) {
  static int counter = 0;
  fs::path p = fs::temp_directory_path() /
               ("loopstep_oracle_" + stem + "_" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + ".toml");
  std::ofstream(p) << "title = \"" << stem << "\"\nteaches = \"oracle\"\n" << body;
  return p;
}

// node's output for the exported program; loopstep's in both modes must equal it (digits of
// fds masked: they differ between processes).
void check_against_node(const std::string& stem, const std::string& body, const std::string& expected) {
  fs::path toml = write_scenario(stem, body);
  fs::path js = toml;
  js.replace_extension(".js");
  REQUIRE(sh(cli() + " export-js '" + toml.string() + "' > '" + js.string() + "'").status == 0);
  Output node = sh("node '" + js.string() + "' 2>&1");
  Output run = sh(cli() + " run '" + toml.string() + "' --format console 2>&1");
  Output step = sh(cli() + " run '" + toml.string() + "' --mode step --format console 2>&1");
  fs::remove(toml);
  fs::remove(js);
  const std::regex fd_digits("(onOpenW? null) [0-9]+");
  auto masked = [&](const std::string& s) { return std::regex_replace(s, fd_digits, "$1 N"); };
  CHECK(node.status == 0);
  CHECK(masked(node.out) == expected);
  CHECK(masked(run.out) == expected);
  CHECK(masked(step.out) == expected);
}

// One callback per operation, each logging its arguments and starting the next, so that the
// order is the same in every run.
std::string logs_then(const std::string& name, const std::string& next_call) {
  return "[[callbacks." + name + "]]\ncall = \"console.log\"\nargs = [\"" + name + "\", \"{err}\", \"{result}\", \"{data}\"]\n" +
         (next_call.empty() ? "" : "[[callbacks." + name + "]]\n" + next_call);
}

}  // namespace

TEST_CASE("node oracle: every callback gets the arguments Node passes, on success and on error") {
  if (!has_node()) {
    MESSAGE("node is not installed: the Node oracle is skipped");
    return;
  }
  std::string body =
      "backend = \"epoll\"\n[files]\n\"a.txt\" = \"hello\"\n"
      "[[main]]\ncall = \"setTimeout\"\ndelay_ms = 1\ncallback = \"onTimeout\"\n" +
      logs_then("onTimeout", "call = \"setImmediate\"\ncallback = \"onImmediate\"\n") +
      logs_then("onImmediate", "call = \"process.nextTick\"\ncallback = \"onTick\"\n") +
      logs_then("onTick", "call = \"Promise.then\"\ncallback = \"onThen\"\n") +
      logs_then("onThen", "call = \"fs.open\"\npath = \"a.txt\"\nsave_as = \"fd\"\ncallback = \"onOpen\"\n") +
      logs_then("onOpen", "call = \"fs.open\"\npath = \"missing.txt\"\nexpect_error = \"ENOENT\"\ncallback = \"onOpenErr\"\n") +
      logs_then("onOpenErr", "call = \"fs.stat\"\npath = \"a.txt\"\ncallback = \"onStat\"\n") +
      logs_then("onStat", "call = \"fs.stat\"\npath = \"missing.txt\"\nexpect_error = \"ENOENT\"\ncallback = \"onStatErr\"\n") +
      logs_then("onStatErr", "call = \"fs.fstat\"\nfd = \"fd\"\ncallback = \"onFstat\"\n") +
      logs_then("onFstat", "call = \"fs.read\"\nfd = \"fd\"\nlength = 8\ncallback = \"onRead\"\n") +
      logs_then("onRead", "call = \"fs.read\"\nfd = \"fd\"\nlength = 8\ncallback = \"onReadEof\"\n") +
      logs_then("onReadEof", "call = \"fs.write\"\nfd = \"fd\"\ndata = \"xy\"\nexpect_error = \"EBADF\"\ncallback = \"onWriteErr\"\n") +
      logs_then("onWriteErr", "call = \"fs.close\"\nfd = \"fd\"\ncallback = \"onClose\"\n") +
      logs_then("onClose", "call = \"fs.close\"\nfd = \"fd\"\nexpect_error = \"EBADF\"\ncallback = \"onCloseErr\"\n") +
      logs_then("onCloseErr", "call = \"fs.read\"\nfd = \"fd\"\nexpect_error = \"EBADF\"\ncallback = \"onReadErr\"\n") +
      logs_then("onReadErr", "call = \"fs.fstat\"\nfd = \"fd\"\nexpect_error = \"EBADF\"\ncallback = \"onFstatErr\"\n") +
      logs_then("onFstatErr", "call = \"fs.unlink\"\npath = \"missing.txt\"\nexpect_error = \"ENOENT\"\ncallback = \"onUnlinkErr\"\n") +
      logs_then("onUnlinkErr", "call = \"fs.open\"\npath = \"b.txt\"\nflags = \"w\"\nsave_as = \"wfd\"\ncallback = \"onOpenW\"\n") +
      logs_then("onOpenW", "call = \"fs.write\"\nfd = \"wfd\"\ndata = \"xyz\"\ncallback = \"onWrite\"\n") +
      logs_then("onWrite", "call = \"fs.unlink\"\npath = \"b.txt\"\ncallback = \"onUnlink\"\n") +
      logs_then("onUnlink", "call = \"pool.work\"\nwork_ms = 1\ncallback = \"onWork\"\n") + logs_then("onWork", "");
  check_against_node("callback_args", body,
                     "onTimeout undefined undefined undefined\n"
                     "onImmediate undefined undefined undefined\n"
                     "onTick undefined undefined undefined\n"
                     "onThen undefined undefined undefined\n"
                     "onOpen null N undefined\n"
                     "onOpenErr ENOENT undefined undefined\n"
                     "onStat null 5 undefined\n"
                     "onStatErr ENOENT undefined undefined\n"
                     "onFstat null 5 undefined\n"
                     "onRead null 5 hello\n"
                     "onReadEof null 0 \n"
                     "onWriteErr EBADF 0 xy\n"
                     "onClose null undefined undefined\n"
                     "onCloseErr EBADF undefined undefined\n"
                     "onReadErr EBADF 0 \n"
                     "onFstatErr EBADF undefined undefined\n"
                     "onUnlinkErr ENOENT undefined undefined\n"
                     "onOpenW null N undefined\n"
                     "onWrite null 3 xyz\n"
                     "onUnlink null undefined undefined\n"
                     "onWork null undefined undefined\n");
}

namespace {

// A timer in main, CPU work on the pool that completes after a long wait, and timers started
// from its callback, from an immediate that callback queued, and from the first timer.
const char* kLateTimers =
    "backend = \"epoll\"\n"
    "[[main]]\ncall = \"setTimeout\"\ndelay_ms = 150\ncallback = \"onA\"\n"
    "[[main]]\ncall = \"pool.work\"\nwork_ms = 100\ncallback = \"onWork\"\n"
    "[[callbacks.onWork]]\ncall = \"setTimeout\"\ndelay_ms = 100\ncallback = \"onB\"\n"
    "[[callbacks.onWork]]\ncall = \"setImmediate\"\ncallback = \"onImmediate\"\n"
    "[[callbacks.onImmediate]]\ncall = \"setTimeout\"\ndelay_ms = 100\ncallback = \"onC\"\n"
    "[[callbacks.onA]]\ncall = \"console.log\"\nargs = [\"A\"]\n"
    "[[callbacks.onA]]\ncall = \"setTimeout\"\ndelay_ms = 10\ncallback = \"onD\"\n"
    "[[callbacks.onB]]\ncall = \"console.log\"\nargs = [\"B\"]\n"
    "[[callbacks.onC]]\ncall = \"console.log\"\nargs = [\"C\"]\n"
    "[[callbacks.onD]]\ncall = \"console.log\"\nargs = [\"D\"]\n";

}  // namespace

TEST_CASE("node oracle: timers started late count from the loop time after the wait, as in Node") {
  if (!has_node()) {
    MESSAGE("node is not installed: the Node oracle is skipped");
    return;
  }
  // The work ends at 100 ms (Node: whenever pbkdf2 ends, later on a busy machine): B and C
  // are due 100 ms after that, behind A (150) and D (A + 10), even when A fires up to 90 ms
  // late. A loop time left from before the wait would make B and C due at 100, before A.
  check_against_node("late_timers", kLateTimers, "A\nD\nB\nC\n");
}
