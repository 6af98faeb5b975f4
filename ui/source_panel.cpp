// The Source panel (see source_panel.h).
#include "ui/source_panel.h"

#include <imgui.h>

#include <algorithm>
#include <tuple>

#include "core/record/source_ref.h"

namespace loopstep::ui {
namespace {

constexpr int kTabWidth = 4;

std::string expand_tabs(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '\t') out += c;
    else out.append(kTabWidth - out.size() % kTabWidth, ' ');
  }
  return out;
}

uint32_t token_color(JsToken t, bool presenter) {
  switch (t) {
    case JsToken::comment: return presenter ? IM_COL32(95, 110, 95, 255) : IM_COL32(130, 150, 130, 255);
    case JsToken::string: return presenter ? IM_COL32(170, 60, 20, 255) : IM_COL32(230, 160, 110, 255);
    case JsToken::keyword: return presenter ? IM_COL32(120, 40, 170, 255) : IM_COL32(200, 140, 250, 255);
    case JsToken::number: return presenter ? IM_COL32(20, 110, 120, 255) : IM_COL32(120, 210, 200, 255);
    case JsToken::plain: break;
  }
  return ImGui::GetColorU32(ImGuiCol_Text);
}

// The three markers, drawn in a gutter slot of `s` pixels at `p` (its top left).
enum class Mark { ran, next, callback_of, breakpoint };
void draw_mark(ImDrawList* dl, Mark m, ImVec2 p, float s, bool presenter) {
  const uint32_t arrow = highlight_color(presenter);
  const float r = s * 0.38f;
  const ImVec2 c(p.x + s * 0.5f, p.y + s * 0.5f);
  const ImVec2 a(c.x - r, c.y - r), b(c.x + r, c.y), d(c.x - r, c.y + r);
  switch (m) {
    case Mark::ran: dl->AddTriangleFilled(a, b, d, arrow); break;             // solid: just ran
    case Mark::next: dl->AddTriangle(a, b, d, arrow, 1.5f); break;             // hollow: runs next
    case Mark::callback_of: dl->AddCircleFilled(c, r * 0.7f, layer_color(Layer::js, presenter)); break;
    case Mark::breakpoint: dl->AddCircleFilled(c, r, IM_COL32(220, 50, 50, 255)); break;
  }
}

// The next step: the recorded one in history; at the live edge, the one a plain Step releases.
std::optional<Event> next_event(const Frame& f) {
  if (f.predicting) return std::nullopt;  // predict mode: the student says
  if (f.cursor < f.rec->size()) return (*f.rec)[f.cursor];
  if (!f.candidates) return std::nullopt;
  for (const Candidate& c : *f.candidates)
    if (c.thread == f.policy_choice) return c.pending;
  return std::nullopt;
}

}  // namespace

SourceMarks source_marks(const Frame& f) {
  const RunInfo& info = f.rec->info();
  SourceMarks m;
  if (const std::optional<Event> e = f.current()) m.ran = event_line(*e, info);
  if (const std::optional<Event> n = next_event(f); n && n->thread == 0) m.next = event_line(*n, info);
  if (f.state->current_callback && info.requests.has(f.state->current_callback))
    m.callback_of = source_line(info.requests.get(f.state->current_callback).src, info);
  return m;
}

std::optional<Breakpoint> SourcePanel::breakpoint() const {
  if (!break_line) return std::nullopt;
  Breakpoint bp;
  bp.line = break_line;
  bp.thread = 0;  // the loop thread is the JS thread: a worker's syscall for the line's request is not the line running
  return bp;
}

uint32_t SourcePanel::front_matter_lines(const RunInfo& info) const {
  const uint32_t first = info.front_matter_first, last = std::min<uint32_t>(info.front_matter_last, uint32_t(lines_.size()));
  return first == 0 || last < first ? 0 : last - first + 1;
}

