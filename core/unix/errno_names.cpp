// errno_name via glibc's table.
#include "core/record/errno_names.h"

#include <cstring>

namespace loopstep {

std::string_view errno_name(int err) {
  const char* n = ::strerrorname_np(err);
  return n ? std::string_view(n) : std::string_view("E?");
}

int errno_from_name(std::string_view name) {
  for (int e = 1; e < 256; ++e)
    if (const char* n = ::strerrorname_np(e); n && name == n) return e;
  return 0;
}

}  // namespace loopstep
