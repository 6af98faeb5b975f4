// The Sockets panel (see sockets_panel.h).
#include "ui/sockets_panel.h"

#include <imgui.h>

namespace loopstep::ui {
namespace {

std::string port_words(int port) { return port ? "127.0.0.1:" + std::to_string(port) : "-"; }

}  // namespace

bool lesson_uses_sockets(const RunInfo& info) {
  const std::string& js = info.source;
  return js.find("require('net')") != std::string::npos || js.find("require(\"net\")") != std::string::npos ||
         js.find("'node:net'") != std::string::npos || js.find("\"node:net\"") != std::string::npos;
}

std::string handle_state_words(const HandleState& h) {
  std::string s(handle_status_name(h.status));
  if (h.write_shut && h.status != HandleStatus::closed) s += ", write side shut";
  return s;
}

std::string handle_reading_words(const HandleState& h) {
  const bool gone = h.status == HandleStatus::closing || h.status == HandleStatus::closed;
  if (h.server || (gone && !h.read_ended())) return "-";
  return std::string(read_state_name(h.read));
}

std::string handle_requests_words(const HandleState& h, const LoopState& s) {
  std::string out;
  for (const SockReq& r : s.sock_reqs) {
    if (r.handle != h.id) continue;
    if (!out.empty()) out += ", ";
    out += "#" + std::to_string(r.id) + " " + std::string(sock_req_type_name(r.type));
    if (r.type == SockReqType::write) out += " (" + std::to_string(r.bytes_left) + " B left)";
  }
  return out.empty() ? "-" : out;
}

void SocketsPanel::Draw(const Frame& f, const ViewSettings& v, Intents& out) {
  place_window("Sockets", v);
  if (!ImGui::Begin("Sockets")) {
    ImGui::End();
    return;
  }
  const LoopState& s = *f.state;
  rows_.clear();
  for (const HandleState& h : s.handles)
    if (h.status != HandleStatus::closed) rows_.push_back(&h);
  for (auto it = s.recent_closed.rbegin(); it != s.recent_closed.rend(); ++it) rows_.push_back(&*it);
  if (rows_.empty()) {
    wrapped_disabled_text(s.exited ? "This run made no server or socket: its I/O went through requests (the Requests panel)."
                                   : "No handles yet: a server or a socket appears here when the program calls "
                                     "net.createServer() and listen(), or net.connect().");
    ImGui::End();
    return;
  }
  // The terms of uv__loop_alive that handles add, above the table (libuv's count: Node's
  // timer and idle handles, when active, are among them).
  ImGui::PushTextWrapPos(0.0f);
  ImGui::Text("active handles: %lld   closing: %lld", (long long)s.active_handles(), (long long)s.closing_handles);
  ImGui::PopTextWrapPos();
  // Not in imgui.ini: widths fitted to a first short row would come back cut in every session.
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_ScrollX | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit |
                                ImGuiTableFlags_NoSavedSettings;
  if (ImGui::BeginTable("handles", 9, flags)) {
    ImGui::TableSetupScrollFreeze(1, 1);
    // What changes step by step first; the ports, fixed once known, last. Each column starts
    // as wide as its longest value: the table appears with one short row, and fitting that
    // would cut every later row.
    auto column = [](const char* name, const char* widest) {
      ImGui::TableSetupColumn(name, ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize(widest).x);
    };
    column("handle", "#99 fd 999");
    column("kind", "server");
    column("state", "closing, write side shut");
    column("reading", "not started");
    column("active", "active");
    column("queued", "999999 B");
    column("requests", "#99 uv_write_t (99999 B left)");
    column("local", "127.0.0.1:65535");
    column("peer", "127.0.0.1:65535");
    ImGui::TableHeadersRow();
    for (const HandleState* hp : rows_) {
      const HandleState& h = *hp;
      ImGui::PushID(int(h.id));  // the handle's id, never the row: rows come and go
      ImGui::TableNextRow();
      const bool closed = h.status == HandleStatus::closed;
      const bool touched = h.id == s.touched_handle;
      const bool lit = touched || request_lit(f, v, h.id);
      if (lit) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, (highlight_color(v.presenter) & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, touched ? 110 : 70));
      if (closed) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      ImGui::TableNextColumn();
      ImGui::Text("#%u%s", h.id, h.fd >= 0 && !closed ? (" fd " + std::to_string(h.fd)).c_str() : "");
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(h.server ? "server" : "socket");
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(handle_state_words(h).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(handle_reading_words(h).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(h.active ? "yes" : "no");
      ImGui::TableNextColumn();
      ImGui::Text("%lld B", (long long)h.bytes_queued);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(handle_requests_words(h, s).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(port_words(h.local_port).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(port_words(h.peer_port).c_str());
      if (closed) ImGui::PopStyleColor();
      ImGui::SameLine();
      // The whole row is the hover target: it lights the handle's events everywhere.
      ImGui::Selectable("##row", lit, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap);
      if (ImGui::IsItemHovered()) out.hover_req = h.id;
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  ImGui::End();
}

}  // namespace loopstep::ui
