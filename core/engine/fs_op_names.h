// The real names each operation passes through, layer by layer (articles 002 and 003;
// Node's src/node_file.cc and libuv's src/unix/fs.c).
#pragma once
#include <string_view>

#include "core/scenario/scenario.h"

namespace loopstep {

struct OpNames {
  std::string_view binding;   // binding.open ...
  std::string_view uv;        // uv_fs_open ...
  bool has_path;              // goes through the PATH macro
  std::string_view syscall;   // open(2) ...; for work, the function the worker runs
  std::string_view after;     // AfterInteger / AfterStat / AfterNoArgs
  std::string_view article_type;  // the Windows article's name for the struct: fs_open_req
};

const OpNames& op_names(Op op);  // fs ops, pool.work and crypto.pbkdf2

}  // namespace loopstep
