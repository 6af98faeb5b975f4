// The recorder's stamping: a burst of stages is recorded whole, with consecutive seq, however
// other threads record meanwhile; the merged recording stays gap-free.
#include <doctest/doctest.h>

#include <atomic>
#include <memory>
#include <thread>

#include "core/gate/gate.h"
#include "core/record/recorder.h"
#include "core/record/recording.h"

using namespace loopstep;

TEST_CASE("recorder: a burst gets consecutive seq and one time stamp, and no other thread's event falls inside it") {
  constexpr size_t kBursts = 20'000, kLen = 9, kSingles = 100'000;
  Recorder recorder;
  StepGate gate(Mode::run, recorder, ReleasePolicy::least_recently_released());
  Recording rec(std::make_shared<RunInfo>());
  std::atomic<int> done{0};
  std::atomic<size_t> split_bursts{0};  // counted here, checked on the test's thread
  std::thread burster([&] {
    ThreadCtx t{1, recorder.acquire_ring()};
    for (size_t b = 0; b < kBursts; ++b) {
      Event stages[kLen];
      for (size_t i = 0; i < kLen; ++i) stages[i] = Event{.req = static_cast<uint32_t>(b + 1), .kind = Kind::uv_call, .value = static_cast<int64_t>(i)};
      gate.emit_burst(t, stages, kLen);
      for (size_t i = 1; i < kLen; ++i)
        if (stages[i].seq != stages[0].seq + i) split_bursts.fetch_add(1);
    }
    done.fetch_add(1);
  });
  std::thread single([&] {
    ThreadCtx t{2, recorder.acquire_ring()};
    for (size_t i = 0; i < kSingles; ++i) gate.emit(t, Event{.kind = Kind::syscall_end, .value = static_cast<int64_t>(i)});
    done.fetch_add(1);
  });
  // Recording::append throws on a gap or a reordering: draining everything proves the merge whole.
  while (done.load() < 2 || recorder.events_stamped() != rec.size()) recorder.drain(rec);
  burster.join();
  single.join();
  CHECK(split_bursts.load() == 0);
  REQUIRE(rec.size() == kBursts * kLen + kSingles);
  size_t bursts_seen = 0;
  for (size_t i = 0; i < rec.size(); ++i) {
    const Event e = rec[i];
    if (e.thread != 1 || e.value != 0) continue;
    ++bursts_seen;
    for (size_t k = 1; k < kLen; ++k) {
      const Event s = rec[i + k];
      CHECK(s.thread == 1);
      CHECK(s.req == e.req);
      CHECK(s.value == static_cast<int64_t>(k));
      CHECK(s.t_ns == e.t_ns);
    }
  }
  CHECK(bursts_seen == kBursts);
}
