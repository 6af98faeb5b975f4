// GetQueuedCompletionStatusEx batches (port_batch): one wait takes every queued packet up to
// the batch size, each packet is announced and completed once, in the order posted, and the
// step gate's count of posts stays exact; and the settings of the port a lesson gives
// (port_batch, simultaneous_accepts). On Linux this is the emulated port; under Wine
// (tests/windows.cmake) the same cases run on the native one.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "core/trace/narration.h"
#include "core/trace/trace_io.h"
#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;

namespace {

constexpr std::string_view kGet = "GetQueuedCompletionStatus";
constexpr std::string_view kGetEx = "GetQueuedCompletionStatusEx";

SessionOptions step_pool() {
  SessionOptions o;
  o.mode = Mode::step;  // the scenario's release policy (lrr): the workers post before the loop polls
  o.backend = BackendKind::iocp;
  o.workers = WorkerModel::pool;
  return o;
}

Scenario batch_scenario(int port_batch) {
  Scenario sc = load_scenario("scenarios/iocp_batch.toml");
  sc.config.port_batch = port_batch;
  return sc;
}

std::string_view fn_of(const Recording& rec, const Event& e) { return rec.info().strings.str(e.fn); }

// The loop's side of each wait and take: "kind fn #req value" for wait_begin, wait_end,
// completion_take, and the req_count_dec / callback_begin that complete the request taken.
std::vector<std::string> loop_takes(const Recording& rec) {
  std::vector<std::string> out;
  for (const Event& e : rec.events()) {
    bool wanted = e.kind == Kind::wait_begin || e.kind == Kind::wait_end || e.kind == Kind::completion_take ||
                  e.kind == Kind::req_count_dec || e.kind == Kind::callback_begin;
    if (!wanted) continue;
    std::string value = e.kind == Kind::callback_begin ? "" : " " + std::to_string(e.value);
    out.push_back(std::string(kind_name(e.kind)) + " " + std::string(fn_of(rec, e)) + " #" + std::to_string(e.req) + value);
  }
  return out;
}

std::vector<uint32_t> reqs_of(const Recording& rec, Kind k) {
  std::vector<uint32_t> out;
  for (const Event& e : rec.events())
    if (e.kind == k) out.push_back(e.req);
  return out;
}

// The settings a lesson's text gives (its parse must succeed).
RunConfig config_of(std::string_view text, const std::string& file) {
  ScenarioResult r = parse_scenario_text(text, file);
  if (auto* err = std::get_if<ScenarioError>(&r)) FAIL(err->format());
  return std::get<Scenario>(r).config;
}

}  // namespace

TEST_CASE("iocp batch: one GetQueuedCompletionStatusEx takes the three queued packets, then each is completed in order") {
  auto r = run_scenario(load_scenario("scenarios/iocp_batch.toml"), step_pool());
  const Recording& rec = r.rec();
  REQUIRE(r.session->stop_reason() == "");
  CHECK(rec.info().config.port_batch == 128);
  // Posted in the order 1, 2, 3 while the main script ran; taken in the same order (FIFO).
  REQUIRE(reqs_of(rec, Kind::completion_post) == std::vector<uint32_t>{1, 2, 3});
  CHECK(reqs_of(rec, Kind::completion_take) == std::vector<uint32_t>{1, 2, 3});
  const std::string ex(kGetEx);
  CHECK(loop_takes(rec) == std::vector<std::string>{
                               "wait_begin " + ex + " #0 -1",
                               "wait_end " + ex + " #0 3",
                               "completion_take " + ex + " #1 2",
                               "req_count_dec uv__req_unregister #1 2",
                               "callback_begin onStat #1",
                               "completion_take " + ex + " #2 1",
                               "req_count_dec uv__req_unregister #2 1",
                               "callback_begin onStat #2",
                               "completion_take " + ex + " #3 0",
                               "req_count_dec uv__req_unregister #3 0",
                               "callback_begin onStat #3",
                           });
  // The three posts came before the loop's one wait: the batch is what was queued.
  const auto& ev = rec.events();
  auto first_wait = std::find_if(ev.begin(), ev.end(), [](const Event& e) { return e.kind == Kind::wait_begin; });
  CHECK(std::count_if(ev.begin(), first_wait, [](const Event& e) { return e.kind == Kind::completion_post; }) == 3);
  CHECK(check_invariants(rec) == "");
  CHECK(rec.tail_state().req_count == 0);
  CHECK(rec.tail_state().completion_queue.empty());
  CHECK(console_lines(rec) == std::vector<std::string>(3, "stat done, size 6"));
}

