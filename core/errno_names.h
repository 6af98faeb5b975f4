// errno values by their names, as Node shows them in err.code ("ENOENT").
#pragma once
#include <string_view>

namespace loopstep {
std::string_view errno_name(int err);  // "ENOENT"; "E?" for an unknown value
}
