// The bundled lessons beside the executable when installed, else in the source tree.
#include "app/bundled.h"

#include <filesystem>
#include <system_error>

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

std::string default_scenario() { return bundled_scenario_dir() + "/fs_open_iocp.toml"; }

}  // namespace loopstep
