// Printing the table and writing the JSON.
#include "tests/bench/results.h"

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace loopstep::bench {

namespace {

std::string num(double x) {
  char buf[32];
  if (x != 0 && (x >= 1e6 || x < 0.01)) std::snprintf(buf, sizeof buf, "%.3g", x);
  else std::snprintf(buf, sizeof buf, "%.2f", x);
  return buf;
}

}  // namespace

void Results::set(const std::string& key, std::optional<double> value) {
  for (auto& [k, v] : json_)
    if (k == key) {
      v = value;
      return;
    }
  json_.emplace_back(key, value);
}

void Results::print() const {
  std::printf("\n%-44s %12s %12s %12s  %-14s %-5s %s\n", "figure", "median", "min", "max", "target", "met?", "note");
  std::printf("%s\n", std::string(130, '-').c_str());
  for (const Row& r : rows_) {
    std::string fig = r.figure + (r.unit.empty() ? "" : " (" + r.unit + ")");
    if (!r.value) {
      std::printf("%-44s %12s %12s %12s  %-14s %-5s %s\n", fig.c_str(), "not measured yet", "", "", r.target.c_str(), "-",
                  r.note.c_str());
      continue;
    }
    const char* met = !r.met ? "-" : *r.met ? "yes" : "NO";
    std::printf("%-44s %12s %12s %12s  %-14s %-5s %s\n", fig.c_str(), num(r.value->median).c_str(), num(r.value->min).c_str(),
                num(r.value->max).c_str(), r.target.c_str(), met, r.note.c_str());
  }
  std::fflush(stdout);
}

void Results::write_json(const std::string& path) const {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const auto& [k, v] : json_) j[k] = v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
  std::ofstream out(path);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << j.dump(2) << "\n";
}

}  // namespace loopstep::bench
