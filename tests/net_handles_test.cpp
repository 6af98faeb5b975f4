// The handle table of the fold (issue 17, the window): the exact table at chosen steps of the
// socket lessons in Step mode (policy lowest), stepping back equal to a fresh fold, and
// closed handles dropped in batches, and the reading flag through a pause and a resume.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/node/lesson_check.h"
#include "tests/posix_support.h"
#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;

namespace {

bool node_here() { return sh("command -v node >/dev/null 2>&1").status == 0; }

std::unique_ptr<Session> run_lesson(const std::string& file, Mode m) {
  ScenarioResult r = load_lesson(file);
  if (auto* e = std::get_if<ScenarioError>(&r)) FAIL(e->format());
  SessionOptions o;
  o.mode = m;
  o.policy = ReleasePolicy::lowest();
  o.backend = BackendKind::epoll;
  auto s = std::make_unique<Session>(std::get<Scenario>(std::move(r)), o);
  s->start();
  if (m == Mode::step) s->step_to_end();
  else s->run_to_end();
  REQUIRE(s->stop_reason() == "");
  return s;
}

// A program written for one test: its file in /tmp while it runs, removed after.
std::unique_ptr<Session> run_program(const std::string& stem, const std::string& source, Mode m) {
  const std::string path = "/tmp/" + stem + "_" + std::to_string(::getpid()) + ".js";
  std::ofstream(path) << source;
  auto s = run_lesson(path, m);
  std::remove(path.c_str());
  return s;
}

// The live handles as the Sockets panel lists them, ports left out (they are ephemeral):
// "#2 socket connecting active fd14 queued0 [#4 uv_connect_t]".
std::string table(const LoopState& s) {
  std::ostringstream o;
  for (const HandleState& h : s.handles) {
    if (h.status == HandleStatus::closed) continue;
    o << "#" << h.id << (h.server ? " server " : " socket ") << handle_status_name(h.status) << (h.active ? " active" : "")
      << (h.reading() ? " reading" : "") << (h.read_ended() ? " eof" : "") << (h.write_shut ? " shut" : "") << " fd" << h.fd
      << " queued" << h.bytes_queued << " [";
    for (const SockReq& r : s.sock_reqs)
      if (r.handle == h.id) o << "#" << r.id << " " << sock_req_type_name(r.type) << " ";
    o << "]\n";
  }
  return o.str();
}

// The index of the n-th (from 1) event of a kind, of the given function name if not empty.
size_t nth(const Recording& rec, Kind k, int n, std::string_view fn = "") {
  for (size_t i = 0; i < rec.size(); ++i)
    if (rec[i].kind == k && (fn.empty() || rec.info().strings.str(rec[i].fn) == fn) && --n == 0) return i;
  FAIL("no such event: " << kind_name(k) << " " << fn);
  return 0;
}

// fds differ from run to run: replace each by its order of first appearance.
std::string fds_numbered(std::string t) {
  std::vector<std::string> seen;
  std::string out;
  for (size_t i = 0; i < t.size();) {
    if (t.compare(i, 3, " fd") == 0) {
      size_t j = i + 3;
      while (j < t.size() && (std::isdigit(static_cast<unsigned char>(t[j])) || t[j] == '-')) ++j;
      const std::string fd = t.substr(i + 3, j - i - 3);
      auto it = std::find(seen.begin(), seen.end(), fd);
      if (it == seen.end() && fd != "-1") it = seen.insert(seen.end(), fd);
      out += fd == "-1" ? " fd-" : " fd" + std::string(1, char('A' + (it - seen.begin())));
      i = j;
    } else {
      out += t[i++];
    }
  }
  return out;
}

std::string table_at(const Recording& rec, size_t i) { return fds_numbered(table(rec.state_at(i))); }

bool same_handles(const LoopState& a, const LoopState& b) {
  return a.handles == b.handles && a.recent_closed == b.recent_closed && a.sock_reqs == b.sock_reqs &&
         a.recent_reqs == b.recent_reqs && a.touched_handle == b.touched_handle &&
         a.active_sockets == b.active_sockets && a.closing_handles == b.closing_handles && a.accepted_fd == b.accepted_fd;
}

}  // namespace

