// The seam between the loop and its TCP handles (DESIGN §12): what the program asks of the
// loop's sockets (listen, connect, read_start, write, shutdown, close), what the loop asks of
// them (are handles active, closing, pending?), and what they hand back to the program (a
// callback). The handles themselves live in core/net/ (make_sockets), the readiness they wait
// for in the backend (an IoPoller or an IoPort, engine_parts.h): the engine knows neither's insides.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/engine/engine_parts.h"

namespace loopstep {

// A call of the program's net module, as the bootstrap sends it (core/node/README.md).
struct SockCall {
  enum class Op : uint8_t { hello, listen, tcp_init, connect, read_start, read_stop, write, shutdown, close };
  Op op = Op::hello;
  uint32_t handle = 0;  // the uv_tcp_t it is about (0 for hello, listen, tcp_init)
  std::string host;     // listen, connect
  int port = 0;
  std::string data;     // write: the bytes
  std::string callback; // the JS function the callback will be (for the request table)
  uint32_t src = 0;     // the lesson's position of the call
};

struct SockReply {
  int64_t result = 0;      // 0 or -errno (uv_listen / uv_tcp_connect / uv_write ... returned it)
  uint32_t handle = 0;     // listen, tcp_init: the new handle
  uint32_t req = 0;        // connect, write (async), shutdown: the request that will complete
  bool async = false;      // write: queued (a uv_write_t) rather than written at once
  int64_t bytes = 0;       // write: bytes the kernel took at once
  int local_port = 0;      // listen: the ephemeral port
  std::string refusal;     // not modeled on this run: the message the program throws at its line
};

// A callback the loop runs into the program (libuv's callback -> node's wrap -> JS).
struct NetCallback {
  enum class What : uint8_t { connection, connect, read, write, shutdown, close };
  What what = What::read;
  uint32_t handle = 0;      // the handle it belongs to (connection: the server)
  uint32_t req = 0;         // connect, write, shutdown: the request
  int64_t status = 0;       // 0 or -errno; read: bytes, or UV_EOF / -errno
  uint32_t client = 0;      // connection: the accepted handle
  int local_port = 0, peer_port = 0;
  const std::string* data = nullptr;  // read: the bytes
};

// What core/net/ needs from the loop it runs on.
struct SocketsEnv {
  Hooks* hooks = nullptr;
  RunInfo* info = nullptr;
  IoPoller* poller = nullptr;  // readiness (epoll), or
  IoPort* port = nullptr;      // completion (IOCP); neither: no sockets on this backend (refused)
  std::string backend_name;    // for the refusal's message
  // uv__req_register / uv__req_unregister on the loop's req_count: the new value.
  std::function<int64_t(ThreadCtx&, uint32_t req, int delta)> req_count;
  // Runs a callback into the program (callback_begin, the program, callback_end, the drain).
  std::function<void(ThreadCtx&, const NetCallback&, uint32_t fn, uint64_t cause)> callback;
  // Before each packet a completion port hands over: what the loop does before any completion
  // of a wait (the loop time, and on Windows the pending pass that processes it).
  std::function<void(ThreadCtx&)> before_packet;
};

class Sockets {
 public:
  virtual ~Sockets() = default;
  virtual SockReply call(ThreadCtx& loop, const SockCall& c) = 0;
  // uv__loop_alive's terms that are sockets': active handles and closing handles.
  virtual bool active() const = 0;
  virtual bool closing() const = 0;
  virtual bool pending() const = 0;             // delayed errors waiting for the pending phase
  virtual void run_pending(ThreadCtx& loop) = 0;  // uv__run_pending: a connect that failed at once
  virtual void run_closing(ThreadCtx& loop) = 0;  // uv__run_closing_handles
  virtual void close_all() = 0;                 // end of a run, however it ended: every fd closed
};

// core/net/tcp_handles.cpp.
std::unique_ptr<Sockets> make_sockets(SocketsEnv env);

}  // namespace loopstep
