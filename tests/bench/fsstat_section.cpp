// Section 1: the fs.stat storm, loopstep vs libuv alternated pair by pair, plus parse time.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <variant>

#include "tests/bench/fsstat_libuv.h"
#include "tests/bench/fsstat_loopstep.h"
#include "tests/bench/fsstat_scenario.h"
#include "tests/bench/node_storm.h"
#include "core/node/node_child.h"
#include "tests/bench/sections.h"

namespace loopstep::bench {

namespace {

// The libuv side stats its own one-byte file, like the sandbox's f.txt.
std::string make_stat_file() {
  char path[] = "/tmp/loopstep-bench-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0 || write(fd, "x", 1) != 1) throw std::runtime_error("cannot create the file to stat");
  close(fd);
  return path;
}

// Parsing the storm as TOML: the largest N that fits the parser's 4 MiB file limit.
void parse_rows(Results& out, size_t n) {
  size_t pn = n;
  std::string text = storm_scenario_text(pn, 64);
  while (text.size() > 4 * 1024 * 1024) text = storm_scenario_text(pn /= 2, 64);
  std::vector<double> ms;
  for (int rep = 0; rep < kReps; ++rep) {
    int64_t t0 = now_ns();
    ScenarioResult r = parse_scenario_text(text, "storm.toml");
    ms.push_back(static_cast<double>(now_ns() - t0) / 1e6);
    if (auto* e = std::get_if<ScenarioError>(&r)) throw std::runtime_error("storm text: " + e->format());
  }
  Summary s = summarize(ms);
  out.add({"parse storm TOML, " + std::to_string(pn) + " stats", s, "ms", "", std::nullopt,
           std::to_string(text.size() / 1024) + " KiB; " + std::to_string(s.median * 1e3 / static_cast<double>(pn)).substr(0, 5) +
               " us/stat" +
               (pn < n ? "; N=" + std::to_string(n) + " exceeds the 4 MiB file limit: runs build it in memory" : "")});
}

}  // namespace

void fsstat_section(Results& out) {
  const size_t n = scaled(200'000, 1'000);
  const std::string file = make_stat_file();
  parse_rows(out, n);
  struct Config {
    int k;
    bool record;
  };
  // The comparison users make: the same storm as a Node program run by `node`, at K=64 in
  // the recorded pairs (node's program times itself from its first fs.stat).
  const bool node = !find_node().empty();
  const auto node_dir = std::filesystem::temp_directory_path() / ("loopstep-bench-node-" + std::to_string(now_ns()));
  if (node) {
    std::filesystem::create_directories(node_dir);
    std::ofstream(node_dir / "storm.js") << storm_program(n, 64);
    std::ofstream(node_dir / "f.txt") << "x";
  }
  for (Config cfg : {Config{1, true}, Config{4, true}, Config{64, true}, Config{64, false}}) {
    const int k = cfg.k;
    int64_t b0 = now_ns();
    const Scenario sc = storm_scenario(n, k);
    double build_ms = static_cast<double>(now_ns() - b0) / 1e6;
    std::vector<double> ls_rate, uv_rate, ratio, events_per_stat, node_rate, node_ratio;
    const bool with_node = node && k == 64 && cfg.record;
    uint64_t waits = 0;
    for (int rep = 0; rep < kReps; ++rep) {
      // Alternate who goes first so drift on a busy machine does not favour one side.
      double t_uv = 0;
      StormRun ls;
      if (rep % 2) t_uv = libuv_fsstat_storm(file, n, k);
      ls = loopstep_fsstat_storm(sc, cfg.record);
      if (!(rep % 2)) t_uv = libuv_fsstat_storm(file, n, k);
      if (double ms = with_node ? node_ms(node_dir, "storm.js") : -1; ms > 0) {
        node_rate.push_back(static_cast<double>(n) / (ms / 1000.0));
        node_ratio.push_back(static_cast<double>(n) / ls.seconds / node_rate.back());
      }
      if (!ls.stop_reason.empty() || (cfg.record && ls.stats != n) || ls.failed)
        throw std::runtime_error("loopstep storm K=" + std::to_string(k) + ": " + std::to_string(ls.stats) + " stats, " +
                                 std::to_string(ls.failed) + " failed; " + ls.stop_reason);
      ls_rate.push_back(static_cast<double>(n) / ls.seconds);
      uv_rate.push_back(static_cast<double>(n) / t_uv);
      ratio.push_back(t_uv / ls.seconds);
      events_per_stat.push_back(static_cast<double>(ls.events) / static_cast<double>(n));
      waits += ls.producer_waits;
      std::fprintf(stderr, "fs.stat K=%d%s rep %d: loopstep %.0f/s, libuv %.0f/s\n", k, cfg.record ? "" : " rec off", rep, ls_rate.back(), uv_rate.back());
    }
    std::string ks = "K=" + std::to_string(k) + (cfg.record ? "" : " rec off");
    out.add({"fs.stat " + ks + " loopstep", summarize(ls_rate), "stats/s", "", std::nullopt,
             "N=" + std::to_string(n) + ", " +
                 (cfg.record ? std::to_string(summarize(events_per_stat).median).substr(0, 5) + " events/stat, " : "") +
                 "producer waits " + std::to_string(waits) + ", scenario built in " + std::to_string(build_ms).substr(0, 6) +
                 " ms"});
    out.add({"fs.stat " + ks + " libuv 1.44", summarize(uv_rate), "stats/s", "", std::nullopt, "UV_THREADPOOL_SIZE=4"});
    Summary r = summarize(ratio);
    bool targeted = cfg.record;  // issue 14 targets K=1, 4 and 64 with recording on
    out.add({"fs.stat " + ks + " ratio loopstep/libuv", r, "", targeted ? ">= 1.0" : "report", 
             targeted ? std::optional<bool>(r.median >= 1.0) : std::nullopt, "per pair, same run"});
    out.set("fsstat_ratio_k" + std::to_string(k) + (cfg.record ? "" : "_norec"), r.median);
    if (with_node) {
      Summary nr = summarize(node_ratio);
      out.add({"fs.stat K=64 node", summarize(node_rate), "stats/s", "", std::nullopt, "node " + std::to_string(node_major_version(find_node())) + ", UV_THREADPOOL_SIZE=4"});
      out.add({"fs.stat K=64 ratio loopstep/node", nr, "", "report", std::nullopt, "per triple, same run"});
      out.set("fsstat_ratio_node_k64", nr.samples ? std::optional<double>(nr.median) : std::nullopt);
    }
  }
  unlink(file.c_str());
  std::error_code ec;
  std::filesystem::remove_all(node_dir, ec);
}

}  // namespace loopstep::bench
