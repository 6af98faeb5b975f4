// Predict mode (ui/predict.h) on the app without a window: the choices it offers are the
// gate's own candidates, step by step (a second session of the same lesson, stepped in
// lockstep, is the gate's word); a scripted student who always picks the default policy's
// choice scores every question; one who never does scores none, and the lesson's scores,
// kept in the config folder, list the steps missed most.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/gui_app.h"
#include "core/node/lesson_check.h"
#include "core/trace/trace_io.h"
#include "tests/posix_support.h"
#include "tests/support.h"
#include "tests/ui_fixture.h"

using namespace loopstep;

namespace {

struct Run {
  int questions = 0;
  std::string summary;
};

// One run of `lesson` to its end in predict mode; `choose` picks among the gate's candidates
// (given the default policy's choice).
Run predict_run(GuiApp& app, test::ImGuiFixture& im, const std::string& lesson,
                const std::function<uint16_t(const std::vector<Candidate>&, uint16_t)>& choose) {
  Run out;
  REQUIRE(app.open(test::source_path(lesson)));
  SessionOptions o;
  o.mode = Mode::step;
  Session mirror(test::load_scenario(lesson), o);
  mirror.start();
  for (int steps = 0; !mirror.finished() && steps < 5000; ++steps) {
    im.frame(app);  // the question (or none) for the next step
    const std::vector<Candidate> cands = mirror.candidates();
    if (cands.size() > 1) {
      std::vector<uint16_t> threads;
      for (const Candidate& c : cands) threads.push_back(c.thread);
      CHECK(app.predictor().offered == threads);
      ++out.questions;
      app.predict_pick(choose(cands, mirror.policy_choice()));
    } else {
      CHECK(app.predictor().offered.empty());
      im.frame(app, GLFW_KEY_RIGHT);
    }
    mirror.step();
    REQUIRE(app.recording().size() == mirror.recording().size());
  }
  im.frame(app);
  im.frame(app);
  out.summary = app.predictor().summary;
  return out;
}

Scenario must_load_lesson(const std::string& path) {
  ScenarioResult r = load_lesson(path);
  if (auto* e = std::get_if<ScenarioError>(&r)) FAIL(e->format());
  return std::get<Scenario>(std::move(r));
}

uint16_t the_default(const std::vector<Candidate>&, uint16_t policy) { return policy; }
uint16_t another(const std::vector<Candidate>& cands, uint16_t policy) {
  return cands[0].thread == policy ? cands[1].thread : cands[0].thread;
}

}  // namespace

TEST_CASE("ui predict: the choices are the gate's, and a student who always picks the default is always right") {
  test::ImGuiFixture im;
  GuiApp app(test::source_path("scenarios"));
  app.view.predict = true;
  const Run r = predict_run(app, im, "scenarios/pool_saturation.toml", the_default);
  CHECK(r.questions > 0);
  CHECK(app.predictor().asked == r.questions);
  CHECK(app.predictor().right == r.questions);
  const std::string n = std::to_string(r.questions);
  CHECK(r.summary.starts_with("The run is over. This run: " + n + " of " + n + " right. All your runs of this lesson: " + n +
                              " of " + n + " right."));
  CHECK(r.summary.find("missed") == std::string::npos);
}

TEST_CASE("ui predict: a student who never picks the default scores nothing; the scores and the most missed steps are kept") {
  char templ[] = "/tmp/loopstep-predict-XXXXXX";
  REQUIRE(::mkdtemp(templ) != nullptr);
  const std::string dir = templ;
  int first = 0;
  {
    test::ImGuiFixture im;
    GuiApp app(test::source_path("scenarios"));
    app.set_config_dir(dir);
    app.view.predict = true;
    first = predict_run(app, im, "scenarios/pool_saturation.toml", another).questions;
    REQUIRE(first > 0);
    CHECK(app.predictor().right == 0);
  }
  // A new app (the next day): the lesson's scores are still there, the run's start at 0.
  test::ImGuiFixture im;
  GuiApp app(test::source_path("scenarios"));
  app.set_config_dir(dir);
  app.view.predict = true;
  const Run second = predict_run(app, im, "scenarios/pool_saturation.toml", the_default);
  CHECK(second.questions == first);
  CHECK(app.predictor().right == second.questions);
  const std::string n = std::to_string(first), total = std::to_string(2 * first);
  CHECK(second.summary.find("This run: " + n + " of " + n + " right. All your runs of this lesson: " + n + " of " + total +
                            " right. Most often missed: step ") != std::string::npos);
  std::ifstream in(dir + "/predict.json");
  const nlohmann::json j = nlohmann::json::parse(in);
  const std::string key = std::filesystem::absolute(test::source_path("scenarios/pool_saturation.toml")).lexically_normal().string();
  CHECK(j["lessons"][key]["asked"] == 2 * first);
  CHECK(j["lessons"][key]["right"] == first);
  CHECK(j["lessons"][key]["missed"].size() == size_t(first));  // each question missed once, by its step
  std::filesystem::remove_all(dir);
}

