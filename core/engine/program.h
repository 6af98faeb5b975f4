// The Program seam (DESIGN §11): the JavaScript the loop runs. A TOML lesson's statements
// (StatementProgram, in the engine) and a real node running a .js lesson (core/node/) drive
// the same loop operations (LoopApi); the loop calls the program for the main script, for
// each callback's body and for the process.nextTick / microtask drain after each.
#pragma once
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/engine_parts.h"
#include "core/engine/sockets.h"
#include "core/engine/threads.h"

namespace loopstep {

class Sandbox;

// What Node passes to a callback. fs callbacks get err (null or an error) and their values;
// timer, immediate, nextTick and promise callbacks get nothing, so their err is undefined.
struct CallbackArgs {
  bool err_passed = false;
  bool has_err = false;
  int64_t err = 0;        // -errno
  bool has_result = false;
  int64_t result = 0;
  const std::string* data = nullptr;
  const Req* req = nullptr;  // the completed request (its stat, its names), when there is one
};

// A TOML statement's text (console.log's args, socket.write's data) with {err}, {result} and
// {data} filled from the callback's arguments.
std::string fill_placeholders(const std::string& text, const CallbackArgs& args);

// The loop's operations, each performed on the loop thread with its named stages.
class LoopApi {
 public:
  virtual ~LoopApi() = default;
  // An API call: fs.*, pool work, setTimeout/setInterval, setImmediate, and (modeled, TOML)
  // process.nextTick, Promise.then, console.log. Returns the request it made, or nullptr.
  virtual Req* exec(ThreadCtx& t, const Step& step, const CallbackArgs& args) = 0;
  // The same for a step the request then owns (a JS lesson's call lives as long as its request).
  virtual Req* exec_owned(ThreadCtx& t, std::unique_ptr<Step> step) = 0;
  // A synchronous fs call (fs.openSync ...): its syscall runs on the loop thread, which it blocks.
  virtual std::unique_ptr<Req> exec_sync(ThreadCtx& t, std::unique_ptr<Step> step) = 0;
  // clearTimeout / clearInterval / clearImmediate of a request `exec` made; false if it is gone.
  virtual bool clear(ThreadCtx& t, uint32_t req, std::string_view js_fn) = 0;
  virtual void console(ThreadCtx& t, std::string_view text, uint32_t src) = 0;
  // What real node queues itself and loopstep observes: a tick or a promise reaction
  // (op next_tick or promise_then), queued, then run.
  virtual Req& queued(ThreadCtx& t, Op op, std::string_view callback, uint32_t src, int64_t depth) = 0;
  virtual void run_begin(ThreadCtx& t, Req& r) = 0;
  virtual void run_end(ThreadCtx& t, Req& r) = 0;
  // The modeled queues a TOML lesson's nextTick and Promise.then fill: every tick, then every microtask.
  virtual void drain_modeled(ThreadCtx& t) = 0;
  virtual Req* find(uint32_t req) = 0;
  virtual Hooks& hooks() = 0;
  virtual Sandbox& sandbox() = 0;
  // UV_THREADPOOL_SIZE as the program set it before its first pool request; false once the pool exists.
  virtual bool set_pool_size(int n) = 0;
  // The loop's TCP handles (core/net/): the program's net calls go there.
  virtual Sockets& sockets() = 0;
};

class Program {
 public:
  virtual ~Program() = default;
  virtual void start() {}  // before the loop thread runs (the sandbox exists)
  virtual void run_main(ThreadCtx& t) = 0;
  virtual void run_callback(ThreadCtx& t, Req& req, const CallbackArgs& args) = 0;  // until the callback returns
  virtual void drain(ThreadCtx& t) = 0;  // the ticks and microtasks after a callback or the main script
  // A socket's callback (a connection, data, a write done, a close), until it returns.
  virtual void run_net_callback(ThreadCtx&, const NetCallback&) {}
  // Node's end of the loop (SpinEventLoop): 'beforeExit' when uv_run returns, which may start
  // more work (the loop then runs again); 'exit' once it is over. Returns whether beforeExit ran.
  virtual bool before_exit(ThreadCtx&) { return false; }
  virtual void on_exit(ThreadCtx&) {}
  virtual void abort() {}                // wakes a loop thread waiting for the program (any thread)
  virtual void end() {}                  // the loop is done with the program (the loop thread)
};

// A JS lesson's program: real node (core/node/node_program.cpp). Throws std::runtime_error
// when node cannot be started.
std::unique_ptr<Program> make_node_program(LoopApi& api, const Scenario& scenario, RunInfo& info);

// Thrown on the loop thread when the program ends as node ends it: process.exit(code), or
// an uncaught exception (code 1). The loop stops there, as node's process does.
struct ProgramExit {
  int code = 0;
  std::string why;  // "process.exit(0)", "uncaught Error: boom"
  uint32_t src = 0;
};

}  // namespace loopstep
