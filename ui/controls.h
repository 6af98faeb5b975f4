// The controls panel: play/pause, step, step back, first/last, restart, speed, the step
// slider, the "next lane" chooser, breakpoints, and the backend / worker-model switches.
#pragma once
#include "ui/ui_common.h"

namespace loopstep::ui {

struct ControlsPanel {
  // Settings
  float steps_per_second = 3.0f;  // while playing
  // Breakpoint editor: each field is used when its checkbox is on.
  bool bp_use_kind = true, bp_use_lane = false, bp_use_req = false, bp_use_count = false;
  int bp_kind = static_cast<int>(Kind::completion_take), bp_lane = 0, bp_req = 1, bp_count = 0;
  // Restart switches, loaded from the running configuration when it changes.
  RunConfig edit{};
  const RunInfo* edit_from = nullptr;
  uint64_t next_seed = 1;  // the seed "Restart with random:N" offers next

  void Draw(const Frame& f, const ViewSettings& v, Intents& out);
  // The breakpoint the editor describes (F8 runs to it); none when every field is off.
  std::optional<Breakpoint> breakpoint() const;

 private:
  void draw_next_lane(const Frame& f, const ViewSettings& v, Intents& out);
  void draw_breakpoints(const Frame& f, Intents& out);
  void draw_config(const Frame& f, Intents& out);
};

}  // namespace loopstep::ui
