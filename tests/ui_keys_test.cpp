// Keys in the headless UI as the window's key callback delivers them: every press counts,
// F8 runs to the breakpoint set in Controls, Home brings the timeline back to step 0.
#include <doctest/doctest.h>

#include "tests/support.h"
#include "tests/ui_fixture.h"

using namespace loopstep;

TEST_CASE("ui keys: five presses of Right inside one frame take five steps") {
  test::ImGuiFixture im;
  GuiApp app(test::source_path("scenarios"));
  REQUIRE(app.open(test::source_path("scenarios/fs_open_iocp.toml")));
  im.frame(app);
  im.press(app, {GLFW_KEY_RIGHT, GLFW_KEY_RIGHT, GLFW_KEY_RIGHT, GLFW_KEY_RIGHT, GLFW_KEY_RIGHT});
  CHECK(app.cursor() == 5);
  CHECK(app.recording().size() == 5);
  im.press(app, {GLFW_KEY_LEFT, GLFW_KEY_LEFT, GLFW_KEY_LEFT});
  CHECK(app.cursor() == 2);
  // A held key's auto-repeats step too; a toggle ignores them.
  app.key_pressed(ui::KeyPress{GLFW_KEY_RIGHT, false, true});
  app.key_pressed(ui::KeyPress{GLFW_KEY_SPACE, false, true});
  im.draw(app);
  CHECK(app.cursor() == 3);
  CHECK_FALSE(app.playing());
}

TEST_CASE("ui keys: F8 runs to the breakpoint set in Controls") {
  test::ImGuiFixture im;
  GuiApp app(test::source_path("scenarios"));
  REQUIRE(app.open(test::source_path("scenarios/fs_open_iocp.toml")));
  im.frame(app);
  im.frame(app, GLFW_KEY_F8);  // the default breakpoint: the first completion_take
  for (int i = 0; i < 1000 && app.playing(); ++i) im.draw(app);
  CHECK_FALSE(app.playing());
  REQUIRE(app.cursor() > 0);
  CHECK(app.recording()[app.cursor() - 1].kind == Kind::completion_take);
  for (size_t i = 0; i + 1 < app.cursor(); ++i) CHECK(app.recording()[i].kind != Kind::completion_take);
}

TEST_CASE("ui keys: Home goes to step 0 and scrolls the timeline back to it") {
  test::ImGuiFixture im;
  GuiApp app(test::source_path("scenarios"));
  REQUIRE(app.open(test::source_path("scenarios/pool_saturation.toml")));
  im.frame(app);
  for (int i = 0; i < 80; ++i) im.frame(app, GLFW_KEY_RIGHT);  // the view follows the cursor
  REQUIRE(app.cursor() == 80);
  CHECK(app.timeline().view().x_min > 10);
  im.frame(app, GLFW_KEY_HOME);
  CHECK(app.cursor() == 0);
  CHECK(app.timeline().view().x_min == 0);
}
