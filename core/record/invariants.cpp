// The invariants' words, as the narration, the banner, `check` and `hunt` say them.
#include "core/record/invariants.h"

namespace loopstep {

std::string_view invariant_message(Invariant i) {
  switch (i) {
    case Invariant::never_called_back: return "a request never called back while req_count > 0 and the loop blocks forever";
    case Invariant::callback_run_twice: return "a callback run twice";
    case Invariant::none: break;
  }
  return "";
}

std::string invariant_report(Invariant i, uint64_t step, const std::string& detail) {
  std::string out = "invariant broken at step " + std::to_string(step) + ": " + std::string(invariant_message(i));
  if (!detail.empty()) out += " (" + detail + ")";
  return out;
}

}  // namespace loopstep
