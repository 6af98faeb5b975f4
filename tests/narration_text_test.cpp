// The narration's texts as a class reads them: the body never says the headline again nor a
// sentence twice, the thread start follows the worker model, descriptor operations name their
// fd and file, EXDEV says it is loopstep's sandbox, the request type's two names are explained.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "core/trace/narration.h"
#include "core/trace/trace_io.h"
#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

struct Told {
  Event e;
  std::string headline, body;
};

// Every event of a Step-mode run, told as the narration panel tells it.
std::vector<Told> told(const Scenario& sc, BackendKind b, WorkerModel w) {
  SessionOptions o;
  o.mode = Mode::step;
  o.backend = b;
  o.workers = w;
  auto r = run_scenario(sc, o);
  std::vector<Told> out;
  const Narration& n = Narration::builtin();
  for (size_t i = 0; i < r.rec().size(); ++i) {
    Event e = r.rec()[i];
    LoopState s = r.rec().state_at(i);
    out.push_back({e, n.describe(e, r.rec().info(), s, false), n.describe(e, r.rec().info(), s, true)});
  }
  return out;
}

std::vector<std::string> sentences(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t dot; (dot = text.find(". ", start)) != std::string::npos; start = dot + 2) out.push_back(text.substr(start, dot - start));
  out.push_back(text.substr(start));
  return out;
}

}  // namespace

namespace {

void check_no_repeats(const Scenario& sc) {
  for (BackendKind b : {BackendKind::epoll, BackendKind::iocp})
    for (WorkerModel w : {WorkerModel::pool, WorkerModel::per_request})
      for (const Told& t : told(sc, b, w)) {
        CAPTURE(sc.file);
        CAPTURE(kind_name(t.e.kind));
        CAPTURE(t.headline);
        CAPTURE(t.body);
        CHECK(lower(t.body).find(lower(t.headline)) == std::string::npos);
        std::vector<std::string> s = sentences(t.body);
        CHECK(std::set<std::string>(s.begin(), s.end()).size() == s.size());
        CHECK(t.body.find("modeled") == t.body.rfind("modeled"));  // said at most once
        CHECK(t.headline.find(" -,") == std::string::npos);          // no empty target shown as "-"
      }
}

}  // namespace

TEST_CASE("narration: the body never repeats its headline, nor a sentence") {
  for (const std::string& f : bundled_scenarios()) check_no_repeats(load_scenario(f));
  // What no bundled lesson has: CPU work on the pool, and every JS queue from a callback.
  check_no_repeats(parse_body("[[main]]\ncall = \"pool.work\"\nwork_ms = 1\ncallback = \"onWork\"\n"
                          "[[callbacks.onWork]]\ncall = \"setTimeout\"\ncallback = \"done\"\n"
                          "[[callbacks.onWork]]\ncall = \"setImmediate\"\ncallback = \"done\"\n"
                          "[[callbacks.onWork]]\ncall = \"process.nextTick\"\ncallback = \"done\"\n"
                          "[[callbacks.onWork]]\ncall = \"Promise.then\"\ncallback = \"done\"\n"
                          "[callbacks]\ndone = []\n"));
}

TEST_CASE("narration: the phase order names every phase once") {
  const std::vector<Told> all = told(load_scenario("scenarios/fs_stat_epoll_pool.toml"), BackendKind::epoll, WorkerModel::pool);
  auto it = std::find_if(all.begin(), all.end(), [](const Told& t) { return t.e.kind == Kind::phase; });
  REQUIRE(it != all.end());
  const Told& phase = *it;
  const std::string order = sentences(phase.body)[0];
  size_t last = 0;
  for (const char* p : {"pending", "idle/prepare", "poll", "check", "closing", "timers"}) {
    CAPTURE(p);
    size_t at = order.find(p);
    REQUIRE(at != std::string::npos);
    CHECK(at >= last);
    CHECK(order.find(p, at + 1) == std::string::npos);
    last = at;
  }
}

TEST_CASE("narration: the thread start follows the worker model, not the backend") {
  for (BackendKind b : {BackendKind::epoll, BackendKind::iocp}) {
    CAPTURE(backend_name(b));
    int workers = 0;
    for (const Told& t : told(load_scenario("scenarios/iocp_batch.toml"), b, WorkerModel::pool)) {
      if (t.e.kind != Kind::thread_spawn) continue;
      ++workers;
      CHECK(t.headline.ends_with("starts pool worker " + std::to_string(t.e.value) + " of 4"));
      CHECK(t.body.find("this one request") == std::string::npos);
    }
    CHECK(workers == 4);
    for (const Told& t : told(load_scenario("scenarios/iocp_batch.toml"), b, WorkerModel::per_request))
      if (t.e.kind == Kind::thread_spawn) CHECK(t.headline.ends_with("for this one request"));
  }
}

