// One step in words (see step_story.h).
#include "core/story/step_story.h"

#include "core/record/source_ref.h"
#include "core/scenario/notes.h"
#include "core/trace/narration.h"

namespace loopstep {

std::string js_layer_words(const RunInfo& info) {
  return info.js_runtime.empty() ? "modeled" : "real: " + info.js_runtime + " runs your program";
}

std::string layer_title(Layer l, const RunInfo& info) {
  switch (l) {
    case Layer::js: return "JS (" + js_layer_words(info) + ")";
    case Layer::binding: return "Node binding (modeled)";
    case Layer::libuv: return "libuv";
    case Layer::kernel: return "kernel";
  }
  return "?";
}

std::string run_words(const RunInfo& info) {
  std::string out = info.backend_label + ", " +
                    (info.config.workers == WorkerModel::pool ? "pool of " + std::to_string(info.config.pool_size)
                                                              : std::string("a thread per request (the article's model)"));
  if (info.config.engine_bug != EngineBug::none)
    out += "; this engine has a planted bug: " + std::string(engine_bug_name(info.config.engine_bug));
  return out;
}

std::string request_words(const RunInfo& info, uint32_t req) {
  if (req == 0) return "-";
  std::string s = "req " + std::to_string(req);
  if (!info.requests.has(req)) return s;
  const RequestInfo& r = info.requests.get(req);
  std::string_view op = info.strings.str(r.op), path = info.strings.str(r.path);
  if (!op.empty()) s += " " + std::string(op);
  if (!path.empty()) s += " " + std::string(path);
  return s;
}

std::string call_site_words(const Event& e, const RunInfo& info) {
  const std::string_view src = info.strings.str(event_src(e, info));
  return src.empty() ? "" : "at " + std::string(src);
}

StepStory step_story(const Recording& rec, size_t step, const std::vector<Note>* notes) {
  const RunInfo& info = rec.info();
  StepStory s;
  s.step = step;
  if (step == 0 || step > rec.size()) {
    s.heading = "Step 0";
    s.what = "Nothing has happened yet.";
    s.why = info.teaches;
    return s;
  }
  const Event e = rec[step - 1];
  const LoopState after = rec.state_at(step - 1);
  const Narration& n = Narration::builtin();
  s.heading = "Step " + std::to_string(step) + " · " + layer_title(e.layer, info) + " · " + thread_label(e.thread, after);
  s.what = n.describe(e, info, after, false);
  s.call_site = call_site_words(e, info);
  if (e.req) s.request = request_words(info, e.req);
  s.why = n.describe(e, info, after, true);
  if (notes)
    for (const Note* note : notes_at(*notes, rec, step)) s.notes.push_back(note->text);
  return s;
}

}  // namespace loopstep
