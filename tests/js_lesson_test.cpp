// JS lessons (DESIGN §11) end to end: the front matter, node --check, article 000 run by real
// node on the engine, the TOML/JS twins below the JS layer, determinism, programs that end
// badly, the escape corpus through the bridge and the CLI's exit codes.
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

#include "core/node/lesson_check.h"
#include "tests/posix_support.h"
#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;
namespace fs = std::filesystem;

namespace {

bool has_node() { return sh("command -v node >/dev/null 2>&1").status == 0; }

// A fresh folder for one test's lessons; removed with everything in it.
struct TempDir {
  fs::path dir;
  TempDir() {
    char templ[] = "/tmp/jslesson-test-XXXXXX";
    char* d = ::mkdtemp(templ);
    REQUIRE(d != nullptr);
    dir = d;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  fs::path write(const std::string& name, const std::string& text) const {
    fs::path p = dir / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
};

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

Scenario must_load(const fs::path& p) {
  ScenarioResult r = load_lesson(p.string());
  if (auto* e = std::get_if<ScenarioError>(&r)) FAIL(e->format());
  return std::get<Scenario>(std::move(r));
}

SessionOptions step(ReleasePolicy p) {
  SessionOptions o;
  o.mode = Mode::step;
  o.policy = p;
  return o;
}

SessionOptions run_mode() {
  SessionOptions o;
  o.mode = Mode::run;
  return o;
}

std::string fn_of(const Recording& rec, const Event& e) { return std::string(rec.info().strings.str(e.fn)); }

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

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (auto& x : v) s += x + "\n";
  return s;
}

// The names in the temp folder that a sandbox of this process would have: loopstep-PID-*.
std::set<std::string> own_sandboxes() {
  std::set<std::string> out;
  const std::string prefix = "loopstep-" + std::to_string(::getpid());
  for (auto& f : fs::directory_iterator(fs::temp_directory_path()))
    if (f.path().filename().string().rfind(prefix, 0) == 0) out.insert(f.path().filename().string());
  return out;
}

const char* kFsOpenFront =
    "/* loopstep\n"
    "backend = \"iocp\"\n"
    "workers = \"per-request\"\n"
    "[files]\n"
    "\"1.txt\" = \"hello\\n\"\n"
    "*/\n";
// Line 7 of the lesson below.
const char* kFsOpenProgram =
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
  std::optional<int64_t> exit_value;
  for (const Event& e : rec.events())
    if (e.kind == Kind::js_exit) exit_value = e.value;
  REQUIRE(exit_value.has_value());
  CHECK(*exit_value == 1);
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
  std::optional<int64_t> exit_value;
  for (const Event& e : rec.events())
    if (e.kind == Kind::js_exit) exit_value = e.value;
  REQUIRE(exit_value.has_value());
  CHECK(*exit_value == 3);
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

namespace {
// The canary folder's state: each entry's name, content and mtime.
std::string canary_state(const fs::path& dir) {
  std::ostringstream out;
  std::map<std::string, fs::path> entries;
  for (auto& f : fs::directory_iterator(dir)) entries[f.path().filename().string()] = f.path();
  for (auto& [name, path] : entries) {
    struct stat st {};
    ::lstat(path.c_str(), &st);
    out << name << " " << st.st_mode << " " << st.st_size << " " << st.st_mtim.tv_sec << "." << st.st_mtim.tv_nsec << "\n";
    if (S_ISREG(st.st_mode)) {
      std::ifstream in(path, std::ios::binary);
      out << in.rdbuf() << "\n";
    }
  }
  return out.str();
}
}  // namespace

TEST_CASE("js lesson: the escape corpus through the bridge escapes nothing") {
  if (!has_node()) return;
  const fs::path canary = "/tmp/loopstep-canary";  // the corpus's default CANARY_DIR
  bool made = false;
  if (!fs::exists(canary)) {
    fs::create_directory(canary);
    std::ofstream(canary / "secret.txt") << "the canary's secret\n";
    made = true;
  }
  const std::string before = canary_state(canary);
  std::vector<fs::path> files;
  for (auto& f : fs::directory_iterator(source_path("tests/escape")))
    if (f.path().extension() == ".js") files.push_back(f.path());
  std::sort(files.begin(), files.end());
  CHECK(files.size() >= 19);
  for (const fs::path& f : files) {
    CAPTURE(f.filename().string());
    Session s(must_load(f), run_mode());
    s.start();
    s.run_to_end();
    const auto lines = console_lines(s.recording());
    CAPTURE(joined(lines));
    CAPTURE(s.recording().info().js_error);
    // Each program prints its verdict, or dies at a require() the bridge refuses
    // (child_process, dgram, module, worker_threads): both are refusals.
    const std::string& err = s.recording().info().js_error;
    CHECK((lines.size() == 1 || err.find("loopstep does not model require(") != std::string::npos));
    for (const std::string& l : lines) {
      // Through the bridge the cwd is the lesson's own sandbox, where fs.writeFileSync is an
      // ordinary lesson operation (the file lands in loopstep's temporary folder, removed with
      // it): 03's "write in the cwd" succeeds by design. Every other attempt must fail.
      if (f.filename() == "03_write_anywhere.js") CHECK((!l.starts_with("ESCAPED") || l == "ESCAPED write in the cwd"));
      // A lesson's server is the engine's own socket on an ephemeral loopback port, reachable
      // only from the run itself (a connect to any other port is EACCES): 10's listen works.
      else if (f.filename() == "10_tcp_listen.js") CHECK((!l.starts_with("ESCAPED") || l == "ESCAPED net listen"));
      else CHECK_FALSE(l.starts_with("ESCAPED"));
    }
    CHECK(canary_state(canary) == before);
    CHECK_FALSE(fs::exists(f.parent_path() / "escape.txt"));  // the lesson's real folder is untouched
  }
  for (auto& e : fs::directory_iterator(fs::temp_directory_path()))
    CHECK_FALSE(e.path().filename().string().starts_with("loopstep-escape-"));
  if (made) fs::remove_all(canary);
}

// ---------------------------------------------------------------- 8. CLI

TEST_CASE("js lesson cli: an uncaught exception exits 1 with the stack on stderr") {
  if (!has_node()) return;
  TempDir tmp;
  fs::path p = tmp.write("lesson.js", "console.log('hi');\nthrow new Error('boom');\n");
  const std::string cli = std::string("'") + LOOPSTEP_CLI + "'";
  Output o = sh(cli + " run '" + p.string() + "' 2>'" + (tmp.dir / "err").string() + "' >/dev/null");
  CHECK(o.status == 1);
  std::ifstream in(tmp.dir / "err");
  std::stringstream err;
  err << in.rdbuf();
  CHECK(err.str().find("Error: boom") != std::string::npos);
  CHECK(err.str().find("lesson.js:2") != std::string::npos);
}

TEST_CASE("js lesson cli: --engine-cmd refuses a JS lesson with exit code 2") {
  if (!has_node()) return;
  TempDir tmp;
  fs::path p = tmp.write("lesson.js", "console.log('hi');\n");
  const std::string cli = std::string("'") + LOOPSTEP_CLI + "'";
  Output o = sh(cli + " run --engine-cmd X '" + p.string() + "' 2>&1");
  CHECK(o.status == 2);
  CHECK(o.out.find("TOML lessons only") != std::string::npos);
}

// ---------------------------------------------------------------- 9. crypto.pbkdf2

namespace {
// (kind fn thread) of one request's events, in order.
std::vector<std::string> request_events(const Recording& rec, uint32_t req) {
  std::vector<std::string> out;
  for (const Event& e : rec.events())
    if (e.req == req) out.push_back(std::string(kind_name(e.kind)) + " " + fn_of(rec, e) + " T" + std::to_string(e.thread));
  return out;
}
}  // namespace

TEST_CASE("js lesson: crypto.pbkdf2 is a job on the pool; pbkdf2Sync derives on the loop thread") {
  if (!has_node()) return;
  TempDir tmp;
  fs::path p = tmp.write("lesson.js",
                         "const crypto = require('crypto');\n"
                         "crypto.pbkdf2('password', 'salt', 2, 64, 'sha512', function derived(err, key) {\n"
                         "  console.log(err, key.toString('hex'));\n"
                         "});\n"
                         "console.log(crypto.pbkdf2Sync('password', 'salt', 1, 32, 'sha256').toString('hex'));\n");
  Session s(must_load(p), step(ReleasePolicy::lowest()));
  s.start();
  s.run_to_end();
  const Recording& rec = s.recording();
  CHECK(s.stop_reason() == "");
  CHECK(check_invariants(rec) == "");
  // node's own keys for these inputs (tests/pbkdf2_test.cpp has more).
  CHECK(console_lines(rec) ==
        std::vector<std::string>{"120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b",
                                 "null e1d9c16aa681708a45f5c7c4e215ceb66e011a2e9f0040713f18aefdb866d53cf76cab2868a39b9f7840ed"
                                 "ce4fef5a82be67335c77a6068e04112754f27ccf4e"});
  // The async form: PBKDF2Job -> CryptoJob::Run -> ScheduleWork -> uv_queue_work, a worker
  // derives, the loop runs the callback.
  const std::vector<std::string> job = {
      "js_call crypto.pbkdf2 T0",
      "req_init PBKDF2Job T0",
      "binding_call CryptoJob::Run T0",
      "binding_call ThreadPoolWork::ScheduleWork T0",
      "uv_call uv_queue_work T0",
      "req_count_inc uv__req_register T0",
      "work_submit uv__work_submit T0",
      "work_take worker: take from wq T1",
      "uv_call uv__queue_work T1",
      "work_begin PBKDF2Traits::DeriveBits T1",
      "work_end PBKDF2Traits::DeriveBits T1",
      "completion_post worker: append to loop->wq T1",
      "wakeup_send uv_async_send T1",
      "completion_take uv__work_done T0",
      "uv_call uv__queue_done T0",
      "req_count_dec uv__req_unregister T0",
      "after CryptoJob::AfterThreadPoolWork T0",
      "binding_call MakeCallback T0",
      "callback_begin derived T0",
      "callback_end derived T0",
  };
  CHECK(joined(request_events(rec, 1)) == joined(job));
  // The sync form: no libuv, no request counted, the derivation on the loop thread.
  const std::vector<std::string> sync = {
      "js_call crypto.pbkdf2Sync T0",
      "binding_call CryptoJob::Run T0",
      "work_begin PBKDF2Traits::DeriveBits T0",
      "work_end PBKDF2Traits::DeriveBits T0",
  };
  CHECK(joined(request_events(rec, 2)) == joined(sync));
  CHECK(count(rec, Kind::completion_post) == 1);
  CHECK(count(rec, Kind::completion_take) == 1);
}

TEST_CASE("js lesson: a derivation that outlasts max_run_ms is stopped, in both modes") {
  if (!has_node()) return;
  TempDir tmp;
  fs::path p = tmp.write("lesson.js",
                         "/* loopstep\n[limits]\nmax_run_ms = 400\n*/\n"
                         "require('crypto').pbkdf2('p', 's', 2147483647, 64, 'sha512', () => console.log('never'));\n");
  for (const SessionOptions& o : {run_mode(), step(ReleasePolicy::lowest())}) {
    Session s(must_load(p), o);
    s.start();
    // Only a guard against a hang: 2^31 - 1 iterations would take twenty minutes.
    auto t0 = std::chrono::steady_clock::now();
    s.run_to_end();
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(60));
    CHECK(s.finished());
    CHECK(s.stop_reason().find("max_run_ms") != std::string::npos);
    CHECK(console_lines(s.recording()).empty());
  }
}

TEST_CASE("js lesson: crypto's argument errors are node's; what loopstep does not derive is refused at the call") {
  if (!has_node()) return;
  TempDir tmp;
  fs::path p = tmp.write("lesson.js",
                         "const crypto = require('crypto');\n"
                         "const tries = [\n"
                         "  () => crypto.pbkdf2('a', 'b', -1, 10, 'sha1', () => {}),\n"
                         "  () => crypto.pbkdf2('a', 'b', 1, 10, 'nope', () => {}),\n"
                         "  () => crypto.pbkdf2('a', 'b', 1, 10, 'sha1'),\n"
                         "  () => crypto.pbkdf2Sync('a', 'b', 1, 10),\n"
                         "  () => crypto.pbkdf2('a', 'b', 1, 10, 'md5', () => {}),\n"
                         "  () => crypto.randomBytes(4, () => {}),\n"
                         "  () => crypto.scrypt('a', 'b', 16, () => {}),\n"
                         "];\n"
                         "for (const t of tries) { try { t(); console.log('no error'); } catch (e) { console.log(e.code + ': ' + e.message); } }\n"
                         "console.log(crypto.createHash('sha256').update('x').digest('hex'), crypto.randomBytes(4).length);\n");
  Session s(must_load(p), run_mode());
  s.start();
  s.run_to_end();
  CHECK(s.stop_reason() == "");
  CHECK(console_lines(s.recording()) ==
        std::vector<std::string>{
            "ERR_OUT_OF_RANGE: The value of \"iterations\" is out of range. It must be >= 1 && <= 2147483647. Received -1",
            "ERR_CRYPTO_INVALID_DIGEST: Invalid digest: nope",
            "ERR_INVALID_ARG_TYPE: The \"callback\" argument must be of type function. Received undefined",
            "ERR_INVALID_ARG_TYPE: The \"digest\" argument must be of type string. Received undefined",
            "ERR_LOOPSTEP_UNSUPPORTED: loopstep derives crypto.pbkdf2 keys with sha1, sha224, sha256, sha384, sha512; the "
            "digest \"md5\" is not modeled",
            "ERR_LOOPSTEP_UNSUPPORTED: loopstep does not model crypto.randomBytes with a callback: node would run it on its "
            "own thread pool, outside loopstep's loop; use crypto.pbkdf2 for work on the pool, or randomBytes without a "
            "callback",
            "ERR_LOOPSTEP_UNSUPPORTED: loopstep does not model crypto.scrypt: node would run it on its own thread pool, "
            "outside loopstep's loop; use crypto.pbkdf2 for work on the pool, or crypto.scryptSync",
            "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881 4"});
  CHECK(count(s.recording(), Kind::work_begin) == 0);  // no refused call reached the pool
}
