// EngineNames: intern once.
#include "core/engine/engine_names.h"

#include <string>

namespace loopstep {

void EngineNames::intern(Hooks& hooks) {
#define X(field, text) field = hooks.name(text);
  LOOPSTEP_ENGINE_NAMES(X)
#undef X
  for (size_t i = 0; i < ops.size(); ++i) {
    Op o = static_cast<Op>(i);
    OpNameIds& ids = ops[i];
    ids.js = hooks.name(op_name(o));
    if (op_is_fs(o) || op_is_work(o)) {
      const OpNames& n = op_names(o);
      ids.binding = hooks.name(n.binding);
      ids.uv = hooks.name(n.uv);
      ids.syscall = hooks.name(n.syscall);
      ids.syscall_injected = hooks.name(std::string(n.syscall) + " (error injected)");
      ids.after = hooks.name(n.after);
      ids.article_type = hooks.name(n.article_type);
    }
  }
  for (size_t p = 0; p < phases.size(); ++p) phases[p] = hooks.name(phase_name(static_cast<Phase>(p)));
}

}  // namespace loopstep
