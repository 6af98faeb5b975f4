// Scenario files: TOML (toml++) to a validated Scenario, or the first error with its
// file, line and column. scenarios/README.md documents every key checked here.
#include <fcntl.h>
#include <sys/stat.h>
#ifndef _WIN32
#include <unistd.h>
#endif

#include <algorithm>
#include <cstdio>
#include <limits>
#include <memory>
#include <set>
#include <span>
#include <system_error>

#include "core/record/event.h"
#include "core/gate/gate.h"
#include "core/scenario/js_lesson.h"
#include "core/scenario/scenario.h"
#include "core/scenario/scenario_sockets.h"
#include "core/scenario/scenario_text_checks.h"
#include "core/scenario/scenario_toml.h"

namespace loopstep {
namespace {

using namespace scenario_toml;

constexpr size_t kMaxScenarioBytes = size_t{4} << 20;

constexpr std::string_view kTopKeys[] = {"title", "teaches", "backend", "workers", "pool_size", "port_batch",
                                         "simultaneous_accepts", "policy", "engine_bug", "files", "symlinks", "main", "callbacks", "notes", "limits"};
// A JS lesson's front matter: the program is the JavaScript around it.
constexpr std::string_view kFrontMatterKeys[] = {"title", "teaches", "backend", "workers", "pool_size", "port_batch",
                                                 "simultaneous_accepts", "policy", "engine_bug", "files", "symlinks", "notes", "limits"};

// Which keys each op takes, in the order messages list them.
constexpr std::string_view kOpenKeys[] = {"call", "path", "flags", "mode", "save_as", "latency_ms", "expect_error", "inject_error", "callback"};
constexpr std::string_view kPathKeys[] = {"call", "path", "latency_ms", "expect_error", "inject_error", "callback"};
constexpr std::string_view kFdKeys[] = {"call", "fd", "latency_ms", "expect_error", "inject_error", "callback"};
constexpr std::string_view kReadKeys[] = {"call", "fd", "length", "position", "latency_ms", "expect_error", "inject_error", "callback"};
constexpr std::string_view kWriteKeys[] = {"call", "fd", "data", "position", "latency_ms", "expect_error", "inject_error", "callback"};
constexpr std::string_view kWorkKeys[] = {"call", "work_ms", "callback"};
constexpr std::string_view kTimeoutKeys[] = {"call", "delay_ms", "callback"};
constexpr std::string_view kQueueKeys[] = {"call", "callback"};
constexpr std::string_view kLogKeys[] = {"call", "args"};
constexpr std::string_view kStatementKeys[] = {"call", "path", "flags", "mode", "save_as", "fd", "length", "position",
                                               "data", "work_ms", "delay_ms", "latency_ms", "expect_error", "inject_error", "callback", "args",
                                               "host", "port", "server", "socket", "event", "on_connection", "accept_as", "repeat"};

constexpr std::string_view kFlags[] = {"r", "r+", "w", "w+", "a", "a+", "wx"};
constexpr std::string_view kCreatingFlags[] = {"w", "w+", "a", "a+", "wx"};
constexpr std::string_view kErrnoNames[] = {"ENOENT", "EEXIST", "EISDIR", "ENOTDIR", "EACCES", "EPERM", "EBADF",
                                            "ELOOP", "EINVAL", "EMFILE", "ENFILE", "ENAMETOOLONG", "ENOTEMPTY",
                                            "EROFS", "ENOSPC", "EIO", "EAGAIN", "EXDEV", "EFBIG"};
std::vector<std::string> read_args(const toml::node& v, bool in_callback) {
  if (!v.is_array()) wrong_type(v, "`args`", "an array of strings");
  std::vector<std::string> args;
  for (const toml::node& a : *v.as_array()) args.push_back(read_filled(a, "each of `args`", "console.log args", in_callback));
  return args;
}

std::span<const std::string_view> keys_of(Op op) {
  switch (op) {
    case Op::fs_open: return kOpenKeys;
    case Op::fs_stat: case Op::fs_unlink: return kPathKeys;
    case Op::fs_fstat: case Op::fs_close: return kFdKeys;
    case Op::fs_read: return kReadKeys;
    case Op::fs_write: return kWriteKeys;
    case Op::pool_work: return kWorkKeys;
    case Op::set_timeout: return kTimeoutKeys;
    case Op::console_log: return kLogKeys;
    default: return op_is_net(op) ? SocketStatements::keys_of(op) : kQueueKeys;
  }
}

std::vector<std::string_view> all_op_names() {
  std::vector<std::string_view> names;
  for (size_t i = 0; i < kOpCount; ++i)
    if (Op op = static_cast<Op>(i); op <= Op::console_log || op_is_net(op)) names.push_back(op_name(op));
  return names;
}

std::vector<std::string_view> all_kind_names() {
  std::vector<std::string_view> names;
  for (int i = 0; i < kKindCount; ++i) names.push_back(kind_name(static_cast<Kind>(i)));
  return names;
}

// A statement with where its references were written, for the checks that need the
// whole scenario (callbacks defined, fd variables declared, paths present).
struct Written {
  Step step;
  SourcePos path_pos, fd_pos, callback_pos;
  SocketRefs net;
};

class ScenarioReader {
 public:
  ScenarioReader(const toml::table& root, Scenario& out) : root_(root), out_(out) {}

