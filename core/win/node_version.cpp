// The Windows build runs no node (core/win/node_child.cpp refuses JS lessons): no version.
#include "core/node/node_child.h"

namespace loopstep {

int node_major_version(const std::string&) { return 0; }

}  // namespace loopstep
