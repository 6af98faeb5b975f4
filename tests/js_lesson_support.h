// Helpers shared by the JS lesson tests (js_lesson_test, js_escape_test, js_pbkdf2_test):
// a private folder for a test's lessons, loading a lesson or failing with its error, the
// session options of each mode, and what the recording shows of a run.
#pragma once
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "core/node/lesson_check.h"
#include "tests/posix_support.h"
#include "tests/support.h"

namespace loopstep::test {

namespace fs = std::filesystem;

inline bool has_node() { return sh("command -v node >/dev/null 2>&1").status == 0; }

// A fresh folder for one test's lessons; removed with everything in it.
struct TempDir {
  fs::path dir;
  TempDir() {
    char templ[] = "/tmp/jslesson-test-XXXXXX";
    char* d = ::mkdtemp(templ);
    REQUIRE(d != nullptr);
    dir = d;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  fs::path write(const std::string& name, const std::string& text) const {
    fs::path p = dir / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
};

inline Scenario must_load(const fs::path& p) {
  ScenarioResult r = load_lesson(p.string());
  if (auto* e = std::get_if<ScenarioError>(&r)) FAIL(e->format());
  return std::get<Scenario>(std::move(r));
}

inline SessionOptions step(ReleasePolicy p) {
  SessionOptions o;
  o.mode = Mode::step;
  o.policy = p;
  return o;
}

inline SessionOptions run_mode() {
  SessionOptions o;
  o.mode = Mode::run;
  return o;
}

inline std::string fn_of(const Recording& rec, const Event& e) { return std::string(rec.info().strings.str(e.fn)); }

// The exit code the run's js_exit event carries, if node ended the program itself.
inline std::optional<int64_t> js_exit_value(const Recording& rec) {
  std::optional<int64_t> v;
  for (const Event& e : rec.events())
    if (e.kind == Kind::js_exit) v = e.value;
  return v;
}

inline std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (auto& x : v) s += x + "\n";
  return s;
}

}  // namespace loopstep::test
