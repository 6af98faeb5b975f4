// The invariants a Step-mode run checks as it goes (README, "Bug hunt"): the planted engine
// bugs break them, the correct engine never does. A run that breaks one ends with an
// `invariant` event (Recording::append_invariant), so a replay shows it at the same step.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "core/record/event.h"

namespace loopstep {

enum class Invariant : uint8_t {
  none = 0,
  never_called_back = 1,  // the loop blocks forever in the kernel while req_count > 0
  callback_run_twice = 2, // callback_begin twice for one request (a timer's repeat aside)
};

// "a request never called back while req_count > 0 and the loop blocks forever", "a callback run twice".
std::string_view invariant_message(Invariant i);
// The text an `invariant` event carries: "invariant broken at step N: <message> (<detail>)".
std::string invariant_report(Invariant i, uint64_t step, const std::string& detail);

// "A callback never runs twice for one request": fed every event in order, it answers the
// request whose callback just began a second time. A timer's fire re-arms its request
// (setInterval runs one callback per fire), and a handle (a server, a socket: handle_init)
// lives on and calls back once per connection, read or close, so it is not a request here.
class CallbackOnce {
 public:
  std::optional<uint32_t> on_event(const Event& e) {
    if (e.kind == Kind::handle_init) handles_.insert(e.req);
    if (e.kind == Kind::timer_fire) ran_.erase(e.req);
    if (e.kind != Kind::callback_begin || e.req == 0 || handles_.count(e.req)) return std::nullopt;
    if (!ran_.insert(e.req).second) return e.req;
    return std::nullopt;
  }

 private:
  std::unordered_set<uint32_t> ran_;
  std::unordered_set<uint32_t> handles_;
};

}  // namespace loopstep
