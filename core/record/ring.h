// A single-producer single-consumer ring of events: one per engine thread at a time.
// Pushing is a few stores and one release store; the consumer drains in bulk.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "core/record/event.h"

namespace loopstep {

class EventRing {
 public:
  static constexpr size_t kCapacity = 4096;  // power of two

  EventRing() : buf_(std::make_unique<Event[]>(kCapacity)) {}

  // Producer side. False when full: the caller waits (and counts the wait), never drops.
  bool try_push(const Event& e) {
    uint64_t h = head_.load(std::memory_order_relaxed);
    if (h - tail_cache_ == kCapacity) {
      tail_cache_ = tail_.load(std::memory_order_acquire);
      if (h - tail_cache_ == kCapacity) return false;
    }
    buf_[h & (kCapacity - 1)] = e;
    head_.store(h + 1, std::memory_order_release);
    return true;
  }

  // Consumer side.
  const Event* peek() {
    uint64_t t = tail_.load(std::memory_order_relaxed);
    if (t == head_cache_) {
      head_cache_ = head_.load(std::memory_order_acquire);
      if (t == head_cache_) return nullptr;
    }
    return &buf_[t & (kCapacity - 1)];
  }
  void pop() { tail_.store(tail_.load(std::memory_order_relaxed) + 1, std::memory_order_release); }

 private:
  std::unique_ptr<Event[]> buf_;
  alignas(64) std::atomic<uint64_t> head_{0};
  uint64_t tail_cache_ = 0;  // producer's view of tail_
  alignas(64) std::atomic<uint64_t> tail_{0};
  uint64_t head_cache_ = 0;  // consumer's view of head_
};

}  // namespace loopstep
