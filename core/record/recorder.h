// The recorder: hands out event rings to engine threads, stamps events with a global
// gap-free seq, and merges the rings by seq into a Recording (DESIGN §5, Run mode ordering).
#pragma once
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <vector>

#include "core/record/ring.h"

namespace loopstep {

class Recording;

class Recorder {
 public:
  Recorder();
  ~Recorder();
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  // A thread takes a ring for its lifetime and gives it back when it exits; a ring is
  // reused only after the handover, so each ring stays in seq order.
  EventRing* acquire_ring();
  void release_ring(EventRing* ring);

  // Stamps seq and t_ns, then pushes. Stamping a post before the post and a take after
  // the take makes seq respect causality across threads.
  // Inline: it is the hook's whole cost in Run mode (a time stamp, one fetch_add, a ring push).
  uint64_t record(EventRing* ring, Event e) {
    e.t_ns = stamp();
    e.seq = next_seq_.fetch_add(1, std::memory_order_acq_rel);
    if (recording_) push(ring, e);
    return e.seq;
  }
  // A burst: n events one thread performs back to back with nothing shared between them (the
  // named stages of one call). One seq reservation and one time stamp for all: they get
  // consecutive seq, so no other thread's event falls between them, exactly as if each had
  // been recorded alone with no other thread recording meanwhile. Returns the first seq.
  uint64_t record_burst(EventRing* ring, Event* events, size_t n);

  int64_t now_ns() const;
  // Event time stamps: the CPU's time-stamp counter (cheaper than a clock read on the hot path;
  // the counter is invariant on the CPUs we run on). The producer stores raw ticks since the
  // recorder started; drain() scales them to ns (measured against now_ns()), off the hook's path.
  int64_t stamp() const { return static_cast<int64_t>(ticks() - tsc0_); }
  int64_t ticks_to_ns(int64_t t) const { return static_cast<int64_t>(static_cast<double>(t) * ns_per_tick_); }
  // Recording off (benchmarks of the engine alone): events are stamped but not kept.
  void set_recording(bool on) { recording_ = on; }
  uint64_t events_stamped() const { return next_seq_.load(std::memory_order_acquire); }
  uint64_t producer_waits() const { return producer_waits_.load(std::memory_order_relaxed); }

  // Consumer: appends every event whose predecessors have all arrived. Single consumer.
  size_t drain(Recording& out);

 private:
  static constexpr size_t kMaxRings = 8192;
  std::chrono::steady_clock::time_point t0_;
  uint64_t tsc0_ = 0;
  double ns_per_tick_ = 1.0;
  std::atomic<uint64_t> next_seq_{0};
  std::atomic<uint64_t> producer_waits_{0};
  bool recording_ = true;  // set before the engine starts

  std::mutex rings_mutex_;
  std::vector<EventRing*> free_rings_;
  std::array<std::atomic<EventRing*>, kMaxRings> rings_{};
  std::atomic<size_t> ring_count_{0};

  static uint64_t ticks() {
#if defined(__x86_64__) || defined(__i386__)
    return __builtin_ia32_rdtsc();  // the builtin: <x86intrin.h> would land in every file that records
#else
    return static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
#endif
  }
  void push(EventRing* ring, const Event& e) {
    if (!ring->try_push(e)) wait_push(ring, e);
  }
  void wait_push(EventRing* ring, const Event& e);  // the ring is full

  uint64_t next_drain_seq_ = 0;  // consumer only
  size_t last_ring_ = 0;         // consumer only: events come in runs from one ring
};

}  // namespace loopstep
