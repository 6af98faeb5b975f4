// The sandbox at run time: real files inside a per-run folder; escapes through symlinks fail
// with the kernel's errno and touch nothing outside (checked with a canary folder).
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/posix_support.h"
#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;
namespace fs = std::filesystem;

namespace {

Scenario from_text(const std::string& text) {
  ScenarioResult r = parse_scenario_text(text, "escape.toml");
  if (auto* e = std::get_if<ScenarioError>(&r)) FAIL(e->format());
  return std::get<Scenario>(std::move(r));
}

std::string escape_scenario(const Canary& c, const std::string& call, const std::string& path, const std::string& extra) {
  return "title = \"escape\"\nteaches = \"nothing leaves the sandbox\"\n"
         "[symlinks]\n\"abs\" = \"" + c.dir.string() + "\"\n\"rel\" = \"../../../../../../../.." + c.dir.string() + "\"\n"
         "\"file\" = \"" + (c.dir / "secret.txt").string() + "\"\n"
         "[[main]]\ncall = \"" + call + "\"\npath = \"" + path + "\"\nexpect_error = \"EXDEV\"\ncallback = \"cb\"\n" + extra +
         "[[callbacks.cb]]\ncall = \"console.log\"\nargs = [\"{err}\"]\n";
}

// Runs `sc` in Run and in Step mode: the console shows `lines`, the invariants hold and
// nothing outside the sandbox changed.
void check_in_both_modes(const Scenario& sc, const std::vector<std::string>& lines, const Canary& canary) {
  for (Mode m : {Mode::run, Mode::step}) {
    const int mode = static_cast<int>(m);  // 0 run, 1 step
    CAPTURE(mode);
    SessionOptions o;
    o.mode = m;
    auto r = run_scenario(sc, o);
    CHECK(console_lines(r.rec()) == lines);
    CHECK(check_invariants(r.rec()) == "");
    CHECK(canary.intact());
  }
}

}  // namespace

TEST_CASE("sandbox: symlinks that lead out are refused by the kernel, and nothing outside changes") {
  Canary canary;
  struct Attempt { const char* call; const char* path; const char* extra; };
  const Attempt attempts[] = {
      {"fs.open", "abs/secret.txt", ""},
      {"fs.open", "rel/secret.txt", ""},
      {"fs.open", "file", ""},
      {"fs.open", "abs/new.txt", "flags = \"w\"\n"},
      {"fs.open", "abs/secret.txt", "flags = \"w\"\n"},
      {"fs.stat", "abs/secret.txt", ""},
      {"fs.unlink", "abs/secret.txt", ""},
  };
  for (const Attempt& a : attempts) {
    CAPTURE(a.call);
    CAPTURE(a.path);
    CAPTURE(a.extra);
    check_in_both_modes(from_text(escape_scenario(canary, a.call, a.path, a.extra)), {"EXDEV"}, canary);
  }
}

TEST_CASE("sandbox: a one-name fs.stat answers for files and follows links beneath the folder, and refuses one that leads out") {
  // The one-syscall path (a single component, not followed) must give what the confined path gives.
  Canary canary;
  Scenario sc = from_text(
      "title = \"stat names\"\nteaches = \"t\"\n"
      "[files]\n\"f.txt\" = \"12345\"\n\"d/g.txt\" = \"123\"\n"
      "[symlinks]\n\"in\" = \"f.txt\"\n\"dir\" = \"d\"\n\"out\" = \"" + (canary.dir / "secret.txt").string() + "\"\n"
      "[[main]]\ncall = \"fs.stat\"\npath = \"f.txt\"\ncallback = \"a\"\n"
      "[[callbacks.a]]\ncall = \"console.log\"\nargs = [\"f.txt\", \"{result}\"]\n"
      "[[callbacks.a]]\ncall = \"fs.stat\"\npath = \"in\"\ncallback = \"b\"\n"
      "[[callbacks.b]]\ncall = \"console.log\"\nargs = [\"in\", \"{result}\"]\n"
      "[[callbacks.b]]\ncall = \"fs.stat\"\npath = \"missing\"\nexpect_error = \"ENOENT\"\ncallback = \"c\"\n"
      "[[callbacks.c]]\ncall = \"console.log\"\nargs = [\"missing\", \"{err}\"]\n"
      "[[callbacks.c]]\ncall = \"fs.stat\"\npath = \"out\"\nexpect_error = \"EXDEV\"\ncallback = \"e\"\n"
      "[[callbacks.e]]\ncall = \"console.log\"\nargs = [\"out\", \"{err}\"]\n"
      "[[callbacks.e]]\ncall = \"fs.stat\"\npath = \"dir\"\ncallback = \"f\"\n"
      "[[callbacks.f]]\ncall = \"console.log\"\nargs = [\"dir\", \"{err}\"]\n");
  check_in_both_modes(sc, {"f.txt 5", "in 5", "missing ENOENT", "out EXDEV", "dir null"}, canary);
}

