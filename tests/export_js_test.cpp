// export_js: the generated Node program compiles for every bundled scenario, and its
// statements are the calls the engine models, with the engine's arguments.
#include <doctest/doctest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

#include "core/scenario/export_js.h"
#include "tests/support.h"

namespace fs = std::filesystem;
using namespace loopstep;
using loopstep::test::parse_body;

namespace {

const fs::path kSourceDir = LOOPSTEP_SOURCE_DIR;

bool node_available() { return std::system("node --version > /dev/null 2>&1") == 0; }

Scenario bundled(const std::string& name) {
  ScenarioResult r = parse_scenario_file((kSourceDir / "scenarios" / name).string());
  if (auto* e = std::get_if<ScenarioError>(&r)) FAIL(e->format());
  return std::get<Scenario>(r);
}

fs::path write_program(const Scenario& s, const std::string& stem) {
  // ctest runs test cases in parallel: each program gets its own file.
  static int counter = 0;
  fs::path js = fs::temp_directory_path() /
                ("loopstep_export_" + stem + "_" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + ".js");
  std::ofstream(js) << export_js(s);
  return js;
}

// stdout of a shell command, and its exit status.
std::pair<std::string, int> run(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), &pclose);
  REQUIRE(pipe);
  std::string out;
  std::array<char, 4096> buf;
  while (size_t n = std::fread(buf.data(), 1, buf.size(), pipe.get())) out.append(buf.data(), n);
  return {out, pclose(pipe.release())};
}

}  // namespace

TEST_CASE("export_js: every bundled scenario becomes a program node --check accepts") {
  if (!node_available()) {
    MESSAGE("node is not installed: skipping the node --check of exported programs");
    return;
  }
  for (const auto& entry : fs::directory_iterator(kSourceDir / "scenarios")) {
    if (entry.path().extension() != ".toml") continue;
    INFO(entry.path().string());
    fs::path js = write_program(bundled(entry.path().filename().string()), entry.path().stem().string());
    // Not a structured binding: doctest's INFO captures it in a lambda, which clang 14 refuses.
    const auto result = run("node --check '" + js.string() + "' 2>&1");
    const std::string& out = result.first;
    const int status = result.second;
    fs::remove(js);
    INFO(out);
    CHECK(status == 0);
  }
}

TEST_CASE("export_js: article 000's fs.open is the article's call with its onOpen") {
  std::string js = export_js(bundled("fs_open_iocp.toml"));
  CHECK(js.starts_with("'use strict';\n"));
  CHECK(js.find("const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'loopstep-'));\n") != std::string::npos);
  CHECK(js.find("fs.writeFileSync(path.join(sandbox, '1.txt'), 'hello\\n');\n") != std::string::npos);
  CHECK(js.find("// The main script.\n"
                "fs.open('1.txt', 'r', 0o644, onOpen);\n"
                "\n"
                "function onOpen(err, result, data) {\n"
                "  console.log('Result: ', result);\n"
                "}\n") != std::string::npos);
}

TEST_CASE("export_js: the exported error scenario prints what the engine prints") {
  if (!node_available()) {
    MESSAGE("node is not installed: skipping the run of an exported program");
    return;
  }
  fs::path js = write_program(bundled("error_enoent.toml"), "error_enoent");
  const auto result = run("node '" + js.string() + "'");
  const std::string& out = result.first;
  const int status = result.second;
  fs::remove(js);
  CHECK(status == 0);
  CHECK(out == "err: ENOENT\n");
}

TEST_CASE("export_js: fs.open with save_as sets the variable before the callback runs") {
  std::string js = export_js(parse_body(
      "[[main]]\ncall = \"fs.open\"\npath = \"n\"\nflags = \"w\"\nmode = 0o600\nsave_as = \"fd\"\ncallback = \"cb\"\n"
      "[callbacks]\ncb = []\n"));
  CHECK(js.find("let fd;\n") != std::string::npos);
  CHECK(js.find("fs.open('n', 'w', 0o600, (err, result) => { fd = result; cb(err, result); });\n") != std::string::npos);
}

