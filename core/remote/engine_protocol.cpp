// The engine side of the engine process protocol (see engine_protocol.h).
#include "core/remote/engine_protocol.h"

#include <condition_variable>
#include <deque>
#include <istream>
#include <mutex>
#include <ostream>
#include <thread>

#include "core/trace/jsonl.h"
#include "core/engine/session.h"

namespace loopstep {

using nlohmann::json;

json candidate_json(const Candidate& c, const RunInfo& info) {
  const Event& e = c.pending;
  return {{"thread", c.thread}, {"kind", kind_name(e.kind)}, {"layer", layer_name(e.layer)},
          {"fn", info.strings.str(e.fn)}, {"req", e.req}, {"value", e.value}};
}

std::string read_candidate(const json& j, RunInfo& info, Candidate* out) {
  if (!j.is_object()) return "a candidate must be an object";
  Candidate c{};
  if (!j.contains("thread") || !j["thread"].is_number_unsigned() || j["thread"].get<uint64_t>() > 65535) return "bad candidate thread";
  c.thread = j["thread"].get<uint16_t>();
  if (!j.contains("kind") || !j["kind"].is_string() || !kind_from_name(j["kind"].get<std::string>(), &c.pending.kind)) return "unknown candidate kind";
  if (!j.contains("layer") || !j["layer"].is_string() || !layer_from_name(j["layer"].get<std::string>(), &c.pending.layer)) return "unknown candidate layer";
  if (!j.contains("fn") || !j["fn"].is_string()) return "candidate fn must be a string";
  c.pending.fn = info.strings.intern(j["fn"].get<std::string>());
  if (!j.contains("req") || !j["req"].is_number_unsigned() || j["req"].get<uint64_t>() > 0xffffffffu) return "bad candidate req";
  c.pending.req = j["req"].get<uint32_t>();
  if (!j.contains("value") || !j["value"].is_number_integer()) return "candidate value must be an integer";
  c.pending.value = j["value"].get<int64_t>();
  c.pending.thread = c.thread;
  *out = c;
  return "";
}

json breakpoint_json(const Breakpoint& bp) {
  json j = json::object();
  if (bp.kind) j["kind"] = kind_name(*bp.kind);
  if (bp.thread) j["thread"] = *bp.thread;
  if (bp.req) j["req"] = *bp.req;
  if (bp.req_count) j["req_count"] = *bp.req_count;
  if (bp.line) j["line"] = *bp.line;
  return j;
}

std::string read_breakpoint(const json& j, Breakpoint* out) {
  if (!j.is_object()) return "a breakpoint must be an object";
  Breakpoint bp;
  for (const auto& [key, v] : j.items()) {
    if (key == "kind") {
      Kind k;
      if (!v.is_string() || !kind_from_name(v.get<std::string>(), &k)) return "unknown breakpoint kind";
      bp.kind = k;
    } else if (key == "thread") {
      if (!v.is_number_unsigned() || v.get<uint64_t>() > 65535) return "breakpoint thread must be 0..65535";
      bp.thread = v.get<uint16_t>();
    } else if (key == "req") {
      if (!v.is_number_unsigned() || v.get<uint64_t>() > 0xffffffffu) return "breakpoint req must be a request id";
      bp.req = v.get<uint32_t>();
    } else if (key == "req_count") {
      if (!v.is_number_integer()) return "breakpoint req_count must be an integer";
      bp.req_count = v.get<int64_t>();
    } else if (key == "line") {
      if (!v.is_number_unsigned() || v.get<uint64_t>() == 0 || v.get<uint64_t>() > 0xffffffffu)
        return "breakpoint line must be a line number (1-based)";
      bp.line = v.get<uint32_t>();
    } else {
      return "unknown breakpoint field '" + key + "' (expected kind, thread, req, req_count, line)";
    }
  }
  if (!bp.any()) return "a breakpoint needs at least one of kind, thread, req, req_count, line";
  *out = bp;
  return "";
}

namespace {

struct Command {
  json body;
  size_t line = 0;        // in the command stream, for error messages
  bool end_of_input = false;  // the stop the end of the input stands for
};

// Commands arrive while a run steps: a thread reads them so that the run can see the next
// one (a pause) between two steps. It stops after "stop" or at the end of the input, which
// it turns into a stop, so nothing is left reading when serve_engine returns.
class CommandInbox {
 public:
  explicit CommandInbox(std::istream& in) : reader_([this, &in] { read(in); }) {}
  ~CommandInbox() { reader_.join(); }

