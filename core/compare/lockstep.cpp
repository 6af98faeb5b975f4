// The positions of two runs stepped together (see lockstep.h).
#include "core/compare/lockstep.h"

#include <algorithm>

namespace loopstep {

std::vector<LockstepPosition> lockstep_positions(const std::vector<AlignedMoment>& rows) {
  std::vector<LockstepPosition> out{LockstepPosition{}};
  for (size_t r = 0; r < rows.size(); ++r) {
    const AlignedMoment& m = rows[r];
    const size_t la = m.a_to - m.a_from, lb = m.b_to - m.b_from;
    for (size_t k = 1; k <= std::max(la, lb); ++k) out.push_back({m.a_from + std::min(k, la), m.b_from + std::min(k, lb), r, false});
    // A side without this moment stays where its stretch ended.
    if (m.has_moment()) out.push_back({m.a ? size_t(*m.a) + 1 : m.a_to, m.b ? size_t(*m.b) + 1 : m.b_to, r, true});
  }
  return out;
}

size_t lockstep_position_of(const std::vector<LockstepPosition>& positions, Side side, size_t cursor) {
  // Both cursors only grow along the positions: the first that reaches `cursor` is found by halving.
  auto reached = std::partition_point(positions.begin(), positions.end(), [&](const LockstepPosition& p) {
    return (side == Side::a ? p.a : p.b) < cursor;
  });
  if (reached == positions.end()) return positions.empty() ? 0 : positions.size() - 1;
  return static_cast<size_t>(reached - positions.begin());
}

}  // namespace loopstep
