// The recording: every event of a run, append-only, stored packed (29 bytes an event, seq
// implicit in the index) in fixed chunks that never move, plus snapshots of the folded
// state every kSnapshotEvery events so that state_at(i) replays at most that many.
// Folding is lazy: appending costs a copy; the state is folded when first asked for.
// One thread uses a Recording (the consumer: the CLI's drain loop or the UI thread).
#pragma once
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/record/event.h"
#include "core/record/loop_state.h"
#include "core/record/run_info.h"

namespace loopstep {

#pragma pack(push, 1)
struct StoredEvent {
  uint64_t t_thread;  // t_ns << 16 | thread: 48 bits of ns are 78 hours
  int64_t value;
  uint32_t req, fn, cause;
  uint8_t kind_layer;  // kind << 2 | layer
};
#pragma pack(pop)
static_assert(sizeof(StoredEvent) == 29 && kKindCount <= 64 && kLayerCount <= 4);

class Recording;

// Where a saved recording reopens (its header's optional "moment"): the step the app stood
// at, what its timeline showed, the event selected on it, and the what-if switches that made
// the run differ from its lesson. Recordings saved before it existed open at step 0.
struct Moment {
  size_t step = 0;                        // the cursor: events folded (step N = the N-th event)
  std::optional<uint64_t> selected_seq;   // the event clicked on the timeline (its call chain shows)
  bool real_time_axis = false;
  double view_from = 0, view_to = 0;      // the timeline's visible axis range; to <= from: fit all
  std::optional<BackendKind> backend;     // what-if switches: set only where they override the lesson
  std::optional<WorkerModel> workers;
  std::optional<int> pool_size;
};

// Events by value, in seq order: `for (const Event& e : rec.events())`, std algorithms.
class EventRange {
 public:
  class iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = Event;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Event;
    iterator() = default;
    iterator(const Recording* r, size_t i) : r_(r), i_(i) {}
    Event operator*() const;
    Event operator[](difference_type n) const { return *(*this + n); }
    iterator& operator++() { ++i_; return *this; }
    iterator operator++(int) { auto t = *this; ++i_; return t; }
    iterator& operator--() { --i_; return *this; }
    iterator operator--(int) { auto t = *this; --i_; return t; }
    iterator& operator+=(difference_type n) { i_ += n; return *this; }
    iterator& operator-=(difference_type n) { i_ -= n; return *this; }
    friend iterator operator+(iterator a, difference_type n) { return a += n; }
    friend iterator operator+(difference_type n, iterator a) { return a += n; }
    friend iterator operator-(iterator a, difference_type n) { return a -= n; }
    friend difference_type operator-(const iterator& a, const iterator& b) { return static_cast<difference_type>(a.i_) - static_cast<difference_type>(b.i_); }
    friend bool operator==(const iterator& a, const iterator& b) { return a.i_ == b.i_; }
    friend auto operator<=>(const iterator& a, const iterator& b) { return a.i_ <=> b.i_; }
    size_t index() const { return i_; }

   private:
    const Recording* r_ = nullptr;
    size_t i_ = 0;
  };
  explicit EventRange(const Recording* r) : r_(r) {}
  iterator begin() const { return {r_, 0}; }
  iterator end() const;
  size_t size() const;
  bool empty() const { return size() == 0; }
  Event operator[](size_t i) const;
  Event back() const { return (*this)[size() - 1]; }

 private:
  const Recording* r_;
};

class Recording {
 public:
  static constexpr size_t kSnapshotEvery = 8192;
  static constexpr size_t kChunkBits = 16;  // 65,536 events (under 2 MiB) a chunk

  explicit Recording(std::shared_ptr<RunInfo> info);

  void append(const Event& e);  // e.seq must equal size()
  // The last event of a run that ended early: a `limit` event that says why, so a trace,
  // a replay and the timeline all show it.
  void append_stop(int64_t t_ns, const std::string& reason);
  // The last event of a run that broke an invariant (core/record/invariants.h): an `invariant`
  // event at the step it broke, on the thread that broke it.
  void append_invariant(int64_t t_ns, uint16_t thread, uint8_t invariant, uint32_t req, const std::string& what);
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  Event operator[](size_t i) const;
  Event back() const { return (*this)[size_ - 1]; }
  EventRange events() const { return EventRange(this); }
  const RunInfo& info() const { return *info_; }
  RunInfo& info() { return *info_; }
  std::shared_ptr<RunInfo> shared_info() const { return info_; }
  // Set when the app saves (written to the header) and when a recording with one is loaded.
  std::optional<Moment> moment;

  // Step mode: the threads that could take event `before` (recorded when more than one could).
  void set_candidates(size_t before, std::vector<Candidate> candidates);
  const std::vector<Candidate>* candidates_before(size_t i) const;  // null when not recorded
  size_t candidate_steps() const { return candidates_.size(); }
  size_t candidate_bytes() const { return candidate_bytes_; }  // counted in limits.max_bytes

  // The state after event i (i < size()).
  LoopState state_at(size_t i) const;
  // The state after the last event.
  const LoopState& tail_state() const;
  size_t snapshot_count() const { fold_to(size_); return snapshots_.size(); }
  size_t memory_bytes() const;  // events and snapshots, for the benchmarks

 private:
  void fold_to(size_t n) const;  // fold (and snapshot) the first n events

  std::shared_ptr<RunInfo> info_;
  // Chunks never move once full; the first grows as needed, so a short recording stays small.
  std::vector<std::vector<StoredEvent>> chunks_;
  size_t size_ = 0;
  std::vector<std::pair<size_t, std::vector<Candidate>>> candidates_;  // by event index, ascending
  size_t candidate_bytes_ = 0;
  // Lazily folded: the state after the first folded_ events, and the snapshots so far.
  mutable std::vector<LoopState> snapshots_;  // [k] = state after the first k*kSnapshotEvery events
  mutable LoopState tail_;
  mutable size_t folded_ = 0;
};

inline Event EventRange::iterator::operator*() const { return (*r_)[i_]; }
inline EventRange::iterator EventRange::end() const { return {r_, r_->size()}; }
inline size_t EventRange::size() const { return r_->size(); }
inline Event EventRange::operator[](size_t i) const { return (*r_)[i]; }

inline Event Recording::operator[](size_t i) const {
  const StoredEvent& s = chunks_[i >> kChunkBits][i & ((size_t{1} << kChunkBits) - 1)];
  Event e;
  e.seq = i;
  e.t_ns = static_cast<int64_t>(s.t_thread >> 16);
  e.thread = static_cast<uint16_t>(s.t_thread & 0xffff);
  e.req = s.req;
  e.kind = static_cast<Kind>(s.kind_layer >> 2);
  e.layer = static_cast<Layer>(s.kind_layer & 3);
  e.value = s.value;
  e.fn = s.fn;
  e.cause = s.cause;
  return e;
}

}  // namespace loopstep
