// The step gate (DESIGN §5): in Run mode it only records; in Step mode every hook parks
// its thread before the action, a step releases exactly one parked thread, and the gate
// waits until the engine is quiescent again. It knows every blocking point of the engine
// (queue waits, kernel waits, joins, sleeps) and what unblocks it, so "quiescent" is exact.
#pragma once
#include <chrono>
#include <condition_variable>
#include <deque>
#include <cstdint>
#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/record/event.h"
#include "core/record/recorder.h"

namespace loopstep {

enum class Mode : uint8_t { run, step };

// Thrown out of a hook when the run is aborted; engine threads unwind and retire.
struct Aborted {};

// Thrown by wait_quiescent when nothing can run and nothing is timed. `loop_waits_forever`:
// the loop thread is in an infinite kernel wait (epoll_wait / GetQueuedCompletionStatus with
// no timeout) that nothing has posted to, the shape of a lost wake-up.
struct EngineStuck : std::runtime_error {
  EngineStuck(const std::string& what, bool loop_forever) : std::runtime_error(what), loop_waits_forever(loop_forever) {}
  bool loop_waits_forever;
};

// Which parked thread a step releases when the user does not pick one.
class ReleasePolicy {
 public:
  enum class Kind : uint8_t { least_recently_released, lowest, random };
  static ReleasePolicy least_recently_released() { return {Kind::least_recently_released, 0}; }
  static ReleasePolicy lowest() { return {Kind::lowest, 0}; }
  static ReleasePolicy random(uint64_t seed) { return {Kind::random, seed}; }
  static std::optional<ReleasePolicy> parse(std::string_view s);  // lrr | lowest | random:SEED
  std::string name() const;
  Kind kind() const { return kind_; }
  uint64_t seed() const { return seed_; }

 private:
  ReleasePolicy(Kind k, uint64_t seed) : kind_(k), seed_(seed) {}
  Kind kind_;
  uint64_t seed_;
};

enum class SlotState : uint8_t { running, parked, blocked, kernel_wait, sleeping, exited };

// A thread's view of the gate: its number and its ring.
struct ThreadCtx {
  uint16_t id = 0;
  EventRing* ring = nullptr;
};

class StepGate {
 public:
  StepGate(Mode mode, Recorder& recorder, ReleasePolicy policy);
  Mode mode() const { return mode_; }

  // ---- engine threads ----
  // Post-style hook: the event is stamped, then the caller acts (a post is stamped before it posts).
  // Inline in Run mode: a hook there is only the recorder's stamp and push.
  uint64_t emit(ThreadCtx& t, Event e) {
    if (mode_ == Mode::step || aborted()) return emit_parked(t, e);
    e.thread = t.id;
    return recorder_.record(t.ring, e);
  }
  // Post-style hooks for a burst of n events the thread performs back to back, touching
  // nothing another thread reads (the named stages of one call). Run mode records them at
  // once (Recorder::record_burst); Step mode parks before each, as n emit() calls would.
  // Fills in each event's seq.
  void emit_burst(ThreadCtx& t, Event* events, size_t n);
  // Take-style hook: `take` performs the action and fills in the event, then it is stamped.
  // A template, so that a Run mode hook builds no std::function around its action.
  template <class Take>
  uint64_t emit_take(ThreadCtx& t, Event e, Take&& take) {
    e.thread = t.id;
    if (aborted()) throw Aborted{};
    if (mode_ == Mode::step) park_before_take(t.id, e);
    // Released: in Step mode no other thread records until this one parks again.
    take(e);
    return recorder_.record(t.ring, e);
  }

  // A thread about to block on an engine condition variable (idle worker). Call under the
  // engine mutex that the waker also holds; the waker calls wake() before signalling.
  void block(uint16_t thread);
  void wake(uint16_t thread);
  // The single waiter of a kernel wait (the loop thread in epoll_wait / GetQueuedCompletionStatus).
  // timeout_ns < 0 = infinite. In Step mode time is virtual: the timeout expires only when
  // nothing else can run, through kick().
  void kernel_wait_begin(uint16_t thread, int64_t timeout_ns);
  void kernel_wait_end(uint16_t thread);
  void kernel_post();             // before a post that will wake the kernel waiter
  void kernel_consume(int64_t n); // the waiter took n posts (-1 = all)
  void set_kick(std::function<void()> kick) { kick_ = std::move(kick); }
  // Injected latency and CPU-bound work: real time in Run mode, virtual in Step mode.
  void sleep(uint16_t thread, int64_t ns, bool busy);
  // Threads: the spawner registers the new thread before it can run; retire is its last act.
  uint16_t next_thread_id();  // the number spawn() will return (only the loop thread spawns)
  uint16_t spawn();
  bool exited(uint16_t thread);
  void retire(uint16_t thread);
  void join_wait(uint16_t joiner, uint16_t target);
  // Loop time: real in Run mode, virtual in Step mode.
  int64_t now_ns() const;
  bool aborted() const { return aborted_.load(std::memory_order_relaxed); }

  // ---- controller ----
  // Step mode: waits until quiescent (advancing virtual time when only timeouts remain).
  // Returns false when every thread has exited; throws EngineStuck when stuck, std::runtime_error when
  // a thread keeps running for `limit` (a long computation, or a thread that never parks).
  bool wait_quiescent(std::chrono::milliseconds limit = std::chrono::seconds(20));
  std::vector<Candidate> candidates();
  uint16_t choose() ;            // the policy's pick among candidates
  void release(uint16_t thread);
  void abort();
  bool finished();                // every thread exited (any mode)
  void wait_finished();
  std::string describe_threads(); // for the watchdog
  std::string describe_threads_locked();

 private:
  struct Slot {
    SlotState state = SlotState::running;
    Event pending{};
    bool released = false;
    uint64_t last_released = 0;
    int64_t deadline_ns = -1;   // sleeping / timed kernel wait (virtual)
    uint16_t join_target = 0;
    std::unique_ptr<std::condition_variable> cv = std::make_unique<std::condition_variable>();
  };
  void park(std::unique_lock<std::mutex>& lk, uint16_t thread, const Event& e);
  void park_before_take(uint16_t thread, const Event& e);
  uint64_t emit_parked(ThreadCtx& t, Event e);  // Step mode, or aborted (throws)
  void set_state(Slot& s, SlotState st);
  bool advance_time_locked();
  void check_abort_locked() const;

  const Mode mode_;
  Recorder& recorder_;
  const ReleasePolicy policy_;
  mutable std::mutex mutex_;
  std::condition_variable controller_cv_;
  std::deque<Slot> slots_;  // deque: a parked thread keeps a reference to its slot while others are added
  int running_ = 0;
  int live_ = 0;
  int64_t kernel_pending_ = 0;
  int64_t virtual_now_ns_ = 0;
  uint64_t release_clock_ = 0;
  std::atomic<bool> aborted_{false};
  std::function<void()> kick_;
};

}  // namespace loopstep
