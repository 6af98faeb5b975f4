// What a run is: its scenario and configuration, its interned strings and request structs.
// Shared by the engine that writes it and the Recording that reads it.
#pragma once
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "core/record/append_only.h"
#include "core/record/strings.h"

namespace loopstep {

enum class BackendKind : uint8_t { epoll, iocp };
enum class WorkerModel : uint8_t { pool, per_request };
// A deliberately broken engine for the bug-hunt lessons (README, "Bug hunt"): none = the
// correct engine. The planted code lives in core/unix/planted_*.cpp and core/engine/planted_*.cpp.
enum class EngineBug : uint8_t { none, lost_wakeup, double_take };

std::string_view backend_name(BackendKind b);           // "epoll" | "iocp"
std::string backend_label(BackendKind b);               // this build's engine: "emulated" where it is, "Wine" under Wine
bool port_emulated(BackendKind b);                      // this build's IOCP is the emulation (Linux)
std::string_view worker_model_name(WorkerModel w);      // "pool" | "per-request"
bool backend_from_name(std::string_view s, BackendKind* out);
bool worker_model_from_name(std::string_view s, WorkerModel* out);
std::string_view engine_bug_name(EngineBug b);          // "" | "lost_wakeup" | "double_take"
bool engine_bug_from_name(std::string_view s, EngineBug* out);

// libuv and Node versions whose behaviour the engine models (README pins them).
inline constexpr const char* kModeledLibuv = "libuv 1.46 (Node 20)";

// The most packets one GetQueuedCompletionStatusEx call takes: the size of libuv's
// OVERLAPPED_ENTRY array in uv__poll (src/win/core.c).
inline constexpr int kMaxPortBatch = 128;
// libuv's uv_simultaneous_server_accepts (src/win/tcp.c): the AcceptEx calls a server keeps pending.
inline constexpr int kMaxSimultaneousAccepts = 32;
// How the emulated port names what stands in for an operation: "AcceptEx" + this +
// "IORING_OP_ACCEPT)". The narration of the operation is the same on both ports.
inline constexpr std::string_view kStandInPrefix = " (IOCP semantics on io_uring: ";

// One request struct as the script created it. All strings are interned ids.
struct RequestInfo {
  uint32_t op = 0;        // "fs.open", "setTimeout", "pool.work" ...
  uint32_t type = 0;      // "fs_open_req" (the Windows article's name), "uv_fs_t", "uv_work_t", "uv_timer_t"
  uint32_t path = 0;
  uint32_t flags = 0;
  uint32_t callback = 0;
  // fstat/read/write/close: the descriptor the fd variable held, and the path of the fs.open
  // that gave it (0 = none known), so a step can name "fd 9 ('1.txt')".
  bool uses_fd = false;
  int64_t fd = -1;
  uint32_t fd_path = 0;
  // JS lessons: where the program made this request, an interned "lesson.js:LINE:COL"
  // (core/record/source_ref.h); 0 = no source position (TOML lessons).
  uint32_t src = 0;
};

class RequestTable {
 public:
  // Request ids start at 1 (0 = none). Thread-safe.
  uint32_t add(const RequestInfo& r) {
    std::lock_guard lock(mutex_);
    return static_cast<uint32_t>(infos_.push_back(r)) + 1;
  }
  const RequestInfo& get(uint32_t id) const { return infos_[id - 1]; }
  bool has(uint32_t id) const { return id >= 1 && id <= infos_.size(); }
  size_t size() const { return infos_.size(); }

 private:
  std::mutex mutex_;
  AppendOnly<RequestInfo> infos_;
};

struct RunConfig {
  BackendKind backend = BackendKind::iocp;
  WorkerModel workers = WorkerModel::per_request;
  int pool_size = 4;
  // iocp: packets one wait may take. 1 = GetQueuedCompletionStatus (the articles' picture);
  // more = GetQueuedCompletionStatusEx, as libuv does. epoll ignores it.
  int port_batch = 1;
  // iocp: AcceptEx calls each server keeps pending. 1 = libuv after uv_tcp_simultaneous_accepts(h, 0);
  // 32 = libuv's default, which node keeps. epoll ignores it.
  int simultaneous_accepts = 1;
  EngineBug engine_bug = EngineBug::none;  // scenario key `engine_bug`
};

struct RunInfo {
  std::string scenario;  // file path as given
  std::string title;
  std::string teaches;
  RunConfig config;
  // What the UI and the traces call the backend: "IOCP (emulated on Linux)", "IOCP (native,
  // Wine)". The engine that ran says so (backend_label); a recording or an engine process
  // carries it in its header, so a Linux app showing a Windows engine names it right.
  std::string backend_label;
  bool port_emulated = false;  // the completion port is loopstep's emulation (IOCP on Linux)
  std::string mode;    // how it was recorded: "run" | "step"
  bool replayed = false;  // opened from a saved recording: no engine (never saved, so a load -> save round trip is exact)
  std::string policy;  // release policy in Step mode
  // JS lessons (DESIGN §11): the program's text as the Source panel shows it (a recording
  // carries it, so a replay shows it too), the name its src positions use, the lines of its
  // front matter (folded away; 0 = none) and what ran it: "Node v20.20.0". All empty for
  // a TOML lesson, whose JS layer is modeled.
  std::string source;
  std::string source_name;
  uint32_t front_matter_first = 0, front_matter_last = 0;
  std::string js_runtime;
  std::string confinement;  // how the node child was confined: "Landlock ABI 7 ..." or why not
  int exit_code = -1;       // the exit code the program ended node with (js_exit), -1 = it did not
  std::string js_error;     // an uncaught exception's message and stack, in the lesson's names
  StringTable strings;
  RequestTable requests;
};

}  // namespace loopstep
