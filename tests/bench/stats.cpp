// The summary, the scale knob and the clocks of stats.h.
#include "tests/bench/stats.h"

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>

namespace loopstep::bench {

Summary summarize(std::vector<double> v) {
  Summary s;
  s.samples = v.size();
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  s.min = v.front();
  s.max = v.back();
  return s;
}

double scale() {
  static const double value = [] {
    const char* env = std::getenv("LOOPSTEP_BENCH_SCALE");
    double x = env ? std::atof(env) : 1.0;
    return (x > 0 && x <= 1) ? x : 1.0;
  }();
  return value;
}

size_t scaled(size_t n, size_t floor) { return std::max(floor, static_cast<size_t>(static_cast<double>(n) * scale())); }

int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

int64_t thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace loopstep::bench
