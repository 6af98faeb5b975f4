// IocpWinBackend: packets through a real Win32 completion port.
#include "core/win/backend_iocp_win.h"

#include "core/win/win32.h"

#include <array>
#include <stdexcept>
#include <string>

namespace loopstep {
namespace {

// One wait on the port into `entries`: GetQueuedCompletionStatus for a batch of one (the
// articles' call), else GetQueuedCompletionStatusEx for up to entries.size() packets, as
// libuv's uv__poll does. Returns how many packets were taken, 0 on timeout.
size_t dequeue(HANDLE port, std::span<OVERLAPPED_ENTRY> entries, DWORD timeout_ms) {
  if (entries.size() == 1) {
    OVERLAPPED_ENTRY& e = entries[0];
    BOOL ok = ::GetQueuedCompletionStatus(port, &e.dwNumberOfBytesTransferred, &e.lpCompletionKey, &e.lpOverlapped, timeout_ms);
    // FALSE with no overlapped pointer: WAIT_TIMEOUT, nothing dequeued.
    return ok || e.lpOverlapped ? 1 : 0;
  }
  ULONG removed = 0;
  // fAlertable FALSE, as in libuv: no APC runs inside the wait. FALSE means WAIT_TIMEOUT.
  if (!::GetQueuedCompletionStatusEx(port, entries.data(), static_cast<ULONG>(entries.size()), &removed, timeout_ms, FALSE))
    return 0;
  return removed;
}

}  // namespace

IocpWinBackend::IocpWinBackend(Hooks& hooks) : hooks_(hooks), events_(hooks) {
  fn_create_ = hooks.name("CreateIoCompletionPort");
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
  events_.post(worker, req);
  // The packet's overlapped pointer is the request itself (libuv embeds an OVERLAPPED in the
  // req and goes back with container_of). A posted packet's pointer is never dereferenced by
  // the kernel, only handed back.
  if (!::PostQueuedCompletionStatus(port_, 0, 0, reinterpret_cast<OVERLAPPED*>(&req)))
    throw std::runtime_error("PostQueuedCompletionStatus failed: error " + std::to_string(::GetLastError()));
}

void IocpWinBackend::poll(ThreadCtx& loop, int64_t timeout_ms, const std::function<void(Req&)>& deliver) {
  int64_t wait_ms = events_.wait_begin(loop, timeout_ms);
  std::array<OVERLAPPED_ENTRY, kMaxPortBatch> entries{};
  size_t taken = dequeue(port_, std::span(entries).first(events_.batch()), wait_ms < 0 ? INFINITE : static_cast<DWORD>(wait_ms));
  std::array<Req*, kMaxPortBatch> reqs;
  size_t n = 0;
  // The kick packet (loopstep's own key) may be among the entries: it carries no request.
  for (size_t i = 0; i < taken; ++i)
    if (entries[i].lpCompletionKey != kKickKey) reqs[n++] = reinterpret_cast<Req*>(entries[i].lpOverlapped);
  events_.wait_end(loop, std::span(reqs).first(n), deliver);
}

void IocpWinBackend::kick() { ::PostQueuedCompletionStatus(port_, 0, kKickKey, nullptr); }

}  // namespace loopstep