TEST_CASE("sandbox: real files are created, written, read back and the folder is removed afterwards") {
  PrivateTmp tmp;
  Scenario sc = from_text(
      "title = \"rw\"\nteaches = \"t\"\n"
      "[[main]]\ncall = \"fs.open\"\npath = \"out.txt\"\nflags = \"w+\"\nsave_as = \"fd\"\ncallback = \"opened\"\n"
      "[[callbacks.opened]]\ncall = \"fs.write\"\nfd = \"fd\"\ndata = \"written for real\"\ncallback = \"wrote\"\n"
      "[[callbacks.wrote]]\ncall = \"fs.read\"\nfd = \"fd\"\nposition = 0\nlength = 7\ncallback = \"read\"\n"
      "[[callbacks.read]]\ncall = \"console.log\"\nargs = [\"{result}\", \"{data}\"]\n"
      "[[callbacks.read]]\ncall = \"fs.fstat\"\nfd = \"fd\"\ncallback = \"sized\"\n"
      "[[callbacks.sized]]\ncall = \"console.log\"\nargs = [\"size\", \"{result}\"]\n"
      "[[callbacks.sized]]\ncall = \"fs.close\"\nfd = \"fd\"\ncallback = \"closed\"\n"
      "[[callbacks.closed]]\ncall = \"fs.unlink\"\npath = \"out.txt\"\ncallback = \"gone\"\n"
      "[[callbacks.gone]]\ncall = \"console.log\"\nargs = [\"unlinked\", \"{err}\"]\n");
  for (BackendKind b : {BackendKind::epoll, BackendKind::iocp}) {
    SessionOptions o;
    o.backend = b;
    auto r = run_scenario(sc, o);
    CHECK(console_lines(r.rec()) == std::vector<std::string>{"7 written", "size 16", "unlinked null"});
    CHECK(check_invariants(r.rec()) == "");
  }
  CHECK(tmp.empty());
}

TEST_CASE("sandbox: closing a descriptor twice gives EBADF and never closes one of the engine's own") {
  Scenario sc = from_text(
      "title = \"twice\"\nteaches = \"t\"\n[files]\n\"a.txt\" = \"x\"\n"
      "[[main]]\ncall = \"fs.open\"\npath = \"a.txt\"\nsave_as = \"fd\"\ncallback = \"opened\"\n"
      "[[callbacks.opened]]\ncall = \"fs.close\"\nfd = \"fd\"\ncallback = \"once\"\n"
      "[[callbacks.once]]\ncall = \"fs.close\"\nfd = \"fd\"\nexpect_error = \"EBADF\"\ncallback = \"twice\"\n"
      "[[callbacks.twice]]\ncall = \"console.log\"\nargs = [\"{err}\"]\n"
      "[[callbacks.twice]]\ncall = \"fs.stat\"\npath = \"a.txt\"\ncallback = \"still\"\n"
      "[[callbacks.still]]\ncall = \"console.log\"\nargs = [\"loop still works\", \"{err}\"]\n");
  for (WorkerModel w : {WorkerModel::pool, WorkerModel::per_request}) {
    SessionOptions o;
    o.workers = w;
    auto r = run_scenario(sc, o);
    CHECK(console_lines(r.rec()) == std::vector<std::string>{"EBADF", "loop still works null"});
    CHECK(check_invariants(r.rec()) == "");
  }
}
