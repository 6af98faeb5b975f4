// The Sockets panel: the loop's handles (libuv's handle_queue) as the fold has them: server
// or socket, local and peer port, state, active or not, bytes in its write queue and its live
// requests; the handle the current event touches is lit, closed ones stay greyed a while.
#pragma once
#include <string>
#include <vector>

#include "ui/ui_common.h"

namespace loopstep::ui {

// A JS lesson that requires node's net module: the layout makes room for this panel.
bool lesson_uses_sockets(const RunInfo& info);
// A handle's state in words: "listening", "open, reading", "open, EOF read, write side shut".
std::string handle_state_words(const HandleState& h);
// Its live requests: "#7 uv_shutdown_t", "#9 uv_write_t (4096 B left)"; "-" for none.
std::string handle_requests_words(const HandleState& h, const LoopState& s);

struct SocketsPanel {
  void Draw(const Frame& f, const ViewSettings& v, Intents& out);

 private:
  std::vector<const HandleState*> rows_;  // scratch
};

}  // namespace loopstep::ui
