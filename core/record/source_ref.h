// Source positions of JS lessons: "lesson.js:LINE:COL" strings, interned like every name.
// A request carries the position of the call that made it (RequestInfo::src); a console
// event carries its console.log's position in the high half of its value, beside the text.
#pragma once
#include <cstdint>
#include <string_view>

#include "core/record/event.h"
#include "core/record/run_info.h"

namespace loopstep {

struct SourceRef {
  std::string_view file;
  uint32_t line = 0, column = 0;  // 1-based
};

// "lesson.js:12:5" -> {lesson.js, 12, 5}; false for anything else (the file may hold ':').
bool parse_source_ref(std::string_view s, SourceRef* out);

// A console event's value: the interned text, and the interned src (0 = none).
inline int64_t console_value(uint32_t text, uint32_t src) {
  return static_cast<int64_t>((static_cast<uint64_t>(src) << 32) | text);
}
inline uint32_t console_text(const Event& e) { return static_cast<uint32_t>(e.value); }
inline uint32_t console_src(const Event& e) { return static_cast<uint32_t>(static_cast<uint64_t>(e.value) >> 32); }

// The interned src an event belongs to: its console.log's, else its request's; 0 = none.
uint32_t event_src(const Event& e, const RunInfo& info);

// The line of the lesson an interned src names (0 = none, or a file other than
// info.source_name); and an event's line, through event_src.
uint32_t source_line(uint32_t src, const RunInfo& info);
inline uint32_t event_line(const Event& e, const RunInfo& info) { return source_line(event_src(e, info), info); }

}  // namespace loopstep
