// The Source panel of a JS lesson, drawn offscreen on a hand-made recording (no run
// produces sources yet): the markers follow the cursor, the front matter folds, a click on a
// line number is a line breakpoint that a run-to stops at, hovering a line lights its requests.
#include <doctest/doctest.h>

#include <imgui.h>

#include "core/engine/live_run.h"
#include "core/record/source_ref.h"
#include "tests/ui_fixture.h"
#include "ui/source_panel.h"

using namespace loopstep;

namespace {

constexpr const char* kProgram =
    "/* loopstep\n"                                      // 1
    "backend = \"iocp\"\n"                               // 2
    "*/\n"                                               // 3
    "const fs = require('fs');\n"                        // 4
    "fs.open('1.txt', 'r', function onOpen(err, fd) {\n" // 5
    "  console.log('fd', fd);\n"                         // 6
    "});\n"                                              // 7
    "fs.stat('2.txt', () => {});\n";                     // 8

// fs.open (line 5) and fs.stat (line 8) on the loop thread, a worker opens 1.txt, the loop
// waits, takes the completion and runs onOpen, whose console.log is line 6.
struct JsLesson {
  std::shared_ptr<RunInfo> info = std::make_shared<RunInfo>();
  Recording rec{info};
  // `tail_lines` comment lines after line 8, and a console.log on the last of them (event 12).
  explicit JsLesson(int tail_lines = 0) {
    info->source = kProgram;
    for (int i = 0; i < tail_lines; ++i) info->source += "// line " + std::to_string(9 + i) + "\n";
    info->source_name = "lesson.js";
    info->front_matter_first = 1;
    info->front_matter_last = 3;
    info->js_runtime = "Node v20.20.0";
    StringTable& s = info->strings;
    RequestInfo open{s.intern("fs.open"), s.intern("uv_fs_t"), s.intern("1.txt")};
    open.callback = s.intern("onOpen");
    open.src = s.intern("lesson.js:5:4");
    RequestInfo stat{s.intern("fs.stat"), s.intern("uv_fs_t"), s.intern("2.txt")};
    stat.src = s.intern("lesson.js:8:4");
    info->requests.add(open);
    info->requests.add(stat);
    add(Kind::js_call, 0, 1);           // 0  line 5
    add(Kind::req_init, 0, 1);          // 1  line 5
    add(Kind::js_call, 0, 2);           // 2  line 8
    add(Kind::req_init, 0, 2);          // 3  line 8
    add(Kind::work_take, 1, 1);         // 4  line 5, on a worker
    add(Kind::syscall_begin, 1, 1);     // 5  line 5, on a worker
    add(Kind::wait_begin, 0, 0);        // 6  the loop's own work
    add(Kind::completion_post, 1, 1);   // 7  line 5, on a worker
    add(Kind::completion_take, 0, 1);   // 8  line 5
    add(Kind::callback_begin, 0, 1);    // 9  line 5: onOpen starts
    add(Kind::console, 0, 0, console_value(s.intern("fd 3"), s.intern("lesson.js:6:3")));  // 10  line 6
    add(Kind::callback_end, 0, 1);      // 11
    if (tail_lines)
      add(Kind::console, 0, 0, console_value(s.intern("end"), s.intern("lesson.js:" + std::to_string(8 + tail_lines) + ":1")));
  }
  void add(Kind k, uint16_t thread, uint32_t req, int64_t value = 0) {
    rec.append(Event{rec.size(), int64_t(rec.size()) * 1000, req, thread, k, thread ? Layer::libuv : Layer::js, value,
                     info->strings.intern(std::string(kind_name(k))), 0});
  }
};

// The panel alone in an ImGui context, with the recording's cursor where a test puts it.
struct SourceView {
  test::ImGuiFixture imgui;
  JsLesson lesson;
  explicit SourceView(int tail_lines = 0) : lesson(tail_lines) {}
  ui::SourcePanel panel;
  ui::ViewSettings view;
  ui::Intents out;
  LoopState state;
  size_t cursor = 0;

  ui::Frame frame() {
    state = cursor == 0 ? LoopState{} : lesson.rec.state_at(cursor - 1);
    ui::Frame f;
    f.rec = &lesson.rec;
    f.state = &state;
    f.cursor = cursor;
    f.live = false;
    return f;
  }
  void draw() {
    view.js_lesson = true;
    ImGui::NewFrame();
    out = {};
    ui::begin_layout(view);
    panel.Draw(frame(), view, out);
    ui::end_layout(view);
    ImGui::Render();
  }
  const ui::SourcePanel::Row* row(uint32_t line) const {
    for (const auto& r : panel.rows_drawn)
      if (r.line == line) return &r;
    return nullptr;
  }
  void click(ImVec2 at) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = at;
    draw();
    io.MouseDown[0] = true;
    draw();
    io.MouseDown[0] = false;
    draw();
    draw();  // the rows as the click left them
  }
};

std::vector<uint32_t> lines_drawn(const ui::SourcePanel& p) {
  std::vector<uint32_t> out;
  for (const auto& r : p.rows_drawn) out.push_back(r.line);
  return out;
}

}  // namespace

