// The recorder's stamping: a burst of stages is recorded whole, with consecutive seq, however
// other threads record meanwhile; the merged recording stays gap-free.
#include <doctest/doctest.h>

#include <atomic>
#include <deque>
#include <mutex>
#include <random>
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

TEST_CASE("recorder: every completion_take sorts after its completion_post over 10,000 random interleavings") {
  // Three workers post (stamped before the post), the loop thread takes (stamped after the
  // take), and each side records stage bursts in between, after a random delay from its own
  // seeded generator: 10,002 posts meet the takes in random orders, while a consumer drains.
  constexpr uint32_t kWorkers = 3, kPerWorker = 3'334, kPosts = kWorkers * kPerWorker;
  static_assert(kPosts >= 10'000);
  Recorder recorder;
  StepGate gate(Mode::run, recorder, ReleasePolicy::least_recently_released());
  Recording rec(std::make_shared<RunInfo>());
  std::mutex done_mutex;
  std::deque<uint32_t> done;  // the done-list: request ids
  std::atomic<int> running{kWorkers + 1};
  auto pause = [](std::mt19937& rng) {
    for (uint32_t n = rng() % 64; n > 0; --n) std::atomic_signal_fence(std::memory_order_seq_cst);
    if (rng() % 16 == 0) std::this_thread::yield();
  };
  auto stages = [&](ThreadCtx& t, uint32_t req, std::mt19937& rng) {
    Event burst[4];
    const size_t n = 1 + rng() % 4;
    for (size_t i = 0; i < n; ++i) burst[i] = Event{.req = req, .kind = Kind::uv_call};
    gate.emit_burst(t, burst, n);
  };
  std::vector<std::thread> threads;
  for (uint32_t w = 0; w < kWorkers; ++w)
    threads.emplace_back([&, w] {
      ThreadCtx t{static_cast<uint16_t>(w + 1), recorder.acquire_ring()};
      std::mt19937 rng(1234 + w);
      for (uint32_t i = 0; i < kPerWorker; ++i) {
        const uint32_t req = w * kPerWorker + i + 1;
        stages(t, req, rng);
        pause(rng);
        gate.emit(t, Event{.req = req, .kind = Kind::completion_post});
        pause(rng);
        std::lock_guard lock(done_mutex);
        done.push_back(req);
      }
      running.fetch_sub(1);
    });
  threads.emplace_back([&] {
    ThreadCtx t{0, recorder.acquire_ring()};
    std::mt19937 rng(99);
    for (uint32_t taken = 0; taken < kPosts;) {
      gate.emit_take(t, Event{.kind = Kind::completion_take}, [&](Event& e) {
        std::lock_guard lock(done_mutex);
        if (done.empty()) {
          e.kind = Kind::wait_end;  // nothing there yet
          return;
        }
        e.req = done.front();
        done.pop_front();
        ++taken;
      });
      if (rng() % 2) stages(t, 0, rng);
      pause(rng);
    }
    running.fetch_sub(1);
  });
  while (running.load() > 0 || recorder.events_stamped() != rec.size()) recorder.drain(rec);
  for (auto& th : threads) th.join();

  std::vector<int64_t> post_seq(kPosts + 1, -1), take_seq(kPosts + 1, -1);
  size_t takes = 0;
  for (size_t i = 0; i < rec.size(); ++i) {
    const Event e = rec[i];
    if (e.kind == Kind::completion_post) post_seq[e.req] = static_cast<int64_t>(e.seq);
    if (e.kind == Kind::completion_take) {
      ++takes;
      CHECK(take_seq[e.req] == -1);  // each completion dequeued once
      take_seq[e.req] = static_cast<int64_t>(e.seq);
    }
  }
  CHECK(takes == kPosts);
  size_t after = 0;
  for (uint32_t r = 1; r <= kPosts; ++r) after += post_seq[r] >= 0 && take_seq[r] > post_seq[r];
  CHECK(after == kPosts);
}
