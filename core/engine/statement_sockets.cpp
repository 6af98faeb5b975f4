// StatementSockets: a TOML lesson's net statements as Sockets calls, and the handles' callbacks
// as the listeners the statements registered (statement_sockets.h).
#include "core/engine/statement_sockets.h"

#include <cerrno>
#include <memory>

#include "core/engine/threads.h"
#include "core/record/errno_names.h"

namespace loopstep {

namespace {
constexpr int64_t kUvEof = -4095;  // UV_EOF
constexpr const char* kCloseCallback = "onclose";  // node's handle.close callback when the lesson has no listener
constexpr const char* kAfterWriteTick = "afterWriteTick";  // node's tick for a write the kernel took at once
constexpr size_t kHighWaterMark = 16384;  // node 20's default for a socket's writable side

CallbackArgs error_args(int64_t err) {
  CallbackArgs a;
  a.err_passed = a.has_err = err < 0;
  a.err = err;
  return a;
}

// A write's callback: node passes null when the write succeeded.
CallbackArgs write_args(int64_t status) {
  CallbackArgs a = error_args(status);
  a.err_passed = true;
  return a;
}

std::string repeated(const std::string& data, int64_t times) {
  std::string out;
  out.reserve(data.size() * static_cast<size_t>(times));
  for (int64_t i = 0; i < times; ++i) out += data;
  return out;
}
}  // namespace

void StatementSockets::stop(const Step& s, const std::string& why) const {
  throw RunStopped(ScenarioError{scenario_.file, s.pos.line, s.pos.column, why}.format());
}

uint32_t StatementSockets::handle_of(const Step& s) {
  auto it = vars_.find(s.target);
  if (it == vars_.end()) stop(s, std::string(op_name(s.op)) + ": " + quote(s.target) + " holds no server or socket yet");
  if (!handles_.count(it->second) && s.op != Op::net_connect)
    stop(s, std::string(op_name(s.op)) + ": " + quote(s.target) + " is closed");
  return it->second;
}

SockReply StatementSockets::call(ThreadCtx& t, const Step& s, SockCall c) {
  SockReply r = api_.sockets().call(t, c);
  if (!r.refusal.empty()) stop(s, r.refusal);  // this backend has no sockets (the message says why)
  return r;
}

void StatementSockets::next_tick(ThreadCtx& t, const Step& s, const std::string& callback) {
  // What node calls back in a nextTick ('listening', a write the kernel took at once).
  auto tick = std::make_unique<Step>();
  tick->op = Op::next_tick;
  tick->pos = s.pos;
  tick->callback = callback;
  api_.exec_owned(t, std::move(tick));
}

void StatementSockets::exec(ThreadCtx& t, const Step& s, const CallbackArgs& args) {
  switch (s.op) {
    case Op::net_listen: listen(t, s); return;
    case Op::net_connect: connect(t, s); return;
    case Op::socket_on: {
      static constexpr std::string_view kNames[kListeners] = {"data", "end", "close", "error", "drain"};
      Handle& h = handles_[handle_of(s)];
      for (int e = 0; e < kListeners; ++e)
        if (s.event == kNames[e]) h.on[e] = s.callback;
      return;
    }
    case Op::socket_write: write(t, s, handle_of(s), args); return;
    case Op::socket_end: end(t, handle_of(s)); return;
    case Op::server_close: {
      // node's server.close: the handle closes at once; 'close' comes in a nextTick once
      // the server's connections have ended (_emitCloseIfDrained).
      const uint32_t id = handle_of(s);
      destroy(t, id);
      servers_[id].closed_by = &s;
      return close_if_drained(t, id);
    }
    default: return destroy(t, handle_of(s));  // socket.destroy
  }
}

void StatementSockets::close_if_drained(ThreadCtx& t, uint32_t server) {
  Server& s = servers_[server];
  if (!s.closed_by || s.connections > 0) return;
  const Step& by = *s.closed_by;
  s.closed_by = nullptr;
  if (!by.callback.empty()) next_tick(t, by, by.callback);
}

void StatementSockets::listen(ThreadCtx& t, const Step& s) {
  // net.createServer(onConnection).listen(0, '127.0.0.1', callback): uv_listen at once,
  // 'listening' in a nextTick.
  SockCall c;
  c.op = SockCall::Op::listen;
  c.host = s.host;
  c.port = s.port;
  c.callback = s.on_connection;
  SockReply r = call(t, s, c);
  if (r.result < 0) stop(s, "net.listen failed: " + std::string(errno_name(static_cast<int>(-r.result))));
  Handle& h = handles_[r.handle];
  h.server = true;
  h.made_by = &s;
  ports_[r.handle] = r.local_port;
  vars_[s.save_as] = r.handle;
  if (!s.callback.empty()) next_tick(t, s, s.callback);
}

void StatementSockets::connect(ThreadCtx& t, const Step& s) {
  // net.connect(server's port, '127.0.0.1', callback): uv_tcp_init, then uv_tcp_connect. A
  // closed server's port stays known, so a lesson can connect to it (ECONNREFUSED).
  const int port = ports_[handle_of(s)];
  SockCall init;
  init.op = SockCall::Op::tcp_init;
  init.callback = s.callback;
  SockReply made = call(t, s, init);
  if (made.result < 0) stop(s, "net.connect failed: " + std::string(errno_name(static_cast<int>(-made.result))));
  Handle& h = handles_[made.handle];
  h.made_by = &s;
  vars_[s.save_as] = made.handle;
  SockCall c;
  c.op = SockCall::Op::connect;
  c.handle = made.handle;
  c.host = s.host;
  c.port = port;
  c.callback = s.callback;
  SockReply r = call(t, s, c);
  if (r.result < 0) stop(s, "net.connect failed: " + std::string(errno_name(static_cast<int>(-r.result))));
}

void StatementSockets::write(ThreadCtx& t, const Step& s, uint32_t id, const CallbackArgs& args) {
  SockCall c;
  c.op = SockCall::Op::write;
  c.handle = id;
  const std::string data = fill_placeholders(s.data, args);
  if (data.size() * static_cast<size_t>(s.repeat) > kMaxSocketWrite)
    stop(s, "socket.write would write " + std::to_string(data.size() * static_cast<size_t>(s.repeat)) +
                " bytes; one write is at most " + std::to_string(kMaxSocketWrite) + " bytes (64 MiB)");
  c.data = repeated(data, s.repeat);
  c.callback = s.callback;
  // node 20's writeOrBuffer: the bytes count as pending until the write calls back; what is
  // still pending once the write was made (a write the kernel took at once is done by then)
  // decides what write() returns: at the highWaterMark, false, and a 'drain' is due.
  const size_t bytes = c.data.size();
  Handle& h = handles_[id];
  h.write_length += bytes;
  SockReply r = call(t, s, c);
  if (r.result < 0) return fail(t, id, r.result);
  if (r.async) h.writes[r.req] = Write{s.callback, bytes};  // a uv_write_t: its callback comes with its request
  else h.write_length -= bytes;
  if (h.write_length >= kHighWaterMark) h.need_drain = true;
  // Taken at once: node calls back in a nextTick (afterWriteTick), queued here only when there
  // is a callback to run.
  if (r.async || s.callback.empty()) return;
  after_write_ticks_.push_back(AfterWriteTick{id, s.callback});
  next_tick(t, s, kAfterWriteTick);
}

bool StatementSockets::run_tick(ThreadCtx& t, const Step& tick) {
  if (tick.callback != kAfterWriteTick || after_write_ticks_.empty()) return false;
  const AfterWriteTick due = after_write_ticks_.front();
  after_write_ticks_.pop_front();
  after_write(t, due.handle, due.callback);
  return true;
}

void StatementSockets::after_write(ThreadCtx& t, uint32_t id, const std::string& callback) {
  // node's afterWrite: 'drain' first, when nothing is pending any more and the socket is
  // neither ending nor destroyed; then the write's callback.
  if (auto it = handles_.find(id); it != handles_.end()) {
    Handle& h = it->second;
    if (h.need_drain && h.write_length == 0 && !h.ended && !h.closing) {
      h.need_drain = false;
      run_body_(t, h.on[on_drain], CallbackArgs{});
    }
  }
  run_body_(t, callback, write_args(0));
}

void StatementSockets::end(ThreadCtx& t, uint32_t id) {
  Handle& h = handles_[id];
  if (h.ended || h.closing) return;
  h.ended = true;
  SockCall c;
  c.op = SockCall::Op::shutdown;
  c.handle = id;
  c.callback = "afterShutdown";
  if (SockReply r = api_.sockets().call(t, c); r.result < 0) fail(t, id, r.result);
}

void StatementSockets::destroy(ThreadCtx& t, uint32_t id) {
  Handle& h = handles_[id];
  if (h.closing) return;
  h.closing = true;
  SockCall c;
  c.op = SockCall::Op::close;
  c.handle = id;
  const std::string& listener = h.server ? std::string() : h.on[on_close];
  c.callback = listener.empty() ? kCloseCallback : listener;
  api_.sockets().call(t, c);
  // node's Socket._destroy: the server counts one connection less at once.
  if (h.accepted_by) {
    --servers_[h.accepted_by].connections;
    close_if_drained(t, h.accepted_by);
  }
}

void StatementSockets::fail(ThreadCtx& t, uint32_t id, int64_t err) {
  // node's destroy(err): the handle closes, then 'error'; without a listener the error is
  // uncaught and the process ends.
  destroy(t, id);
  const std::string listener = handles_[id].on[on_error];
  if (listener.empty())
    throw ProgramExit{1, "uncaught Error: " + std::string(errno_name(static_cast<int>(-err))) + " on a socket with no 'error' listener"};
  run_body_(t, listener, error_args(err));
}

void StatementSockets::read_start(ThreadCtx& t, uint32_t id) {
  SockCall c;
  c.op = SockCall::Op::read_start;
  c.handle = id;
  api_.sockets().call(t, c);
}

void StatementSockets::on_callback(ThreadCtx& t, const NetCallback& cb) {
  auto it = handles_.find(cb.handle);
  if (it == handles_.end()) return;
  Handle& h = it->second;
  switch (cb.what) {
    case NetCallback::What::connection: return accepted(t, cb);
    case NetCallback::What::connect:
      if (cb.status == -ECANCELED) return;  // destroyed while connecting: node emits nothing
      if (cb.status < 0) return fail(t, cb.handle, cb.status);
      run_body_(t, h.made_by->callback, CallbackArgs{});
      if (!h.closing) read_start(t, cb.handle);  // afterConnect: 'connect', then read(0)
      return;
    case NetCallback::What::read: return read(t, cb);
    case NetCallback::What::write: {
      const Write w = h.writes[cb.req];
      h.writes.erase(cb.req);
      h.write_length -= w.bytes;
      if (cb.status < 0 && cb.status != -ECANCELED) return fail(t, cb.handle, cb.status);
      if (cb.status < 0) return run_body_(t, w.callback, write_args(cb.status));
      return after_write(t, cb.handle, w.callback);
    }
    case NetCallback::What::shutdown:
      h.finished = true;
      if (cb.status < 0 && cb.status != -ECANCELED) return fail(t, cb.handle, cb.status);
      if (h.eof) destroy(t, cb.handle);  // both sides ended: the socket closes
      return;
    case NetCallback::What::close: return closed(t, cb.handle);
  }
}

void StatementSockets::accepted(ThreadCtx& t, const NetCallback& cb) {
  Handle& server = handles_[cb.handle];
  if (cb.status < 0) {
    if (!server.on[on_error].empty()) run_body_(t, server.on[on_error], error_args(cb.status));
    return;
  }
  // node's onconnection: a Socket for the handle, which starts reading in its constructor,
  // then 'connection'.
  Handle& client = handles_[cb.client];
  client.made_by = server.made_by;
  client.accepted_by = cb.handle;
  ++servers_[cb.handle].connections;
  if (!server.made_by->accept_as.empty()) vars_[server.made_by->accept_as] = cb.client;
  read_start(t, cb.client);
  run_body_(t, server.made_by->on_connection, CallbackArgs{});
}

void StatementSockets::read(ThreadCtx& t, const NetCallback& cb) {
  Handle& h = handles_[cb.handle];
  if (cb.status > 0) {
    CallbackArgs a;
    a.data = cb.data;
    a.has_result = true;
    a.result = cb.status;
    return run_body_(t, h.on[on_data], a);
  }
  if (cb.status != kUvEof) return fail(t, cb.handle, cb.status);
  h.eof = true;
  run_body_(t, h.on[on_end], CallbackArgs{});
  // allowHalfOpen false: the peer's end ends this side too; once both ended, the socket closes.
  if (h.closing) return;
  if (!h.ended) end(t, cb.handle);
  else if (h.finished) destroy(t, cb.handle);
}

void StatementSockets::closed(ThreadCtx& t, uint32_t id) {
  Handle& h = handles_[id];
  const std::string listener = h.server ? std::string() : h.on[on_close];  // a server's 'close': close_if_drained
  handles_.erase(id);
  run_body_(t, listener, CallbackArgs{});
}

}  // namespace loopstep
