// Building the synthetic recording, measuring its memory, and timing random state_at(i).
#include "tests/bench/recording_size.h"

#include <malloc.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <random>

#include "core/record/recording.h"
#include "tests/bench/stats.h"

namespace loopstep::bench {

namespace {

size_t rss_bytes() {
  long pages_total = 0, pages_resident = 0;
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return 0;
  if (std::fscanf(f, "%ld %ld", &pages_total, &pages_resident) != 2) pages_resident = 0;
  std::fclose(f);
  return static_cast<size_t>(pages_resident) * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

size_t heap_bytes() {
  struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

// Appends one request's life in the shape the engine records for fs.stat on epoll + pool.
class Synth {
 public:
  explicit Synth(Recording& rec) : rec_(rec) {}
  void add(Kind k, Layer l, uint16_t thread, uint32_t req, int64_t value) {
    Event e{};
    e.seq = rec_.size();
    e.t_ns = static_cast<int64_t>(e.seq) * 50;
    e.kind = k;
    e.layer = l;
    e.thread = thread;
    e.req = req;
    e.value = value;
    e.fn = static_cast<uint32_t>(k) + 1;
    rec_.append(e);
  }
  void submit(uint32_t id, int64_t in_flight) {
    add(Kind::js_call, Layer::js, 0, id, 0);
    add(Kind::binding_call, Layer::binding, 0, id, 0);
    add(Kind::req_init, Layer::libuv, 0, id, 0);
    add(Kind::req_count_inc, Layer::libuv, 0, id, in_flight);
    add(Kind::work_submit, Layer::libuv, 0, id, 1);
  }
  void work(uint32_t id, uint16_t worker) {
    add(Kind::work_take, Layer::libuv, worker, id, 0);
    add(Kind::syscall_begin, Layer::kernel, worker, id, 0);
    add(Kind::syscall_end, Layer::kernel, worker, id, 1);
    add(Kind::completion_post, Layer::libuv, worker, id, 1);
    add(Kind::wakeup_send, Layer::libuv, worker, 0, 0);
  }
  void complete(uint32_t id, int64_t in_flight) {
    add(Kind::wait_end, Layer::kernel, 0, 0, 1);
    add(Kind::wakeup_recv, Layer::libuv, 0, 0, 0);
    add(Kind::completion_take, Layer::libuv, 0, id, 0);
    add(Kind::req_count_dec, Layer::libuv, 0, id, in_flight);
    add(Kind::after, Layer::binding, 0, id, 0);
    add(Kind::callback_begin, Layer::js, 0, id, 0);
    add(Kind::callback_end, Layer::js, 0, id, 0);
    add(Kind::wait_begin, Layer::kernel, 0, 0, -1);
  }

 private:
  Recording& rec_;
};

void build(Recording& rec, size_t events) {
  Synth s(rec);
  constexpr uint32_t kInFlight = 64;
  for (uint16_t w = 1; w <= 4; ++w) s.add(Kind::thread_spawn, Layer::libuv, 0, 0, w);
  uint32_t next = 1;
  while (rec.size() < events) {
    // Submit one, then the oldest of the 64 in flight goes through a worker and back.
    s.submit(next, kInFlight);
    if (next > kInFlight) {
      uint32_t old = next - kInFlight;
      s.work(old, static_cast<uint16_t>(1 + old % 4));
      s.complete(old, kInFlight);
    }
    ++next;
  }
}

}  // namespace

RecordingSizeRun recording_size_run(size_t events, size_t queries, unsigned seed) {
  RecordingSizeRun r;
  // A fixed mmap threshold and a trim, so memory freed by an earlier repetition does not
  // sit resident in the arena and hide this one's growth.
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  malloc_trim(0);
  size_t rss0 = rss_bytes(), heap0 = heap_bytes();
  auto rec = std::make_unique<Recording>(std::make_shared<RunInfo>());
  build(*rec, events);
  (void)rec->tail_state();  // the fold is lazy: fold now so the snapshots are counted
  size_t rss1 = rss_bytes(), heap1 = heap_bytes();
  r.events = rec->size();
  r.snapshots = rec->snapshot_count();
  double n = static_cast<double>(r.events);
  r.rss_bytes_per_event = (static_cast<double>(rss1) - static_cast<double>(rss0)) / n;
  r.heap_bytes_per_event = (static_cast<double>(heap1) - static_cast<double>(heap0)) / n;
  r.own_bytes_per_event = static_cast<double>(rec->memory_bytes()) / n;

  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<size_t> pick(0, r.events - 1);
  for (size_t q = 0; q < queries; ++q) {
    size_t i = pick(rng);
    int64_t t0 = now_ns();
    LoopState st = rec->state_at(i);
    int64_t t1 = now_ns();
    if (st.folded != i + 1) std::fprintf(stderr, "state_at(%zu) folded %llu events\n", i, static_cast<unsigned long long>(st.folded));
    r.state_at_ms.push_back(static_cast<double>(t1 - t0) / 1e6);
  }
  return r;
}

}  // namespace loopstep::bench
