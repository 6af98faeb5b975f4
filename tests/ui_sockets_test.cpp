// The Sockets panel in the headless UI: in a socket lesson it is laid out inside the window
// (normal and presenter, 1280x720 and 1600x1000) and lit on the handle the step touches; a
// lesson without sockets has no Sockets panel unless asked for. The timeline's kernel lane
// gets a flow from each peer's write to the reader's readiness. The reading column's words.
#include <doctest/doctest.h>
#include <imgui_internal.h>  // ImGui::FindWindowByName

#include "tests/posix_support.h"
#include "tests/support.h"
#include "tests/ui_fixture.h"
#include "ui/sockets_panel.h"
#include "ui/timeline_model.h"

using namespace loopstep;

namespace {

bool node_here() { return test::sh("command -v node >/dev/null 2>&1").status == 0; }

ImGuiWindow* shown(const char* name) {
  ImGuiWindow* w = ImGui::FindWindowByName(name);
  return w && w->Active ? w : nullptr;
}

}  // namespace

TEST_CASE("ui sockets: a socket lesson shows its handles inside the window, normal and presenter, 1280x720 and 1600x1000") {
  if (!node_here()) return;
  for (const ImVec2 size : {ImVec2(1280, 720), ImVec2(1600, 1000)})
    for (bool presenter : {false, true}) {
      CAPTURE(size.x);
      CAPTURE(presenter);
      test::ImGuiFixture im(size.x, size.y);
      GuiApp app(test::source_path("scenarios"));
      REQUIRE(app.open(test::source_path("scenarios/net_echo.js")));
      app.view.presenter = presenter;
      app.step_forward(37);  // the accepted socket's sock_name: three handles
      im.draw(app);
      im.draw(app);
      ImGuiWindow* w = shown("Sockets");
      REQUIRE(w);
      CHECK(w->Pos.x >= 0);
      CHECK(w->Pos.x + w->Size.x <= size.x);
      CHECK(w->Pos.y + w->Size.y <= size.y);
      CHECK(w->Size.y > ImGui::GetFontSize() * 6);  // a header and a few rows, not a sliver
      CHECK(app.state().touched_handle == app.recording()[36].req);
    }
}

TEST_CASE("ui sockets: a lesson without sockets has no Sockets panel until View -> Sockets, which says it has none") {
  test::ImGuiFixture im;
  GuiApp app(test::source_path("scenarios"));
  REQUIRE(app.open(test::source_path("scenarios/fs_open_iocp.toml")));
  app.step_forward(5);
  im.draw(app);
  CHECK(shown("Sockets") == nullptr);
  app.view.show_sockets = true;
  im.draw(app);
  CHECK(shown("Sockets") != nullptr);
}

TEST_CASE("ui sockets: the timeline draws a flow from a peer's write to the reader's readiness") {
  if (!node_here()) return;
  GuiApp app(test::source_path("scenarios"));
  REQUIRE(app.open(test::source_path("scenarios/net_echo.js")));
  app.step_forward(100000);
  const Recording& rec = app.recording();
  ui::TimelineModel model;
  model.update(rec);
  size_t write_to_ready = 0;
  for (const auto& fl : model.flows()) {
    const Event post = rec[fl.post], take = rec[fl.take];
    if (take.kind == Kind::io_ready && post.kind == Kind::syscall_end && rec.info().strings.str(post.fn) == "write") {
      CHECK(post.req != take.req);  // the writer's handle, then the reader's
      ++write_to_ready;
    }
  }
  CHECK(write_to_ready == 2);  // "hello" to the server, its echo back to the client
}

TEST_CASE("ui sockets: the reading column says reading, paused, EOF or not started, and nothing for a server or a closed socket") {
  HandleState h;
  h.status = HandleStatus::open;
  CHECK(ui::handle_reading_words(h) == "not started");
  h.read = ReadState::reading;
  CHECK(ui::handle_reading_words(h) == "reading");
  h.read = ReadState::paused;
  CHECK(ui::handle_reading_words(h) == "paused");
  CHECK(ui::handle_state_words(h) == "open");  // the read side has its own column now
  h.status = HandleStatus::closed;
  CHECK(ui::handle_reading_words(h) == "-");
  h.read = ReadState::eof;
  CHECK(ui::handle_reading_words(h) == "EOF");
  HandleState server;
  server.server = true;
  server.status = HandleStatus::listening;
  CHECK(ui::handle_reading_words(server) == "-");
}
