// `loopstep handout` as a teacher runs it (under xvfb-run): a real PNG per step, of the size
// asked, and one HTML page with each step's narration; bad input is a clear message and
// writes nothing. Skipped without xvfb-run.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/posix_support.h"
#include "tests/support.h"

using namespace loopstep;
namespace fs = std::filesystem;

namespace {

bool has_xvfb() { return test::sh("command -v xvfb-run >/dev/null 2>&1").status == 0; }

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string single_quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// loopstep's own exit code, not xvfb-run's: xvfb-run exits 5 when removing its temporary
// folder fails after the command ended (seen once in CI, on a run whose output was right).
test::Output run_loopstep(const std::string& args) {
  const std::string inner = "'" + std::string(LOOPSTEP_CLI) + "' " + args + " 2>&1; echo \"loopstep exit: $?\"";
  test::Output o = test::sh("xvfb-run -a -s '-screen 0 1280x1024x24' sh -c " + single_quoted(inner) + " 2>&1");
  const size_t at = o.out.rfind("loopstep exit: ");
  if (at == std::string::npos) {
    MESSAGE("xvfb-run did not run loopstep (status " << o.status << "): " << o.out);
    o.status = -2;
    return o;
  }
  o.status = std::stoi(o.out.substr(at + 15));
  o.out.erase(at);
  return o;
}

uint32_t big_endian(const std::string& s, size_t at) {
  return uint32_t(uint8_t(s[at])) << 24 | uint32_t(uint8_t(s[at + 1])) << 16 | uint32_t(uint8_t(s[at + 2])) << 8 | uint8_t(s[at + 3]);
}

// The text `loopstep run` prints for step N, after its fixed columns (trace_text.cpp: 71
// characters while the function's name fits its 32).
std::string trace_text(const std::string& trace, size_t step) {
  std::istringstream in(trace);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    size_t n = 0;
    if (!line.starts_with("#") && fields >> n && n == step && line.size() > 71) return line.substr(71);
  }
  return "";
}

}  // namespace

TEST_CASE("handout cli: a PNG per step and a page with each step's narration") {
  if (!has_xvfb()) {
    MESSAGE("skipped: xvfb-run is not installed");
    return;
  }
  const std::string lesson = test::source_path("scenarios/fs_open_iocp.toml");
  const fs::path out = fs::temp_directory_path() / ("moment_handout_cli_" + std::to_string(::getpid()));
  fs::remove_all(out);
  const test::Output o = run_loopstep("handout '" + lesson + "' --steps 3,12,26 --size 1200x800 --out '" + out.string() + "'");
  INFO(o.out);
  REQUIRE(o.status == 0);
  const test::Output trace = test::sh(std::string("'") + LOOPSTEP_CLI + "' run '" + lesson + "' --mode step");
  REQUIRE(trace.status == 0);
  const std::string html = read_all(out / "handout.html");
  for (size_t step : {3, 12, 26}) {
    CAPTURE(step);
    const std::string png = read_all(out / ("step-" + std::to_string(step) + ".png"));
    REQUIRE(png.size() > 33);
    CHECK(png.substr(0, 8) == "\x89PNG\r\n\x1a\n");
    CHECK(png.substr(12, 4) == "IHDR");
    CHECK(big_endian(png, 16) == 1200);
    CHECK(big_endian(png, 20) == 800);
    CHECK(html.find("<h2>Step " + std::to_string(step) + " · ") != std::string::npos);
    const std::string text = trace_text(trace.out, step);
    REQUIRE(text.size() > 10);
    CHECK(html.find(text.substr(1)) != std::string::npos);  // the page starts it with a capital
    CHECK(html.find("--step " + std::to_string(step) + "</p>") != std::string::npos);
  }
  CHECK(std::distance(fs::directory_iterator(out), fs::directory_iterator()) == 4);
  fs::remove_all(out);
}

TEST_CASE("handout cli: a bad step list, a step beyond the end, an unwritable folder: a message, nothing written") {
  if (!has_xvfb()) {
    MESSAGE("skipped: xvfb-run is not installed");
    return;
  }
  const std::string lesson = test::source_path("scenarios/fs_open_iocp.toml");
  const fs::path out = fs::temp_directory_path() / ("moment_handout_bad_" + std::to_string(::getpid()));
  fs::remove_all(out);
  test::Output o = run_loopstep("handout '" + lesson + "' --steps 3,,4 --out '" + out.string() + "'");
  CHECK(o.status == 2);
  CHECK(o.out.find("--steps: '3,,4': an empty step between commas") != std::string::npos);
  CHECK_FALSE(fs::exists(out));
  o = run_loopstep("handout '" + lesson + "' --steps 3,43 --out '" + out.string() + "'");
  CHECK(o.status == 1);
  CHECK(o.out.find("step 43 is beyond the end: the run has 42 steps; nothing was written") != std::string::npos);
  CHECK_FALSE(fs::exists(out));
  std::ofstream(out) << "a file, not a folder";
  o = run_loopstep("handout '" + lesson + "' --steps 3 --out '" + (out / "sub").string() + "'");
  CHECK(o.status == 1);
  CHECK(o.out.find("cannot write the handout to '" + (out / "sub").string() + "': Not a directory") != std::string::npos);
  fs::remove(out);
}
