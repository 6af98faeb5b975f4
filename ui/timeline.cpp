// The timeline panel (see timeline.h). Drawing cost follows the pixels: every row asks the
// model for the items on screen (binary search + folding), never for all of its events.
#include "ui/timeline.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "core/trace/narration.h"

namespace loopstep::ui {
namespace {

constexpr float kMinPx = 3.0f;      // narrower than this folds
constexpr double kMinSteps = 24.0;  // never zoom the step axis in further than this many steps

bool is_runnable(const Frame& f, uint16_t thread) {
  if (!f.candidates || !f.at_end()) return false;
  return std::any_of(f.candidates->begin(), f.candidates->end(), [&](const Candidate& c) { return c.thread == thread; });
}

uint32_t with_alpha(uint32_t c, int a) { return (c & ~IM_COL32_A_MASK) | (uint32_t(a) << IM_COL32_A_SHIFT); }

// A point event's label: its real function (fs.open, POST, uv__work_submit, PostQueuedCompletionStatus).
std::string point_label(const Frame& f, const Event& e) {
  const std::string_view fn = f.rec->info().strings.str(e.fn);
  return fn.empty() ? std::string(kind_name(e.kind)) : shown_text(fn, 200);
}

// The legend, one line under the toolbar: colours are layers, shapes are what happened.
void draw_legend(bool presenter) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float h = ImGui::GetTextLineHeight(), s = h * 0.7f;
  bool first = false;  // the legend continues the toolbar's line while it fits
  auto swatch = [&](auto&& draw, const char* text) {
    // Each entry goes on the line while it fits (a narrow window, big text: more lines).
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (!first && ImGui::GetItemRectMax().x + h + s * 1.6f + 2 + ImGui::CalcTextSize(text).x <= right) ImGui::SameLine(0, h);
    first = false;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(s * 1.6f, h));
    draw(dl, ImVec2(p.x + s * 0.3f, p.y + (h - s) * 0.5f));
    ImGui::SameLine(0, 2);
    ImGui::TextUnformatted(text);
  };
  const uint32_t ink = ImGui::GetColorU32(ImGuiCol_Text);
  for (const auto& [l, name] : {std::pair{Layer::js, "JS"}, {Layer::binding, "Node binding"}, {Layer::libuv, "libuv"},
                                 {Layer::kernel, "kernel"}}) {
    const uint32_t c = layer_color(l, presenter);
    swatch([&](ImDrawList* d, ImVec2 p) { d->AddRectFilled(p, ImVec2(p.x + s, p.y + s), c, 2); }, name);
  }
  swatch([&](ImDrawList* d, ImVec2 p) {
    d->AddRectFilled(p, ImVec2(p.x + s * 1.3f, p.y + s), with_alpha(ink, 200), 2);
  }, "call (span)");
  swatch([&](ImDrawList* d, ImVec2 p) {
    d->AddRectFilled(p, ImVec2(p.x + s * 1.3f, p.y + s), with_alpha(ink, 50), 2);
    d->AddRect(p, ImVec2(p.x + s * 1.3f, p.y + s), ink, 2);
  }, "wait");
  swatch([&](ImDrawList* d, ImVec2 p) {
    const float r = s * 0.5f;
    const ImVec2 c(p.x + r, p.y + r);
    d->AddQuadFilled(ImVec2(c.x, c.y - r), ImVec2(c.x + r, c.y), ImVec2(c.x, c.y + r), ImVec2(c.x - r, c.y), ink);
  }, "point");
  swatch([&](ImDrawList* d, ImVec2 p) {
    d->AddBezierCubic(ImVec2(p.x, p.y + s), ImVec2(p.x + s, p.y + s), ImVec2(p.x, p.y), ImVec2(p.x + s * 1.3f, p.y), ink, 1.5f);
  }, "flow: post -> take");
}

