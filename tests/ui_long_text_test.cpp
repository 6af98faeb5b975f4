// Dear ImGui's 16-bit vertex index (issue 13.2): the longest title, teaches, note, console
// line and path a scenario may have, and a recording whose header fields are megabytes long,
// are drawn in the headless UI at every step without "Too many vertices" aborting the app.
#include <doctest/doctest.h>
#include <imgui.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/trace/recording_file.h"
#include "tests/support.h"
#include "tests/ui_fixture.h"
#include "ui/ui_common.h"

using namespace loopstep;

namespace {

std::string temp_file(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("loopstep_long_" + std::to_string(::getpid()) + "_" + name)).string();
}

// Steps through the whole run, drawing every panel at each step.
void draw_every_step(test::ImGuiFixture& im, GuiApp& app) {
  im.draw(app);
  while (app.step_forward(1) == 1) im.draw(app);
  im.frame(app, GLFW_KEY_HOME);
  CHECK(app.cursor() == 0);
}

}  // namespace

TEST_CASE("ui long text: Debian's Dear ImGui uses 16-bit vertex indices, so every drawn text is bounded") {
  CHECK(sizeof(ImDrawIdx) == 2);  // IMGUI_CHECKVERSION in the window compares it with the library's
  const std::string s(100'000, 'x');
  CHECK(ui::shown_text(s).size() < ui::kShownBytes + 64);
  CHECK(ui::shown_text(s).ends_with("... (98000 more bytes not shown)"));
  // Cut on a character boundary: never inside a UTF-8 sequence.
  std::string accents;
  for (int i = 0; i < 2000; ++i) accents += "\xc3\xa9";  // é
  const std::string cut = ui::shown_text(accents, 1001);
  CHECK(cut.starts_with(accents.substr(0, 1000) + "..."));
  CHECK(ui::shown_text("short") == "short");
}

TEST_CASE("ui long text: the longest title, teaches, note, console line and path draw without aborting") {
  // 4 MiB is the scenario file limit: almost a megabyte each.
  const std::string big(900'000, 'T');
  std::string component(250, 'p');
  const std::string path = component + "/" + component + "/" + component + "/" + component.substr(0, 200);
  const std::string file = temp_file("scenario.toml");
  {
    std::ofstream f(file);
    f << "title = \"" << big << "\"\nteaches = \"" << big << "\"\nbackend = \"iocp\"\nworkers = \"per-request\"\n"
      << "[[main]]\ncall = \"fs.open\"\npath = \"" << path << "\"\nflags = \"r\"\nexpect_error = \"ENOENT\"\n"
      << "callback = \"onOpen\"\n[[callbacks.onOpen]]\ncall = \"console.log\"\nargs = [\"" << big << "\"]\n"
      << "[[notes]]\nat = \"callback_begin\"\ntext = \"" << big << "\"\n";
  }
  test::ImGuiFixture im;
  GuiApp app(test::source_path("scenarios"));
  REQUIRE_MESSAGE(app.open(file), app.last_error());
  draw_every_step(im, app);
  CHECK(app.recording().size() > 20);
  std::remove(file.c_str());
}

TEST_CASE("ui long text: a recording with megabyte header fields draws without aborting") {
  // A real recording, its header's title and backend label made 2 MB long.
  const std::string rec = temp_file("recording.jsonl");
  {
    const test::RunResult run = test::run_scenario(test::load_scenario("scenarios/fs_open_iocp.toml"), SessionOptions{});
    REQUIRE(save_recording(rec, run.rec()).empty());
  }
  std::ifstream in(rec);
  std::stringstream whole;
  whole << in.rdbuf();
  std::istringstream lines(whole.str());
  std::string header, rest, line;
  std::getline(lines, header);
  while (std::getline(lines, line)) rest += line + "\n";
  const std::string big(2'000'000, 'H');
  for (const char* key : {"\"title\":\"", "\"backend_label\":\""}) {
    const size_t at = header.find(key);
    REQUIRE_MESSAGE(at != std::string::npos, key);
    header.insert(at + std::strlen(key), big);
  }
  std::ofstream(rec) << header << "\n" << rest;
  test::ImGuiFixture im;
  GuiApp app(test::source_path("scenarios"));
  REQUIRE_MESSAGE(app.open(rec), app.last_error());
  draw_every_step(im, app);
  CHECK(app.recording().size() > 20);
  std::remove(rec.c_str());
}
