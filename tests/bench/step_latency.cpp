// One Step-mode run of a scenario file, timing each step().
#include "tests/bench/step_latency.h"

#include <stdexcept>
#include <variant>

#include "core/engine/session.h"
#include "tests/bench/stats.h"

namespace loopstep::bench {

std::vector<double> step_latency_run(const std::string& scenario_path) {
  ScenarioResult parsed = parse_scenario_file(scenario_path);
  if (auto* err = std::get_if<ScenarioError>(&parsed)) throw std::runtime_error(err->format());
  SessionOptions o;
  o.mode = Mode::step;
  Session session(std::get<Scenario>(std::move(parsed)), o);
  session.start();
  std::vector<double> ms;
  for (;;) {
    int64_t t0 = now_ns();
    bool more = session.step();
    uint64_t folded = session.recording().tail_state().folded;  // what the UI reads next
    int64_t t1 = now_ns();
    if (folded != session.recording().size())
      throw std::runtime_error("step latency: the folded state lags the recording");
    ms.push_back(static_cast<double>(t1 - t0) / 1e6);
    if (!more) break;
  }
  if (!session.stop_reason().empty()) throw std::runtime_error("step latency run stopped: " + session.stop_reason());
  return ms;
}

}  // namespace loopstep::bench
