// The bundled lessons beside the executable when installed, else in the source tree.
#include "app/bundled.h"

#include <filesystem>
#include <system_error>

#include "core/node/node_child.h"

namespace loopstep {

std::string bundled_scenario_dir() {
#ifdef __linux__
  // /proc/self/exe names the binary wherever the package was unpacked (dpkg -x into any root).
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto installed = exe.parent_path().parent_path() / "share" / "loopstep" / "scenarios";
    if (std::filesystem::is_directory(installed, ec)) return installed.string();
  }
#endif
  return LOOPSTEP_SCENARIO_DIR;
}

std::string default_scenario() {
  // Article 000's program, run by real node; its TOML twin where no node is installed (the
  // window then still opens on a lesson, with the JS layer modeled).
  return bundled_scenario_dir() + (find_node().empty() ? "/fs_open_iocp.toml" : "/fs_open_iocp.js");
}

}  // namespace loopstep
