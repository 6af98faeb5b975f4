// What Windows gives the portable engine: the real completion port, and its label, which
// says whether the port is Windows' own or Wine's.
#include <stdexcept>

#include "core/engine/engine_parts.h"
#include "core/win/backend_iocp_win.h"
#include "core/win/win32.h"

namespace loopstep {

std::unique_ptr<Backend> make_backend(BackendKind kind, Hooks& hooks) {
  // Windows has no epoll; its iocp is the real completion port (core/win/backend_iocp_win.cpp).
  if (kind == BackendKind::epoll) throw std::runtime_error("the epoll backend exists only on Linux; use --backend iocp");
  // The planted bugs (README, "Bug hunt") live in the Linux engines only.
  if (hooks.info().config.engine_bug != EngineBug::none)
    throw std::runtime_error("engine_bug = \"" + std::string(engine_bug_name(hooks.info().config.engine_bug)) +
                             "\" is planted in the Linux engines only (epoll, and the emulated IOCP); the native Windows "
                             "completion port runs the correct engine: run the lesson on Linux");
  return std::make_unique<IocpWinBackend>(hooks);
}

std::string backend_label(BackendKind b) {
  if (b == BackendKind::epoll) return "epoll + eventfd (real, Linux)";
  // Wine's ntdll exports wine_get_version; Windows' does not. Either way the port is real.
  const bool wine = ::GetProcAddress(::GetModuleHandleA("ntdll.dll"), "wine_get_version") != nullptr;
  return wine ? "IOCP (native, Wine)" : "IOCP (native, Win32)";
}

bool port_emulated(BackendKind) { return false; }

// Windows has no batch policy; a woken thread's boost is the scheduler's business there.
void defer_to_waker() {}

}  // namespace loopstep
