// Compare: one lesson on two engines, aligned on the program's moments (js_call,
// callback_begin, console). The article lessons' alignments are pinned row by row, with the
// differences said in words; a moment only one run has stands alone.
#include <doctest/doctest.h>

#include <sstream>

#include "core/compare/comparison.h"
#include "core/compare/differences.h"
#include "core/compare/lockstep.h"
#include "tests/posix_support.h"
#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;

namespace {

CompareSide side(const std::string& text) {
  auto s = parse_compare_side("--a", text);
  REQUIRE(std::holds_alternative<CompareSide>(s));
  return std::get<CompareSide>(std::move(s));
}

// One row as a line: "A 1-4 | B 1-3 -> A 5 B 4: the script calls fs.open (#1)"; steps count from 1.
std::vector<std::string> rows_text(const Comparison& c) {
  std::vector<std::string> out;
  auto range = [](size_t from, size_t to) { return from == to ? std::string("-") : std::to_string(from + 1) + "-" + std::to_string(to); };
  for (const AlignedMoment& r : c.rows) {
    std::string line = "A " + range(r.a_from, r.a_to) + " | B " + range(r.b_from, r.b_to);
    if (r.a) line += " -> A " + std::to_string(*r.a + 1);
    if (r.b) line += (r.a ? " B " : " -> B ") + std::to_string(*r.b + 1);
    if (r.has_moment()) line += ": " + std::string(kind_name((r.a ? c.a->recording() : c.b->recording())[r.a ? *r.a : *r.b].kind));
    out.push_back(line);
  }
  return out;
}

std::vector<std::string> differences_at(const Comparison& c, size_t row) {
  const AlignedMoment& r = c.rows[row];
  return stretch_differences({&c.a->recording(), r.a_from, r.a_to, "A (" + c.a_side.label + ")"},
                             {&c.b->recording(), r.b_from, r.b_to, "B (" + c.b_side.label + ")"});
}

const std::string kIocpDelivery =
    "here epoll takes the whole done-list after one eventfd read (1 request); the IOCP loop takes one packet per request "
    "(1 packet, 1 return of GetQueuedCompletionStatus)";

}  // namespace

TEST_CASE("compare: article 000 (fs.open) on epoll and on IOCP, moment by moment") {
  const Comparison c = compare_runs(load_scenario("scenarios/fs_open_iocp.toml"), side("backend=epoll"), side("backend=iocp"));
  CHECK(rows_text(c) == std::vector<std::string>{
                            "A 1-4 | B 1-3 -> A 5 B 4: js_call",
                            "A 6-35 | B 5-33 -> A 36 B 34: callback_begin",
                            "A - | B - -> A 37 B 35: console",
                            "A 38-44 | B 36-42",
                        });
  CHECK(moment_words(c.a->recording(), *c.rows[0].a) == "the script calls fs.open (#1)");
  CHECK(moment_words(c.b->recording(), *c.rows[1].b) == "onOpen() starts on the loop thread");
  CHECK(differences_at(c, 0) == std::vector<std::string>{
                                    "kernel calls only A (backend=epoll) makes: epoll_create1, eventfd; only B (backend=iocp): CreateIoCompletionPort"});
  CHECK(differences_at(c, 1) == std::vector<std::string>{
                                    kIocpDelivery,
                                    "kernel calls only A (backend=epoll) makes: epoll_wait, pthread_create, uv_async_send; only B "
                                    "(backend=iocp): CreateThread, GetQueuedCompletionStatus, PostQueuedCompletionStatus"});
  CHECK(differences_at(c, 2).empty());
  CHECK(differences_at(c, 3).empty());  // the same ending: callback returns, phases, uv_run returns, the thread exits
}

TEST_CASE("compare: article 002 (fs.stat on the pool) on epoll and on IOCP, moment by moment") {
  const Comparison c = compare_runs(load_scenario("scenarios/fs_stat_epoll_pool.toml"), side("backend=epoll"), side("backend=iocp"));
  CHECK(rows_text(c) == std::vector<std::string>{
                            "A 1-4 | B 1-3 -> A 5 B 4: js_call",
                            "A 6-38 | B 5-36 -> A 39 B 37: callback_begin",
                            "A - | B - -> A 40 B 38: console",
                            "A 41-50 | B 39-48",
                        });
  CHECK(differences_at(c, 1) == std::vector<std::string>{
                                    kIocpDelivery,
                                    "kernel calls only A (backend=epoll) makes: epoll_wait, uv_async_send; only B (backend=iocp): "
                                    "GetQueuedCompletionStatus, PostQueuedCompletionStatus"});
}

