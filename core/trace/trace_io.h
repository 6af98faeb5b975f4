// Traces out of and into loopstep: text (one line per event), JSON lines (also the saved
// recording format, reloadable for replay), and Chrome trace JSON (opens in Perfetto).
#pragma once
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/record/recording.h"

namespace loopstep {

void write_text(std::ostream& out, const Recording& rec);
// The header carries `moment` when set (where the file reopens); the first form writes the
// recording's own (the one it was loaded with), so a load and a save keep it.
void write_jsonl(std::ostream& out, const Recording& rec, const std::optional<Moment>& moment);
inline void write_jsonl(std::ostream& out, const Recording& rec) { write_jsonl(out, rec, rec.moment); }
// What a Chrome trace event carries beyond its name, layer (cat), thread and time: nothing
// (brief: speedscope names a frame by its args, so any per-event args split every group), or
// seq, layer, req, value and the narration (full: `--trace-args full`). Either way a JS lesson's
// event carries its call site, "src": "lesson.js:3:1".
enum class ChromeTraceArgs { brief, full };
void write_chrome_trace(std::ostream& out, const Recording& rec, ChromeTraceArgs args = ChromeTraceArgs::brief);
// The scenario's console output, one line per console.log, as Node would print it.
void write_console(std::ostream& out, const Recording& rec);

struct LoadedRecording {
  std::unique_ptr<Recording> recording;  // always set; holds every valid event before a problem
  std::vector<std::string> warnings;     // "file:line: message" for what was skipped
  std::string error;                     // set when not even the header could be read
};
LoadedRecording read_jsonl(std::istream& in, const std::string& file_name);
// A path names a saved recording (replayed) rather than a lesson (run): it ends in ".jsonl".
bool names_recording(std::string_view path);

}  // namespace loopstep
