// JS lessons (DESIGN §11) end to end: the front matter, node --check, article 000 run by real
// node on the engine, the TOML/JS twins below the JS layer, determinism and programs that end
// badly. The escape corpus and the CLI's exit codes: js_escape_test.cpp; crypto.pbkdf2:
// js_pbkdf2_test.cpp.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "tests/js_lesson_support.h"

using namespace loopstep;
using namespace loopstep::test;
namespace fs = std::filesystem;

namespace {

Scenario must_parse(const std::string& text) {
  ScenarioResult r = parse_scenario_text(text, "lesson.js");
  if (auto* e = std::get_if<ScenarioError>(&r)) FAIL(e->format());
  return std::get<Scenario>(std::move(r));
}

ScenarioError must_fail(const std::string& text) {
  ScenarioResult r = parse_scenario_text(text, "lesson.js");
  auto* e = std::get_if<ScenarioError>(&r);
  REQUIRE_MESSAGE(e != nullptr, "the lesson parsed, an error was expected");
  return *e;
}

using KindFn = std::vector<std::pair<std::string, std::string>>;
KindFn js_layer(const Recording& rec) {
  KindFn out;
  for (const Event& e : rec.events())
    if (e.layer == Layer::js) out.emplace_back(std::string(kind_name(e.kind)), fn_of(rec, e));
  return out;
}

// (kind, layer, fn, thread) of the events below the JS layer.
std::vector<std::string> below_js(const Recording& rec) {
  std::vector<std::string> out;
  for (const Event& e : rec.events())
    if (e.layer != Layer::js)
      out.push_back(std::string(kind_name(e.kind)) + " " + std::string(layer_name(e.layer)) + " " + fn_of(rec, e) + " T" +
                    std::to_string(e.thread));
  return out;
}

// The names in the temp folder that a sandbox of this process would have: loopstep-PID-*.
std::set<std::string> own_sandboxes() {
  std::set<std::string> out;
  const std::string prefix = "loopstep-" + std::to_string(::getpid());
  for (auto& f : fs::directory_iterator(fs::temp_directory_path()))
    if (f.path().filename().string().rfind(prefix, 0) == 0) out.insert(f.path().filename().string());
  return out;
}

const char* const kFsOpenFront =
    "/* loopstep\n"
    "backend = \"iocp\"\n"
    "workers = \"per-request\"\n"
    "[files]\n"
    "\"1.txt\" = \"hello\\n\"\n"
    "*/\n";
// Line 7 of the lesson below.
const char* const kFsOpenProgram =
    "require('fs').open(\"1.txt\", 'r', function onOpen(err, result) { console.log(\"Result: \", result); });\n";

}  // namespace

// ---------------------------------------------------------------- 1. front matter

TEST_CASE("js lesson: no front matter gives Linux's defaults and the file's name as title") {
  Scenario sc = must_parse("const x = 1;\nconsole.log(x);\n");
  CHECK(sc.js);
  CHECK(sc.config.backend == BackendKind::epoll);
  CHECK(sc.config.workers == WorkerModel::pool);
  CHECK(sc.config.pool_size == 4);
  CHECK(sc.title == "lesson.js");
  CHECK(sc.front_matter_first == 0);
  CHECK(sc.front_matter_last == 0);
  CHECK(sc.source == "const x = 1;\nconsole.log(x);\n");
}

TEST_CASE("js lesson: a front matter after a #! line and comments is read, with its lines") {
  Scenario sc = must_parse("#!/usr/bin/env node\n// hi\n\n/* loopstep\ntitle = \"T\"\nbackend = \"iocp\"\n*/\nconsole.log(1);\n");
  CHECK(sc.title == "T");
  CHECK(sc.config.backend == BackendKind::iocp);
  CHECK(sc.front_matter_first == 4);
  CHECK(sc.front_matter_last == 7);
}

TEST_CASE("js lesson: a bad key in the front matter is reported at the .js file's line") {
  ScenarioError e = must_fail("// a lesson\n/* loopstep\ntitle = \"t\"\nbogus = 1\n*/\nconsole.log(1);\n");
  CHECK(e.file == "lesson.js");
  CHECK(e.line == 4);
  CHECK(e.column == 1);
  CHECK(e.format().starts_with("lesson.js:4:1: "));
  CHECK(e.message.find("bogus") != std::string::npos);
}

TEST_CASE("js lesson: an unclosed front matter is an error at its `/* loopstep` line") {
  ScenarioError e = must_fail("\n\n/* loopstep\ntitle = \"t\"\nconsole.log(1);\n");
  CHECK(e.line == 3);
  CHECK(e.column == 1);
  CHECK(e.message.find("never closed") != std::string::npos);
}

TEST_CASE("js lesson: `*/` inside a TOML string of the front matter is an error at its line and column") {
  //                                     line 2: title = "a */ b"  -> `*/` at column 12
  ScenarioError e = must_fail("/* loopstep\ntitle = \"a */ b\"\n*/\nconsole.log(1);\n");
  CHECK(e.line == 2);
  CHECK(e.column == 12);
  CHECK(e.message.find("`*/`") != std::string::npos);
}

