// Predict mode's scores, kept per lesson across runs and restarts of the app in the user's
// config folder ($XDG_CONFIG_HOME/loopstep/predict.json): how many questions were asked and
// answered right, and which steps were missed how often, to list the most missed at the end.
#pragma once
#include <map>
#include <string>

#include "ui/predict.h"

namespace loopstep {

class PredictScores {
 public:
  // `file` empty: nothing is kept on disk (tests, a config folder that cannot be made).
  explicit PredictScores(std::string file = "") : file_(std::move(file)) {}
  // Adds one answer for `lesson` (the lesson's full path) and saves; "" or why it could not save.
  std::string add(const std::string& lesson, const ui::PredictResult& r);
  // "All your runs of this lesson: 12 of 20 right. Most often missed: step 26 (3 times:
  // worker 1: PostQueuedCompletionStatus), ..." ("" when the lesson has no answers yet).
  std::string summary(const std::string& lesson);

 private:
  struct Missed {
    int times = 0;
    std::string happened;
  };
  struct Lesson {
    int asked = 0, right = 0;
    std::map<size_t, Missed> missed;  // by step
  };
  void load();
  std::string file_;
  bool loaded_ = false;
  std::map<std::string, Lesson> lessons_;
};

}  // namespace loopstep
