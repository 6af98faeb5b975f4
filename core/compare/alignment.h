// Two runs of one lesson aligned on the moments of the program: its calls (`js_call`), its
// callbacks starting (`callback_begin`) and its output (`console`). Between two moments each
// run has its own kernel and libuv steps, which the stretch before each moment holds.
#pragma once
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/engine/session.h"
#include "core/record/recording.h"

namespace loopstep {

// A program's moment: an event both runs of the same program have, whatever their engine.
bool is_program_moment(Kind k);

// One row of the alignment: the stretch of each run's own steps before it (events
// [from, to)), then the moment itself on each side, or on one side only when the other run
// has no such moment there (its program took another path). The last row has no moment: the
// steps after the program's last one.
struct AlignedMoment {
  size_t a_from = 0, a_to = 0, b_from = 0, b_to = 0;
  std::optional<uint64_t> a, b;  // the moment's seq on each side
  bool has_moment() const { return a || b; }
};

// The rows, in order. Moments pair up as the longest common sequence of their (kind, name):
// "callback_begin onOpen" in both runs is the same moment even when its step differs.
std::vector<AlignedMoment> align_moments(const Recording& a, const Recording& b);

// The moment in words, from the side that has it: "the script calls fs.open (#1)",
// "onOpen() starts on the loop thread", "console.log: Result:  5".
std::string moment_words(const Recording& rec, uint64_t seq);

// One side of a comparison: what `--a backend=epoll` says ("backend=epoll", "workers=pool",
// "pool_size=2", several joined by commas) as session options for a Step-mode run.
struct CompareSide {
  std::string label;  // as given
  SessionOptions options;
};
// The side, or what is wrong with the text ("--a: 'backend=kqueue': backend is epoll or iocp").
std::variant<CompareSide, std::string> parse_compare_side(const std::string& flag, const std::string& text);

}  // namespace loopstep
