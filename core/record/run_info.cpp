// Names of backends, worker models and planted engine bugs.
#include "core/record/run_info.h"

namespace loopstep {

std::string_view backend_name(BackendKind b) { return b == BackendKind::epoll ? "epoll" : "iocp"; }

std::string_view worker_model_name(WorkerModel w) { return w == WorkerModel::pool ? "pool" : "per-request"; }

bool backend_from_name(std::string_view s, BackendKind* out) {
  if (s == "epoll") { *out = BackendKind::epoll; return true; }
  if (s == "iocp") { *out = BackendKind::iocp; return true; }
  return false;
}

bool worker_model_from_name(std::string_view s, WorkerModel* out) {
  if (s == "pool") { *out = WorkerModel::pool; return true; }
  if (s == "per-request") { *out = WorkerModel::per_request; return true; }
  return false;
}

std::string_view engine_bug_name(EngineBug b) {
  switch (b) {
    case EngineBug::none: return "";
    case EngineBug::lost_wakeup: return "lost_wakeup";
    case EngineBug::double_take: return "double_take";
  }
  return "";
}

bool engine_bug_from_name(std::string_view s, EngineBug* out) {
  if (s == "lost_wakeup") { *out = EngineBug::lost_wakeup; return true; }
  if (s == "double_take") { *out = EngineBug::double_take; return true; }
  return false;
}

}  // namespace loopstep
