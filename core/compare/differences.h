// What two runs did differently between the same two moments of their program, in words:
// how completions came back to the loop (one packet per request on IOCP; the whole done-list
// after one eventfd read on epoll), which threads started, which kernel calls only one made.
#pragma once
#include <string>
#include <vector>

#include "core/record/recording.h"

namespace loopstep {

// The stretch [from, to) of one run, and what the comparison calls it ("A (backend=epoll)").
struct Stretch {
  const Recording* rec;
  size_t from, to;
  std::string name;
};

// Sentences, empty when the two stretches did the same things (however many steps each took).
std::vector<std::string> stretch_differences(const Stretch& a, const Stretch& b);

}  // namespace loopstep
