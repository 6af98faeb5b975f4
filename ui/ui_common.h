// What every panel gets (the frame's read-only input) and gives back (intents), plus the
// few helpers more than one panel needs: request labels, layer colours, hover links, where
// a panel goes (ui/layout.cpp).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/gate/gate.h"
#include "core/record/recording.h"
#include "core/scenario/scenario.h"
#include "core/engine/session.h"
#include "core/story/step_story.h"  // the words of a step: layer_title, js_layer_words, run_words

struct ImFont;
struct ImVec4;

namespace loopstep::ui {

// Built once per frame by the app, passed by const& to every panel.
struct Frame {
  const Recording* rec = nullptr;
  const LoopState* state = nullptr;        // folded up to and including the current event
  size_t cursor = 0;                       // events folded; the current event is cursor - 1
  bool live = false;                       // an engine is behind the recording (not a replay)
  bool finished = true;                    // live: the engine has nothing more to do
  bool playing = false;
  const std::vector<Candidate>* candidates = nullptr;  // live, cursor at the end: possible next steps
  uint16_t policy_choice = 0;              // the lane a plain Step releases
  bool predicting = false;                 // predict mode asks what happens next: the panels hide policy_choice
  const std::vector<Note>* notes = nullptr;
  std::string source;                      // the scenario or recording file
  std::string stop_reason;
  std::string status;                      // set: the menu bar shows it instead of the step counter (the Compare view)

