// libFuzzer target: any bytes given to the recording loader (.jsonl). It must load what is
// valid up to the first problem (with a warning) or refuse the header with an error — never
// crash, hang, leak or trip a sanitizer. What it loads is then used as the app uses it:
// the state fold at the last event and in the middle, and a save (write_jsonl, with the
// narration) that writes one line per event.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "core/trace/trace_io.h"

using namespace loopstep;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  LoadedRecording loaded = read_jsonl(in, "fuzz.jsonl");
  if (!loaded.recording) std::abort();
  const Recording& rec = *loaded.recording;
  if (!loaded.error.empty()) {
    if (!rec.empty()) std::abort();
    return 0;
  }
  if (rec.empty()) return 0;
  (void)rec.state_at(rec.size() - 1);
  (void)rec.state_at(rec.size() / 2);
  // Saved again: a header line and one line per event (a reload would cost a second 2 MiB
  // event chunk per input, halving the exec rate; the loader already ran on this format).
  std::ostringstream out;
  write_jsonl(out, rec);
  const std::string text = out.str();
  if (static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) != rec.size() + 1) std::abort();
  return 0;
}
