// errno_name via glibc's table.
#include "core/errno_names.h"

#include <cstring>

namespace loopstep {

std::string_view errno_name(int err) {
  const char* n = ::strerrorname_np(err);
  return n ? std::string_view(n) : std::string_view("E?");
}

}  // namespace loopstep
