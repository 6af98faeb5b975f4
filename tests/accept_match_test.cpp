// match_accepts (core/net/accept_match.h): with several AcceptEx pending, the kernel picks which
// one a connection completes; Step mode moves the due accepts' labels onto those that came, in
// their connectors' order, so that it never waits for an accept the kernel did not pick.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "core/net/accept_match.h"

using namespace loopstep;

namespace {

using Moves = std::vector<std::pair<uint64_t, uint64_t>>;

// Applies the moves to labels named after their ops: op -> whose labels it now has.
std::map<uint64_t, uint64_t> apply(const std::vector<uint64_t>& ops, const Moves& moves) {
  std::map<uint64_t, uint64_t> label;
  for (uint64_t op : ops) label[op] = op;
  for (const auto& [to, from] : moves) label[to] = from;
  return label;
}

}  // namespace

TEST_CASE("accept match: the kernel completed the due accepts themselves, in order: nothing moves") {
  CHECK(match_accepts({1, 2}, {1, 2}).empty());
  CHECK(match_accepts({1}, {}).empty());  // not arrived yet: it keeps waiting as itself
  CHECK(match_accepts({}, {}).empty());
}

TEST_CASE("accept match: a later accept completed: it takes the due one's labels, the due one waits under its") {
  const Moves m = match_accepts({1}, {5});
  CHECK(m == Moves{{5, 1}, {1, 5}});
  const auto label = apply({1, 5}, m);
  CHECK(label.at(5) == 1);  // the packet that came is posted as the due accept's
  CHECK(label.at(1) == 5);  // the one still pending carries the other's (not due) labels
}

TEST_CASE("accept match: the due ones go to those that came in their connectors' order, whatever their ids") {
  // Due: 1 then 2. Came: 7 (the first connector's) and 1 (the second's).
  const Moves m = match_accepts({1, 2}, {7, 1});
  const auto label = apply({1, 2, 7}, m);
  CHECK(label.at(7) == 1);  // the first connector's accept is posted first, as the first due
  CHECK(label.at(1) == 2);  // then the second's
  CHECK(label.at(2) == 7);  // 2 is still pending, not due
  // A permutation: every label is held by exactly one op.
  std::set<uint64_t> held;
  for (const auto& [op, whose] : label) held.insert(whose);
  CHECK(held == std::set<uint64_t>{1, 2, 7});
}

TEST_CASE("accept match: more came than are due: only as many take due labels, in order") {
  const Moves m = match_accepts({3}, {9, 3, 4});
  const auto label = apply({3, 4, 9}, m);
  CHECK(label.at(9) == 3);
  CHECK(label.at(3) == 9);
  CHECK(label.at(4) == 4);  // arrived, not due: it keeps its own and waits to be due
}

TEST_CASE("accept match: fewer came than are due: the first due labels go to them, the rest keep waiting in id order") {
  const Moves m = match_accepts({2, 1, 3}, {6});  // due order 2, 1, 3 (by when each became due)
  const auto label = apply({1, 2, 3, 6}, m);
  CHECK(label.at(6) == 2);
  // 1, 2, 3 still pending: they carry, in id order, the due labels left (1, 3) and then 6's.
  CHECK(label.at(1) == 1);
  CHECK(label.at(2) == 3);
  CHECK(label.at(3) == 6);
}
