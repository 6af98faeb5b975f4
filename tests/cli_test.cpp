// The command line as a user runs it: exit codes, error messages, the article's story in
// text, and the Node oracle (the exported program prints what the engine prints).
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "tests/posix_support.h"
#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;
namespace fs = std::filesystem;

namespace {

std::string cli() { return std::string("'") + LOOPSTEP_CLI + "'"; }

fs::path temp_file(const std::string& stem, const std::string& ext) {
  static int counter = 0;
  return fs::temp_directory_path() / (stem + "_" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + ext);
}

bool has_node() { return sh("command -v node >/dev/null 2>&1").status == 0; }

}  // namespace

TEST_CASE("cli: run prints the article 000 story, step by step") {
  Output o = sh(cli() + " run '" + source_path("scenarios/fs_open_iocp.toml") + "' --mode step");
  REQUIRE(o.status == 0);
  const char* story[] = {"creates the loop's completion port", "req_count 1", "CreateThread starts thread 1",
                         "the loop blocks in GetQueuedCompletionStatus", "calls open(2) on '1.txt'",
                         "PostQueuedCompletionStatus: packet for request #1", "GetQueuedCompletionStatus returns",
                         "req_count 0", "onOpen() starts on the loop thread", "console.log: Result:  ",
                         "uv_run returns: the loop has exited"};
  size_t at = 0;
  for (const char* line : story) {
    CAPTURE(line);
    size_t p = o.out.find(line, at);
    CHECK(p != std::string::npos);
    if (p != std::string::npos) at = p;
  }
  CHECK(o.out.find("IOCP (emulated on Linux)") != std::string::npos);
}

TEST_CASE("cli: a broken scenario gives file:line:column and exit code 1, and creates nothing") {
  fs::path bad = temp_file("broken", ".toml");
  std::ofstream(bad) << "title = \"t\"\nteaches = \"t\"\n[[main]]\ncall = \"fs.open\"\npath = \"../etc/passwd\"\ncallback = \"cb\"\n[callbacks]\ncb = []\n";
  // A private $TMPDIR: a refused scenario must not even create its sandbox folder.
  char templ[] = "/tmp/loopstep-cli-tmp-XXXXXX";
  fs::path tmp = ::mkdtemp(templ);
  for (const char* cmd : {" run ", " check "}) {
    Output o = sh("TMPDIR='" + tmp.string() + "' " + cli() + cmd + "'" + bad.string() + "' 2>&1");
    CHECK(o.status == 1);
    CHECK(o.out.find(bad.string() + ":5:8: ") != std::string::npos);
    CHECK(o.out.find("escapes the sandbox") != std::string::npos);
  }
  CHECK(fs::is_empty(tmp));
  fs::remove_all(tmp);
  fs::remove(bad);
}

TEST_CASE("cli: usage errors exit with 2, check of a good file with 0") {
  CHECK(sh(cli() + " run 2>/dev/null").status == 2);
  CHECK(sh(cli() + " run '" + source_path("scenarios/fs_open_iocp.toml") + "' --backend kqueue 2>/dev/null").status == 2);
  CHECK(sh(cli() + " run '" + source_path("scenarios/fs_open_iocp.toml") + "' --policy sometimes 2>/dev/null").status == 2);
  CHECK(sh(cli() + " --frobnicate 2>/dev/null").status == 2);
  Output ok = sh(cli() + " check '" + source_path("scenarios/pool_saturation.toml") + "'");
  CHECK(ok.status == 0);
  CHECK(ok.out.find(": ok: ") != std::string::npos);
  CHECK(sh(cli() + " check /nonexistent/x.toml 2>/dev/null").status == 1);
}

TEST_CASE("cli: jsonl has a header saying what is real and what is modeled, then one object per event") {
  Output o = sh(cli() + " run '" + source_path("scenarios/fs_stat_epoll_pool.toml") + "' --format jsonl");
  REQUIRE(o.status == 0);
  std::istringstream in(o.out);
  std::string line;
  REQUIRE(std::getline(in, line));
  auto header = nlohmann::json::parse(line);
  CHECK(header["backend"] == "epoll");
  CHECK(header["layers"]["js"] == "modeled");
  CHECK(header["layers"]["binding"] == "modeled");
  CHECK(header["layers"]["kernel"] == "real");
  uint64_t seq = 0;
  bool saw_cause = false;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    for (const char* k : {"seq", "t_ns", "thread", "layer", "kind", "fn", "req", "value", "cause", "text"}) CHECK(j.contains(k));
    CHECK(j["seq"] == seq++);
    if (j["kind"] == "completion_take") {
      CHECK(j["cause"].is_number());
      saw_cause = true;
    }
  }
  CHECK(saw_cause);
}

