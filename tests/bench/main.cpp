// loopstep_bench: runs the benchmarks of issue 4, prints the table, writes the JSON.
//   loopstep_bench [--json PATH] [--only fsstat,hook,recording,step,frame,startup,export,output,js]
// LOOPSTEP_BENCH_SCALE=0.1 shrinks every workload for a quick run.
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <string>

#include "tests/bench/fsstat_libuv.h"
#include "tests/bench/sections.h"

using namespace loopstep::bench;

namespace {

// The 1, 5 and 15 minute load averages, for the table's caption: the figures of a busy
// machine are not those of a quiet one. "" where the system has no /proc/loadavg.
std::string load_average() {
  std::ifstream f("/proc/loadavg");
  std::string one, five, fifteen;
  return f >> one >> five >> fifteen ? one + " " + five + " " + fifteen : "";
}

}  // namespace

int main(int argc, char** argv) {
  // Before any uv call: libuv reads UV_THREADPOOL_SIZE once, when its pool starts.
  libuv_set_pool_size(4);
  std::string json = "bench-results.json", only;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--json") && i + 1 < argc) json = argv[++i];
    else if (!std::strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];
    else {
      std::fprintf(stderr, "usage: loopstep_bench [--json PATH] [--only fsstat,hook,recording,step,frame,startup,export,output,js]\n");
      return 2;
    }
  }
  auto want = [&](const char* name) { return only.empty() || ("," + only + ",").find(std::string(",") + name + ",") != std::string::npos; };

  const std::string load_before = load_average();
  Results out;
  // Every key of issue 4, in its order; a section that does not run leaves its keys null.
  for (const char* key : {"fsstat_ratio_k1", "fsstat_ratio_k4", "fsstat_ratio_k64", "fsstat_ratio_k64_norec",
                          "hook_ns_per_event", "events_lost", "producer_waits", "bytes_per_event", "state_at_ms",
                          "frame_ms_1m_max", "frame_ms_10m_max", "step_latency_ms", "startup_ms",
                          "chrome_export_ms_1m", "chrome_export_peak_mb_1m", "js_storm_ratio_node_k64", "bridge_roundtrip_us",
                          "fsstat_ratio_node_k64"})
    out.set(key, std::nullopt);
  try {
    if (want("fsstat")) fsstat_section(out);
    if (want("hook")) hook_section(out);
    if (want("recording")) recording_section(out);
    if (want("step")) step_section(out);
    if (want("frame")) frame_section(out);
    if (want("startup")) startup_section(out);
    if (want("export")) export_section(out);
    if (want("output")) output_section(out);
    if (want("js")) js_section(out);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "loopstep_bench: %s\n", e.what());
    out.print();
    return 1;
  }
  std::printf("loopstep_bench: scale %.3g, %d repetitions per figure; load average %s at the start, %s at the end\n",
              scale(), kReps, load_before.c_str(), load_average().c_str());
  out.print();
  out.write_json(json);
  std::printf("\nwrote %s\n", json.c_str());
  return 0;
}
