// JSON lines: a header line describing the run, then one object per event.
// The same lines are the engine process protocol's (core/remote/engine_protocol.h).
#include <istream>
#include <limits>
#include <nlohmann/json.hpp>
#include <ostream>

#include "core/record/source_ref.h"
#include "core/trace/jsonl.h"
#include "core/trace/jsonl_line.h"
#include "core/trace/narration.h"
#include "core/trace/trace_io.h"

namespace loopstep {

using nlohmann::json;

json jsonl_header(const RunInfo& info) {
  json h = {
      {"loopstep", 1},
      {"scenario", info.scenario},
      {"title", info.title},
      {"teaches", info.teaches},
      {"backend", backend_name(info.config.backend)},
      {"backend_label", info.backend_label},
      {"workers", worker_model_name(info.config.workers)},
      {"pool_size", info.config.pool_size},
      {"port_batch", info.config.port_batch},
      {"mode", info.mode},
      {"policy", info.policy},
      {"models", kModeledLibuv},
      {"layers", {{"js", info.js_runtime.empty() ? "modeled" : "real"}, {"binding", "modeled"}, {"libuv", "real"},
                  {"kernel", info.port_emulated ? "real, completion port emulated" : "real"}}},
  };
  // JS lessons only (older readers and TOML lessons never see these keys).
  if (!info.source.empty()) h["source"] = info.source;
  if (!info.source_name.empty()) h["source_name"] = info.source_name;
  if (info.front_matter_first) h["front_matter"] = {info.front_matter_first, info.front_matter_last};
  if (!info.js_runtime.empty()) h["js_runtime"] = info.js_runtime;
  if (!info.confinement.empty()) h["confinement"] = info.confinement;
  // More than one AcceptEx per server (a JS lesson's 32); 1, the default, is what recordings
  // made before the key had, so theirs load and save again byte for byte.
  if (info.config.simultaneous_accepts != 1) h["simultaneous_accepts"] = info.config.simultaneous_accepts;
  // A planted bug (README, "Bug hunt"); the correct engine's recordings never carry it.
  if (info.config.engine_bug != EngineBug::none) h["engine_bug"] = engine_bug_name(info.config.engine_bug);
  return h;
}

namespace {
// The event that makes its request, and carries it in the file: a req_init; a socket handle's
// handle_init (a uv_tcp_t is a request id with no req_init); and the submission of an IOCP
// socket's internal request (an accept_req, read_req or a WSASend part: its syscall_begin).
bool creates_request(const Event& e, const RunInfo& info) {
  if (!info.requests.has(e.req)) return false;
  if (e.kind == Kind::req_init || e.kind == Kind::handle_init) return true;
  return e.kind == Kind::syscall_begin && info.strings.str(info.requests.get(e.req).type).starts_with("uv_req_t (");
}
}  // namespace

json jsonl_event(const Event& e, const RunInfo& info, const LoopState& after, const std::vector<Candidate>* candidates) {
  // A console event's value is an interned string id in memory, which a load assigns anew; in
  // the file it is the line's ordinal among the run's console lines (its text is "text"), so
  // that a recording loaded and saved again is the same file.
  const int64_t value = e.kind == Kind::console ? static_cast<int64_t>(after.console_lines) - 1 : e.value;
  json j = {
      // `seq` is the event's identity (0-based, what `cause` names); `step` the number people
      // read: the app's "Step N", the text trace's step column, notes' `step = N`.
      {"seq", e.seq}, {"step", e.seq + 1}, {"t_ns", e.t_ns}, {"thread", e.thread}, {"layer", layer_name(e.layer)},
      {"kind", kind_name(e.kind)}, {"fn", info.strings.str(e.fn)}, {"req", e.req}, {"value", value},
      {"cause", has_cause(e) ? json(cause_seq(e)) : json(nullptr)},
  };
  j["text"] = e.kind == Kind::console ? std::string(info.strings.str(console_text(e)))
                                      : Narration::builtin().describe(e, info, after, false);
  // Where the program made the event's call; a reader takes a console's from here and every
  // other event's from its request.
  if (const uint32_t src = event_src(e, info)) j["src"] = info.strings.str(src);
  if (creates_request(e, info)) {
    const RequestInfo& r = info.requests.get(e.req);
    j["request"] = {{"op", info.strings.str(r.op)}, {"type", info.strings.str(r.type)}, {"path", info.strings.str(r.path)},
                    {"flags", info.strings.str(r.flags)}, {"callback", info.strings.str(r.callback)}};
    if (r.uses_fd) {
      j["request"]["fd"] = r.fd;
      j["request"]["fd_path"] = info.strings.str(r.fd_path);
    }
    if (r.src) j["request"]["src"] = info.strings.str(r.src);
  }
  if (candidates) {
    json list = json::array();
    for (const Candidate& c : *candidates)
      list.push_back({{"thread", c.thread}, {"kind", kind_name(c.pending.kind)}, {"layer", layer_name(c.pending.layer)},
                      {"fn", info.strings.str(c.pending.fn)}, {"req", c.pending.req}, {"value", c.pending.value}});
    j["candidates"] = std::move(list);
  }
  return j;
}

std::string jsonl_line(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

void write_jsonl(std::ostream& out, const Recording& rec, const std::optional<Moment>& moment) {
  const RunInfo& info = rec.info();
  json header = jsonl_header(info);
  if (moment) header["moment"] = jsonl_moment(*moment);
  out << jsonl_line(header) << "\n";
  LoopState s;
  for (const Event& e : rec.events()) {
    apply(s, e);
    out << jsonl_line(jsonl_event(e, info, s, rec.candidates_before(e.seq))) << "\n";
  }
}

namespace {
// JSON reads 18446744073709551615 as unsigned; taken as int64 it would wrap to -1.
bool above_int64(const json& n) {
  return n.is_number_unsigned() && n.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
}
}  // namespace

namespace {
std::string read_candidates(const json& list, RunInfo& info, std::vector<Candidate>* out) {
  if (!list.is_array()) return "candidates must be a list";
  for (const json& c : list) {
    if (!c.is_object()) return "a candidate must be an object";
    Candidate k{};
    if (!c.contains("thread") || !c["thread"].is_number_unsigned() || c["thread"].get<uint64_t>() > 65535) return "bad candidate thread";
    k.thread = c["thread"].get<uint16_t>();
    k.pending.thread = k.thread;
    if (!c.contains("kind") || !c["kind"].is_string() || !kind_from_name(c["kind"].get<std::string>(), &k.pending.kind))
      return "unknown candidate kind";
    if (!c.contains("layer") || !c["layer"].is_string() || !layer_from_name(c["layer"].get<std::string>(), &k.pending.layer))
      return "unknown candidate layer";
    if (!c.contains("fn") || !c["fn"].is_string()) return "candidate fn must be a string";
    k.pending.fn = info.strings.intern(c["fn"].get<std::string>());
    if (!c.contains("req") || !c["req"].is_number_unsigned() || c["req"].get<uint64_t>() > 0xffffffffu) return "bad candidate req";
    k.pending.req = c["req"].get<uint32_t>();
    if (!c.contains("value") || !c["value"].is_number_integer() || above_int64(c["value"])) return "bad candidate value";
    k.pending.value = c["value"].get<int64_t>();
    out->push_back(k);
  }
  return "";
}
}  // namespace

std::string read_jsonl_event(const json& j, RunInfo& info, uint64_t expected_seq, Event* out, std::vector<Candidate>* candidates) {
  if (!j.is_object()) return "not a JSON object";
  for (const char* k : {"seq", "thread", "layer", "kind", "fn", "req", "value"})
    if (!j.contains(k)) return std::string("missing key '") + k + "'";
  Event e{};
  if (!j["seq"].is_number_unsigned() || j["seq"].get<uint64_t>() != expected_seq)
    return "expected seq " + std::to_string(expected_seq);
  e.seq = expected_seq;
  if (j.contains("t_ns")) {  // a float out of int64's range would be undefined behaviour to convert
    if (!j["t_ns"].is_number_integer()) return "t_ns must be an integer";
    if (above_int64(j["t_ns"])) return "t_ns out of range";
    e.t_ns = j["t_ns"].get<int64_t>();
  }
  if (!j["thread"].is_number_unsigned() || j["thread"].get<uint64_t>() > 65535) return "bad thread";
  e.thread = j["thread"].get<uint16_t>();
  if (!j["layer"].is_string() || !layer_from_name(j["layer"].get<std::string>(), &e.layer)) return "unknown layer";
  if (!j["kind"].is_string() || !kind_from_name(j["kind"].get<std::string>(), &e.kind)) return "unknown kind";
  if (!j["fn"].is_string()) return "fn must be a string";
  e.fn = info.strings.intern(j["fn"].get<std::string>());
  if (!j["req"].is_number_unsigned() || j["req"].get<uint64_t>() > 0xffffffffu) return "bad req";
  e.req = j["req"].get<uint32_t>();
  if (!j["value"].is_number_integer()) return "value must be an integer";
  if (above_int64(j["value"])) return "value out of range";
  e.value = j["value"].get<int64_t>();
  // Values the fold and the narration use as an index or negate must be ones the engine writes.
  if (e.value == std::numeric_limits<int64_t>::min()) return "value out of range";
  if (e.kind == Kind::phase && (e.value < 0 || e.value > static_cast<int64_t>(Phase::exited))) return "unknown phase";
  if (j.contains("cause") && j["cause"].is_number_unsigned()) {
    uint64_t c = j["cause"].get<uint64_t>();
    if (c >= expected_seq) return "cause must point to an earlier event";
    e.cause = static_cast<uint32_t>(c + 1);
  }
  auto text_of = [&](const json& o, const char* k) { return o.contains(k) && o[k].is_string() ? o[k].get<std::string>() : ""; };
  auto src_of = [&](const json& o) {  // 0 when absent (older recordings, TOML lessons)
    const std::string src = text_of(o, "src");
    return src.empty() ? 0u : info.strings.intern(src);
  };
  if (e.kind == Kind::console) e.value = console_value(info.strings.intern(text_of(j, "text")), src_of(j));
  if (e.kind == Kind::req_init || (j.contains("request") && e.req == info.requests.size() + 1)) {
    if (e.req != info.requests.size() + 1) return "requests must be created in order";
    RequestInfo r;
    if (j.contains("request") && j["request"].is_object()) {
      const json& q = j["request"];
      auto s = [&](const char* k) { return info.strings.intern(text_of(q, k)); };
      r = RequestInfo{s("op"), s("type"), s("path"), s("flags"), s("callback")};
      if (q.contains("fd") && q["fd"].is_number_integer()) {
        r.uses_fd = true;
        r.fd = q["fd"].get<int64_t>();
        r.fd_path = s("fd_path");
      }
      r.src = src_of(q);
    }
    info.requests.add(r);
  }
  if (candidates && j.contains("candidates"))
    if (std::string err = read_candidates(j["candidates"], info, candidates); !err.empty()) return err;
  *out = e;
  return "";
}

void read_jsonl_header(const json& header, RunInfo& info, const std::function<void(const std::string&)>& warn) {
  // json::value() throws when a key holds another type ("scenario": 5): a field of the wrong
  // type or out of range keeps its default, with a warning, never an exception.
  auto text_field = [&](const char* key, std::string fallback) {
    auto it = header.find(key);
    if (it == header.end()) return fallback;
    if (it->is_string()) return it->get<std::string>();
    warn(std::string("header field '") + key + "' is not a string; ignored");
    return fallback;
  };
  auto int_field = [&](const char* key, int lo, int hi, int fallback) {
    auto it = header.find(key);
    if (it == header.end()) return fallback;
    if (it->is_number_integer() && it->get<int64_t>() >= lo && it->get<int64_t>() <= hi) return it->get<int>();
    warn(std::string("header field '") + key + "' is not an integer between " + std::to_string(lo) + " and " +
         std::to_string(hi) + "; ignored");
    return fallback;
  };
  info.scenario = text_field("scenario", "");
  info.title = text_field("title", "");
  info.teaches = text_field("teaches", "");
  backend_from_name(text_field("backend", "epoll"), &info.config.backend);
  worker_model_from_name(text_field("workers", "pool"), &info.config.workers);
  info.backend_label = text_field("backend_label", backend_label(info.config.backend));
  info.port_emulated = header.contains("layers") && header["layers"].is_object() && header["layers"].contains("kernel") &&
                       header["layers"]["kernel"] == "real, completion port emulated";
  info.config.pool_size = int_field("pool_size", 1, 1024, info.config.pool_size);
  // Recordings made before port_batch existed took one packet per wait: the default.
  info.config.port_batch = int_field("port_batch", 1, kMaxPortBatch, info.config.port_batch);
  // ... and before simultaneous_accepts, one AcceptEx per server.
  info.config.simultaneous_accepts =
      int_field("simultaneous_accepts", 1, kMaxSimultaneousAccepts, info.config.simultaneous_accepts);
  if (std::string bug = text_field("engine_bug", ""); !bug.empty() && !engine_bug_from_name(bug, &info.config.engine_bug))
    warn("header field 'engine_bug' is not lost_wakeup or double_take; ignored");
  info.mode = text_field("mode", "");
  info.policy = text_field("policy", "");
  info.source = text_field("source", "");
  info.source_name = text_field("source_name", "");
  info.js_runtime = text_field("js_runtime", "");
  info.confinement = text_field("confinement", "");
  if (auto fm = header.find("front_matter"); fm != header.end()) {
    const bool ok = fm->is_array() && fm->size() == 2 && (*fm)[0].is_number_unsigned() && (*fm)[1].is_number_unsigned() &&
                    (*fm)[0].get<uint64_t>() >= 1 && (*fm)[0].get<uint64_t>() <= (*fm)[1].get<uint64_t>() &&
                    (*fm)[1].get<uint64_t>() <= 0xffffffffu;
    if (ok) {
      info.front_matter_first = (*fm)[0].get<uint32_t>();
      info.front_matter_last = (*fm)[1].get<uint32_t>();
    } else {
      warn("header field 'front_matter' is not [first, last] line numbers; ignored");
    }
  }
}

LoadedRecording read_jsonl(std::istream& in, const std::string& file_name) {
  LoadedRecording out;
  auto info = std::make_shared<RunInfo>();
  std::string line;
  size_t line_no = 1, bytes = 0;
  auto warn = [&](const std::string& m) { out.warnings.push_back(file_name + ":" + std::to_string(line_no) + ": " + m); };
  auto refuse = [&](std::string error) {
    out.error = file_name + ":1: " + std::move(error);
    out.recording = std::make_unique<Recording>(info);
    return std::move(out);
  };
  LineRead first = read_line(in, line);
  if (first == LineRead::end) return refuse("empty file: not a loopstep recording");
  json header = first == LineRead::line && check_line_shape(line).empty() ? json::parse(line, nullptr, false) : json();
  if (header.is_discarded() || !header.is_object() || !header.contains("loopstep"))
    return refuse("the first line is not a loopstep recording header");
  read_jsonl_header(header, *info, warn);
  info->replayed = true;
  out.recording = std::make_unique<Recording>(info);
  out.recording->moment = read_jsonl_moment(header, warn);
  const std::string up_to = "; the recording is loaded up to the event before";
  for (;;) {
    bytes += line.size() + 1;  // the line before, with its '\n'
    LineRead r = read_line(in, line);
    if (r == LineRead::end) break;
    ++line_no;
    if (r == LineRead::too_long) {
      warn("the line is longer than " + std::to_string(kMaxRecordingLine >> 20) + " MiB" + up_to);
      break;
    }
    if (bytes + line.size() > kMaxRecordingBytes) {
      warn("the recording is longer than " + std::to_string(kMaxRecordingBytes >> 30) + " GiB" + up_to);
      break;
    }
    if (line.empty()) continue;
    if (std::string shape = check_line_shape(line); !shape.empty()) {
      warn(shape + up_to);
      break;
    }
    json j = json::parse(line, nullptr, false);
    Event e;
    std::vector<Candidate> candidates;
    std::string err;
    try {
      err = read_jsonl_event(j, *info, out.recording->size(), &e, &candidates);
    } catch (const json::exception& x) {
      err = std::string("bad field: ") + x.what();
    }
    if (!err.empty()) {
      warn(err + up_to);
      break;
    }
    if (!candidates.empty()) out.recording->set_candidates(out.recording->size(), std::move(candidates));
    out.recording->append(e);
  }
  return out;
}

bool names_recording(std::string_view path) { return path.ends_with(".jsonl"); }

}  // namespace loopstep