TEST_CASE("narration: fs.read and fs.close name their fd and the file it was opened from") {
  const std::regex on_fd("worker [0-9]+ calls (read|close)\\(2\\) on fd [0-9]+ \\('greeting.txt'\\)");
  int calls = 0;
  for (const Told& t : told(load_scenario("scenarios/open_read_close_chain.toml"), BackendKind::epoll, WorkerModel::pool)) {
    if (t.e.kind != Kind::syscall_begin || t.headline.find("open(2)") != std::string::npos) continue;
    CAPTURE(t.headline);
    CHECK(std::regex_match(t.headline, on_fd));
    ++calls;
  }
  CHECK(calls == 2);
}

TEST_CASE("narration: the request struct's type says why it is fs_open_req in one lesson and uv_fs_t in another") {
  for (WorkerModel w : {WorkerModel::pool, WorkerModel::per_request})
    for (const Told& t : told(load_scenario("scenarios/fs_open_iocp.toml"), BackendKind::iocp, w)) {
      if (t.e.kind != Kind::req_init) continue;
      CHECK(t.body.find(w == WorkerModel::pool ? "struct, uv_fs_t," : "struct, fs_open_req,") != std::string::npos);
      CHECK(t.body.find("article 000 calls the struct of a Windows fs.open fs_open_req") != std::string::npos);
      CHECK(t.body.find("libuv's own type for every fs request is uv_fs_t") != std::string::npos);
    }
}

TEST_CASE("narration: EXDEV through a symlink out of the sandbox is loopstep refusing, where Node would follow it") {
  Scenario sc = parse_body("backend = \"epoll\"\n[symlinks]\n\"passwd\" = \"/etc/passwd\"\n"
                       "[[main]]\ncall = \"fs.stat\"\npath = \"passwd\"\nexpect_error = \"EXDEV\"\ncallback = \"onStat\"\n"
                       "[callbacks]\nonStat = []\n");
  int refusals = 0;
  for (const Told& t : told(sc, BackendKind::epoll, WorkerModel::pool)) {
    if (t.e.kind != Kind::syscall_end) continue;
    ++refusals;
    CHECK(t.headline == "stat(2) returned -18 (EXDEV): loopstep's sandbox refused to leave its folder");
    CHECK(t.body.find("real Node would follow the link and reach the file outside") != std::string::npos);
  }
  CHECK(refusals == 1);
}

TEST_CASE("narration: a saved recording names the fd and its file as the live run does") {
  SessionOptions o;
  o.mode = Mode::step;
  auto r = run_scenario(load_scenario("scenarios/open_read_close_chain.toml"), o);
  std::stringstream saved;
  write_jsonl(saved, r.rec());
  LoadedRecording loaded = read_jsonl(saved, "saved.jsonl");
  REQUIRE(loaded.error == "");
  REQUIRE(loaded.recording->size() == r.rec().size());
  const Narration& n = Narration::builtin();
  int fd_steps = 0;
  for (size_t i = 0; i < r.rec().size(); ++i) {
    Event e = r.rec()[i];
    if (e.kind != Kind::syscall_begin) continue;
    std::string live = n.describe(e, r.rec().info(), r.rec().state_at(i), false);
    CHECK(n.describe((*loaded.recording)[i], loaded.recording->info(), loaded.recording->state_at(i), false) == live);
    fd_steps += live.find(" on fd ") != std::string::npos;
  }
  CHECK(fd_steps == 2);
}

TEST_CASE("narration: on iocp an overlapped call names its handle, and its 0 is ERROR_IO_PENDING on both ports") {
  // The emulated port's names carry their io_uring stand-in; the text is the operation's own.
  std::map<std::string, std::string> said;  // the operation -> its syscall_end headline
  std::vector<std::string> posts;           // the syscall_begin headlines of AcceptEx
  for (const Told& t : told(load_scenario("scenarios/net_echo.toml"), BackendKind::iocp, WorkerModel::pool)) {
    if (t.e.kind != Kind::syscall_begin && t.e.kind != Kind::syscall_end) continue;
    for (const char* op : {"AcceptEx", "WSARecv", "ConnectEx"}) {
      if (t.e.kind == Kind::syscall_end && t.headline.starts_with(op) && t.headline.ends_with(": pending")) {
        said[op] = t.headline;
        CHECK(t.body.starts_with("ERROR_IO_PENDING: "));
      }
    }
    if (t.e.kind == Kind::syscall_begin && t.headline.starts_with("the loop thread calls AcceptEx")) posts.push_back(t.headline);
  }
  CHECK(said["AcceptEx"] == "AcceptEx returned 0: pending");
  CHECK(said["WSARecv"] == "WSARecv (0 bytes) returned 0: pending");
  CHECK(said["ConnectEx"] == "ConnectEx returned 0: pending");
  REQUIRE(!posts.empty());
  for (const std::string& p : posts)
    CHECK(std::regex_match(p, std::regex(R"(the loop thread calls AcceptEx \(IOCP semantics on io_uring: IORING_OP_ACCEPT\) for handle #1 \(the server, fd \d+\))")));
}
