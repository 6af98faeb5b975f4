// Typed reads of TOML values with their positions (see scenario_toml.h).
#include "core/scenario/scenario_toml.h"

#include <algorithm>
#include <limits>

namespace loopstep::scenario_toml {

namespace {

// Names the exported JavaScript already uses (globals, its own helpers, a callback's
// parameters) or cannot use (reserved words): a callback or variable named so would
// shadow them or not compile. afterWriteTick is the engine's own tick for a socket write
// (core/engine/statement_sockets.cpp).
constexpr std::string_view kReservedNames[] = {
    "err", "result", "data", "fs", "os", "path", "crypto", "net", "sandbox", "console", "process", "require", "module", "afterWriteTick",
    "exports", "setTimeout", "setImmediate", "Promise", "Buffer", "undefined", "NaN", "Infinity", "arguments",
    "eval", "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete",
    "do", "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "implements",
    "import", "in", "instanceof", "interface", "let", "new", "null", "package", "private", "protected",
    "public", "return", "static", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void",
    "while", "with", "yield"};

bool is_identifier(std::string_view s) {
  auto head = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '$'; };
  if (s.empty() || !head(s[0])) return false;
  return std::all_of(s.begin() + 1, s.end(), [&](char c) { return head(c) || (c >= '0' && c <= '9'); });
}

}  // namespace

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

void check_identifier(std::string_view name, SourcePos pos, const std::string& what) {
  if (!is_identifier(name))
    fail(pos, what + " " + quote(name) + " is not a JavaScript identifier ([A-Za-z_$][A-Za-z0-9_$]*)");
  if (contains(kReservedNames, name))
    fail(pos, what + " " + quote(name) + " is reserved in the generated JavaScript; pick another name");
}

std::string read_filled(const toml::node& v, const std::string& what, const char* where, bool in_callback) {
  std::string text = read_string(v, what);
  for (std::string_view piece : split_placeholders(text)) {
    if (piece.size() < 2 || piece.front() != '{' || piece.back() != '}') continue;
    if (!contains(kPlaceholders, piece))
      fail(pos_of(v), "unknown placeholder " + quote(piece) + " in " + where + "; use {err}, {result} or {data}");
    if (!in_callback)
      fail(pos_of(v), "placeholder " + quote(piece) + " has no value in the main script; only a callback has err, result and data");
  }
  return text;
}

bool has_placeholder(std::string_view text) {
  return std::any_of(std::begin(kPlaceholders), std::end(kPlaceholders), [&](std::string_view p) { return text.find(p) != std::string_view::npos; });
}

}  // namespace loopstep::scenario_toml
