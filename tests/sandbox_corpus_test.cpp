// Sandbox escape corpus (issue 5): `..` chains, absolute paths, very long paths, NUL bytes
// and non-UTF-8 names are refused by the parser (exit 1 in the CLI, no sandbox created);
// symlink races during a run are refused by the kernel. In every case a canary folder
// outside the sandbox is not created in, read, changed or removed.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <thread>

#include "tests/posix_support.h"
#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;
namespace fs = std::filesystem;

namespace {

const std::string kHeader = "title = \"escape\"\nteaches = \"nothing leaves the sandbox\"\n";

// `loopstep run` on `text` with a private TMPDIR: must exit 1 with `file:line:col: message`,
// create no sandbox and leave the canary as it was.
void refused_by_cli(const std::string& text, const std::string& where_and_message, const Canary& canary) {
  PrivateTmp tmp;
  const fs::path file = tmp.dir.parent_path() / ("loopstep-corpus-" + std::to_string(::getpid()) + ".toml");
  std::ofstream(file, std::ios::binary) << text;
  Output o = sh("'" + std::string(LOOPSTEP_CLI) + "' run '" + file.string() + "' 2>&1");
  fs::remove(file);
  CHECK(o.status == 1);
  CHECK(o.out == file.string() + ":" + where_and_message + "\n");
  CHECK(tmp.empty());
  CHECK(canary.intact());
}

std::string open_statement(const std::string& toml_path, const std::string& flags) {
  return "[[main]]\ncall = \"fs.open\"\npath = " + toml_path + "\nflags = \"" + flags + "\"\ncallback = \"cb\"\n[callbacks]\ncb = []\n";
}

}  // namespace

TEST_CASE("sandbox corpus: '..' chains and absolute paths are refused by the parser, in statements, [files] and [symlinks]") {
  Canary canary;
  const std::string c = canary.dir.string();
  struct Case { std::string text, expect; };
  const std::string dotdot = "' escapes the sandbox: it has a '..' component";
  const std::string absolute = "' escapes the sandbox: it is absolute; write it relative to the sandbox";
  const std::string chain = "a/b/c/../../../../../../../../.." + c + "/secret.txt";
  const Case cases[] = {
      {kHeader + open_statement("\"../secret.txt\"", "r"), "5:8: path '../secret.txt" + dotdot},
      {kHeader + open_statement("\"a/../../x\"", "w"), "5:8: path 'a/../../x" + dotdot},
      {kHeader + open_statement("\"" + chain + "\"", "w"), "5:8: path " + quote(chain) + " escapes the sandbox: it has a '..' component"},
      {kHeader + open_statement("\"..\"", "r"), "5:8: path '.." + dotdot},
      {kHeader + open_statement("\"a/..\"", "r"), "5:8: path 'a/.." + dotdot},
      {kHeader + open_statement("\"" + c + "/new.txt\"", "w"), "5:8: path '" + c + "/new.txt" + absolute},
      {kHeader + open_statement("\"//etc/passwd\"", "r"), "5:8: path '//etc/passwd" + absolute},
      {kHeader + "[files]\n\"../escaped.txt\" = \"x\"\n" + open_statement("\"a\"", "w"), "4:1: path '../escaped.txt" + dotdot},
      {kHeader + "[files]\n\"" + c + "/secret.txt\" = \"overwritten\"\n" + open_statement("\"a\"", "w"),
       "4:1: path '" + c + "/secret.txt" + absolute},
      {kHeader + "[symlinks]\n\"../link\" = \"/etc\"\n" + open_statement("\"a\"", "w"), "4:1: path '../link" + dotdot},
      {kHeader + "[[main]]\ncall = \"fs.unlink\"\npath = \"x/../../" + c.substr(1) + "/secret.txt\"\ncallback = \"cb\"\n[callbacks]\ncb = []\n",
       "5:8: path 'x/../../" + c.substr(1) + "/secret.txt" + dotdot},
      {kHeader + "[[main]]\ncall = \"fs.stat\"\npath = \"" + c + "\"\ncallback = \"cb\"\n[callbacks]\ncb = []\n", "5:8: path '" + c + absolute},
  };
  for (const Case& k : cases) {
    CAPTURE(k.text);
    refused_by_cli(k.text, k.expect, canary);
  }
}

TEST_CASE("sandbox corpus: very long paths are refused by the parser (255 bytes a component, 1024 in all)") {
  Canary canary;
  const std::string long_name(256, 'n');
  refused_by_cli(kHeader + open_statement("\"" + long_name + "\"", "w"),
                 "5:8: path '" + std::string(80, 'n') + "...' has a component of 256 bytes; the limit is 255", canary);
  std::string deep;
  while (deep.size() <= 1024) deep += std::string(200, 'd') + "/";
  deep += "f";
  refused_by_cli(kHeader + open_statement("\"" + deep + "\"", "w"),
                 "5:8: path '" + std::string(80, 'd') + "...' is " + std::to_string(deep.size()) + " bytes; the limit is 1024", canary);
  refused_by_cli(kHeader + "[files]\n\"" + deep + "\" = \"x\"\n" + open_statement("\"a\"", "w"),
                 "4:1: path '" + std::string(80, 'd') + "...' is " + std::to_string(deep.size()) + " bytes; the limit is 1024", canary);
}

