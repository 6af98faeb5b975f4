// Small shared helpers of the benchmarks: the scale knob, a monotonic clock, and the
// median/min/max summary every figure in the table is reported as.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace loopstep::bench {

struct Summary {
  double median = 0, min = 0, max = 0;
  size_t samples = 0;
};

Summary summarize(std::vector<double> values);  // empty -> all zero, samples 0

// LOOPSTEP_BENCH_SCALE in (0, 1]: shrinks every workload size for quick runs (default 1).
double scale();
// n * scale(), never below `floor`.
size_t scaled(size_t n, size_t floor);

int64_t now_ns();         // steady clock
int64_t thread_cpu_ns();  // CLOCK_THREAD_CPUTIME_ID of the calling thread

}  // namespace loopstep::bench
