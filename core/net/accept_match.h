// Step mode on iocp with several AcceptEx calls pending per server (simultaneous_accepts): a
// connection completes whichever of them the kernel picks, not necessarily the one Step mode
// made due. The accepts are alike, so their labels (request, cause, place in the due order)
// move instead of the loop waiting for one the kernel may never pick.
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

namespace loopstep {

// `wanted`: the due accepts, in due order; `came`: the arrived ones, in their connectors' order
// in the backlog (both among the server's accepts not posted yet). The i-th wanted label goes
// to the i-th that came; the labels that are left (due ones still waiting, then those of the
// arrived ones that were not due) go to the ops left, in id order. Returns (op, the op whose
// labels it takes) for each op whose labels change.
std::vector<std::pair<uint64_t, uint64_t>> match_accepts(const std::vector<uint64_t>& wanted, const std::vector<uint64_t>& came);

}  // namespace loopstep
