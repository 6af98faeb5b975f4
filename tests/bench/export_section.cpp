// Section 7 (issue 16): the Chrome trace export of a 1,000,000-event Run-mode recording: its
// time, and the memory the exporter itself takes at its peak (the recording it walks aside).
#include <fstream>
#include <stdexcept>
#include <string>

#include "core/engine/session.h"
#include "core/trace/trace_io.h"
#include "tests/bench/fsstat_scenario.h"
#include "tests/bench/sections.h"
#include "tests/bench/stats.h"

namespace loopstep::bench {

namespace {

// A field of /proc/self/status in bytes (VmRSS, VmHWM).
size_t status_bytes(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string key;
  size_t kb = 0;
  while (in >> key) {
    if (key == std::string(field) + ":") { in >> kb; return kb * 1024; }
    in.ignore(4096, '\n');
  }
  return 0;
}

// Writing 5 to clear_refs resets VmHWM to the current RSS (Linux >= 4.0), so the peak seen
// after the export is the export's own.
void reset_peak() { std::ofstream("/proc/self/clear_refs") << "5"; }

// Counts the bytes written, keeps none: the export's cost without the disk's.
class CountingBuf : public std::streambuf {
 public:
  size_t bytes = 0;

 protected:
  int_type overflow(int_type c) override { ++bytes; return c; }
  std::streamsize xsputn(const char*, std::streamsize n) override { bytes += static_cast<size_t>(n); return n; }
};

}  // namespace

void export_section(Results& out) {
  const size_t want = scaled(1'000'000, 20'000);
  // About 25 events per fs.stat on epoll + pool in Run mode.
  SessionOptions o;
  o.backend = BackendKind::epoll;
  Session session(storm_scenario(want / 24 + 1, 64), o);
  session.run_to_end();
  const Recording& rec = session.recording();
  if (rec.events().empty()) throw std::runtime_error("export: the storm recorded nothing");
  std::vector<double> ms, peak_mb;
  size_t bytes = 0;
  for (int rep = 0; rep < kReps; ++rep) {
    CountingBuf buf;
    std::ostream sink(&buf);
    reset_peak();
    const size_t base = status_bytes("VmRSS");
    const int64_t t = now_ns();
    write_chrome_trace(sink, rec);
    ms.push_back(static_cast<double>(now_ns() - t) / 1e6);
    peak_mb.push_back(static_cast<double>(status_bytes("VmHWM") - base) / (1024.0 * 1024.0));
    bytes = buf.bytes;
  }
  const std::string what = std::to_string(rec.events().size()) + " events, " + std::to_string(bytes / rec.events().size()) + " bytes/event written";
  Summary t = summarize(ms), m = summarize(peak_mb);
  out.add({"chrome trace export, 1M events", t, "ms", "report", std::nullopt, what});
  out.add({"chrome trace export, peak memory", m, "MB", "report", std::nullopt, "VmHWM over VmRSS at the start, streamed to a counting sink"});
  out.set("chrome_export_ms_1m", t.median);
  out.set("chrome_export_peak_mb_1m", m.median);
}

}  // namespace loopstep::bench
