// Names of kinds, layers and phases, as they appear in traces and JSON lines.
#include "core/record/event.h"

#include <array>

namespace loopstep {
namespace {
constexpr std::array<std::string_view, kKindCount> kKindNames = {
#define X(name) #name,
    LOOPSTEP_KINDS(X)
#undef X
};
constexpr std::array<std::string_view, kLayerCount> kLayerNames = {"js", "binding", "libuv", "kernel"};
constexpr std::array<std::string_view, 9> kPhaseNames = {
    "none", "main script", "timers", "pending", "idle/prepare", "poll", "check", "closing", "exited"};
}  // namespace

std::string_view kind_name(Kind k) { return kKindNames[static_cast<size_t>(k)]; }
std::string_view layer_name(Layer l) { return kLayerNames[static_cast<size_t>(l)]; }
std::string_view phase_name(Phase p) { return kPhaseNames[static_cast<size_t>(p)]; }

bool kind_from_name(std::string_view s, Kind* out) {
  for (size_t i = 0; i < kKindNames.size(); ++i)
    if (kKindNames[i] == s) { *out = static_cast<Kind>(i); return true; }
  return false;
}

bool layer_from_name(std::string_view s, Layer* out) {
  for (size_t i = 0; i < kLayerNames.size(); ++i)
    if (kLayerNames[i] == s) { *out = static_cast<Layer>(i); return true; }
  return false;
}

}  // namespace loopstep
