// The JSON lines every loopstep stream is made of: a header object describing the run and
// one object per event. A saved recording (trace_io.h) is these lines; the engine process
// protocol (engine_protocol.h) sends the same lines between its status lines.
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/record/event.h"
#include "core/record/loop_state.h"
#include "core/record/recording.h"
#include "core/record/run_info.h"

namespace loopstep {

nlohmann::json jsonl_header(const RunInfo& info);
// `after` is the state folded up to and including `e` (the narration text needs it).
// `candidates`: the threads that could have taken this step (an optional "candidates" field:
// [{thread, kind, layer, fn, req, value}, ...], Step mode's steps that more than one could take).
nlohmann::json jsonl_event(const Event& e, const RunInfo& info, const LoopState& after,
                           const std::vector<Candidate>* candidates = nullptr);
std::string jsonl_line(const nlohmann::json& j);  // one line, invalid UTF-8 replaced

// Fills `info` from a header; a field of the wrong type keeps its default and calls `warn`.
void read_jsonl_header(const nlohmann::json& header, RunInfo& info, const std::function<void(const std::string&)>& warn);
// The header's "moment" (core/trace/jsonl_moment.cpp): where a saved recording reopens.
nlohmann::json jsonl_moment(const Moment& m);
// nullopt when the header has none or it is not an object (with a warning).
std::optional<Moment> read_jsonl_moment(const nlohmann::json& header, const std::function<void(const std::string&)>& warn);
// Reads one event (interning its strings and requests into `info`); returns "" or what is wrong.
// With `candidates`, also the line's "candidates" (left empty when it has none: older files).
std::string read_jsonl_event(const nlohmann::json& j, RunInfo& info, uint64_t expected_seq, Event* out,
                             std::vector<Candidate>* candidates = nullptr);

}  // namespace loopstep
