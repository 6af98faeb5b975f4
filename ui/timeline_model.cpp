// The timeline's lanes, folding and hit-testing (see timeline_model.h).
#include "ui/timeline_model.h"

#include <algorithm>

namespace loopstep::ui {

void fold_spans(const SpanRow& row, const Axis& a, const ViewRange& v, float min_px, std::vector<DrawItem>& out) {
  // Ends are sorted within a row, so the first visible span is one binary search away.
  auto it = std::lower_bound(row.begin(), row.end(), v.x_min, [&](const Span& s, double x) { return a.end_x(s.end) < x; });
  while (it != row.end() && a.begin_x(it->begin) <= v.x_max) {
    const float x0 = v.px(a.begin_x(it->begin));
    float x1 = v.px(a.end_x(it->end));
    const auto first = it;
    if (x1 - x0 >= min_px) {
      out.push_back({x0, x1, uint32_t(first - row.begin()), 1});
      ++it;
      continue;
    }
    // Too small to show: absorb every following span that ends within min_px of the block,
    // then keep going while the next one is small and adjacent. Each round moves the block
    // by at least min_px, so the work is bounded by the pixels, not by the events.
    ++it;
    for (;;) {
      const double limit = v.x_at(x1 + min_px);
      const auto from = it;
      it = std::lower_bound(it, row.end(), limit, [&](const Span& s, double x) { return a.end_x(s.end) < x; });
      if (it != from) x1 = std::max(x1, v.px(a.end_x(std::prev(it)->end)));
      if (it == row.end() || x1 > v.px_max) break;
      const float nx0 = v.px(a.begin_x(it->begin)), nx1 = v.px(a.end_x(it->end));
      if (nx0 > x1 + min_px || nx1 - nx0 >= min_px) break;
      x1 = nx1;
      ++it;
    }
    out.push_back({x0, std::max(x1, x0 + min_px), uint32_t(first - row.begin()), uint32_t(it - first)});
  }
}

void fold_points(const std::vector<uint64_t>& points, const Axis& a, const ViewRange& v, float min_px,
                 std::vector<DrawItem>& out) {
  auto it = std::lower_bound(points.begin(), points.end(), v.x_min, [&](uint64_t s, double x) { return a.point_x(s) < x; });
  while (it != points.end() && a.point_x(*it) <= v.x_max) {
    const float x = v.px(a.point_x(*it));
    const double limit = v.x_at(x + min_px);
    auto next = std::lower_bound(it + 1, points.end(), limit, [&](uint64_t s, double lx) { return a.point_x(s) < lx; });
    const float last = v.px(a.point_x(*(next - 1)));
    out.push_back({x, last, uint32_t(it - points.begin()), uint32_t(next - it)});
    it = next;
  }
}

int hit_test(const std::vector<DrawItem>& items, float x, float tolerance) {
  // Items are in ascending x; the closest one within tolerance wins.
  int best = -1;
  float best_d = tolerance;
  for (size_t i = 0; i < items.size(); ++i) {
    const DrawItem& d = items[i];
    const float dist = x < d.x0 ? d.x0 - x : (x > d.x1 ? x - d.x1 : 0.0f);
    if (dist <= best_d) {
      best = int(i);
      best_d = dist;
      if (dist == 0) break;
    }
  }
  return best;
}

namespace {
// What opens and closes a span; other kinds are point events.
enum Family : uint64_t { kSyscall = 1, kWait, kCallback, kWork, kPacket, kWakeup };
uint64_t key(Family f, uint32_t req) { return (uint64_t(req) << 8) | f; }
}  // namespace

Lane& TimelineModel::lane(uint16_t thread) {
  while (lanes_.size() <= thread) lanes_.push_back(Lane{uint16_t(lanes_.size()), {}, {}});
  return lanes_[thread];
}

void TimelineModel::open_span(Lane& l, uint64_t seq, uint64_t k) {
  // The first row whose last span is closed before this one starts.
  uint32_t r = 0;
  while (r < l.rows.size() && !l.rows[r].empty() && (l.rows[r].back().end == kOpen || l.rows[r].back().end >= seq)) ++r;
  if (r == l.rows.size()) l.rows.emplace_back();
  l.rows[r].push_back(Span{seq, kOpen});
  open_.push_back(Open{l.thread, k, r, uint32_t(l.rows[r].size() - 1)});
}

bool TimelineModel::close_span(Lane& l, uint64_t seq, uint64_t k) {
  for (auto it = open_.rbegin(); it != open_.rend(); ++it) {
    if (it->lane != l.thread || it->key != k) continue;
    l.rows[it->row][it->index].end = seq;
    open_.erase(std::next(it).base());
    return true;
  }
  return false;
}

void TimelineModel::close_oldest_packets(uint64_t seq, int64_t n) {
  // open_ is in the order the spans opened: the port's FIFO order.
  for (auto it = open_.begin(); it != open_.end() && n > 0;) {
    if (it->lane != kKernelLane || (it->key & 0xff) != kPacket) {
      ++it;
      continue;
    }
    kernel_.rows[it->row][it->index].end = seq;
    it = open_.erase(it);
    --n;
  }
}

int64_t TimelineModel::req_count_at(size_t cursor) const {
  auto it = std::upper_bound(req_count_.begin(), req_count_.end(), cursor, [](size_t c, const Sample& s) { return c < s.seq + 1; });
  return it == req_count_.begin() ? 0 : std::prev(it)->value;
}

void TimelineModel::update(const Recording& rec) {
  if (source_ != &rec || rec.size() < processed_) {
    reset();
    source_ = &rec;
  }
  for (; processed_ < rec.size(); ++processed_) {
    const Event& e = rec[processed_];
    const uint64_t seq = processed_;
    times_.push_back(std::max(double(e.t_ns), times_.empty() ? 0.0 : times_.back()));
    // A new thread has its lane from the step that creates it, not from its first own event.
    if (e.kind == Kind::thread_spawn && e.value >= 0 && e.value < kKernelLane) lane(uint16_t(e.value));
    Lane& l = lane(e.thread);
    auto close_or_point = [&](Lane& in, uint64_t k) {
      if (!close_span(in, seq, k)) in.points.push_back(seq);  // an end without a begin (a recording cut short)
    };
    switch (e.kind) {
      case Kind::syscall_begin: open_span(l, seq, key(kSyscall, 0)); break;
      case Kind::syscall_end: close_or_point(l, key(kSyscall, 0)); break;
      case Kind::wait_begin: open_span(l, seq, key(kWait, 0)); break;
      case Kind::wait_end: close_or_point(l, key(kWait, 0)); break;
      case Kind::callback_begin: open_span(l, seq, key(kCallback, e.req)); break;
      case Kind::callback_end: close_or_point(l, key(kCallback, e.req)); break;
      case Kind::work_begin: open_span(l, seq, key(kWork, 0)); break;
      case Kind::work_end: close_or_point(l, key(kWork, 0)); break;
      default: l.points.push_back(seq); break;
    }
    // The kernel queue: a packet sits on the port (or in the done-list) from post to take;
    // on epoll the eventfd stays readable from the write to the read.
    const bool port = rec.info().config.backend == BackendKind::iocp;
    switch (e.kind) {
      case Kind::completion_post: open_span(kernel_, seq, key(kPacket, e.req)); break;
      case Kind::wait_end:
        // GetQueuedCompletionStatus(Ex) takes `value` packets off the port in one call.
        if (port) close_oldest_packets(seq, e.value);
        break;
      case Kind::completion_take:
        close_span(kernel_, seq, key(kPacket, e.req));  // already closed when its wait took it
        if (has_cause(e)) flows_.push_back(Flow{cause_seq(e), seq});
        break;
      // Only the worker that flips the pending flag writes the eventfd (value 1); one that
      // rides on a pending wake-up (value 0) opens nothing, and the read ends the one open.
      case Kind::wakeup_send:
        if (e.value != 0) open_span(kernel_, seq, key(kWakeup, 0));
        break;
      case Kind::wakeup_recv:
        while (close_span(kernel_, seq, key(kWakeup, 0))) {}
        break;
      // Sockets (epoll): the fd entering or leaving the epoll set, and its readiness, with a
      // flow from what made it ready (the peer's write, connect, shutdown or close).
      case Kind::io_ctl: kernel_.points.push_back(seq); break;
      case Kind::io_ready:
        kernel_.points.push_back(seq);
        // A peer's write, shutdown or close makes the reader readable (EPOLLIN); a connect makes
        // the connector writable. The engine also hands a plain EPOLLOUT (room to write) the
        // stream's last cause, which did not cause it: no flow for that one.
        if (has_cause(e) && cause_seq(e) < rec.size() &&
            ((e.value & 0x001) || rec.info().strings.str(rec[cause_seq(e)].fn).find("connect(") != std::string_view::npos))
          flows_.push_back(Flow{cause_seq(e), seq});
        break;
      case Kind::req_count_inc:
      case Kind::req_count_dec:
        req_count_.push_back(Sample{seq, e.value});
        req_count_max_ = std::max(req_count_max_, e.value);
        break;
      default: break;
    }
  }
}

}  // namespace loopstep::ui
