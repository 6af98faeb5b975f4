// The Source panel's JavaScript tokenizer (see js_highlight.h).
#include "ui/js_highlight.h"

#include <algorithm>
#include <iterator>

namespace loopstep::ui {
namespace {

// Reserved words and the literals a lesson reads as words of the language.
constexpr std::string_view kKeywords[] = {
    "async",  "await",   "break",    "case",      "catch",      "class",  "const",  "continue", "debugger",
    "default", "delete", "do",       "else",      "export",     "extends", "false", "finally",  "for",
    "from",   "function", "if",      "import",    "in",         "instanceof", "let", "new",     "null",
    "of",     "return",  "static",   "super",     "switch",     "this",   "throw",  "true",     "try",
    "typeof", "undefined", "var",    "void",      "while",      "yield",
};

bool is_word_byte(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '_' || c == '$' || u >= 0x80;
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }

class LineScanner {
 public:
  LineScanner(std::string_view line, std::vector<JsSpan>& out) : s_(line), out_(out) {}

  JsCarry run(JsCarry carry) {
    if (carry == JsCarry::block_comment && !block_comment(false)) return JsCarry::block_comment;
    if (carry == JsCarry::template_literal && !quoted('`')) return JsCarry::template_literal;
    while (i_ < s_.size()) {
      const char c = s_[i_];
      const char next = i_ + 1 < s_.size() ? s_[i_ + 1] : '\0';
      if (c == '/' && next == '/') {
        const size_t from = i_;
        i_ = s_.size();
        add(from, JsToken::comment);
      } else if (c == '/' && next == '*') {
        if (!block_comment(true)) return JsCarry::block_comment;
      } else if (c == '\'' || c == '"') {
        quoted(c);  // a newline ends it: JS strings of these quotes are one line
      } else if (c == '`') {
        if (!quoted('`')) return JsCarry::template_literal;
      } else if (is_digit(c) || (c == '.' && is_digit(next))) {
        const size_t from = i_;
        while (i_ < s_.size() && (is_word_byte(s_[i_]) || s_[i_] == '.')) ++i_;  // 0x1f, 1.5, 1_000, 10n
        add(from, JsToken::number);
      } else if (is_word_byte(c)) {
        const size_t from = i_;
        while (i_ < s_.size() && is_word_byte(s_[i_])) ++i_;
        const std::string_view word = s_.substr(from, i_ - from);
        const bool keyword = std::find(std::begin(kKeywords), std::end(kKeywords), word) != std::end(kKeywords);
        add(from, keyword ? JsToken::keyword : JsToken::plain);
      } else {
        add_plain_byte();
      }
    }
    return JsCarry::none;
  }

 private:
  // From i_ (at "/*", or at the line's start inside a comment) to past "*/"; false when the
  // line ends first.
  bool block_comment(bool opens_here) {
    const size_t from = i_;
    const size_t close = s_.find("*/", opens_here ? i_ + 2 : i_);  // "/*/" does not close
    i_ = close == std::string_view::npos ? s_.size() : close + 2;
    add(from, JsToken::comment);
    return close != std::string_view::npos;
  }
  // From i_ (at the opening quote, or at the line's start inside a template) to past the
  // closing quote, skipping escaped characters; false when the line ends first.
  bool quoted(char quote) {
    const size_t from = i_;
    if (i_ < s_.size() && s_[i_] == quote) ++i_;
    bool closed = false;
    while (i_ < s_.size() && !closed) {
      if (s_[i_] == '\\') i_ += 2;
      else closed = s_[i_++] == quote;
    }
    i_ = std::min(i_, s_.size());
    add(from, JsToken::string);
    return closed;
  }
  void add_plain_byte() {
    ++i_;
    add(i_ - 1, JsToken::plain);
  }
  // Appends [from, i_) as `t`, merged into the span before when it has the same colour.
  void add(size_t from, JsToken t) {
    if (from == i_) return;
    if (!out_.empty() && out_.back().token == t && out_.back().end == from) {
      out_.back().end = static_cast<uint32_t>(i_);
      return;
    }
    out_.push_back(JsSpan{static_cast<uint32_t>(from), static_cast<uint32_t>(i_), t});
  }

  std::string_view s_;
  std::vector<JsSpan>& out_;
  size_t i_ = 0;
};

}  // namespace

JsCarry highlight_js_line(std::string_view line, JsCarry carry, std::vector<JsSpan>& out) {
  out.clear();
  return LineScanner(line, out).run(carry);
}

}  // namespace loopstep::ui
