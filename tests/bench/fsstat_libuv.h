// The fs.stat storm written directly on Debian's libuv: the yardstick loopstep is compared to.
#pragma once
#include <cstddef>
#include <string>

namespace loopstep::bench {

// Must run before the first uv call in the process: libuv sizes its pool once (uv_once).
void libuv_set_pool_size(int workers);

// `n` uv_fs_stat of `path`, `k` in flight (each completion issues the next), on a fresh
// loop. Returns the wall time in seconds; throws std::runtime_error if a stat failed.
double libuv_fsstat_storm(const std::string& path, size_t n, int k);

}  // namespace loopstep::bench
