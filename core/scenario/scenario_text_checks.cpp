// Checks on a scenario's raw text, around toml++ (see scenario_text_checks.h).
#include "core/scenario/scenario_text_checks.h"

#include <cctype>
#include <cstdint>

namespace loopstep {

SourcePos position_of(std::string_view text, size_t offset) {
  SourcePos p{1, 1};
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') { ++p.line; p.column = 1; }
    else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++p.column;
  }
  return p;
}

size_t too_many_dots(std::string_view t) {
  size_t dots = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (c == '\n') {
      dots = 0;
    } else if (c == '#') {
      i = t.find('\n', i);
      if (i == std::string_view::npos) break;
      dots = 0;
    } else if (c == '"' || c == '\'') {
      const std::string_view close = t.substr(i, 3) == std::string(3, c) ? t.substr(i, 3) : t.substr(i, 1);
      size_t j = i + close.size();
      while (j < t.size() && t.substr(j, close.size()) != close) {
        if (close.size() == 1 && t[j] == '\n') break;  // unterminated: toml++ reports it
        j += (c == '"' && t[j] == '\\') ? 2 : 1;
      }
      if (close.size() == 1 && j < t.size() && t[j] == '\n') {
        i = j - 1;  // the newline is handled next
        continue;
      }
      if (t.substr(i, j - i).find('\n') != std::string_view::npos) dots = 0;  // a multi-line string
      i = j + close.size() - 1;
    } else if (c == '.' && ++dots > kMaxDotsPerLine) {
      return i;
    }
  }
  return std::string_view::npos;
}

std::string redefined_key_message(std::string message, std::string_view text, SourcePos at) {
  const std::string_view marker = "cannot redefine existing ";
  size_t m = message.find(marker), type_end = m == std::string::npos ? m : message.find(' ', m + marker.size());
  if (type_end == std::string::npos) return message;
  size_t i = 0;
  for (uint32_t line = 1; line < at.line && i < text.size(); ++i)
    if (text[i] == '\n') ++line;
  for (uint32_t col = 1; col < at.column && i < text.size(); ++col)  // columns count code points
    for (++i; i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;) ++i;
  auto skip_blanks = [&] { while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t')) --i; };
  skip_blanks();
  if (i == 0 || text[i - 1] != '=') return message;
  --i;
  skip_blanks();
  size_t end = i;
  if (i >= 2 && (text[i - 1] == '"' || text[i - 1] == '\'')) {
    size_t open = text.rfind(text[i - 1], i - 2);
    if (open == std::string_view::npos) return message;
    return message.substr(0, type_end + 1) + quote(text.substr(open + 1, end - 2 - open));
  }
  while (i > 0 && (std::isalnum(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '_' || text[i - 1] == '-')) --i;
  if (i == end) return message;
  return message.substr(0, type_end + 1) + quote(text.substr(i, end - i));
}

}  // namespace loopstep
