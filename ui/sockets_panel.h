// The Sockets panel: the loop's handles (libuv's handle_queue) as the fold has them: server
// or socket, local and peer port, state, whether it reads, active or not, bytes in its write
// queue and its live requests; the handle the current event touches is lit, closed ones stay
// greyed a while.
#pragma once
#include <string>
#include <vector>

#include "ui/ui_common.h"

namespace loopstep::ui {

// A JS lesson that requires node's net module: the layout makes room for this panel.
bool lesson_uses_sockets(const RunInfo& info);
// A handle's state in words: "listening", "open", "open, write side shut".
std::string handle_state_words(const HandleState& h);
// Its read side: "reading", "paused" (uv_read_stop), "EOF", "not started"; "-" for a server,
// and for a closing or closed socket that did not reach EOF.
std::string handle_reading_words(const HandleState& h);
// Its live requests: "#7 uv_shutdown_t", "#9 uv_write_t (4096 B left)"; "-" for none.
std::string handle_requests_words(const HandleState& h, const LoopState& s);

struct SocketsPanel {
  void Draw(const Frame& f, const ViewSettings& v, Intents& out);

 private:
  std::vector<const HandleState*> rows_;  // scratch
};

}  // namespace loopstep::ui
