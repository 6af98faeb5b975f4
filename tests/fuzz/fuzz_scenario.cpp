// libFuzzer target: any bytes given to the scenario parser and validator. It must return
// a Scenario or a ScenarioError with a 1-based line and column and a message — never crash,
// hang, leak or trip a sanitizer. A Scenario it accepts must obey the documented path rules.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/scenario/scenario.h"

using namespace loopstep;

namespace {
void check_paths(const std::vector<Step>& steps) {
  for (const Step& s : steps)
    if (op_uses_path(s.op) && !sandbox_path_problem(s.path).empty()) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ScenarioResult r = parse_scenario_text(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.toml");
  if (const auto* e = std::get_if<ScenarioError>(&r)) {
    // Every error names a place and says something: "fuzz.toml:L:C: message".
    if (e->line == 0 || e->column == 0 || e->message.empty()) std::abort();
    (void)e->format();
    return 0;
  }
  const Scenario& sc = std::get<Scenario>(r);
  if (sc.main.empty()) std::abort();
  check_paths(sc.main);
  for (const auto& [name, body] : sc.callbacks) {
    check_paths(body);
    for (const Step& s : body)
      if (!s.callback.empty() && !sc.callbacks.count(s.callback)) std::abort();
  }
  for (const SandboxFile& f : sc.files)
    if (!sandbox_path_problem(f.path).empty()) std::abort();
  for (const SandboxLink& l : sc.symlinks)
    if (!sandbox_path_problem(l.path).empty() || l.target.empty()) std::abort();
  return 0;
}
