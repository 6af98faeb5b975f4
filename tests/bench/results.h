// The output of `make bench`: one table on stdout and bench-results.json with the keys
// issue 4 lists (numbers; null for figures not measured yet).
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tests/bench/stats.h"

namespace loopstep::bench {

struct Row {
  std::string figure;
  std::optional<Summary> value;  // nullopt: not measured yet
  std::string unit;
  std::string target;            // "" when the figure has no target
  std::optional<bool> met;
  std::string note;
};

class Results {
 public:
  void add(Row row) { rows_.push_back(std::move(row)); }
  void set(const std::string& key, std::optional<double> value);  // a JSON key of issue 4
  void print() const;
  void write_json(const std::string& path) const;

 private:
  std::vector<Row> rows_;
  std::vector<std::pair<std::string, std::optional<double>>> json_;
};

}  // namespace loopstep::bench
