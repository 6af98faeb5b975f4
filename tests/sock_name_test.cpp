// sock_name events (the Sockets panel's ports): one per handle with a socket, after its
// listen, connect or accept, and the ports agree across the two ends of every connection.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "core/node/lesson_check.h"
#include "tests/posix_support.h"
#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;

namespace {

struct Ports {
  int local = 0, peer = 0;
  bool server = false;
};

// Each handle's ports as its sock_name event says, checking that there is one per handle.
std::map<uint32_t, Ports> ports_of(const Recording& rec) {
  std::map<uint32_t, Ports> out;
  for (const Event& e : rec.events()) {
    if (e.kind != Kind::sock_name) continue;
    INFO("handle #" << e.req);
    CHECK(out.count(e.req) == 0);
    out[e.req] = {sock_local_port(e.value), sock_peer_port(e.value), sock_server(e.value)};
  }
  return out;
}

}  // namespace

TEST_CASE("sock_name: the value packs a local port, a peer port and the server flag losslessly") {
  const int64_t v = sock_name_value(65535, 1, true);
  CHECK(sock_local_port(v) == 65535);
  CHECK(sock_peer_port(v) == 1);
  CHECK(sock_server(v));
  const int64_t w = sock_name_value(40000, 65535, false);
  CHECK(sock_local_port(w) == 40000);
  CHECK(sock_peer_port(w) == 65535);
  CHECK_FALSE(sock_server(w));
}

TEST_CASE("sock_name: in the two-client lesson both ends of each connection name each other's ports, on each backend") {
  if (sh("command -v node >/dev/null 2>&1").status != 0) return;
  for (BackendKind backend : {BackendKind::epoll, BackendKind::iocp}) {
    INFO("backend " << (backend == BackendKind::epoll ? "epoll" : "iocp"));
    ScenarioResult loaded = load_lesson(source_path("scenarios/net_two_clients.js"));
    REQUIRE(std::holds_alternative<Scenario>(loaded));
    SessionOptions o;
    o.mode = Mode::step;
    o.policy = ReleasePolicy::lowest();
    o.backend = backend;
    Session s(std::get<Scenario>(loaded), o);
    s.start();
    s.step_to_end();
    REQUIRE(s.stop_reason() == "");
    const std::map<uint32_t, Ports> ports = ports_of(s.recording());
    std::set<uint32_t> handles;
    for (const Event& e : s.recording().events())
      if (e.kind == Kind::handle_init) handles.insert(e.req);
    REQUIRE(ports.size() == handles.size());  // one server, two clients, two accepted sockets
    REQUIRE(ports.size() == 5);
    int server_port = 0;
    for (const auto& [id, p] : ports)
      if (p.server) {
        CHECK(server_port == 0);
        server_port = p.local;
        CHECK(p.peer == 0);
      }
    REQUIRE(server_port > 0);
    std::multiset<int> client_ports, accepted_peers;
    for (const auto& [id, p] : ports) {
      if (p.server) continue;
      if (p.peer == server_port) client_ports.insert(p.local);  // a client: connected to the server
      else {
        CHECK(p.local == server_port);  // accepted: shares the listener's port
        accepted_peers.insert(p.peer);
      }
    }
    CHECK(client_ports.size() == 2);
    CHECK(client_ports == accepted_peers);
  }
}
