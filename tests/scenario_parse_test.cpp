// Scenario parser: the bundled scenarios parse, the broken ones in tests/bad_scenarios
// fail at the line, column and message their first line expects, and the defaults hold.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/scenario/scenario.h"

namespace fs = std::filesystem;
using namespace loopstep;

namespace {

const fs::path kSourceDir = LOOPSTEP_SOURCE_DIR;

// The smallest valid scenario, to which each test adds the part it checks.
constexpr std::string_view kHeader = "title = \"t\"\nteaches = \"t\"\n";
constexpr std::string_view kLogMain = "[[main]]\ncall = \"console.log\"\nargs = [\"hi\"]\n";

Scenario parsed(std::string_view text) {
  ScenarioResult r = parse_scenario_text(text, "test.toml");
  if (auto* e = std::get_if<ScenarioError>(&r)) FAIL("unexpected error: " << e->format());
  return std::get<Scenario>(r);
}

ScenarioError error_of(std::string_view text) {
  ScenarioResult r = parse_scenario_text(text, "test.toml");
  REQUIRE(std::holds_alternative<ScenarioError>(r));
  return std::get<ScenarioError>(r);
}

std::string concat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto p : parts) out += p;
  return out;
}

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".toml") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("scenario parser: every bundled scenario parses") {
  auto files = files_in(kSourceDir / "scenarios");
  CHECK(files.size() >= 8);
  for (const fs::path& f : files) {
    INFO(f.string());
    ScenarioResult r = parse_scenario_file(f.string());
    if (auto* e = std::get_if<ScenarioError>(&r)) FAIL(e->format());
    CHECK(std::get<Scenario>(r).file == f.string());
  }
}

TEST_CASE("scenario parser: every broken scenario fails where its first line says") {
  auto files = files_in(kSourceDir / "tests" / "bad_scenarios");
  CHECK(files.size() >= 17);
  for (const fs::path& f : files) {
    INFO(f.filename().string());
    std::ifstream in(f, std::ios::binary);
    std::string first;
    std::getline(in, first);
    const std::string prefix = "# expect: ";
    REQUIRE(first.starts_with(prefix));
    std::istringstream expect(first.substr(prefix.size()));
    uint32_t line = 0, column = 0;
    char colon1 = 0, colon2 = 0;
    expect >> line >> colon1 >> column >> colon2;
    REQUIRE(colon1 == ':');
    REQUIRE(colon2 == ':');
    std::string message;
    std::getline(expect >> std::ws, message);

    ScenarioResult r = parse_scenario_file(f.string());
    REQUIRE(std::holds_alternative<ScenarioError>(r));
    const ScenarioError& e = std::get<ScenarioError>(r);
    INFO(e.format());
    CHECK(e.file == f.string());
    CHECK(e.line == line);
    CHECK(e.column == column);
    CHECK(e.message.find(message) != std::string::npos);
  }
}

TEST_CASE("scenario parser: the default scenario is article 000's fs.open on IOCP") {
  ScenarioResult r = parse_scenario_file((kSourceDir / "scenarios" / "fs_open_iocp.toml").string());
  REQUIRE(std::holds_alternative<Scenario>(r));
  const Scenario& s = std::get<Scenario>(r);
  CHECK(s.config.backend == BackendKind::iocp);
  CHECK(s.config.workers == WorkerModel::per_request);
  REQUIRE(s.files.size() == 1);
  CHECK(s.files[0].path == "1.txt");
  CHECK(s.files[0].content == "hello\n");
  REQUIRE(s.main.size() == 1);
  CHECK(s.main[0].op == Op::fs_open);
  CHECK(s.main[0].path == "1.txt");
  CHECK(s.main[0].flags == "r");
  CHECK(s.main[0].callback == "onOpen");
  REQUIRE(s.callbacks.count("onOpen") == 1);
  REQUIRE(s.callbacks.at("onOpen").size() == 1);
  CHECK(s.callbacks.at("onOpen")[0].args == std::vector<std::string>{"Result: ", "{result}"});
  std::vector<std::string> kinds;
  for (const Note& n : s.notes) kinds.push_back(n.at_kind);
  CHECK(kinds == std::vector<std::string>{"port_create", "req_count_inc", "thread_spawn", "syscall_begin",
                                          "completion_post", "wait_begin", "completion_take", "req_count_dec",
                                          "callback_begin", "loop_exit"});
}

