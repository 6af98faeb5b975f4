// The socket statements of a TOML lesson (net.listen, net.connect, socket.on, socket.write,
// socket.end, socket.destroy, server.close) for the scenario parser: the keys each takes, read
// and checked where the file wrote them, the server and socket variables they declare, and the
// references to those, checked once every statement was read. Only the parser includes this.
#pragma once
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/scenario/scenario_toml.h"

namespace loopstep::scenario_toml {

// Where a net statement wrote what the checks after the whole file need.
struct SocketRefs {
  SourcePos target_pos;         // the `socket` / `server` variable
  SourcePos on_connection_pos;  // net.listen's connection callback
  SourcePos repeat_pos;         // socket.write's `repeat`
};

class SocketStatements {
 public:
  using Callbacks = std::map<std::string, std::vector<Step>>;
  explicit SocketStatements(const Callbacks& callbacks) : callbacks_(callbacks) {}

  static std::span<const std::string_view> keys_of(Op op);  // a net statement's keys, as messages list them
  // A key only net statements have, read into `s`; false for any other key.
  bool read_key(Step& s, SocketRefs& refs, std::string_view key, const toml::node& v);
  void declare(const Step& s);  // net.listen's or net.connect's save_as
  // Once its keys are read: a statement's defaults, and the bound of one write.
  void finish(Step& s, const SocketRefs& refs) const;
  // Once every statement is read: the server or socket variable `s` names is declared.
  void check(const Step& s, const SocketRefs& refs) const;

 private:
  const Callbacks& callbacks_;
  std::set<std::string> servers_;  // every net.listen's save_as
  std::set<std::string> sockets_;  // every net.connect's save_as and net.listen's accept_as
};

}  // namespace loopstep::scenario_toml