TEST_CASE("export_js: fs callbacks get what Node passes, a Stats reduced to its size and the buffer read to its text") {
  std::string js = export_js(parse_body(
      "[[main]]\ncall = \"fs.open\"\npath = \"n\"\nflags = \"w+\"\nsave_as = \"fd\"\ncallback = \"cb\"\n"
      "[[callbacks.cb]]\ncall = \"fs.write\"\nfd = \"fd\"\ndata = \"it's\"\nposition = 0\ncallback = \"done\"\n"
      "[[callbacks.cb]]\ncall = \"fs.read\"\nfd = \"fd\"\nlength = 4\ncallback = \"done\"\n"
      "[[callbacks.cb]]\ncall = \"fs.fstat\"\nfd = \"fd\"\ncallback = \"done\"\n"
      "[[callbacks.cb]]\ncall = \"fs.close\"\nfd = \"fd\"\ncallback = \"done\"\n"
      "[callbacks]\ndone = []\n"));
  CHECK(js.find("  fs.write(fd, 'it\\'s', 0, done);\n") != std::string::npos);
  CHECK(js.find("  fs.read(fd, Buffer.alloc(4), 0, 4, null, (err, result, data) => "
                "done(err, result, data.toString('utf8', 0, result)));\n") != std::string::npos);
  CHECK(js.find("  fs.fstat(fd, (err, result) => done(err, result ? result.size : undefined));\n") != std::string::npos);
  CHECK(js.find("  fs.close(fd, done);\n") != std::string::npos);
}

TEST_CASE("export_js: console.log placeholders become values or template literals") {
  std::string js = export_js(parse_body(
      "[[main]]\ncall = \"setImmediate\"\ncallback = \"cb\"\n"
      "[[callbacks.cb]]\ncall = \"console.log\"\nargs = [\"{err}\", \"{data}\", \"n=`{result}` ${\", \"a\\\\b\"]\n"));
  CHECK(js.find("  console.log((err ? err.code : err), data, `n=\\`${result}\\` \\${`, 'a\\\\b');\n") != std::string::npos);
}

TEST_CASE("export_js: queue calls pass their callback nothing, as Node does") {
  std::string js = export_js(parse_body(
      "[[main]]\ncall = \"setTimeout\"\ndelay_ms = 5\ncallback = \"cb\"\n"
      "[[main]]\ncall = \"process.nextTick\"\ncallback = \"cb\"\n"
      "[[main]]\ncall = \"Promise.then\"\ncallback = \"cb\"\n"
      "[callbacks]\ncb = []\n"));
  CHECK(js.find("setTimeout(cb, 5);\nprocess.nextTick(cb);\nPromise.resolve().then(cb);\n") !=
        std::string::npos);
}

TEST_CASE("export_js: injected latency and pool work say what Node cannot mirror") {
  std::string js = export_js(parse_body(
      "pool_size = 2\n[files]\n\"a\" = \"\"\n"
      "[[main]]\ncall = \"fs.stat\"\npath = \"a\"\nlatency_ms = 50\ncallback = \"cb\"\n"
      "[[main]]\ncall = \"pool.work\"\nwork_ms = 10\ncallback = \"cb\"\n"
      "[callbacks]\ncb = []\n"));
  CHECK(js.find("process.env.UV_THREADPOOL_SIZE = '2';\n") != std::string::npos);
  CHECK(js.find("// latency_ms = 50: the engine injects it before the syscall; Node has no equivalent, so none here.\n"
                "fs.stat('a', ") != std::string::npos);
  CHECK(js.find("crypto.pbkdf2('loopstep', 'salt', 50000, 32, 'sha256', (err) => cb(err));\n") != std::string::npos);
}

TEST_CASE("export_js: nested sandbox files get their folder first") {
  std::string js = export_js(parse_body("[files]\n\"d/e/f.txt\" = \"x\"\n[symlinks]\n\"d/link\" = \"/etc/passwd\"\n"
                                    "[[main]]\ncall = \"console.log\"\nargs = []\n"));
  CHECK(js.find("fs.mkdirSync(path.join(sandbox, 'd/e'), { recursive: true });\n"
                "fs.writeFileSync(path.join(sandbox, 'd/e/f.txt'), 'x');\n") != std::string::npos);
  CHECK(js.find("fs.mkdirSync(path.join(sandbox, 'd'), { recursive: true });\n") == std::string::npos);  // no link made there
}
