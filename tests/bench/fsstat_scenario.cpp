// Generating the fs.stat storm: as TOML text, and as a Scenario built from a parsed template.
#include "tests/bench/fsstat_scenario.h"

#include <stdexcept>
#include <variant>

namespace loopstep::bench {

namespace {

// Built with append, not operator+: GCC 12 warns falsely (-Wrestrict) on "c" + to_string().
std::string cb_name(int chain, size_t j) {
  std::string s = "c";
  s.append(std::to_string(chain)).append("_").append(std::to_string(j));
  return s;
}

// Stats in chain i: n split as evenly as possible over k chains.
size_t chain_len(size_t n, int k, int i) { return n / k + (static_cast<size_t>(i) < n % k ? 1 : 0); }

}  // namespace

std::string storm_scenario_text(size_t n, int k) {
  std::string t;
  t += "# Teaches: nothing; the fs.stat storm of the benchmarks (tests/bench).\n";
  t += "title = \"fs.stat storm\"\nteaches = \"N fs.stat calls, K in flight.\"\n";
  t += "backend = \"epoll\"\nworkers = \"pool\"\npool_size = 4\n\n";
  t += "[files]\n\"" + std::string(kStormFile) + "\" = \"x\"\n\n";
  t += "[limits]\nmax_events = 50000000\nmax_run_ms = 600000\n\n";
  // The empty last callbacks first: [callbacks] must come before its [[callbacks.X]] arrays.
  t += "[callbacks]\n";
  for (int i = 0; i < k; ++i)
    if (size_t len = chain_len(n, k, i)) t += cb_name(i, len) + " = []\n";
  t += "\n";
  for (int i = 0; i < k; ++i) {
    if (chain_len(n, k, i) == 0) continue;
    t += "[[main]]\ncall = \"fs.stat\"\npath = \"" + std::string(kStormFile) + "\"\ncallback = \"" + cb_name(i, 1) + "\"\n";
  }
  for (int i = 0; i < k; ++i) {
    size_t len = chain_len(n, k, i);
    for (size_t j = 1; j < len; ++j)
      t += "[[callbacks." + cb_name(i, j) + "]]\ncall = \"fs.stat\"\npath = \"" + kStormFile + "\"\ncallback = \"" +
           cb_name(i, j + 1) + "\"\n";
  }
  return t;
}

Scenario storm_scenario(size_t n, int k) {
  ScenarioResult parsed = parse_scenario_text(storm_scenario_text(2, 1), "storm-template.toml");
  if (auto* err = std::get_if<ScenarioError>(&parsed)) throw std::runtime_error("storm template: " + err->format());
  Scenario sc = std::get<Scenario>(std::move(parsed));
  const Step proto = sc.callbacks.at(cb_name(0, 1)).front();  // fs.stat with a callback
  sc.main.clear();
  sc.callbacks.clear();
  sc.limits.max_events = int64_t{1} << 40;  // the storm is finite; never stop it early
  sc.limits.max_run_ms = 600'000;
  for (int i = 0; i < k; ++i) {
    size_t len = chain_len(n, k, i);
    if (len == 0) continue;
    Step s = proto;
    s.callback = cb_name(i, 1);
    sc.main.push_back(s);
    for (size_t j = 1; j < len; ++j) {
      s.callback = cb_name(i, j + 1);
      sc.callbacks[cb_name(i, j)] = {s};
    }
    sc.callbacks[cb_name(i, len)] = {};
  }
  link_callbacks(sc);  // as the parser does
  return sc;
}

}  // namespace loopstep::bench
