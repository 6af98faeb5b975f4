#include "core/scenario/js_lesson.h"

#include <string>

namespace loopstep {

namespace {

std::string_view trim_end(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string_view trim(std::string_view s) {
  s = trim_end(s);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

std::string base_name(const std::string& path) {
  size_t slash = path.find_last_of("/\\");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

bool is_js_lesson(std::string_view f) {
  return (f.size() > 3 && f.substr(f.size() - 3) == ".js") || (f.size() > 4 && f.substr(f.size() - 4) == ".cjs");
}

ScenarioResult parse_js_lesson(std::string_view text, const std::string& file_name) {
  Scenario sc;
  sc.file = file_name;
  sc.js = true;
  sc.source = std::string(text);
  sc.title = base_name(file_name);
  sc.config = lesson_defaults(true);

  // Lines before the front matter may be a #! line, blank lines and // comments: what a
  // file can start with before its first block comment.
  std::string toml;
  uint32_t line = 0;
  size_t at = 0;
  bool open = false;
  while (at <= text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view l = text.substr(at, end - at);
    ++line;
    at = end + 1;
    if (!open) {
      std::string_view t = trim(l);
      if (trim_end(l) == "/* loopstep") {
        open = true;
        sc.front_matter_first = line;
        toml.append(line, '\n');  // the TOML keeps the .js file's line numbers
        continue;
      }
      if ((line == 1 && t.substr(0, 2) == "#!") || t.empty() || t.substr(0, 2) == "//") continue;
      break;  // code, or another comment: no front matter
    }
    if (trim(l) == "*/") {
      sc.front_matter_last = line;
      break;
    }
    if (size_t close = l.find("*/"); close != std::string_view::npos)
      return ScenarioError{file_name, line, static_cast<uint32_t>(close + 1),
                           "`*/` inside the front matter ends the JavaScript comment here; the front matter ends with "
                           "`*/` on a line of its own"};
    toml.append(l);
    toml += '\n';
    if (end == text.size()) break;
  }
  if (open && !sc.front_matter_last)
    return ScenarioError{file_name, sc.front_matter_first, 1,
                         "the front matter opened here with `/* loopstep` is never closed: end it with `*/` on a line of its own"};
  if (!open) return sc;
  return read_toml(toml, std::move(sc));
}

}  // namespace loopstep
