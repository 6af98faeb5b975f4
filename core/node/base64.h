// Bytes across the bridge: JSON carries text, so file data travels as base64.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace loopstep {

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);  // nullopt: not base64

}  // namespace loopstep
