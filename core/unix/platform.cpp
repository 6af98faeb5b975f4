// What Linux gives the portable engine: its two backends (epoll, real; IOCP, emulated on
// Linux primitives), the label a run shows for each, and the workers' scheduling.
#include <sched.h>

#include "core/engine/engine_parts.h"
#include "core/unix/backend_epoll.h"
#include "core/unix/backend_iocp_emulated.h"
#include "core/unix/planted_backends.h"

namespace loopstep {

std::unique_ptr<Backend> make_backend(BackendKind kind, Hooks& hooks) {
  // The bug-hunt lessons' deliberately wrong loop (planted_backends.cpp), Step mode only.
  if (hooks.info().config.engine_bug == EngineBug::lost_wakeup && hooks.gate().mode() == Mode::step)
    return make_planted_backend(kind, hooks);
  if (kind == BackendKind::epoll) return std::make_unique<EpollBackend>(hooks);
  return std::make_unique<IocpEmulatedBackend>(hooks);
}

std::string backend_label(BackendKind b) {
  return b == BackendKind::epoll ? "epoll + eventfd (real, Linux)" : "IOCP (emulated on Linux)";
}

bool port_emulated(BackendKind b) { return b == BackendKind::iocp; }

void defer_to_waker() {
  sched_param none{};
  ::sched_setscheduler(0, SCHED_BATCH, &none);  // refused (a seccomp'd sandbox): the default policy stays
}

}  // namespace loopstep
