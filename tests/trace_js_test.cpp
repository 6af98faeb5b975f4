// A JS lesson's recording (tests/data/js_recording.jsonl, hand-made until the Node engine
// records them): the program's source, its front matter, what ran it, and every event's
// call site survive a save and a load, old recordings still load, and the Chrome trace
// names each event's call site.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/record/source_ref.h"
#include "core/trace/trace_io.h"
#include "tests/support.h"

using namespace loopstep;
using nlohmann::json;

namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

LoadedRecording load(const std::string& text) {
  std::istringstream in(text);
  return read_jsonl(in, "js.jsonl");
}

const std::string kFixture = "tests/data/js_recording.jsonl";

}  // namespace

TEST_CASE("js recordings: the source, front matter, runtime and confinement load from the header") {
  LoadedRecording r = load(read_all(test::source_path(kFixture)));
  REQUIRE(r.error == "");
  CHECK(r.warnings.empty());
  const RunInfo& info = r.recording->info();
  CHECK(info.source.starts_with("/* loopstep\n"));
  CHECK(info.source.find("require('fs').open(\"1.txt\", 'r', function onOpen(err, result) {\n") != std::string::npos);
  CHECK(info.source_name == "lesson.js");
  CHECK(info.front_matter_first == 1);
  CHECK(info.front_matter_last == 8);
  CHECK(info.js_runtime == "Node v20.20.0");
  CHECK(info.confinement.starts_with("Landlock"));
}

TEST_CASE("js recordings: a request's and a console.log's call site load, and every event of the request has it") {
  LoadedRecording r = load(read_all(test::source_path(kFixture)));
  REQUIRE(r.error == "");
  const Recording& rec = *r.recording;
  const RunInfo& info = rec.info();
  REQUIRE(info.requests.has(1));
  CHECK(info.strings.str(info.requests.get(1).src) == "lesson.js:10:15");
  size_t consoles = 0;
  for (const Event& e : rec.events()) {
    CAPTURE(e.seq);
    if (e.kind == Kind::console) {
      ++consoles;
      CHECK(info.strings.str(console_text(e)) == "Result:  5");  // the text survives beside the src
      CHECK(event_line(e, info) == 11);
    } else {
      CHECK(event_line(e, info) == (e.req == 1 ? 10u : 0u));
    }
  }
  CHECK(consoles == 1);
}

TEST_CASE("js recordings: loaded and saved again, the file is byte-identical") {
  const std::string text = read_all(test::source_path(kFixture));
  LoadedRecording r = load(text);
  REQUIRE(r.error == "");
  std::ostringstream out;
  write_jsonl(out, *r.recording);
  CHECK(out.str() == text);
}

TEST_CASE("js recordings: a TOML lesson's recording writes none of the JS keys, and loads with them empty") {
  SessionOptions o;
  o.mode = Mode::step;
  auto run = test::run_scenario(test::load_scenario("scenarios/fs_open_iocp.toml"), o);
  std::stringstream buf;
  write_jsonl(buf, run.rec());
  const std::string text = buf.str();
  for (const char* key : {"\"source\"", "\"source_name\"", "\"front_matter\"", "\"js_runtime\"", "\"confinement\"", "\"src\""})
    CHECK(text.find(key) == std::string::npos);
  LoadedRecording r = load(text);
  REQUIRE(r.error == "");
  CHECK(r.recording->info().source.empty());
  CHECK(r.recording->info().front_matter_first == 0);
}

TEST_CASE("js recordings: a front_matter that is not [first, last] is ignored with a warning") {
  const std::string header = R"({"loopstep":1,"source":"x","front_matter":[3,1]})";
  LoadedRecording r = load(header + "\n");
  REQUIRE(r.error == "");
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0] == "js.jsonl:1: header field 'front_matter' is not [first, last] line numbers; ignored");
  CHECK(r.recording->info().front_matter_first == 0);
  CHECK(r.recording->info().source == "x");
}

TEST_CASE("js recordings: the Chrome trace names each event's call site, and only where it has one") {
  LoadedRecording r = load(read_all(test::source_path(kFixture)));
  REQUIRE(r.error == "");
  std::ostringstream out;
  write_chrome_trace(out, *r.recording);
  const json trace = json::parse(out.str());
  size_t with_src = 0;
  for (const json& e : trace["traceEvents"]) {
    if (e["ph"] == "M" || !e.contains("args")) continue;
    REQUIRE(e["args"].contains("src"));
    CHECK((e["args"]["src"] == "lesson.js:10:15" || e["args"]["src"] == "lesson.js:11:11"));
    ++with_src;
    if (e["name"] == "console.log") CHECK(e["args"]["src"] == "lesson.js:11:11");
  }
  CHECK(with_src > 10);
  // The loop's own events (uv_loop_init, the waits) have no call site, hence no args in brief.
  bool loop_init_bare = false;
  for (const json& e : trace["traceEvents"])
    if (e.value("name", "") == "uv_loop_init") loop_init_bare = !e.contains("args");
  CHECK(loop_init_bare);
}