TEST_CASE("js lesson: a note whose line is in the front matter is refused, one on the program accepted") {
  const std::string front = "/* loopstep\n[[notes]]\nline = LINE\ntext = \"n\"\n*/\nconsole.log(1);\n";
  auto with = [&](int line) {
    std::string t = front;
    t.replace(t.find("LINE"), 4, std::to_string(line));
    return t;
  };
  for (int inside : {1, 3, 5}) {
    CAPTURE(inside);
    ScenarioError e = must_fail(with(inside));
    CHECK(e.line == 3);
    CHECK(e.message.find("front matter") != std::string::npos);
  }
  Scenario ok = must_parse(with(6));
  REQUIRE(ok.notes.size() == 1);
  CHECK(ok.notes[0].at_line == 6);
}

TEST_CASE("js lesson: [limits] max_js_busy_ms is accepted") {
  Scenario sc = must_parse("/* loopstep\n[limits]\nmax_js_busy_ms = 300\n*/\nconsole.log(1);\n");
  CHECK(sc.limits.max_js_busy_ms == 300);
  Scenario def = must_parse("console.log(1);\n");
  CHECK(def.limits.max_js_busy_ms == 5'000);
}

// ---------------------------------------------------------------- 2. node --check

TEST_CASE("js lesson: a syntax error is node's, at its line and column, and creates no sandbox") {
  if (!has_node()) return;
  TempDir tmp;
  fs::path p = tmp.write("lesson.js", "const a = 1;\nfoo(;\n");
  const std::set<std::string> before = own_sandboxes();
  ScenarioResult r = load_lesson(p.string());
  auto* e = std::get_if<ScenarioError>(&r);
  REQUIRE(e != nullptr);
  CHECK(e->line == 2);
  CHECK(e->column == 5);
  CHECK(e->message.starts_with("SyntaxError: Unexpected token"));
  CHECK(e->file == p.string());
  CHECK(own_sandboxes() == before);
}

// ---------------------------------------------------------------- 3. article 000

TEST_CASE("js lesson: article 000's program through real node, step by step") {
  if (!has_node()) return;
  TempDir tmp;
  fs::path p = tmp.write("lesson.js", std::string(kFsOpenFront) + kFsOpenProgram);
  Session s(must_load(p), step(ReleasePolicy::lowest()));
  s.start();
  s.run_to_end();
  const Recording& rec = s.recording();
  CHECK(s.stop_reason() == "");
  const KindFn expected = {
      {"js_call", "fs.open"},
      {"req_init", "FSReqCallback"},
      {"callback_begin", "onOpen"},
      {"console", "console.log"},
      {"callback_end", "onOpen"},
  };
  CHECK(js_layer(rec) == expected);

  // The call's position: line 7, and V8's column of a method call is its property name's
  // (`require('fs').` is 14 characters, so `open` starts at column 15).
  std::optional<Event> call;
  for (const Event& e : rec.events())
    if (e.kind == Kind::js_call) call = e;
  REQUIRE(call.has_value());
  REQUIRE(call->req != 0);
  REQUIRE(rec.info().requests.has(call->req));
  CHECK(std::string(rec.info().strings.str(rec.info().requests.get(call->req).src)) == "lesson.js:7:15");

  const auto lines = console_lines(rec);
  REQUIRE(lines.size() == 1);
  REQUIRE(lines[0].starts_with("Result:  "));
  const std::string n = lines[0].substr(9);
  REQUIRE(!n.empty());
  CHECK(n.find_first_not_of("0123456789") == std::string::npos);
  CHECK(std::stoi(n) >= 3);

  // req_count back to 0 at loop_exit, every post taken once (check_invariants).
  CHECK(check_invariants(rec) == "");
  int64_t req_count = -1;
  for (const Event& e : rec.events()) {
    if (e.kind == Kind::req_count_inc || e.kind == Kind::req_count_dec) req_count = e.value;
    if (e.kind == Kind::loop_exit) CHECK(req_count == 0);
  }
  CHECK(count(rec, Kind::completion_post) == 1);
  CHECK(count(rec, Kind::completion_take) == 1);
  CHECK(count(rec, Kind::loop_exit) == 1);
  CHECK(rec.info().source_name == "lesson.js");
}

// ---------------------------------------------------------------- 4. twins

TEST_CASE("js lesson: the TOML and JS twins of the articles give the same events below the JS layer") {
  if (!has_node()) return;
  for (const char* stem : {"scenarios/fs_open_iocp", "scenarios/fs_stat_epoll_pool"}) {
    CAPTURE(stem);
    REQUIRE(fs::exists(source_path(std::string(stem) + ".toml")));
    REQUIRE(fs::exists(source_path(std::string(stem) + ".js")));
    auto toml = run_scenario(load_scenario(std::string(stem) + ".toml"), step(ReleasePolicy::lowest()));
    Session js(must_load(source_path(std::string(stem) + ".js")), step(ReleasePolicy::lowest()));
    js.start();
    js.run_to_end();
    CHECK(js.stop_reason() == "");
    CHECK(check_invariants(js.recording()) == "");
    CHECK(joined(below_js(js.recording())) == joined(below_js(toml.rec())));
  }
}

// ---------------------------------------------------------------- 5. determinism

TEST_CASE("js lesson: Step mode with random:5 repeats itself exactly") {
  if (!has_node()) return;
  TempDir tmp;
  fs::path p = tmp.write("lesson.js",
                         "/* loopstep\n[files]\n\"a.txt\" = \"a\"\n\"b.txt\" = \"bb\"\n\"c.txt\" = \"ccc\"\n*/\n"
                         "const fs = require('fs');\n"
                         "for (const f of ['a.txt', 'b.txt', 'c.txt'])\n"
                         "  fs.stat(f, function statCb(err, st) { console.log(f, st.size); });\n"
                         "setTimeout(function timer() { console.log('timer'); }, 0);\n");
  const Scenario sc = must_load(p);
  std::vector<std::vector<std::string>> runs;
  for (int i = 0; i < 3; ++i) {
    Session s(sc, step(ReleasePolicy::random(5)));
    s.start();
    s.run_to_end();
    CHECK(s.stop_reason() == "");
    CHECK(check_invariants(s.recording()) == "");
    std::vector<std::string> sig;
    for (const Event& e : s.recording().events())
      sig.push_back(std::string(kind_name(e.kind)) + " " + fn_of(s.recording(), e) + " T" + std::to_string(e.thread) + " #" +
                    std::to_string(e.req));
    CHECK(count(s.recording(), Kind::console) == 4);
    runs.push_back(std::move(sig));
  }
  CHECK(joined(runs[1]) == joined(runs[0]));
  CHECK(joined(runs[2]) == joined(runs[0]));
}

// ---------------------------------------------------------------- 6. bad programs

TEST_CASE("js lesson: an uncaught exception ends node with 1, its stack in the lesson's names") {
  if (!has_node()) return;
  TempDir tmp;
  fs::path p = tmp.write("lesson.js", "console.log('before');\nthrow new Error('boom');\n");
  Session s(must_load(p), run_mode());
  s.start();
  s.run_to_end();
  const Recording& rec = s.recording();
  CHECK(js_exit_value(rec) == std::optional<int64_t>(1));
  CHECK(count(rec, Kind::js_exit) == 1);
  CHECK(rec.info().exit_code == 1);
  CHECK(rec.info().js_error.find("Error: boom") != std::string::npos);
  CHECK(rec.info().js_error.find("lesson.js:2") != std::string::npos);
  CHECK(console_lines(rec) == std::vector<std::string>{"before"});
}

TEST_CASE("js lesson: process.exit(3) ends node with 3") {
  if (!has_node()) return;
  TempDir tmp;
  fs::path p = tmp.write("lesson.js", "setTimeout(() => console.log('never'), 10);\nprocess.exit(3);\n");
  Session s(must_load(p), run_mode());
  s.start();
  s.run_to_end();
  const Recording& rec = s.recording();
  CHECK(js_exit_value(rec) == std::optional<int64_t>(3));
  CHECK(rec.info().exit_code == 3);
  CHECK(rec.info().js_error == "");
  CHECK(console_lines(rec).empty());
}

TEST_CASE("js lesson: an endless loop stops at max_js_busy_ms") {
  if (!has_node()) return;
  TempDir tmp;
  fs::path p = tmp.write("lesson.js", "/* loopstep\n[limits]\nmax_js_busy_ms = 300\n*/\nwhile (true) {}\n");
  Session s(must_load(p), run_mode());
  s.start();
  // Only a guard against a hang: the limit is 300 ms.
  auto t0 = std::chrono::steady_clock::now();
  s.run_to_end();
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(60));
  CHECK(s.finished());
  CHECK(s.stop_reason().find("max_js_busy_ms") != std::string::npos);
}

TEST_CASE("js lesson: without node on PATH load_lesson says so") {
  TempDir tmp;
  fs::path p = tmp.write("lesson.js", "console.log(1);\n");
  fs::path empty = tmp.dir / "empty-bin";
  fs::create_directory(empty);
  const char* old = std::getenv("PATH");
  const std::string saved = old ? old : "";
  ::setenv("PATH", empty.c_str(), 1);
  ScenarioResult r = load_lesson(p.string());
  if (old) ::setenv("PATH", saved.c_str(), 1);
  else ::unsetenv("PATH");
  auto* e = std::get_if<ScenarioError>(&r);
  REQUIRE(e != nullptr);
  CHECK(e->message.find("node is not on PATH") != std::string::npos);
  // A TOML lesson does not need node.
  ::setenv("PATH", empty.c_str(), 1);
  ScenarioResult toml = load_lesson(source_path("scenarios/fs_open_iocp.toml"));
  if (old) ::setenv("PATH", saved.c_str(), 1);
  else ::unsetenv("PATH");
  CHECK(std::holds_alternative<Scenario>(toml));
}

// ---------------------------------------------------------------- 7. escape corpus
