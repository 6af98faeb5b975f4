// Reading a recording's lines with bounded memory: a line is at most kMaxRecordingLine bytes,
// and it is checked with a SAX pass (no document built) to hold at most kMaxLineValues values
// nested at most kMaxLineDepth deep before it is parsed: a recording's lines are flat objects
// (an event's candidates a list of flat objects), so a 16 MiB line of nested arrays or of a
// million keys is refused, not built.
#pragma once
#include <cstddef>
#include <iosfwd>
#include <string>

namespace loopstep {

inline constexpr size_t kMaxRecordingBytes = size_t{2} << 30;  // 2 GiB: a saved 10M-event run
inline constexpr size_t kMaxRecordingLine = size_t{16} << 20;  // 16 MiB: a long console line
// An event line's optional candidates take 7 values each: 8,192 holds the 1,025 threads a
// pool of 1,024 and the loop can have.
inline constexpr size_t kMaxLineValues = 8192;
inline constexpr int kMaxLineDepth = 4;

enum class LineRead { line, end, too_long };
// One line without its '\n'. A line longer than `max` stops there (the rest is not read).
LineRead read_line(std::istream& in, std::string& line, size_t max = kMaxRecordingLine);

// "" when `line` is JSON of at most kMaxLineValues values and kMaxLineDepth levels, else why
// not ("not valid JSON (truncated?)", "more than 256 values ...", "nested deeper than 4 ...").
std::string check_line_shape(const std::string& line);

}  // namespace loopstep