void SourcePanel::prepare(const Frame& f) {
  const RunInfo& info = f.rec->info();
  const std::shared_ptr<const RunInfo> shared = f.rec->shared_info();
  if (prepared_for_.lock() != shared) {
    prepared_for_ = shared;
    lines_.clear();
    requests_by_line_.clear();
    requests_indexed_ = 0;
    scrolled_for_ = SIZE_MAX;
    JsCarry carry = JsCarry::none;
    const std::string_view src = info.source;
    for (size_t start = 0; start < src.size();) {
      const size_t nl = std::min(src.find('\n', start), src.size());
      std::string_view text = src.substr(start, nl - start);
      if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
      Line l{expand_tabs(shown_text(text)), {}};
      carry = highlight_js_line(l.text, carry, l.spans);
      lines_.push_back(std::move(l));
      start = nl + 1;
    }
    requests_by_line_.resize(lines_.size());
  }
  // Requests are created as the run goes: index the new ones.
  for (; requests_indexed_ < info.requests.size(); ++requests_indexed_) {
    const uint32_t id = uint32_t(requests_indexed_ + 1);
    const uint32_t line = source_line(info.requests.get(id).src, info);
    if (line >= 1 && line <= requests_by_line_.size()) requests_by_line_[line - 1].push_back(id);
  }
  rows_.clear();
  const uint32_t fm = front_matter_lines(info);
  for (uint32_t line = 1; line <= lines_.size(); ++line) {
    const bool in_fm = fm && line >= info.front_matter_first && line < info.front_matter_first + fm;
    if (in_fm && !front_matter_open) {
      if (line == info.front_matter_first) rows_.push_back(Row{line, true});
      continue;
    }
    rows_.push_back(Row{line, false});
  }
}

