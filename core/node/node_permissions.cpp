// Node's permission model flags for a lesson: a second fence inside node, behind Landlock.
#include "core/node/node_child.h"

namespace loopstep {

std::vector<std::string> node_permission_args(int node_major, const std::vector<std::string>& read_files) {
  if (node_major < 20) return {};
  // --permission arrived in 22.13 (earlier 22s know only --experimental-permission, which every
  // 22 keeps as an alias) and the alias left after 22. Node 20 splits a flag's value at commas:
  // a path with a comma is then not readable, which fails closed.
  std::vector<std::string> args{node_major >= 23 ? "--permission" : "--experimental-permission"};
  for (const std::string& f : read_files) args.push_back("--allow-fs-read=" + f);
  return args;
}

}  // namespace loopstep