TEST_CASE("cli: the chrome trace binds each completion's post to its take with flow events") {
  fs::path out = temp_file("trace", ".json");
  Output o = sh(cli() + " run '" + source_path("scenarios/pool_saturation.toml") + "' --chrome-trace '" + out.string() + "' >/dev/null");
  REQUIRE(o.status == 0);
  std::ifstream in(out);
  auto doc = nlohmann::json::parse(in);
  int starts = 0, finishes = 0, slices = 0, names = 0;
  for (auto& e : doc["traceEvents"]) {
    if (e["ph"] == "s") ++starts;
    if (e["ph"] == "f") { ++finishes; CHECK(e["bp"] == "e"); }
    if (e["ph"] == "X" || e["ph"] == "i") ++slices;
    if (e["ph"] == "M" && e["name"] == "thread_name") ++names;
  }
  CHECK(starts == 5);
  CHECK(finishes == 5);
  CHECK(slices > 100);
  CHECK(names == 5);  // the loop thread and 4 workers
  fs::remove(out);
}

TEST_CASE("cli: run and check accept a saved recording and replay it without an engine") {
  fs::path rec = temp_file("replay", ".jsonl"), again = temp_file("replay-again", ".jsonl"), trace = temp_file("replay", ".json");
  const std::string lesson = source_path("scenarios/open_read_close_chain.toml");
  REQUIRE(sh(cli() + " run '" + lesson + "' --mode step --format jsonl --out '" + rec.string() + "'").status == 0);
  // Replayed as jsonl it is the same file, byte for byte.
  REQUIRE(sh(cli() + " run '" + rec.string() + "' --format jsonl --out '" + again.string() + "'").status == 0);
  std::ifstream a(rec), b(again);
  std::string sa((std::istreambuf_iterator<char>(a)), {}), sb((std::istreambuf_iterator<char>(b)), {});
  CHECK(sa == sb);
  // The console lines the recording holds (fds differ from run to run, so not a second run's).
  std::string console;
  std::istringstream lines(sa);
  for (std::string l; std::getline(lines, l);) {
    auto j = nlohmann::json::parse(l);
    if (j.value("kind", "") == "console") console += j["text"].get<std::string>() + "\n";
  }
  CHECK(console.find("read 5 hello") != std::string::npos);
  CHECK(sh(cli() + " run '" + rec.string() + "' --format console").out == console);
  Output text = sh(cli() + " run '" + rec.string() + "' --chrome-trace '" + trace.string() + "'");
  CHECK(text.status == 0);
  CHECK(text.out.find("mode: step (replayed from a recording)") != std::string::npos);
  CHECK(fs::file_size(trace) > 0);
  Output refused = sh(cli() + " run '" + rec.string() + "' --backend epoll 2>&1");
  CHECK(refused.status == 2);
  CHECK(refused.out == rec.string() + ": --backend does not apply to a recording: it replays what was recorded\n");
  Output check = sh(cli() + " check '" + rec.string() + "'");
  CHECK(check.status == 0);
  CHECK(check.out.rfind(rec.string() + ": ok: a recording of ", 0) == 0);
  Output missing = sh(cli() + " run '" + rec.string() + ".gone.jsonl' 2>&1");
  CHECK(missing.status == 1);
  fs::remove(rec);
  fs::remove(again);
  fs::remove(trace);
}

TEST_CASE("node oracle: the exported program prints what loopstep run prints") {
  if (!has_node()) {
    MESSAGE("node is not installed: the Node oracle is skipped");
    return;
  }
  // Not deterministic in either program, so not compared: ticks_and_microtasks (in the main
  // module, setTimeout(0) against setImmediate depends on the clock) and pool_saturation
  // (five stats finish in whatever order four workers and the scheduler give).
  const std::set<std::string> nondeterministic = {"scenarios/ticks_and_microtasks.toml", "scenarios/pool_saturation.toml"};
  const std::regex digits("[0-9]+");  // fds differ between the two processes
  for (const auto& f : bundled_scenarios()) {
    if (nondeterministic.count(f)) continue;
    CAPTURE(f);
    fs::path js = temp_file("oracle", ".js");
    REQUIRE(sh(cli() + " export-js '" + source_path(f) + "' > '" + js.string() + "'").status == 0);
    Output node = sh("node '" + js.string() + "'");
    Output ours = sh(cli() + " run '" + source_path(f) + "' --format console");
    fs::remove(js);
    CHECK(node.status == 0);
    CHECK(ours.status == 0);
    CHECK(std::regex_replace(node.out, digits, "N") == std::regex_replace(ours.out, digits, "N"));
    CHECK(!ours.out.empty());
  }
}
