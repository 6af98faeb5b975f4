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

TEST_CASE("ui layout: a remembered arrangement of a TOML lesson does not hide a JS lesson's panel") {
  // What imgui.ini keeps after a TOML lesson at 1600x1000: Controls in the top left corner,
  // where a JS lesson puts its Source panel.
  const char* ini =
      "[Window][Controls]\nPos=0,22\nSize=352,548\nCollapsed=0\n\n"
      "[Window][Loop state]\nPos=352,22\nSize=320,303\nCollapsed=0\n\n"
      "[Window][Narration]\nPos=672,22\nSize=512,303\nCollapsed=0\n\n"
      "[Window][Timeline]\nPos=0,570\nSize=1600,430\nCollapsed=0\n";
  const char* const js_panels[] = {"Source", "Controls", "Loop state", "Call chain", "Narration",
                                   "Requests", "Timeline", "Queues", "Console"};
  test::ImGuiFixture im(1600, 1000);
  ImGui::LoadIniSettingsFromMemory(ini);
  GuiApp app(test::source_path("scenarios"));
  REQUIRE(app.open(test::source_path("scenarios/fs_open_iocp.js")));
  im.draw(app);
  im.draw(app);
  im.draw(app);
  check_inside(js_panels);
  for (size_t i = 0; i < std::size(js_panels); ++i)
    for (size_t j = i + 1; j < std::size(js_panels); ++j) {
      INFO(js_panels[i] << " and " << js_panels[j]);
      ImRect both = rect_of(js_panels[i]);
      both.ClipWithFull(rect_of(js_panels[j]));
      CHECK((both.GetWidth() <= 1 || both.GetHeight() <= 1));
    }
  CHECK(rect_of("Source").Min.x == 0);
  CHECK(rect_of("Controls").Min.x > rect_of("Source").Min.x);
  CHECK_FALSE(app.view.layout.user_arranged);
}

TEST_CASE("ui layout: a remembered panel on top of another is laid out again") {
  test::ImGuiFixture im(1600, 1000);
  ImGui::LoadIniSettingsFromMemory("[Window][Queues]\nPos=100,650\nSize=300,200\nCollapsed=0\n");  // over the timeline
  GuiApp app(test::source_path("scenarios"));
  REQUIRE(app.open(test::source_path("scenarios/fs_open_iocp.toml")));
  im.draw(app);
  im.draw(app);
  CHECK(rect_of("Queues").Min.x == 1184);  // its default place, at the right
  CHECK_FALSE(app.view.layout.user_arranged);
}

TEST_CASE("ui layout: a remembered arrangement that hides nothing is kept") {
  test::ImGuiFixture im(1600, 1000);
  ImGui::LoadIniSettingsFromMemory("[Window][Queues]\nPos=1200,40\nSize=380,260\nCollapsed=0\n");
  GuiApp app(test::source_path("scenarios"));
  REQUIRE(app.open(test::source_path("scenarios/fs_open_iocp.toml")));
  im.draw(app);
  im.draw(app);
  CHECK(rect_of("Queues").Min.x == 1200);
  CHECK(rect_of("Queues").GetWidth() == 380);
  CHECK(app.view.layout.user_arranged);
}
