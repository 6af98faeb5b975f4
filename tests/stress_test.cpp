// Stress (issue 5): 10,000 requests of every kind — open -> read -> close chains, stats,
// timers, immediates, short pool work — in Run mode on every backend x worker model, pool
// sizes 1, 4 and 64. Every post is taken once, every work item taken once, req_count ends
// at 0, every callback runs once, every thread is joined and no descriptor is left open.
#include <doctest/doctest.h>
#include <dirent.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;

namespace {

// The mix: 1,500 chains of 3 fs requests, 2,000 stats, 1,500 timers, 1,000 immediates and
// 1,000 pool.work of 1 ms = 10,000 requests, each with its callback.
constexpr int kChains = 1500, kStats = 2000, kTimers = 1500, kImmediates = 1000, kWorks = 1000;
constexpr int kRequests = 3 * kChains + kStats + kTimers + kImmediates + kWorks;
static_assert(kRequests == 10'000);

std::string stress_text() {
  std::string t = "title = \"stress\"\nteaches = \"10,000 mixed requests\"\n[limits]\nmax_events = 5000000\nmax_run_ms = 600000\n[files]\n";
  for (int f = 0; f < 8; ++f) t += "\"f" + std::to_string(f) + ".txt\" = \"hello\\n\"\n";
  // Main statements interleaved so every kind is in flight at once.
  int chain = 0, stat = 0, timer = 0, imm = 0, work = 0;
  while (chain < kChains || stat < kStats || timer < kTimers || imm < kImmediates || work < kWorks) {
    if (chain < kChains) {
      std::string i = std::to_string(chain++);
      t += "[[main]]\ncall = \"fs.open\"\npath = \"f" + std::to_string(chain % 8) + ".txt\"\nsave_as = \"fd" + i + "\"\ncallback = \"r" + i + "\"\n";
    }
    for (int k = 0; k < 2 && stat < kStats; ++k, ++stat)
      t += "[[main]]\ncall = \"fs.stat\"\npath = \"f" + std::to_string(stat % 8) + ".txt\"\ncallback = \"statted\"\n";
    if (timer < kTimers)
      t += "[[main]]\ncall = \"setTimeout\"\ndelay_ms = " + std::to_string(timer++ % 4) + "\ncallback = \"tick\"\n";
    if (imm < kImmediates) { ++imm; t += "[[main]]\ncall = \"setImmediate\"\ncallback = \"tick\"\n"; }
    if (work < kWorks) { ++work; t += "[[main]]\ncall = \"pool.work\"\nwork_ms = 1\ncallback = \"worked\"\n"; }
  }
  for (int c = 0; c < kChains; ++c) {
    std::string i = std::to_string(c);
    t += "[[callbacks.r" + i + "]]\ncall = \"fs.read\"\nfd = \"fd" + i + "\"\nlength = 16\ncallback = \"c" + i + "\"\n";
    t += "[[callbacks.c" + i + "]]\ncall = \"fs.close\"\nfd = \"fd" + i + "\"\ncallback = \"closed\"\n";
  }
  t += "[[callbacks.closed]]\ncall = \"console.log\"\nargs = [\"closed\", \"{err}\"]\n"
       "[[callbacks.statted]]\ncall = \"console.log\"\nargs = [\"stat\", \"{err}\", \"{result}\"]\n"
       "[callbacks]\ntick = []\nworked = []\n";
  return t;
}

size_t entries(const char* dir) {
  size_t n = 0;
  if (DIR* d = ::opendir(dir)) {
    while (dirent* e = ::readdir(d)) n += e->d_name[0] != '.';
    ::closedir(d);
  }
  return n;
}

}  // namespace

TEST_CASE("stress: 10,000 mixed requests on every backend, worker model and pool size lose nothing and leak nothing") {
  ScenarioResult parsed = parse_scenario_text(stress_text(), "stress.toml");
  if (auto* e = std::get_if<ScenarioError>(&parsed)) FAIL(e->format());
  const Scenario sc = std::get<Scenario>(std::move(parsed));
  // A first thread makes the sanitizers' runtimes start their own background thread (TSan's
  // lives to the end of the process): create one before counting.
  std::thread([] {}).join();
  const size_t fds_before = entries("/proc/self/fd"), threads_before = entries("/proc/self/task");
  struct Config { BackendKind backend; WorkerModel workers; int pool; };
  std::vector<Config> configs;
  for (BackendKind b : {BackendKind::epoll, BackendKind::iocp}) {
    for (int pool : {1, 4, 64}) configs.push_back({b, WorkerModel::pool, pool});
    configs.push_back({b, WorkerModel::per_request, 4});
  }
  auto t0 = std::chrono::steady_clock::now();
  for (const Config& c : configs) {
    CAPTURE(backend_name(c.backend));
    CAPTURE(worker_model_name(c.workers));
    CAPTURE(c.pool);
    auto t = std::chrono::steady_clock::now();
    {
      SessionOptions o;
      o.backend = c.backend;
      o.workers = c.workers;
      o.pool_size = c.pool;
      auto r = run_scenario(sc, o);
      const Recording& rec = r.rec();
      CHECK(r.session->stop_reason() == "");
      CHECK(check_invariants(rec) == "");
      CHECK(count(rec, Kind::callback_begin) == kRequests);
      // fs requests and pool work go through a worker: one post, one take, one work item each.
      const size_t worked = 3 * kChains + kStats + kWorks;
      CHECK(count(rec, Kind::completion_post) == worked);
      CHECK(count(rec, Kind::completion_take) == worked);
      if (c.workers == WorkerModel::pool) CHECK(count(rec, Kind::work_submit) == worked);
      CHECK(count(rec, Kind::timer_fire) == kTimers);
      CHECK(rec.tail_state().req_count == 0);
      size_t closed = 0, statted = 0;
      for (const std::string& line : console_lines(rec)) {
        closed += line == "closed null";
        statted += line == "stat null 6";
      }
      CHECK(closed == kChains);
      CHECK(statted == kStats);
    }
    MESSAGE(backend_name(c.backend) << " " << worker_model_name(c.workers) << " pool " << c.pool << ": "
            << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t).count() << " ms");
    // Every thread joined and every descriptor closed once the session is gone.
    CHECK(entries("/proc/self/task") == threads_before);
    CHECK(entries("/proc/self/fd") == fds_before);
  }
  MESSAGE("stress total: " << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count() << " ms");
}
