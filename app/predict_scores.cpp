#include "app/predict_scores.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/trace/recording_file.h"

namespace loopstep {

using nlohmann::json;

void PredictScores::load() {
  if (loaded_) return;
  loaded_ = true;
  if (file_.empty()) return;
  std::ifstream in(file_);
  if (!in) return;
  // A file that is not what this code wrote (edited by hand, cut short) starts the scores again.
  json j = json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j["lessons"].is_object()) return;
  for (const auto& [path, l] : j["lessons"].items()) {
    if (!l.is_object()) continue;
    Lesson& lesson = lessons_[path];
    lesson.asked = l.value("asked", 0);
    lesson.right = l.value("right", 0);
    if (const auto m = l.find("missed"); m != l.end() && m->is_array())
      for (const json& x : *m)
        if (x.is_object() && x.value("step", 0) > 0)
          lesson.missed[x.value("step", size_t{0})] = Missed{x.value("times", 0), x.value("happened", std::string())};
  }
}

std::string PredictScores::add(const std::string& lesson, const ui::PredictResult& r) {
  load();
  Lesson& l = lessons_[lesson];
  ++l.asked;
  if (r.right) {
    ++l.right;
  } else {
    Missed& m = l.missed[r.step];
    ++m.times;
    m.happened = r.happened;
  }
  if (file_.empty()) return "";
  json lessons = json::object();
  for (const auto& [path, x] : lessons_) {
    json missed = json::array();
    for (const auto& [step, m] : x.missed) missed.push_back({{"step", step}, {"times", m.times}, {"happened", m.happened}});
    lessons[path] = {{"asked", x.asked}, {"right", x.right}, {"missed", missed}};
  }
  const std::string text = json{{"lessons", lessons}}.dump(1, ' ', false, json::error_handler_t::replace);
  return save_atomically(file_, [&](std::ostream& out) { out << text << "\n"; });
}

std::string PredictScores::summary(const std::string& lesson) {
  load();
  const auto it = lessons_.find(lesson);
  if (it == lessons_.end() || it->second.asked == 0) return "";
  const Lesson& l = it->second;
  std::string s = "All your runs of this lesson: " + std::to_string(l.right) + " of " + std::to_string(l.asked) + " right.";
  std::vector<std::pair<size_t, Missed>> missed(l.missed.begin(), l.missed.end());
  std::stable_sort(missed.begin(), missed.end(), [](const auto& a, const auto& b) { return a.second.times > b.second.times; });
  if (missed.size() > 3) missed.resize(3);
  for (size_t i = 0; i < missed.size(); ++i) {
    s += i == 0 ? " Most often missed: " : "; ";
    s += "step " + std::to_string(missed[i].first) + " (" + std::to_string(missed[i].second.times) +
         (missed[i].second.times == 1 ? " time" : " times") + ": " + missed[i].second.happened + ")";
  }
  return s + (missed.empty() ? "" : ".");
}

}  // namespace loopstep
