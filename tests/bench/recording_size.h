// Recording size and state_at: a synthetic recording of a K = 64 fs.stat storm (1 loop +
// 4 pool workers), appended event by event so the fold and its snapshots run for real.
#pragma once
#include <cstddef>
#include <vector>

namespace loopstep::bench {

struct RecordingSizeRun {
  size_t events = 0;
  double rss_bytes_per_event = 0;    // /proc/self/statm resident delta: memory actually touched
  double heap_bytes_per_event = 0;   // mallinfo2 (arena + mmapped) delta: memory allocated
  double own_bytes_per_event = 0;    // Recording::memory_bytes(): the recording's own count
  size_t snapshots = 0;
  std::vector<double> state_at_ms;   // one per random query
};

RecordingSizeRun recording_size_run(size_t events, size_t queries, unsigned seed);

}  // namespace loopstep::bench