TEST_CASE("iocp batch: port_batch = 1 is GetQueuedCompletionStatus, one packet per wait") {
  auto r = run_scenario(batch_scenario(1), step_pool());
  const Recording& rec = r.rec();
  std::vector<int64_t> taken;
  for (const Event& e : rec.events()) {
    CHECK(fn_of(rec, e) != kGetEx);
    if (e.kind == Kind::wait_end) {
      CHECK(fn_of(rec, e) == kGet);
      taken.push_back(e.value);
    }
  }
  CHECK(taken == std::vector<int64_t>{1, 1, 1});
  CHECK(check_invariants(rec) == "");
  CHECK(rec.tail_state().req_count == 0);
}

TEST_CASE("iocp batch: a batch smaller than the queue leaves the rest for the next wait, which does not block") {
  auto a = run_scenario(batch_scenario(2), step_pool());
  auto b = run_scenario(batch_scenario(2), step_pool());
  const std::string ex(kGetEx);
  std::vector<std::string> kernel;
  for (const std::string& line : loop_takes(a.rec()))
    if (line.find(ex) != std::string::npos) kernel.push_back(line);
  // Two packets, then the third in a second wait: the gate counted one post still pending,
  // so that wait stayed runnable and Step mode did not stall or reorder.
  CHECK(kernel == std::vector<std::string>{"wait_begin " + ex + " #0 -1", "wait_end " + ex + " #0 2",
                                           "completion_take " + ex + " #1 2", "completion_take " + ex + " #2 1",
                                           "wait_begin " + ex + " #0 -1", "wait_end " + ex + " #0 1",
                                           "completion_take " + ex + " #3 0"});
  CHECK(step_signature(a.rec()) == step_signature(b.rec()));
  CHECK(check_invariants(a.rec()) == "");
}

TEST_CASE("iocp batch: Run mode with port_batch = 128 and 2,000 requests takes every packet exactly once") {
  // 1,000 stats from the main script, each of whose callbacks starts one more: half the
  // packets are posted while the loop is busy with a batch.
  constexpr int kStats = 2000;
  std::string t = "title = \"batch stress\"\nteaches = \"t\"\nbackend = \"iocp\"\nworkers = \"pool\"\nport_batch = 128\n"
                  "[files]\n\"f.txt\" = \"hello\\n\"\n";
  for (int i = 0; i < kStats / 2; ++i) t += "[[main]]\ncall = \"fs.stat\"\npath = \"f.txt\"\ncallback = \"again\"\n";
  const std::string log = "call = \"console.log\"\nargs = [\"stat\", \"{err}\", \"{result}\"]\n";
  t += "[[callbacks.again]]\ncall = \"fs.stat\"\npath = \"f.txt\"\ncallback = \"statted\"\n[[callbacks.again]]\n" + log +
       "[[callbacks.statted]]\n" + log;
  ScenarioResult parsed = parse_scenario_text(t, "batch_stress.toml");
  if (auto* e = std::get_if<ScenarioError>(&parsed)) FAIL(e->format());
#ifdef _WIN32
  const int pools[] = {4};  // each stat opens the file with CreateFileW: ~4 ms under Wine
#else
  const int pools[] = {1, 4, 64};
#endif
  for (int pool : pools) {
    CAPTURE(pool);
    SessionOptions o;
    o.pool_size = pool;
    auto r = run_scenario(std::get<Scenario>(parsed), o);
    const Recording& rec = r.rec();
    CHECK(r.session->stop_reason() == "");
    CHECK(check_invariants(rec) == "");  // every post taken exactly once, req_count 0 at loop_exit
    CHECK(count(rec, Kind::completion_post) == kStats);
    CHECK(count(rec, Kind::completion_take) == kStats);
    int64_t sum = 0, most = 0, waits = 0;
    for (const Event& e : rec.events())
      if (e.kind == Kind::wait_end) {
        CHECK(fn_of(rec, e) == kGetEx);
        CHECK(e.value <= kMaxPortBatch);
        sum += e.value;
        most = std::max(most, e.value);
        ++waits;
      }
    CHECK(sum == kStats);  // wait_end counts exactly the packets its takes announce
    CHECK(most > 1);       // 2,000 posts during the main script: some wait found several queued
    CHECK(rec.tail_state().req_count == 0);
    const std::vector<std::string> lines = console_lines(rec);
    CHECK(std::count(lines.begin(), lines.end(), "stat null 6") == kStats);
    MESSAGE("pool " << pool << ": " << kStats << " packets in " << waits << " waits, at most " << most << " per wait");
  }
}

TEST_CASE("iocp batch: the JSONL header records port_batch, and ignores an out-of-range one with a warning") {
  auto r = run_scenario(load_scenario("scenarios/iocp_batch.toml"), step_pool());
  std::stringstream buf;
  write_jsonl(buf, r.rec());
  LoadedRecording back = read_jsonl(buf, "batch.jsonl");
  REQUIRE(back.error == "");
  CHECK(back.warnings.empty());
  CHECK(back.recording->info().config.port_batch == 128);

  std::istringstream bad("{\"loopstep\":1,\"backend\":\"iocp\",\"port_batch\":500}\n");
  LoadedRecording b = read_jsonl(bad, "h.jsonl");
  CHECK(b.recording->info().config.port_batch == 1);
  CHECK(b.warnings == std::vector<std::string>{"h.jsonl:1: header field 'port_batch' is not an integer between 1 and 128; ignored"});
}

