// The bug hunt in the window: a planted bug is named in the title and the panels, hunt's
// recording opens on the step that broke the invariant, and the session survives it.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>

#include "app/gui_app.h"
#include "core/hunt/explorer.h"
#include "core/trace/recording_file.h"
#include "tests/support.h"
#include "tests/ui_fixture.h"

using namespace loopstep;
namespace fs = std::filesystem;

TEST_CASE("ui bug hunt: hunt's recording opens at the broken invariant, and stepping back leaves it") {
  const HuntResult r = hunt(test::load_scenario("scenarios/bug_lost_wakeup.toml"), HuntOptions{});
  REQUIRE(r.found);
  const fs::path file = fs::temp_directory_path() / ("ui_hunt_" + std::to_string(::getpid()) + ".jsonl");
  Moment m;
  m.step = r.run->recording().size();
  REQUIRE(save_recording(file.string(), r.run->recording(), m) == "");

  test::ImGuiFixture im;
  GuiApp app(test::source_path("scenarios"));
  REQUIRE(app.open(file.string()));
  im.frame(app);
  CHECK(app.cursor() == m.step);
  CHECK(app.window_title() == "loopstep: " + file.filename().string() + ", epoll + eventfd (real, Linux), replay, planted bug: lost_wakeup");
  CHECK(app.state().invariant == static_cast<uint8_t>(Invariant::never_called_back));
  CHECK(app.state().invariant_step == m.step);
  im.frame(app, GLFW_KEY_LEFT);
  CHECK(app.cursor() == m.step - 1);
  CHECK(app.state().invariant == 0);
  im.frame(app, GLFW_KEY_END);
  CHECK(app.cursor() == m.step);
  fs::remove(file);
}

TEST_CASE("ui bug hunt: a live bug lesson names its planted bug and, on the default policy, ends cleanly") {
  test::ImGuiFixture im;
  GuiApp app(test::source_path("scenarios"));
  REQUIRE(app.open(test::source_path("scenarios/bug_double_take.toml")));
  im.frame(app);
  CHECK(app.window_title() == "loopstep: bug_double_take.toml, epoll + eventfd (real, Linux), planted bug: double_take");
  app.go_to_step(100000);
  im.frame(app);
  CHECK(app.state().exited);
  CHECK(app.state().invariant == 0);
  CHECK(app.last_error() == "");
}
