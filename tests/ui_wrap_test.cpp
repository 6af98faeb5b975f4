// Narration lines (issue 11.11): wrapped at spaces only, so names stay whole, and the request
// tag on its own line keeps the explanation and the teacher's note in the panel.
#include <doctest/doctest.h>

#include "tests/support.h"
#include "tests/ui_fixture.h"
#include "ui/ui_common.h"

using namespace loopstep;

namespace {

// Wrap inside a frame: CalcTextSize needs the font of a frame in progress.
std::vector<std::string> wrap(test::ImGuiFixture&, std::string_view text, float width_chars) {
  ImGui::NewFrame();
  const float w = ImGui::CalcTextSize("x").x * width_chars;
  std::vector<std::string> lines = ui::wrap_lines(text, w);
  for (const std::string& l : lines) CHECK(ImGui::CalcTextSize(l.c_str()).x <= w);
  ImGui::EndFrame();
  return lines;
}

}  // namespace

TEST_CASE("ui wrap: lines break at spaces, never inside fs.open or 'missing.txt'") {
  test::ImGuiFixture im;
  const std::string text = "the script calls fs.open on 'missing.txt', and uv_fs_open posts the request.";
  for (float width = 15; width <= 60; width += 1) {  // 15: the longest word, "'missing.txt',", fits
    INFO("width " << width);
    const std::vector<std::string> lines = wrap(im, text, width);
    std::string joined;
    for (const std::string& l : lines) {
      CHECK_FALSE(l.ends_with("fs."));
      CHECK_FALSE(l.ends_with("'missing."));
      CHECK_FALSE(l.starts_with("open"));
      CHECK_FALSE(l.starts_with("txt'"));
      joined += (joined.empty() ? "" : " ") + l;
    }
    CHECK(joined == text);  // nothing lost or added
  }
}

TEST_CASE("ui wrap: a word longer than the line is cut, and newlines break") {
  test::ImGuiFixture im;
  const std::vector<std::string> lines = wrap(im, std::string(50, 'x') + "\nshort", 20);
  REQUIRE(lines.size() >= 3);
  CHECK(lines.back() == "short");
  size_t xs = 0;
  for (size_t i = 0; i + 1 < lines.size(); ++i) xs += lines[i].size();
  CHECK(xs == 50);
}

TEST_CASE("ui wrap: the request tag in a narrow panel wraps by words, not a character a line") {
  test::ImGuiFixture im;
  const std::vector<std::string> tag = wrap(im, "[req 1 fs.open 1.txt]", 12);
  CHECK(tag == std::vector<std::string>{"[req 1", "fs.open", "1.txt]"});
}
