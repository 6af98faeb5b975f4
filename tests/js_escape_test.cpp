// JS lessons against escapes: the escape corpus through the bridge leaves the canary folder
// untouched, and the CLI's exit codes for a JS lesson that ends badly or cannot run.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "tests/js_lesson_support.h"

using namespace loopstep;
using namespace loopstep::test;
namespace fs = std::filesystem;

namespace {
// The canary folder's state: each entry's name, content and mtime.
std::string canary_state(const fs::path& dir) {
  std::ostringstream out;
  std::map<std::string, fs::path> entries;
  for (auto& f : fs::directory_iterator(dir)) entries[f.path().filename().string()] = f.path();
  for (auto& [name, path] : entries) {
    struct stat st {};
    ::lstat(path.c_str(), &st);
    out << name << " " << st.st_mode << " " << st.st_size << " " << st.st_mtim.tv_sec << "." << st.st_mtim.tv_nsec << "\n";
    if (S_ISREG(st.st_mode)) {
      std::ifstream in(path, std::ios::binary);
      out << in.rdbuf() << "\n";
    }
  }
  return out.str();
}
}  // namespace

TEST_CASE("js lesson: the escape corpus through the bridge escapes nothing") {
  if (!has_node()) return;
  const fs::path canary = "/tmp/loopstep-canary";  // the corpus's default CANARY_DIR
  bool made = false;
  if (!fs::exists(canary)) {
    fs::create_directory(canary);
    std::ofstream(canary / "secret.txt") << "the canary's secret\n";
    made = true;
  }
  const std::string before = canary_state(canary);
  std::vector<fs::path> files;
  for (auto& f : fs::directory_iterator(source_path("tests/escape")))
    if (f.path().extension() == ".js") files.push_back(f.path());
  std::sort(files.begin(), files.end());
  CHECK(files.size() >= 19);
  for (const fs::path& f : files) {
    CAPTURE(f.filename().string());
    Session s(must_load(f), run_mode());
    s.start();
    s.run_to_end();
    const auto lines = console_lines(s.recording());
    CAPTURE(joined(lines));
    CAPTURE(s.recording().info().js_error);
    // Each program prints its verdict, or dies at a require() the bridge refuses
    // (child_process, dgram, module, worker_threads): both are refusals.
    const std::string& err = s.recording().info().js_error;
    CHECK((lines.size() == 1 || err.find("loopstep does not model require(") != std::string::npos));
    for (const std::string& l : lines) {
      // Through the bridge the cwd is the lesson's own sandbox, where fs.writeFileSync is an
      // ordinary lesson operation (the file lands in loopstep's temporary folder, removed with
      // it): 03's "write in the cwd" succeeds by design. Every other attempt must fail.
      if (f.filename() == "03_write_anywhere.js") CHECK((!l.starts_with("ESCAPED") || l == "ESCAPED write in the cwd"));
      // A lesson's server is the engine's own socket on an ephemeral loopback port, reachable
      // only from the run itself (a connect to any other port is EACCES): 10's listen works.
      else if (f.filename() == "10_tcp_listen.js") CHECK((!l.starts_with("ESCAPED") || l == "ESCAPED net listen"));
      else CHECK_FALSE(l.starts_with("ESCAPED"));
    }
    CHECK(canary_state(canary) == before);
    CHECK_FALSE(fs::exists(f.parent_path() / "escape.txt"));  // the lesson's real folder is untouched
  }
  for (auto& e : fs::directory_iterator(fs::temp_directory_path()))
    CHECK_FALSE(e.path().filename().string().starts_with("loopstep-escape-"));
  if (made) fs::remove_all(canary);
}

// ---------------------------------------------------------------- 8. CLI

TEST_CASE("js lesson cli: an uncaught exception exits 1 with the stack on stderr") {
  if (!has_node()) return;
  TempDir tmp;
  fs::path p = tmp.write("lesson.js", "console.log('hi');\nthrow new Error('boom');\n");
  const std::string cli = std::string("'") + LOOPSTEP_CLI + "'";
  Output o = sh(cli + " run '" + p.string() + "' 2>'" + (tmp.dir / "err").string() + "' >/dev/null");
  CHECK(o.status == 1);
  std::ifstream in(tmp.dir / "err");
  std::stringstream err;
  err << in.rdbuf();
  CHECK(err.str().find("Error: boom") != std::string::npos);
  CHECK(err.str().find("lesson.js:2") != std::string::npos);
}

TEST_CASE("js lesson cli: --engine-cmd refuses a JS lesson with exit code 2") {
  if (!has_node()) return;
  TempDir tmp;
  fs::path p = tmp.write("lesson.js", "console.log('hi');\n");
  const std::string cli = std::string("'") + LOOPSTEP_CLI + "'";
  Output o = sh(cli + " run --engine-cmd X '" + p.string() + "' 2>&1");
  CHECK(o.status == 2);
  CHECK(o.out.find("TOML lessons only") != std::string::npos);
}

// ---------------------------------------------------------------- 9. crypto.pbkdf2