  Command pop() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return !queue_.empty(); });
    Command c = std::move(queue_.front());
    queue_.pop_front();
    return c;
  }
  // A command is waiting (the end of the input does not cut a run short: "run" then EOF
  // runs to the end).
  bool pending() {
    std::lock_guard lock(mutex_);
    return !queue_.empty() && !queue_.front().end_of_input;
  }

 private:
  void read(std::istream& in) {
    std::string line;
    size_t n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (!line.empty() && line.back() == '\r') line.pop_back();  // a Windows pipe in text mode
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      json body = json::parse(line, nullptr, false);
      const bool stop = body.is_object() && body.value("cmd", json()) == "stop";
      push({std::move(body), n});
      if (stop) return;
    }
    push({{{"cmd", "stop"}}, n + 1, true});
  }
  void push(Command c) {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(c));
    cv_.notify_one();
  }

  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Command> queue_;
  std::thread reader_;
};

class Server {
 public:
  Server(Session& s, std::ostream& out) : session_(s), out_(out) {}

  // Every event the session recorded since the last call, with the fold for its narration.
  void send_events() {
    const Recording& rec = session_.recording();
    for (; sent_ < rec.size(); ++sent_) {
      const Event e = rec[sent_];
      apply(state_, e);
      out_ << jsonl_line(jsonl_event(e, rec.info(), state_)) << '\n';
    }
  }
  void send_status(const char* stopped = nullptr) {
    send_events();
    json j;
    if (session_.finished()) {
      j = {{"status", "end"}, {"events", sent_}, {"reason", session_.stop_reason()}};
    } else {
      json list = json::array();
      for (const Candidate& c : session_.candidates()) list.push_back(candidate_json(c, session_.recording().info()));
      j = {{"status", "parked"}, {"events", sent_}, {"choice", session_.policy_choice()}, {"candidates", std::move(list)}};
      if (stopped) j["stopped"] = stopped;
    }
    out_ << jsonl_line(j) << '\n';
    out_.flush();
  }
  // The command's status line says why it was refused; nothing moved.
  bool refuse(const Command& c, const std::string& what) {
    out_ << jsonl_line({{"status", "error"}, {"message", "command line " + std::to_string(c.line) + ": " + what}}) << '\n';
    out_.flush();
    return true;
  }

  // Returns false after "stop".
  bool handle(const Command& c, CommandInbox& inbox) {
    const json& b = c.body;
    if (!b.is_object() || !b.contains("cmd") || !b["cmd"].is_string())
      return refuse(c, "expected a JSON object with a \"cmd\" string, e.g. {\"cmd\":\"step\"}");
    const std::string cmd = b["cmd"].get<std::string>();
    if (cmd == "stop") {
      session_.stop();
      send_status();
      return false;
    }
    if (cmd == "step") {
      session_.step();
    } else if (cmd == "release") {
      if (!b.contains("thread") || !b["thread"].is_number_unsigned()) return refuse(c, "release needs \"thread\": a thread number");
      const uint64_t t = b["thread"].get<uint64_t>();
      bool parked = false;
      for (const Candidate& k : session_.candidates()) parked |= k.thread == t;
      if (!parked) return refuse(c, "thread " + std::to_string(t) + " is not parked; it cannot be released");
      session_.step_thread(static_cast<uint16_t>(t));
    } else if (cmd == "breakpoints") {
      if (!b.contains("list") || !b["list"].is_array()) return refuse(c, "breakpoints needs \"list\": an array");
      std::vector<Breakpoint> next;
      for (const json& j : b["list"]) {
        Breakpoint bp;
        if (std::string err = read_breakpoint(j, &bp); !err.empty()) return refuse(c, err);
        next.push_back(bp);
      }
      breakpoints_ = std::move(next);
    } else if (cmd == "run") {
      send_status(run(inbox));
      return true;
    } else if (cmd != "pause") {
      return refuse(c, "unknown command '" + cmd + "' (expected step, release, breakpoints, run, pause, stop)");
    }
    send_status();
    return true;
  }

 private:
  const char* run(CommandInbox& inbox) {
    const Recording& rec = session_.recording();
    while (!inbox.pending() && session_.step()) {
      for (const Breakpoint& bp : breakpoints_)
        if (bp.matches(rec.back(), rec.tail_state(), rec.info())) return "breakpoint";
      // Events leave as the run goes, so the app's timeline moves while it runs.
      if (rec.size() - sent_ >= 256) send_events(), out_.flush();
    }
    return "command";  // unused when the run ended: an "end" status has no "stopped"
  }

  Session& session_;
  std::ostream& out_;
  size_t sent_ = 0;
  LoopState state_;
  std::vector<Breakpoint> breakpoints_;
};

}  // namespace

int serve_engine(Session& session, std::istream& commands, std::ostream& out) {
  out << jsonl_line(jsonl_header(session.recording().info())) << '\n';
  Server server(session, out);
  try {
    session.start();
  } catch (const std::exception& e) {
    out << jsonl_line({{"status", "error"}, {"message", session.scenario().file + ": cannot run: " + e.what()}}) << '\n';
    out.flush();
    return 1;
  }
  server.send_status();
  CommandInbox inbox(commands);
  while (server.handle(inbox.pop(), inbox)) {
  }
  return 0;
}

}  // namespace loopstep