TEST_CASE("handles: the echo lesson's handle table at each of its turns (Step mode, lowest)") {
  if (!node_here()) return;
  auto s = run_lesson(source_path("scenarios/net_echo.js"), Mode::step);
  const Recording& rec = s->recording();
  // uv_listen: the server is listening and active.
  CHECK(table_at(rec, nth(rec, Kind::handle_start, 1)) == "#1 server listening active fdA queued0 []\n");
  // uv_tcp_connect: the client connects with its uv_connect_t (fd known once it is in epoll).
  CHECK(table_at(rec, nth(rec, Kind::handle_start, 2)) ==
        "#1 server listening active fdA queued0 []\n#2 socket connecting active fd- queued0 [#4 uv_connect_t ]\n");
  // uv__server_io: accept4's fd is the new handle's, open at once.
  CHECK(table_at(rec, nth(rec, Kind::sock_name, 3)) ==
        "#1 server listening active fdA queued0 []\n#2 socket connecting active fdB queued0 [#4 uv_connect_t ]\n"
        "#5 socket open fdC queued0 []\n");  // node's uv_read_start comes in its onconnection
  // uv__stream_connect: connected, the request done, the client not watching anything yet.
  CHECK(table_at(rec, nth(rec, Kind::req_count_dec, 1)) ==
        "#1 server listening active fdA queued0 []\n#2 socket open fdB queued0 []\n"
        "#5 socket open active reading fdC queued0 []\n");
  // client.end(): uv_shutdown waits for POLLOUT, then shutdown(SHUT_WR).
  CHECK(table_at(rec, nth(rec, Kind::req_init, 1, "uv_shutdown_t")).find("#2 socket open active reading fdB queued0 [#7 uv_shutdown_t ]") !=
        std::string::npos);
  CHECK(table_at(rec, nth(rec, Kind::syscall_end, 1, "shutdown(SHUT_WR)")).find("#2 socket open active reading shut fdB queued0 [#7 uv_shutdown_t ]") !=
        std::string::npos);
  // The server's socket reads EOF, then closes: closing until the closing phase.
  const size_t eof = nth(rec, Kind::binding_call, 3, "LibuvStreamWrap::OnUvRead");
  CHECK(table_at(rec, eof).find("#5 socket open eof fdC queued0 []") != std::string::npos);
  const size_t close5 = nth(rec, Kind::handle_close, 1);
  CHECK(table_at(rec, close5).find("#5 socket closing eof shut fd- queued0 []") != std::string::npos);
  CHECK(rec.state_at(close5).closing_handles == 1);
  const LoopState gone5 = rec.state_at(nth(rec, Kind::handle_closed, 1));
  CHECK(fds_numbered(table(gone5)) == "#1 server listening active fdA queued0 []\n#2 socket open active reading shut fdB queued0 []\n");
  CHECK(gone5.handle(5) != nullptr);  // recently closed: the panel still names it
  CHECK(gone5.handle(5)->status == HandleStatus::closed);
  CHECK(gone5.closing_handles == 0);
  CHECK(gone5.active_handles() == 2);
  // The end: every handle closed, the table empty, the last ones remembered.
  const LoopState& end = rec.tail_state();
  CHECK(table(end) == "");
  CHECK(end.handles.empty());
  CHECK(end.sock_reqs.empty());
  CHECK(end.active_handles() == 0);
  CHECK(end.recent_closed.size() == 3);
}

TEST_CASE("handles: the ports relate as loopback's do: accepted socket = server's port, peer = client's") {
  if (!node_here()) return;
  auto s = run_lesson(source_path("scenarios/net_echo.js"), Mode::step);
  const LoopState st = s->recording().state_at(nth(s->recording(), Kind::sock_name, 3));
  const HandleState *server = st.handle(1), *client = st.handle(2), *accepted = st.handle(5);
  REQUIRE((server && client && accepted));
  CHECK(server->local_port > 0);
  CHECK(server->peer_port == 0);
  CHECK(client->peer_port == server->local_port);
  CHECK(accepted->local_port == server->local_port);
  CHECK(accepted->peer_port == client->local_port);
}

