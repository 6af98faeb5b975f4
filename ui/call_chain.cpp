// The call chain panel (see call_chain.h).
#include "ui/call_chain.h"

#include <imgui.h>

#include <algorithm>

#include "core/trace/narration.h"

namespace loopstep::ui {

void CallChainPanel::gather(const Recording& rec, uint32_t req) {
  if (cached_rec_ == &rec && cached_req_ == req && cached_size_ == rec.size()) return;
  cached_rec_ = &rec;
  cached_req_ = req;
  cached_size_ = rec.size();
  for (auto& l : fns_) l.clear();
  // One pass over the recording when the selection changes, not every frame.
  for (const Event& e : rec.events()) {
    if (e.req != req || e.fn == 0) continue;
    auto& l = fns_[int(e.layer)];
    if (std::find(l.begin(), l.end(), e.fn) == l.end()) l.push_back(e.fn);
  }
}

void CallChainPanel::Draw(const Frame& f, const ViewSettings& v, Intents& out) {
  place_window("Call chain", v);
  if (!ImGui::Begin("Call chain")) {
    ImGui::End();
    return;
  }
  std::optional<Event> e = f.current();
  if (v.selected_seq && *v.selected_seq < f.rec->size()) e = (*f.rec)[*v.selected_seq];
  if (!e) {
    wrapped_disabled_text("Step once to see the first event's call chain.");
    ImGui::End();
    return;
  }
  const RunInfo& info = f.rec->info();
  ImGui::Text("step %llu on %s", (unsigned long long)e->seq + 1, thread_label(e->thread, *f.state).c_str());
  if (const std::string at = source_at(*e, info); !at.empty()) ImGui::TextUnformatted(at.c_str());
  if (e->req) {
    request_text(f, v, e->req, request_label(info, e->req), out);
    gather(*f.rec, e->req);
  } else {
    ImGui::TextDisabled("(the loop's own work: no request)");
    for (auto& l : fns_) l.clear();
    cached_rec_ = nullptr;
    fns_[int(e->layer)].push_back(e->fn);
  }
  for (int layer = 0; layer < kLayerCount; ++layer) {
    const Layer l = Layer(layer);
    const bool here = e->layer == l;
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, layer_color(l, v.presenter));
    wrapped_text((layer == 0 ? "" : "-> ") + layer_title(l, info));  // "JS (real: Node v20 ...)" is long
    ImGui::PopStyleColor();
    ImGui::Indent();
    if (fns_[layer].empty()) ImGui::TextDisabled("(not involved)");
    for (uint32_t fn : fns_[layer]) {
      const bool lit = here && fn == e->fn;
      std::string name(info.strings.str(fn));
      if (lit) {
        ImGui::PushStyleColor(ImGuiCol_Text, highlight_color(v.presenter));
        ImGui::Text("> %s   <- this step", name.c_str());
        ImGui::PopStyleColor();
      } else {
        ImGui::Text("  %s", name.c_str());
      }
    }
    ImGui::Unindent();
  }
  ImGui::End();
}

}  // namespace loopstep::ui