void event_tooltip(const Frame& f, const Event& e) {
  const RunInfo& info = f.rec->info();
  const LoopState s = f.rec->state_at(e.seq);
  ImGui::BeginTooltip();
  ImGui::Text("step %llu  %s", (unsigned long long)e.seq + 1, std::string(kind_name(e.kind)).c_str());
  ImGui::Separator();
  ImGui::Text("thread: %s", thread_label(e.thread, s).c_str());
  ImGui::Text("layer:  %s", layer_title(e.layer, info).c_str());
  ImGui::Text("fn:     %s", std::string(info.strings.str(e.fn)).c_str());
  ImGui::Text("req:    %s", request_label(info, e.req).c_str());
  ImGui::Text("value:  %lld", (long long)e.value);
  ImGui::Text("t:      %.3f ms", double(e.t_ns) / 1e6);
  if (has_cause(e)) ImGui::Text("cause:  step %llu", (unsigned long long)cause_seq(e) + 1);
  if (const std::string at = source_at(e, info); !at.empty()) ImGui::Text("src:    %s", at.c_str());
  ImGui::Separator();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
  ImGui::TextUnformatted(shown_text(Narration::builtin().describe(e, info, s, false)).c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

}  // namespace

std::string TimelinePanel::lane_label(const Frame& f, const Lane& l) const {
  if (l.thread == kKernelLane) {
    const RunInfo& info = f.rec->info();
    if (info.config.backend == BackendKind::epoll) return "kernel: eventfd +\nlibuv done-list";
    return info.port_emulated ? "kernel: completion port\n(IOCP, emulated)" : "kernel: completion port\n(IOCP, native)";
  }
  const LoopState& tail = f.rec->tail_state();
  if (l.thread == 0) return "loop thread\n(main, JS runs here)";
  const bool pool = l.thread < tail.threads.size() && tail.threads[l.thread].role == ThreadRole::pool_worker;
  return (pool ? "worker " : "thread ") + std::to_string(l.thread) + (pool ? "\n(libuv pool)" : "\n(one per request)");
}

void TimelinePanel::draw_toolbar(const Frame& f, ViewSettings& v) {
  if (ImGui::Button("Fit all")) fit_all_ = true;
  ImGui::SameLine();
  if (ImGui::Button("Fit selection") && f.cursor > 0) {
    const Axis a = model_.axis(real_time_);
    const uint64_t seq = v.selected_seq.value_or(f.cursor - 1);
    const double mid = a.point_x(std::min<uint64_t>(seq, a.size - 1));
    const double half = real_time_ ? std::max(1e5, (view_.x_max - view_.x_min) / 8) : kMinSteps / 2;
    view_.x_min = mid - half;
    view_.x_max = mid + half;
  }
  ImGui::SameLine();
  ImGui::Checkbox("Real time axis (T)", &v.real_time_axis);
  if (!v.presenter) {  // a projector's audience needs the legend, not the mouse hints
    same_line_if_fits(ImGui::CalcTextSize("wheel: zoom  drag: pan  click: go to step  hover: details").x);
    ImGui::TextDisabled("wheel: zoom  drag: pan  click: go to step  hover: details");
  }
  draw_legend(v.presenter);
}

void TimelinePanel::draw_ruler(ImDrawList* dl, const Axis& a, float y, float h) const {
  // Tick spacing: the smallest 1-2-5 step that leaves ~90 px between labels.
  const double units_per_px = (view_.x_max - view_.x_min) / std::max(1.0f, view_.px_max - view_.px_min);
  double step = 1;
  for (double base = 1; step / units_per_px < 90; base *= 10) {
    for (double m : {1.0, 2.0, 5.0}) {
      step = base * m;
      if (step / units_per_px >= 90) break;
    }
  }
  const uint32_t col = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  for (double x = std::ceil(view_.x_min / step) * step; x <= view_.x_max; x += step) {
    const float px = view_.px(x);
    dl->AddLine(ImVec2(px, y + h * 0.6f), ImVec2(px, y + h), col);
    char buf[32];
    if (a.real_time) std::snprintf(buf, sizeof buf, "%.3g ms", x / 1e6);
    else std::snprintf(buf, sizeof buf, "%.0f", x);
    dl->AddText(ImVec2(px + 3, y), col, buf);
  }
}

void TimelinePanel::draw_lane(ImDrawList* dl, const Frame& f, const ViewSettings& v, const Axis& a, const LaneGeom& g) {
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const bool mouse_in = mouse.y >= g.y0 && mouse.y < g.y1;
  const float pad = 2.0f;
  const uint32_t text_col = ImGui::GetColorU32(ImGuiCol_Text);
  const uint32_t fold_col = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  // Point events: markers on the lane's top row.
  scratch_.clear();
  fold_points(g.lane->points, a, view_, kMinPx * 2, scratch_);
  const float my = g.y0 + g.row_h * 0.5f, r = g.row_h * 0.28f;
  const float min_label = ImGui::CalcTextSize("uv__w...").x;
  for (size_t i = 0; i < scratch_.size(); ++i) {
    const DrawItem& d = scratch_[i];
    const Event& e = (*f.rec)[g.lane->points[d.first]];
    const bool lit = request_lit(f, v, e.req);
    const uint32_t col = lit ? highlight_color(v.presenter) : (d.count > 1 ? fold_col : layer_color(e.layer, v.presenter));
    dl->AddQuadFilled(ImVec2(d.x0, my - r), ImVec2(d.x0 + r, my), ImVec2(d.x0, my + r), ImVec2(d.x0 - r, my), col);
    if (d.count > 1) {
      dl->AddLine(ImVec2(d.x0, my), ImVec2(d.x1, my), fold_col, 2.0f);
      continue;
    }
    // The function's name beside its marker, as far as the room up to the next marker allows.
    const float lx = d.x0 + r + 3, room = (i + 1 < scratch_.size() ? scratch_[i + 1].x0 - r : view_.px_max) - lx - 2;
    if (room < min_label) continue;
    const std::string label = ellipsized(point_label(f, e), room);
    if (!label.empty()) dl->AddText(ImVec2(lx, my - ImGui::GetFontSize() * 0.5f), text_col, label.c_str());
  }
  if (mouse_in && mouse.y < g.y0 + g.row_h) {
    if (int i = hit_test(scratch_, mouse.x, r + 2); i >= 0) {
      const DrawItem& d = scratch_[i];
      hit_ = {d.count == 1 ? int64_t(g.lane->points[d.first]) : -1, view_.x_at(d.x0 - 1), view_.x_at(d.x1 + 1), d.count};
    }
  }
  // Spans, one row each below the markers.
  for (size_t row = 0; row < g.lane->rows.size(); ++row) {
    const SpanRow& spans = g.lane->rows[row];
    const float y0 = g.y0 + g.row_h * float(row + 1) + pad, y1 = y0 + g.row_h - 2 * pad;
    scratch_.clear();
    fold_spans(spans, a, view_, kMinPx, scratch_);
    for (const DrawItem& d : scratch_) {
      const Event& e = (*f.rec)[spans[d.first].begin];
      const float x0 = std::max(d.x0, view_.px_min - 2), x1 = std::min(d.x1, view_.px_max + 2);
      if (d.count > 1) {
        dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, y1), with_alpha(fold_col, 140));
        char buf[16];
        std::snprintf(buf, sizeof buf, "%u", d.count);
        if (ImGui::CalcTextSize(buf).x < x1 - x0) dl->AddText(ImVec2(x0 + 2, y0), text_col, buf);
        continue;
      }
      const bool lit = request_lit(f, v, e.req);
      const bool waiting = e.kind == Kind::wait_begin || e.kind == Kind::work_begin;
      const uint32_t col = layer_color(e.layer, v.presenter);
      // A wait is hollow: the thread sleeps in the kernel; a call is filled: the thread works.
      dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, y1), with_alpha(col, waiting ? 60 : 200), 3.0f);
      dl->AddRect(ImVec2(x0, y0), ImVec2(x1, y1), lit ? highlight_color(v.presenter) : col, 3.0f, 0, lit ? 3.0f : 1.0f);
      std::string label(f.rec->info().strings.str(e.fn));
      if (g.lane->thread == kKernelLane)
        label = e.kind == Kind::wakeup_send
                    ? (f.rec->info().config.backend == BackendKind::iocp ? "async packet" : "eventfd readable")
                    : (f.rec->info().config.backend == BackendKind::iocp && e.layer == Layer::kernel ? "packet: req " : "done: req ") +
                          std::to_string(e.req);
      else if (e.kind == Kind::callback_begin)  // the callback that runs: a socket's handle has several
        label += "()";
      if (spans[d.first].end == kOpen) label += " ...";
      // Cut with "..." to the span's width on screen: a label is never dropped while it can show.
      label = ellipsized(shown_text(label, 200), std::min(x1, view_.px_max) - std::max(x0, view_.px_min) - 6);
      if (!label.empty()) {
        dl->AddText(ImVec2(std::max(x0, view_.px_min) + 4, y0 + (y1 - y0 - ImGui::GetFontSize()) * 0.5f), text_col,
                    label.c_str());
      }
    }
    if (mouse_in && mouse.y >= y0 - pad && mouse.y < y1 + pad) {
      if (int i = hit_test(scratch_, mouse.x, 1); i >= 0) {
        const DrawItem& d = scratch_[i];
        hit_ = {d.count == 1 ? int64_t(spans[d.first].begin) : -1, view_.x_at(d.x0), view_.x_at(d.x1), d.count};
      }
    }
  }
}

