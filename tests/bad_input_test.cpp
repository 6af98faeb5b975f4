// Bad input that cannot be a file in the repository (issue 5): a 100 MB scenario, a 100 MB
// pipe, deep nesting, numbers with a million digits, random binary garbage, recordings with
// deep JSON, and scenarios whose callbacks never stop re-arming. Each is refused or stopped
// with a clear message and exit 1 in the CLI, in bounded time and memory (measured on the
// CLI child with wait4).
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "core/trace/trace_io.h"
#include "tests/support.h"

extern char** environ;

using namespace loopstep;
using namespace loopstep::test;
namespace fs = std::filesystem;

namespace {

const std::string kHeader = "title = \"t\"\nteaches = \"t\"\n";

struct Child {
  int status = -1;       // exit code
  std::string err;       // what it wrote on stderr
  double seconds = 0;    // wall clock
  long max_rss_kb = 0;   // its peak resident memory
};

// Runs the CLI with `args`, stdin from `input` (or /dev/null), stdout to /dev/null, and a
// private TMPDIR; measures it with wait4.
Child run_cli(std::vector<std::string> args, const std::string& input = "/dev/null") {
  char templ[] = "/tmp/loopstep-badinput-XXXXXX";
  fs::path tmp = ::mkdtemp(templ);
  fs::path err_file = tmp / "stderr";
  args.insert(args.begin(), LOOPSTEP_CLI);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_strings = {"TMPDIR=" + (tmp / "box").string()};
  fs::create_directory(tmp / "box");
  for (char** e = environ; *e; ++e)
    if (std::string_view(*e).substr(0, 7) != "TMPDIR=") env_strings.push_back(*e);
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  // fork, not posix_spawn: a vfork child starts with the parent's peak RSS as its own.
  std::vector<int> fds(3);
  fds[0] = ::open(input.c_str(), O_RDONLY | O_CLOEXEC);
  fds[1] = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  fds[2] = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  auto t0 = std::chrono::steady_clock::now();
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    for (int i = 0; i < 3; ++i) ::dup2(fds[i], i);
    ::execve(LOOPSTEP_CLI, argv.data(), envp.data());
    ::_exit(127);
  }
  for (int fd : fds) ::close(fd);
  int st = 0;
  rusage ru{};
  REQUIRE(::wait4(pid, &st, 0, &ru) == pid);
  Child c;
  c.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  c.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  c.max_rss_kb = ru.ru_maxrss;
  std::ifstream in(err_file);
  c.err.assign(std::istreambuf_iterator<char>(in), {});
  CHECK(fs::is_empty(tmp / "box"));  // no sandbox left behind
  fs::remove_all(tmp);
  return c;
}

fs::path write_temp(const std::string& stem, const std::string& text) {
  fs::path p = fs::temp_directory_path() / (stem + "_" + std::to_string(::getpid()) + ".toml");
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

ScenarioError error_of(const std::string& text) {
  ScenarioResult r = parse_scenario_text(text, "bad.toml");
  REQUIRE(std::holds_alternative<ScenarioError>(r));
  return std::get<ScenarioError>(r);
}

}  // namespace

TEST_CASE("bad input: a 100 MB scenario file is refused before it is read, in milliseconds and little memory") {
  std::string block;
  while (block.size() < (1 << 20)) block += "[[main]]\ncall = \"console.log\"\nargs = [\"filler\"]\n";
  fs::path big = fs::temp_directory_path() / ("loopstep_100mb_" + std::to_string(::getpid()) + ".toml");
  {
    std::ofstream out(big, std::ios::binary);
    out << kHeader;
    while (static_cast<size_t>(out.tellp()) + block.size() <= 100u * 1000 * 1000) out << block;
    out << std::string(100u * 1000 * 1000 - static_cast<size_t>(out.tellp()), '#');
  }
  REQUIRE(fs::file_size(big) == 100'000'000);
  ScenarioResult r = parse_scenario_file(big.string());
  REQUIRE(std::holds_alternative<ScenarioError>(r));
  CHECK(std::get<ScenarioError>(r).format() == big.string() + ":1:1: scenario file is 100000000 bytes; the limit is 4 MiB");
  for (const char* cmd : {"run", "check"}) {
    Child c = run_cli({cmd, big.string()});
    CHECK(c.status == 1);
    CHECK(c.err == big.string() + ":1:1: scenario file is 100000000 bytes; the limit is 4 MiB\n");
    MESSAGE("took " << c.seconds << " s");  // reported, not asserted: ctest --timeout catches a hang
    CHECK(c.max_rss_kb < 64 * 1024);
    MESSAGE(std::string(cmd) << " of a 100 MB file: " << c.seconds * 1000 << " ms, " << c.max_rss_kb << " KiB peak RSS");
  }
  fs::remove(big);
}

