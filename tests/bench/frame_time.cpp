// The timeline frame-time benchmark (see frame_time.h) and its section of the table.
// Built with the panels only when LOOPSTEP_GUI is ON (LOOPSTEP_BENCH_GUI); otherwise the
// section says so and leaves its keys null.
#include "tests/bench/frame_time.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "tests/bench/sections.h"
#include "tests/bench/stats.h"

#ifdef LOOPSTEP_BENCH_GUI
#include <imgui.h>
#include <imgui_internal.h>  // FindWindowByName: where the panel put itself, to aim the mouse

#include <deque>
#include <memory>
#include <random>

#include "core/record/recording.h"
#include "ui/timeline.h"
#endif

namespace loopstep::bench {

#ifdef LOOPSTEP_BENCH_GUI

namespace {

// An fs.stat storm in the shape the engine records on epoll + a pool of 4: 64 requests in
// flight; workers take them, stat (a syscall span), post the completion and wake the loop;
// the loop waits (a wait span), takes every completion (cause -> the post: a flow), runs the
// callback (a callback span) which submits the next request. Threads interleave at random,
// so spans of different lanes overlap in seq order as they do in a real Run-mode recording.
class Storm {
 public:
  Storm(Recording& rec, unsigned seed) : rec_(rec), info_(rec.info()), rng_(seed) {
    info_.config.backend = BackendKind::epoll;
    info_.config.workers = WorkerModel::pool;
    info_.config.pool_size = kWorkers;
    info_.mode = "run";
    fn_stat_ = info_.strings.intern("uv_fs_stat");
    fn_sys_ = info_.strings.intern("stat");
    fn_wait_ = info_.strings.intern("epoll_wait");
    fn_post_ = info_.strings.intern("uv__work_done");
    fn_cb_ = info_.strings.intern("FSReqCallback::Resolve");
    fn_js_ = info_.strings.intern("fs.stat");
    fn_bind_ = info_.strings.intern("fs::Stat");
    req_ = RequestInfo{info_.strings.intern("fs.stat"), info_.strings.intern("uv_fs_t"), info_.strings.intern("data.txt"), 0,
                       info_.strings.intern("onStat")};
  }

  void build(size_t events) {
    add(Kind::loop_init, Layer::libuv, 0, 0, 0, fn_stat_);
    add(Kind::port_create, Layer::kernel, 0, 0, 3, fn_wait_);
    add(Kind::port_create, Layer::kernel, 0, 0, 4, fn_wait_);
    for (uint16_t w = 1; w <= kWorkers; ++w) add(Kind::thread_spawn, Layer::libuv, 0, 0, w, fn_stat_);
    add(Kind::phase, Layer::libuv, 0, 0, int64_t(Phase::main_script), 0);
    for (int i = 0; i < kInFlight; ++i) submit();
    add(Kind::phase, Layer::libuv, 0, 0, int64_t(Phase::poll), 0);
    add(Kind::wait_begin, Layer::kernel, 0, 0, -1, fn_wait_);
    std::uniform_int_distribution<int> actor(0, kWorkers);
    while (rec_.size() < events) {
      const int a = actor(rng_);
      if (a == 0) loop_tick();
      else worker_tick(workers_[a - 1], uint16_t(a));
    }
  }

 private:
  static constexpr int kWorkers = 4, kInFlight = 64;
  struct Worker {
    uint32_t req = 0;  // in its syscall
    int left = 0;      // ticks until the syscall returns
    bool sleeping = false;
  };
  struct Done {
    uint32_t req;
    uint64_t post;
  };

  void add(Kind k, Layer l, uint16_t thread, uint32_t req, int64_t value, uint32_t fn, uint32_t cause = 0, int64_t dt = 0) {
    Event e{};
    e.seq = rec_.size();
    t_ += 150 + int64_t(rng_() % 200) + dt;
    e.t_ns = t_;
    e.thread = thread;
    e.req = req;
    e.kind = k;
    e.layer = l;
    e.value = value;
    e.fn = fn;
    e.cause = cause;
    rec_.append(e);
  }

