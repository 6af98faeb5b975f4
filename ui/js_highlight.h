// Syntax colours for the Source panel: a small JavaScript tokenizer that works a line at a
// time and carries what a line ends inside (a block comment, a template literal) to the next.
// Pure logic: no ImGui here, so the tests check it on its own.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

namespace loopstep::ui {

enum class JsToken : uint8_t { plain, comment, string, keyword, number };

// A run of bytes [begin, end) of one line in one colour. A line's spans cover it end to end.
struct JsSpan {
  uint32_t begin = 0, end = 0;
  JsToken token = JsToken::plain;
  bool operator==(const JsSpan&) const = default;
};

// Where a line ends: outside any token, or inside one that continues on the next line.
enum class JsCarry : uint8_t { none, block_comment, template_literal };

// The spans of `line` (without its '\n'), which starts inside `carry`; returns what the
// next line starts inside. Limits, kept on purpose for lesson-sized programs:
// - no regex literals: a '/' that is not a comment is plain text (a regex holding a quote
//   colours the rest of its line as a string);
// - a template literal's ${...} is coloured as the literal around it.
JsCarry highlight_js_line(std::string_view line, JsCarry carry, std::vector<JsSpan>& out);

}  // namespace loopstep::ui
