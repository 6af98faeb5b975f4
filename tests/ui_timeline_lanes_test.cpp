// What the timeline model and the state fold show around threads and the kernel queue:
// lanes from thread_spawn, a GetQueuedCompletionStatusEx batch leaving the port at once,
// coalesced eventfd wake-ups that close.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>

#include "core/engine/session.h"
#include "core/node/lesson_check.h"
#include "tests/support.h"
#include "ui/timeline_model.h"

using namespace loopstep;
using namespace loopstep::ui;
using test::load_scenario;

namespace {

SessionOptions step_mode() {
  SessionOptions o;
  o.mode = Mode::step;
  return o;
}

// Steps until the last event is of kind k (or the run ends); returns whether it came.
bool step_until(Session& s, Kind k, int nth = 1) {
  while (s.step()) {
    const Recording& rec = s.recording();
    if (rec.size() > 0 && rec.back().kind == k && --nth == 0) return true;
  }
  return false;
}

Event event(uint64_t seq, uint16_t thread, Kind kind, int64_t value, uint32_t req = 0) {
  return Event{seq, int64_t(seq) * 1000, req, thread, kind, Layer::kernel, value, 0, 0};
}

}  // namespace

TEST_CASE("timeline lanes: a thread has its lane from the thread_spawn step, before its first own event") {
  for (const char* file : {"scenarios/fs_open_iocp.toml", "scenarios/iocp_batch.toml"}) {
    INFO(file);
    Session s(load_scenario(file), step_mode());
    s.start();
    REQUIRE(step_until(s, Kind::thread_spawn));
    const Event spawn = s.recording().back();
    REQUIRE(spawn.value >= 1);
    TimelineModel model;
    model.update(s.recording());
    REQUIRE(model.thread_lanes().size() == size_t(spawn.value) + 1);
    CHECK(model.thread_lanes()[size_t(spawn.value)].thread == spawn.value);
    CHECK(model.thread_lanes()[size_t(spawn.value)].points.empty());  // nothing of its own yet
  }
}

TEST_CASE("timeline lanes: every pool worker has its lane from its start") {
  Session s(load_scenario("scenarios/iocp_batch.toml"), step_mode());
  s.start();
  REQUIRE(step_until(s, Kind::thread_spawn, 4));  // the pool starts its 4 workers on the first submit
  TimelineModel model;
  model.update(s.recording());
  CHECK(model.thread_lanes().size() == 5);
}

TEST_CASE("timeline lanes: GetQueuedCompletionStatusEx takes three packets off the port at once") {
  Session s(load_scenario("scenarios/iocp_batch.toml"), step_mode());
  s.start();
  REQUIRE(step_until(s, Kind::wait_end));
  const Recording& rec = s.recording();
  REQUIRE(rec.back().value == 3);
  const LoopState after_wait = rec.state_at(rec.size() - 1);
  CHECK(after_wait.completion_queue.empty());  // nothing left on the port
  CHECK(after_wait.taken_batch == std::deque<uint32_t>{1, 2, 3});
  TimelineModel model;
  model.update(rec);
  const Lane& kernel = model.kernel_lane();
  size_t packets = 0;
  for (const SpanRow& row : kernel.rows)
    for (const Span& sp : row) {
      CHECK(sp.end == rec.back().seq);  // every packet span ends at the wait's return
      ++packets;
    }
  CHECK(packets == 3);
  REQUIRE(step_until(s, Kind::completion_take));
  const LoopState after_take = s.recording().state_at(s.recording().size() - 1);
  CHECK(after_take.taken_batch == std::deque<uint32_t>{2, 3});
  CHECK(after_take.completion_queue.empty());
}

TEST_CASE("timeline lanes: a coalesced wake-up opens no eventfd span, and the read closes the one open") {
  auto info = std::make_shared<RunInfo>();
  info->config.backend = BackendKind::epoll;
  Recording rec(info);
  rec.append(event(0, 1, Kind::wakeup_send, 1, 1));  // worker 1 writes the eventfd
  rec.append(event(1, 2, Kind::wakeup_send, 0, 2));  // worker 2 rides on it
  rec.append(event(2, 0, Kind::wakeup_recv, 1));     // the loop reads it
  TimelineModel model;
  model.update(rec);
  const Lane& kernel = model.kernel_lane();
  REQUIRE(kernel.rows.size() == 1);
  REQUIRE(kernel.rows[0].size() == 1);
  CHECK(kernel.rows[0][0].begin == 0);
  CHECK(kernel.rows[0][0].end == 2);  // closed: no "eventfd readable" left running
}

TEST_CASE("timeline lanes: a socket's epoll_ctl and readiness sit on the kernel lane, with a flow from what made it ready") {
  if (std::system("command -v node >/dev/null 2>&1") != 0) return;
  ScenarioResult r = load_lesson(test::source_path("scenarios/net_echo.js"));
  REQUIRE(std::holds_alternative<Scenario>(r));
  Session s(std::get<Scenario>(std::move(r)), step_mode());
  s.start();
  s.step_to_end();
  REQUIRE(s.stop_reason() == "");
  TimelineModel model;
  model.update(s.recording());
  const auto& points = model.kernel_lane().points;
  size_t sockets = 0, flows = 0;
  for (uint64_t seq = 0; seq < s.recording().size(); ++seq) {
    const Event& e = s.recording()[seq];
    if (e.kind != Kind::io_ctl && e.kind != Kind::io_ready) continue;
    ++sockets;
    CHECK(std::binary_search(points.begin(), points.end(), seq));
    // A flow where the cause made the readiness: the peer's data or EOF (EPOLLIN), or a
    // connect (the connector's EPOLLOUT); a plain EPOLLOUT (room to write) has none.
    const bool caused = has_cause(e) && ((e.value & 0x001) || s.recording().info().strings.str(s.recording()[cause_seq(e)].fn).find("connect(") !=
                                                                  std::string_view::npos);
    if (e.kind == Kind::io_ready && caused) {
      ++flows;
      const auto& f = model.flows();
      CHECK(std::any_of(f.begin(), f.end(), [&](const TimelineModel::Flow& x) { return x.take == seq && x.post == cause_seq(e); }));
    }
  }
  CHECK(sockets > 10);
  CHECK(flows >= 4);  // the data both ways and the two EOFs
}