TEST_CASE("sandbox corpus: a symlink target of 4096 bytes or more is refused by the parser, before any sandbox exists") {
  // symlink(2) would fail with ENAMETOOLONG after [files] were created, and the half-made
  // sandbox folder would stay behind (Sandbox's constructor throws without cleaning up).
  Canary canary;
  const std::string target = canary.dir.string() + "/" + std::string(4096 - canary.dir.string().size() - 1, 'x');
  REQUIRE(target.size() == 4096);
  refused_by_cli(kHeader + "[files]\n\"a.txt\" = \"x\"\n[symlinks]\n\"l\" = \"" + target + "\"\n" + open_statement("\"a\"", "w"),
                 "6:7: symlink target '" + target.substr(0, 80) + "...' is 4096 bytes; the limit is 4095", canary);
}

TEST_CASE("sandbox corpus: a path at the length limits works inside the sandbox and nowhere else") {
  Canary canary;
  PrivateTmp tmp;
  // 3 components of 255 bytes, one of 254, "e" and 4 slashes = 1024 bytes: the longest allowed.
  const std::string deep = std::string(255, 'a') + "/" + std::string(255, 'b') + "/" + std::string(255, 'c') + "/" +
                           std::string(254, 'd') + "/e";
  REQUIRE(deep.size() == 1024);
  ScenarioResult r = parse_scenario_text(kHeader + "[files]\n\"" + deep + "\" = \"long\"\n" +
                                             "[[main]]\ncall = \"fs.stat\"\npath = \"" + deep + "\"\ncallback = \"cb\"\n"
                                             "[[callbacks.cb]]\ncall = \"console.log\"\nargs = [\"{err}\", \"{result}\"]\n",
                                         "long.toml");
  if (auto* e = std::get_if<ScenarioError>(&r)) FAIL(e->format());
  auto run = run_scenario(std::get<Scenario>(r), SessionOptions{});
  CHECK(console_lines(run.rec()) == std::vector<std::string>{"null 4"});
  CHECK(check_invariants(run.rec()) == "");
  run.session.reset();
  CHECK(tmp.empty());
  CHECK(canary.intact());
}

TEST_CASE("sandbox corpus: NUL bytes in paths, keys and symlink targets are refused by the parser") {
  Canary canary;
  refused_by_cli(kHeader + open_statement("\"a\\u0000/../../x\"", "w"), "5:8: path 'a\\u0000/../../x' contains a NUL byte", canary);
  refused_by_cli(kHeader + "[files]\n\"ok.txt\\u0000.." + canary.dir.string() + "\" = \"x\"\n" + open_statement("\"a\"", "w"),
                 "4:1: path 'ok.txt\\u0000.." + canary.dir.string() + "' contains a NUL byte", canary);
  refused_by_cli(kHeader + "[symlinks]\n\"l\" = \"" + canary.dir.string() + "\\u0000\"\n" + open_statement("\"a\"", "w"),
                 "4:7: symlink target '" + canary.dir.string() + "\\u0000' must be non-empty and without NUL", canary);
  // A raw NUL byte: the file is refused as binary before it is parsed.
  refused_by_cli(kHeader + open_statement(std::string("\"a") + '\0' + "b\"", "w"),
                 "5:10: the file contains a NUL byte: it looks binary, not a TOML scenario", canary);
}

TEST_CASE("sandbox corpus: non-UTF-8 names are refused by the parser, overlong encodings of '/' and '.' too") {
  Canary canary;
  refused_by_cli(kHeader + open_statement("\"caf\xe9.txt\"", "w"), "5:11: invalid TOML: Encountered invalid utf-8 sequence", canary);
  // Overlong "/" (C0 AF) and "." (C0 AE): a decoder that accepted them would let ".." through.
  refused_by_cli(kHeader + open_statement("\"\xc0\xae\xc0\xae\xc0\xaf" + canary.dir.filename().string() + "\"", "w"),
                 "5:8: invalid TOML: Encountered invalid utf-8 sequence", canary);
  refused_by_cli(kHeader + open_statement("\"\xff\xfe\"", "w"), "5:8: invalid TOML: Encountered invalid utf-8 sequence", canary);
  // A lone surrogate is not a Unicode scalar value, escaped or not. (toml++ reports the
  // position where it noticed the bad sequence, which may be a little before or after it.)
  refused_by_cli(kHeader + open_statement("\"\\uD800.txt\"", "w"),
                 "5:15: invalid TOML: Error while parsing unicode scalar sequence: unicode surrogates (U+D800 - U+DFFF) are explicitly prohibited", canary);
}

