// Recorder: ring handout, stamping, and the seq-ordered merge.
#include "core/record/recorder.h"

#include <thread>

#include <stdexcept>

#include "core/record/recording.h"

namespace loopstep {

Recorder::Recorder() : t0_(std::chrono::steady_clock::now()), tsc0_(ticks()) {
  // Calibrate the counter against the steady clock over 200 µs.
  auto until = t0_ + std::chrono::microseconds(200);
  while (std::chrono::steady_clock::now() < until) {
  }
  uint64_t t = ticks();
  int64_t ns = now_ns();
  if (t > tsc0_) ns_per_tick_ = static_cast<double>(ns) / static_cast<double>(t - tsc0_);
}

Recorder::~Recorder() {
  size_t n = ring_count_.load(std::memory_order_acquire);
  for (size_t i = 0; i < n; ++i) delete rings_[i].load(std::memory_order_relaxed);
}

EventRing* Recorder::acquire_ring() {
  std::lock_guard lock(rings_mutex_);
  if (!free_rings_.empty()) {
    EventRing* r = free_rings_.back();
    free_rings_.pop_back();
    return r;
  }
  size_t n = ring_count_.load(std::memory_order_relaxed);
  if (n == kMaxRings) throw std::runtime_error("too many live engine threads for the recorder");
  auto* r = new EventRing();
  rings_[n].store(r, std::memory_order_release);
  ring_count_.store(n + 1, std::memory_order_release);
  return r;
}

void Recorder::release_ring(EventRing* ring) {
  std::lock_guard lock(rings_mutex_);
  free_rings_.push_back(ring);
}

int64_t Recorder::now_ns() const {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0_).count();
}

void Recorder::wait_push(EventRing* ring, const Event& e) {
  // Full: wait for the consumer. Never drop an event: the state shown is folded from them.
  producer_waits_.fetch_add(1, std::memory_order_relaxed);
  while (!ring->try_push(e)) std::this_thread::yield();
}

uint64_t Recorder::record_burst(EventRing* ring, Event* events, size_t n) {
  const int64_t t = stamp();
  const uint64_t first = next_seq_.fetch_add(n, std::memory_order_acq_rel);
  for (size_t i = 0; i < n; ++i) {
    events[i].t_ns = t;
    events[i].seq = first + i;
    if (recording_) push(ring, events[i]);
  }
  return first;
}

size_t Recorder::drain(Recording& out) {
  size_t n = ring_count_.load(std::memory_order_acquire);
  size_t appended = 0;
  for (;;) {
    bool found = false;
    for (size_t k = 0; k < n; ++k) {
      size_t i = (last_ring_ + k) % n;
      EventRing* r = rings_[i].load(std::memory_order_acquire);
      const Event* e = r->peek();
      if (e && e->seq == next_drain_seq_) {
        do {
          Event scaled = *e;
          scaled.t_ns = ticks_to_ns(e->t_ns);
          out.append(scaled);
          r->pop();
          ++next_drain_seq_;
          ++appended;
          e = r->peek();
        } while (e && e->seq == next_drain_seq_);
        last_ring_ = i;
        found = true;
        break;
      }
    }
    if (!found) return appended;
  }
}

}  // namespace loopstep
