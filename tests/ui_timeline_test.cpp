// The timeline's logic without a window: visible range by binary search, folding of
// sub-pixel spans and markers, hit-testing, and the lanes built from a real recording.
#include <doctest/doctest.h>

#include <numeric>

#include "tests/support.h"
#include "ui/timeline_model.h"

using namespace loopstep;
using namespace loopstep::ui;

namespace {

// n back-to-back one-step spans: [0,1) [1,2) ... on the step axis.
SpanRow consecutive_spans(uint64_t n) {
  SpanRow row;
  for (uint64_t i = 0; i < n; ++i) row.push_back(Span{i, i});
  return row;
}

uint32_t total(const std::vector<DrawItem>& items) {
  return std::accumulate(items.begin(), items.end(), 0u, [](uint32_t s, const DrawItem& d) { return s + d.count; });
}

}  // namespace

TEST_CASE("timeline: the visible range starts at the first span on screen") {
  const SpanRow row = consecutive_spans(1000);
  const Axis a{false, nullptr, 1000};
  ViewRange v{100.5, 120.5, 0, 400};  // 20 px per step: nothing folds
  std::vector<DrawItem> items;
  fold_spans(row, a, v, 3.0f, items);
  REQUIRE(!items.empty());
  CHECK(items.front().first == 100);
  CHECK(items.back().first == 120);
  CHECK(items.size() == 21);
  for (const DrawItem& d : items) CHECK(d.count == 1);
}

TEST_CASE("timeline: spans narrower than 3 px fold into blocks that keep the count") {
  const SpanRow row = consecutive_spans(100000);
  const Axis a{false, nullptr, 100000};
  const ViewRange v{0, 100000, 0, 1000};  // 0.01 px per span
  std::vector<DrawItem> items;
  fold_spans(row, a, v, 3.0f, items);
  CHECK(total(items) == 100000);  // every span is in exactly one block
  CHECK(items.size() <= 1000 / 3 + 1);  // cost follows pixels, not events
  for (const DrawItem& d : items) CHECK(d.x1 - d.x0 >= 3.0f);
}

TEST_CASE("timeline: a wide span next to narrow ones is not folded away") {
  SpanRow row = consecutive_spans(50);  // steps 0..49, narrow at this zoom
  row.push_back(Span{50, 900});         // wide
  const Axis a{false, nullptr, 1000};
  const ViewRange v{0, 1000, 0, 1000};  // 1 px per step
  std::vector<DrawItem> items;
  fold_spans(row, a, v, 3.0f, items);
  REQUIRE(items.size() >= 2);
  CHECK(items.back().count == 1);
  CHECK(items.back().first == 50);
  CHECK(total(items) == 51);
}

TEST_CASE("timeline: markers closer than min_px fold, far apart ones do not") {
  std::vector<uint64_t> points(1000);
  std::iota(points.begin(), points.end(), 0);
  const Axis a{false, nullptr, 1000};
  std::vector<DrawItem> items;
  fold_points(points, a, ViewRange{0, 1000, 0, 500}, 6.0f, items);
  CHECK(total(items) == 1000);
  CHECK(items.size() <= 500 / 6 + 1);
  items.clear();
  fold_points(points, a, ViewRange{10, 20, 0, 1000}, 6.0f, items);
  CHECK(items.size() == 10);  // 100 px apart: one marker each
  CHECK(items.front().first == 10);
}

TEST_CASE("timeline: hit-testing finds the item under the mouse, within tolerance") {
  const std::vector<DrawItem> items = {{10, 20, 0, 1}, {30, 40, 1, 1}, {50, 53, 2, 7}};
  CHECK(hit_test(items, 15, 0) == 0);
  CHECK(hit_test(items, 25, 2) == -1);
  CHECK(hit_test(items, 41.5f, 2) == 1);
  CHECK(hit_test(items, 52, 0) == 2);
  CHECK(hit_test(items, 100, 5) == -1);
}

TEST_CASE("timeline: lanes, flows and req_count history from the IOCP scenario") {
  SessionOptions o;
  o.mode = Mode::step;
  auto run = test::run_scenario(test::load_scenario("scenarios/fs_open_iocp.toml"), o);
  const Recording& rec = run.rec();
  TimelineModel m;
  m.update(rec);
  CHECK(m.processed() == rec.size());
  REQUIRE(m.thread_lanes().size() >= 2);  // the loop thread and the thread that opens 1.txt
  CHECK(m.kernel_lane().rows.size() == 1);
  CHECK(m.kernel_lane().rows[0].size() == test::count(rec, Kind::completion_post));
  CHECK(m.flows().size() == test::count(rec, Kind::completion_take));
  CHECK(m.req_count_at(rec.size()) == 0);
  CHECK(m.req_count_max() == 1);

  // The loop thread's wait: a closed span, and the mouse over its middle finds wait_begin.
  const Lane& loop = m.thread_lanes()[0];
  REQUIRE(!loop.rows.empty());
  const Axis a = m.axis(false);
  const ViewRange v{0, a.total(), 0, float(a.total()) * 20};
  std::vector<DrawItem> items;
  fold_spans(loop.rows[0], a, v, 3.0f, items);
  bool found = false;
  for (const DrawItem& d : items) {
    const int hit = hit_test(items, (d.x0 + d.x1) / 2, 0);
    REQUIRE(hit >= 0);
    const Event& e = rec[loop.rows[0][items[size_t(hit)].first].begin];
    if (e.kind == Kind::wait_begin) {
      found = true;
      CHECK(loop.rows[0][items[size_t(hit)].first].end != kOpen);
    }
  }
  CHECK(found);
}

TEST_CASE("timeline: the model catches up incrementally and agrees with a full build") {
  SessionOptions o;
  o.mode = Mode::step;
  Session s(test::load_scenario("scenarios/fs_stat_epoll_pool.toml"), o);
  s.start();
  TimelineModel inc;
  while (s.step()) inc.update(s.recording());
  inc.update(s.recording());
  TimelineModel full;
  full.update(s.recording());
  REQUIRE(inc.thread_lanes().size() == full.thread_lanes().size());
  for (size_t i = 0; i < full.thread_lanes().size(); ++i) {
    CHECK(inc.thread_lanes()[i].points == full.thread_lanes()[i].points);
    CHECK(inc.thread_lanes()[i].rows.size() == full.thread_lanes()[i].rows.size());
  }
  CHECK(inc.flows().size() == full.flows().size());
}
