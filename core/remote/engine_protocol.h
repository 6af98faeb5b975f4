// The engine process protocol: `loopstep engine FILE` runs a Step-mode Session and is
// driven over stdin/stdout in JSON lines, so an app on one system can step an engine on
// another (the Linux app stepping the native IOCP engine under Wine).
//
// Out (engine -> app), one JSON object per line:
//   the recording header (jsonl_header), first;
//   one event object per event (jsonl_event), in seq order, as they happen;
//   one status line per command, after the events it caused:
//     {"status":"parked","events":N,"choice":T,"candidates":[{thread,kind,layer,fn,req,value}..]}
//        (a run adds "stopped":"breakpoint" | "command": another command arrived)
//     {"status":"end","events":N,"reason":"..."}   the run is over; "reason" is "" or why early
//     {"status":"error","message":"command line 3: ..."}   the command was refused, nothing moved
//   The first status line comes unasked, once the engine is parked at step 0.
// In (app -> engine), one JSON object per line:
//   {"cmd":"step"}                  release the release policy's pick
//   {"cmd":"release","thread":N}   release parked thread N
//   {"cmd":"breakpoints","list":[{"kind":"callback","thread":0,"req":1,"req_count":0,"line":3}, ...]}
//                                   replace the breakpoints (every field optional, at least one)
//   {"cmd":"run"}                   step until a breakpoint matches, the end, or the next command
//   {"cmd":"pause"}                 nothing (it stops a run by arriving); answers the status
//   {"cmd":"stop"}                  abort the run, answer "end" and exit; so does end of input
#pragma once
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/engine/live_run.h"
#include "core/record/run_info.h"

namespace loopstep {

class Session;

// Serves `session` (created, not started) until "stop" or the end of `commands`. Returns the
// process exit status: 0, or 1 when the engine could not start (an error status says why).
int serve_engine(Session& session, std::istream& commands, std::ostream& out);

// The pieces both ends encode and decode.
nlohmann::json candidate_json(const Candidate& c, const RunInfo& info);
std::string read_candidate(const nlohmann::json& j, RunInfo& info, Candidate* out);  // "" or what is wrong
nlohmann::json breakpoint_json(const Breakpoint& bp);
std::string read_breakpoint(const nlohmann::json& j, Breakpoint* out);

}  // namespace loopstep
