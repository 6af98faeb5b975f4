// JS lessons need the Linux build: its node child is confined by Landlock, which Windows
// does not have. The native Windows engine runs TOML lessons (README: "JS lessons").
#include "core/engine/program.h"
#include "core/node/node_child.h"

#include <stdexcept>

namespace loopstep {

std::string find_node() { return ""; }

NodeChild spawn_node(const NodeLaunch&) {
  throw std::runtime_error("JS lessons run on the Linux build only: the Windows engine runs TOML lessons");
}

int end_node(NodeChild&, bool) { return -1; }

std::unique_ptr<Program> make_node_program(LoopApi&, const Scenario&, RunInfo&) {
  throw std::runtime_error("JS lessons run on the Linux build only: the Windows engine runs TOML lessons");
}

}  // namespace loopstep