  void read() {
    if (out_.js) check_keys(root_, kFrontMatterKeys, " of the front matter");
    else check_keys(root_, kTopKeys, " at the top level");
    read_header();
    read_sandbox();
    if (!out_.js) {
      read_program();
      check_references();
    }
    read_notes();
    read_limits();
  }

 private:
  void read_header() {
    if (out_.js) {  // a student's program needs no header: its file name is its title
      if (auto* v = root_.get("title")) out_.title = read_string(*v, "`title`");
      if (auto* v = root_.get("teaches")) out_.teaches = read_string(*v, "`teaches`");
    } else {
      out_.title = read_string(required(root_, "title", kDocumentStart), "`title`");
      out_.teaches = read_string(required(root_, "teaches", kDocumentStart), "`teaches`");
    }
    out_.config = lesson_defaults(out_.js);
    if (auto* v = root_.get("backend"))
      backend_from_name(read_choice(*v, "`backend`", std::array<std::string_view, 2>{"iocp", "epoll"}), &out_.config.backend);
    if (auto* v = root_.get("workers"))
      worker_model_from_name(read_choice(*v, "`workers`", std::array<std::string_view, 2>{"pool", "per-request"}),
                             &out_.config.workers);
    if (auto* v = root_.get("pool_size")) out_.config.pool_size = static_cast<int>(read_int(*v, "`pool_size`", 1, 1024));
    if (auto* v = root_.get("port_batch"))
      out_.config.port_batch = static_cast<int>(read_int(*v, "`port_batch`", 1, kMaxPortBatch));
    if (auto* v = root_.get("simultaneous_accepts"))
      out_.config.simultaneous_accepts =
          static_cast<int>(read_int(*v, "`simultaneous_accepts`", 1, kMaxSimultaneousAccepts));
    if (auto* v = root_.get("policy")) {
      std::string p = read_string(*v, "`policy`");
      if (!ReleasePolicy::parse(p)) fail(pos_of(*v), "`policy` must be lrr, lowest or random:SEED, got " + quote(p));
      out_.policy = p;
    }
    if (auto* v = root_.get("engine_bug"))
      engine_bug_from_name(read_choice(*v, "`engine_bug`", std::array<std::string_view, 2>{"lost_wakeup", "double_take"}),
                           &out_.config.engine_bug);
  }

  void read_sandbox() {
    if (auto* v = root_.get("files")) {
      for (const Entry& e : in_source_order(read_table(*v, "`files`"))) {
        out_.files.push_back({entry_path(e), read_string(*e.value, "the content of " + quote(e.key))});
      }
    }
    if (auto* v = root_.get("symlinks")) {
      for (const Entry& e : in_source_order(read_table(*v, "`symlinks`"))) {
        std::string target = read_string(*e.value, "the target of " + quote(e.key));
        // symlink(2) takes a C string: an empty target fails, a NUL would cut it short.
        if (target.empty() || target.find('\0') != std::string::npos)
          fail(pos_of(*e.value), "symlink target " + quote(target) + " must be non-empty and without NUL");
        // symlink(2) fails with ENAMETOOLONG from PATH_MAX (4096) bytes: refuse it here, before
        // a sandbox is half made.
        if (target.size() >= 4096)
          fail(pos_of(*e.value), "symlink target " + quote(target) + " is " + std::to_string(target.size()) +
                                     " bytes; the limit is 4095");
        out_.symlinks.push_back({entry_path(e), std::move(target)});
      }
    }
  }

