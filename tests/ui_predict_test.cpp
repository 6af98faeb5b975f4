// Predict mode (ui/predict.h) on the app without a window: the choices it offers are the
// gate's own candidates, step by step (a second session of the same lesson, stepped in
// lockstep, is the gate's word); a scripted student who always picks the default policy's
// choice scores every question; one who never does scores none, and the lesson's scores,
// kept in the config folder, list the steps missed most.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "app/gui_app.h"
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
