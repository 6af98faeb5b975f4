// The Source panel of a JS lesson: the program with line numbers and colours, its front
// matter folded away, and markers as in Python Tutor: the line that just ran, the line that
// runs next on the loop thread, and the line that made the request whose callback runs.
// A click on a line number sets "stop when this line runs"; hovering a line lights the
// requests it made.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "ui/js_highlight.h"
#include "ui/ui_common.h"

namespace loopstep::ui {

// The lesson's lines the markers point at (1-based; 0 = none).
struct SourceMarks {
  uint32_t ran = 0;          // the current event's line
  uint32_t next = 0;         // the next step's line, when that step is on the loop thread
  uint32_t callback_of = 0;  // the line that made the request whose callback is running
};
SourceMarks source_marks(const Frame& f);

struct SourcePanel {
  // Settings
  bool front_matter_open = false;      // the front matter is folded into one row
  std::optional<uint32_t> break_line;  // "stop when this line runs", set by a click on its number

  void Draw(const Frame& f, const ViewSettings& v, Intents& out);
  // Run to the next event of break_line on the loop thread (where JS runs); none when unset.
  std::optional<Breakpoint> breakpoint() const;

  // Public read-only results of the last Draw: the rows on screen, and the line under the mouse.
  struct Row {
    uint32_t line = 0;          // 1-based; a folded row stands for its first line
    bool folded = false;        // the one row of the folded front matter
    float y0 = 0, y1 = 0;       // screen
    float number_x0 = 0, number_x1 = 0;  // the clickable gutter (markers and number)
  };
  std::vector<Row> rows_drawn;
  uint32_t hovered_line = 0;

 private:
  struct Line {
    std::string text;  // tabs expanded
    std::vector<JsSpan> spans;
  };
  void prepare(const Frame& f);
  uint32_t front_matter_lines(const RunInfo& info) const;
  void draw_header(const Frame& f, const ViewSettings& v, Intents& out);
  // One line of text on screen: a row, or a part of a long line wrapped to the panel.
  struct Piece {
    size_t row;            // in rows_
    uint32_t begin, end;   // bytes of the line's text
  };
  void draw_piece(const Frame& f, const ViewSettings& v, const SourceMarks& m, const Piece& piece, float gutter_w);
  void draw_code(const ViewSettings& v, const Line& l, const Piece& piece);

  std::weak_ptr<const RunInfo> prepared_for_;  // what lines_ and requests_by_line_ belong to
  std::vector<Line> lines_;
  std::vector<std::vector<uint32_t>> requests_by_line_;  // [line - 1]: the requests it made
  size_t requests_indexed_ = 0;
  std::vector<Row> rows_;        // every row, folded or not (y unset)
  std::vector<Piece> pieces_;    // rows_ wrapped to the panel's width
  size_t scrolled_for_ = SIZE_MAX;  // the cursor the view last scrolled to
  float scrolled_w_ = 0, scrolled_h_ = 0;  // and the code view's size then
};

}  // namespace loopstep::ui
