// The handle table's fold: how the socket events (and the calls, syscalls and requests that
// name a handle) change the loop's handles. Events carry ids and numbers, not names, so a
// request's type comes from where it is made: see apply_handles.
#include <algorithm>
#include <utility>

#include "core/record/reduce_handles.h"

namespace loopstep {

std::string_view handle_status_name(HandleStatus s) {
  static constexpr std::string_view kNames[] = {"init", "listening", "connecting", "open", "closing", "closed"};
  return kNames[static_cast<int>(s)];
}

std::string_view read_state_name(ReadState r) {
  static constexpr std::string_view kNames[] = {"not started", "reading", "paused", "EOF"};
  return kNames[static_cast<int>(r)];
}

std::string_view sock_req_type_name(SockReqType t) {
  static constexpr std::string_view kNames[] = {"uv_connect_t", "uv_write_t", "uv_shutdown_t"};
  return kNames[static_cast<int>(t)];
}

namespace {

auto find_handle(const std::vector<HandleState>& hs, uint32_t id) {
  return std::lower_bound(hs.begin(), hs.end(), id, [](const HandleState& h, uint32_t v) { return h.id < v; });
}

HandleState* live_handle(LoopState& s, uint32_t id) {
  auto it = find_handle(s.handles, id);
  if (it == s.handles.end() || it->id != id || it->status == HandleStatus::closed) return nullptr;
  return &s.handles[static_cast<size_t>(it - s.handles.begin())];
}

SockReq* live_req(LoopState& s, uint32_t id) {
  auto it = std::find_if(s.sock_reqs.begin(), s.sock_reqs.end(), [&](const SockReq& r) { return r.id == id; });
  return it == s.sock_reqs.end() ? nullptr : &*it;
}

bool has_connect(const LoopState& s, uint32_t handle) {
  return std::any_of(s.sock_reqs.begin(), s.sock_reqs.end(),
                     [&](const SockReq& r) { return r.handle == handle && r.type == SockReqType::connect; });
}

// An accepted socket's local port is its server's (loopback: one address); a connecting
// socket's is an ephemeral port of its own.
bool accepted(const LoopState& s, int local_port) {
  return std::any_of(s.handles.begin(), s.handles.end(),
                     [&](const HandleState& h) { return h.server && h.status == HandleStatus::listening && h.local_port == local_port; });
}

void add_req(LoopState& s, HandleState& h, uint32_t id) {
  // uv_tcp_connect makes its uv_connect_t right after the socket's connect(2); a uv_write_t
  // follows uv_write (value: the bytes it queues); a uv_shutdown_t follows uv_shutdown (0).
  SockReq r{id, h.id, SockReqType::shutdown, 0};
  if (h.status == HandleStatus::connecting && !has_connect(s, h.id)) r.type = SockReqType::connect;
  else if (h.call_value > 0) r.type = SockReqType::write, r.bytes_left = h.call_value;
  h.call_value = 0;
  h.bytes_queued += r.bytes_left;
  s.sock_reqs.push_back(r);
}

void end_req(LoopState& s, uint32_t id) {
  auto it = std::find_if(s.sock_reqs.begin(), s.sock_reqs.end(), [&](const SockReq& r) { return r.id == id; });
  if (it == s.sock_reqs.end()) return;
  if (HandleState* h = live_handle(s, it->handle)) {
    h->bytes_queued -= it->bytes_left;  // a write cancelled by uv_close gives back what it still held
    it->bytes_left = 0;
    // uv__stream_connect: connected, or refused (the socket stays until the program closes it).
    if (it->type == SockReqType::connect && h->status == HandleStatus::connecting)
      h->status = h->connect_ok ? HandleStatus::open : HandleStatus::init;
  }
  s.recent_reqs.push_back(*it);
  if (s.recent_reqs.size() > LoopState::kRecentClosed) s.recent_reqs.pop_front();
  s.sock_reqs.erase(it);
}

void finish_close(LoopState& s, HandleState& h) {
  h.status = HandleStatus::closed;
  h.active = false;
  s.closing_handles = std::max<int64_t>(0, s.closing_handles - 1);
  std::erase_if(s.sock_reqs, [&](const SockReq& r) { return r.handle == h.id; });
  s.recent_closed.push_back(h);
  if (s.recent_closed.size() > LoopState::kRecentClosed) s.recent_closed.pop_front();
  // As with requests: closed entries stay as tombstones until they are half the table.
  if (++s.handles_closed * 2 > s.handles.size()) {
    std::erase_if(s.handles, [](const HandleState& x) { return x.status == HandleStatus::closed; });
    s.handles_closed = 0;
  }
}

}  // namespace

const HandleState* LoopState::handle(uint32_t id) const {
  auto it = find_handle(handles, id);
  if (it != handles.end() && it->id == id && it->status != HandleStatus::closed) return &*it;
  for (const auto& h : recent_closed)
    if (h.id == id) return &h;
  return nullptr;
}

const SockReq* LoopState::sock_req(uint32_t id) const {
  auto it = std::find_if(sock_reqs.begin(), sock_reqs.end(), [&](const SockReq& r) { return r.id == id; });
  if (it != sock_reqs.end()) return &*it;
  for (const SockReq& r : recent_reqs)
    if (r.id == id) return &r;
  return nullptr;
}

void apply_handles(LoopState& s, const Event& e) {
  const SockReq* of = e.req ? s.sock_req(e.req) : nullptr;
  s.touched_handle = of ? of->handle : s.handle(e.req) ? e.req : 0;
  if (e.kind == Kind::handle_init) {
    s.touched_handle = e.req;
    HandleState h;
    h.id = e.req;
    if (s.accepted_fd >= 0) h.fd = std::exchange(s.accepted_fd, -1);  // uv__server_io's new connection
    s.handles.push_back(h);
    return;
  }
  HandleState* h = live_handle(s, e.req);
  switch (e.kind) {
    case Kind::sock_name:
      if (!h) break;
      h->local_port = sock_local_port(e.value);
      h->peer_port = sock_peer_port(e.value);
      h->server = sock_server(e.value);
      if (h->server) h->status = HandleStatus::listening;
      else if (h->status == HandleStatus::init) h->status = accepted(s, h->local_port) ? HandleStatus::open : HandleStatus::connecting;
      break;
    case Kind::handle_start:
    case Kind::handle_stop:
      if (h) h->active = e.kind == Kind::handle_start;
      s.active_sockets = e.value;
      break;
    case Kind::io_ctl: if (h) h->fd = e.value; break;
    case Kind::uv_call: if (h) h->call_value = e.value; break;
    case Kind::read_start: if (h && e.value) h->read = ReadState::reading; break;
    case Kind::read_stop: if (h && h->reading()) h->read = e.value < 0 ? ReadState::eof : ReadState::paused; break;  // uv__stream_eof: UV_EOF
    case Kind::req_init:
      // A socket's request names its handle in value (other requests are made in the JS layer).
      if (e.layer == Layer::libuv && e.value > 0)
        if (HandleState* owner = live_handle(s, static_cast<uint32_t>(e.value))) add_req(s, *owner, e.req);
      break;
    case Kind::syscall_end:
      if (h) {
        // listen(2)'s and accept4's fd; connect(2) gives no fd (its fd shows at epoll_ctl).
        if (h->status == HandleStatus::init && e.value > 2) h->fd = e.value;  // fds 0..2 are stdio: a 0 is close(2)'s result
        else if (h->status == HandleStatus::listening && e.value > 2) s.accepted_fd = e.value;
      } else if (SockReq* r = live_req(s, e.req)) {
        HandleState* owner = live_handle(s, r->handle);
        if (!owner) break;
        if (r->type == SockReqType::write && e.value > 0) {
          const int64_t n = std::min(e.value, r->bytes_left);
          r->bytes_left -= n;
          owner->bytes_queued -= n;
        } else if (r->type == SockReqType::connect) {
          owner->connect_ok = e.value == 0;  // getsockopt(SO_ERROR)
        } else if (r->type == SockReqType::shutdown && e.value == 0) {
          owner->write_shut = true;
        }
      }
      break;
    case Kind::req_count_dec: end_req(s, e.req); break;
    case Kind::binding_call:
      // LibuvStreamWrap::OnUvRead names the socket: bytes read, or UV_EOF / an error.
      if (h && !h->server) {
        if (e.value > 0) h->bytes_read += e.value;
        else if (e.value < 0) h->read = ReadState::eof;  // uv__stream_eof stops reading
      }
      break;
    case Kind::handle_close:
      // Counted here, not taken from value (closing_handles' length): on iocp a handle whose
      // aborted operations' packets are still due is closing before it is queued there, and
      // keeps the loop alive meanwhile (Windows' libuv counts it active until its endgame).
      if (h) {
        h->status = HandleStatus::closing;
        h->fd = -1;  // uv_close has closed the fd already
        if (h->reading()) h->read = ReadState::paused;  // and stopped reading (uv_read_stop)
        ++s.closing_handles;
      }
      break;
    case Kind::handle_closed: if (h) finish_close(s, *h); break;
    default: break;
  }
}

}  // namespace loopstep
