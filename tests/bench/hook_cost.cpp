// One hook-cost run: producers emit through the gate while a consumer drains into a Recording.
#include "tests/bench/hook_cost.h"

#include <sched.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "core/gate/gate.h"
#include "core/record/recorder.h"
#include "core/record/recording.h"
#include "tests/bench/stats.h"

namespace loopstep::bench {

namespace {

// A worker-like mix of kinds whose fold keeps the state bounded (no request lifecycle:
// interleaved producers would break the fold's sorted live-request list).
constexpr Kind kMix[] = {Kind::syscall_begin, Kind::syscall_end, Kind::wakeup_send,
                         Kind::wait_begin,    Kind::wait_end,    Kind::wakeup_recv};

}  // namespace

HookRun hook_cost_run(int producers, size_t events_per_producer, bool bursts, size_t stages) {
  Recorder recorder;
  StepGate gate(Mode::run, recorder, ReleasePolicy::least_recently_released());
  Recording recording(std::make_shared<RunInfo>());
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::atomic<int> done{0};
  std::atomic<uint64_t> drained{0};  // published by the consumer for the burst mode
  std::vector<double> cpu_ns(static_cast<size_t>(producers));

  // The consumer drains as fast as it can: the highest rate, not Session's 200 µs cadence.
  std::thread consumer([&] {
    for (;;) {
      bool finished = done.load(std::memory_order_acquire) == producers;
      size_t got = recorder.drain(recording);
      drained.store(recording.size(), std::memory_order_release);
      if (got == 0) {
        if (finished) break;
        sched_yield();
      }
    }
  });

  std::vector<std::thread> threads;
  for (int p = 0; p < producers; ++p)
    threads.emplace_back([&, p] {
      ThreadCtx ctx;
      ctx.id = static_cast<uint16_t>(p + 1);
      ctx.ring = recorder.acquire_ring();
      Event e{};
      e.layer = Layer::kernel;
      ready.fetch_add(1);
      while (!go.load(std::memory_order_acquire)) sched_yield();
      int64_t in_emit = 0;
      size_t burst = bursts ? kBurst : events_per_producer;
      for (size_t i = 0; i < events_per_producer;) {
        size_t end = std::min(events_per_producer, i + burst);
        uint64_t last = 0;
        int64_t c0 = thread_cpu_ns();
        if (stages > 1) {
          Event burst_events[kBurst];
          for (; i < end; i += stages) {
            const size_t n = std::min(stages, end - i);
            for (size_t j = 0; j < n; ++j) {
              burst_events[j] = e;
              burst_events[j].kind = kMix[(i + j) % std::size(kMix)];
              burst_events[j].value = static_cast<int64_t>(i + j);
            }
            gate.emit_burst(ctx, burst_events, n);
            last = burst_events[n - 1].seq;
          }
          i = end;
        } else {
          for (; i < end; ++i) {
            e.kind = kMix[i % std::size(kMix)];
            e.value = static_cast<int64_t>(i);
            last = gate.emit(ctx, e);
          }
        }
        in_emit += thread_cpu_ns() - c0;
        if (bursts)
          while (drained.load(std::memory_order_acquire) <= last) sched_yield();
      }
      cpu_ns[static_cast<size_t>(p)] = static_cast<double>(in_emit) / static_cast<double>(events_per_producer);
      done.fetch_add(1, std::memory_order_release);
    });
  while (ready.load() != producers) sched_yield();
  int64_t t0 = now_ns();
  go.store(true, std::memory_order_release);
  for (auto& t : threads) t.join();
  consumer.join();
  int64_t wall = now_ns() - t0;

  HookRun r;
  r.cpu_ns_per_event = summarize(cpu_ns).median;
  r.wall_ns_per_event = static_cast<double>(wall) / static_cast<double>(events_per_producer * producers);
  r.lost = recorder.events_stamped() - recording.size();
  r.producer_waits = recorder.producer_waits();
  return r;
}

}  // namespace loopstep::bench
