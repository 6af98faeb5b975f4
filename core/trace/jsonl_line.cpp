// Bounded line reads and the SAX shape check of a recording's lines.
#include "core/trace/jsonl_line.h"

#include <istream>
#include <nlohmann/json.hpp>

namespace loopstep {
namespace {

using nlohmann::json;

// Counts values and depth; returning false stops nlohmann's (iterative) parser at once.
class ShapeCheck : public nlohmann::json_sax<json> {
 public:
  std::string problem;
  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override { return open(); }
  bool key(string_t&) override { return true; }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    problem = "not valid JSON (truncated?)";
    return false;
  }

 private:
  bool value() {
    if (++values_ <= kMaxLineValues) return true;
    problem = "more than " + std::to_string(kMaxLineValues) + " values in one line";
    return false;
  }
  bool open() {
    if (!value()) return false;
    if (++depth_ <= kMaxLineDepth) return true;
    problem = "nested deeper than " + std::to_string(kMaxLineDepth) + " levels";
    return false;
  }
  bool close() {
    --depth_;
    return true;
  }
  size_t values_ = 0;
  int depth_ = 0;
};

}  // namespace

LineRead read_line(std::istream& in, std::string& line, size_t max) {
  line.clear();
  std::streambuf* buf = in.rdbuf();
  for (;;) {
    int c = buf->sbumpc();
    if (c == std::char_traits<char>::eof()) return line.empty() ? LineRead::end : LineRead::line;
    if (c == '\n') return LineRead::line;
    if (line.size() == max) return LineRead::too_long;
    line.push_back(static_cast<char>(c));
  }
}

std::string check_line_shape(const std::string& line) {
  ShapeCheck check;
  if (json::sax_parse(line, &check)) return "";
  return check.problem.empty() ? "not valid JSON (truncated?)" : check.problem;
}

}  // namespace loopstep
