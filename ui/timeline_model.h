// The timeline's data, kept apart from drawing so that it can be tested without a window:
// lanes of spans and point events built incrementally from the recording, the mapping
// between axis units and pixels, the visible range by binary search, folding of spans and
// markers narrower than a few pixels (cost follows pixels, not events), and hit-testing.
#pragma once
#include <cstdint>
#include <limits>
#include <vector>

#include "core/record/recording.h"

namespace loopstep::ui {

inline constexpr uint64_t kOpen = std::numeric_limits<uint64_t>::max();  // a span still running
inline constexpr uint16_t kKernelLane = std::numeric_limits<uint16_t>::max();

struct Span {
  uint64_t begin;  // seq of the event that opens it
  uint64_t end;    // seq of the event that closes it, kOpen while running
};

// One row of spans that never overlap: sorted by begin, and therefore by end too.
using SpanRow = std::vector<Span>;

struct Lane {
  uint16_t thread = 0;          // kKernelLane for the kernel queue
  std::vector<SpanRow> rows;    // nesting / overlapping spans go to the next row
  std::vector<uint64_t> points; // seqs of point events, ascending
};

// Axis units: the step index (seq .. seq + 1 per event) or real time in ns.
struct Axis {
  bool real_time = false;
  const std::vector<double>* times = nullptr;  // per event, made monotone
  uint64_t size = 0;                           // events recorded: where open spans end
  double begin_x(uint64_t seq) const { return real_time ? (*times)[seq] : double(seq); }
  double end_x(uint64_t seq) const {
    if (seq == kOpen) seq = size - 1;
    return real_time ? (*times)[seq] : double(seq) + 1.0;
  }
  double point_x(uint64_t seq) const { return real_time ? (*times)[seq] : double(seq) + 0.5; }
  double total() const { return size == 0 ? 1.0 : end_x(size - 1); }
};

// The part of the axis on screen, and its pixels.
struct ViewRange {
  double x_min = 0, x_max = 1;
  float px_min = 0, px_max = 1;
  float px(double x) const { return px_min + float((x - x_min) / (x_max - x_min) * (px_max - px_min)); }
  double x_at(float p) const { return x_min + (double(p) - px_min) / (px_max - px_min) * (x_max - x_min); }
};

// What one frame draws: a span, a point, or a folded block of `count` of them.
struct DrawItem {
  float x0, x1;
  uint32_t first;   // index into the row / points
  uint32_t count;   // > 1: folded
};

// Spans of `row` on screen; consecutive ones narrower than min_px fold into one item.
void fold_spans(const SpanRow& row, const Axis& a, const ViewRange& v, float min_px, std::vector<DrawItem>& out);
// Point events on screen; markers closer than min_px fold into one item.
void fold_points(const std::vector<uint64_t>& points, const Axis& a, const ViewRange& v, float min_px,
                 std::vector<DrawItem>& out);
// The item under pixel x (within tolerance px), or -1.
int hit_test(const std::vector<DrawItem>& items, float x, float tolerance);

class TimelineModel {
 public:
  // Catches up with the recording (only the events added since the last call).
  void update(const Recording& rec);
  void reset() { *this = TimelineModel(); }

  const std::vector<Lane>& thread_lanes() const { return lanes_; }  // index = thread number
  const Lane& kernel_lane() const { return kernel_; }
  Axis axis(bool real_time) const { return Axis{real_time, &times_, processed_}; }
  // Completion flows, post -> take, sorted by take.
  struct Flow { uint64_t post, take; };
  const std::vector<Flow>& flows() const { return flows_; }
  // req_count after each change: (seq, value), ascending.
  struct Sample { uint64_t seq; int64_t value; };
  const std::vector<Sample>& req_count_history() const { return req_count_; }
  int64_t req_count_at(size_t cursor) const;  // after `cursor` events
  int64_t req_count_max() const { return req_count_max_; }
  uint64_t processed() const { return processed_; }
  const Recording* source() const { return source_; }

 private:
  Lane& lane(uint16_t thread);
  void open_span(Lane& l, uint64_t seq, uint64_t key);
  // Closes the latest open span with this key; returns false when there is none.
  bool close_span(Lane& l, uint64_t seq, uint64_t key);
  void close_oldest_packets(uint64_t seq, int64_t n);

  const Recording* source_ = nullptr;
  uint64_t processed_ = 0;
  std::vector<Lane> lanes_;          // one per thread, by number
  Lane kernel_{kKernelLane, {}, {}};  // packets on the port / eventfd readiness
  std::vector<double> times_;
  std::vector<Flow> flows_;
  std::vector<Sample> req_count_;
  int64_t req_count_max_ = 0;
  struct Open { uint16_t lane; uint64_t key; uint32_t row; uint32_t index; };
  std::vector<Open> open_;           // spans waiting for their end event
};

}  // namespace loopstep::ui
