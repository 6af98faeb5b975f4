// The Compare view in an ImGui context without a window: View -> Compare runs the open lesson
// twice, Right steps both runs together through the lockstep positions, a replay refuses.
#include <doctest/doctest.h>

#include "app/gui_app.h"
#include "tests/support.h"
#include "tests/ui_fixture.h"

using namespace loopstep;

TEST_CASE("ui compare: Right steps both runs together; both stand on each moment at once") {
  test::ImGuiFixture im;
  GuiApp app(test::source_path("scenarios"));
  REQUIRE(app.open(test::source_path("scenarios/fs_open_iocp.toml")));
  REQUIRE(app.open_compare("backend=epoll", "backend=iocp"));
  CHECK(app.comparing());
  CHECK(app.compare_positions() == 45);
  im.frame(app);
  for (int i = 1; i <= 5; ++i) {
    im.frame(app, GLFW_KEY_RIGHT);
    CHECK(app.compare_position() == size_t(i));
  }
  im.frame(app, GLFW_KEY_LEFT);
  CHECK(app.compare_position() == 4);
  im.frame(app, GLFW_KEY_END);
  CHECK(app.compare_position() == 44);
  im.frame(app, GLFW_KEY_RIGHT);  // the end: both runs have finished
  CHECK(app.compare_position() == 44);
  im.frame(app, GLFW_KEY_HOME);
  CHECK(app.compare_position() == 0);
  CHECK(app.cursor() == 0);  // the lesson's own run waits where it was
}

TEST_CASE("ui compare: a replay holds one run and cannot be compared") {
  test::ImGuiFixture im;
  GuiApp app(test::source_path("scenarios"));
  REQUIRE(app.open(test::source_path("tests/data/js_recording.jsonl")));
  CHECK_FALSE(app.open_compare("backend=epoll", "backend=iocp"));
  CHECK(app.last_error() == "Compare runs the lesson twice: open a lesson, not a recording");
  CHECK_FALSE(app.comparing());
}

TEST_CASE("ui compare: every comparison the View menu offers runs on a bundled lesson and draws") {
  test::ImGuiFixture im;
  for (const ui::CompareChoice& c : ui::kCompareChoices) {
    CAPTURE(c.title);
    GuiApp app(test::source_path("scenarios"));
    REQUIRE(app.open(test::source_path("scenarios/pool_saturation.toml")));
    REQUIRE(app.open_compare(c.a, c.b));
    app.compare_go_to(app.compare_positions() / 2);
    im.frame(app);
    im.frame(app);
    CHECK(app.compare_position() == app.compare_positions() / 2);
  }
}