TEST_CASE("iocp batch: the narration of GetQueuedCompletionStatusEx says how many packets one call took") {
  auto r = run_scenario(load_scenario("scenarios/iocp_batch.toml"), step_pool());
  const Recording& rec = r.rec();
  const auto& ev = rec.events();
  auto it = std::find_if(ev.begin(), ev.end(), [](const Event& e) { return e.kind == Kind::wait_end; });
  REQUIRE(it != ev.end());
  const Event wait_end = *it;
  const Narration& n = Narration::builtin();
  const LoopState after = rec.state_at(wait_end.seq);
  CHECK(n.describe(wait_end, rec.info(), after, false) == "GetQueuedCompletionStatusEx returns 3 packet(s) in one call");
  CHECK(n.describe(wait_end, rec.info(), after, true).find("3 packet(s) in its array") != std::string::npos);
  CHECK(n.describe(wait_end, rec.info(), after, true).find("up to 128") != std::string::npos);
  Event timeout = wait_end;
  timeout.value = 0;
  CHECK(n.describe(timeout, rec.info(), after, false) == "GetQueuedCompletionStatusEx returns with no packet (timeout)");
  // A sub-table of a named stage must name an event kind.
  CHECK_THROWS_WITH(Narration::parse("[fn.\"f\".wait_ended]\nshort = \"x\"\n", "n.toml"), "n.toml:1:9: 'wait_ended' is not an event kind");
}

TEST_CASE("iocp batch: a JS lesson waits as node's libuv does (128 packets) unless its header asks; a TOML lesson takes one") {
  const auto port_batch = [](std::string_view text, const std::string& file) { return config_of(text, file).port_batch; };
  CHECK(port_batch("require('fs').stat('.', () => {});\n", "lesson.js") == 128);
  CHECK(port_batch("/* loopstep\nbackend = \"iocp\"\nport_batch = 1\n*/\nrequire('fs').stat('.', () => {});\n", "lesson.js") == 1);
  CHECK(port_batch("title = \"t\"\nteaches = \"t\"\nbackend = \"iocp\"\n[[main]]\ncall = \"fs.stat\"\npath = \"a\"\ncallback = \"cb\"\n[[callbacks.cb]]\ncall = \"console.log\"\nargs = [\"done\"]\n[files]\n\"a\" = \"x\"\n", "lesson.toml") == 1);
  // The bundled lessons that tell the articles' story keep their one-packet call.
  CHECK(load_scenario("scenarios/fs_open_iocp.js").config.port_batch == 1);
  CHECK(load_scenario("scenarios/iocp_batch.js").config.port_batch == 128);
}

TEST_CASE("iocp accepts: a JS lesson's servers keep node's 32 AcceptEx pending unless its header asks; a TOML lesson keeps one") {
  const auto accepts = [](std::string_view text, const std::string& file) { return config_of(text, file).simultaneous_accepts; };
  CHECK(accepts("require('net');\n", "lesson.js") == 32);
  CHECK(accepts("/* loopstep\nbackend = \"iocp\"\nsimultaneous_accepts = 1\n*/\nrequire('net');\n", "lesson.js") == 1);
  CHECK(load_scenario("scenarios/net_echo.toml").config.simultaneous_accepts == 1);
  CHECK(load_scenario("scenarios/net_echo.js").config.simultaneous_accepts == 32);
}

TEST_CASE("iocp accepts: the JSONL header records simultaneous_accepts above 1, and a recording without it had one") {
  Scenario sc = load_scenario("scenarios/net_echo.toml");
  sc.config.simultaneous_accepts = 32;
  auto r = run_scenario(sc, step_pool());
  std::stringstream buf;
  write_jsonl(buf, r.rec());
  CHECK(buf.str().find("\"simultaneous_accepts\":32") != std::string::npos);
  LoadedRecording back = read_jsonl(buf, "accepts.jsonl");
  REQUIRE(back.error == "");
  CHECK(back.warnings.empty());
  CHECK(back.recording->info().config.simultaneous_accepts == 32);

  std::istringstream old("{\"loopstep\":1,\"backend\":\"iocp\"}\n");
  CHECK(read_jsonl(old, "old.jsonl").recording->info().config.simultaneous_accepts == 1);
  std::istringstream bad("{\"loopstep\":1,\"backend\":\"iocp\",\"simultaneous_accepts\":0}\n");
  LoadedRecording b = read_jsonl(bad, "h.jsonl");
  CHECK(b.recording->info().config.simultaneous_accepts == 1);
  CHECK(b.warnings == std::vector<std::string>{"h.jsonl:1: header field 'simultaneous_accepts' is not an integer between 1 and 32; ignored"});
}
