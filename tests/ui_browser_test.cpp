// The file browser (Ctrl+O) in the headless UI: navigating folders several levels deep and
// back, outside the repository, from the keyboard, and the bundled lessons by title.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/trace/trace_io.h"
#include "tests/support.h"
#include "tests/ui_fixture.h"

using namespace loopstep;
namespace fs = std::filesystem;

namespace {

// A folder tree under $TMPDIR (outside the repository), removed at the end; the test runs
// with it as the current folder, where the browser starts.
struct TempTree {
  fs::path root = fs::temp_directory_path() / ("loopstep_browser_" + std::to_string(::getpid()));
  fs::path old_cwd = fs::current_path();
  TempTree() {
    fs::remove_all(root);
    fs::create_directories(root / "one/two/three");
    fs::create_directories(root / "other/deeper");
    fs::copy_file(test::source_path("scenarios/fs_open_iocp.toml"), root / "one/two/three/lesson.toml");
    fs::current_path(root / "one");
  }
  ~TempTree() {
    fs::current_path(old_cwd);
    fs::remove_all(root);
  }
};

// The app on the default lesson, in the headless UI, with the temporary tree as its folder.
struct BrowserSession {
  TempTree tree;
  test::ImGuiFixture im;
  GuiApp app{test::source_path("scenarios")};
  BrowserSession() { REQUIRE(app.open(test::source_path("scenarios/fs_open_iocp.toml"))); }
};

// Presses Down until the row labelled `label` is selected, then Enter.
void enter_row(test::ImGuiFixture& im, GuiApp& app, const std::string& label) {
  const std::vector<std::string> rows = app.browser().row_labels();
  const auto it = std::find(rows.begin(), rows.end(), label);
  REQUIRE_MESSAGE(it != rows.end(), label);
  const size_t want = size_t(it - rows.begin());
  REQUIRE(app.browser().selected() <= want);
  while (app.browser().selected() < want) im.frame(app, GLFW_KEY_DOWN);
  im.frame(app, GLFW_KEY_ENTER);
}

}  // namespace

TEST_CASE("ui browser: folders several levels deep and back, outside the repository, from the keyboard") {
  BrowserSession b;
  auto& [tree, im, app] = b;
  im.frame(app);
  im.frame(app, GLFW_KEY_O, true);  // Ctrl+O
  REQUIRE(app.browser().is_open());
  CHECK(app.browser().folder() == tree.root / "one");
  enter_row(im, app, "two/");
  CHECK(app.browser().folder() == tree.root / "one/two");
  enter_row(im, app, "three/");
  CHECK(app.browser().folder() == tree.root / "one/two/three");
  for (int i = 0; i < 3; ++i) im.frame(app, GLFW_KEY_BACKSPACE);  // up three levels
  CHECK(app.browser().folder() == tree.root);
  enter_row(im, app, "other/");
  enter_row(im, app, "deeper/");
  CHECK(app.browser().folder() == tree.root / "other/deeper");
  enter_row(im, app, "../");
  enter_row(im, app, "../");
  CHECK(app.browser().folder() == tree.root);
  enter_row(im, app, "one/");
  enter_row(im, app, "two/");
  enter_row(im, app, "three/");
  enter_row(im, app, "lesson.toml");  // a file: it opens, the browser closes
  im.frame(app);
  CHECK_FALSE(app.browser().is_open());
  CHECK(app.window_title() == "loopstep: lesson.toml, IOCP (emulated on Linux)");
  CHECK(app.cursor() == 0);
}

TEST_CASE("ui browser: the bundled lessons are listed first, by title") {
  BrowserSession b;
  auto& [tree, im, app] = b;
  im.frame(app, GLFW_KEY_O, true);
  const std::vector<std::string> rows = app.browser().row_labels();
  REQUIRE(rows.size() >= 3);
  CHECK(std::find(rows.begin(), rows.end(), "fs.open on Windows: the completion port   (fs_open_iocp.toml)") != rows.end());
  // A lesson's JS twin is listed beside it, by file name: .js before .toml.
  CHECK(rows.front() == "Bug hunt: the completion taken twice (JavaScript)   (bug_double_take.js)");
  CHECK(rows[1] == "Bug hunt: the completion taken twice   (bug_double_take.toml)");
  // Home selects the first bundled lesson; Enter opens it.
  im.frame(app, GLFW_KEY_HOME);
  im.frame(app, GLFW_KEY_ENTER);
  im.frame(app);
  CHECK_FALSE(app.browser().is_open());
  CHECK(app.window_title() == "loopstep: bug_double_take.js, epoll + eventfd (real, Linux), planted bug: double_take");
}

TEST_CASE("ui browser: quick taps inside one frame each count (Down x6, Enter)") {
  BrowserSession b;
  auto& [tree, im, app] = b;
  im.frame(app, GLFW_KEY_O, true);
  REQUIRE(app.browser().is_open());
  CHECK(app.browser().selected() == 0);
  // Past the four bug-hunt lessons (bug_*) and error_enoent's two files.
  im.press(app, {GLFW_KEY_DOWN, GLFW_KEY_DOWN, GLFW_KEY_DOWN, GLFW_KEY_DOWN, GLFW_KEY_DOWN, GLFW_KEY_DOWN, GLFW_KEY_ENTER});
  im.draw(app);
  CHECK_FALSE(app.browser().is_open());
  CHECK(app.window_title() == "loopstep: fs_open_iocp.js, IOCP (emulated on Linux)");
}

TEST_CASE("ui browser: saving an opened recording proposes a new name, never the recording's own") {
  BrowserSession b;
  auto& [tree, im, app] = b;
  // Ctrl+S on a lesson offers its name in the folder shown (the current one, here one/).
  im.frame(app, GLFW_KEY_S, true);
  REQUIRE(app.browser().is_open());
  CHECK(app.browser().file_name() == "fs_open_iocp.jsonl");
  im.frame(app, GLFW_KEY_ESCAPE);
  // That recording saved there and opened: Ctrl+S offers the next free name, not its own.
  const fs::path saved = tree.root / "one/fs_open_iocp.jsonl";
  {
    std::ofstream out(saved);
    write_jsonl(out, test::run_scenario(test::load_scenario("scenarios/fs_open_iocp.toml"), SessionOptions{}).rec());
  }
  REQUIRE(app.open(saved.string()));
  im.frame(app, GLFW_KEY_S, true);
  CHECK(app.browser().file_name() == "fs_open_iocp-2.jsonl");
  im.frame(app, GLFW_KEY_ESCAPE);
  std::ofstream(tree.root / "one/fs_open_iocp-2.jsonl") << "";
  im.frame(app, GLFW_KEY_S, true);
  CHECK(app.browser().file_name() == "fs_open_iocp-3.jsonl");
  im.frame(app, GLFW_KEY_ESCAPE);
  im.frame(app, GLFW_KEY_E, true);
  CHECK(app.browser().file_name() == "fs_open_iocp.trace.json");
}
