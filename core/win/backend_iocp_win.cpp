// IocpWinBackend: packets through a real Win32 completion port; the sockets' packets are the
// kernel's, queued on the same port.
#include "core/win/backend_iocp_win.h"

#include "core/win/win32.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <stdexcept>
#include <string>
#include <tuple>

#include "core/engine/threads.h"

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

// A re-posted socket packet: its overlapped pointer is the operation's id.
constexpr uintptr_t kPostedKey = 2;

OVERLAPPED* as_overlapped(uint64_t op) { return reinterpret_cast<OVERLAPPED*>(static_cast<uintptr_t>(op)); }

}  // namespace

IocpWinBackend::IocpWinBackend(Hooks& hooks) : hooks_(hooks), events_(hooks) {
  fn_create_ = hooks.name("CreateIoCompletionPort");
  // libuv's uv_loop_init: one concurrent thread, the loop's own.
  port_ = ::CreateIoCompletionPort(INVALID_HANDLE_VALUE, nullptr, 0, 1);
  if (!port_) throw std::runtime_error("CreateIoCompletionPort failed: error " + std::to_string(::GetLastError()));
  sockets_ = std::make_unique<WinsockPort>(port_, kSocketKey);
}

IocpWinBackend::~IocpWinBackend() {
  sockets_.reset();  // every operation cancelled and its packet taken, while the port is open
  if (port_) ::CloseHandle(port_);
}

void IocpWinBackend::cancel_all() {
  sockets_->cancel_all();
  held_.clear();
  packets_.clear();
}

void IocpWinBackend::arrived(OVERLAPPED* ov) {
  uint64_t op = 0;
  int64_t result = 0;
  if (sockets_->finish(ov, &op, &result)) held_.emplace_back(op, result);
}

void IocpWinBackend::post_io(ThreadCtx& loop, uint64_t op, int64_t result) {
  const auto [req, cause] = completions_->packet_of(op);
  events_.post_packet(loop, req, cause);
  packets_[op] = IoPacket{op, req, result, 0};
  if (!::PostQueuedCompletionStatus(port_, 0, kPostedKey, as_overlapped(op)))
    throw std::runtime_error("PostQueuedCompletionStatus failed: error " + std::to_string(::GetLastError()));
}

void IocpWinBackend::requeue(ThreadCtx& loop) {
  // The kernel queued the sockets' packets on this port as their operations completed. Step
  // mode posts exactly those the loop's own calls made due, in the order they became due (the
  // kernel decides only when); so before the wait the loop takes what the port holds, keeps
  // the kernel's socket packets and puts everything else back in its order, then posts the
  // due ones after it. Run mode posts every one that came, in the kernel's order.
  std::vector<OVERLAPPED_ENTRY> back;
  auto take = [&](DWORD timeout_ms) {
    std::array<OVERLAPPED_ENTRY, kMaxPortBatch> entries{};
    ULONG n = 0;
    if (!::GetQueuedCompletionStatusEx(port_, entries.data(), static_cast<ULONG>(entries.size()), &n, timeout_ms, FALSE)) return false;
    for (ULONG i = 0; i < n; ++i) {
      if (entries[i].lpCompletionKey == kSocketKey) arrived(entries[i].lpOverlapped);
      else back.push_back(entries[i]);
    }
    return n > 0;
  };
  while (take(0)) {}
  std::vector<uint64_t> post;
  if (hooks_.gate().mode() == Mode::step) {
    const IoCompletions::Arrived arrived = [&](uint64_t op) -> const int64_t* {
      auto it = std::find_if(held_.begin(), held_.end(), [&](const auto& h) { return h.first == op; });
      return it == held_.end() ? nullptr : &it->second;
    };
    auto has = [&](uint64_t op) { return arrived(op) != nullptr; };
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    for (;;) {
      post.clear();
      for (uint64_t op : completions_->due(arrived))
        if (!packets_.count(op)) post.push_back(op);
      if (std::all_of(post.begin(), post.end(), has)) break;
      if (hooks_.gate().aborted()) throw Aborted{};
      if (std::chrono::steady_clock::now() > until)
        throw RunStopped("a socket operation the loop made due did not complete on the completion port within 5 s; the run stops");
      take(1);
    }
  } else {
    for (const auto& h : held_) post.push_back(h.first);
  }
  for (const OVERLAPPED_ENTRY& e : back)
    ::PostQueuedCompletionStatus(port_, e.dwNumberOfBytesTransferred, e.lpCompletionKey, e.lpOverlapped);
  for (uint64_t op : post) {
    auto it = std::find_if(held_.begin(), held_.end(), [&](const auto& h) { return h.first == op; });
    const int64_t result = it->second;
    held_.erase(it);
    post_io(loop, op, result);
  }
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
  const bool step = hooks_.gate().mode() == Mode::step;
  if (completions_) {
    completions_->flush(loop);
    requeue(loop);
  }
  int64_t wait_ms = events_.wait_begin(loop, timeout_ms);
  std::array<OVERLAPPED_ENTRY, kMaxPortBatch> entries{};
  const auto room = std::span(entries).first(events_.batch());
  // The kernel's socket packets that come during the wait are held (arrived); the rest is taken.
  auto wait = [&](DWORD ms) {
    size_t raw = dequeue(port_, room, ms), n = 0;
    for (size_t i = 0; i < raw; ++i) {
      if (entries[i].lpCompletionKey == kSocketKey) arrived(entries[i].lpOverlapped);
      else entries[n++] = entries[i];
    }
    return std::pair(raw, n);
  };
  auto [raw, taken] = wait(wait_ms < 0 ? INFINITE : static_cast<DWORD>(wait_ms));
  // Step mode: a socket's completion that is not due yet stays held, and the wait goes on.
  while (step && raw > 0 && taken == 0) std::tie(raw, taken) = wait(wait_ms < 0 ? INFINITE : static_cast<DWORD>(wait_ms));
  events_.wait_returned(loop);
  if (!step && !held_.empty()) {  // Run mode: they end the wait, and are posted and taken now
    std::vector<std::pair<uint64_t, int64_t>> came;
    came.swap(held_);
    for (const auto& [op, result] : came) post_io(loop, op, result);
    if (taken == 0) taken = wait(0).second;
  }
  std::array<IocpEvents::Entry, kMaxPortBatch> taken_entries;
  for (size_t i = 0; i < taken; ++i) taken_entries[i] = {entries[i].lpCompletionKey, entries[i].lpOverlapped};
  events_.wait_end(loop, std::span(taken_entries).first(taken), kPostedKey, completions_, packets_, deliver);
}

void IocpWinBackend::kick() { ::PostQueuedCompletionStatus(port_, 0, IocpEvents::kKickKey, nullptr); }

}  // namespace loopstep