  void submit() {
    const uint32_t id = info_.requests.add(req_);
    add(Kind::js_call, Layer::js, 0, id, 0, fn_js_);
    add(Kind::binding_call, Layer::binding, 0, id, 0, fn_bind_);
    add(Kind::uv_call, Layer::libuv, 0, id, 0, fn_stat_);
    add(Kind::req_init, Layer::libuv, 0, id, 0, fn_stat_);
    add(Kind::req_count_inc, Layer::libuv, 0, id, ++req_count_, fn_stat_);
    queue_.push_back(id);
    add(Kind::work_submit, Layer::libuv, 0, id, int64_t(queue_.size()), fn_stat_);
  }

  void worker_tick(Worker& w, uint16_t thread) {
    if (w.req == 0) {
      if (queue_.empty()) {
        if (!w.sleeping) add(Kind::worker_wait, Layer::libuv, thread, 0, 0, fn_stat_);
        w.sleeping = true;
        return;
      }
      w.sleeping = false;
      w.req = queue_.front();
      queue_.pop_front();
      add(Kind::work_take, Layer::libuv, thread, w.req, int64_t(queue_.size()), fn_stat_);
      add(Kind::syscall_begin, Layer::kernel, thread, w.req, 0, fn_sys_);
      // Most stats return at once; one in a hundred hits a slow disk and spans many events.
      w.left = rng_() % 100 == 0 ? 50 + int(rng_() % 200) : 1 + int(rng_() % 4);
      return;
    }
    if (--w.left > 0) return;
    add(Kind::syscall_end, Layer::kernel, thread, w.req, 0, fn_sys_, 0, 2000 + int64_t(rng_() % 20000));
    add(Kind::completion_post, Layer::libuv, thread, w.req, 1, fn_post_);
    done_.push_back(Done{w.req, rec_.size() - 1});
    if (!wakeup_pending_) {
      add(Kind::wakeup_send, Layer::libuv, thread, 0, 1, fn_post_);
      wakeup_pending_ = true;
    }
    w.req = 0;
  }

  void loop_tick() {
    if (done_.empty()) return;  // still in epoll_wait
    add(Kind::wait_end, Layer::kernel, 0, 0, 1, fn_wait_);
    if (wakeup_pending_) {
      add(Kind::wakeup_recv, Layer::libuv, 0, 0, 0, fn_post_);
      wakeup_pending_ = false;
    }
    while (!done_.empty()) {
      const Done d = done_.front();
      done_.pop_front();
      add(Kind::completion_take, Layer::libuv, 0, d.req, int64_t(done_.size()), fn_post_, uint32_t(d.post + 1));
      add(Kind::req_count_dec, Layer::libuv, 0, d.req, --req_count_, fn_post_);
      add(Kind::after, Layer::binding, 0, d.req, 0, fn_cb_);
      add(Kind::callback_begin, Layer::js, 0, d.req, 0, fn_cb_);
      submit();  // the callback issues the next stat: K stays in flight
      add(Kind::callback_end, Layer::js, 0, d.req, 0, fn_cb_);
    }
    add(Kind::phase, Layer::libuv, 0, 0, int64_t(Phase::poll), 0);
    add(Kind::wait_begin, Layer::kernel, 0, 0, -1, fn_wait_);
  }

  Recording& rec_;
  RunInfo& info_;
  std::mt19937_64 rng_;
  int64_t t_ = 0;
  int64_t req_count_ = 0;
  uint32_t fn_stat_, fn_sys_, fn_wait_, fn_post_, fn_cb_, fn_js_, fn_bind_;
  RequestInfo req_;
  Worker workers_[kWorkers];
  std::deque<uint32_t> queue_;
  std::deque<Done> done_;
  bool wakeup_pending_ = false;
};

// An ImGui context without a window: a built font atlas and a display size (the app's
// default window size), like the ui tests.
struct Headless {
  Headless() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1600, 1000);
    io.DeltaTime = 1.0f / 60;
    // As the app's OpenGL 3 renderer declares: draw lists may pass 64k vertices.
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  }
  ~Headless() { ImGui::DestroyContext(); }
  Headless(const Headless&) = delete;
  Headless& operator=(const Headless&) = delete;
};

struct Timing {
  double cpu_ms, wall_ms;
  int vertices;
};

