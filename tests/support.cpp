// Test helpers.
#include "tests/support.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

namespace loopstep::test {

std::string source_path(const std::string& relative) { return std::string(LOOPSTEP_SOURCE_DIR) + "/" + relative; }

Scenario load_scenario(const std::string& relative) {
  ScenarioResult r = parse_scenario_file(source_path(relative));
  if (auto* e = std::get_if<ScenarioError>(&r)) FAIL(e->format());
  return std::get<Scenario>(std::move(r));
}

Scenario parse_text(const std::string& text, const std::string& name) {
  ScenarioResult r = parse_scenario_text(text, name);
  if (auto* e = std::get_if<ScenarioError>(&r)) FAIL(e->format());
  return std::get<Scenario>(std::move(r));
}

Scenario parse_body(const std::string& body) { return parse_text("title = \"t\"\nteaches = \"t\"\n" + body, "t.toml"); }

namespace {
// scenarios/*.EXT, sorted, each parsed: with a planted engine_bug (`planted`) or without.
std::vector<std::string> lessons(const std::vector<std::string>& exts, bool planted) {
  std::vector<std::string> out;
  for (auto& f : std::filesystem::directory_iterator(source_path("scenarios"))) {
    if (std::find(exts.begin(), exts.end(), f.path().extension().string()) == exts.end()) continue;
    const std::string rel = "scenarios/" + f.path().filename().string();
    ScenarioResult r = parse_scenario_file(source_path(rel));
    const bool bug = std::holds_alternative<Scenario>(r) && std::get<Scenario>(r).config.engine_bug != EngineBug::none;
    if (bug == planted) out.push_back(rel);
  }
  std::sort(out.begin(), out.end());
  return out;
}
}  // namespace

std::vector<std::string> bundled_scenarios() { return lessons({".toml"}, false); }

std::vector<std::string> bug_lessons() { return lessons({".toml", ".js"}, true); }

RunResult run_scenario(const Scenario& sc, SessionOptions o) {
  RunResult r{std::make_unique<Session>(sc, o)};
  r.session->start();
  r.session->run_to_end();
  return r;
}

SessionOptions run_options(Mode m, BackendKind b, ReleasePolicy p) {
  SessionOptions o;
  o.mode = m;
  o.backend = b;
  o.policy = p;
  return o;
}

RunResult run_article_000() {
  SessionOptions o;
  o.mode = Mode::step;
  return run_scenario(load_scenario("scenarios/fs_open_iocp.toml"), o);
}

Shape shape(const Recording& rec) {
  Shape out;
  for (const Event& e : rec.events())
    out.emplace_back(std::string(kind_name(e.kind)), e.thread, std::string(rec.info().strings.str(e.fn)));
  return out;
}

std::vector<std::string> step_signature(const Recording& rec) {
  std::vector<std::string> out;
  for (const Event& e : rec.events()) {
    // Values that are handles or fds differ between runs; counts and depths must not. (An
    // AcceptEx's packet, processed, is the accepted socket.)
    const std::string_view fn = rec.info().strings.str(e.fn);
    bool handle = e.kind == Kind::port_create || (e.kind == Kind::syscall_end && e.layer == Layer::kernel) ||
                  e.kind == Kind::after || e.kind == Kind::console || e.kind == Kind::alive_check || e.kind == Kind::io_ctl ||
                  e.kind == Kind::sock_name || (e.kind == Kind::uv_call && fn == "uv__process_tcp_accept_req");
    std::string value = handle ? (e.value < 0 ? "neg" : "h") : std::to_string(e.value);
    out.push_back(std::string(kind_name(e.kind)) + " T" + std::to_string(e.thread) + " #" + std::to_string(e.req) + " " +
                  std::string(fn) + " " + value);
  }
  return out;
}

std::vector<std::string> console_lines(const Recording& rec) {
  std::vector<std::string> out;
  for (const Event& e : rec.events())
    if (e.kind == Kind::console) out.emplace_back(rec.info().strings.str(static_cast<uint32_t>(e.value)));
  return out;
}

size_t count(const Recording& rec, Kind k) {
  return static_cast<size_t>(std::count_if(rec.events().begin(), rec.events().end(), [&](const Event& e) { return e.kind == k; }));
}

std::string check_invariants(const Recording& rec) {
  const auto& ev = rec.events();
  std::map<uint32_t, int> posts, takes, submits, work_takes;
  std::set<uint16_t> spawned{0}, exited;
  std::set<uint32_t> refused;
  int64_t req_count = 0;
  for (size_t i = 0; i < ev.size(); ++i) {
    const Event& e = ev[i];
    if (e.seq != i) return "seq gap at " + std::to_string(i);
    if (has_cause(e) && cause_seq(e) >= e.seq) return "cause after effect at seq " + std::to_string(i);
    switch (e.kind) {
      case Kind::req_count_inc:
      case Kind::req_count_dec:
        req_count = e.value;
        if (req_count < 0) return "req_count negative at seq " + std::to_string(i);
        break;
      case Kind::completion_post: ++posts[e.req]; break;
      case Kind::completion_take:
        if (++takes[e.req] > posts[e.req]) return "take before post for #" + std::to_string(e.req);
        break;
      case Kind::work_submit: ++submits[e.req]; break;
      case Kind::work_take:
        if (++work_takes[e.req] > submits[e.req]) return "work taken before submit for #" + std::to_string(e.req);
        break;
      case Kind::callback_begin:
      case Kind::callback_end:
      case Kind::console:
        if (e.thread != 0) return "JS ran on thread " + std::to_string(e.thread) + " at seq " + std::to_string(i);
        break;
      case Kind::thread_spawn:
        if (e.value >= 0) spawned.insert(static_cast<uint16_t>(e.value));
        else if (e.req) refused.insert(e.req);  // its work is never taken: the request failed at once
        break;
      case Kind::thread_exit: exited.insert(e.thread); break;
      case Kind::loop_exit:
        if (req_count != 0) return "req_count " + std::to_string(req_count) + " at loop_exit";
        break;
      default: break;
    }
  }
  if (ev.empty() || ev.back().kind == Kind::limit) return "run did not end normally";
  if (count(rec, Kind::loop_exit) != 1) return "no loop_exit";
  for (auto& [req, n] : posts)
    if (n != 1 || takes[req] != 1) return "request #" + std::to_string(req) + " posted " + std::to_string(n) + ", taken " + std::to_string(takes[req]);
  for (auto& [req, n] : takes)
    if (posts[req] != 1) return "request #" + std::to_string(req) + " taken without a post";
  for (auto& [req, n] : submits)
    if (n != 1 || work_takes[req] != (refused.count(req) ? 0 : 1)) return "work #" + std::to_string(req) + " submitted " + std::to_string(n) + ", taken " + std::to_string(work_takes[req]);
  for (uint16_t t : spawned)
    if (t != 0 && !exited.count(t)) return "thread " + std::to_string(t) + " never exited";
  return "";
}

std::vector<std::string> socket_sequence(const Recording& rec) {
  static const std::set<Kind> kinds = {Kind::handle_init, Kind::handle_start, Kind::handle_stop, Kind::io_ctl,
                                       Kind::io_ready, Kind::handle_close, Kind::handle_closed, Kind::syscall_end,
                                       Kind::req_init, Kind::req_count_inc, Kind::req_count_dec, Kind::callback_begin,
                                       Kind::console, Kind::wait_end, Kind::read_start, Kind::read_stop};
  std::vector<std::string> out;
  for (const Event& e : rec.events())
    if (kinds.count(e.kind)) out.push_back(std::string(kind_name(e.kind)) + " " + std::string(rec.info().strings.str(e.fn)));
  return out;
}

std::string socket_invariants(const Recording& rec) {
  if (std::string broke = check_invariants(rec); !broke.empty()) return broke;
  std::set<uint32_t> made, closed;
  int64_t active = 0;
  for (const Event& e : rec.events()) {
    if (e.kind == Kind::handle_init) made.insert(e.req);
    if (e.kind == Kind::handle_closed) closed.insert(e.req);
    if (e.kind == Kind::handle_start || e.kind == Kind::handle_stop) active = e.value;
  }
  if (made != closed) return std::to_string(made.size()) + " handles made, " + std::to_string(closed.size()) + " closed";
  if (active != 0) return std::to_string(active) + " handles still active at the end";
  return "";
}

const std::vector<SocketLesson>& socket_lessons() {
  static const std::vector<SocketLesson> lessons = {
      {"scenarios/net_echo.toml",
       {"main: the script is done; the loop takes over", "server: listening on an ephemeral port: true", "server: a client connected",
        "client: connected", "server: received \"hello\"", "client: echoed back \"hello\"", "server: the client ended its side",
        "server: the connection is closed", "server: closed", "client: the server ended its side", "client: closed, hadError = false"}},
      {"scenarios/net_two_clients.toml",
       {"server: a client connected", "server: a client connected", "server got A", "server got B", "A closed", "B closed",
        "server: closed after both clients"}},
      {"scenarios/net_refused.toml", {"server: closed", "client: error ECONNREFUSED", "client: closed"}},
      {"scenarios/net_drain.toml",
       {"client: wrote 4 MiB; what the kernel did not take waits in the write queue", "client: drain: everything is in the kernel",
        "client: the write callback, err = null", "server: the client ended its side after all its bytes", "client: closed"}},
  };
  return lessons;
}

}  // namespace loopstep::test
