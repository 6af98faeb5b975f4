// Recording files on disk: an atomic save (a temporary file in the same folder, fsync,
// rename over the target, fsync of the folder) and a load that never throws. The app's
// "Save recording" and "Open recording" call these.
#pragma once
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>

#include "core/record/recording.h"
#include "core/trace/trace_io.h"

namespace loopstep {

// Writes `rec` as JSON lines (write_jsonl) to `path.tmp-XXXXXX` next to `path`, fsyncs it and
// renames it over `path`: a reader sees the old file or the new one, never a part. Returns ""
// or a message ("cannot save 'PATH': REASON"); on failure the temporary file is removed and
// an existing file at `path` is left as it was.
std::string save_recording(const std::string& path, const Recording& rec);
// The same with `moment` in the header (the app's Save: where the file reopens).
std::string save_recording(const std::string& path, const Recording& rec, const std::optional<Moment>& moment);
// The same atomic save for any text a writer produces (the Chrome trace export uses it).
std::string save_atomically(const std::string& path, const std::function<void(std::ostream&)>& write);

// Reads a recording saved by save_recording (or `loopstep run --format jsonl`). A file that
// cannot be opened sets `error` ("PATH: cannot open: REASON"); a truncated or corrupted one
// loads up to the last valid event with a warning (read_jsonl). `recording` is always set.
LoadedRecording load_recording(const std::string& path);

}  // namespace loopstep
