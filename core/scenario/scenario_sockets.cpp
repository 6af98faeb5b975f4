// The socket statements' keys and references (see scenario_sockets.h); scenarios/README.md,
// "Sockets", documents each.
#include "core/scenario/scenario_sockets.h"

namespace loopstep::scenario_toml {

namespace {
constexpr std::string_view kListenKeys[] = {"call", "host", "port", "save_as", "on_connection", "accept_as", "callback"};
constexpr std::string_view kConnectKeys[] = {"call", "server", "host", "save_as", "callback"};
constexpr std::string_view kSocketOnKeys[] = {"call", "socket", "event", "callback"};
constexpr std::string_view kSocketWriteKeys[] = {"call", "socket", "data", "repeat", "callback"};
constexpr std::string_view kSocketKeys[] = {"call", "socket"};
constexpr std::string_view kServerCloseKeys[] = {"call", "server", "callback"};
constexpr std::string_view kSocketEvents[] = {"data", "end", "close", "error", "drain"};
}  // namespace

std::span<const std::string_view> SocketStatements::keys_of(Op op) {
  switch (op) {
    case Op::net_listen: return kListenKeys;
    case Op::net_connect: return kConnectKeys;
    case Op::socket_on: return kSocketOnKeys;
    case Op::socket_write: return kSocketWriteKeys;
    case Op::server_close: return kServerCloseKeys;
    default: return kSocketKeys;  // socket.end, socket.destroy
  }
}

bool SocketStatements::read_key(Step& s, SocketRefs& refs, std::string_view key, const toml::node& v) {
  if (key == "host") {
    s.host = read_string(v, "`host`");
    if (s.host != "127.0.0.1")
      fail(pos_of(v), "`host` must be \"127.0.0.1\": a lesson's sockets use the loopback address only; " + quote(s.host) +
                          " is refused before any packet is sent");
  } else if (key == "port") {
    s.port = static_cast<int>(read_int(v, "`port`", 0, 65535));
    if (s.port != 0) fail(pos_of(v), "`port` must be 0, an ephemeral port the kernel picks; a lesson listens on no fixed port");
  } else if (key == "server" || key == "socket") {
    s.target = read_string(v, "`" + std::string(key) + "`");
    refs.target_pos = pos_of(v);
  } else if (key == "event") {
    s.event = read_choice(v, "`event`", kSocketEvents);
  } else if (key == "repeat") {
    s.repeat = read_int(v, "`repeat`", 1, static_cast<int64_t>(kMaxSocketWrite));
    refs.repeat_pos = pos_of(v);
  } else if (key == "on_connection") {
    s.on_connection = read_string(v, "`on_connection`");
    refs.on_connection_pos = pos_of(v);
  } else if (key == "accept_as") {
    s.accept_as = read_string(v, "`accept_as`");
    check_identifier(s.accept_as, pos_of(v), "variable");
    if (callbacks_.count(s.accept_as))
      fail(pos_of(v), "variable " + quote(s.accept_as) + " has the name of a callback; pick another name");
    sockets_.insert(s.accept_as);
  } else {
    return false;
  }
  return true;
}

void SocketStatements::declare(const Step& s) { (s.op == Op::net_listen ? servers_ : sockets_).insert(s.save_as); }

void SocketStatements::finish(Step& s, const SocketRefs& refs) const {
  if ((s.op == Op::net_listen || s.op == Op::net_connect) && s.host.empty()) s.host = "127.0.0.1";
  // A placeholder's text is known only when the write runs; the run checks the bound then.
  const size_t bytes = s.data.size() * static_cast<size_t>(s.repeat);
  if (s.op == Op::socket_write && !has_placeholder(s.data) && bytes > kMaxSocketWrite)
    fail(refs.repeat_pos, "socket.write would write " + std::to_string(bytes) + " bytes (`data` times `repeat`); one write is at most " +
                              std::to_string(kMaxSocketWrite) + " bytes (64 MiB)");
}

void SocketStatements::check(const Step& s, const SocketRefs& refs) const {
  if (s.op == Op::net_connect || s.op == Op::server_close) {
    if (!servers_.count(s.target))
      fail(refs.target_pos, "server variable " + quote(s.target) + " is never declared; add save_as = \"" + s.target + "\" to a net.listen");
  } else if (s.op != Op::net_listen && !sockets_.count(s.target)) {
    fail(refs.target_pos, "socket variable " + quote(s.target) + " is never declared; add save_as = \"" + s.target +
                              "\" to a net.connect, or accept_as = \"" + s.target + "\" to a net.listen");
  }
}

}  // namespace loopstep::scenario_toml