TEST_CASE("bad input: a 100 MB pipe is refused after reading 4 MiB") {
  // The CLI reads /dev/stdin: a pipe has no size to check first, so the reader stops itself.
  std::string cmd = "head -c 100000000 /dev/zero | tr '\\0' '#' | '" + std::string(LOOPSTEP_CLI) +
                    "' check /dev/stdin 2>&1 >/dev/null; echo \"exit=$?\"";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(cmd.c_str(), "r"), &::pclose);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe.get())) > 0) out.append(buf, n);
  CHECK(out == "/dev/stdin:1:1: scenario file is more than 4 MiB; the limit is 4 MiB\nexit=1\n");
}

TEST_CASE("bad input: deep nesting of arrays and inline tables stops at toml++'s depth limit of 256") {
  for (int depth : {300, 100'000}) {
    CAPTURE(depth);
    const std::string arrays = kHeader + "[[main]]\ncall = \"console.log\"\nargs = " + std::string(depth, '[') + "\"x\"" + std::string(depth, ']') + "\n";
    ScenarioError e = error_of(arrays);
    CHECK(e.format() == "bad.toml:5:264: invalid TOML: Error while parsing value: exceeded maximum nested value depth of 256 (TOML_MAX_NESTED_VALUES)");
    std::string tables = kHeader + "x = ";
    for (int i = 0; i < depth; ++i) tables += "{ a = ";
    tables += "1";
    for (int i = 0; i < depth; ++i) tables += " }";
    e = error_of(tables + "\n");
    CHECK(e.format() == "bad.toml:3:1541: invalid TOML: Error while parsing value: exceeded maximum nested value depth of 256 (TOML_MAX_NESTED_VALUES)");
  }
  // A key of 2 million parts ([a.a.a...b], 4 MiB) made toml++ recurse until the stack
  // overflowed (found by this test): the parser now refuses more than 256 parts first.
  std::string dotted = kHeader + "[";
  while (dotted.size() < (4u << 20) - 100) dotted += "a.";
  dotted += "b]\n";
  auto t0 = std::chrono::steady_clock::now();
  ScenarioError e = error_of(dotted);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(e.format() == "bad.toml:3:515: more than 256 '.' on one line: a dotted key may have at most 256 parts");
  MESSAGE("took " << s << " s");  // reported, not asserted: ctest --timeout catches a hang
  // 256 parts are still a key (here an unknown one); dots in strings and comments do not count.
  std::string ok = kHeader + "[";
  for (int i = 0; i < 255; ++i) ok += "a.";
  ok += "b] # " + std::string(1000, '.') + "\n";
  CHECK(error_of(ok).format().starts_with("bad.toml:3:2: unknown key 'a' at the top level"));
  const std::string many_dots = kHeader + "[[main]]\ncall = \"console.log\"\nargs = [\"" + std::string(5000, '.') +
                                "\", '''\n" + std::string(300, '.') + "\n" + std::string(300, '.') + "''']\n";
  ScenarioResult parsed = parse_scenario_text(many_dots, "dots.toml");
  REQUIRE(std::holds_alternative<Scenario>(parsed));
  CHECK(std::get<Scenario>(parsed).main[0].args[0].size() == 5000);
  MESSAGE("a key of 2 million parts refused in " << s * 1000 << " ms");
}

TEST_CASE("bad input: numbers with a million digits, out of 64 bits or out of range give their line and column") {
  const std::string digits(1'000'000, '9');
  CHECK(error_of(kHeader + "pool_size = " + digits + "\n").format() ==
        "bad.toml:3:13: invalid TOML: Error while parsing value: numeric value too long to identify type - cannot exceed 126 characters");
  CHECK(error_of(kHeader + "pool_size = 99999999999999999999\n").format() ==
        "bad.toml:3:33: invalid TOML: Error while parsing decimal integer: '99999999999999999999' is not representable in 64 bits");
  CHECK(error_of(kHeader + "pool_size = -9223372036854775808\n").format() ==
        "bad.toml:3:13: `pool_size` must be between 1 and 1024, got -9223372036854775808");
  CHECK(error_of(kHeader + "pool_size = 1e999999\n").format() ==
        "bad.toml:3:21: invalid TOML: Error while parsing floating-point: '1e999999' could not be interpreted as a value");
  CHECK(error_of(kHeader + "pool_size = 1e300\n").format() == "bad.toml:3:13: `pool_size` must be an integer, got float");
}

TEST_CASE("bad input: 2,000 random binary inputs each give a positioned error, quickly") {
  std::mt19937_64 rng(5);
  auto t0 = std::chrono::steady_clock::now();
  size_t with_nul = 0;
  for (int i = 0; i < 2000; ++i) {
    std::string garbage(1 + rng() % 4096, '\0');
    for (char& c : garbage) c = static_cast<char>(rng());
    if (i % 2) garbage.erase(std::remove(garbage.begin(), garbage.end(), '\0'), garbage.end());  // past the NUL check
    ScenarioResult r = parse_scenario_text(garbage, "garbage.toml");
    REQUIRE(std::holds_alternative<ScenarioError>(r));
    const ScenarioError& e = std::get<ScenarioError>(r);
    CHECK(e.line >= 1);
    CHECK(e.column >= 1);
    CHECK(!e.message.empty());
    if (garbage.find('\0') != std::string::npos) {
      ++with_nul;
      CHECK(e.message == "the file contains a NUL byte: it looks binary, not a TOML scenario");
    }
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(with_nul > 900);
  MESSAGE("took " << s << " s");  // reported, not asserted: ctest --timeout catches a hang
  MESSAGE("2,000 garbage inputs: " << s * 1000 << " ms");
}

TEST_CASE("bad input: a recording with deeply nested JSON or a huge line loads up to the event before, with a warning") {
  std::ostringstream good;
  {
    SessionOptions o;
    o.mode = Mode::step;
    auto r = run_scenario(load_scenario("scenarios/fs_open_iocp.toml"), o);
    write_jsonl(good, r.rec());
  }
  std::string text = good.str();
  size_t header_end = text.find('\n') + 1;
  size_t third = text.find('\n', text.find('\n', header_end) + 1) + 1;  // after events 0 and 1
  for (const std::string& bad : {std::string(1'000'000, '[') + std::string(1'000'000, ']'),
                                 "{\"seq\": 2, \"pad\": \"" + std::string(20'000'000, 'x') + "\"}", std::string(3, '\xff')}) {
    std::istringstream in(text.substr(0, third) + bad + "\n" + text.substr(third));
    auto t0 = std::chrono::steady_clock::now();
    LoadedRecording l = read_jsonl(in, "r.jsonl");
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    CHECK(l.error == "");
    CHECK(l.recording->size() == 2);
    REQUIRE(l.warnings.size() == 1);
    CHECK(l.warnings[0].starts_with("r.jsonl:4: "));
    MESSAGE("took " << s << " s");  // reported, not asserted: ctest --timeout catches a hang
  }
}

TEST_CASE("bad input: a timer that re-arms itself forever stops at limits.max_events, exit 1 in the CLI (setTimeout(0) waits 1 ms, as in Node)") {
  fs::path f = write_temp("forever_timer", kHeader +
                                               "[limits]\nmax_events = 20000\n"
                                               "[[main]]\ncall = \"setTimeout\"\ncallback = \"again\"\n"
                                               "[[callbacks.again]]\ncall = \"setTimeout\"\ncallback = \"again\"\n");
  Child c = run_cli({"run", f.string()});
  fs::remove(f);
  CHECK(c.status == 1);
  CHECK(c.err == f.string() + ": stopped at the limit of 20000 events (limits.max_events)\n");
  MESSAGE("took " << c.seconds << " s");  // reported, not asserted: ctest --timeout catches a hang
  CHECK(c.max_rss_kb < 512 * 1024);
  MESSAGE("forever timer, 20,000 events: " << c.seconds << " s, " << c.max_rss_kb << " KiB peak RSS");
}

TEST_CASE("bad input: callbacks that call each other forever stop at limits.max_run_ms, exit 1 in the CLI") {
  fs::path f = write_temp("forever_pingpong", kHeader +
                                                  "[limits]\nmax_run_ms = 500\n"
                                                  "[[main]]\ncall = \"setTimeout\"\ndelay_ms = 1\ncallback = \"ping\"\n"
                                                  "[[callbacks.ping]]\ncall = \"setTimeout\"\ndelay_ms = 1\ncallback = \"pong\"\n"
                                                  "[[callbacks.pong]]\ncall = \"setImmediate\"\ncallback = \"ping\"\n");
  Child c = run_cli({"run", f.string()});
  fs::remove(f);
  CHECK(c.status == 1);
  CHECK(c.err == f.string() + ": stopped at the limit of 500 ms of run time (limits.max_run_ms)\n");
  MESSAGE("took " << c.seconds << " s");  // reported, not asserted: ctest --timeout catches a hang
  MESSAGE("forever ping-pong, 500 ms limit: " << c.seconds << " s, " << c.max_rss_kb << " KiB peak RSS");
}

TEST_CASE("bad input: with the default limits a run that never ends stops at 1,000,000 events in bounded time and memory") {
  // Immediates re-armed forever, and nextTick and microtask queues that never drain (the
  // loop never gets back to its phases): each is stopped by the event limit.
  for (const char* call : {"setImmediate", "process.nextTick", "Promise.then"}) {
    CAPTURE(call);
    fs::path f = write_temp("forever_default", kHeader + "[[main]]\ncall = \"" + call + "\"\ncallback = \"again\"\n" +
                                                   "[[callbacks.again]]\ncall = \"" + call + "\"\ncallback = \"again\"\n");
    Child c = run_cli({"run", f.string(), "--format", "console"});
    fs::remove(f);
    CHECK(c.status == 1);
    CHECK(c.err == f.string() + ": stopped at the limit of 1000000 events (limits.max_events)\n");
    MESSAGE("took " << c.seconds << " s");  // reported, not asserted: ctest --timeout catches a hang
    CHECK(c.max_rss_kb < 1024 * 1024);
    MESSAGE(std::string(call) << " forever, default limits: " << c.seconds << " s, " << c.max_rss_kb << " KiB peak RSS");
  }
}

TEST_CASE("bad input: a recording header whose fields have the wrong type loads with warnings, never throws") {
  // Found while fuzzing read_jsonl: json::value() threw type_error out of the loader.
  std::istringstream in(
      "{\"loopstep\":1,\"scenario\":5,\"title\":[],\"backend\":{},\"pool_size\":\"x\",\"policy\":null}\n"
      "{\"seq\":0,\"thread\":0,\"layer\":\"libuv\",\"kind\":\"loop_init\",\"fn\":\"uv_loop_init\",\"req\":0,\"value\":0}\n");
  LoadedRecording l = read_jsonl(in, "h.jsonl");
  CHECK(l.error == "");
  CHECK(l.recording->size() == 1);
  CHECK(l.recording->info().scenario == "");
  CHECK(l.recording->info().config.backend == BackendKind::epoll);
  CHECK(l.recording->info().config.pool_size == 4);
  CHECK(l.warnings == std::vector<std::string>{"h.jsonl:1: header field 'scenario' is not a string; ignored",
                                               "h.jsonl:1: header field 'title' is not a string; ignored",
                                               "h.jsonl:1: header field 'backend' is not a string; ignored",
                                               "h.jsonl:1: header field 'pool_size' is not an integer between 1 and 1024; ignored",
                                               "h.jsonl:1: header field 'policy' is not a string; ignored"});
}
