// Names of backends and worker models.
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

}  // namespace loopstep
