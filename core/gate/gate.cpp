// StepGate: parking, release, quiescence and virtual time.
#include "core/gate/gate.h"

#include <sched.h>

#include <charconv>
#include <chrono>
#include <limits>
#include <stdexcept>
#include <thread>

namespace loopstep {

std::optional<ReleasePolicy> ReleasePolicy::parse(std::string_view s) {
  if (s == "lrr" || s == "least-recently-released") return least_recently_released();
  if (s == "lowest") return lowest();
  if (s.starts_with("random:")) {
    std::string_view n = s.substr(7);
    uint64_t seed = 0;
    auto [p, ec] = std::from_chars(n.data(), n.data() + n.size(), seed);
    if (ec != std::errc() || p != n.data() + n.size() || n.empty()) return std::nullopt;
    return random(seed);
  }
  return std::nullopt;
}

std::string ReleasePolicy::name() const {
  switch (kind_) {
    case Kind::least_recently_released: return "lrr";
    case Kind::lowest: return "lowest";
    case Kind::random: return "random:" + std::to_string(seed_);
  }
  return "?";
}

StepGate::StepGate(Mode mode, Recorder& recorder, ReleasePolicy policy)
    : mode_(mode), recorder_(recorder), policy_(policy) {}

void StepGate::set_state(Slot& s, SlotState st) {
  if (s.state == SlotState::running) --running_;
  if (st == SlotState::running) ++running_;
  s.state = st;
  if (running_ == 0) controller_cv_.notify_all();
}

void StepGate::check_abort_locked() const {
  if (aborted_.load(std::memory_order_relaxed)) throw Aborted{};
}

void StepGate::park(std::unique_lock<std::mutex>& lk, uint16_t thread, const Event& e) {
  Slot& s = slots_[thread];
  s.pending = e;
  s.released = false;
  set_state(s, SlotState::parked);
  s.cv->wait(lk, [&] { return s.released || aborted_; });
  check_abort_locked();
}

uint64_t StepGate::emit_parked(ThreadCtx& t, Event e) {
  e.thread = t.id;
  if (aborted()) throw Aborted{};
  {
    std::unique_lock lk(mutex_);
    park(lk, t.id, e);
  }
  return recorder_.record(t.ring, e);
}

void StepGate::emit_burst(ThreadCtx& t, Event* events, size_t n) {
  if (mode_ == Mode::step) {
    for (size_t i = 0; i < n; ++i) events[i].seq = emit(t, events[i]);
    return;
  }
  if (aborted()) throw Aborted{};
  for (size_t i = 0; i < n; ++i) events[i].thread = t.id;
  recorder_.record_burst(t.ring, events, n);
}

void StepGate::park_before_take(uint16_t thread, const Event& e) {
  std::unique_lock lk(mutex_);
  park(lk, thread, e);
}

void StepGate::block(uint16_t thread) {
  if (mode_ != Mode::step) return;
  std::lock_guard lk(mutex_);
  set_state(slots_[thread], SlotState::blocked);
}

void StepGate::wake(uint16_t thread) {
  if (mode_ != Mode::step) return;
  std::lock_guard lk(mutex_);
  Slot& s = slots_[thread];
  if (s.state == SlotState::blocked) set_state(s, SlotState::running);
}

void StepGate::kernel_wait_begin(uint16_t thread, int64_t timeout_ns) {
  if (mode_ != Mode::step) return;
  std::lock_guard lk(mutex_);
  check_abort_locked();
  // A waiter whose port already has a post will return at once: it stays runnable.
  if (kernel_pending_ > 0 || timeout_ns == 0) return;
  Slot& s = slots_[thread];
  s.deadline_ns = timeout_ns < 0 ? -1 : virtual_now_ns_ + timeout_ns;
  set_state(s, SlotState::kernel_wait);
}

void StepGate::kernel_wait_end(uint16_t thread) {
  if (mode_ != Mode::step) return;
  std::lock_guard lk(mutex_);
  Slot& s = slots_[thread];
  if (s.state == SlotState::kernel_wait) set_state(s, SlotState::running);  // EINTR
  check_abort_locked();
}

void StepGate::kernel_post() {
  if (mode_ != Mode::step) return;
  std::lock_guard lk(mutex_);
  ++kernel_pending_;
  // The waker counts the wakee before it can run.
  for (auto& s : slots_)
    if (s.state == SlotState::kernel_wait) set_state(s, SlotState::running);
}

void StepGate::kernel_consume(int64_t n) {
  if (mode_ != Mode::step) return;
  std::lock_guard lk(mutex_);
  kernel_pending_ = n < 0 ? 0 : std::max<int64_t>(0, kernel_pending_ - n);
}

void StepGate::sleep(uint16_t thread, int64_t ns, bool busy) {
  if (ns <= 0) return;
  if (mode_ == Mode::run) {
    auto until = std::chrono::steady_clock::now() + std::chrono::nanoseconds(ns);
    if (busy) {
      // CPU-bound work: really occupy the worker, as a hash or compression would.
      while (std::chrono::steady_clock::now() < until)
        if (aborted()) throw Aborted{};
      return;
    }
    std::unique_lock lk(mutex_);
    slots_[thread].cv->wait_until(lk, until, [&] { return aborted_.load(); });
    check_abort_locked();
    return;
  }
  std::unique_lock lk(mutex_);
  Slot& s = slots_[thread];
  s.deadline_ns = virtual_now_ns_ + ns;
  set_state(s, SlotState::sleeping);
  s.cv->wait(lk, [&] { return s.state == SlotState::running || aborted_; });
  check_abort_locked();
}

uint16_t StepGate::next_thread_id() {
  std::lock_guard lk(mutex_);
  return static_cast<uint16_t>(slots_.size());
}

bool StepGate::exited(uint16_t thread) {
  std::lock_guard lk(mutex_);
  return slots_[thread].state == SlotState::exited;
}

uint16_t StepGate::spawn() {
  std::lock_guard lk(mutex_);
  if (slots_.size() >= std::numeric_limits<uint16_t>::max()) throw std::runtime_error("too many engine threads");
  slots_.emplace_back();
  ++running_;  // registered by the spawner: it is runnable before it first runs
  ++live_;
  return static_cast<uint16_t>(slots_.size() - 1);
}

void StepGate::retire(uint16_t thread) {
  std::lock_guard lk(mutex_);
  Slot& s = slots_[thread];
  set_state(s, SlotState::exited);
  --live_;
  for (auto& j : slots_)
    if (j.state == SlotState::blocked && j.join_target == thread && &j != &s) {
      j.join_target = 0;
      set_state(j, SlotState::running);
      j.cv->notify_all();
    }
  controller_cv_.notify_all();
}

void StepGate::join_wait(uint16_t joiner, uint16_t target) {
  if (mode_ != Mode::step) return;
  std::unique_lock lk(mutex_);
  if (slots_[target].state == SlotState::exited) return;
  Slot& s = slots_[joiner];
  s.join_target = target;
  set_state(s, SlotState::blocked);
  s.cv->wait(lk, [&] { return s.state == SlotState::running || aborted_; });
  // No abort check: joining must finish even when aborting, or a std::thread is left joinable.
}

int64_t StepGate::now_ns() const {
  if (mode_ == Mode::run) return recorder_.now_ns();
  std::lock_guard lk(mutex_);
  return virtual_now_ns_;
}

bool StepGate::advance_time_locked() {
  Slot* next = nullptr;
  for (auto& s : slots_) {
    bool timed = (s.state == SlotState::sleeping) || (s.state == SlotState::kernel_wait && s.deadline_ns >= 0);
    if (timed && (!next || s.deadline_ns < next->deadline_ns)) next = &s;
  }
  if (!next) return false;
  virtual_now_ns_ = std::max(virtual_now_ns_, next->deadline_ns);
  bool was_kernel = next->state == SlotState::kernel_wait;
  set_state(*next, SlotState::running);
  if (was_kernel) {
    if (kick_) kick_();  // the wait returns as a timeout
  } else {
    next->cv->notify_all();
  }
  return true;
}

bool StepGate::wait_quiescent(std::chrono::milliseconds limit) {
  std::unique_lock lk(mutex_);
  for (;;) {
    if (!controller_cv_.wait_for(lk, limit, [&] { return running_ == 0 || aborted_; })) {
      throw std::runtime_error("engine did not become quiescent within " + std::to_string(limit.count()) +
                               " ms: " + describe_threads_locked());
    }
    if (aborted_) return false;
    for (auto& s : slots_)
      if (s.state == SlotState::parked) return true;
    if (live_ == 0) return false;
    if (advance_time_locked()) continue;
    const bool loop_forever = !slots_.empty() && slots_[0].state == SlotState::kernel_wait && slots_[0].deadline_ns < 0;
    throw EngineStuck("engine is stuck: nothing can run and nothing is timed: " + describe_threads_locked(), loop_forever);
  }
}

std::vector<Candidate> StepGate::candidates() {
  std::lock_guard lk(mutex_);
  std::vector<Candidate> out;
  for (size_t i = 0; i < slots_.size(); ++i)
    if (slots_[i].state == SlotState::parked) out.push_back({static_cast<uint16_t>(i), slots_[i].pending});
  return out;
}

uint16_t StepGate::choose() {
  std::lock_guard lk(mutex_);
  std::vector<uint16_t> parked;
  for (size_t i = 0; i < slots_.size(); ++i)
    if (slots_[i].state == SlotState::parked) parked.push_back(static_cast<uint16_t>(i));
  if (parked.empty()) throw std::logic_error("choose() with no parked thread");
  switch (policy_.kind()) {
    case ReleasePolicy::Kind::lowest:
      return parked.front();
    case ReleasePolicy::Kind::least_recently_released: {
      uint16_t best = parked.front();
      for (uint16_t t : parked)
        if (slots_[t].last_released < slots_[best].last_released) best = t;
      return best;
    }
    case ReleasePolicy::Kind::random: {
      // splitmix64 of (seed, step number): only the seed and the history decide, never
      // arrival order or time; asking twice gives the same answer.
      uint64_t z = policy_.seed() * 0x9e3779b97f4a7c15ULL + (release_clock_ + 1) * 0xd1b54a32d192ed03ULL;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      z ^= z >> 31;
      return parked[z % parked.size()];
    }
  }
  return parked.front();
}

void StepGate::release(uint16_t thread) {
  std::lock_guard lk(mutex_);
  if (thread >= slots_.size() || slots_[thread].state != SlotState::parked)
    throw std::invalid_argument("thread " + std::to_string(thread) + " is not parked");
  Slot& s = slots_[thread];
  s.released = true;
  s.last_released = ++release_clock_;
  set_state(s, SlotState::running);
  s.cv->notify_all();
}

void StepGate::abort() {
  std::lock_guard lk(mutex_);
  aborted_ = true;
  for (auto& s : slots_) s.cv->notify_all();
  controller_cv_.notify_all();
  if (kick_) kick_();
}

bool StepGate::finished() {
  std::lock_guard lk(mutex_);
  return live_ == 0;
}

void StepGate::wait_finished() {
  std::unique_lock lk(mutex_);
  controller_cv_.wait(lk, [&] { return live_ == 0; });
}

std::string StepGate::describe_threads() {
  std::lock_guard lk(mutex_);
  return describe_threads_locked();
}

std::string StepGate::describe_threads_locked() {
  static constexpr const char* kNames[] = {"running", "parked", "blocked", "kernel_wait", "sleeping", "exited"};
  std::string out;
  for (size_t i = 0; i < slots_.size(); ++i)
    out += "T" + std::to_string(i) + ":" + kNames[static_cast<int>(slots_[i].state)] + " ";
  return out;
}

}  // namespace loopstep
