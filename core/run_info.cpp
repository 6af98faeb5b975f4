// Names of backends and worker models.
#include "core/run_info.h"

#ifdef _WIN32
#include "core/win32.h"
#endif

namespace loopstep {

std::string_view backend_name(BackendKind b) { return b == BackendKind::epoll ? "epoll" : "iocp"; }

std::string backend_label(BackendKind b) {
#ifdef _WIN32
  // Wine's ntdll exports wine_get_version; Windows' does not. Either way the port is real.
  if (b == BackendKind::iocp) {
    const bool wine = ::GetProcAddress(::GetModuleHandleA("ntdll.dll"), "wine_get_version") != nullptr;
    return wine ? "IOCP (native, Wine)" : "IOCP (native, Win32)";
  }
#endif
  return b == BackendKind::epoll ? "epoll + eventfd (real, Linux)" : "IOCP (emulated on Linux)";
}

bool port_emulated(BackendKind b) {
#ifdef _WIN32
  return false;
#else
  return b == BackendKind::iocp;
#endif
}

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