void TimelinePanel::draw_flows(ImDrawList* dl, const Frame& f, const ViewSettings& v, const Axis& a,
                               const std::vector<LaneGeom>& geoms) const {
  auto lane_y = [&](uint16_t thread) {
    for (const LaneGeom& g : geoms)
      if (g.lane->thread == thread) return g.y0 + g.row_h * 0.5f;
    return -1.0f;
  };
  // Flows are sorted by take: those whose take is on screen, plus the few that cross it.
  // Arrows whose takes land within kFlowFoldPx of each other fold, as spans do: of such a
  // group only the first few from distinct posting lanes are drawn, and the next group is
  // one binary search away, so the cost follows the pixels, not the number of flows.
  const auto& flows = model_.flows();
  auto take_before = [&](const TimelineModel::Flow& fl, double x) { return a.point_x(fl.take) < x; };
  auto it = std::lower_bound(flows.begin(), flows.end(), view_.x_min, take_before);
  const uint32_t base = ImGui::GetColorU32(ImGuiCol_Text);
  auto draw = [&](const TimelineModel::Flow& fl, const Event& post, float y0, float y1) {
    const Event take = (*f.rec)[fl.take];
    const ImVec2 p0(view_.px(a.point_x(fl.post)), y0), p1(view_.px(a.point_x(fl.take)), y1);
    const bool lit = request_lit(f, v, post.req) || request_lit(f, v, take.req);
    const uint32_t col = lit ? highlight_color(v.presenter) : with_alpha(base, 150);
    dl->AddBezierCubic(p0, ImVec2(p0.x + 30, p0.y), ImVec2(p1.x - 30, p1.y), p1, col, lit ? 3.0f : 1.5f);
    const float s = 6;
    dl->AddTriangleFilled(p1, ImVec2(p1.x - s, p1.y - s * (p1.y > p0.y ? 1.2f : -1.2f)),
                          ImVec2(p1.x - s * 1.4f, p1.y), col);
  };
  constexpr float kFlowFoldPx = 2 * kMinPx;
  constexpr ptrdiff_t kFlowScan = 8;  // flows of a folded group looked at for distinct lanes
  while (it != flows.end() && a.point_x(it->post) <= view_.x_max) {
    const auto next = std::lower_bound(it + 1, flows.end(), view_.x_at(view_.px(a.point_x(it->take)) + kFlowFoldPx), take_before);
    const auto stop = next - it <= kFlowScan ? next : it + kFlowScan;
    uint16_t drawn[kFlowScan];
    int n_drawn = 0;
    for (auto fl = it; fl != stop; ++fl) {
      if (a.point_x(fl->post) > view_.x_max) break;
      const Event post = (*f.rec)[fl->post];
      if (next - it > kFlowScan && std::find(drawn, drawn + n_drawn, post.thread) != drawn + n_drawn) continue;
      drawn[n_drawn++] = post.thread;
      const float y0 = lane_y(post.thread), y1 = lane_y((*f.rec)[fl->take].thread);
      if (y0 < 0 || y1 < 0) continue;
      draw(*fl, post, y0, y1);
    }
    it = next;
  }
}

