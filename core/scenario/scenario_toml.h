// Typed reads of TOML values for the scenario parser (core/scenario/scenario_parse.cpp): each value
// read is checked for its type and range, and a failure names the line and column where the
// file wrote it. Only the parser includes this.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// toml++ 3.3 asserts on some malformed keys ("[/") where a release build reports a
// parse error; a file dropped on the window must give an error, never an abort.
#define TOML_ASSERT(expr) static_assert(true)
#include <toml++/toml.h>

#include "core/scenario/scenario.h"

namespace loopstep::scenario_toml {

// Thrown inside the scenario parser only; its public functions turn it into a ScenarioError.
struct Failure {
  SourcePos pos;
  std::string message;
};
[[noreturn]] void fail(SourcePos pos, std::string message);

SourcePos pos_of(const toml::source_region& r);
SourcePos pos_of(const toml::node& n);
constexpr SourcePos kDocumentStart{1, 1};

bool contains(std::span<const std::string_view> names, std::string_view s);
std::string_view type_name(const toml::node& n);  // "table", "integer" ... for messages
std::string joined(std::span<const std::string_view> names);  // "a, b, c"

// A table's entries in the order the file wrote them (toml++ keeps keys sorted), so
// the first error reported is the first one in the file.
struct Entry {
  std::string_view key;
  SourcePos key_pos;
  const toml::node* value;
};
std::vector<Entry> in_source_order(const toml::table& t);
// Fails at the first key not in `allowed`; `where` ends the message (" in [[main]]").
void check_keys(const toml::table& t, std::span<const std::string_view> allowed, const char* where);

// Typed reads of one value; `what` names it in messages, e.g. "`pool_size`".
[[noreturn]] void wrong_type(const toml::node& v, const std::string& what, const char* expected);
std::string read_string(const toml::node& v, const std::string& what);
int64_t read_int(const toml::node& v, const std::string& what, int64_t lo, int64_t hi);
std::string read_choice(const toml::node& v, const std::string& what, std::span<const std::string_view> choices);
const toml::table& read_table(const toml::node& v, const std::string& what);
std::string read_path(const toml::node& v, const std::string& what);  // a path the sandbox accepts
const toml::node& required(const toml::table& t, std::string_view key, SourcePos pos);

// Names a lesson gives (callbacks, variables): JavaScript identifiers that the exported
// program does not already use. `what` names it ("variable").
void check_identifier(std::string_view name, SourcePos pos, const std::string& what);
// console.log's args and socket.write's data: a string whose {err}, {result} and {data} a
// callback's arguments fill; `where` names it in messages.
inline constexpr std::string_view kPlaceholders[] = {"{err}", "{result}", "{data}"};
std::string read_filled(const toml::node& v, const std::string& what, const char* where, bool in_callback);
bool has_placeholder(std::string_view text);

}  // namespace loopstep::scenario_toml
