// JS lessons (issue 12): the fs.stat storm written as a lesson, run by loopstep (real node on
// loopstep's engine, Run mode) and by node itself on the same file, pairs alternated; and
// the bridge's round trip per call. Each program times itself and prints the milliseconds.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/engine/session.h"
#include "core/node/node_child.h"
#include "core/record/source_ref.h"
#include "core/scenario/scenario.h"
#include "tests/bench/node_storm.h"
#include "tests/bench/sections.h"
#include "tests/bench/stats.h"

namespace loopstep::bench {

namespace {

std::string roundtrip_program(size_t n) {
  return "const N = " + std::to_string(n) + ";\n"
         "const t0 = process.hrtime.bigint();\n"
         "for (let i = 0; i < N; i++) console.log('x');\n"
         "console.log(String(Number(process.hrtime.bigint() - t0) / 1e6));\n";
}

// The last console line of a loopstep run of `file`, as milliseconds; -1 if it failed.
double loopstep_ms(const std::filesystem::path& file) {
  ScenarioResult r = parse_scenario_file(file.string());
  if (!std::holds_alternative<Scenario>(r)) return -1;
  Session s(std::get<Scenario>(std::move(r)), SessionOptions{});
  s.run_to_end();
  if (!s.stop_reason().empty()) return -1;
  const Recording& rec = s.recording();
  for (size_t i = rec.size(); i-- > 0;)
    if (rec[i].kind == Kind::console) return std::stod(std::string(rec.info().strings.str(console_text(rec[i]))));
  return -1;
}

}  // namespace

void js_section(Results& out) {
  if (find_node().empty()) {
    out.add({"JS lessons", std::nullopt, "", "report", std::nullopt, "no node on PATH"});
    return;
  }
  const auto dir = std::filesystem::temp_directory_path() / ("loopstep-bench-js-" + std::to_string(now_ns()));
  std::filesystem::create_directories(dir);
  const size_t n = scaled(20'000, 2'000);
  std::ofstream(dir / "storm.js") << storm_program(n, 64);
  std::ofstream(dir / "f.txt") << "x";
  std::vector<double> ratio, ours, theirs;
  for (int rep = 0; rep < kReps; ++rep) {  // pairs alternated: the machine's load hits both
    const double a = loopstep_ms(dir / "storm.js");
    const double b = node_ms(dir, "storm.js");
    if (a <= 0 || b <= 0) continue;
    ours.push_back(n / (a / 1000.0));
    theirs.push_back(n / (b / 1000.0));
    ratio.push_back(ours.back() / theirs.back());
  }
  Summary r = summarize(ratio);
  out.add({"JS fs.stat storm K=64, loopstep / node", r, "ratio", "report", std::nullopt,
           std::to_string(n) + " stats; loopstep " + std::to_string(static_cast<long>(summarize(ours).median)) +
               " stats/s, node " + std::to_string(static_cast<long>(summarize(theirs).median)) + " stats/s"});
  out.set("js_storm_ratio_node_k64", r.samples ? std::optional<double>(r.median) : std::nullopt);

  const size_t calls = scaled(5'000, 500);
  std::ofstream(dir / "roundtrip.js") << roundtrip_program(calls);
  std::vector<double> us;
  for (int rep = 0; rep < kReps; ++rep)
    if (double ms = loopstep_ms(dir / "roundtrip.js"); ms > 0) us.push_back(ms * 1000.0 / static_cast<double>(calls));
  Summary u = summarize(us);
  out.add({"bridge round trip (console.log, Run mode)", u, "us/call", "report", std::nullopt,
           std::to_string(calls) + " calls timed inside node: message, one event, answer"});
  out.set("bridge_roundtrip_us", u.samples ? std::optional<double>(u.median) : std::nullopt);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace loopstep::bench
