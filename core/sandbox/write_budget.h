// The bytes a run may write into its sandbox (`[limits] max_sandbox_bytes`), shared by both
// platforms' Sandbox. Counted as written, not as the files' size: overwriting counts again, so
// the bound is exact, the same on every platform and needs no file size read under a lock.
#pragma once
#include <atomic>
#include <cstdint>

namespace loopstep {

class WriteBudget {
 public:
  explicit WriteBudget(int64_t max_bytes) : left_(max_bytes) {}
  // Takes `bytes` from the budget, or nothing when they do not fit (the write is refused whole).
  bool take(int64_t bytes) {
    int64_t left = left_.load();
    while (left >= bytes)
      if (left_.compare_exchange_weak(left, left - bytes)) return true;
    return false;
  }
  // A write that wrote fewer bytes than it took gives the rest back.
  void give_back(int64_t bytes) { left_.fetch_add(bytes); }

 private:
  std::atomic<int64_t> left_;
};

}  // namespace loopstep
