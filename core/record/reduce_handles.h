// The handle table's part of the fold (core/record/reduce_handles.cpp), called by apply().
#pragma once
#include "core/record/loop_state.h"

namespace loopstep {

// The events that name a handle or one of its requests; apply() calls it only once a
// handle exists, so a lesson without sockets pays nothing.
void apply_handles(LoopState& s, const Event& e);

}  // namespace loopstep
