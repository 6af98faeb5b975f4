// A moment handed out: `loopstep FILE --step N` and `screenshot --steps N` open at the N-th
// event, the line numbered N in `loopstep run`'s trace; a saved recording reopens at its
// cursor, timeline view, selection and what-if switches; recordings without them still load.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "app/gui_app.h"
#include "core/story/step_story.h"
#include "core/trace/recording_file.h"
#include "tests/posix_support.h"
#include "tests/support.h"
#include "tests/ui_fixture.h"

using namespace loopstep;
namespace fs = std::filesystem;

namespace {

using test::ImGuiFixture;

fs::path temp_path(const std::string& name) {
  return fs::temp_directory_path() / ("moment_" + std::to_string(::getpid()) + "_" + name);
}

// Line N of `loopstep run FILE --mode step`: "    26  T1     kernel   PostQueued... what happens".
std::string trace_line(const std::string& lesson, size_t step) {
  const test::Output o = test::sh(std::string("'") + LOOPSTEP_CLI + "' run '" + test::source_path(lesson) + "' --mode step");
  REQUIRE(o.status == 0);
  std::istringstream in(o.out);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("#")) continue;
    std::istringstream fields(line);
    size_t n = 0;
    if (fields >> n && n == step) return line;
  }
  FAIL("no line for step " << step);
  return "";
}

}  // namespace

TEST_CASE("moment: --step N opens at the event the CLI's trace numbers N, as screenshot --steps N does") {
  ImGuiFixture im;
  for (size_t step : {size_t(1), size_t(12), size_t(26), size_t(42)}) {
    CAPTURE(step);
    GuiApp window(test::source_path("scenarios"));
    MomentArgs given;  // what `loopstep FILE --step N` and `screenshot FILE --steps N` both fill
    given.step = int(step);
    REQUIRE(window.open(test::source_path("scenarios/fs_open_iocp.toml"), open_at(given)));
    im.frame(window);
    CHECK(window.cursor() == step);
    const StepStory story = step_story(window.recording(), window.cursor(), window.notes());
    CHECK(story.heading.starts_with("Step " + std::to_string(step) + " · "));
    // The trace's text for step N is the text the window narrates at its step N.
    const std::string line = trace_line("scenarios/fs_open_iocp.toml", step);
    CHECK(line.ends_with("  " + story.what));
  }
}

TEST_CASE("moment: --step beyond the end stops at the last step") {
  ImGuiFixture im;
  GuiApp app(test::source_path("scenarios"));
  OpenAt at;
  at.step = 5000;
  REQUIRE(app.open(test::source_path("scenarios/fs_open_iocp.toml"), at));
  CHECK(app.cursor() == 42);
  CHECK(app.cursor() == app.recording().size());
}

TEST_CASE("moment: a saved recording reopens at its step, view, selection and what-if switches") {
  ImGuiFixture im;
  const fs::path path = temp_path("saved.jsonl");
  Moment saved;
  std::string command;
  {
    GuiApp app(test::source_path("scenarios"));
    OpenAt at;
    at.backend = BackendKind::epoll;  // the lesson says iocp
    at.pool_size = 4;                 // the lesson's own: not a what-if
    at.step = 30;
    REQUIRE(app.open(test::source_path("scenarios/fs_open_iocp.toml"), at));
    app.view.selected_seq = 11;
    app.view.real_time_axis = false;
    im.frame(app);
    im.frame(app);
    saved = app.moment();
    command = app.command_for_moment();
    REQUIRE(save_recording(path.string(), app.recording(), saved) == "");
  }
  CHECK(saved.step == 30);
  CHECK(saved.backend == BackendKind::epoll);
  CHECK_FALSE(saved.workers);
  CHECK_FALSE(saved.pool_size);
  CHECK(saved.view_to > saved.view_from);
  CHECK(command == "loopstep " + test::source_path("scenarios/fs_open_iocp.toml") + " --backend epoll --step 30");

  GuiApp again(test::source_path("scenarios"));
  REQUIRE(again.open(path.string()));
  CHECK(again.cursor() == 30);
  CHECK(again.view.selected_seq == uint64_t(11));
  REQUIRE(again.recording().moment);
  CHECK(again.recording().moment->backend == BackendKind::epoll);
  im.frame(again);
  CHECK(again.timeline().view().x_min == doctest::Approx(saved.view_from));
  CHECK(again.timeline().view().x_max == doctest::Approx(saved.view_to));
  // A replay's command opens the recording, which already holds the epoll run.
  CHECK(again.command_for_moment() == "loopstep " + path.string() + " --step 30");
  // --step on the command line wins over the saved moment.
  OpenAt at;
  at.step = 3;
  REQUIRE(again.open(path.string(), at));
  CHECK(again.cursor() == 3);
  fs::remove(path);
}

TEST_CASE("moment: a recording saved before moments existed opens at step 0") {
  ImGuiFixture im;
  GuiApp app(test::source_path("scenarios"));
  REQUIRE(app.open(test::source_path("tests/data/js_recording.jsonl")));
  CHECK_FALSE(app.recording().moment);
  CHECK(app.cursor() == 0);
  CHECK(app.recording().size() > 0);
}

TEST_CASE("moment: a recording refuses what-if switches: it replays what was recorded") {
  ImGuiFixture im;
  GuiApp app(test::source_path("scenarios"));
  OpenAt at;
  at.backend = BackendKind::epoll;
  CHECK_FALSE(app.open(test::source_path("tests/data/js_recording.jsonl"), at));
  CHECK(app.last_error().find("do not apply to a recording") != std::string::npos);
}

TEST_CASE("moment: the command for a path with spaces and quotes quotes it for the shell") {
  ImGuiFixture im;
  const fs::path dir = temp_path("it's here");
  fs::create_directories(dir);
  fs::copy_file(test::source_path("scenarios/fs_open_iocp.toml"), dir / "a lesson.toml", fs::copy_options::overwrite_existing);
  GuiApp app(test::source_path("scenarios"));
  OpenAt at;
  at.step = 2;
  REQUIRE(app.open((dir / "a lesson.toml").string(), at));
  const std::string tmp = fs::temp_directory_path().string();
  CHECK(app.command_for_moment() ==
        "loopstep '" + tmp + "/moment_" + std::to_string(::getpid()) + "_it'\\''s here/a lesson.toml' --step 2");
  fs::remove_all(dir);
}

TEST_CASE("moment: Copy command for this moment puts the command on the clipboard") {
  ImGuiFixture im;
  GuiApp app(test::source_path("scenarios"));
  OpenAt at;
  at.step = 26;
  at.workers = WorkerModel::pool;
  REQUIRE(app.open(test::source_path("scenarios/fs_open_iocp.toml"), at));
  im.frame(app);
  app.copy_command();
  const std::string want = "loopstep " + test::source_path("scenarios/fs_open_iocp.toml") + " --workers pool --step 26";
  CHECK(app.command_for_moment() == want);
  REQUIRE(ImGui::GetClipboardText() != nullptr);
  CHECK(std::string(ImGui::GetClipboardText()) == want);
}
