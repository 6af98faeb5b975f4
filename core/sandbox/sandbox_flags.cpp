// Node's flag strings to open(2) flags, for both sandboxes: the Linux one passes them to
// openat2, the Win32 one maps them to CreateFileW's access and disposition (MinGW's C runtime
// has the same O_ names).
#include <fcntl.h>

#include "core/sandbox/sandbox.h"

namespace loopstep {

int Sandbox::open_flags(const std::string& f) {
  if (f == "r") return O_RDONLY;
  if (f == "r+") return O_RDWR;
  if (f == "w") return O_WRONLY | O_CREAT | O_TRUNC;
  if (f == "w+") return O_RDWR | O_CREAT | O_TRUNC;
  if (f == "a") return O_WRONLY | O_CREAT | O_APPEND;
  if (f == "a+") return O_RDWR | O_CREAT | O_APPEND;
  if (f == "wx") return O_WRONLY | O_CREAT | O_EXCL;
  return O_RDONLY;
}

}  // namespace loopstep
