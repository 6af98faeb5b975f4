// The whole UI drawn in an ImGui context without a window or GL (a built font atlas and a
// display size are enough): keys step forward and back, and what the panels read (the
// folded state at the cursor) agrees with the recording at every step.
#include <doctest/doctest.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "app/gui_app.h"
#include "tests/posix_support.h"
#include "tests/support.h"
#include "tests/ui_fixture.h"
#include "ui/timeline_model.h"

using namespace loopstep;

namespace {

using test::ImGuiFixture;

void check_state_agrees(GuiApp& app) {
  const Recording& rec = app.recording();
  const LoopState& s = app.state();
  CHECK(s.folded == app.cursor());
  if (app.cursor() == 0) return;
  const LoopState want = rec.state_at(app.cursor() - 1);
  CHECK(s.req_count == want.req_count);
  CHECK(s.phase == want.phase);
  CHECK(s.completion_queue == want.completion_queue);
  CHECK(s.work_queue == want.work_queue);
}

}  // namespace

TEST_CASE("ui app: opens paused at step 0 and draws every panel without a window") {
  ImGuiFixture im;
  GuiApp app(test::source_path("scenarios"));
  REQUIRE(app.open(test::source_path("scenarios/fs_open_iocp.toml")));
  im.frame(app);
  im.frame(app);
  CHECK(app.cursor() == 0);
  CHECK(app.recording().size() == 0);
  CHECK_FALSE(app.playing());
}

TEST_CASE("ui app: Right steps the engine, Left steps back in history, the state agrees") {
  ImGuiFixture im;
  GuiApp app(test::source_path("scenarios"));
  REQUIRE(app.open(test::source_path("scenarios/fs_open_iocp.toml")));
  im.frame(app);
  for (int i = 1; i <= 25; ++i) {
    im.frame(app, GLFW_KEY_RIGHT);
    CHECK(app.cursor() == size_t(i));
    CHECK(app.recording().size() == size_t(i));  // one step = one event
    check_state_agrees(app);
  }
  ui::TimelineModel model;
  model.update(app.recording());
  for (int i = 0; i < 10; ++i) {
    im.frame(app, GLFW_KEY_LEFT);
    check_state_agrees(app);
    CHECK(model.req_count_at(app.cursor()) == app.state().req_count);
  }
  CHECK(app.cursor() == 15);
  CHECK(app.recording().size() == 25);  // stepping back never changes the recording
  im.frame(app, GLFW_KEY_RIGHT);         // forward in history: the cursor only
  CHECK(app.cursor() == 16);
  CHECK(app.recording().size() == 25);
  im.frame(app, GLFW_KEY_END);
  CHECK(app.cursor() == 25);
  im.frame(app, GLFW_KEY_HOME);
  CHECK(app.cursor() == 0);
  check_state_agrees(app);
}

TEST_CASE("ui app: stepping to the end of the default scenario leaves req_count at 0") {
  ImGuiFixture im;
  GuiApp app(test::source_path("scenarios"));
  REQUIRE(app.open(test::source_path("scenarios/fs_open_iocp.toml")));
  app.step_forward(100000);
  im.frame(app);
  CHECK(app.state().exited);
  CHECK(app.state().req_count == 0);
  CHECK(app.cursor() == app.recording().size());
}

TEST_CASE("ui app: a scenario with an error keeps the current session") {
  ImGuiFixture im;
  GuiApp app(test::source_path("scenarios"));
  REQUIRE(app.open(test::source_path("scenarios/fs_open_iocp.toml")));
  app.step_forward(5);
  const std::string bad = test::source_path("tests/bad_scenarios");
  std::string bad_file;
  for (const auto& e : std::filesystem::directory_iterator(bad))
    if (e.path().extension() == ".toml") bad_file = e.path().string();
  REQUIRE(!bad_file.empty());
  CHECK_FALSE(app.open(bad_file));
  CHECK(app.last_error().find(':') != std::string::npos);  // file:line:column: message
  CHECK(app.cursor() == 5);
  im.frame(app);  // the modal shows
  CHECK(app.cursor() == 5);
}

