// The default layout in the headless UI: every panel inside the window and below the menu
// bar from 1280x720 to 2560x1440, laid out again when the window changes size, until the
// user moves a panel (then it is only kept inside).
#include <doctest/doctest.h>
#include <imgui_internal.h>  // ImGui::FindWindowByName

#include <cfloat>
#include <span>

#include "tests/support.h"
#include "tests/ui_fixture.h"

using namespace loopstep;

namespace {

const char* const kPanels[] = {"Controls", "Loop state", "Call chain", "Narration", "Requests", "Queues", "Console", "Timeline"};
const char* const kPresenterPanels[] = {"Loop state", "Narration", "Queues", "Console", "Timeline"};

ImRect rect_of(const char* name) {
  ImGuiWindow* w = ImGui::FindWindowByName(name);
  REQUIRE_MESSAGE(w, name);
  return w->Rect();
}

// Every panel drawn, inside the display, none over the menu bar; the menu bar on top of the
// screen. Returns the panels' union, to see that they fill the window.
ImRect check_inside(std::span<const char* const> panels) {
  const ImVec2 d = ImGui::GetIO().DisplaySize;
  const ImRect menu = rect_of("##MainMenuBar");
  CHECK(menu.Min.y == 0);
  CHECK(menu.GetHeight() > 0);
  ImRect all(FLT_MAX, FLT_MAX, -FLT_MAX, -FLT_MAX);
  for (const char* name : panels) {
    INFO(name << " at " << d.x << "x" << d.y);
    ImGuiWindow* w = ImGui::FindWindowByName(name);
    REQUIRE(w);
    CHECK(w->Active);
    const ImRect r = w->Rect();
    CHECK(r.Min.x >= 0);
    CHECK(r.Min.y >= menu.Max.y);  // the menu bar is never covered
    CHECK(r.Max.x <= d.x);
    CHECK(r.Max.y <= d.y);
    all.Add(r);
  }
  return all;
}

}  // namespace

TEST_CASE("ui layout: at 1280x720, 1600x1000 and 2560x1440 every panel is inside the window, below the menu bar") {
  for (const ImVec2 size : {ImVec2(1280, 720), ImVec2(1600, 1000), ImVec2(2560, 1440)}) {
    test::ImGuiFixture im(size.x, size.y);
    GuiApp app(test::source_path("scenarios"));
    REQUIRE(app.open(test::source_path("scenarios/pool_saturation.toml")));
    app.step_forward(60);
    im.draw(app);
    im.draw(app);
    const ImRect all = check_inside(kPanels);
    CHECK(all.Max.x == size.x);  // the panels fill the window: nothing empty at the right
    CHECK(all.Max.y == size.y);
  }
}

TEST_CASE("ui layout: presenter mode keeps its panels inside the window, below the menu bar") {
  for (const ImVec2 size : {ImVec2(1280, 720), ImVec2(1600, 1000)}) {
    test::ImGuiFixture im(size.x, size.y);
    GuiApp app(test::source_path("scenarios"));
    REQUIRE(app.open(test::source_path("scenarios/fs_open_iocp.toml")));
    app.step_forward(27);
    im.frame(app, GLFW_KEY_F5);
    im.draw(app);
    REQUIRE(app.view.presenter);
    check_inside(kPresenterPanels);
  }
}

TEST_CASE("ui layout: the default layout follows the window size until the user moves a panel") {
  test::ImGuiFixture im(1600, 1000);
  GuiApp app(test::source_path("scenarios"));
  REQUIRE(app.open(test::source_path("scenarios/fs_open_iocp.toml")));
  im.draw(app);
  im.resize(1280, 720);
  im.draw(app);
  im.draw(app);
  CHECK(check_inside(kPanels).Max.x == 1280);
  im.resize(2560, 1440);
  im.draw(app);
  im.draw(app);
  CHECK(check_inside(kPanels).Max.x == 2560);
  CHECK(rect_of("Timeline").GetWidth() == 2560);
  // The user drags Queues: from now on resizing keeps it where it is, only inside the window.
  ImGui::NewFrame();
  ImGui::SetWindowPos("Queues", ImVec2(1800, 700));
  app.frame(1.0 / 60);
  ImGui::Render();
  im.draw(app);
  CHECK(app.view.layout.user_arranged);
  CHECK(rect_of("Queues").Min.x == 1800);
  im.resize(1280, 720);
  im.draw(app);
  im.draw(app);
  check_inside(kPanels);
  CHECK(rect_of("Queues").Max.x == 1280);  // pushed back inside, not laid out again
  CHECK(rect_of("Timeline").GetWidth() == 1280);  // wider than the window: shrunk to fit
}
