// Chrome trace JSON (the Trace Event Format), streamed: one event per line as the recording is
// walked, so memory stays bounded whatever the run's length. Spans are X slices with their
// recorded duration; points are thread-scoped instants, except the ends of a completion's flow
// (its post, the epoll wake-up that carries it, its take), which are zero-length slices so
// that the flow's s/t/f events bind to them. Times go out in microseconds with 0.1 ns steps:
// events of one thread that share a nanosecond are spread 0.1 ns apart in seq order, so every
// thread's slices nest and a flow binds to its own slice in every viewer.
#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>

#include "core/record/source_ref.h"
#include "core/trace/narration.h"
#include "core/trace/trace_io.h"

namespace loopstep {

using nlohmann::json;

namespace {

// Span kinds: the begin kind and its end kind on the same thread.
bool is_span_begin(Kind k) {
  return k == Kind::syscall_begin || k == Kind::wait_begin || k == Kind::callback_begin || k == Kind::work_begin;
}
bool is_span_end(Kind k) {
  return k == Kind::syscall_end || k == Kind::wait_end || k == Kind::callback_end || k == Kind::work_end;
}

// The flow phase an event stands for, or nullptr: post (s) -> epoll wake-up (t) -> take (f).
const char* flow_phase(const Event& e) {
  if (e.kind == Kind::completion_post) return "s";
  if (e.kind == Kind::wakeup_send && e.value == 1) return "t";
  if (e.kind == Kind::completion_take) return "f";
  return nullptr;
}

// A time in tenths of a nanosecond, written as microseconds ("12.3456").
std::string us(int64_t tenth_ns) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%04lld", static_cast<long long>(tenth_ns / 10000),
                static_cast<long long>(tenth_ns % 10000));
  return buf;
}

class ChromeWriter {
 public:
  ChromeWriter(std::ostream& out, const Recording& rec, ChromeTraceArgs args)
      : out_(out), rec_(rec), info_(rec.info()), args_(args) {}

  void write() {
    out_ << "{\"traceEvents\":[\n";
    line(json{{"ph", "M"}, {"pid", 1}, {"name", "process_name"},
              {"args", {{"name", "loopstep: " + info_.title + " (" + info_.backend_label + ")"}}}});
    const auto& ev = rec_.events();
    for (size_t i = 0; i < ev.size(); ++i) event(ev[i]);
    out_ << "\n]}\n";
  }

 private:
  struct Track {
    int64_t last = -1;               // the last time given out on this thread, 0.1 ns
    std::vector<int64_t> open;       // begin times of the spans still open, innermost last
    bool named = false;
  };

  void line(const json& j) {
    if (!first_) out_ << ",\n";
    first_ = false;
    out_ << j.dump(-1, ' ', false, json::error_handler_t::replace);
  }

  // Writes one trace event whose "ts" (and "dur") are raw decimal microseconds.
  void emit(json j, int64_t ts, int64_t dur = -1) {
    std::string s = j.dump(-1, ' ', false, json::error_handler_t::replace);
    // j holds "ts":null (and "dur":null) placeholders; put the exact decimals in their place.
    auto put = [&](const char* key, int64_t v) {
      const std::string k = std::string("\"") + key + "\":null";
      const size_t at = s.find(k);
      s.replace(at, k.size(), std::string("\"") + key + "\":" + us(v));
    };
    put("ts", ts);
    if (dur >= 0) put("dur", dur);
    if (!first_) out_ << ",\n";
    first_ = false;
    out_ << s;
  }

  json args_of(const Event& e) {
    json a = nullptr;
    if (args_ == ChromeTraceArgs::full)
      a = {{"seq", e.seq}, {"layer", layer_name(e.layer)}, {"req", e.req}, {"value", e.value},
           {"text", Narration::builtin().describe(e, info_, state_, false)}};
    // A JS lesson's call site, even in brief: frames of different lines are different frames.
    if (const uint32_t src = event_src(e, info_)) a["src"] = info_.strings.str(src);
    return a;
  }

  json slice(const Event& e, const char* ph) {
    json j = {{"ph", ph}, {"pid", 1}, {"tid", e.thread}, {"ts", nullptr}};
    j["name"] = std::string(info_.strings.str(e.fn));
    j["cat"] = layer_name(e.layer);
    return j;
  }

  void event(const Event& e) {
    apply(state_, e);
    Track& t = tracks_[e.thread];
    if (!t.named) {
      t.named = true;
      std::string label = thread_label(e.thread, state_);
      if (e.thread == 0) label += " (JS + libuv loop)";
      line(json{{"ph", "M"}, {"pid", 1}, {"tid", e.thread}, {"name", "thread_name"}, {"args", {{"name", label}}}});
    }
    const int64_t ts = t.last = std::max<int64_t>(e.t_ns * 10, t.last + 1);
    if (is_span_begin(e.kind)) {
      t.open.push_back(ts);
      return;
    }
    json a = args_of(e);
    if (is_span_end(e.kind) && !t.open.empty()) {
      const int64_t begin = t.open.back();
      t.open.pop_back();
      json j = slice(e, "X");
      j["dur"] = nullptr;
      if (!a.is_null()) j["args"] = std::move(a);
      emit(std::move(j), begin, ts - begin);
      return;
    }
    const char* flow = flow_phase(e);
    json j = slice(e, flow ? "X" : "i");
    if (flow) j["dur"] = nullptr;
    else j["s"] = "t";
    if (!a.is_null()) j["args"] = std::move(a);
    emit(std::move(j), ts, flow ? 0 : -1);
    if (flow) {
      json f = {{"ph", flow}, {"pid", 1}, {"tid", e.thread}, {"ts", nullptr}, {"id", e.req},
                {"name", "completion"}, {"cat", "completion"}};
      if (*flow == 'f') f["bp"] = "e";  // bind to the enclosing slice: the take itself
      emit(std::move(f), ts);
    }
  }

  std::ostream& out_;
  const Recording& rec_;
  const RunInfo& info_;
  ChromeTraceArgs args_;
  LoopState state_;
  std::map<uint16_t, Track> tracks_;
  bool first_ = true;
};

}  // namespace

void write_chrome_trace(std::ostream& out, const Recording& rec, ChromeTraceArgs args) {
  ChromeWriter(out, rec, args).write();
}

}  // namespace loopstep
