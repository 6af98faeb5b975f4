// DELIBERATELY WRONG backends for engine_bug = "lost_wakeup" (README, "Bug hunt"), Step mode
// only: the loop takes the done-list, then clears the wake-up's pending flag, as two steps.
// A completion posted between the two finds the flag still set, skips its wake-up, and is
// never delivered until another one comes: with nothing else pending the loop blocks forever
// with req_count > 0. Never used by the correct engine (platform.cpp's one branch).
#pragma once
#include <memory>

#include "core/engine/engine_parts.h"

namespace loopstep {

std::unique_ptr<Backend> make_planted_backend(BackendKind kind, Hooks& hooks);

}  // namespace loopstep
