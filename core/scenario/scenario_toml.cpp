// Typed reads of TOML values with their positions (see scenario_toml.h).
#include "core/scenario/scenario_toml.h"

#include <algorithm>
#include <limits>

namespace loopstep::scenario_toml {

void fail(SourcePos pos, std::string message) { throw Failure{pos, std::move(message)}; }

SourcePos pos_of(const toml::source_region& r) { return {r.begin.line, r.begin.column}; }
SourcePos pos_of(const toml::node& n) { return pos_of(n.source()); }

bool contains(std::span<const std::string_view> names, std::string_view s) {
  return std::find(names.begin(), names.end(), s) != names.end();
}

std::string joined(std::span<const std::string_view> names) {
  std::string out;
  for (auto n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

std::string_view type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table: return "table";
    case toml::node_type::array: return "array";
    case toml::node_type::string: return "string";
    case toml::node_type::integer: return "integer";
    case toml::node_type::floating_point: return "float";
    case toml::node_type::boolean: return "boolean";
    case toml::node_type::date: return "date";
    case toml::node_type::time: return "time";
    case toml::node_type::date_time: return "date-time";
    default: return "nothing";
  }
}

std::vector<Entry> in_source_order(const toml::table& t) {
  std::vector<Entry> out;
  for (const auto& [k, v] : t) out.push_back({k.str(), pos_of(k.source()), &v});
  std::stable_sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) {
    return std::pair(a.key_pos.line, a.key_pos.column) < std::pair(b.key_pos.line, b.key_pos.column);
  });
  return out;
}

void check_keys(const toml::table& t, std::span<const std::string_view> allowed, const char* where) {
  for (const Entry& e : in_source_order(t))
    if (!contains(allowed, e.key))
      fail(e.key_pos, "unknown key " + quote(e.key) + where + "; allowed: " + joined(allowed));
}

void wrong_type(const toml::node& v, const std::string& what, const char* expected) {
  fail(pos_of(v), what + " must be " + expected + ", got " + std::string(type_name(v)));
}

std::string read_string(const toml::node& v, const std::string& what) {
  if (!v.is_string()) wrong_type(v, what, "a string");
  return v.as_string()->get();
}

int64_t read_int(const toml::node& v, const std::string& what, int64_t lo, int64_t hi) {
  if (!v.is_integer()) wrong_type(v, what, "an integer");
  int64_t n = v.as_integer()->get();
  if (n < lo || n > hi) {
    std::string range = hi == std::numeric_limits<int64_t>::max()
                            ? std::to_string(lo) + " or more"
                            : "between " + std::to_string(lo) + " and " + std::to_string(hi);
    fail(pos_of(v), what + " must be " + range + ", got " + std::to_string(n));
  }
  return n;
}

std::string read_choice(const toml::node& v, const std::string& what, std::span<const std::string_view> choices) {
  std::string s = read_string(v, what);
  if (!contains(choices, s))
    fail(pos_of(v), what + " must be one of " + joined(choices) + "; got " + quote(s));
  return s;
}

const toml::table& read_table(const toml::node& v, const std::string& what) {
  if (!v.is_table()) wrong_type(v, what, "a table");
  return *v.as_table();
}

std::string read_path(const toml::node& v, const std::string& what) {
  std::string p = read_string(v, what);
  if (std::string problem = sandbox_path_problem(p); !problem.empty()) fail(pos_of(v), problem);
  return p;
}

const toml::node& required(const toml::table& t, std::string_view key, SourcePos pos) {
  if (auto* v = t.get(key)) return *v;
  fail(pos, "missing required key " + quote(key));
}

}  // namespace loopstep::scenario_toml
