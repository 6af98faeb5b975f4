// The timeline and the controls say what happens in words (issue 11.12): candidates and the
// cursor as "thread 1: PostQueuedCompletionStatus", span labels cut with "..." rather than
// dropped.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/engine/session.h"
#include "tests/support.h"
#include "tests/ui_fixture.h"
#include "ui/ui_common.h"

using namespace loopstep;

TEST_CASE("ui words: a possible next step reads as thread and real function, not a kind id") {
  SessionOptions o;
  o.mode = Mode::step;
  Session s(test::load_scenario("scenarios/fs_open_iocp.toml"), o);
  s.start();
  // Step until thread 1 is parked before its post.
  std::optional<Candidate> post;
  for (int i = 0; i < 200 && !post && s.step(); ++i) {
    for (const Candidate& c : s.candidates())
      if (c.pending.kind == Kind::completion_post) post = c;
  }
  REQUIRE(post);
  const LoopState state = s.recording().state_at(s.recording().size() - 1);
  CHECK(ui::event_words(post->pending, s.recording().info(), state) == "thread 1: PostQueuedCompletionStatus");
  const Event first = s.recording()[0];
  CHECK(ui::event_words(first, s.recording().info(), state) == "the loop thread: uv_loop_init");
}

TEST_CASE("ui words: a label too wide for its span is cut with an ellipsis, never dropped while '...' fits") {
  test::ImGuiFixture im;
  ImGui::NewFrame();
  const float ch = ImGui::CalcTextSize("x").x;
  const std::string label = "GetQueuedCompletionStatus";
  CHECK(ui::ellipsized(label, ch * 40) == label);
  const std::string cut = ui::ellipsized(label, ch * 10);
  CHECK(cut.ends_with("..."));
  CHECK(label.starts_with(cut.substr(0, cut.size() - 3)));
  CHECK(ImGui::CalcTextSize(cut.c_str()).x <= ch * 10);
  CHECK(ui::ellipsized(label, ImGui::CalcTextSize("...").x) == "...");
  CHECK(ui::ellipsized(label, 1.0f).empty());
  ImGui::EndFrame();
}
