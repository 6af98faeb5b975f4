// Running the fs.stat storm through a Session (Run mode, recording on) and checking it.
#include "tests/bench/fsstat_loopstep.h"

#include "core/engine/session.h"
#include "tests/bench/stats.h"

namespace loopstep::bench {

StormRun loopstep_fsstat_storm(const Scenario& sc, bool record) {
  SessionOptions o;
  o.mode = Mode::run;
  o.record = record;
  Session session(Scenario(sc), o);
  StormRun r;
  int64_t t0 = now_ns();
  session.start();
  session.run_to_end();
  r.seconds = static_cast<double>(now_ns() - t0) / 1e9;
  const Recording& rec = session.recording();
  r.events = rec.size();
  r.producer_waits = session.producer_waits();
  r.stop_reason = session.stop_reason();
  for (const Event& e : rec.events())
    if (e.kind == Kind::syscall_end) {
      ++r.stats;
      if (e.value < 0) ++r.failed;
    }
  return r;
}

}  // namespace loopstep::bench