TEST_CASE("sandbox corpus: a folder swapped with a symlink to the outside during the run never lets an operation out") {
  Canary canary;
  PrivateTmp tmp;
  // 600 operations through "d/", spread over 300 ms by timers: open for reading, open that
  // truncates, create, stat, unlink. A racing thread swaps d with a symlink to the canary.
  std::string text = kHeader + "[files]\n\"d/secret.txt\" = \"inside\\n\"\n\"stop/placeholder\" = \"\"\n"
                     "[[callbacks.rd]]\ncall = \"fs.open\"\npath = \"d/secret.txt\"\nexpect_error = \"EXDEV\"\ncallback = \"log\"\n"
                     "[[callbacks.tr]]\ncall = \"fs.open\"\npath = \"d/secret.txt\"\nflags = \"w\"\ncallback = \"log\"\n"
                     "[[callbacks.mk]]\ncall = \"fs.open\"\npath = \"d/new.txt\"\nflags = \"wx\"\ncallback = \"log\"\n"
                     "[[callbacks.st]]\ncall = \"fs.stat\"\npath = \"d/secret.txt\"\nexpect_error = \"EXDEV\"\ncallback = \"log\"\n"
                     "[[callbacks.rm]]\ncall = \"fs.unlink\"\npath = \"d/secret.txt\"\nexpect_error = \"EXDEV\"\ncallback = \"log\"\n"
                     "[[callbacks.log]]\ncall = \"console.log\"\nargs = [\"{err}\"]\n"
                     "[[callbacks.halt]]\ncall = \"fs.open\"\npath = \"stop/now\"\nflags = \"w\"\ncallback = \"log\"\n"
                     "[callbacks]\nend = []\n";
  const char* ops[] = {"rd", "tr", "mk", "st", "rm"};
  for (int i = 0; i < 600; ++i)
    text += "[[main]]\ncall = \"setTimeout\"\ndelay_ms = " + std::to_string(i / 2) + "\ncallback = \"" + ops[i % 5] + "\"\n";
  text += "[[main]]\ncall = \"setTimeout\"\ndelay_ms = 350\ncallback = \"halt\"\n"
          "[[main]]\ncall = \"setTimeout\"\ndelay_ms = 600\ncallback = \"end\"\n";
  ScenarioResult parsed = parse_scenario_text(text, "race.toml");
  if (auto* e = std::get_if<ScenarioError>(&parsed)) FAIL(e->format());

  std::atomic<bool> done{false};
  std::atomic<long> swaps{0};
  std::thread racer([&] {
    fs::path box;
    while (box.empty() && !done) {
      for (auto& e : fs::directory_iterator(tmp.dir)) box = e.path();
      std::this_thread::yield();
    }
    if (box.empty()) return;
    while (!fs::exists(box / "d" / "secret.txt") && !done) std::this_thread::yield();
    ::symlink(canary.dir.c_str(), (box / "evil").c_str());
    // Swap d and evil atomically until the scenario creates stop/now; end with d a folder.
    while (!done && !fs::exists(box / "stop" / "now")) {
      if (::renameat2(AT_FDCWD, (box / "d").c_str(), AT_FDCWD, (box / "evil").c_str(), RENAME_EXCHANGE) == 0) ++swaps;
    }
    if (swaps % 2) ::renameat2(AT_FDCWD, (box / "d").c_str(), AT_FDCWD, (box / "evil").c_str(), RENAME_EXCHANGE);
  });
  auto run = run_scenario(std::get<Scenario>(parsed), SessionOptions{});
  done = true;
  racer.join();
  const Recording& rec = run.rec();
  CHECK(check_invariants(rec) == "");
  std::map<std::string, int> errs;
  for (const std::string& line : console_lines(rec)) ++errs[line];
  MESSAGE(swaps.load() << " swaps; results: " << [&] {
    std::string s;
    for (auto& [k, v] : errs) s += k + "=" + std::to_string(v) + " ";
    return s;
  }());
  CHECK(swaps > 100);
  // Through the symlink the kernel refuses (EXDEV); through the folder it works, and
  // after an unlink or with wx some fail as they would anywhere (ENOENT, EEXIST).
  CHECK(errs["EXDEV"] > 0);
  int total = 0;
  for (auto& [k, v] : errs) {
    CHECK((k == "EXDEV" || k == "null" || k == "ENOENT" || k == "EEXIST"));
    total += v;
  }
  CHECK(total == 601);
  run.session.reset();
  CHECK(canary.intact());
  CHECK(tmp.empty());
}
