// match_accepts: which pending AcceptEx takes which due accept's labels (accept_match.h).
#include "core/net/accept_match.h"

#include <algorithm>

namespace loopstep {

std::vector<std::pair<uint64_t, uint64_t>> match_accepts(const std::vector<uint64_t>& wanted, const std::vector<uint64_t>& came) {
  auto has = [](const std::vector<uint64_t>& v, uint64_t x) { return std::find(v.begin(), v.end(), x) != v.end(); };
  const size_t k = std::min(wanted.size(), came.size());
  const std::vector<uint64_t> chosen(came.begin(), came.begin() + static_cast<std::ptrdiff_t>(k));
  std::vector<uint64_t> labels(wanted);  // whose labels, in the order they are handed out
  for (uint64_t c : chosen)
    if (!has(wanted, c)) labels.push_back(c);
  std::vector<uint64_t> rest;  // the due ones not chosen: they keep waiting, under what is left
  for (uint64_t w : wanted)
    if (!has(chosen, w)) rest.push_back(w);
  std::sort(rest.begin(), rest.end());
  std::vector<std::pair<uint64_t, uint64_t>> moves;
  for (size_t i = 0; i < k; ++i)
    if (chosen[i] != labels[i]) moves.emplace_back(chosen[i], labels[i]);
  for (size_t j = 0; j < rest.size(); ++j)
    if (rest[j] != labels[k + j]) moves.emplace_back(rest[j], labels[k + j]);
  return moves;
}

}  // namespace loopstep