void SourcePanel::Draw(const Frame& f, const ViewSettings& v, Intents& out) {
  rows_drawn.clear();
  hovered_line = 0;
  place_window("Source", v);
  if (!ImGui::Begin("Source")) {
    ImGui::End();
    return;
  }
  prepare(f);
  const SourceMarks m = source_marks(f);
  draw_header(f, v, out);
  ImGui::BeginChild("code", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  if (v.fonts.mono) ImGui::PushFont(v.fonts.mono);
  const float line_h = ImGui::GetTextLineHeightWithSpacing();
  const float slot = ImGui::GetTextLineHeight();
  const float gutter_w = slot * 3 + ImGui::CalcTextSize(std::to_string(std::max<size_t>(lines_.size(), 10)).c_str()).x;
  // Long lines wrap to the panel (a projector cannot scroll sideways), at a space when one
  // is near; the font is monospaced, so a line's width is its length.
  const float char_w = ImGui::CalcTextSize("m").x;
  const size_t columns = size_t(std::max(20.0f, (ImGui::GetContentRegionAvail().x - gutter_w - slot) / char_w));
  pieces_.clear();
  for (size_t i = 0; i < rows_.size(); ++i) {
    const std::string_view text = rows_[i].folded ? std::string_view() : std::string_view(lines_[rows_[i].line - 1].text);
    size_t begin = 0;
    do {
      size_t end = std::min(text.size(), begin + columns);
      if (end < text.size()) {
        const size_t space = text.rfind(' ', end);
        if (space != std::string_view::npos && space > begin + columns / 2) end = space + 1;
        while (end > begin + 1 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // not inside a UTF-8 character
      }
      pieces_.push_back(Piece{i, uint32_t(begin), uint32_t(end)});
      begin = end;
    } while (begin < text.size());
  }
  // Keep the line that just ran in view when the cursor moves or the panel is resized (a
  // smaller window must not hide it), not while the user scrolls.
  const ImVec2 size = ImGui::GetWindowSize();
  if ((f.cursor != scrolled_for_ || size.x != scrolled_w_ || size.y != scrolled_h_) && m.ran) {
    scrolled_for_ = f.cursor;
    scrolled_w_ = size.x;
    scrolled_h_ = size.y;
    const auto it = std::find_if(pieces_.begin(), pieces_.end(), [&](const Piece& p) {
      return rows_[p.row].line == m.ran && !rows_[p.row].folded;
    });
    if (it != pieces_.end()) {
      const float y = float(it - pieces_.begin()) * line_h, top = ImGui::GetScrollY(), h = ImGui::GetWindowHeight();
      if (y < top || y + line_h * 2 > top + h) ImGui::SetScrollY(std::max(0.0f, y - h * 0.3f));
    }
  }
  ImGuiListClipper clipper;
  clipper.Begin(int(pieces_.size()), line_h);  // one text line a piece: equal heights
  while (clipper.Step())
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) draw_piece(f, v, m, pieces_[size_t(i)], gutter_w);
  if (v.fonts.mono) ImGui::PopFont();
  ImGui::EndChild();
  ImGui::End();
  if (hovered_line && !requests_by_line_[hovered_line - 1].empty()) {
    out.hover_line = hovered_line;
    ImGui::BeginTooltip();
    ImGui::Text("line %u made:", hovered_line);
    for (uint32_t req : requests_by_line_[hovered_line - 1]) ImGui::TextUnformatted(request_label(f.rec->info(), req).c_str());
    ImGui::EndTooltip();
  }
}

void SourcePanel::draw_header(const Frame& f, const ViewSettings& v, Intents& out) {
  const RunInfo& info = f.rec->info();
  // What runs the program, and how it is fenced in: a warning when it is not. Presenter mode
  // keeps the room for the code (the narration names the runtime), except for the warning.
  if (!info.js_runtime.empty() && !v.presenter) wrapped_disabled_text("JS layer: " + js_layer_words(info));
  if (info.confinement.starts_with("not confined")) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.9f, 0.45f, 0.15f, 1));
    wrapped_text("warning: " + shown_text(info.confinement, 300));
    ImGui::PopStyleColor();
  } else if (!info.confinement.empty() && !v.presenter) {
    wrapped_disabled_text("confinement: " + shown_text(info.confinement, 300));
  }
  const std::optional<Event> e = f.current();
  const std::string at = e ? source_at(*e, info) : "";
  if (!e) wrapped_text("Step 0: the program has not started.");
  else if (at.empty()) wrapped_text("Step " + std::to_string(f.cursor) + ": the loop's own work, no line of the program");
  else wrapped_text("Step " + std::to_string(f.cursor) + " " + at);
  // The legend: the gutter's shapes, short; what each means in its tooltip.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float s = ImGui::GetTextLineHeight();
  bool first = true;
  for (const auto& [mark, text, tip] :
       {std::tuple{Mark::ran, "just ran", "the line of the current step"},
        {Mark::next, "runs next", "the line of the next step, when the loop thread takes it"},
        {Mark::callback_of, "its callback runs", "the line that made the request whose callback is running"},
        {Mark::breakpoint, "stop here", "click a line number: F8 runs until that line runs on the loop thread"}}) {
    if (!first) same_line_if_fits(s + 2 + ImGui::CalcTextSize(text).x);
    first = false;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(s, s));
    draw_mark(dl, mark, p, s, v.presenter);
    ImGui::SameLine(0, 2);
    ImGui::TextDisabled("%s", text);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
  }
  // Always there, so that setting a breakpoint does not move the code under the mouse; not in
  // presenter mode, which is driven from the keyboard (F8).
  const std::optional<Breakpoint> bp = breakpoint();
  if (v.presenter) {
    ImGui::Separator();
    return;
  }
  const std::string label = bp ? "Run to line " + std::to_string(*break_line) + " (F8)###runto" : "Run to a line: click its number###runto";
  ImGui::BeginDisabled(!bp || !f.can_step_forward());
  if (ImGui::Button(label.c_str())) {
    out.run_to_breakpoint = true;
    out.breakpoint = bp;
  }
  ImGui::EndDisabled();
  ImGui::Separator();
}

