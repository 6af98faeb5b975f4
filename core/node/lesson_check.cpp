#include "core/node/lesson_check.h"

#include <filesystem>
#include <sstream>
#include <vector>

#include "core/engine/pipe_io.h"
#include "core/node/node_child.h"

namespace loopstep {

ScenarioError syntax_error_from(const std::string& file, const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  ScenarioError err{file, 1, 1, "node --check failed: " + (lines.empty() ? std::string("no message") : lines.front())};
  if (lines.empty()) return err;
  if (size_t colon = lines[0].rfind(':'); colon != std::string::npos) {
    try {
      err.line = static_cast<uint32_t>(std::stoul(lines[0].substr(colon + 1)));
    } catch (const std::exception&) {
    }
  }
  if (lines.size() > 2)
    if (size_t caret = lines[2].find('^'); caret != std::string::npos) err.column = static_cast<uint32_t>(caret + 1);
  for (const std::string& l : lines)
    if (l.find("Error: ") != std::string::npos && l.rfind("    at ", 0) != 0) {
      err.message = l;
      break;
    }
  return err;
}

ScenarioResult load_lesson(const std::string& path) {
  ScenarioResult r = parse_scenario_file(path);
  auto* sc = std::get_if<Scenario>(&r);
  if (!sc || !sc->js) return r;
  NodeLaunch launch;
  launch.node = find_node();
  if (launch.node.empty())
    return ScenarioError{path, 1, 1, "node is not on PATH: JS lessons need node >= 18 (scripts/install-deps.sh installs it)"};
  std::error_code ec;
  const std::string abs = std::filesystem::absolute(path, ec).string();
  launch.args = node_permission_args(node_major_version(launch.node), {abs});
  launch.args.push_back("--no-warnings");  // the permission model warns that it is experimental
  launch.args.push_back("--check");
  launch.args.push_back(abs);
  launch.cwd = "/";
  launch.read_files = {abs};
  launch.cpu_seconds = 10;
  launch.memory_bytes = kNodeAddressSpace;
  NodeChild child;
  try {
    child = spawn_node(launch);
  } catch (const std::exception& e) {
    return ScenarioError{path, 1, 1, std::string("cannot check the JavaScript: ") + e.what()};
  }
  std::string err;
  while (read_some(child.stderr_fd, &err, 20'000) > 0 && err.size() < (size_t{1} << 20)) {}
  int status = end_node(child, true);
  if (status == 0) return r;
  return syntax_error_from(path, err);
}

}  // namespace loopstep
