// Session: driving the engine and draining its events.
#include "core/engine/session.h"

#include <algorithm>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "core/record/source_ref.h"

namespace loopstep {

bool Breakpoint::matches(const Event& e, const LoopState& after, const RunInfo& info) const {
  if (kind && e.kind != *kind) return false;
  if (thread && e.thread != *thread) return false;
  if (req && e.req != *req) return false;
  if (req_count && after.req_count != *req_count) return false;
  if (line && event_line(e, info) != *line) return false;
  return any();
}

ReleasePolicy effective_policy(const Scenario& sc, const SessionOptions& o) {
  if (o.policy) return *o.policy;
  if (auto p = ReleasePolicy::parse(sc.policy)) return *p;
  return ReleasePolicy::least_recently_released();
}

namespace {
std::shared_ptr<RunInfo> make_info(const Scenario& sc, const SessionOptions& o) {
  auto info = std::make_shared<RunInfo>();
  info->scenario = sc.file;
  info->title = sc.title;
  info->teaches = sc.teaches;
  info->config = sc.config;
  if (o.backend) info->config.backend = *o.backend;
  if (o.workers) info->config.workers = *o.workers;
  if (o.pool_size) info->config.pool_size = *o.pool_size;
  if (o.engine_bug) info->config.engine_bug = *o.engine_bug;
  info->backend_label = backend_label(info->config.backend);
  info->port_emulated = port_emulated(info->config.backend);
  info->mode = o.mode == Mode::step ? "step" : "run";
  info->policy = effective_policy(sc, o).name();
  if (sc.js) {
    info->source = sc.source;
    size_t slash = sc.file.find_last_of("/\\");
    info->source_name = slash == std::string::npos ? sc.file : sc.file.substr(slash + 1);
    info->front_matter_first = sc.front_matter_first;
    info->front_matter_last = sc.front_matter_last;
  }
  return info;
}
}  // namespace

Session::Session(Scenario scenario, SessionOptions options)
    : scenario_(std::move(scenario)), options_(options), info_(make_info(scenario_, options_)),
      gate_(options.mode, recorder_, effective_policy(scenario_, options_)), recording_(info_) {}

Session::~Session() { stop(); }

void Session::start() {
  if (started_) return;
  started_ = true;
  started_ns_ = recorder_.now_ns();
  recorder_.set_recording(options_.record || options_.mode == Mode::step);
  engine_ = std::make_unique<Engine>(scenario_, info_, recorder_, gate_);
  if (options_.fail_thread_spawns_after) engine_->threads().fail_spawns_after(*options_.fail_thread_spawns_after + 1);  // +1: the loop thread
  starting_ = true;
  engine_->start([this] { return run_time_over_limit(); });  // a slow sandbox creation stops in time
  starting_ = false;
  if (options_.mode == Mode::step) after_release(started_ns_);
}

int64_t Session::run_time_ns() const {
  if (options_.mode == Mode::run) return recorder_.now_ns() - started_ns_;
  // Step mode counts the engine's own time only; making the sandbox is part of it.
  return engine_ns_ + (starting_ ? recorder_.now_ns() - started_ns_ : 0);
}

void Session::check_limits() {
  const Limits& l = scenario_.limits;
  if (static_cast<int64_t>(recorder_.events_stamped()) >= l.max_events) {
    stop_reason_ = "stopped at the limit of " + std::to_string(l.max_events) + " events (limits.max_events)";
  } else if (std::string late = run_time_over_limit(); !late.empty()) {
    stop_reason_ = late;
  } else if (std::string over = bytes_over_limit(); !over.empty()) {
    stop_reason_ = over;
  } else {
    return;
  }
  engine_->abort();
}

std::string Session::bytes_over_limit() const {
  // What grows with the run besides its events (bounded by max_events): the text it records
  // (console lines are interned), the request data it holds and, in Step mode, the
  // candidates of the steps more than one thread could take.
  const int64_t max = scenario_.limits.max_bytes;
  if (static_cast<int64_t>(info_->strings.bytes() + recording_.candidate_bytes()) + engine_->data_bytes() < max) return "";
  return "stopped at the limit of " + std::to_string(max) + " bytes of recorded text and request data (limits.max_bytes)";
}

std::string Session::run_time_over_limit() const {
  const int64_t max_ms = scenario_.limits.max_run_ms;
  if (run_time_ns() < max_ms * 1'000'000) return "";
  return "stopped at the limit of " + std::to_string(max_ms) + " ms of run time (limits.max_run_ms)";
}

void Session::finish() {
  if (finished_) return;
  engine_->join();
  recorder_.drain(recording_);
  finished_ = true;
  if (broken_) {
    const uint64_t step = recording_.size() + 1;  // the invariant event's own step
    stop_reason_ = invariant_report(broken_->which, step, broken_->detail);
    recording_.append_invariant(recorder_.now_ns(), broken_->thread, static_cast<uint8_t>(broken_->which), broken_->req,
                                stop_reason_);
    return;
  }
  if (stop_reason_.empty()) stop_reason_ = engine_->failure();
  if (!stop_reason_.empty()) recording_.append_stop(recorder_.now_ns(), stop_reason_);
}

void Session::check_invariants(bool stuck) {
  for (; checked_ < recording_.size() && !broken_; ++checked_) {
    const Event e = recording_[checked_];
    if (auto req = callback_once_.on_event(e))
      broken_ = Broken{Invariant::callback_run_twice, e.thread, *req,
                       "request #" + std::to_string(*req) + "'s callback began again at step " + std::to_string(e.seq + 1)};
  }
  if (broken_ || !stuck) return;
  const LoopState& s = recording_.tail_state();
  if (s.req_count <= 0) return;
  // The request the loop never called back: one posted and never taken, else any still live.
  uint32_t req = 0;
  for (const ReqState& r : s.requests)
    if (s.live(r) && (req == 0 || r.status == ReqStatus::posted)) req = r.id;
  broken_ = Broken{Invariant::never_called_back, 0, req,
                   (req ? "request #" + std::to_string(req) + " is never called back; " : std::string()) + "req_count " +
                       std::to_string(s.req_count) + ", the loop waits in the kernel with no timeout and nothing will wake it"};
}

void Session::run_to_end() {
  start();
  if (options_.mode == Mode::step) return step_to_end();
  while (!gate_.finished()) {
    const size_t drained = recorder_.drain(recording_);
    if (stop_reason_.empty()) check_limits();
    // A busy engine fills a ring (EventRing::kCapacity) faster than a sleep returns on a
    // loaded machine, and a full ring stalls its thread: then only yield.
    if (drained < EventRing::kCapacity / 4) std::this_thread::sleep_for(std::chrono::microseconds(200));
    else std::this_thread::yield();
  }
  finish();
}

bool Session::after_release(int64_t released_ns) {
  bool more;
  bool stuck = false;
  // A step may take long (crypto.pbkdf2 derives between two events): it waits at most for
  // what is left of limits.max_run_ms, and never more than 20 s.
  const int64_t left_ms = scenario_.limits.max_run_ms - engine_ns_ / 1'000'000;
  try {
    more = gate_.wait_quiescent(std::chrono::milliseconds(std::clamp<int64_t>(left_ms + 1, 1, 20'000)));
  } catch (const std::runtime_error& e) {
    if (auto* s = dynamic_cast<const EngineStuck*>(&e)) stuck = s->loop_waits_forever;
    engine_ns_ += recorder_.now_ns() - released_ns;
    released_ns = recorder_.now_ns();
    std::string late = run_time_over_limit();
    stop_reason_ = late.empty() ? e.what() : late;
    engine_->abort();
    more = false;
  }
  engine_ns_ += recorder_.now_ns() - released_ns;
  recorder_.drain(recording_);
  if (options_.mode == Mode::step) {
    check_invariants(stuck);
    if (broken_ && more) {
      engine_->abort();
      more = false;
    }
  }
  if (more && stop_reason_.empty()) {
    check_limits();
    if (!stop_reason_.empty()) more = false;
  }
  if (!more) finish();
  return more;
}

void Session::note_candidates() {
  // What predict mode asks about, kept with the recording: the steps more than one thread could take.
  if (std::vector<Candidate> c = gate_.candidates(); c.size() > 1) recording_.set_candidates(recording_.size(), std::move(c));
}

bool Session::step() {
  if (finished_) return false;
  note_candidates();
  int64_t released = recorder_.now_ns();
  gate_.release(gate_.choose());
  return after_release(released);
}

bool Session::step_thread(uint16_t thread) {
  if (finished_) return false;
  note_candidates();
  int64_t released = recorder_.now_ns();
  gate_.release(thread);
  return after_release(released);
}

bool Session::run_to(const Breakpoint& bp) {
  run_to_begin(bp);
  return run_to_continue(Clock::time_point::max()) == RunTo::matched;
}

RunTo Session::run_to_continue(Clock::time_point until) {
  while (step()) {
    if (run_to_.matches(recording_.back(), recording_.tail_state(), recording_.info())) return RunTo::matched;
    if (Clock::now() >= until) return RunTo::running;
  }
  return RunTo::ended;
}

void Session::step_to_end() {
  while (step()) {
  }
}

std::vector<Candidate> Session::candidates() { return finished_ ? std::vector<Candidate>{} : gate_.candidates(); }

uint16_t Session::policy_choice() { return gate_.choose(); }

void Session::stop() {
  if (!engine_ || finished_) return;
  engine_->abort();
  finish();
}

}  // namespace loopstep