TEST_CASE("ui app: a JS lesson with a syntax error keeps the JS session in progress") {
  if (test::sh("command -v node >/dev/null 2>&1").status != 0) return;  // JS lessons need node
  ImGuiFixture im;
  GuiApp app(test::source_path("scenarios"));
  REQUIRE_MESSAGE(app.open(test::source_path("scenarios/fs_open_iocp.js")), app.last_error());
  app.step_forward(7);
  char templ[] = "/tmp/loopstep-ui-broken-XXXXXX";
  REQUIRE(::mkdtemp(templ) != nullptr);
  const std::string broken = std::string(templ) + "/broken.js";
  std::ofstream(broken) << "const fs = require('fs');\nfs.stat('a.txt', (err) => {\n";
  CHECK_FALSE(app.open(broken));
  CHECK(app.last_error() == broken + ":3:1: SyntaxError: Unexpected end of input");
  CHECK(app.cursor() == 7);
  CHECK(app.recording().info().source_name == "fs_open_iocp.js");
  im.frame(app);  // the modal shows
  app.step_forward(1);
  CHECK(app.cursor() == 8);  // the session goes on
  std::filesystem::remove_all(templ);
}

TEST_CASE("ui app: a run to a breakpoint that never matches keeps the window responsive") {
  // A timer that re-arms itself forever: the breakpoint (req_count 5) never comes. Each frame
  // does a bounded slice of steps, so frames keep coming; Space stops it.
  const std::string path = "/tmp/loopstep_forever_" + std::to_string(::getpid()) + ".toml";
  {
    std::ofstream f(path);
    f << "title = \"forever\"\nteaches = \"t\"\n[[main]]\ncall = \"setTimeout\"\ncallback = \"again\"\n"
         "[[callbacks.again]]\ncall = \"setTimeout\"\ncallback = \"again\"\n";
  }
  ImGuiFixture im;
  GuiApp app(test::source_path("scenarios"));
  REQUIRE(app.open(path));
  im.frame(app);
  Breakpoint never;
  never.req_count = 5;
  app.run_to(never);
  CHECK(app.playing());
  size_t before = app.recording().size();
  for (int i = 0; i < 3; ++i) im.frame(app);
  CHECK(app.recording().size() > before);  // it made progress, a slice per frame,
  CHECK(app.playing());                    // and each frame returned long before the run's end
  CHECK(app.recording().size() < 100'000);
  im.frame(app, GLFW_KEY_SPACE);           // Space stops the run
  CHECK_FALSE(app.playing());
  size_t stopped = app.recording().size();
  im.frame(app);
  CHECK(app.recording().size() == stopped);
  std::remove(path.c_str());
}

namespace {

// The engine process this test started: a child of this process running `loopstep engine`.
pid_t engine_child() {
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream children(task.path() / "children");
    for (pid_t pid; children >> pid;) {
      std::ifstream cmdline("/proc/" + std::to_string(pid) + "/cmdline");
      std::string args((std::istreambuf_iterator<char>(cmdline)), std::istreambuf_iterator<char>());
      if (args.find(std::string("engine") + '\0') != std::string::npos) return pid;
    }
  }
  return -1;
}

}  // namespace

TEST_CASE("ui app: an engine process steps in the window, and when it dies the recording stays and the error shows") {
  ImGuiFixture im;
  GuiApp app(test::source_path("scenarios"), std::string(LOOPSTEP_CLI) + " engine");
  REQUIRE_MESSAGE(app.open(test::source_path("scenarios/fs_open_iocp.toml")), app.last_error());
  CHECK(app.window_title() == "loopstep: fs_open_iocp.toml, IOCP (emulated on Linux)");
  im.frame(app);
  CHECK(app.step_forward(9) == 9);
  CHECK(app.recording().size() == 9);
  CHECK(app.last_error().empty());
  const pid_t engine = engine_child();
  REQUIRE(engine > 0);
  REQUIRE(::kill(engine, SIGKILL) == 0);
  app.step_forward(1);
  // Nine events kept, then the limit event that says how the engine ended.
  REQUIRE(app.recording().size() == 10);
  CHECK(app.recording().back().kind == Kind::limit);
  // Which the app notices first depends on timing: its closed input, or its exit.
  INFO(app.last_error());
  CHECK((app.last_error().find("the engine process ended unexpectedly") != std::string::npos ||
         app.last_error().find("the engine process stopped reading its commands") != std::string::npos));
  CHECK(app.last_error().find("killed by signal 9") != std::string::npos);
  im.frame(app);  // the error modal draws
  CHECK(app.cursor() == 10);
  CHECK(app.step_forward(5) == 0);  // nothing is sent to a dead engine
  CHECK(app.recording().size() == 10);
}