TEST_CASE("compare: the pool against a thread per request says which threads start") {
  const Comparison c = compare_runs(load_scenario("scenarios/fs_stat_epoll_pool.toml"), side("workers=pool"), side("workers=per-request"));
  CHECK(rows_text(c) == std::vector<std::string>{
                            "A 1-4 | B 1-4 -> A 5 B 5: js_call",
                            "A 6-38 | B 6-35 -> A 39 B 36: callback_begin",
                            "A - | B - -> A 40 B 37: console",
                            "A 41-50 | B 38-44",
                        });
  CHECK(differences_at(c, 1) == std::vector<std::string>{
                                    "A (workers=pool) starts 4 threads (uv_thread_create), its pool's workers; B (workers=per-request) "
                                    "starts 1 thread (pthread_create), one for each request",
                                    "kernel calls only A (workers=pool) makes: none; only B (workers=per-request): pthread_create"});
}

TEST_CASE("compare: the JS article lessons align on the same moments as their TOML twins") {
  if (sh("command -v node >/dev/null 2>&1").status != 0) {
    MESSAGE("skipped: node is not installed");
    return;
  }
  const Comparison open = compare_runs(load_scenario("scenarios/fs_open_iocp.js"), side("backend=epoll"), side("backend=iocp"));
  CHECK(rows_text(open) == std::vector<std::string>{
                               "A 1-4 | B 1-3 -> A 5 B 4: js_call",
                               "A 6-35 | B 5-33 -> A 36 B 34: callback_begin",
                               "A - | B - -> A 37 B 35: console",
                               "A 38-44 | B 36-42",
                           });
  CHECK(differences_at(open, 1)[0] == kIocpDelivery);
  const Comparison stat = compare_runs(load_scenario("scenarios/fs_stat_epoll_pool.js"), side("backend=epoll"), side("backend=iocp"));
  CHECK(rows_text(stat) == std::vector<std::string>{
                               "A 1-4 | B 1-3 -> A 5 B 4: js_call",
                               "A 6-38 | B 5-36 -> A 39 B 37: callback_begin",
                               "A - | B - -> A 40 B 38: console",
                               "A 41-50 | B 39-48",
                           });
}

TEST_CASE("compare: a moment only one run has stands alone, the rest still pair up") {
  auto make = [](std::initializer_list<std::pair<Kind, const char*>> events) {
    auto rec = std::make_unique<Recording>(std::make_shared<RunInfo>());
    uint64_t seq = 0;
    for (const auto& [kind, fn] : events) {
      Event e{};
      e.seq = seq++;
      e.kind = kind;
      e.layer = Layer::js;
      e.fn = rec->info().strings.intern(fn);
      rec->append(e);
    }
    return rec;
  };
  const auto a = make({{Kind::js_call, "fs.open"}, {Kind::wait_begin, "epoll_wait"}, {Kind::callback_begin, "onOpen"}});
  const auto b = make({{Kind::js_call, "fs.open"}, {Kind::js_call, "fs.stat"}, {Kind::callback_begin, "onOpen"}, {Kind::phase, "check"}});
  const std::vector<AlignedMoment> rows = align_moments(*a, *b);
  REQUIRE(rows.size() == 4);
  CHECK((rows[0].a == uint64_t(0) && rows[0].b == uint64_t(0)));
  CHECK((!rows[1].a && rows[1].b == uint64_t(1)));  // only B's program called fs.stat
  CHECK((rows[2].a == uint64_t(2) && rows[2].b == uint64_t(2)));
  CHECK((rows[2].a_from == 1 && rows[2].a_to == 2));  // A's epoll_wait belongs to the stretch before onOpen
  CHECK((rows[3].a_from == 3 && rows[3].a_to == 3 && rows[3].b_from == 3 && rows[3].b_to == 4));
}

TEST_CASE("compare: a side is backend=, workers= and pool_size=, comma-separated") {
  const CompareSide s = side("backend=iocp,workers=pool,pool_size=2");
  CHECK(s.options.backend == BackendKind::iocp);
  CHECK(s.options.workers == WorkerModel::pool);
  CHECK(s.options.pool_size == 2);
  CHECK(s.options.mode == Mode::step);
  const std::pair<const char*, const char*> bad[] = {
      {"", "--a: '': expected backend=epoll|iocp, workers=pool|per-request or pool_size=N"},
      {"backend=kqueue", "--a: 'backend=kqueue': backend is epoll or iocp"},
      {"workers=fibers", "--a: 'workers=fibers': workers is pool or per-request"},
      {"pool_size=0", "--a: 'pool_size=0': pool_size is a number from 1 to 1024"},
      {"pool_size=2x", "--a: 'pool_size=2x': pool_size is a number from 1 to 1024"},
      {"policy=lowest", "--a: 'policy=lowest': 'policy=lowest': expected backend=epoll|iocp, workers=pool|per-request or pool_size=N"},
  };
  for (const auto& [given, message] : bad) {
    const std::string text = given;  // doctest's CAPTURE cannot capture a structured binding (clang 14)
    CAPTURE(text);
    auto r = parse_compare_side("--a", text);
    REQUIRE(std::holds_alternative<std::string>(r));
    CHECK(std::get<std::string>(r) == message);
  }
}