TEST_CASE("handles: two clients on one server: four sockets at most, each with its own conversation") {
  if (!node_here()) return;
  auto s = run_lesson(source_path("scenarios/net_two_clients.js"), Mode::step);
  const Recording& rec = s->recording();
  size_t most = 0, most_at = 0;
  for (size_t i = 0; i < rec.size(); ++i) {
    const LoopState st = rec.state_at(i);
    const size_t n = std::count_if(st.handles.begin(), st.handles.end(), [](const HandleState& h) { return h.status != HandleStatus::closed; });
    if (n > most) most = n, most_at = i;
  }
  CHECK(most == 5);  // the server, A and B, and the server's two accepted sockets
  const LoopState st = rec.state_at(most_at);
  CHECK(std::count_if(st.handles.begin(), st.handles.end(), [](const HandleState& h) { return h.server; }) == 1);
  CHECK(st.active_sockets == std::count_if(st.handles.begin(), st.handles.end(), [](const HandleState& h) { return h.active; }));
  CHECK(table(rec.tail_state()) == "");
  CHECK(rec.tail_state().active_handles() == 0);
  CHECK(rec.tail_state().closing_handles == 0);
}

TEST_CASE("handles: a write the kernel cannot take at once is queued bytes of its uv_write_t until POLLOUT drains it") {
  if (!node_here()) return;
  auto s = run_lesson(source_path("scenarios/net_drain.js"), Mode::step);
  const Recording& rec = s->recording();
  const size_t queued = nth(rec, Kind::req_init, 1, "uv_write_t");
  const Event uv_write = rec[nth(rec, Kind::uv_call, 1, "uv_write")];
  const LoopState st = rec.state_at(queued);
  const SockReq* w = st.sock_req(rec[queued].req);
  REQUIRE(w);
  CHECK(w->type == SockReqType::write);
  CHECK(w->bytes_left == uv_write.value);
  CHECK(st.handle(w->handle)->bytes_queued == uv_write.value);
  // Once its request is done the queue is empty again.
  const size_t done = [&] {
    for (size_t i = queued; i < rec.size(); ++i)
      if (rec[i].kind == Kind::req_count_dec && rec[i].req == w->id) return i;
    return rec.size() - 1;
  }();
  CHECK(rec.state_at(done).handle(w->handle)->bytes_queued == 0);
  const LoopState after = rec.state_at(done);
  CHECK(std::none_of(after.sock_reqs.begin(), after.sock_reqs.end(), [&](const SockReq& r) { return r.id == w->id; }));
}

TEST_CASE("handles: stepping back gives the table a fresh fold gives, across snapshots (Run mode, many connections)") {
  if (!node_here()) return;
  auto s = run_program("net_handles", "const net = require('net');\n"
                         "let started = 0, done = 0;\n"
                         "const server = net.createServer((s) => { s.on('data', (d) => s.end('ok ' + d)); });\n"
                         "function one(port) {\n"
                         "  const c = net.connect(port, '127.0.0.1', () => c.write(String(started)));\n"
                         "  c.on('data', () => {});  // reading: the server's end() reaches it\n"
                         "  ++started;\n"
                         "  c.on('close', () => { if (++done === 150) server.close(); else if (started < 150) one(port); });\n"
                         "}\n"
                         "server.listen(0, '127.0.0.1', () => { for (let i = 0; i < 10; ++i) one(server.address().port); });\n",
                       Mode::run);
  const Recording& rec = s->recording();
  REQUIRE(rec.size() > 2 * Recording::kSnapshotEvery);
  // Every 97th step, and the steps either side of each snapshot.
  auto chosen = [](size_t i) {
    const size_t k = i % Recording::kSnapshotEvery;
    return i % 97 == 0 || k < 2 || k > Recording::kSnapshotEvery - 2;
  };
  LoopState fresh;
  size_t most = 0;
  std::vector<LoopState> forward;
  for (size_t i = 0; i < rec.size(); ++i) {
    apply(fresh, rec[i]);
    most = std::max(most, fresh.handles.size());
    if (chosen(i)) forward.push_back(fresh);
  }
  // Back from the end, as the left arrow does: each state_at equals what the fresh fold had there.
  size_t k = forward.size();
  for (size_t i = rec.size(); i-- > 0;) {
    if (!chosen(i)) continue;
    REQUIRE(k > 0);
    INFO("step " << i);
    CHECK(same_handles(rec.state_at(i), forward[--k]));
  }
  // 150 connections are 301 handles; the table never held more than a batch of them.
  CHECK(most < 120);
  CHECK(rec.tail_state().handles.empty());
  CHECK(rec.tail_state().active_handles() == 0);
}

