// notes_at: a note's step, or the first event of its kind.
#include "core/scenario/notes.h"

#include "core/record/source_ref.h"

namespace loopstep {

namespace {

// Is the event at `index` the first of its kind? Scans from the start and stops at the
// first event of that kind, which for a note's kind comes early.
bool first_of_its_kind(const Recording& rec, size_t index) {
  const Kind k = rec[index].kind;
  for (size_t i = 0; i < index; ++i)
    if (rec[i].kind == k) return false;
  return true;
}

// Is the event at `index` the first one the program's line `line` made (a JS lesson's)?
bool first_on_line(const Recording& rec, size_t index, uint32_t line) {
  if (event_line(rec[index], rec.info()) != line) return false;
  for (size_t i = 0; i < index; ++i)
    if (event_line(rec[i], rec.info()) == line) return false;
  return true;
}

}  // namespace

std::vector<const Note*> notes_at(const std::vector<Note>& notes, const Recording& rec, size_t step) {
  std::vector<const Note*> out;
  if (step == 0 || step > rec.size()) return out;
  const size_t index = step - 1;
  const Event e = rec[index];
  int first = -1;  // computed once, only when a kind note asks
  for (const Note& n : notes) {
    bool shows = false;
    if (n.at_step >= 0) {
      shows = static_cast<size_t>(n.at_step) == step;
    } else if (n.at_line) {
      shows = first_on_line(rec, index, n.at_line);
    } else if (kind_name(e.kind) == n.at_kind) {
      if (first < 0) first = first_of_its_kind(rec, index) ? 1 : 0;
      shows = first == 1;
    }
    if (shows) out.push_back(&n);
  }
  return out;
}

}  // namespace loopstep