TEST_CASE("ui predict: a saved recording keeps each step's candidates, a replay asks them, an older file still loads") {
  SessionOptions o;
  o.mode = Mode::step;
  Session s(test::load_scenario("scenarios/pool_saturation.toml"), o);
  s.start();
  s.run_to_end();
  const Recording& rec = s.recording();
  REQUIRE(rec.candidate_steps() > 0);
  std::ostringstream saved;
  write_jsonl(saved, rec);
  std::istringstream in(saved.str());
  LoadedRecording back = read_jsonl(in, "r.jsonl");
  REQUIRE(back.error == "");
  CHECK(back.warnings.empty());
  REQUIRE(back.recording->size() == rec.size());
  CHECK(back.recording->candidate_steps() == rec.candidate_steps());
  auto words = [](const Recording& r, const std::vector<Candidate>* c) {
    std::string out;
    if (c)
      for (const Candidate& k : *c)
        out += std::to_string(k.thread) + " " + std::string(kind_name(k.pending.kind)) + " " + std::string(r.info().strings.str(k.pending.fn)) +
               " #" + std::to_string(k.pending.req) + " " + std::to_string(k.pending.value) + "; ";
    return out;
  };
  for (size_t i = 0; i < rec.size(); ++i) {
    CAPTURE(i);
    CHECK(words(*back.recording, back.recording->candidates_before(i)) == words(rec, rec.candidates_before(i)));
    if (const std::vector<Candidate>* c = rec.candidates_before(i)) {
      // The thread that took the step was one of them.
      bool found = false;
      for (const Candidate& k : *c) found |= k.thread == rec[i].thread;
      CHECK(found);
    }
  }
  // A file written before candidates were kept: the same events, no candidates, no warning.
  std::string old, line;
  for (std::istringstream lines(saved.str()); std::getline(lines, line);) {
    nlohmann::json j = nlohmann::json::parse(line);
    j.erase("candidates");
    old += j.dump() + "\n";
  }
  std::istringstream old_in(old);
  LoadedRecording older = read_jsonl(old_in, "old.jsonl");
  CHECK(older.error == "");
  CHECK(older.warnings.empty());
  CHECK(older.recording->size() == rec.size());
  CHECK(older.recording->candidate_steps() == 0);

  // The replay in predict mode: a student who picks what was recorded is always right.
  char templ[] = "/tmp/loopstep-predict-replay-XXXXXX";
  REQUIRE(::mkdtemp(templ) != nullptr);
  const std::string file = std::string(templ) + "/run.jsonl";
  std::ofstream(file) << saved.str();
  test::ImGuiFixture im;
  GuiApp app(test::source_path("scenarios"));
  app.view.predict = true;
  REQUIRE(app.open(file));
  int asked = 0;
  for (size_t steps = 0; app.cursor() < app.recording().size() && steps < 5000; ++steps) {
    im.frame(app);
    const std::vector<Candidate>* c = rec.candidates_before(app.cursor());
    if (c) {
      std::vector<uint16_t> threads;
      for (const Candidate& k : *c) threads.push_back(k.thread);
      CHECK(app.predictor().offered == threads);
      ++asked;
      app.predict_pick(rec[app.cursor()].thread);
    } else {
      CHECK(app.predictor().offered.empty());
      im.frame(app, GLFW_KEY_RIGHT);
    }
  }
  im.frame(app);
  CHECK(asked == int(rec.candidate_steps()));
  CHECK(app.predictor().asked == asked);
  CHECK(app.predictor().right == asked);
  std::filesystem::remove_all(templ);
}

TEST_CASE("ui predict: in a JS lesson the loop thread's next callback is a question, answered by the queue that goes first") {
  if (test::sh("command -v node >/dev/null 2>&1").status != 0) return;  // JS lessons need node
  char templ[] = "/tmp/loopstep-predict-js-XXXXXX";
  REQUIRE(::mkdtemp(templ) != nullptr);
  const std::string lesson = std::string(templ) + "/queues.js";
  std::ofstream(lesson) << "setImmediate(function imm() { console.log('immediate'); });\n"
                           "setTimeout(function tmo() { console.log('timeout'); }, 0);\n"
                           "process.nextTick(function tick() { console.log('tick'); });\n"
                           "Promise.resolve().then(function micro() { console.log('micro'); });\n";
  for (const bool right_student : {true, false}) {
    CAPTURE(right_student);
    test::ImGuiFixture im;
    GuiApp app(test::source_path("scenarios"));
    app.view.predict = true;
    REQUIRE_MESSAGE(app.open(lesson), app.last_error());
    SessionOptions o;
    o.mode = Mode::step;
    Session mirror(must_load_lesson(lesson), o);
    mirror.start();
    int questions = 0;
    for (int steps = 0; !mirror.finished() && steps < 5000; ++steps) {
      im.frame(app);
      const std::vector<Candidate> cands = mirror.candidates();
      const std::vector<uint32_t> offered = app.predictor().offered_callbacks;
      if (cands.size() > 1) {
        app.predict_pick(mirror.policy_choice());
      } else if (!offered.empty()) {
        ++questions;
        const uint32_t runs = cands.at(0).pending.req;
        CHECK(cands[0].pending.kind == Kind::callback_begin);
        CHECK(std::find(offered.begin(), offered.end(), runs) != offered.end());
        const uint32_t other = offered[0] == runs ? offered[1] : offered[0];
        app.predict_pick_callback(right_student ? runs : other);
      } else {
        im.frame(app, GLFW_KEY_RIGHT);
      }
      mirror.step();
      REQUIRE(app.recording().size() == mirror.recording().size());
    }
    im.frame(app);
    CHECK(questions > 0);
    CHECK(app.predictor().asked >= questions);
    CHECK(app.predictor().right == (right_student ? app.predictor().asked : app.predictor().asked - questions));
  }
  std::filesystem::remove_all(templ);
}
