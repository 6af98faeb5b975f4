// A TOML lesson's sockets: the net statements (net.listen, net.connect, socket.on, socket.write,
// socket.end, socket.destroy, server.close) made into the same calls of the loop's TCP handles
// that a JS lesson's bootstrap makes (Sockets::call, core/engine/sockets.h), and the handles'
// callbacks made into the listeners the statements registered. What node's lib/net.js and its
// streams add on top of libuv is kept to the few rules that decide a lesson's order
// (scenarios/README.md, "Sockets"): an accepted socket reads before its connection callback
// runs, a connected one after its connect callback; an 'end' with the own side still open ends
// it (allowHalfOpen false); a socket closes once both sides ended, or at its first error.
#pragma once
#include <array>
#include <deque>
#include <functional>
#include <map>
#include <string>

#include "core/engine/program.h"

namespace loopstep {

class StatementSockets {
 public:
  // Runs the body of the callback `name` with these arguments (nothing when it is empty).
  using RunBody = std::function<void(ThreadCtx&, const std::string& name, const CallbackArgs&)>;
  StatementSockets(LoopApi& api, const Scenario& scenario, RunBody run_body)
      : api_(api), scenario_(scenario), run_body_(std::move(run_body)) {}

  void exec(ThreadCtx& t, const Step& s, const CallbackArgs& args);  // one net statement
  void on_callback(ThreadCtx& t, const NetCallback& cb);               // a handle's callback into the program
  // A nextTick this class queued for a write the kernel took at once (node's afterWriteTick):
  // runs it and says true; false for any other tick.
  bool run_tick(ThreadCtx& t, const Step& tick);

 private:
  enum Listener { on_data, on_end, on_close, on_error, on_drain, kListeners };
  struct Write {
    std::string callback;  // the statement's, or empty
    size_t bytes = 0;
  };
  struct Handle {
    bool server = false;
    const Step* made_by = nullptr;         // net.listen or net.connect
    std::array<std::string, kListeners> on;   // socket.on's listeners
    std::map<uint32_t, Write> writes;      // queued ones, by uv_write_t
    size_t write_length = 0;  // node's writableLength: bytes written whose write has not called back
    bool need_drain = false;  // a write passed the highWaterMark (write() returned false): 'drain' is due
    bool ended = false;   // its own end() was called (uv_shutdown)
    bool finished = false;  // the shutdown completed
    bool eof = false;     // the peer ended its side
    bool closing = false; // uv_close called
    uint32_t accepted_by = 0;  // an accepted socket: its server's handle
  };
  // A server's open connections, and its server.close waiting for them to end.
  struct Server {
    int connections = 0;
    const Step* closed_by = nullptr;
  };

  uint32_t handle_of(const Step& s);  // the handle `s.target` holds now; the run stops if none
  [[noreturn]] void stop(const Step& s, const std::string& why) const;
  SockReply call(ThreadCtx& t, const Step& s, SockCall c);
  void next_tick(ThreadCtx& t, const Step& s, const std::string& callback);
  void listen(ThreadCtx& t, const Step& s);
  void connect(ThreadCtx& t, const Step& s);
  void write(ThreadCtx& t, const Step& s, uint32_t id, const CallbackArgs& args);
  void after_write(ThreadCtx& t, uint32_t id, const std::string& callback);
  void end(ThreadCtx& t, uint32_t id);
  void destroy(ThreadCtx& t, uint32_t id);
  void fail(ThreadCtx& t, uint32_t id, int64_t err);  // node's destroy(err): 'error', then close
  void read_start(ThreadCtx& t, uint32_t id);
  void accepted(ThreadCtx& t, const NetCallback& cb);
  void read(ThreadCtx& t, const NetCallback& cb);
  void closed(ThreadCtx& t, uint32_t id);
  void close_if_drained(ThreadCtx& t, uint32_t server);

  LoopApi& api_;
  const Scenario& scenario_;
  RunBody run_body_;
  std::map<std::string, uint32_t> vars_;  // a server or socket variable -> its handle
  std::map<uint32_t, Handle> handles_;    // open ones: closed() erases
  std::map<uint32_t, int> ports_;         // every server's ephemeral port, also once it closed
  std::map<uint32_t, Server> servers_;
  struct AfterWriteTick {
    uint32_t handle = 0;
    std::string callback;
  };
  std::deque<AfterWriteTick> after_write_ticks_;  // queued, oldest first: ticks run in the order queued
};

}  // namespace loopstep
