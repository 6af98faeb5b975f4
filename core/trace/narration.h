// Narration: each event told in plain words with its real values, from the texts in
// assets/narration.toml (compiled into the binary). A text may be specific to a backend
// ([kind.iocp]) or a worker model ([kind.per-request]); the worker model's wins. A named
// stage ([fn."uv__fs_done"]) has its own text, which wins over all of those; a function whose
// events differ by kind has a text per kind ([fn."GetQueuedCompletionStatusEx".wait_end]),
// which wins over the stage's own. A failing event has its errno's text where there is one
// ([syscall_end.EXDEV]), which wins over everything. An event of a socket (its request is a
// uv_tcp_t handle or one of its requests) takes [kind.socket] before the backend's and the
// base text, and [fn."read".socket.syscall_end] before the function's: "read" and "write"
// are also the pool's file syscalls.
#pragma once
#include <array>
#include <map>
#include <string>
#include <string_view>

#include "core/record/event.h"
#include "core/record/loop_state.h"
#include "core/record/run_info.h"

namespace loopstep {

std::string thread_label(uint16_t thread, const LoopState& s);  // "loop thread", "worker 2", "thread 3"
std::string result_text(int64_t value);                         // "3" or "-2 (ENOENT)"
// What a request works on: "'1.txt'" (a path), "fd 9 ('1.txt')" (a descriptor and the file
// it was opened from), or "-".
std::string target_text(const RequestInfo* r, const RunInfo& info);
// Sockets: whether a request id is a TCP handle or one of its requests; the handle an event
// concerns ("handle #2 (a socket, fd 14)", "" when the fold no longer knows it); io_ready's events ("EPOLLIN|EPOLLOUT"); a
// sock_name's ports ("is 127.0.0.1:40112, its peer 127.0.0.1:39021").
bool is_socket(const RequestInfo* r, const RunInfo& info);
std::string handle_text(uint32_t id, const LoopState& after);
std::string epoll_events_text(int64_t events);
std::string ports_text(int64_t sock_name);
// uv__loop_alive's terms in an alive check's state: "3 active handles, req_count = 0", with
// the closing handles when there are some; and what the active handles are ("Node's timer
// handle (2 timers armed), 1 socket", or "none").
std::string alive_terms_text(const LoopState& s);
std::string active_handles_text(const LoopState& s);

class Narration {
 public:
  static const Narration& builtin();
  // Throws std::runtime_error naming line and column when the text is not valid.
  static Narration parse(std::string_view text, std::string_view name);

  // `after` is the state folded up to and including `e`.
  std::string describe(const Event& e, const RunInfo& info, const LoopState& after, bool long_form) const;
  bool covers(Kind k) const;  // both a short and a long text

 private:
  struct Texts {
    std::string brief, brief_zero, full, full_zero;
  };
  const std::string* pick(const Event& e, std::string_view fn, const RunConfig& c, bool socket, bool long_form) const;
  std::array<Texts, kKindCount> base_;
  std::array<std::array<Texts, 2>, kKindCount> by_backend_;
  std::array<std::array<Texts, 2>, kKindCount> by_workers_;  // [kind.pool] / [kind.per-request]
  std::map<std::pair<Kind, int>, Texts> by_errno_;             // [kind.EXDEV]: value = -errno
  std::array<Texts, kKindCount> by_socket_;                    // [kind.socket]
  struct Stage {
    Texts all;                     // [fn."uv__fs_done"]
    std::map<Kind, Texts> by_kind;  // [fn."GetQueuedCompletionStatusEx".wait_end]
    std::map<Kind, Texts> socket;   // [fn."read".socket.syscall_end]
  };
  std::map<std::string, Stage, std::less<>> by_fn_;
};

}  // namespace loopstep
