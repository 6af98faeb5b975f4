// The queues panel (see queues.h).
#include "ui/queues.h"

#include <imgui.h>

namespace loopstep::ui {
namespace {

void draw_queue(const Frame& f, const ViewSettings& v, const char* title, const char* hint,
                const std::deque<uint32_t>& q, const char* item_prefix, Intents& out) {
  ImGui::Spacing();
  wrapped_text(std::string(title) + " (" + std::to_string(q.size()) + ")");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", hint);
  ImGui::Separator();
  if (q.empty()) {
    ImGui::TextDisabled("   empty");
    return;
  }
  ImGui::Indent();
  int pos = 0;
  for (uint32_t req : q) {
    ImGui::PushID(int(req));
    request_text(f, v, req, std::string(pos == 0 ? "next  " : "      ") + item_prefix + request_label(f.rec->info(), req), out);
    ImGui::PopID();
    ++pos;
  }
  ImGui::Unindent();
}

}  // namespace

void QueuesPanel::Draw(const Frame& f, const ViewSettings& v, Intents& out) {
  place_window("Queues", v);
  if (!ImGui::Begin("Queues")) {
    ImGui::End();
    return;
  }
  const LoopState& s = *f.state;
  const RunInfo& info = f.rec->info();
  // The planted lost wake-up on IOCP completes work as libuv's Windows pool does: a done-list
  // and one packet per async_sent flip, not a packet per request (core/unix/planted_backends.cpp).
  const bool async_iocp = info.config.backend == BackendKind::iocp && info.config.engine_bug == EngineBug::lost_wakeup &&
                          info.mode == "step";
  const bool iocp = info.config.backend == BackendKind::iocp && !async_iocp;
  const bool pool = info.config.workers == WorkerModel::pool;
  if (pool) {
    draw_queue(f, v, "Work queue (libuv thread pool)", "uv__work_submit appends; an idle worker takes the front item.",
               s.work_queue, "", out);
  }
  if (iocp) {
    draw_queue(f, v, "Completion port packets (kernel)",
               "PostQueuedCompletionStatus puts a packet (key, overlapped -> request) on the port; "
               "GetQueuedCompletionStatus(Ex) takes them in FIFO order, one or a batch per wait.",
               s.completion_queue, "packet: overlapped -> ", out);
    if (!s.taken_batch.empty()) {
      draw_queue(f, v, "Taken by the last wait, not handled yet (loop thread)",
                 "GetQueuedCompletionStatusEx took these packets off the port in one call; the loop handles "
                 "them one by one, each request's callback in turn.",
                 s.taken_batch, "", out);
    }
  } else if (async_iocp) {
    draw_queue(f, v, "Done-list (libuv, woken by one packet)",
               "A worker appends its finished request and posts one packet if it flips async_sent "
               "(uv_async_send); the loop takes the whole list.",
               s.completion_queue, "", out);
    ImGui::Text("   async packet: %s", s.wakeup_pending ? "posted, GetQueuedCompletionStatus will return" : "not posted");
  } else {
    draw_queue(f, v, "Done-list (libuv, woken by the eventfd)",
               "A worker appends its finished request and writes the eventfd (uv_async_send); "
               "uv__work_done takes the whole list.",
               s.completion_queue, "", out);
    ImGui::Text("   eventfd: %s", s.wakeup_pending ? "written, epoll_wait will return" : "not written");
  }
  ImGui::Spacing();
  ImGui::Text("Timers (%zu)", s.timers.size());
  ImGui::Separator();
  if (s.timers.empty()) ImGui::TextDisabled("   empty");
  for (const TimerState& t : s.timers) {
    ImGui::PushID(int(t.req));
    request_text(f, v, t.req, "   due at " + std::to_string(t.due_ms) + " ms: " + request_label(f.rec->info(), t.req), out);
    ImGui::PopID();
  }
  draw_queue(f, v, "Immediates (check phase)", "setImmediate callbacks, run in the check phase.", s.immediates, "", out);
  draw_queue(f, v, "process.nextTick", "Drained after every JS callback, before microtasks.", s.next_ticks, "", out);
  draw_queue(f, v, "Microtasks (Promise.then)", "Drained after the nextTick queue.", s.microtasks, "", out);
  ImGui::End();
}

}  // namespace loopstep::ui
