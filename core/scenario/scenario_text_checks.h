// Checks on a scenario's raw text, around toml++: what it must not be given (NUL bytes, dotted
// keys of a million parts) and the one message of its that needs the text to read right.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "core/scenario/scenario.h"

namespace loopstep {

// Where byte `offset` is, in toml++'s terms: 1-based line, column in code points.
SourcePos position_of(std::string_view text, size_t offset);

// toml++ builds and destroys one table per part of a dotted key recursively: a key of a
// million parts ("[a.a.a...]" in a 4 MiB file) overflows the stack. Scenario keys have at
// most 2 dots, so a line with more than kMaxDotsPerLine dots outside strings and comments
// is refused before toml++ sees it (the same bound as toml++'s 256 nested values).
// Returns the offset of the first dot over the limit, or npos.
inline constexpr size_t kMaxDotsPerLine = 256;
size_t too_many_dots(std::string_view text);

// toml++ garbles a quoted key when it reports a duplicate ("cannot redefine existing string
// '"a.a.txt" '" for "a.txt"): name the key as the file spells it, left of the '=' that the
// error points after. Any other message, or a line that does not read so, is kept as it is.
std::string redefined_key_message(std::string message, std::string_view text, SourcePos at);

}  // namespace loopstep
