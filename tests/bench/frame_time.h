// Timeline frame time (issue 4, figure 4): a synthetic recording of an fs.stat storm on
// 1 loop thread + 4 pool workers, drawn by the real TimelinePanel in an ImGui context with
// no window and no GL (a built font atlas and a display size), at several zooms.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace loopstep::bench {

// One way of looking at the recording; each sample is one frame's CPU time, NewFrame ->
// TimelinePanel::Draw -> Render, in ms.
struct FrameCase {
  std::string name;                 // "fit all", "mid zoom" ...
  std::vector<double> cpu_ms;       // thread CPU time per frame (what the figure reports)
  std::vector<double> wall_ms;      // wall time per frame (the machine is busy: indicative)
  int max_vertices = 0;             // the largest frame's ImDrawData::TotalVtxCount
};

struct FrameTimeRun {
  size_t events = 0;
  size_t flows = 0, spans = 0, points = 0;  // what the model built
  double build_recording_ms = 0;            // generating + appending the synthetic events
  double model_build_ms = 0;                // TimelineModel::update over the whole recording, once
  double first_frame_ms = 0;                // the warm-up frame (after the model build)
  std::vector<FrameCase> cases;
};

// frames >= 20 per case, after one warm-up frame.
FrameTimeRun frame_time_run(size_t events, int frames, unsigned seed);

}  // namespace loopstep::bench
