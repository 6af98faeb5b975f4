// One step numbering everywhere: step N is the N-th event (seq N - 1), as the app's "Step N",
// notes' `step = N` and `screenshot --steps N` count; the text trace's step column and the
// JSONL's `step` say the same number.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "core/trace/trace_io.h"
#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;

TEST_CASE("numbering: the text trace's step column counts events from 1") {
  auto r = run_article_000();
  std::ostringstream out;
  write_text(out, r.rec());
  std::istringstream in(out.str());
  std::string line;
  std::vector<std::string> events;
  while (std::getline(in, line)) {
    if (line.starts_with("# step thread")) CHECK(events.empty());
    if (!line.starts_with("#")) events.push_back(line);
  }
  REQUIRE(events.size() == r.rec().size());
  CHECK(events[0].starts_with("     1  T0 "));
  CHECK(events[29].starts_with("    30  T"));
}

TEST_CASE("numbering: each JSONL event carries its step, seq + 1") {
  auto r = run_article_000();
  std::ostringstream out;
  write_jsonl(out, r.rec());
  std::istringstream in(out.str());
  std::string line;
  std::getline(in, line);  // the header
  uint64_t step = 0;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    CHECK(j["step"] == ++step);
    CHECK(j["seq"] == step - 1);
  }
  CHECK(step == r.rec().size());
}
