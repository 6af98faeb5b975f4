// The timeline panel: a lane per engine thread plus the kernel queue, spans and markers
// coloured by layer, completion flows, the cursor; zoom at the mouse, pan, fit, hover, click.
#pragma once
#include <imgui.h>

#include <string>
#include <vector>

#include "ui/timeline_model.h"
#include "ui/ui_common.h"

namespace loopstep::ui {

class TimelinePanel {
 public:
  void Draw(const Frame& f, ViewSettings& v, Intents& out);  // its own window, "Timeline"
  void DrawContents(const Frame& f, ViewSettings& v, Intents& out);  // inside the current window (the Compare view's)
  void fit_all() { fit_all_ = true; }
  // Shows [from, to] of the step or real-time axis (a reopened recording's saved view).
  void show_range(bool real_time, double from, double to) {
    real_time_ = real_time;
    view_.x_min = from;
    view_.x_max = to;
    fit_all_ = false;
  }
  const TimelineModel& model() const { return model_; }
  // Keeps the model in step with a recording without drawing (the loop-state sparkline uses it).
  void update(const Recording& rec) { model_.update(rec); }

  // Public read-only results: the event under the mouse this frame (-1 = none), and the
  // part of the axis on screen.
  int64_t hovered_seq = -1;
  const ViewRange& view() const { return view_; }
  bool fit_pending() const { return fit_all_; }  // the next frame fits all (nothing drawn since)

 private:
  struct LaneGeom {
    const Lane* lane;
    float y0, y1;  // screen
    float row_h;
  };
  void draw_toolbar(const Frame& f, ViewSettings& v);
  void draw_ruler(ImDrawList* dl, const Axis& a, float y, float h) const;
  void draw_lane(ImDrawList* dl, const Frame& f, const ViewSettings& v, const Axis& a, const LaneGeom& g);
  void draw_flows(ImDrawList* dl, const Frame& f, const ViewSettings& v, const Axis& a,
                  const std::vector<LaneGeom>& geoms) const;
  void handle_input(const Frame& f, ViewSettings& v, const Axis& a, Intents& out, bool hovered, bool active);
  void follow_cursor(const Frame& f, const Axis& a);
  std::string lane_label(const Frame& f, const Lane& l) const;

  TimelineModel model_;
  ViewRange view_;            // pixels are set each frame
  bool fit_all_ = true;
  bool real_time_ = false;    // the axis the view range is in
  size_t last_cursor_ = 0;
  bool dragged_ = false;
  // What the mouse is over: filled while drawing, read by the input handler.
  struct Hit {
    int64_t seq = -1;              // one event
    double x0 = 0, x1 = 0;         // a folded block's extent in axis units
    uint32_t count = 0;
  } hit_;
  std::vector<DrawItem> scratch_;
};

}  // namespace loopstep::ui
