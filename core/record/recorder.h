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
  uint64_t record(EventRing* ring, Event e);
  // A burst: n events one thread performs back to back with nothing shared between them (the
  // named stages of one call). One seq reservation and one time stamp for all: they get
  // consecutive seq, so no other thread's event falls between them, exactly as if each had
  // been recorded alone with no other thread recording meanwhile. Returns the first seq.
  uint64_t record_burst(EventRing* ring, Event* events, size_t n);

  int64_t now_ns() const;
  // Event time stamps: the CPU's time-stamp counter scaled to ns (cheaper than a clock read on
  // the hot path; the counter is invariant on the CPUs we run on), measured against now_ns().
  int64_t stamp_ns() const;
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

  void push(EventRing* ring, const Event& e);

  uint64_t next_drain_seq_ = 0;  // consumer only
  size_t last_ring_ = 0;         // consumer only: events come in runs from one ring
};

}  // namespace loopstep
