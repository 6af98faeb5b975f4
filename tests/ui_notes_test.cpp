// Teacher notes in the narration panel: `at = KIND` at the first event of that kind only, and
// `step = N` at the app's "Step N" (the cursor, the N-th event), the numbering the CLI's
// step column, the JSONL's `step` and `screenshot --steps N` use too.
#include <doctest/doctest.h>

#include "tests/support.h"
#include "ui/narration_panel.h"

using namespace loopstep;
using namespace loopstep::test;

namespace {

Scenario two_stats_with_notes() {
  ScenarioResult r = parse_scenario_text(
      "title = \"t\"\nteaches = \"t\"\nbackend = \"epoll\"\n[files]\n\"a\" = \"x\"\n"
      "[[main]]\ncall = \"fs.stat\"\npath = \"a\"\ncallback = \"cb\"\n"
      "[[main]]\ncall = \"fs.stat\"\npath = \"a\"\ncallback = \"cb\"\n"
      "[callbacks]\ncb = []\n"
      "[[notes]]\nat = \"req_count_inc\"\ntext = \"first register\"\n"
      "[[notes]]\nstep = 3\ntext = \"step three\"\n",
      "t.toml");
  if (auto* e = std::get_if<ScenarioError>(&r)) FAIL(e->format());
  return std::get<Scenario>(r);
}

// The steps (cursor values) at which the panel shows a note with this text.
std::vector<size_t> steps_showing(const Recording& rec, const std::vector<Note>& notes, const std::string& text) {
  std::vector<size_t> out;
  LoopState s;
  for (size_t cursor = 0; cursor <= rec.size(); ++cursor) {
    ui::Frame f;
    f.rec = &rec;
    f.state = &s;
    f.cursor = cursor;
    f.notes = &notes;
    for (const Note* n : ui::NarrationPanel::notes_for(f))
      if (n->text == text) out.push_back(cursor);
  }
  return out;
}

}  // namespace

TEST_CASE("notes: `at = KIND` shows at the first event of that kind only") {
  Scenario sc = two_stats_with_notes();
  SessionOptions o;
  o.mode = Mode::step;
  auto r = run_scenario(sc, o);
  REQUIRE(count(r.rec(), Kind::req_count_inc) == 2);
  size_t first = 0;
  while (r.rec()[first].kind != Kind::req_count_inc) ++first;
  CHECK(steps_showing(r.rec(), r.session->scenario().notes, "first register") == std::vector<size_t>{first + 1});
}

TEST_CASE("notes: `step = N` shows at Step N, the N-th event (seq N - 1)") {
  Scenario sc = two_stats_with_notes();
  SessionOptions o;
  o.mode = Mode::step;
  auto r = run_scenario(sc, o);
  CHECK(steps_showing(r.rec(), r.session->scenario().notes, "step three") == std::vector<size_t>{3});
  CHECK(r.rec()[2].seq == 2);
}
