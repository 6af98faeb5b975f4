// IocpWinBackend: packets through a real Win32 completion port.
#include "core/backend_iocp_win.h"

#include "core/win32.h"

#include <stdexcept>
#include <string>

namespace loopstep {

IocpWinBackend::IocpWinBackend(Hooks& hooks) : hooks_(hooks) {
  fn_create_ = hooks.name("CreateIoCompletionPort");
  fn_post_ = hooks.name("PostQueuedCompletionStatus");
  fn_get_ = hooks.name("GetQueuedCompletionStatus");
  // libuv's uv_loop_init: one concurrent thread, the loop's own.
  port_ = ::CreateIoCompletionPort(INVALID_HANDLE_VALUE, nullptr, 0, 1);
  if (!port_) throw std::runtime_error("CreateIoCompletionPort failed: error " + std::to_string(::GetLastError()));
}

IocpWinBackend::~IocpWinBackend() {
  if (port_) ::CloseHandle(port_);
}

void IocpWinBackend::create(ThreadCtx& loop) {
  // The port exists since the constructor (kick needs it); the event shows it at uv_loop_init.
  hooks_.emit(loop, Kind::port_create, Layer::kernel, fn_create_, 0, static_cast<int64_t>(reinterpret_cast<uintptr_t>(port_)));
}

void IocpWinBackend::post_completion(ThreadCtx& worker, Req& req) {
  // Stamped before the packet exists, so the loop's take is always ordered after it.
  uint64_t post = hooks_.gate().emit_take(
      worker, Hooks::event(Kind::completion_post, Layer::kernel, fn_post_, req.id, 0, req.work_cause),
      [&](Event& e) { e.value = depth_.load() + 1; });
  req.post_cause = cause_id(post);
  hooks_.gate().kernel_post();
  depth_.fetch_add(1);  // before the packet exists: the loop's decrement can never come first
  // The packet's overlapped pointer is the request itself (libuv embeds an OVERLAPPED in the
  // req and goes back with container_of). A posted packet's pointer is never dereferenced by
  // the kernel, only handed back.
  if (!::PostQueuedCompletionStatus(port_, 0, 0, reinterpret_cast<OVERLAPPED*>(&req)))
    throw std::runtime_error("PostQueuedCompletionStatus failed: error " + std::to_string(::GetLastError()));
}

void IocpWinBackend::poll(ThreadCtx& loop, int64_t timeout_ms, const std::function<void(Req&)>& deliver) {
  StepGate& gate = hooks_.gate();
  hooks_.emit(loop, Kind::wait_begin, Layer::kernel, fn_get_, 0, timeout_ms);
  gate.kernel_wait_begin(loop.id, timeout_ms < 0 ? -1 : timeout_ms * 1'000'000);
  // In Step mode time is virtual: a timed wait blocks until the gate kicks it.
  DWORD real_timeout = (timeout_ms < 0 || (gate.mode() == Mode::step && timeout_ms > 0)) ? INFINITE : static_cast<DWORD>(timeout_ms);
  DWORD bytes = 0;
  ULONG_PTR key = 0;
  OVERLAPPED* overlapped = nullptr;
  BOOL ok = ::GetQueuedCompletionStatus(port_, &bytes, &key, &overlapped, real_timeout);
  gate.kernel_wait_end(loop.id);
  // FALSE with no overlapped pointer: WAIT_TIMEOUT, nothing dequeued.
  if ((!ok && !overlapped) || key == kKickKey) {
    hooks_.emit(loop, Kind::wait_end, Layer::kernel, fn_get_, 0, 0);
    return;
  }
  gate.kernel_consume(1);
  int64_t left = depth_.fetch_sub(1) - 1;
  Req& r = *reinterpret_cast<Req*>(overlapped);
  hooks_.emit(loop, Kind::wait_end, Layer::kernel, fn_get_, 0, 1, r.post_cause);
  r.take_cause = cause_id(hooks_.emit(loop, Kind::completion_take, Layer::kernel, fn_get_, r.id, left, r.post_cause));
  deliver(r);
}

void IocpWinBackend::kick() { ::PostQueuedCompletionStatus(port_, 0, kKickKey, nullptr); }

}  // namespace loopstep
