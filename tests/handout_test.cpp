// The handout: its step list, its page (each step's heading, picture and narration) and its
// files, written all at once or not at all.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/story/handout.h"
#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir(const std::string& name) {
  return fs::temp_directory_path() / ("moment_handout_" + std::to_string(::getpid()) + "_" + name);
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("handout: a step list is numbers separated by commas, in the order given") {
  auto ok = parse_step_list("3,12,26");
  REQUIRE(std::holds_alternative<std::vector<size_t>>(ok));
  CHECK(std::get<std::vector<size_t>>(ok) == std::vector<size_t>{3, 12, 26});
  CHECK(std::get<std::vector<size_t>>(parse_step_list("26,0")) == std::vector<size_t>{26, 0});
  const std::pair<const char*, const char*> bad[] = {
      {"", "--steps: '': no steps; expected step numbers separated by commas, e.g. 3,12,26"},
      {"3,,4", "--steps: '3,,4': an empty step between commas"},
      {"3,", "--steps: '3,': an empty step between commas"},
      {"3,x", "--steps: '3,x': 'x' is not a step number (0, 1, 2 ...)"},
      {"-1", "--steps: '-1': '-1' is not a step number (0, 1, 2 ...)"},
      {"3, 4", "--steps: '3, 4': ' 4' is not a step number (0, 1, 2 ...)"},
      {"99999999999999999999999", "--steps: '99999999999999999999999': '99999999999999999999999' is not a step number (0, 1, 2 ...)"},
      {"12,3,12", "--steps: '12,3,12': step 12 is listed twice"},
  };
  for (const auto& [given, message] : bad) {
    const std::string text = given;  // doctest's CAPTURE cannot capture a structured binding (clang 14)
    CAPTURE(text);
    auto r = parse_step_list(text);
    REQUIRE(std::holds_alternative<std::string>(r));
    CHECK(std::get<std::string>(r) == message);
  }
}

TEST_CASE("handout: the page holds each step's heading, picture and narration, nothing outside it") {
  SessionOptions o;
  o.mode = Mode::step;
  const Scenario sc = load_scenario("scenarios/fs_open_iocp.toml");
  auto r = run_scenario(sc, o);
  std::vector<HandoutStep> steps;
  for (size_t step : {size_t(26), size_t(3)})
    steps.push_back({step_story(r.rec(), step, &sc.notes), handout_picture_name(step), "\x89PNG fake <&>", "loopstep x --step " + std::to_string(step)});
  const std::string html = handout_html(r.rec().info(), "fs_open_iocp.toml", steps);
  CHECK(html.starts_with("<!DOCTYPE html>"));
  CHECK(html.find("<h1>fs.open on Windows: the completion port</h1>") != std::string::npos);
  const size_t s26 = html.find("<h2>Step 26 · kernel · thread 1</h2>"), s3 = html.find("<h2>Step 3 · libuv · the loop thread</h2>");
  REQUIRE(s26 != std::string::npos);
  REQUIRE(s3 != std::string::npos);
  CHECK(s26 < s3);  // in the order the teacher listed them
  CHECK(html.find("<p class=\"what\">PostQueuedCompletionStatus: packet for request #1 queued on the port (depth 1)</p>") != std::string::npos);
  CHECK(html.find("<p class=\"what\">The loop enters the main script phase</p>") != std::string::npos);
  CHECK(html.find(steps[0].story.why) != std::string::npos);
  CHECK(html.find("<strong>Teacher's note.</strong> The file is open: the thread calls PostQueuedCompletionStatus") != std::string::npos);
  CHECK(html.find("<p class=\"command\">Open this moment: loopstep x --step 26</p>") != std::string::npos);
  // Pictures are inside the page; no address reaches outside it.
  CHECK(html.find("data:image/png;base64,iVBORyBmYWtlIDwmPg==") != std::string::npos);
  CHECK(html.find("src=\"http") == std::string::npos);
  CHECK(html.find("href=") == std::string::npos);
}

TEST_CASE("handout: files are written all at once into a new or existing folder") {
  const fs::path dir = temp_dir("ok") / "deeper";
  REQUIRE(write_all_or_nothing(dir.string(), {{"a.png", std::string("\x89PNG\0x", 6)}, {"handout.html", "<html>"}}) == "");
  CHECK(read_all(dir / "a.png") == std::string("\x89PNG\0x", 6));
  CHECK(read_all(dir / "handout.html") == "<html>");
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 2);  // no staging folder left
  REQUIRE(write_all_or_nothing(dir.string(), {{"handout.html", "<html>2"}}) == "");  // a second handout replaces it
  CHECK(read_all(dir / "handout.html") == "<html>2");
  fs::remove_all(temp_dir("ok"));
}

TEST_CASE("handout: an unwritable folder is a clear message and nothing is written") {
  const fs::path file = temp_dir("plain_file");
  std::ofstream(file) << "x";
  const std::string under = (file / "out").string();
  CHECK(write_all_or_nothing(under, {{"handout.html", "<html>"}}) == "cannot write the handout to '" + under + "': Not a directory");
  CHECK_FALSE(fs::exists(file / "out"));
  // A file name that cannot be made (a folder of that name in the way) leaves nothing behind.
  const fs::path dir = temp_dir("blocked");
  REQUIRE(write_all_or_nothing(dir.string(), {{"x", ""}}) == "");
  fs::remove(dir / "x");
  fs::create_directories(dir / "in_the_way" / "sub");
  const std::string err = write_all_or_nothing(dir.string(), {{"a.png", "png"}, {"in_the_way", "html"}});
  CHECK(err.starts_with("cannot write the handout to '" + dir.string() + "': renaming in_the_way into place: "));
  CHECK_FALSE(fs::exists(dir / "a.png"));
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);  // only what was there
  fs::remove_all(dir);
  fs::remove(file);
}