TEST_CASE("compare cli: prints both sequences aligned, with the differences in words") {
  const Output o = sh(std::string("'") + LOOPSTEP_CLI + "' compare '" + source_path("scenarios/fs_open_iocp.toml") +
                      "' --a backend=epoll --b backend=iocp");
  REQUIRE(o.status == 0);
  CHECK(o.out.find("== moment 2: onOpen() starts on the loop thread   (A step 36, B step 34)\n") != std::string::npos);
  CHECK(o.out.find("      * " + kIocpDelivery + "\n") != std::string::npos);
  CHECK(o.out.find("     26         T1   kernel   open(2)") != std::string::npos);                 // A's own step
  CHECK(o.out.find("            26  T1   kernel   PostQueuedCompletionStatus") != std::string::npos);  // B's own step
  CHECK(o.out.find("     38     36  T0   js       onOpen") != std::string::npos);                  // both alike
  const Output bad = sh(std::string("'") + LOOPSTEP_CLI + "' compare '" + source_path("scenarios/fs_open_iocp.toml") +
                        "' --a backend=epoll --b pool_size=0 2>&1");
  CHECK(bad.status == 2);
  CHECK(bad.out == "--b: 'pool_size=0': pool_size is a number from 1 to 1024\n");
}

TEST_CASE("compare: stepping together, both runs stand on each moment at once") {
  const Comparison c = compare_runs(load_scenario("scenarios/fs_open_iocp.toml"), side("backend=epoll"), side("backend=iocp"));
  const std::vector<LockstepPosition> p = lockstep_positions(c.rows);
  std::vector<std::pair<size_t, size_t>> moments;
  for (const LockstepPosition& x : p)
    if (x.at_moment) moments.emplace_back(x.a, x.b);
  CHECK(moments == std::vector<std::pair<size_t, size_t>>{{5, 4}, {36, 34}, {37, 35}});
  CHECK((p.front().a == 0 && p.front().b == 0));
  CHECK((p[1].a == 1 && p[1].b == 1));
  CHECK((p[4].a == 4 && p[4].b == 3));  // B's stretch is one step shorter: it waits at its end
  CHECK(p[5].at_moment);
  CHECK((p.back().a == 44 && p.back().b == 42));
  CHECK(p.size() == 1 + 4 + 1 + 30 + 1 + 1 + 7);  // step 0, each row's longer stretch, each moment
  for (size_t i = 1; i < p.size(); ++i) CHECK((p[i].a >= p[i - 1].a && p[i].b >= p[i - 1].b && (p[i].a + p[i].b) > (p[i - 1].a + p[i - 1].b)));
}

TEST_CASE("compare: a click on one run's timeline moves both to the first position where that run got there") {
  const Comparison c = compare_runs(load_scenario("scenarios/fs_open_iocp.toml"), side("backend=epoll"), side("backend=iocp"));
  const std::vector<LockstepPosition> p = lockstep_positions(c.rows);
  for (Side s : {Side::a, Side::b}) {
    auto at = [&](size_t i) { return s == Side::a ? p[i].a : p[i].b; };
    const size_t end = at(p.size() - 1);
    for (size_t cursor = 0; cursor <= end; ++cursor) {
      const size_t i = lockstep_position_of(p, s, cursor);
      REQUIRE(at(i) >= cursor);               // that run has come at least so far
      REQUIRE((i == 0 || at(i - 1) < cursor));  // and not one position earlier
    }
    CHECK(lockstep_position_of(p, s, end + 10) == p.size() - 1);  // past its end: both at the end
  }
  // Article 000's onOpen: epoll's step 37 and IOCP's step 35 are one moment (see above).
  const size_t on_open = lockstep_position_of(p, Side::a, 37);
  CHECK((p[on_open].a == 37 && p[on_open].b == 35 && p[on_open].at_moment));
  CHECK(lockstep_position_of(p, Side::b, 35) == on_open);
}
