// errno values by their names, as Node shows them in err.code ("ENOENT").
#pragma once
#include <string_view>

namespace loopstep {
std::string_view errno_name(int err);      // "ENOENT"; "E?" for an unknown value
int errno_from_name(std::string_view name);  // ENOENT; 0 for an unknown name
}
