// One step in words, as the Narration panel shows it and a handout prints it: where it is
// (step, layer, thread), what happened (the trace's text, the call site, the request), why
// (the long narration), and the teacher's notes that come with it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/record/recording.h"
#include "core/scenario/scenario.h"

namespace loopstep {

// What runs the JS layer: "modeled", or "real: Node v20.20.0 runs your program".
std::string js_layer_words(const RunInfo& info);
std::string layer_title(Layer l, const RunInfo& info);  // "JS (modeled)", "libuv" ...
// The run's engine in a line: "IOCP (emulated on Linux), a thread per request (the article's model)".
std::string run_words(const RunInfo& info);
// "req 1 fs.open 1.txt", as short as the info allows; "-" for none.
std::string request_words(const RunInfo& info, uint32_t req);
// Where the program made the event's call: "at lesson.js:3:1"; "" when it has no call site.
std::string call_site_words(const Event& e, const RunInfo& info);

struct StepStory {
  size_t step = 0;              // step N = the N-th event; 0 = before the first
  std::string heading;          // "Step 26 · kernel · thread 1"
  std::string what;             // the trace's text: what this step did, with its values
  std::string call_site;        // "at lesson.js:3:1" or ""
  std::string request;          // "req 1 fs.open 1.txt" or ""
  std::string why;              // the long narration: what it means
  std::vector<std::string> notes;  // the teacher's notes shown at this step
};

// `notes` may be null (a replay carries none). step <= rec.size().
StepStory step_story(const Recording& rec, size_t step, const std::vector<Note>* notes);

}  // namespace loopstep
