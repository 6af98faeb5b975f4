// Saved recordings: JSON lines round-trip to the same events and state; a truncated or
// corrupted file loads up to its last valid event with a warning.
#include <doctest/doctest.h>

#include <sstream>

#include "core/trace/trace_io.h"
#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;

TEST_CASE("recording files: jsonl round-trips every event, request and string") {
  SessionOptions o;
  o.mode = Mode::step;
  auto r = run_scenario(load_scenario("scenarios/open_read_close_chain.toml"), o);
  std::stringstream buf;
  write_jsonl(buf, r.rec());
  LoadedRecording loaded = read_jsonl(buf, "chain.jsonl");
  REQUIRE(loaded.error == "");
  CHECK(loaded.warnings.empty());
  const Recording& a = r.rec();
  const Recording& b = *loaded.recording;
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    CAPTURE(i);
    CHECK(a[i].kind == b[i].kind);
    CHECK(a[i].thread == b[i].thread);
    CHECK(a[i].req == b[i].req);
    CHECK(a[i].cause == b[i].cause);
    CHECK(a.info().strings.str(a[i].fn) == b.info().strings.str(b[i].fn));
    if (a[i].kind != Kind::console) CHECK(a[i].value == b[i].value);
  }
  CHECK(console_lines(a) == console_lines(b));
  CHECK(b.info().title == a.info().title);
  CHECK(b.info().config.backend == a.info().config.backend);
  CHECK(b.info().requests.size() == a.info().requests.size());
  LoopState sa = a.state_at(a.size() / 2), sb = b.state_at(b.size() / 2);
  CHECK(sa.req_count == sb.req_count);
  CHECK(sa.work_queue == sb.work_queue);
  CHECK(check_invariants(b) == "");
}

TEST_CASE("recording files: a recording loaded and saved again is byte-identical, for every bundled scenario") {
  for (const auto& f : bundled_scenarios()) {
    for (Mode m : {Mode::run, Mode::step}) {
      CAPTURE(f);
      CAPTURE(m == Mode::run ? "run" : "step");
      SessionOptions o;
      o.mode = m;
#ifdef _WIN32
      o.backend = BackendKind::iocp;  // the native port: Windows has no epoll
#endif
      auto r = run_scenario(load_scenario(f), o);
      std::stringstream first;
      write_jsonl(first, r.rec());
      const std::string saved = first.str();
      LoadedRecording loaded = read_jsonl(first, "saved.jsonl");
      REQUIRE(loaded.error == "");
      CHECK(loaded.warnings.empty());
      CHECK(loaded.recording->info().replayed);
      CHECK(loaded.recording->info().mode == (m == Mode::run ? "run" : "step"));
      std::stringstream again;
      write_jsonl(again, *loaded.recording);
      CHECK(again.str() == saved);
    }
  }
}

TEST_CASE("recording files: a truncated file loads up to the last whole event, with a warning") {
  auto r = run_scenario(load_scenario("scenarios/fs_stat_epoll_pool.toml"), SessionOptions{});
  std::stringstream buf;
  write_jsonl(buf, r.rec());
  std::string text = buf.str();
  // Cut in the middle of a line, as an interrupted write would.
  std::string cut = text.substr(0, text.find('\n', text.size() * 2 / 3) + 10);
  std::istringstream in(cut);
  LoadedRecording loaded = read_jsonl(in, "cut.jsonl");
  CHECK(loaded.error == "");
  REQUIRE(loaded.warnings.size() == 1);
  CHECK(loaded.warnings[0].starts_with("cut.jsonl:"));
  CHECK(loaded.recording->size() > 10);
  CHECK(loaded.recording->size() < r.rec().size());
}

TEST_CASE("recording files: garbage, a gap in seq, and an unknown kind are refused at their line") {
  std::istringstream garbage("\x01\x02 not json\n");
  CHECK(read_jsonl(garbage, "g.jsonl").error == "g.jsonl:1: the first line is not a loopstep recording header");
  std::istringstream gap(
      "{\"loopstep\":1}\n"
      "{\"seq\":0,\"thread\":0,\"layer\":\"libuv\",\"kind\":\"loop_init\",\"fn\":\"uv_loop_init\",\"req\":0,\"value\":0}\n"
      "{\"seq\":2,\"thread\":0,\"layer\":\"libuv\",\"kind\":\"loop_init\",\"fn\":\"x\",\"req\":0,\"value\":0}\n");
  LoadedRecording l = read_jsonl(gap, "gap.jsonl");
  CHECK(l.recording->size() == 1);
  REQUIRE(l.warnings.size() == 1);
  CHECK(l.warnings[0].starts_with("gap.jsonl:3: expected seq 1"));
  std::istringstream kind(
      "{\"loopstep\":1}\n"
      "{\"seq\":0,\"thread\":0,\"layer\":\"libuv\",\"kind\":\"teleport\",\"fn\":\"x\",\"req\":0,\"value\":0}\n");
  LoadedRecording k = read_jsonl(kind, "k.jsonl");
  CHECK(k.recording->size() == 0);
  REQUIRE(k.warnings.size() == 1);
  CHECK(k.warnings[0] == "k.jsonl:2: unknown kind; the recording is loaded up to the event before");
}