  // A [files] or [symlinks] key: a sandbox path that no other entry uses as a file or a folder.
  std::string entry_path(const Entry& e) {
    std::string p(e.key);
    if (std::string problem = sandbox_path_problem(p); !problem.empty()) fail(e.key_pos, problem);
    if (entries_.count(p)) fail(e.key_pos, "path " + quote(p) + " is in both [files] and [symlinks]");
    for (size_t slash = p.find('/'); slash != std::string::npos; slash = p.find('/', slash + 1)) {
      std::string folder = p.substr(0, slash);
      if (entries_.count(folder)) fail(e.key_pos, "path " + quote(p) + " needs " + quote(folder) + " to be a folder, but it is a file");
      folders_.insert(folder);
    }
    if (folders_.count(p)) fail(e.key_pos, "path " + quote(p) + " is a folder of another entry; it cannot also be a file");
    entries_.insert(p);
    // Each entry is a syscall or more when the sandbox is made: bound them (240,777 symlinks took a minute).
    if (entries_.size() + folders_.size() > kMaxSandboxEntries)
      fail(e.key_pos, "more than " + std::to_string(kMaxSandboxEntries) +
                          " sandbox entries (files, symlinks and the folders they imply)");
    return p;
  }

  void read_program() {
    if (auto* v = root_.get("callbacks")) {
      const toml::table& table = read_table(*v, "`callbacks`");
      auto entries = in_source_order(table);
      for (const Entry& e : entries) {  // names first: a body may name any callback
        check_identifier(e.key, e.key_pos, "callback name");
        out_.callbacks[std::string(e.key)];
      }
      for (const Entry& e : entries)
        out_.callbacks[std::string(e.key)] = read_statements(*e.value, "callbacks." + std::string(e.key), true);
    }
    const toml::node& main = required(root_, "main", kDocumentStart);
    out_.main = read_statements(main, "main", false);
    if (out_.main.empty()) fail(pos_of(main), "`main` has no statements; the main script needs at least one");
  }

  std::vector<Step> read_statements(const toml::node& v, const std::string& where, bool in_callback) {
    if (!v.is_array())
      fail(pos_of(v), "`" + where + "` must be an array of statements: write [[" + where + "]] above each one" +
                          (in_callback ? " (or " + where + " = [] for none)" : "") + ", got " + std::string(type_name(v)));
    std::vector<Step> steps;
    for (const toml::node& s : *v.as_array()) {
      if (!s.is_table()) wrong_type(s, "each statement of `" + where + "`", "a table");
      steps.push_back(read_statement(*s.as_table(), in_callback));
    }
    return steps;
  }

  Step read_statement(const toml::table& t, bool in_callback) {
    Written w;
    Step& s = w.step;
    s.pos = pos_of(t);
    const toml::node& call = required(t, "call", s.pos);
    std::string name = read_string(call, "`call`");
    if (!op_from_name(name, &s.op))
      fail(pos_of(call), "unknown call " + quote(name) + "; known: " + joined(all_op_names()));
    std::span<const std::string_view> keys = keys_of(s.op);
    const std::string op = std::string(op_name(s.op));
    for (const Entry& e : in_source_order(t)) {
      if (!contains(keys, e.key)) {
        std::string takes = "; " + op + " takes: " + joined(keys);
        if (contains(kStatementKeys, e.key)) fail(e.key_pos, "`" + std::string(e.key) + "` does not apply to " + op + takes);
        // TOML puts every key after [[main]] into that statement, a common surprise.
        std::string hint = contains(kTopKeys, e.key) ? " (top-level keys go above the first [[...]] header)" : "";
        fail(e.key_pos, "unknown key " + quote(e.key) + " in a statement" + takes + hint);
      }
      read_statement_key(w, e.key, *e.value, in_callback);
    }
    auto need = [&](std::string_view key) {
      if (contains(keys, key) && !t.contains(key)) fail(s.pos, op + " needs `" + std::string(key) + "`");
    };
    for (auto key : {"path", "fd", "data", "work_ms", "args"}) need(key);
    // A socket's callbacks are its listeners: optional, except the one socket.on registers.
    if (!op_is_net(s.op) || s.op == Op::socket_on) need("callback");
    for (auto key : {"save_as", "server", "socket", "event"})
      if (op_is_net(s.op)) need(key);
    if (op_is_net(s.op)) net_.finish(s, w.net);
    written_.push_back(w);
    return s;
  }

