// The engine against the articles: exact event sequences of the two stories in Step mode.
#include <doctest/doctest.h>

#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;

namespace {
using Triple = std::tuple<std::string, uint16_t, std::string>;

SessionOptions step_lowest() {
  SessionOptions o;
  o.mode = Mode::step;
  o.policy = ReleasePolicy::lowest();
  return o;
}
}  // namespace

TEST_CASE("iocp model: fs.open follows article 000 step by step") {
  // Port created, req_count 1, thread spawned, the loop blocks in GetQueuedCompletionStatus,
  // the thread opens the file and posts, the loop takes the packet, req_count 0, onOpen, exit.
  const Shape expected = {
      {"loop_init", 0, "uv_loop_init"},
      {"port_create", 0, "CreateIoCompletionPort"},
      {"phase", 0, "main script"},
      {"js_call", 0, "fs.open"},
      {"req_init", 0, "FSReqCallback"},
      {"binding_call", 0, "binding.open"},
      {"binding_call", 0, "AsyncCall"},
      {"binding_call", 0, "Dispatch"},
      {"uv_call", 0, "uv_fs_open"},
      {"uv_call", 0, "INIT"},
      {"uv_call", 0, "PATH"},
      {"uv_call", 0, "POST"},
      {"req_count_inc", 0, "uv__req_register"},
      {"work_submit", 0, "uv__work_submit"},
      {"thread_spawn", 0, "CreateThread"},
      {"alive_check", 0, "uv__loop_alive"},
      {"phase", 0, "timers"},
      {"phase", 0, "pending"},
      {"phase", 0, "idle/prepare"},
      {"phase", 0, "poll"},
      {"wait_begin", 0, "GetQueuedCompletionStatus"},
      {"work_take", 1, "thread start routine"},
      {"uv_call", 1, "uv__fs_work"},
      {"syscall_begin", 1, "open(2)"},
      {"syscall_end", 1, "open(2)"},
      {"completion_post", 1, "PostQueuedCompletionStatus"},
      {"wait_end", 0, "GetQueuedCompletionStatus"},
      {"completion_take", 0, "GetQueuedCompletionStatus"},
      {"phase", 0, "pending"},
      {"uv_call", 0, "uv__fs_done"},
      {"req_count_dec", 0, "uv__req_unregister"},
      {"after", 0, "AfterInteger"},
      {"binding_call", 0, "MakeCallback"},
      {"callback_begin", 0, "onOpen"},
      {"console", 0, "console.log"},
      {"callback_end", 0, "onOpen"},
      {"phase", 0, "check"},
      {"phase", 0, "closing"},
      {"phase", 0, "timers"},
      {"alive_check", 0, "uv__loop_alive"},
      {"loop_exit", 0, "uv_run returns"},
      {"thread_exit", 1, "thread returns"}
  };
  auto r = run_scenario(load_scenario("scenarios/fs_open_iocp.toml"), step_lowest());
  CHECK(shape(r.rec()) == expected);
  CHECK(check_invariants(r.rec()) == "");
  REQUIRE(console_lines(r.rec()).size() == 1);
  CHECK(console_lines(r.rec())[0].starts_with("Result:  "));
}

TEST_CASE("epoll pool model: fs.stat follows article 002 step by step") {
  const Shape expected = {
      {"loop_init", 0, "uv_loop_init"},
      {"port_create", 0, "epoll_create1"},
      {"port_create", 0, "eventfd"},
      {"phase", 0, "main script"},
      {"js_call", 0, "fs.stat"},
      {"req_init", 0, "FSReqCallback"},
      {"binding_call", 0, "binding.stat"},
      {"binding_call", 0, "AsyncCall"},
      {"binding_call", 0, "Dispatch"},
      {"uv_call", 0, "uv_fs_stat"},
      {"uv_call", 0, "INIT"},
      {"uv_call", 0, "PATH"},
      {"uv_call", 0, "POST"},
      {"req_count_inc", 0, "uv__req_register"},
      {"thread_spawn", 0, "uv_thread_create"},
      {"thread_spawn", 0, "uv_thread_create"},
      {"thread_spawn", 0, "uv_thread_create"},
      {"thread_spawn", 0, "uv_thread_create"},
      {"work_submit", 0, "uv__work_submit"},
      {"alive_check", 0, "uv__loop_alive"},
      {"phase", 0, "timers"},
      {"phase", 0, "pending"},
      {"phase", 0, "idle/prepare"},
      {"phase", 0, "poll"},
      {"wait_begin", 0, "epoll_wait"},
      {"work_take", 1, "worker: take from wq"},
      {"uv_call", 1, "uv__fs_work"},
      {"syscall_begin", 1, "stat(2)"},
      {"syscall_end", 1, "stat(2)"},
      {"completion_post", 1, "worker: append to loop->wq"},
      {"wakeup_send", 1, "uv_async_send"},
      {"wait_end", 0, "epoll_wait"},
      {"wakeup_recv", 0, "uv__async_io"},
      {"completion_take", 0, "uv__work_done"},
      {"uv_call", 0, "uv__fs_done"},
      {"req_count_dec", 0, "uv__req_unregister"},
      {"after", 0, "AfterStat"},
      {"binding_call", 0, "MakeCallback"},
      {"callback_begin", 0, "statCb"},
      {"console", 0, "console.log"},
      {"callback_end", 0, "statCb"},
      {"phase", 0, "check"},
      {"phase", 0, "closing"},
      {"phase", 0, "timers"},
      {"alive_check", 0, "uv__loop_alive"},
      {"loop_exit", 0, "uv_run returns"},
      {"thread_exit", 1, "worker returns"},
      {"thread_exit", 2, "worker returns"},
      {"thread_exit", 3, "worker returns"},
      {"thread_exit", 4, "worker returns"}
  };
  auto r = run_scenario(load_scenario("scenarios/fs_stat_epoll_pool.toml"), step_lowest());
  CHECK(shape(r.rec()) == expected);
  CHECK(check_invariants(r.rec()) == "");
}
