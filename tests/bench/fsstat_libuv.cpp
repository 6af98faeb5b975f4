// The fs.stat storm on libuv: K uv_fs_stat in flight until N have completed.
#include "tests/bench/fsstat_libuv.h"

#include <uv.h>

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/bench/stats.h"

namespace loopstep::bench {

void libuv_set_pool_size(int workers) { setenv("UV_THREADPOOL_SIZE", std::to_string(workers).c_str(), 1); }

namespace {

struct Storm {
  uv_loop_t loop;
  std::string path;
  size_t issued = 0, completed = 0, n = 0;
  int failures = 0;
};

struct Slot {
  uv_fs_t req;  // first: the callback gets &req and casts back
  Storm* storm;
};

void issue(Slot* slot);

void on_stat(uv_fs_t* req) {
  auto* slot = reinterpret_cast<Slot*>(req);
  if (req->result < 0) ++slot->storm->failures;
  uv_fs_req_cleanup(req);
  ++slot->storm->completed;
  if (slot->storm->issued < slot->storm->n) issue(slot);
}

void issue(Slot* slot) {
  ++slot->storm->issued;
  int rc = uv_fs_stat(&slot->storm->loop, &slot->req, slot->storm->path.c_str(), on_stat);
  if (rc != 0) throw std::runtime_error(std::string("uv_fs_stat: ") + uv_strerror(rc));
}

}  // namespace

double libuv_fsstat_storm(const std::string& path, size_t n, int k) {
  Storm storm;
  storm.path = path;
  storm.n = n;
  std::vector<Slot> slots(static_cast<size_t>(k));
  int64_t t0 = now_ns();
  if (int rc = uv_loop_init(&storm.loop); rc != 0) throw std::runtime_error(std::string("uv_loop_init: ") + uv_strerror(rc));
  for (auto& s : slots) {
    s.storm = &storm;
    if (storm.issued < n) issue(&s);
  }
  uv_run(&storm.loop, UV_RUN_DEFAULT);
  uv_loop_close(&storm.loop);
  double seconds = static_cast<double>(now_ns() - t0) / 1e9;
  if (storm.failures || storm.completed != n)
    throw std::runtime_error("libuv storm: " + std::to_string(storm.failures) + " failed stats, " +
                             std::to_string(storm.completed) + " of " + std::to_string(n) + " completed");
  return seconds;
}

}  // namespace loopstep::bench