  std::optional<Event> current() const {
    if (cursor == 0 || cursor > rec->size()) return std::nullopt;
    return (*rec)[cursor - 1];
  }
  bool at_end() const { return cursor == rec->size(); }
  bool can_step_forward() const { return cursor < rec->size() || (live && !finished); }
};

// One key press (or auto-repeat) as the window reported it: GLFW's key callback, so that a
// press and its release inside one frame still count (a clicker's 6 ms taps).
struct KeyPress {
  int key;      // GLFW_KEY_*
  bool ctrl;
  bool repeat;  // GLFW_REPEAT: the key is held
};

// What the user asked for this frame; the app applies them in one place.
struct Intents {
  int step = 0, step_back = 0;             // how many: every key press counts, even five in one frame
  bool toggle_play = false, first = false, last = false;
  bool restart = false;
  bool run_to_breakpoint = false;          // to `breakpoint`, or (F8) to the one set in Controls
  std::optional<size_t> seek;              // a new cursor
  std::optional<uint16_t> step_lane;       // release this thread
  std::optional<Breakpoint> breakpoint;    // with run_to_breakpoint
  std::optional<RunConfig> reconfigure;    // restart with another backend / model / pool size
  std::optional<ReleasePolicy> repolicy;   // restart with another release policy (a random seed: the bug hunt)
  std::string open_path;                   // a scenario (.toml) or a saved recording (.jsonl)
  std::string save_path, chrome_trace_path;
  bool open_browser = false, save_dialog = false, export_dialog = false, reload = false;
  bool copy_command = false;               // File -> Copy command for this moment
  std::optional<size_t> compare;           // View -> Compare: an index into kCompareChoices
  bool toggle_presenter = false, toggle_fullscreen = false, toggle_help = false, quit = false;
  bool reset_layout = false, toggle_time_axis = false, fit_timeline = false;
  int font_step = 0;                       // +1 bigger, -1 smaller
  std::optional<uint32_t> hover_req;       // a request under the mouse: highlighted everywhere
  std::optional<uint32_t> hover_line;      // a line of the program under the mouse: its requests are
};

struct Fonts {
  ImFont* big = nullptr;   // req_count; may be null (tests): the default font is used
  ImFont* mono = nullptr;
};

// The default layout follows the window until the user moves or resizes a panel.
struct LayoutState {
  float width = 0, height = 0, font = 0;  // what the current default rects were computed for
  bool user_arranged = false;             // a panel was moved or resized by hand (or came from imgui.ini)
  bool js_lesson = false;                 // the current rects are a JS lesson's (with the Source panel)
  bool sockets_lesson = false;            // ... and a socket lesson's (with the Sockets panel)
  bool restored = false;                  // this frame shows what imgui.ini remembered
};

// Shared view settings: owned by the app, changed by the menu, read by the panels.
struct ViewSettings {
  bool presenter = false;
  bool real_time_axis = false;   // step index is the default: evenly spaced steps read best in class
  bool relayout = false;         // place every window at its default rect this frame
  LayoutState layout;
  bool auto_reload = false;
  bool predict = false;          // predict mode (ui/predict.h)
  bool show_help = false;
  bool show_requests = true, show_call_chain = true, show_console = true, show_controls = true;
  uint32_t hovered_req = 0;      // from the previous frame
  uint32_t hovered_line = 0;     // the Source panel's line under the mouse, from the previous frame
  bool js_lesson = false;        // the recording carries a program: the Source panel shows, the layout makes room
  bool sockets_lesson = false;   // that program uses net: the Sockets panel shows, the layout makes room
  bool show_sockets = false;     // View -> Sockets in a lesson without sockets (it says it has none)
  std::optional<uint64_t> selected_seq;  // clicked on the timeline; the call chain follows it
  Fonts fonts;
};

// Dear ImGui indexes a draw list's vertices with 16 bits (Debian's libimgui is built with the
// default ImDrawIdx, and we link it), and one text call writes 4 vertices per glyph in one go:
// a 16,400-character line aborts the app. Every text that comes from a file (scenario,
// recording, console output, paths) is cut to this many bytes, more than any panel shows.
inline constexpr size_t kShownBytes = 2000;
// `s` cut to kShownBytes on a character boundary, saying how much was left out.
std::string shown_text(std::string_view s, size_t max_bytes = kShownBytes);

// Lines of at most `width` pixels in the current font, broken only at spaces (and at
// newlines): names stay whole ("fs.open", "'missing.txt'"), where ImGui's own wrap also
// breaks after '.' and ','. Only a word wider than the whole line is broken inside.
std::vector<std::string> wrap_lines(std::string_view text, float width);
// wrap_lines to the space left in the window, one TextUnformatted per line, as one item.
void wrapped_text(std::string_view text);
void wrapped_disabled_text(std::string_view text);  // the same in the disabled (hint) colour

// A selectable row of wrapped lines (a long "possible next step" in a narrow panel).
bool wrapped_selectable(const std::string& text, bool selected);
// SameLine() when an item `width` wide still fits after the last one; otherwise it goes on a
// new line (a row of buttons in a narrow panel, never cut at the edge).
void same_line_if_fits(float width);
float button_width(const char* label);
// `text` cut to `width` pixels with "..." (nothing when not even that fits).
std::string ellipsized(std::string_view text, float width);

// What an event does, in words: "thread 1: PostQueuedCompletionStatus", "the loop thread:
// uv__fs_done" (its real function; the kind only when it has none).
std::string event_words(const Event& e, const RunInfo& info, const LoopState& s);

// request_words cut for a panel: "req 1 fs.open 1.txt".
std::string request_label(const RunInfo& info, uint32_t req);
// Where an event's JS call is in the program: "at lesson.js:3:1"; "" when it has no src.
std::string source_at(const Event& e, const RunInfo& info);
// A request is lit when it is hovered anywhere, or the program's line that made it is.
bool request_lit(const Frame& f, const ViewSettings& v, uint32_t req);
// A row that highlights when its request is hovered anywhere, and reports its own hover.
void request_text(const Frame& f, const ViewSettings& v, uint32_t req, const std::string& text, Intents& out);
// Colour of a layer (JS, binding, libuv, kernel), readable on both themes.
uint32_t layer_color(Layer l, bool presenter);
uint32_t highlight_color(bool presenter);
// A titled section inside a panel.
void section(const char* title);

// Layout (ui/layout.cpp). Before the panels: a new window size (or font) lays the panels out
// again, unless the user arranged them.
void begin_layout(ViewSettings& v);
// Default window rect for a panel, from the area under the menu bar; FirstUseEver unless relayout.
void place_window(const char* name, const ViewSettings& v);
// After the panels: notices a panel moved by hand, and keeps every panel inside the window
// and below the menu bar whatever the user did.
void end_layout(ViewSettings& v);

}  // namespace loopstep::ui