void TimelinePanel::follow_cursor(const Frame& f, const Axis& a) {
  if (f.cursor == last_cursor_) return;
  last_cursor_ = f.cursor;
  // Step 0 (Home) is the axis' start: the view scrolls back to it.
  const double x = f.cursor == 0 ? 0.0 : a.end_x(f.cursor - 1), w = view_.x_max - view_.x_min;
  if (x > view_.x_max - w * 0.05) {
    view_.x_max = x + w * 0.25;
    view_.x_min = view_.x_max - w;
  } else if (x < view_.x_min + w * 0.02) {
    view_.x_min = std::max(0.0, x - w * 0.25);
    view_.x_max = view_.x_min + w;
  }
}

void TimelinePanel::handle_input(const Frame& f, ViewSettings& v, const Axis& a, Intents& out, bool hovered, bool active) {
  ImGuiIO& io = ImGui::GetIO();
  if (hovered && io.MouseWheel != 0) {
    // Zoom anchored at the mouse: the unit under it stays under it.
    const double anchor = view_.x_at(io.MousePos.x);
    double factor = std::pow(0.8, io.MouseWheel);
    const double min_w = a.real_time ? 1e3 : kMinSteps;
    factor = std::max(factor, min_w / (view_.x_max - view_.x_min));
    view_.x_min = anchor - (anchor - view_.x_min) * factor;
    view_.x_max = anchor + (view_.x_max - anchor) * factor;
  }
  if (active && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f)) {
    dragged_ = true;
    const double per_px = (view_.x_max - view_.x_min) / (view_.px_max - view_.px_min);
    view_.x_min -= io.MouseDelta.x * per_px;
    view_.x_max -= io.MouseDelta.x * per_px;
  }
  if (ImGui::IsItemDeactivated()) {
    if (!dragged_ && hit_.count > 1) {
      view_.x_min = hit_.x0;  // a folded block: zoom in on it
      view_.x_max = std::max(hit_.x1, hit_.x0 + (a.real_time ? 1e3 : kMinSteps));
    } else if (!dragged_ && hit_.seq >= 0) {
      v.selected_seq = uint64_t(hit_.seq);
      out.seek = size_t(hit_.seq) + 1;  // the cursor moves to that step (history or the end)
    }
    dragged_ = false;
  }
  if (hovered && hit_.seq >= 0) {
    hovered_seq = hit_.seq;
    const Event& e = (*f.rec)[size_t(hit_.seq)];
    if (e.req) out.hover_req = e.req;
    event_tooltip(f, e);
  } else if (hovered && hit_.count > 1) {
    ImGui::SetTooltip("%u events too small to show at this zoom: click to zoom in", hit_.count);
  }
}

