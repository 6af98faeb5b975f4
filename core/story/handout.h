// A handout for a worksheet: pictures of chosen steps of a lesson, each with its narration,
// as PNG files and one self-contained HTML page (the pictures inside it as data URIs).
// The pictures come from the app (`loopstep handout`); everything else is here.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/record/run_info.h"
#include "core/story/step_story.h"

namespace loopstep {

// "3,12,26" -> {3, 12, 26}, in the order given; or what is wrong with it ("--steps: '3,,4':
// an empty step", "'x' is not a step number", "step 12 is listed twice").
std::variant<std::vector<size_t>, std::string> parse_step_list(std::string_view text);

struct HandoutStep {
  StepStory story;
  std::string picture_file;  // "step-12.png"
  std::string png;           // its bytes
  std::string command;       // the command line that opens this moment in the window
};

// The file name of step N's picture: "step-12.png".
std::string handout_picture_name(size_t step);
// One HTML page, nothing outside it: the lesson's title, what it teaches and its engine, then
// per step its heading, picture, narration and teacher's notes.
std::string handout_html(const RunInfo& info, std::string_view lesson_file, const std::vector<HandoutStep>& steps);

// Writes every (name, bytes) into `dir` (created when missing) or none: they are written into
// a staging folder inside `dir` first and renamed into place once all of them are. Returns ""
// or a message ("cannot write the handout to 'DIR': REASON").
std::string write_all_or_nothing(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace loopstep