// One frame: the mouse at `mouse`, `wheel` notches this frame; NewFrame -> Draw -> Render.
Timing frame(ui::TimelinePanel& panel, const ui::Frame& f, ui::ViewSettings& v, ImVec2 mouse, float wheel) {
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = mouse;
  io.MouseWheel = wheel;
  const int64_t c0 = thread_cpu_ns(), w0 = now_ns();
  ImGui::NewFrame();
  ui::Intents in;
  panel.Draw(f, v, in);
  ImGui::Render();
  const int64_t c1 = thread_cpu_ns(), w1 = now_ns();
  return {double(c1 - c0) / 1e6, double(w1 - w0) / 1e6, ImGui::GetDrawData()->TotalVtxCount};
}

}  // namespace

FrameTimeRun frame_time_run(size_t events, int frames, unsigned seed) {
  FrameTimeRun r;
  auto rec = std::make_unique<Recording>(std::make_shared<RunInfo>());
  int64_t t0 = now_ns();
  Storm(*rec, seed).build(events);
  r.events = rec->size();
  (void)rec->tail_state();  // the recording's own lazy fold: core's cost, not the timeline's
  r.build_recording_ms = double(now_ns() - t0) / 1e6;

  Headless im;
  ui::TimelinePanel panel;
  ui::ViewSettings view;
  t0 = now_ns();
  panel.update(*rec);  // the model's incremental build over the whole recording, once
  r.model_build_ms = double(now_ns() - t0) / 1e6;
  const ui::TimelineModel& m = panel.model();
  r.flows = m.flows().size();
  auto count = [&](const ui::Lane& l) {
    r.points += l.points.size();
    for (const ui::SpanRow& row : l.rows) r.spans += row.size();
  };
  for (const ui::Lane& l : m.thread_lanes()) count(l);
  count(m.kernel_lane());

  ui::Frame f;
  f.rec = rec.get();
  f.state = &rec->tail_state();
  f.cursor = rec->size();
  f.live = false;
  f.finished = true;
  f.source = "synthetic fs.stat storm";

  // Warm-up: the window places itself; then aim the mouse at the middle of the lanes.
  ImVec2 mouse(-1, -1);
  r.first_frame_ms = frame(panel, f, view, mouse, 0).wall_ms;
  frame(panel, f, view, mouse, 0);
  const ImGuiWindow* win = ImGui::FindWindowByName("Timeline");
  const float label_w = ImGui::GetFontSize() * 9.5f;
  mouse = ImVec2(win->Pos.x + label_w + (win->Size.x - label_w) * 0.5f, win->Pos.y + win->Size.y * 0.55f);

  const double total = double(r.events), deepest = 24.0;  // kMinSteps: the panel's zoom limit
  const int notches = int(std::ceil(std::log(total / deepest) / std::log(1.25)));  // 0.8 a notch
  auto run_case = [&](const std::string& name, auto&& each) {
    FrameCase c{name, {}, {}};
    for (int i = 0; i < frames; ++i) {
      const Timing t = each(i);
      c.cpu_ms.push_back(t.cpu_ms);
      c.wall_ms.push_back(t.wall_ms);
      c.max_vertices = std::max(c.max_vertices, t.vertices);
    }
    r.cases.push_back(std::move(c));
  };
  auto still = [&](int) { return frame(panel, f, view, mouse, 0); };

  // Full zoom-out: the whole recording on ~1400 px, the mouse over the lanes (hover, tooltip).
  panel.fit_all();
  frame(panel, f, view, mouse, 0);
  run_case("fit all", still);
  // Scrubbing at full zoom-out: the cursor sweeps the recording, a new position every frame
  // (the app folds state_at for it too; that is core's state_at figure, not timed here).
  LoopState scrub_state;
  auto scrub = [&](size_t cursor) {
    scrub_state = rec->state_at(cursor - 1);
    f.cursor = cursor;
    f.state = &scrub_state;
    return frame(panel, f, view, mouse, 0);
  };
  run_case("scrub, fit all", [&](int i) { return scrub(1 + size_t(double(i + 1) / (frames + 1) * (total - 1))); });
  f.cursor = rec->size();
  f.state = &rec->tail_state();
  // The wheel, one notch a frame, from fit-all down to the deepest zoom: every zoom in between.
  panel.fit_all();
  frame(panel, f, view, mouse, 0);
  {
    FrameCase c{"wheel zoom-in, every level", {}, {}};
    for (int i = 0; i < std::max(frames, notches + 2); ++i) {
      const Timing t = frame(panel, f, view, mouse, 1.0f);
      c.cpu_ms.push_back(t.cpu_ms);
      c.wall_ms.push_back(t.wall_ms);
      c.max_vertices = std::max(c.max_vertices, t.vertices);
    }
    r.cases.push_back(std::move(c));
  }
  run_case("deepest zoom (24 steps)", still);
  // Mid zoom: half the notches (the geometric middle, ~sqrt(N * 24) steps on screen).
  panel.fit_all();
  frame(panel, f, view, mouse, 0);
  for (int i = 0; i < notches / 2; ++i) frame(panel, f, view, mouse, 1.0f);
  run_case("mid zoom", still);
  // Scrubbing at mid zoom: the cursor walks right by 1/6 of the view a frame; the view follows.
  const double mid_w = total * std::pow(0.8, notches / 2);
  run_case("scrub, mid zoom", [&](int i) {
    return scrub(std::min(size_t(total), size_t(total * 0.5 + double(i) * mid_w / 6)));
  });
  return r;
}

