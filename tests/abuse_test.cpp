// Abuse (issue 13): inputs that once crashed loopstep, grew it without bound, or reached what
// they must not. Each case is the smallest input that showed the failure.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <thread>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/scenario/export_js.h"
#include "core/trace/narration.h"
#include "core/trace/recording_file.h"
#include "core/trace/trace_io.h"
#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;

namespace {

Scenario from_text(const std::string& text) {
  ScenarioResult r = parse_scenario_text(text, "abuse.toml");
  if (auto* e = std::get_if<ScenarioError>(&r)) FAIL(e->format());
  return std::get<Scenario>(std::move(r));
}

const char* kHeader = "title = \"abuse\"\nteaches = \"bounds\"\n";

// The deepest nesting of callbacks: 1 when every callback returns before the next starts.
int callback_depth(const Recording& rec) {
  int depth = 0, deepest = 0;
  for (const Event& e : rec.events()) {
    if (e.kind == Kind::callback_begin) deepest = std::max(deepest, ++depth);
    if (e.kind == Kind::callback_end) --depth;
  }
  return deepest;
}

const char* kRecHeader = "{\"loopstep\":1}\n";
const char* kEvent0 = "{\"seq\":0,\"thread\":0,\"layer\":\"libuv\",\"kind\":\"loop_init\",\"fn\":\"uv_loop_init\",\"req\":0,\"value\":0}\n";

std::string event1(const std::string& value, const std::string& extra = "") {
  return "{\"seq\":1,\"thread\":0,\"layer\":\"libuv\",\"kind\":\"alive_check\",\"fn\":\"x\",\"req\":0,\"value\":" + value +
         extra + "}\n";
}

LoadedRecording read_text(const std::string& text) {
  std::istringstream in(text);
  return read_jsonl(in, "r.jsonl");
}

struct TempDir {
  std::filesystem::path dir;
  TempDir() {
    char templ[] = "/tmp/loopstep-abuse-XXXXXX";
    dir = ::mkdtemp(templ);
  }
  ~TempDir() { std::filesystem::remove_all(dir); }
};

std::vector<std::string> entries(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  for (auto& e : std::filesystem::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// `loopstep run FILE` with TMPDIR=tmpdir; returns its pid.
pid_t spawn_cli(const std::string& file, const std::string& tmpdir) {
  std::string tmp_env = "TMPDIR=" + tmpdir;
  std::vector<char*> argv{const_cast<char*>(LOOPSTEP_CLI), const_cast<char*>("run"), const_cast<char*>(file.c_str()),
                          const_cast<char*>("--format"), const_cast<char*>("console"), nullptr};
  std::vector<char*> envp{tmp_env.data(), nullptr};
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  REQUIRE(::posix_spawn(&pid, LOOPSTEP_CLI, &fa, nullptr, argv.data(), envp.data()) == 0);
  posix_spawn_file_actions_destroy(&fa);
  return pid;
}

}  // namespace

TEST_CASE("abuse: a request whose thread is refused fails from the pending queue, never recursing, and the run ends") {
  // Every spawn refused: each callback retries, its retry fails at once. Delivered inside the
  // call this recursed once per failure until the stack overflowed (issue 13.1).
  Scenario sc = from_text(std::string(kHeader) + "workers = \"per-request\"\n[limits]\nmax_events = 20000\n"
                          "[files]\n\"a.txt\" = \"x\"\n"
                          "[[main]]\ncall = \"fs.stat\"\npath = \"a.txt\"\ncallback = \"again\"\n"
                          "[[callbacks.again]]\ncall = \"fs.stat\"\npath = \"a.txt\"\ncallback = \"again\"\n");
  for (Mode m : {Mode::run, Mode::step}) {
    SessionOptions o;
    o.mode = m;
    o.fail_thread_spawns_after = 0;
    auto r = run_scenario(sc, o);
    CHECK(callback_depth(r.rec()) == 1);
    CHECK(r.session->stop_reason() == "stopped at the limit of 20000 events (limits.max_events)");
    CHECK(r.rec().back().kind == Kind::limit);
    // libuv's order: the failure is queued (uv__io_feed) and delivered by uv__run_pending.
    std::vector<std::string> fns;
    for (const Event& e : r.rec().events())
      if (e.kind == Kind::uv_call && e.req == 1) fns.emplace_back(r.rec().info().strings.str(e.fn));
    CHECK(std::find(fns.begin(), fns.end(), "uv__io_feed") < std::find(fns.begin(), fns.end(), "uv__run_pending"));
  }
}

TEST_CASE("abuse: a variable closed once reaches no fd, even when a later open reuses its number") {
  // close fa; open fb (the same number); close fa again: EBADF, and fb stays open (issue 13.10).
  Scenario sc = from_text(std::string(kHeader) + "[files]\n\"a.txt\" = \"a\"\n\"b.txt\" = \"bb\"\n"
                          "[[main]]\ncall = \"fs.open\"\npath = \"a.txt\"\nsave_as = \"fa\"\ncallback = \"opened_a\"\n"
                          "[[callbacks.opened_a]]\ncall = \"fs.close\"\nfd = \"fa\"\ncallback = \"closed_a\"\n"
                          "[[callbacks.closed_a]]\ncall = \"fs.open\"\npath = \"b.txt\"\nsave_as = \"fb\"\ncallback = \"opened_b\"\n"
                          "[[callbacks.opened_b]]\ncall = \"fs.close\"\nfd = \"fa\"\ncallback = \"stale\"\n"
                          "[[callbacks.stale]]\ncall = \"console.log\"\nargs = [\"stale close:\", \"{err}\"]\n"
                          "[[callbacks.stale]]\ncall = \"fs.fstat\"\nfd = \"fb\"\ncallback = \"live\"\n"
                          "[[callbacks.live]]\ncall = \"console.log\"\nargs = [\"fb:\", \"{err}\", \"{result}\"]\n");
  for (WorkerModel w : {WorkerModel::pool, WorkerModel::per_request}) {
    SessionOptions o;
    o.mode = Mode::step;
    o.workers = w;
    auto r = run_scenario(sc, o);
    CHECK(console_lines(r.rec()) == std::vector<std::string>{"stale close: EBADF", "fb: null 2"});
    CHECK(check_invariants(r.rec()) == "");
  }
}

TEST_CASE("abuse: a recording value beyond int64 is refused at its line, not wrapped to -1") {
  LoadedRecording l = read_text(std::string(kRecHeader) + kEvent0 + event1("18446744073709551615"));
  CHECK(l.recording->size() == 1);
  REQUIRE(l.warnings.size() == 1);
  CHECK(l.warnings[0] == "r.jsonl:3: value out of range; the recording is loaded up to the event before");
  CHECK(read_text(std::string(kRecHeader) + kEvent0 + event1("9223372036854775807")).recording->size() == 2);
}

TEST_CASE("abuse: a recording line over 16 MiB, or with more values than an event has, is refused without being built") {
  LoadedRecording huge = read_text(std::string(kRecHeader) + kEvent0 + event1("0", ",\"pad\":\"" + std::string(17 << 20, 'x') + "\""));
  CHECK(huge.recording->size() == 1);
  REQUIRE(huge.warnings.size() == 1);
  CHECK(huge.warnings[0] == "r.jsonl:3: the line is longer than 16 MiB; the recording is loaded up to the event before");
  std::string keys;
  for (int i = 0; i < 8300; ++i) keys += ",\"k" + std::to_string(i) + "\":0";
  LoadedRecording wide = read_text(std::string(kRecHeader) + kEvent0 + event1("0", keys));
  CHECK(wide.recording->size() == 1);
  REQUIRE(wide.warnings.size() == 1);
  CHECK(wide.warnings[0] == "r.jsonl:3: more than 8192 values in one line; the recording is loaded up to the event before");
  LoadedRecording deep = read_text(std::string(kRecHeader) + kEvent0 + event1("0", ",\"k\":[[[[0]]]]"));
  REQUIRE(deep.warnings.size() == 1);
  CHECK(deep.warnings[0] == "r.jsonl:3: nested deeper than 4 levels; the recording is loaded up to the event before");
}

TEST_CASE("abuse: only regular files open as recordings: a FIFO without a writer, a device, an oversized file") {
  TempDir tmp;
  std::string fifo = (tmp.dir / "fifo.jsonl").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(load_recording(fifo).error == fifo + ": cannot open: a FIFO, not a regular file");  // before: blocked in open()
  CHECK(load_recording("/dev/zero").error == "/dev/zero: cannot open: a character device, not a regular file");
  // The CLI and the window read a scenario the same way: a FIFO without a writer is an error, not a hang.
  ScenarioResult sc = parse_scenario_file(fifo);
  REQUIRE(std::holds_alternative<ScenarioError>(sc));
  CHECK(std::get<ScenarioError>(sc).format() == fifo + ":1:1: cannot read file: a FIFO with no writer");
  std::string big = (tmp.dir / "big.jsonl").string();
  { std::ofstream(big) << kRecHeader; }
  REQUIRE(::truncate(big.c_str(), (off_t{2} << 30) + 1) == 0);  // sparse: nothing is written
  CHECK(load_recording(big).error == big + ": the recording is 2147483649 bytes; the limit is 2 GiB");
}

TEST_CASE("abuse: SIGINT, SIGTERM and SIGHUP remove the run's sandbox, then end the process with that signal") {
  TempDir tmp;
  const std::string file = (tmp.dir / "slow.toml").string();
  std::ofstream(file) << kHeader << "[files]\n\"scenario_file.txt\" = \"x\"\n"
                      << "[[main]]\ncall = \"fs.stat\"\npath = \"scenario_file.txt\"\nlatency_ms = 60000\ncallback = \"cb\"\n[callbacks]\ncb = []\n";
  const std::filesystem::path sandboxes = tmp.dir / "tmp";
  std::filesystem::create_directory(sandboxes);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    CAPTURE(sig);
    pid_t pid = spawn_cli(file, sandboxes.string());
    // Wait (unbounded: ctest's timeout catches a hang) until the sandbox holds the scenario's file.
    auto has_sandbox = [&] {
      for (auto& e : std::filesystem::directory_iterator(sandboxes))
        if (std::filesystem::exists(e.path() / "scenario_file.txt")) return true;
      return false;
    };
    while (!has_sandbox()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(::kill(pid, sig) == 0);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == sig);
    CHECK(entries(sandboxes).empty());
  }
}

TEST_CASE("abuse: a run removes the sandboxes of owners that are gone, never a live one's") {
  TempDir tmp;
  const std::filesystem::path sandboxes = tmp.dir / "tmp";
  std::filesystem::create_directory(sandboxes);
  // A killed run's folder: its pid is not alive (pid_max is below 2^22 on Linux) and nobody holds its lock.
  std::filesystem::create_directories(sandboxes / "loopstep-4194305-dead01" / "sub");
  std::ofstream(sandboxes / "loopstep-4194305-dead01" / "sub" / "file.txt") << "left behind";
  // A live owner: this test process's pid and its lock.
  const std::string live = "loopstep-" + std::to_string(::getpid()) + "-live01";
  std::filesystem::create_directory(sandboxes / live);
  int lock = ::open((sandboxes / live).c_str(), O_RDONLY | O_DIRECTORY);
  REQUIRE(::flock(lock, LOCK_EX) == 0);
  // Another process's folder whose pid is recycled by a live process but whose lock is held: kept too.
  const std::string locked = "loopstep-4194306-held01";
  std::filesystem::create_directory(sandboxes / locked);
  int held = ::open((sandboxes / locked).c_str(), O_RDONLY | O_DIRECTORY);
  REQUIRE(::flock(held, LOCK_EX) == 0);
  std::filesystem::create_directory(sandboxes / "not-loopstep-1");
  const std::string file = (tmp.dir / "quick.toml").string();
  std::ofstream(file) << kHeader << "[[main]]\ncall = \"console.log\"\nargs = [\"hi\"]\n";
  int status = 0;
  pid_t pid = spawn_cli(file, sandboxes.string());
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  CHECK(WIFEXITED(status));
  std::vector<std::string> kept{locked, live, "not-loopstep-1"};
  std::sort(kept.begin(), kept.end());
  CHECK(entries(sandboxes) == kept);
  ::close(lock);
  ::close(held);
}

TEST_CASE("abuse: ever-different long console lines stop at limits.max_bytes with a limit event") {
  // Each open gets a new fd, so each line is new text to keep (issue 13.3: 85 MB/s before).
  const std::string big(512 * 1024, 'x');
  Scenario sc = from_text(std::string(kHeader) + "[limits]\nmax_bytes = 4194304\n[files]\n\"a.txt\" = \"a\"\n"
                          "[[main]]\ncall = \"fs.open\"\npath = \"a.txt\"\ncallback = \"again\"\n"
                          "[[callbacks.again]]\ncall = \"console.log\"\nargs = [\"" + big + "\", \"{result}\"]\n"
                          "[[callbacks.again]]\ncall = \"fs.open\"\npath = \"a.txt\"\ncallback = \"again\"\n");
  for (Mode m : {Mode::run, Mode::step}) {
    SessionOptions o;
    o.mode = m;
    auto r = run_scenario(sc, o);
    CHECK(r.session->stop_reason() == "stopped at the limit of 4194304 bytes of recorded text and request data (limits.max_bytes)");
    CHECK(r.rec().back().kind == Kind::limit);
    CHECK(r.rec().info().strings.bytes() < 2 * 4194304);  // stopped near the budget, not far past it
  }
}

TEST_CASE("abuse: fs.write beyond limits.max_sandbox_bytes fails with EFBIG, named as loopstep's limit") {
  const std::string half_mib(1 << 19, 'w');
  std::string sc_text = std::string(kHeader) + "[limits]\nmax_sandbox_bytes = 1572864\n"
                        "[[main]]\ncall = \"fs.open\"\npath = \"out.txt\"\nflags = \"w\"\nsave_as = \"fd\"\nexpect_error = \"ENOENT\"\ncallback = \"w0\"\n";
  for (int i = 0; i < 4; ++i) {
    std::string cb = "w" + std::to_string(i), next = "w" + std::to_string(i + 1);
    if (i > 0) sc_text += "[[callbacks." + cb + "]]\ncall = \"console.log\"\nargs = [\"{err}\", \"{result}\"]\n";
    sc_text += "[[callbacks." + cb + "]]\ncall = \"fs.write\"\nfd = \"fd\"\ndata = \"" + half_mib + "\"\ncallback = \"" + next + "\"\n";
  }
  sc_text += "[[callbacks.w4]]\ncall = \"console.log\"\nargs = [\"{err}\", \"{result}\"]\n";
  auto r = run_scenario(from_text(sc_text), SessionOptions{});
  CHECK(console_lines(r.rec()) == std::vector<std::string>{"null 524288", "null 524288", "null 524288", "EFBIG 0"});
  bool named = false;
  for (const Event& e : r.rec().events())
    if (e.kind == Kind::syscall_end && e.value == -EFBIG &&
        r.rec().info().strings.str(e.fn) == "refused: the sandbox write limit (limits.max_sandbox_bytes)") {
      named = true;
      CHECK(Narration::builtin().describe(e, r.rec().info(), r.rec().state_at(e.seq), false) ==
            "loopstep refused the write of request #" + std::to_string(e.req) + ": the sandbox write limit (EFBIG)");
    }
  CHECK(named);
  CHECK(check_invariants(r.rec()) == "");
}

TEST_CASE("abuse: the sandbox's entries are bounded, and a slow creation stops at limits.max_run_ms") {
  std::string files = "[files]\n";
  for (size_t i = 0; i <= kMaxSandboxEntries; ++i) files += "\"f" + std::to_string(i) + "\" = \"\"\n";
  ScenarioResult too_many = parse_scenario_text(std::string(kHeader) + files, "many.toml");
  REQUIRE(std::holds_alternative<ScenarioError>(too_many));
  CHECK(std::get<ScenarioError>(too_many).format() ==
        "many.toml:10004:1: more than 10000 sandbox entries (files, symlinks and the folders they imply)");
  // 10,000 symlinks take far longer than 1 ms to make: the run stops while making them, leaving nothing.
  TempDir tmp;
  std::string links = "[[main]]\ncall = \"console.log\"\nargs = [\"never\"]\n[limits]\nmax_run_ms = 1\n[symlinks]\n";
  for (size_t i = 0; i < kMaxSandboxEntries; ++i) links += "\"l" + std::to_string(i) + "\" = \"target\"\n";
  Scenario sc = from_text(std::string(kHeader) + links);
  const char* old_tmp = std::getenv("TMPDIR");
  std::string saved = old_tmp ? old_tmp : "";
  ::setenv("TMPDIR", tmp.dir.c_str(), 1);
  Session session(sc, SessionOptions{});
  std::string error;
  try {
    session.start();
  } catch (const std::runtime_error& e) {
    error = e.what();
  }
  if (old_tmp) ::setenv("TMPDIR", saved.c_str(), 1);
  else ::unsetenv("TMPDIR");
  CHECK(error == "stopped at the limit of 1 ms of run time (limits.max_run_ms) while creating the sandbox");
  CHECK(entries(tmp.dir).empty());
}

TEST_CASE("abuse: an error message cuts a long non-ASCII path on a character boundary") {
  // 79 ASCII bytes, then 'é' (2 bytes) across the 80-byte cut: the whole character goes.
  const std::string path = std::string(79, 'a') + "\xc3\xa9" + "/../x";
  ScenarioResult r = parse_scenario_text(std::string(kHeader) + "[files]\n\"" + path + "\" = \"\"\n", "utf8.toml");
  REQUIRE(std::holds_alternative<ScenarioError>(r));
  CHECK(std::get<ScenarioError>(r).message == "path '" + std::string(79, 'a') + "...' escapes the sandbox: it has a '..' component");
}

TEST_CASE("abuse: a duplicate quoted key is named as the file spells it") {
  ScenarioResult r = parse_scenario_text(std::string(kHeader) + "[files]\n\"a.txt\" = \"x\"\n\"a.txt\" = \"y\"\n", "dup.toml");
  REQUIRE(std::holds_alternative<ScenarioError>(r));
  // toml++ alone said: cannot redefine existing string '"a.a.txt" '
  CHECK(std::get<ScenarioError>(r).format() ==
        "dup.toml:5:11: invalid TOML: Error while parsing key-value pair: cannot redefine existing string 'a.txt'");
}

TEST_CASE("abuse: the exported Node program never follows a scenario's symlinks out of its folder") {
  // Through "up", Node truncated a canary next to the temporary folder (issue 13.11).
  Scenario sc = from_text(std::string(kHeader) + "[files]\n\"a.txt\" = \"a\"\n"
                          "[symlinks]\n\"up\" = \"../../canary.txt\"\n\"abs\" = \"/etc/passwd\"\n\"sub/ok\" = \"b\"\n\"ok\" = \"a.txt\"\n"
                          "[[main]]\ncall = \"fs.open\"\npath = \"up\"\nflags = \"w\"\ncallback = \"done\"\n"
                          "[[callbacks.done]]\ncall = \"console.log\"\nargs = [\"{err}\"]\n");
  sc.file = "/home/teacher/lessons/escape.toml";
  const std::string js = export_js(sc);
  CHECK(js.starts_with("'use strict';\n// This program performs real file operations"));
  CHECK(js.find("/etc/passwd") == std::string::npos);
  CHECK(js.find("../") == std::string::npos);
  CHECK(js.find("/home/teacher") == std::string::npos);
  CHECK(js.find("Exported by loopstep from escape.toml") != std::string::npos);
  CHECK(js.find("fs.symlinkSync('a.txt', path.join(sandbox, 'ok'));") != std::string::npos);
  CHECK(js.find("fs.symlinkSync('b', path.join(sandbox, 'sub/ok'));") != std::string::npos);
  if (std::system("node --version > /dev/null 2>&1") != 0) {
    MESSAGE("node is not installed: the exported program is not run");
    return;
  }
  TempDir tmp;
  std::filesystem::create_directory(tmp.dir / "tmp");
  std::ofstream(tmp.dir / "canary.txt") << "canary";
  std::ofstream(tmp.dir / "escape.js") << js;
  const std::string cmd = "cd '" + tmp.dir.string() + "' && TMPDIR='" + (tmp.dir / "tmp").string() + "' node escape.js > out.txt 2>&1";
  CHECK(std::system(cmd.c_str()) == 0);
  std::ifstream canary(tmp.dir / "canary.txt");
  CHECK(std::string(std::istreambuf_iterator<char>(canary), {}) == "canary");
  CHECK(entries(tmp.dir / "tmp").empty());
}
