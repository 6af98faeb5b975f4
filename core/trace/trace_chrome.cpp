// Chrome trace JSON: spans as X slices on per-thread tracks, points as short slices,
// flow arrows (s/t/f, bound to the enclosing slice) from each completion's post to its take.
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>

#include "core/trace/narration.h"
#include "core/trace/trace_io.h"

namespace loopstep {

using nlohmann::json;

namespace {

// Span kinds: the begin kind and its end kind on the same thread.
bool span_end_for(Kind begin, Kind* end) {
  switch (begin) {
    case Kind::syscall_begin: *end = Kind::syscall_end; return true;
    case Kind::wait_begin: *end = Kind::wait_end; return true;
    case Kind::callback_begin: *end = Kind::callback_end; return true;
    case Kind::work_begin: *end = Kind::work_end; return true;
    default: return false;
  }
}
bool is_span_end(Kind k) {
  return k == Kind::syscall_end || k == Kind::wait_end || k == Kind::callback_end || k == Kind::work_end;
}

}  // namespace

void write_chrome_trace(std::ostream& out, const Recording& rec) {
  const RunInfo& info = rec.info();
  const auto& ev = rec.events();
  const Narration& n = Narration::builtin();
  json events = json::array();
  constexpr double kPointUs = 0.5;  // points are drawn as short slices so that flows can bind to them
  events.push_back({{"ph", "M"}, {"pid", 1}, {"name", "process_name"},
                    {"args", {{"name", "loopstep: " + info.title + " (" + info.backend_label + ")"}}}});
  LoopState s;
  std::map<uint16_t, bool> named;
  std::map<uint16_t, std::vector<size_t>> open_spans;  // per thread: indexes of begin events
  auto us = [](int64_t ns) { return static_cast<double>(ns) / 1000.0; };
  for (size_t i = 0; i < ev.size(); ++i) {
    const Event& e = ev[i];
    apply(s, e);
    if (!named[e.thread]) {
      named[e.thread] = true;
      std::string label = thread_label(e.thread, s);
      if (e.thread == 0) label += " (JS + libuv loop)";
      events.push_back({{"ph", "M"}, {"pid", 1}, {"tid", e.thread}, {"name", "thread_name"}, {"args", {{"name", label}}}});
    }
    json args = {{"seq", e.seq}, {"layer", layer_name(e.layer)}, {"req", e.req}, {"value", e.value},
                 {"text", n.describe(e, info, s, false)}};
    std::string name = std::string(info.strings.str(e.fn));
    Kind end;
    if (span_end_for(e.kind, &end)) {
      open_spans[e.thread].push_back(i);
      continue;
    }
    if (is_span_end(e.kind) && !open_spans[e.thread].empty()) {
      size_t b = open_spans[e.thread].back();
      open_spans[e.thread].pop_back();
      const Event& be = ev[b];
      events.push_back({{"ph", "X"}, {"pid", 1}, {"tid", e.thread}, {"ts", us(be.t_ns)},
                        {"dur", std::max(kPointUs, us(e.t_ns - be.t_ns))}, {"name", name},
                        {"cat", layer_name(e.layer)}, {"args", args}});
      continue;
    }
    events.push_back({{"ph", "X"}, {"pid", 1}, {"tid", e.thread}, {"ts", us(e.t_ns)}, {"dur", kPointUs},
                      {"name", name}, {"cat", layer_name(e.layer)}, {"args", args}});
    // Flow: post (s) -> wake-up (t, epoll) -> take (f).
    const char* ph = nullptr;
    if (e.kind == Kind::completion_post) ph = "s";
    else if (e.kind == Kind::wakeup_send && e.value == 1) ph = "t";
    else if (e.kind == Kind::completion_take) ph = "f";
    if (ph) {
      json flow = {{"ph", ph}, {"pid", 1}, {"tid", e.thread}, {"ts", us(e.t_ns)}, {"id", e.req},
                   {"name", "completion"}, {"cat", "completion"}};
      if (*ph == 'f') flow["bp"] = "e";
      events.push_back(flow);
    }
  }
  json doc = {{"traceEvents", events}, {"displayTimeUnit", "ns"}};
  out << doc.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
}

}  // namespace loopstep