TEST_CASE("handles: a paused socket whose buffer fills stops reading (uv_read_stop), and resume() reads again (uv_read_start)") {
  if (!node_here()) return;
  // The first 64 KiB chunk pauses the client; the next one fills node's buffer beyond its
  // highWaterMark, so push() returns false and node calls readStop. A timer resumes it.
  auto s = run_program("net_handles_pause", "const net = require('net');\n"
                         "const server = net.createServer((s) => { s.end(Buffer.alloc(256 * 1024, 'x')); server.close(); });\n"
                         "server.listen(0, '127.0.0.1', () => {\n"
                         "  let got = 0;\n"
                         "  const client = net.connect(server.address().port, '127.0.0.1');\n"
                         "  client.on('data', function onData(d) {\n"
                         "    if (got === 0) { client.pause(); setTimeout(function onResume() { client.resume(); }, 5); }\n"
                         "    got += d.length;\n"
                         "  });\n"
                         "  client.on('end', () => console.log('client got', got));\n"
                         "});\n",
                       Mode::step);
  const Recording& rec = s->recording();
  CHECK(console_lines(rec) == std::vector<std::string>{"client got 262144"});
  // Only the client calls uv_read_stop: the server's socket reads the client's EOF and
  // nothing else. Each end's EOF is a read_stop of libuv's own (uv__stream_eof).
  CHECK(count(rec, Kind::read_stop) == 3);
  const size_t stop = nth(rec, Kind::read_stop, 1, "uv_read_stop");
  const uint32_t client = rec[stop].req;
  size_t first_start = 0;
  while (first_start < stop && !(rec[first_start].kind == Kind::read_start && rec[first_start].req == client)) ++first_start;
  REQUIRE(first_start < stop);
  CHECK(rec.state_at(first_start - 1).handle(client)->read == ReadState::not_started);
  CHECK(rec.state_at(first_start).handle(client)->read == ReadState::reading);
  CHECK(rec.state_at(stop).handle(client)->read == ReadState::paused);
  CHECK(!rec.state_at(stop).handle(client)->reading());
  // The resume: the next uv_read_start on the client reads again, until EOF.
  size_t again = stop;
  while (++again < rec.size() && !(rec[again].kind == Kind::read_start && rec[again].req == client)) {}
  REQUIRE(again < rec.size());
  CHECK(rec.state_at(again - 1).handle(client)->read == ReadState::paused);
  CHECK(rec.state_at(again).handle(client)->read == ReadState::reading);
  // EOF shows at uv__stream_eof's own step, before the handle stops and before OnUvRead.
  size_t eof = again;
  while (++eof < rec.size() && !(rec[eof].kind == Kind::read_stop && rec[eof].req == client)) {}
  REQUIRE(eof < rec.size());
  CHECK(rec.info().strings.str(rec[eof].fn) == "uv__stream_eof");
  CHECK(rec[eof].value == -4095);
  CHECK(rec.state_at(eof - 1).handle(client)->read == ReadState::reading);
  CHECK(rec.state_at(eof).handle(client)->read == ReadState::eof);
  CHECK(rec[eof + 1].kind == Kind::handle_stop);
  CHECK(rec[eof + 1].req == client);
}