TEST_CASE("scenario parser: omitted keys take the documented defaults") {
  Scenario s = parsed(concat({kHeader, "[files]\n\"a\" = \"\"\n[[main]]\ncall = \"fs.open\"\npath = \"a\"\ncallback = \"cb\"\n",
                              "[[main]]\ncall = \"setTimeout\"\ncallback = \"cb\"\n[callbacks]\ncb = []\n"}));
  CHECK(s.config.backend == BackendKind::epoll);
  CHECK(s.config.workers == WorkerModel::pool);
  CHECK(s.config.pool_size == 4);
  CHECK(s.limits.max_events == 1'000'000);
  CHECK(s.limits.max_run_ms == 60'000);
  CHECK(s.main[0].flags == "r");
  CHECK(s.main[0].mode == 0644);
  CHECK(s.main[0].latency_ms == 0);
  CHECK(s.main[1].delay_ms == 0);
  CHECK(s.callbacks.at("cb").empty());
}

TEST_CASE("scenario parser: a read takes length 64 and the current position by default") {
  Scenario s = parsed(concat({kHeader, "[[main]]\ncall = \"fs.open\"\npath = \"n\"\nflags = \"w+\"\nsave_as = \"fd\"\n",
                              "callback = \"cb\"\n[[callbacks.cb]]\ncall = \"fs.read\"\nfd = \"fd\"\ncallback = \"cb\"\n"}));
  const Step& read = s.callbacks.at("cb")[0];
  CHECK(read.fd == "fd");
  CHECK(read.length == 64);
  CHECK(read.position == -1);
}

TEST_CASE("scenario parser: a TOML octal literal sets the open mode") {
  Scenario s = parsed(concat({kHeader, "[[main]]\ncall = \"fs.open\"\npath = \"new.txt\"\nflags = \"wx\"\nmode = 0o600\n",
                              "callback = \"cb\"\n[callbacks]\ncb = []\n"}));
  CHECK(s.main[0].mode == 0600);
}

TEST_CASE("scenario parser: each statement and note keeps the position of its table") {
  Scenario s = parsed(concat({kHeader, kLogMain, "[[notes]]\nstep = 7\ntext = \"seven\"\n"}));
  CHECK(s.main[0].pos.line == 3);
  CHECK(s.main[0].pos.column == 1);
  REQUIRE(s.notes.size() == 1);
  CHECK(s.notes[0].pos.line == 6);
  CHECK(s.notes[0].at_step == 7);
  CHECK(s.notes[0].at_kind.empty());
}

TEST_CASE("scenario parser: a file created by a writing fs.open may be read elsewhere") {
  Scenario s = parsed(concat({kHeader, "[[main]]\ncall = \"fs.stat\"\npath = \"out.txt\"\ncallback = \"cb\"\n",
                              "[[main]]\ncall = \"fs.open\"\npath = \"out.txt\"\nflags = \"a\"\ncallback = \"cb\"\n",
                              "[callbacks]\ncb = []\n"}));
  CHECK(s.main.size() == 2);
}

TEST_CASE("scenario parser: expect_error lets a statement name a missing file") {
  Scenario s = parsed(concat({kHeader, "[[main]]\ncall = \"fs.unlink\"\npath = \"gone.txt\"\nexpect_error = \"ENOENT\"\n",
                              "callback = \"cb\"\n[callbacks]\ncb = []\n"}));
  CHECK(s.main[0].expect_error == "ENOENT");
}

TEST_CASE("scenario parser: a folder implied by [files] exists for fs.open") {
  Scenario s = parsed(concat({kHeader, "[files]\n\"dir/a.txt\" = \"x\"\n",
                              "[[main]]\ncall = \"fs.open\"\npath = \"dir\"\ncallback = \"cb\"\n[callbacks]\ncb = []\n"}));
  CHECK(s.files[0].path == "dir/a.txt");
}

TEST_CASE("scenario parser: a symlink may point outside the sandbox") {
  Scenario s = parsed(concat({kHeader, "[symlinks]\n\"passwd\" = \"/etc/passwd\"\n", kLogMain}));
  REQUIRE(s.symlinks.size() == 1);
  CHECK(s.symlinks[0].path == "passwd");
  CHECK(s.symlinks[0].target == "/etc/passwd");
}

TEST_CASE("scenario parser: console.log args are stored verbatim, placeholders included") {
  Scenario s = parsed(concat({kHeader, "[[main]]\ncall = \"setImmediate\"\ncallback = \"cb\"\n",
                              "[[callbacks.cb]]\ncall = \"console.log\"\nargs = [\"{err}\", \"n={result} {data}\", \"{\"]\n"}));
  CHECK(s.callbacks.at("cb")[0].args == std::vector<std::string>{"{err}", "n={result} {data}", "{"});
}

TEST_CASE("scenario parser: the first of two errors in the file is the one reported") {
  ScenarioError e = error_of(concat({kHeader, "zeta = 1\nalpha = 2\n", kLogMain}));
  CHECK(e.line == 3);
  CHECK(e.message.starts_with("unknown key 'zeta' at the top level; allowed: title, teaches,"));
}

TEST_CASE("scenario parser: a wrong type names the key, the expected and the actual type") {
  ScenarioError e = error_of(concat({kHeader, "workers = 4\n", kLogMain}));
  CHECK(e.format() == "test.toml:3:11: `workers` must be a string, got integer");
}

TEST_CASE("scenario parser: a variable may not take a callback's name") {
  ScenarioError e = error_of(concat({kHeader, "[[main]]\ncall = \"fs.open\"\npath = \"n\"\nflags = \"w\"\nsave_as = \"cb\"\n",
                                     "callback = \"cb\"\n[callbacks]\ncb = []\n"}));
  CHECK(e.format() == "test.toml:7:11: variable 'cb' has the name of a callback; pick another name");
}

TEST_CASE("scenario parser: a missing file is an error at 1:1 with the system's reason") {
  ScenarioResult r = parse_scenario_file("/nonexistent/loopstep.toml");
  REQUIRE(std::holds_alternative<ScenarioError>(r));
  CHECK(std::get<ScenarioError>(r).format() == "/nonexistent/loopstep.toml:1:1: cannot read file: No such file or directory");
}

TEST_CASE("scenario parser: a folder given as the scenario is an error") {
  ScenarioResult r = parse_scenario_file((kSourceDir / "scenarios").string());
  REQUIRE(std::holds_alternative<ScenarioError>(r));
  CHECK(std::get<ScenarioError>(r).message == "cannot read file: Is a directory");
}

TEST_CASE("scenario parser: text over 4 MiB is refused before parsing") {
  std::string big = concat({kHeader, kLogMain, "# "}) + std::string(4 << 20, 'x');
  ScenarioError e = error_of(big);
  CHECK(e.format() == "test.toml:1:1: scenario file is " + std::to_string(big.size()) + " bytes; the limit is 4 MiB");
}

TEST_CASE("scenario parser: a file over 4 MiB is refused before it is read") {
  fs::path big = fs::temp_directory_path() / "loopstep_big_scenario.toml";
  { std::ofstream(big) << std::string((4 << 20) + 1, '#'); }
  ScenarioResult r = parse_scenario_file(big.string());
  fs::remove(big);
  REQUIRE(std::holds_alternative<ScenarioError>(r));
  CHECK(std::get<ScenarioError>(r).message == "scenario file is 4194305 bytes; the limit is 4 MiB");
}

TEST_CASE("scenario paths: components and lengths have limits") {
  CHECK(sandbox_path_problem("a/b.txt").empty());
  CHECK(sandbox_path_problem("") == "path is empty; name a file inside the sandbox, e.g. \"1.txt\"");
  CHECK(sandbox_path_problem("./a") == "path './a' has a '.' component (write 'a/b', not './a/b')");
  CHECK(sandbox_path_problem("a/") == "path 'a/' has an empty component (write 'a/b', not 'a//b' or 'a/')");
  CHECK(sandbox_path_problem(std::string(256, 'n')).ends_with("has a component of 256 bytes; the limit is 255"));
  std::string long_path;
  for (int i = 0; i < 205; ++i) long_path += "abcd/";
  long_path += "x";
  CHECK(sandbox_path_problem(long_path).ends_with("is 1026 bytes; the limit is 1024"));
}

TEST_CASE("scenario placeholders: an arg splits into text and {name} pieces") {
  using V = std::vector<std::string_view>;
  CHECK(split_placeholders("size: {result}!") == V{"size: ", "{result}", "!"});
  CHECK(split_placeholders("{a {err}") == V{"{a ", "{err}"});
  CHECK(split_placeholders("{ open") == V{"{ open"});
  CHECK(split_placeholders("").empty());
}

TEST_CASE("scenario ops: names round-trip and classify") {
  for (int i = 0; i <= static_cast<int>(Op::console_log); ++i) {
    Op op = static_cast<Op>(i), back{};
    REQUIRE(op_from_name(op_name(op), &back));
    CHECK(back == op);
  }
  Op unused{};
  CHECK_FALSE(op_from_name("fs.mkdir", &unused));
  CHECK(op_is_fs(Op::fs_unlink));
  CHECK_FALSE(op_is_fs(Op::pool_work));
  CHECK(op_uses_fd(Op::fs_write));
  CHECK_FALSE(op_uses_fd(Op::fs_open));
  CHECK(op_uses_path(Op::fs_stat));
  CHECK_FALSE(op_uses_path(Op::fs_fstat));
}
