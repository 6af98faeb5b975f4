// Every function name the engine emits, interned once when the engine is made, so that a
// hook on the hot path costs no lock and no hashing. A statement's own strings (its path,
// its callback's name) are interned when its call is made and ride on its request.
#pragma once
#include <array>
#include <cstdint>
#include <unordered_map>

#include "core/engine/engine_parts.h"
#include "core/engine/fs_op_names.h"

namespace loopstep {

#define LOOPSTEP_ENGINE_NAMES(X)                                                          \
  X(uv_loop_init, "uv_loop_init") X(uv_run_returns, "uv_run returns")                    \
  X(uv_loop_alive, "uv__loop_alive") X(uv_run_timers, "uv__run_timers")                  \
  X(FSReqCallback, "FSReqCallback") X(AsyncWrap, "AsyncWrap") X(AsyncCall, "AsyncCall")  \
  X(Dispatch, "Dispatch") X(INIT, "INIT") X(PATH, "PATH") X(POST, "POST")                \
  X(uv_req_register, "uv__req_register") X(uv_req_unregister, "uv__req_unregister")      \
  X(uv_fs_work, "uv__fs_work") X(uv_fs_done, "uv__fs_done")                              \
  X(uv_queue_work, "uv__queue_work") X(uv_queue_done, "uv__queue_done")                  \
  X(PBKDF2Job, "PBKDF2Job") X(MakeCallback, "MakeCallback") X(console_log, "console.log")    \
  X(setTimeout, "setTimeout") X(Timeout, "Timeout") X(uv_timer_start, "uv_timer_start")  \
  X(setImmediate, "setImmediate") X(Immediate, "Immediate")                              \
  X(immediate_append, "immediateQueue.append") X(nextTick, "process.nextTick")           \
  X(TickObject, "TickObject") X(tick_push, "queue.push") X(Promise_then, "Promise.then") \
  X(PromiseReaction, "PromiseReaction") X(EnqueueMicrotask, "EnqueueMicrotask")          \
  X(uv_fs_t, "uv_fs_t") X(uv_work_t, "uv_work_t") X(uv_io_feed, "uv__io_feed")                 \
  X(uv_run_pending, "uv__run_pending")                                                    \
  X(setInterval, "setInterval") X(uv_timer_stop, "uv_timer_stop")                        \
  X(immediate_remove, "immediateQueue.remove") X(queueMicrotask, "queueMicrotask")       \
  X(sync_call, "SyncCall") X(uv_fs_sync, "uv_fs_* (cb NULL: runs on the calling thread)") \
  X(process_exit, "process.reallyExit")                                                  \
  X(write_over_limit, "refused: the sandbox write limit (limits.max_sandbox_bytes)")

struct OpNameIds {
  uint32_t js = 0, binding = 0, uv = 0, syscall = 0, syscall_injected = 0, after = 0, article_type = 0;
};


struct EngineNames {
#define X(field, text) uint32_t field = 0;
  LOOPSTEP_ENGINE_NAMES(X)
#undef X
  std::array<OpNameIds, kOpCount> ops{};            // by Op
  std::array<uint32_t, 9> phases{};                 // by Phase

  void intern(Hooks& hooks);
  const OpNameIds& op(Op o) const { return ops[static_cast<size_t>(o)]; }
};

}  // namespace loopstep