  void read_statement_key(Written& w, std::string_view key, const toml::node& v, bool in_callback) {
    Step& s = w.step;
    if (key == "path") { s.path = read_path(v, "`path`"); w.path_pos = pos_of(v); }
    else if (key == "flags") s.flags = read_choice(v, "`flags`", kFlags);
    else if (key == "mode") s.mode = static_cast<int>(read_int(v, "`mode`", 0, 07777));
    else if (key == "save_as") {
      s.save_as = read_string(v, "`save_as`");
      check_identifier(s.save_as, pos_of(v), "variable");
      if (out_.callbacks.count(s.save_as))
        fail(pos_of(v), "variable " + quote(s.save_as) + " has the name of a callback; pick another name");
      if (op_is_net(s.op)) net_.declare(s);
      else variables_.insert(s.save_as);
    }
    else if (key == "fd") { s.fd = read_string(v, "`fd`"); w.fd_pos = pos_of(v); }
    else if (key == "length") s.length = read_int(v, "`length`", 1, 1'048'576);
    else if (key == "position") s.position = read_int(v, "`position`", -1, std::numeric_limits<int64_t>::max());
    else if (key == "data") s.data = s.op == Op::socket_write ? read_filled(v, "`data`", "socket.write data", in_callback) : read_string(v, "`data`");
    else if (key == "work_ms") s.work_ms = read_int(v, "`work_ms`", 1, 60'000);
    else if (key == "delay_ms") s.delay_ms = read_int(v, "`delay_ms`", 0, 3'600'000);
    else if (key == "latency_ms") s.latency_ms = read_int(v, "`latency_ms`", 0, 60'000);
    else if (key == "expect_error") s.expect_error = read_choice(v, "`expect_error`", kErrnoNames);
    else if (key == "inject_error") s.inject_error = read_choice(v, "`inject_error`", kErrnoNames);
    else if (key == "callback") { s.callback = read_string(v, "`callback`"); w.callback_pos = pos_of(v); }
    else if (key == "args") s.args = read_args(v, in_callback);
    else net_.read_key(s, w.net, key, v);  // keys_of let only a net statement's own keys through
  }

  void check_callback(const std::string& name, SourcePos pos) const {
    if (name.empty() || out_.callbacks.count(name)) return;
    std::string defined;
    for (const auto& [callback, body] : out_.callbacks) defined += (defined.empty() ? "" : ", ") + callback;
    fail(pos, "unknown callback " + quote(name) + "; defined: " + (defined.empty() ? "none" : defined));
  }

  // Checks that need every statement: in file order, so the first error is the first written.
  void check_references() {
    std::set<std::string> present = entries_;
    present.insert(folders_.begin(), folders_.end());
    for (const Written& w : written_)
      if (w.step.op == Op::fs_open && contains(kCreatingFlags, w.step.flags)) present.insert(w.step.path);
    std::stable_sort(written_.begin(), written_.end(), [](const Written& a, const Written& b) {
      return std::pair(a.step.pos.line, a.step.pos.column) < std::pair(b.step.pos.line, b.step.pos.column);
    });
    for (const Written& w : written_) {
      const Step& s = w.step;
      const std::string op = std::string(op_name(s.op));
      check_callback(s.callback, w.callback_pos);
      check_callback(s.on_connection, w.net.on_connection_pos);
      if (op_is_net(s.op)) net_.check(s, w.net);
      if (op_uses_fd(s.op) && !variables_.count(s.fd))
        fail(w.fd_pos, "fd variable " + quote(s.fd) + " is never declared; add save_as = \"" + s.fd + "\" to an fs.open");
      bool reads = s.op == Op::fs_stat || s.op == Op::fs_unlink || (s.op == Op::fs_open && !contains(kCreatingFlags, s.flags));
      if (reads && s.expect_error.empty() && s.inject_error.empty() && !present.count(s.path))
        fail(w.path_pos, op + (s.op == Op::fs_unlink ? " removes " : " reads ") + quote(s.path) +
                             ", which is not in [files] (add it there, or declare expect_error = \"ENOENT\")");
    }
  }

  void read_notes() {
    const toml::node* v = root_.get("notes");
    if (!v) return;
    if (!v->is_array()) fail(pos_of(*v), "`notes` must be an array of notes: write [[notes]] above each one, got " + std::string(type_name(*v)));
    for (const toml::node& n : *v->as_array()) {
      if (!n.is_table()) wrong_type(n, "each of `notes`", "a table");
      const toml::table& t = *n.as_table();
      if (out_.js) check_keys(t, std::array<std::string_view, 4>{"at", "step", "line", "text"}, " in a note");
      else check_keys(t, std::array<std::string_view, 3>{"at", "step", "text"}, " in a note");
      Note note;
      note.pos = pos_of(t);
      note.text = read_string(required(t, "text", note.pos), "`text`");
      const toml::node* at = t.get("at");
      const toml::node* step = t.get("step");
      const toml::node* line = t.get("line");
      if (int(at != nullptr) + int(step != nullptr) + int(line != nullptr) > 1)
        fail(pos_of(at && step ? *step : *line), out_.js ? "a note takes one of `at`, `step` and `line`" : "a note takes `at` or `step`, not both");
      if (!at && !step && !line)
        fail(note.pos, out_.js ? "a note needs `at` (an event kind), `step` (a step number) or `line` (a line of the program)"
                               : "a note needs `at` (an event kind) or `step` (a step number)");
      if (line) {
        const uint32_t lines = static_cast<uint32_t>(std::count(out_.source.begin(), out_.source.end(), '\n') + 1);
        note.at_line = static_cast<uint32_t>(read_int(*line, "`line`", 1, lines));
        if (note.at_line >= out_.front_matter_first && note.at_line <= out_.front_matter_last)
          fail(pos_of(*line), "`line` " + std::to_string(note.at_line) + " is in the front matter; name a line of the program");
      }
      // Steps count from 1 (step N is the N-th event): step 0 is before anything happened.
      if (step) note.at_step = read_int(*step, "`step`", 1, std::numeric_limits<int64_t>::max());
      if (at) {
        note.at_kind = read_string(*at, "`at`");
        Kind kind;
        if (!kind_from_name(note.at_kind, &kind))
          fail(pos_of(*at), "unknown event kind " + quote(note.at_kind) + "; kinds: " + joined(all_kind_names()));
      }
      out_.notes.push_back(std::move(note));
    }
  }

  void read_limits() {
    const toml::node* v = root_.get("limits");
    if (!v) return;
    const toml::table& t = read_table(*v, "`limits`");
    check_keys(t, std::array<std::string_view, 5>{"max_events", "max_run_ms", "max_bytes", "max_sandbox_bytes", "max_js_busy_ms"},
               " in [limits]");
    if (auto* n = t.get("max_js_busy_ms")) out_.limits.max_js_busy_ms = read_int(*n, "`max_js_busy_ms`", 100, 600'000);
    if (auto* n = t.get("max_events")) out_.limits.max_events = read_int(*n, "`max_events`", 1, 50'000'000);
    if (auto* n = t.get("max_run_ms")) out_.limits.max_run_ms = read_int(*n, "`max_run_ms`", 1, 600'000);
    if (auto* n = t.get("max_bytes")) out_.limits.max_bytes = read_int(*n, "`max_bytes`", 1 << 20, int64_t{16} << 30);
    if (auto* n = t.get("max_sandbox_bytes"))
      out_.limits.max_sandbox_bytes = read_int(*n, "`max_sandbox_bytes`", 0, int64_t{1} << 30);
  }

  const toml::table& root_;
  Scenario& out_;
  std::set<std::string> entries_;    // [files] and [symlinks] paths
  std::set<std::string> folders_;    // the folders those paths imply
  std::set<std::string> variables_;  // every fs.open's save_as
  SocketStatements net_{out_.callbacks};
  std::vector<Written> written_;     // every statement, for check_references
};

std::string too_big(size_t bytes) {
  return "scenario file is " + std::to_string(bytes) + " bytes; the limit is 4 MiB";
}

// A FIFO without a writer would block fopen for ever: open without waiting, then read as
// usual (with no writer a read sees the end at once). Pipes such as /dev/stdin still work.
std::FILE* open_for_reading(const std::string& path) {
#ifdef O_NONBLOCK
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return nullptr;
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  std::FILE* f = ::fdopen(fd, "rb");
  if (!f) ::close(fd);
  return f;
#else
  return std::fopen(path.c_str(), "rb");  // Windows has no FIFOs to block on
#endif
}

ScenarioError cannot_read(const std::string& file, int error) {
  return {file, 1, 1, "cannot read file: " + std::error_code(error, std::generic_category()).message()};
}

}  // namespace

RunConfig lesson_defaults(bool js) {
  // A file's defaults are Linux's real setup; RunConfig's are the default lesson's (article 000).
  RunConfig c{BackendKind::epoll, WorkerModel::pool, 4};
  // A JS lesson is node's program, so its iocp loop dequeues as node's libuv does (uv__poll:
  // GetQueuedCompletionStatusEx, 128 entries): which packets one wait takes decides the order
  // of the callbacks a program prints. A TOML lesson keeps the articles' one-packet call.
  // Likewise node's servers keep libuv's 32 AcceptEx pending (node turns simultaneous accepts
  // off only for a handle it got over IPC); a TOML lesson keeps one, which reads step by step.
  if (js) {
    c.port_batch = kMaxPortBatch;
    c.simultaneous_accepts = kMaxSimultaneousAccepts;
  }
  return c;
}

ScenarioResult parse_scenario_text(std::string_view text, const std::string& file_name) {
  if (text.size() > kMaxScenarioBytes) return ScenarioError{file_name, 1, 1, too_big(text.size())};
  if (size_t nul = text.find('\0'); nul != std::string_view::npos) {
    SourcePos p = position_of(text, nul);
    return ScenarioError{file_name, p.line, p.column, "the file contains a NUL byte: it looks binary, not a TOML scenario"};
  }
  if (size_t dot = too_many_dots(text); dot != std::string_view::npos) {
    SourcePos p = position_of(text, dot);
    return ScenarioError{file_name, p.line, p.column,
                         "more than 256 '.' on one line: a dotted key may have at most 256 parts"};
  }
  if (is_js_lesson(file_name)) return parse_js_lesson(text, file_name);
  Scenario scenario;
  scenario.file = file_name;
  return read_toml(text, std::move(scenario));
}

ScenarioResult read_toml(std::string_view text, Scenario scenario) {
  const std::string& file_name = scenario.file;
  try {
    toml::table root = toml::parse(text, std::string_view(file_name));
    ScenarioReader(root, scenario).read();
    link_callbacks(scenario);
    return scenario;
  } catch (const toml::parse_error& e) {
    SourcePos p = pos_of(e.source());
    return ScenarioError{file_name, p.line, p.column,
                         "invalid TOML: " + redefined_key_message(std::string(e.description()), text, p)};
  } catch (const Failure& f) {
    return ScenarioError{file_name, f.pos.line, f.pos.column, f.message};
  } catch (const std::exception& e) {  // out of memory: still an answer, never a throw
    return ScenarioError{file_name, 1, 1, std::string("cannot parse the scenario: ") + e.what()};
  }
}

ScenarioResult parse_scenario_file(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(open_for_reading(path), &std::fclose);
  if (!f) return cannot_read(path, errno);
  struct stat st {};
  if (fstat(fileno(f.get()), &st) != 0) return cannot_read(path, errno);
  if (S_ISDIR(st.st_mode)) return cannot_read(path, EISDIR);
  if (st.st_size > static_cast<off_t>(kMaxScenarioBytes)) return ScenarioError{path, 1, 1, too_big(st.st_size)};
  // Stop one chunk past the limit: a pipe or device has no size to check first.
  std::string text;
  char chunk[64 * 1024];
  while (size_t n = std::fread(chunk, 1, sizeof chunk, f.get())) {
    text.append(chunk, n);
    if (text.size() > kMaxScenarioBytes) return ScenarioError{path, 1, 1, "scenario file is more than 4 MiB; the limit is 4 MiB"};
  }
  if (std::ferror(f.get())) return cannot_read(path, errno);
  if (S_ISFIFO(st.st_mode) && text.empty()) return ScenarioError{path, 1, 1, "cannot read file: a FIFO with no writer"};
  return parse_scenario_text(text, path);
}

}  // namespace loopstep