void TimelinePanel::Draw(const Frame& f, ViewSettings& v, Intents& out) {
  hovered_seq = -1;
  place_window("Timeline", v);
  if (!ImGui::Begin("Timeline")) {
    ImGui::End();
    return;
  }
  DrawContents(f, v, out);
  ImGui::End();
}

void TimelinePanel::DrawContents(const Frame& f, ViewSettings& v, Intents& out) {
  hovered_seq = -1;
  model_.update(*f.rec);
  draw_toolbar(f, v);
  const Axis a = model_.axis(v.real_time_axis);
  if (v.real_time_axis != real_time_) {
    real_time_ = v.real_time_axis;
    fit_all_ = true;
  }
  if (fit_all_) {
    view_.x_min = 0;
    view_.x_max = std::max(a.total(), a.real_time ? 1e3 : kMinSteps);
    fit_all_ = false;
  }
  follow_cursor(f, a);

  const float font = ImGui::GetFontSize();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  // Rows grow to use the panel's height (up to twice the minimum): easier to read from afar.
  size_t rows = 0;
  for (const Lane& l : model_.thread_lanes()) rows += 1 + std::max<size_t>(1, l.rows.size());
  rows += 1 + std::max<size_t>(1, model_.kernel_lane().rows.size());
  const float label_w = font * 10.5f, ruler_h = font * 1.3f;
  const float row_h = std::clamp((avail.y - ruler_h) / float(std::max<size_t>(rows, 1)) - 2.0f, font * 1.2f, font * 2.4f);
  view_.px_min = origin.x + label_w;
  view_.px_max = origin.x + std::max(label_w + 50, avail.x);
  // Lane geometry.
  std::vector<LaneGeom> geoms;
  float y = origin.y + ruler_h;
  auto add = [&](const Lane& l) {
    const float h = row_h * float(1 + std::max<size_t>(1, l.rows.size())) + 6;
    geoms.push_back(LaneGeom{&l, y, y + h, row_h});
    y += h;
  };
  // The loop thread, the kernel queue, then the workers: the loop's lane and the queue it
  // waits on stay in view (a projector at 1280x720) however many workers there are.
  const std::vector<Lane>& threads = model_.thread_lanes();
  if (!threads.empty()) add(threads.front());
  add(model_.kernel_lane());
  for (size_t i = 1; i < threads.size(); ++i) add(threads[i]);
  const float height = std::max(y - origin.y, avail.y);

  ImGui::InvisibleButton("##lanes", ImVec2(std::max(1.0f, avail.x), std::max(1.0f, height)));
  const bool hovered = ImGui::IsItemHovered(), active = ImGui::IsItemActive();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  hit_ = {};
  draw_ruler(dl, a, origin.y, ruler_h);
  dl->PushClipRect(ImVec2(origin.x, origin.y + ruler_h), ImVec2(view_.px_max, origin.y + height), true);
  for (size_t i = 0; i < geoms.size(); ++i) {
    const LaneGeom& g = geoms[i];
    if (i % 2 == 0) dl->AddRectFilled(ImVec2(origin.x, g.y0), ImVec2(view_.px_max, g.y1), ImGui::GetColorU32(ImGuiCol_FrameBg, 0.5f));
    const bool runnable = g.lane->thread != kKernelLane && is_runnable(f, g.lane->thread);
    if (runnable) {
      dl->AddRectFilled(ImVec2(origin.x, g.y0 + 2), ImVec2(view_.px_min - 4, g.y1 - 2), IM_COL32(60, 180, 90, 90), 4.0f);
    }
    // Two lines at most, so that a lane of two rows holds its label at every font size.
    std::string label = lane_label(f, *g.lane);
    if (runnable) label.insert(label.find('\n'), g.lane->thread == f.policy_choice && !f.predicting ? "  > next" : "  runnable");
    dl->AddText(ImVec2(origin.x + 4, g.y0 + 2), ImGui::GetColorU32(ImGuiCol_Text), label.c_str());
  }
  dl->PushClipRect(ImVec2(view_.px_min, origin.y), ImVec2(view_.px_max, origin.y + height), true);
  if (f.cursor > 0) {
    // The current event's column, then the part not reached yet, dimmed.
    const Event& cur = (*f.rec)[f.cursor - 1];
    const float cx0 = view_.px(a.begin_x(cur.seq)), cx1 = std::max(cx0 + 2, view_.px(a.end_x(cur.seq)));
    dl->AddRectFilled(ImVec2(cx0, origin.y + ruler_h), ImVec2(cx1, origin.y + height), with_alpha(highlight_color(v.presenter), 50));
  }
  for (const LaneGeom& g : geoms) draw_lane(dl, f, v, a, g);
  draw_flows(dl, f, v, a, geoms);
  if (f.cursor < f.rec->size()) {
    const float fx = view_.px(f.cursor == 0 ? 0.0 : a.end_x(f.cursor - 1));
    dl->AddRectFilled(ImVec2(fx, origin.y + ruler_h), ImVec2(view_.px_max, origin.y + height),
                      ImGui::GetColorU32(ImGuiCol_WindowBg, 0.65f));
  }
  const float cursor_x = view_.px(f.cursor == 0 ? 0.0 : a.end_x(f.cursor - 1));
  dl->AddLine(ImVec2(cursor_x, origin.y), ImVec2(cursor_x, origin.y + height), highlight_color(v.presenter), 2.0f);
  dl->PopClipRect();
  dl->PopClipRect();
  if (const std::optional<Event> cur = f.current(); cur && cursor_x >= view_.px_min && cursor_x <= view_.px_max) {
    // The current step, named on the ruler next to the cursor line.
    // The current step in words: "step 30: thread 1: PostQueuedCompletionStatus".
    const std::string tag = ellipsized(" step " + std::to_string(f.cursor) + ": " + event_words(*cur, f.rec->info(), *f.state) + " ",
                                       view_.px_max - view_.px_min);
    const ImVec2 ts = ImGui::CalcTextSize(tag.c_str());
    const float tx = std::max(view_.px_min, std::min(cursor_x + 4, view_.px_max - ts.x));
    dl->AddRectFilled(ImVec2(tx, origin.y), ImVec2(tx + ts.x, origin.y + ts.y), highlight_color(v.presenter), 3.0f);
    dl->AddText(ImVec2(tx, origin.y), IM_COL32(255, 255, 255, 255), tag.c_str());
  }
  handle_input(f, v, a, out, hovered, active);
}

}  // namespace loopstep::ui
