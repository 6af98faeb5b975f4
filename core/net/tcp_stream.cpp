// TcpHandles, the loop's side that both models share once the kernel said a socket can go on:
// a new connection (onconnection), a finished connect (afterConnect), the non-blocking reads
// (uv__read; Windows' reads after the zero-byte read), the writes the kernel takes, the write
// callbacks and the shutdown once the queue is empty (uv__drain).
#include <algorithm>
#include <cerrno>
#include <chrono>

#include "core/engine/threads.h"
#include "core/net/tcp_handles.h"
#include "core/net/tcp_io.h"

namespace loopstep {

namespace {
constexpr int64_t kUvEof = -4095;  // UV_EOF

[[noreturn]] void kernel_lag(const char* what) {
  throw RunStopped(std::string("a socket's ") + what + " that the loop made due did not arrive within 5 s; the run stops");
}
}  // namespace

bool TcpHandles::accepted(ThreadCtx& loop, Tcp& h, int64_t fd, int peer) {
  if (fd >= 0) {
    std::deque<int>& queue = backlog_[h.local_port];
    if (auto it = std::find(queue.begin(), queue.end(), peer); it != queue.end()) queue.erase(it);
    if (open_ >= kMaxOpenSockets || made_ >= kMaxSocketsPerRun) {
      tcp::close(static_cast<int>(fd));
      fd = -EMFILE;
    }
  }
  NetCallback cb;
  cb.what = NetCallback::What::connection;
  cb.handle = h.id;
  cb.status = fd < 0 ? fd : 0;
  if (fd >= 0) {
    SockCall c;
    c.callback = "onconnection";
    cb.client = new_handle(loop, false, c);
    Tcp& client = handles_[cb.client];
    client.fd = static_cast<int>(fd);
    by_fd_[client.fd] = client.id;
    ++open_;
    client.local_port = h.local_port;
    client.peer_port = peer;
    client.state = State::open;
    sock_name(loop, client);
    cb.local_port = client.local_port;
    cb.peer_port = peer;
    accepting(loop, h, client);
  }
  const uint32_t server_id = h.id;
  callback(loop, cb, "onconnection", cause_id(last_seq_));
  return find(server_id) != nullptr;
}

void TcpHandles::connected(ThreadCtx& loop, Tcp& h, int64_t err) {
  h.delayed_error = 0;
  const uint32_t req = h.connect_req;
  h.connect_req = 0;
  h.state = err == 0 ? State::open : State::init;
  if (err != 0 && h.fd >= 0) {
    // A refused socket stays open until the program closes it (node destroys it at once).
    auto it = backlog_.find(h.peer_port);
    if (it != backlog_.end()) it->second.erase(std::remove(it->second.begin(), it->second.end(), h.local_port), it->second.end());
  }
  update_active(loop, h);
  env_.req_count(loop, req, -1);
  NetCallback cb;
  cb.what = NetCallback::What::connect;
  cb.handle = h.id;
  cb.req = req;
  cb.status = err;
  cb.local_port = h.local_port;
  cb.peer_port = h.peer_port;
  callback(loop, cb, "afterConnect", h.connect_cause);
}

bool TcpHandles::stream_read(ThreadCtx& loop, Tcp& h) {
  // Up to 32 reads while each fills node's 64 KiB buffer (uv__read's count; Windows' loop of
  // non-blocking WSARecv stops at the first short read too).
  for (int count = 32; count > 0 && h.reading && h.state == State::open; --count) {
    Flow& mine = flow_of(h);
    std::string data;
    size_t want = kReadSize;
    if (step()) {
      if (mine.bytes > 0) want = static_cast<size_t>(std::min<int64_t>(mine.bytes, kReadSize));
      else if (!mine.eof && !mine.reset) break;
    }
    const int fd = h.fd;
    const bool exact = step() && mine.bytes > 0;
    int64_t n = syscall(loop, read_fn(), h.id, [&]() -> int64_t {
      const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(kKernelLagMs);
      for (;;) {
        int64_t got = tcp::read(fd, &data, want - data.size());
        if (got > 0 && (!exact || data.size() == want)) return static_cast<int64_t>(data.size());
        if (got == 0 || (got < 0 && got != -EAGAIN)) return data.empty() ? got : static_cast<int64_t>(data.size());
        if (!step()) return data.empty() ? got : static_cast<int64_t>(data.size());
        if (std::chrono::steady_clock::now() > until) kernel_lag("data");
        tcp::wait(fd, false, 10);
      }
    });
    if (n == -EAGAIN) break;
    if (n <= 0) {
      read_stopped(loop, h, n);
      break;
    }
    NetCallback cb;
    cb.what = NetCallback::What::read;
    cb.handle = h.id;
    cb.data = &data;
    mine.bytes = std::max<int64_t>(0, mine.bytes - n);
    cb.status = n;
    callback(loop, cb, "onStreamRead", mine.cause);
    if (static_cast<size_t>(n) < kReadSize) return true;
  }
  return false;
}

void TcpHandles::read_stopped(ThreadCtx& loop, Tcp& h, int64_t n) {
  // EOF (uv__stream_eof) or an error (ECONNRESET): reading stops, then the callback.
  Flow& mine = flow_of(h);
  std::string none;
  NetCallback cb;
  cb.what = NetCallback::What::read;
  cb.handle = h.id;
  cb.data = &none;
  cb.status = n == 0 ? kUvEof : n;
  h.eof = true;
  h.reading = false;
  mine.eof = mine.reset = false;
  // uv__stream_eof clears UV_HANDLE_READING before it stops the handle: its own read_stop
  // event, so the handle table shows EOF at this step, not one step later at OnUvRead (an id-
  // only fold cannot tell the handle_stop that follows from a close's).
  if (n == 0) {
    Hooks& hk = *env_.hooks;
    hk.emit(loop, Kind::read_stop, Layer::libuv, hk.name("uv__stream_eof"), h.id, kUvEof);
  }
  update_active(loop, h);
  callback(loop, cb, "onStreamRead", mine.cause);
}

int64_t TcpHandles::write_some(ThreadCtx& loop, Tcp& h, const std::string& data, size_t off, uint32_t req) {
  Flow& peer = flow_to_peer(h);
  size_t want = data.size() - off;
  if (step() && !peer.gone && !peer.reset) want = static_cast<size_t>(std::clamp<int64_t>(kStepWindow - peer.bytes, 0, static_cast<int64_t>(want)));
  if (want == 0) return 0;
  const int64_t n = syscall(loop, write_fn(), req ? req : h.id, [&]() -> int64_t {
    if (!step()) return tcp::write(h.fd, data.data() + off, want);
    // Step mode: the window is modeled, so the kernel takes all of it; if it is slow to
    // free the room, wait for it rather than let its timing shorten the write.
    size_t done = 0;
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(kKernelLagMs);
    while (done < want) {
      int64_t w = tcp::write(h.fd, data.data() + off + done, want - done);
      if (w < 0 && w != -EAGAIN) return done ? static_cast<int64_t>(done) : w;
      if (w > 0) done += static_cast<size_t>(w);
      else if (std::chrono::steady_clock::now() > until) kernel_lag("write room");
      else tcp::wait(h.fd, true, 10);
    }
    return static_cast<int64_t>(done);
  });
  if (n == -EAGAIN) return 0;
  if (n > 0) {
    peer.bytes += n;
    peer.cause = cause_id(last_seq_);
  }
  return n;
}

void TcpHandles::write_callbacks(ThreadCtx& loop, Tcp& h, std::vector<WriteReq>& done) {
  for (WriteReq& w : done) {
    env_.req_count(loop, w.req, -1);
    NetCallback cb;
    cb.what = NetCallback::What::write;
    cb.handle = h.id;
    cb.req = w.req;
    cb.status = w.error;
    callback(loop, cb, "onWriteComplete", w.cause);
  }
}

void TcpHandles::drain(ThreadCtx& loop, Tcp& h) {
  if (!h.shutdown_req || h.shut) return;
  const uint32_t req = h.shutdown_req;
  h.shutdown_req = 0;
  const int fd = h.fd;
  int64_t err = syscall(loop, "shutdown(SHUT_WR)", req, [&] { return tcp::shutdown_write(fd); });
  if (err == 0) {
    h.shut = true;
    Flow& peer = flow_to_peer(h);
    peer.eof = true;
    peer.cause = cause_id(last_seq_);
  }
  update_active(loop, h);
  env_.req_count(loop, req, -1);
  NetCallback cb;
  cb.what = NetCallback::What::shutdown;
  cb.handle = h.id;
  cb.req = req;
  cb.status = err;
  callback(loop, cb, "afterShutdown", 0);
}

}  // namespace loopstep