TEST_CASE("ui source: the marked lines follow the cursor") {
  SourceView sv;
  auto marks_at = [&](size_t cursor) {
    sv.cursor = cursor;
    return ui::source_marks(sv.frame());
  };
  CHECK(marks_at(0).ran == 0);
  CHECK(marks_at(0).next == 5);  // fs.open runs first
  CHECK(marks_at(1).ran == 5);
  CHECK(marks_at(3).ran == 8);
  CHECK(marks_at(4).next == 0);  // the next step is a worker's, not a line running on the loop thread
  CHECK(marks_at(5).ran == 5);   // a worker's step for the request that line 5 made
  CHECK(marks_at(7).ran == 0);   // the loop waiting: no line of the program
  const ui::SourceMarks in_callback = marks_at(10);
  CHECK(in_callback.ran == 5);
  CHECK(in_callback.callback_of == 5);
  CHECK(in_callback.next == 6);  // onOpen's console.log
  CHECK(marks_at(11).ran == 6);
  CHECK(marks_at(11).callback_of == 5);
  CHECK(marks_at(12).callback_of == 0);  // onOpen has returned
}

TEST_CASE("ui source: the line that ran stays in view when the window shrinks") {
  SourceView sv(200);  // the last console.log is on line 208
  sv.cursor = 13;
  REQUIRE(ui::source_marks(sv.frame()).ran == 208);
  for (int i = 0; i < 3; ++i) sv.draw();
  CHECK(sv.row(208) != nullptr);
  // Smaller than the line's place on screen: the view scrolls again, with no new step.
  for (auto [w, h] : {std::pair{1280.0f, 720.0f}, std::pair{1280.0f, 400.0f}}) {
    CAPTURE(h);
    sv.imgui.resize(w, h);
    for (int i = 0; i < 3; ++i) sv.draw();
    CHECK(sv.row(208) != nullptr);
  }
}

TEST_CASE("ui source: the front matter is one folded row until it is clicked open") {
  SourceView sv;
  sv.draw();
  sv.draw();
  CHECK(lines_drawn(sv.panel) == std::vector<uint32_t>{1, 4, 5, 6, 7, 8});
  REQUIRE(sv.row(1));
  CHECK(sv.row(1)->folded);
  const ui::SourcePanel::Row fold = *sv.row(1);
  sv.click(ImVec2(fold.number_x1 + 40, (fold.y0 + fold.y1) / 2));
  CHECK(sv.panel.front_matter_open);
  CHECK(lines_drawn(sv.panel) == std::vector<uint32_t>{1, 2, 3, 4, 5, 6, 7, 8});
  CHECK_FALSE(sv.row(1)->folded);
}

TEST_CASE("ui source: a click on a line number sets a line breakpoint that run-to stops at, a second click clears it") {
  SourceView sv;
  sv.draw();
  sv.draw();
  REQUIRE(sv.row(5));
  const ui::SourcePanel::Row five = *sv.row(5);
  const ImVec2 number((five.number_x0 + five.number_x1) / 2, (five.y0 + five.y1) / 2);
  sv.click(number);
  REQUIRE(sv.panel.break_line == 5u);
  const std::optional<Breakpoint> bp = sv.panel.breakpoint();
  REQUIRE(bp);
  // A run to the breakpoint as the app does it: fold from the cursor, stop at the first match.
  const Recording& rec = sv.lesson.rec;
  auto run_to = [&](size_t cursor) {
    LoopState s = cursor ? rec.state_at(cursor - 1) : LoopState{};
    for (size_t i = cursor; i < rec.size(); ++i) {
      apply(s, rec[i]);
      if (bp->matches(rec[i], s, rec.info())) return i + 1;
    }
    return rec.size();
  };
  CHECK(run_to(0) == 1);    // fs.open's call
  CHECK(run_to(2) == 9);    // past line 8 and the worker's steps: the loop thread takes line 5's completion
  CHECK(run_to(9) == 10);   // onOpen starting: its request is line 5's
  CHECK(run_to(10) == 12);  // past line 6's console.log: onOpen returning
  CHECK(run_to(12) == rec.size());
  // The line alone matches every event that line made, on any thread.
  Breakpoint any_thread;
  any_thread.line = 5;
  CHECK(any_thread.matches(rec[4], rec.state_at(4), rec.info()));
  CHECK_FALSE(any_thread.matches(rec[2], rec.state_at(2), rec.info()));
  CHECK_FALSE(any_thread.matches(rec[6], rec.state_at(6), rec.info()));

  sv.click(number);
  CHECK_FALSE(sv.panel.break_line);
  CHECK_FALSE(sv.panel.breakpoint());
}

TEST_CASE("ui source: hovering a line lights the requests it made, and only those") {
  SourceView sv;
  sv.cursor = 4;
  sv.draw();
  sv.draw();
  REQUIRE(sv.row(8));
  const ui::SourcePanel::Row eight = *sv.row(8);
  ImGui::GetIO().MousePos = ImVec2(eight.number_x1 + 30, (eight.y0 + eight.y1) / 2);
  sv.draw();
  CHECK(sv.panel.hovered_line == 8);
  REQUIRE(sv.out.hover_line);
  CHECK(*sv.out.hover_line == 8);
  sv.view.hovered_line = *sv.out.hover_line;  // as the app applies the intent
  const ui::Frame f = sv.frame();
  CHECK(ui::request_lit(f, sv.view, 2));
  CHECK_FALSE(ui::request_lit(f, sv.view, 1));
  // A line that made no request lights nothing.
  REQUIRE(sv.row(4));
  ImGui::GetIO().MousePos = ImVec2(eight.number_x1 + 30, (sv.row(4)->y0 + sv.row(4)->y1) / 2);
  sv.draw();
  CHECK(sv.panel.hovered_line == 4);
  CHECK_FALSE(sv.out.hover_line);
}
