// Where the bundled lessons are. An installed loopstep (PREFIX/bin/loopstep, e.g. from the
// .deb of `make package`) finds them in PREFIX/share/loopstep/scenarios; a build run from its
// tree uses the source tree's scenarios/ that it was configured from.
#pragma once
#include <string>

namespace loopstep {

std::string bundled_scenario_dir();
std::string default_scenario();  // the lesson `loopstep` opens with no file: fs_open_iocp.js (.toml without node)

}  // namespace loopstep
