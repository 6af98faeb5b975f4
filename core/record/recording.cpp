// Recording: packed append, lazy fold, snapshots, state_at.
#include "core/record/recording.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace loopstep {

Recording::Recording(std::shared_ptr<RunInfo> info) : info_(std::move(info)) { snapshots_.push_back(tail_); }

void Recording::append_stop(int64_t t_ns, const std::string& reason) {
  Event e{};
  e.seq = size_;
  e.t_ns = t_ns;
  e.kind = Kind::limit;
  e.layer = Layer::libuv;
  e.fn = info_->strings.intern(reason);
  append(e);
}

void Recording::append_invariant(int64_t t_ns, uint16_t thread, uint8_t invariant, uint32_t req, const std::string& what) {
  Event e{};
  e.seq = size_;
  e.t_ns = t_ns;
  e.thread = thread;
  e.kind = Kind::invariant;
  e.layer = Layer::libuv;
  e.req = req;
  e.value = invariant;
  e.fn = info_->strings.intern(what);
  append(e);
}

void Recording::append(const Event& e) {
  if (e.seq != size_)
    throw std::logic_error("recording: event seq " + std::to_string(e.seq) + " appended at " + std::to_string(size_));
  constexpr size_t kChunk = size_t{1} << kChunkBits;
  if (chunks_.empty() || chunks_.back().size() == kChunk) {
    chunks_.emplace_back();
    if (chunks_.size() > 1) chunks_.back().reserve(kChunk);  // no moves, and pages only as they are written
  }
  StoredEvent& s = chunks_.back().emplace_back();
  s.t_thread = (static_cast<uint64_t>(e.t_ns < 0 ? 0 : e.t_ns) << 16) | e.thread;
  s.value = e.value;
  s.req = e.req;
  s.fn = e.fn;
  s.cause = e.cause;
  s.kind_layer = static_cast<uint8_t>(static_cast<unsigned>(e.kind) << 2 | static_cast<unsigned>(e.layer));
  ++size_;
}

void Recording::fold_to(size_t n) const {
  for (; folded_ < n; ++folded_) {
    apply(tail_, (*this)[folded_]);
    if ((folded_ + 1) % kSnapshotEvery == 0) snapshots_.push_back(tail_);
  }
}

const LoopState& Recording::tail_state() const {
  fold_to(size_);
  return tail_;
}

LoopState Recording::state_at(size_t i) const {
  if (i >= size_) throw std::out_of_range("state_at(" + std::to_string(i) + ") past the recording");
  size_t k = (i + 1) / kSnapshotEvery;
  if (k >= snapshots_.size()) fold_to(k * kSnapshotEvery);
  LoopState s = snapshots_[k];
  for (size_t j = k * kSnapshotEvery; j <= i; ++j) apply(s, (*this)[j]);
  return s;
}

size_t Recording::memory_bytes() const {
  size_t bytes = 0;
  for (const auto& c : chunks_) bytes += c.capacity() * sizeof(StoredEvent);
  for (const LoopState& s : snapshots_) bytes += loop_state_bytes(s);
  return bytes + candidate_bytes_;
}

void Recording::set_candidates(size_t before, std::vector<Candidate> candidates) {
  // In step order; asked twice for one step (a paused window redraws), the first stays.
  if (!candidates_.empty() && candidates_.back().first >= before) return;
  candidate_bytes_ += sizeof(candidates_[0]) + candidates.size() * sizeof(Candidate);
  candidates_.emplace_back(before, std::move(candidates));
}

const std::vector<Candidate>* Recording::candidates_before(size_t i) const {
  auto it = std::lower_bound(candidates_.begin(), candidates_.end(), i, [](const auto& c, size_t at) { return c.first < at; });
  return it != candidates_.end() && it->first == i ? &it->second : nullptr;
}

}  // namespace loopstep