void SourcePanel::draw_piece(const Frame& f, const ViewSettings& v, const SourceMarks& m, const Piece& piece, float gutter_w) {
  const RunInfo& info = f.rec->info();
  const Row& r = rows_[piece.row];
  const bool continued = piece.begin > 0;  // a wrapped line's later piece: no gutter of its own
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float slot = ImGui::GetTextLineHeight();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float line_h = ImGui::GetTextLineHeightWithSpacing();
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowWidth() + ImGui::GetScrollX();
  const bool ran = !r.folded && r.line == m.ran;
  if (ran) dl->AddRectFilled(p, ImVec2(right, p.y + line_h), (highlight_color(v.presenter) & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 60));
  const bool lit = !r.folded && v.hovered_line == r.line;
  if (lit) dl->AddRect(p, ImVec2(right - 1, p.y + line_h), highlight_color(v.presenter));

  ImGui::PushID(int(r.line));
  if (continued) {
    ImGui::Dummy(ImVec2(gutter_w, slot));
    ImGui::SameLine(0, slot * 0.6f);
    draw_code(v, lines_[r.line - 1], piece);
    ImGui::PopID();
    if (ImGui::IsWindowHovered() && ImGui::GetIO().MousePos.y >= p.y && ImGui::GetIO().MousePos.y < p.y + line_h) hovered_line = r.line;
    return;
  }
  // The gutter: breakpoint, callback mark, arrow(s), number. A click toggles the breakpoint.
  if (ImGui::InvisibleButton("##gutter", ImVec2(gutter_w, slot)) && !r.folded)
    break_line = break_line == r.line ? std::nullopt : std::optional<uint32_t>(r.line);
  if (ImGui::IsItemHovered() && !r.folded) ImGui::SetTooltip("line %u: click to stop when it runs", r.line);
  if (break_line == r.line) draw_mark(dl, Mark::breakpoint, p, slot, v.presenter);
  if (!r.folded && m.callback_of == r.line) draw_mark(dl, Mark::callback_of, ImVec2(p.x + slot * 0.7f, p.y), slot, v.presenter);
  if (ran) draw_mark(dl, Mark::ran, ImVec2(p.x + slot * 1.4f, p.y), slot, v.presenter);
  if (!r.folded && m.next == r.line) draw_mark(dl, Mark::next, ImVec2(p.x + slot * (ran ? 2.1f : 1.4f), p.y), slot, v.presenter);
  const std::string number = std::to_string(r.line);
  dl->AddText(ImVec2(p.x + gutter_w - ImGui::CalcTextSize(number.c_str()).x, p.y), ImGui::GetColorU32(ImGuiCol_TextDisabled),
              number.c_str());
  rows_drawn.push_back(Row{r.line, r.folded, p.y, p.y + line_h, p.x, p.x + gutter_w});
  ImGui::SameLine(0, slot * 0.6f);

  if (r.folded) {
    const std::string n = std::to_string(front_matter_lines(info)) + " lines)";
    std::string summary = "/* loopstep … */ (front matter, " + n;
    if (ImGui::CalcTextSize(summary.c_str()).x > ImGui::GetContentRegionAvail().x) summary = "/* loopstep … */ (" + n;  // a narrow panel
    ImGui::PushStyleColor(ImGuiCol_Text, token_color(JsToken::comment, v.presenter));
    if (ImGui::Selectable(summary.c_str(), false, ImGuiSelectableFlags_AllowItemOverlap)) front_matter_open = true;
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("the lesson's settings (TOML): click to show them");
  } else {
    draw_code(v, lines_[r.line - 1], piece);
    // The front matter unfolded: its first line folds it again.
    if (info.front_matter_first == r.line && front_matter_lines(info) && front_matter_open) {
      ImGui::SameLine();
      if (ImGui::SmallButton("fold")) front_matter_open = false;
    }
  }
  ImGui::PopID();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (!r.folded && ImGui::IsWindowHovered() && mouse.y >= p.y && mouse.y < p.y + line_h) hovered_line = r.line;
}

void SourcePanel::draw_code(const ViewSettings& v, const Line& l, const Piece& piece) {
  bool first = true;
  for (const JsSpan& s : l.spans) {
    const uint32_t b = std::max(s.begin, piece.begin), e = std::min(s.end, piece.end);
    if (b >= e) continue;
    if (!first) ImGui::SameLine(0, 0);
    first = false;
    ImGui::PushStyleColor(ImGuiCol_Text, token_color(s.token, v.presenter));
    ImGui::TextUnformatted(l.text.data() + b, l.text.data() + e);
    ImGui::PopStyleColor();
  }
  if (first) ImGui::TextUnformatted("");  // an empty line
}

}  // namespace loopstep::ui