void frame_section(Results& out) {
  constexpr int kFrames = 30;
  const size_t sizes[] = {scaled(1'000'000, 10'000), scaled(10'000'000, 100'000)};
  const double targets[] = {4, 16};
  const char* keys[] = {"frame_ms_1m_max", "frame_ms_10m_max"};
  for (int s = 0; s < 2; ++s) {
    FrameTimeRun r = frame_time_run(sizes[s], kFrames, 77u + unsigned(s));
    const std::string n = r.events >= 1'000'000 ? std::to_string(r.events / 1'000'000) + "M"
                                                : std::to_string(r.events / 1000) + "k";
    const std::string target = "<= " + std::to_string(int(targets[s]));
    double worst_median = 0, worst_frame = 0, best_median = 1e300;
    std::vector<double> all;
    for (const FrameCase& c : r.cases) {
      Summary cs = summarize(c.cpu_ms);
      worst_median = std::max(worst_median, cs.median);
      best_median = std::min(best_median, cs.median);
      worst_frame = std::max(worst_frame, cs.max);
      char note[160];
      std::snprintf(note, sizeof note, "CPU time, %zu frames; wall median %.2f ms; up to %d vertices", cs.samples,
                    summarize(c.wall_ms).median, c.max_vertices);
      out.add({"timeline " + n + ": " + c.name, cs, "ms", target, cs.median <= targets[s], note});
    }
    char note[200];
    std::snprintf(note, sizeof note, "worst case's median; worst single frame %.2f ms (%s target); %zu spans, %zu points, %zu flows",
                  worst_frame, worst_frame <= targets[s] ? "also within" : "NOT within", r.spans, r.points, r.flows);
    out.add({"timeline frame, " + n + " events (max over zooms)", Summary{worst_median, best_median, worst_frame, r.cases.size()},
             "ms", target, worst_median <= targets[s], note});
    out.set(keys[s], worst_median);
    if (s == 1) {
      const double b = r.model_build_ms;
      out.add({"timeline model build, " + n + " events", Summary{b, b, b, 1}, "ms", "report", std::nullopt,
               "TimelineModel::update over the whole recording, once; first frame after it " +
                   std::to_string(int(std::lround(r.first_frame_ms))) + " ms wall"});
    }
  }
}

#else  // !LOOPSTEP_BENCH_GUI

FrameTimeRun frame_time_run(size_t, int, unsigned) { return {}; }

void frame_section(Results& out) {
  out.add({"timeline frame, 1M events (max over zooms)", std::nullopt, "ms", "<= 4", std::nullopt, "built with LOOPSTEP_GUI=OFF"});
  out.add({"timeline frame, 10M events (max over zooms)", std::nullopt, "ms", "<= 16", std::nullopt, "built with LOOPSTEP_GUI=OFF"});
  out.set("frame_ms_1m_max", std::nullopt);
  out.set("frame_ms_10m_max", std::nullopt);
}

#endif

}  // namespace loopstep::bench
