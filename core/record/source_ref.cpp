#include "core/record/source_ref.h"

#include <charconv>

namespace loopstep {

namespace {
bool number_at_end(std::string_view& s, uint32_t* out) {
  size_t colon = s.rfind(':');
  if (colon == std::string_view::npos) return false;
  std::string_view digits = s.substr(colon + 1);
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), *out);
  if (ec != std::errc() || p != digits.data() + digits.size() || digits.empty() || *out == 0) return false;
  s = s.substr(0, colon);
  return true;
}
}  // namespace

bool parse_source_ref(std::string_view s, SourceRef* out) {
  SourceRef r;
  if (!number_at_end(s, &r.column) || !number_at_end(s, &r.line) || s.empty()) return false;
  r.file = s;
  *out = r;
  return true;
}

uint32_t event_src(const Event& e, const RunInfo& info) {
  if (e.kind == Kind::console) return console_src(e);
  if (e.req && info.requests.has(e.req)) return info.requests.get(e.req).src;
  return 0;
}

uint32_t source_line(uint32_t src, const RunInfo& info) {
  SourceRef at;
  if (src == 0 || !parse_source_ref(info.strings.str(src), &at)) return 0;
  return info.source_name.empty() || at.file == info.source_name ? at.line : 0;
}

}  // namespace loopstep
