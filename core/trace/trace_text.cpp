// The text trace and the console output.
#include <cstdio>
#include <ostream>

#include "core/record/source_ref.h"
#include "core/trace/narration.h"
#include "core/trace/trace_io.h"

namespace loopstep {

void write_text(std::ostream& out, const Recording& rec) {
  const RunInfo& info = rec.info();
  out << "# " << info.title << "\n# backend: " << info.backend_label
      << ", workers: " << worker_model_name(info.config.workers) << " (pool size " << info.config.pool_size
      << "), mode: " << info.mode << (info.replayed ? " (replayed from a recording)" : "") << "\n# layers: "
      << (info.js_runtime.empty() ? "js and binding modeled" : "js real: " + info.js_runtime + " runs your program; binding modeled")
      << "; libuv and kernel real"
      << (info.port_emulated ? " (completion port emulated on Linux)"
          : info.config.backend == BackendKind::iocp ? " (a real Win32 completion port)" : "") << "\n";
  if (!info.confinement.empty()) out << "# node: " << info.confinement << "\n";
  if (info.config.engine_bug != EngineBug::none)
    out << "# this engine has a planted bug: " << engine_bug_name(info.config.engine_bug)
        << (info.mode == "step" ? "" : " (planted in Step mode only: this Run-mode run used the correct engine)") << "\n";
  // The step column is the app's "Step N": events count from 1 (seq + 1), core/scenario/notes.h.
  out << "# step thread  layer    function                         req   value  what happens\n";
  LoopState s;
  const Narration& n = Narration::builtin();
  char buf[160];
  for (const Event& e : rec.events()) {
    apply(s, e);
    std::string fn(info.strings.str(e.fn));
    if (fn.size() > 32) fn = fn.substr(0, 29) + "...";
    // A console line's value is its ordinal, as in the JSONL (in memory it is the interned text).
    const int64_t value = e.kind == Kind::console ? static_cast<int64_t>(s.console_lines) - 1 : e.value;
    std::snprintf(buf, sizeof buf, "%6llu  T%-4u  %-7s  %-32s %4s %7lld  ", static_cast<unsigned long long>(e.seq + 1),
                  e.thread, std::string(layer_name(e.layer)).c_str(), fn.c_str(),
                  e.req ? ("#" + std::to_string(e.req)).c_str() : "-", static_cast<long long>(value));
    out << buf << n.describe(e, info, s, false);
    if (e.layer == Layer::js)
      if (uint32_t src = event_src(e, info)) out << "  @ " << info.strings.str(src);
    out << "\n";
  }
}

void write_console(std::ostream& out, const Recording& rec) {
  for (const Event& e : rec.events())
    if (e.kind == Kind::console) out << rec.info().strings.str(static_cast<uint32_t>(e.value)) << "\n";
}

}  // namespace loopstep
