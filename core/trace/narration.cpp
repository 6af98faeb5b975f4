// Narration: parse the texts, fill in the placeholders.
#include "core/trace/narration.h"

#include <stdexcept>
#include <toml++/toml.h>

#include "core/record/errno_names.h"

namespace loopstep {

std::string_view asset_narration();  // generated from assets/narration.toml

std::string thread_label(uint16_t thread, const LoopState& s) {
  if (thread == 0) return "the loop thread";
  if (thread < s.threads.size() && s.threads[thread].role == ThreadRole::pool_worker) return "worker " + std::to_string(thread);
  return "thread " + std::to_string(thread);
}

std::string result_text(int64_t v) {
  if (v >= 0) return std::to_string(v);
  return std::to_string(v) + " (" + std::string(errno_name(static_cast<int>(-v))) + ")";
}

std::string target_text(const RequestInfo* r, const RunInfo& info) {
  if (!r) return "-";
  auto quoted = [&](uint32_t id) { return "'" + std::string(info.strings.str(id)) + "'"; };
  if (r->uses_fd) return "fd " + std::to_string(r->fd) + (r->fd_path ? " (" + quoted(r->fd_path) + ")" : "");
  return r->path && !info.strings.str(r->path).empty() ? quoted(r->path) : "-";
}

bool is_socket(const RequestInfo* r, const RunInfo& info) {
  if (!r) return false;
  const std::string_view t = info.strings.str(r->type);
  // The last three: an iocp handle's own requests (AcceptEx, the zero-byte read, a WSASend part).
  return t == "uv_tcp_t" || t == "uv_connect_t" || t == "uv_write_t" || t == "uv_shutdown_t" || t == "uv_req_t (accept_req)" ||
         t == "uv_req_t (read_req)" || t == "uv_req_t (a WSASend part)";
}

std::string handle_text(uint32_t id, const RequestInfo* ri, const LoopState& after) {
  // A request of a handle names its handle; once the request is done the fold forgets whose it was.
  if (const SockReq* r = after.sock_req(id)) id = r->handle;
  const HandleState* h = after.handle(id);
  // An iocp handle's own request (an AcceptEx, a zero-byte read) is known by its socket's fd.
  if (!h && ri && ri->uses_fd)
    for (const HandleState& live : after.handles)
      if (live.fd == ri->fd && live.status != HandleStatus::closed) h = &live;
  if (!h) return "";
  id = h->id;
  std::string s = "handle #" + std::to_string(id) + " (" + (h->server ? "the server" : "a socket");
  if (h->fd >= 0) s += ", fd " + std::to_string(h->fd);
  return s + ")";
}

std::string epoll_events_text(int64_t events) {
  static constexpr std::pair<int64_t, const char*> kBits[] = {{0x001, "EPOLLIN"}, {0x004, "EPOLLOUT"}, {0x008, "EPOLLERR"}, {0x010, "EPOLLHUP"}};
  std::string s;
  for (const auto& [bit, name] : kBits)
    if (events & bit) s += (s.empty() ? "" : "|") + std::string(name);
  return s.empty() ? std::to_string(events) : s;
}

std::string ports_text(int64_t sock_name) {
  const std::string local = "127.0.0.1:" + std::to_string(sock_local_port(sock_name));
  if (sock_server(sock_name)) return "is listening on " + local;
  return "is " + local + ", its peer 127.0.0.1:" + std::to_string(sock_peer_port(sock_name));
}

namespace {

std::string counted(int64_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

}  // namespace

std::string alive_terms_text(const LoopState& s) {
  // Both counts always, even the 0 one: the student sees which term decides.
  std::string out = counted(s.active_handles(), "active handle", "active handles") + ", req_count = " + std::to_string(s.req_count);
  if (s.closing_handles > 0) out += ", " + counted(s.closing_handles, "closing handle", "closing handles");
  // Alive with none of these: the remaining term of the expression, the pending queue
  // (a socket's deferred error), which no event counts.
  else if (s.alive && s.active_handles() == 0 && s.req_count == 0) out += ", the pending queue not empty";
  return out;
}

std::string active_handles_text(const LoopState& s) {
  std::string out;
  auto add = [&](const std::string& part) { out += (out.empty() ? "" : ", ") + part; };
  if (s.timer_handle_active())
    add("Node's timer handle (" + counted(static_cast<int64_t>(s.timers.size()), "timer", "timers") + " armed)");
  if (s.immediate_handle_active())
    add("its immediate idle handle (" + counted(static_cast<int64_t>(s.immediates.size()), "immediate", "immediates") + " queued)");
  int64_t servers = 0, sockets = 0;
  for (const HandleState& h : s.handles)
    if (h.active) ++(h.server ? servers : sockets);
  if (servers) add(counted(servers, "server", "servers"));
  if (sockets) add(counted(sockets, "socket", "sockets"));
  return out.empty() ? "none" : out;
}

Narration Narration::parse(std::string_view text, std::string_view name) {
  Narration n;
  toml::table root;
  try {
    root = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    throw std::runtime_error(std::string(name) + ":" + std::to_string(e.source().begin.line) + ":" +
                             std::to_string(e.source().begin.column) + ": " + std::string(e.description()));
  }
  auto read = [](const toml::table& t, Texts& out) {
    out.brief = t["short"].value_or(std::string());
    out.brief_zero = t["short_zero"].value_or(std::string());
    out.full = t["long"].value_or(std::string());
    out.full_zero = t["long_zero"].value_or(std::string());
  };
  auto kind_of = [&](const toml::key& key, const toml::node& node) {
    Kind k;
    if (!kind_from_name(key.str(), &k) || !node.is_table())
      throw std::runtime_error(std::string(name) + ":" + std::to_string(key.source().begin.line) + ":" +
                               std::to_string(key.source().begin.column) + ": '" + std::string(key.str()) +
                               "' is not an event kind");
    return k;
  };
  for (auto&& [key, node] : root) {
    if (key.str() == "fn" && node.is_table()) {
      for (auto&& [fn, texts] : *node.as_table()) {
        if (!texts.is_table()) continue;
        Stage& stage = n.by_fn_[std::string(fn.str())];
        read(*texts.as_table(), stage.all);
        for (auto&& [sub, sub_texts] : *texts.as_table()) {
          if (!sub_texts.is_table()) continue;
          if (sub.str() == "socket") {
            for (auto&& [k, k_texts] : *sub_texts.as_table())
              if (k_texts.is_table()) read(*k_texts.as_table(), stage.socket[kind_of(k, k_texts)]);
            continue;
          }
          read(*sub_texts.as_table(), stage.by_kind[kind_of(sub, sub_texts)]);
        }
      }
      continue;
    }
    Kind k = kind_of(key, node);
    const toml::table& t = *node.as_table();
    read(t, n.base_[static_cast<size_t>(k)]);
    for (BackendKind b : {BackendKind::epoll, BackendKind::iocp})
      if (auto sub = t[backend_name(b)].as_table()) read(*sub, n.by_backend_[static_cast<size_t>(k)][static_cast<size_t>(b)]);
    for (WorkerModel w : {WorkerModel::pool, WorkerModel::per_request})
      if (auto sub = t[worker_model_name(w)].as_table()) read(*sub, n.by_workers_[static_cast<size_t>(k)][static_cast<size_t>(w)]);
    if (auto sub = t["socket"].as_table()) read(*sub, n.by_socket_[static_cast<size_t>(k)]);
    for (auto&& [sub, sub_texts] : t)
      if (int err = errno_from_name(sub.str()); err > 0 && sub_texts.is_table()) read(*sub_texts.as_table(), n.by_errno_[{k, err}]);
  }
  return n;
}

const Narration& Narration::builtin() {
  static const Narration n = parse(asset_narration(), "assets/narration.toml");
  return n;
}

bool Narration::covers(Kind k) const {
  const Texts& t = base_[static_cast<size_t>(k)];
  return !t.brief.empty() && !t.full.empty();
}

const std::string* Narration::pick(const Event& e, std::string_view fn, const RunConfig& c, bool socket, bool long_form) const {
  // Most specific first: the error's own text; a named stage's text for this kind (its zero
  // variant when the value is 0), then the stage's own text; then zero variants before plain
  // texts; worker model, then backend, then base.
  const Kind k = e.kind;
  const bool zero = e.value == 0;
  auto plain = [&](const Texts& t) -> const std::string& { return long_form ? t.full : t.brief; };
  auto zeroed = [&](const Texts& t) -> const std::string& { return long_form ? t.full_zero : t.brief_zero; };
  if (e.value < 0 && e.value > -0x10000) {
    if (auto it = by_errno_.find({k, static_cast<int>(-e.value)}); it != by_errno_.end() && !plain(it->second).empty())
      return &plain(it->second);
  }
  // An emulated operation is narrated as the operation it stands in for ("AcceptEx").
  auto it = by_fn_.find(fn);
  if (const size_t at = fn.find(kStandInPrefix); it == by_fn_.end() && at != std::string_view::npos) it = by_fn_.find(fn.substr(0, at));
  if (it != by_fn_.end()) {
    if (auto st = it->second.socket.find(k); socket && st != it->second.socket.end()) {
      if (zero && !zeroed(st->second).empty()) return &zeroed(st->second);
      if (!plain(st->second).empty()) return &plain(st->second);
    }
    if (auto kt = it->second.by_kind.find(k); kt != it->second.by_kind.end()) {
      if (zero && !zeroed(kt->second).empty()) return &zeroed(kt->second);
      if (!plain(kt->second).empty()) return &plain(kt->second);
    }
    if (!plain(it->second.all).empty()) return &plain(it->second.all);
  }
  if (socket) {
    const Texts& st = by_socket_[static_cast<size_t>(k)];
    if (zero && !zeroed(st).empty()) return &zeroed(st);
    if (!plain(st).empty()) return &plain(st);
  }
  const Texts& wm = by_workers_[static_cast<size_t>(k)][static_cast<size_t>(c.workers)];
  const Texts& be = by_backend_[static_cast<size_t>(k)][static_cast<size_t>(c.backend)];
  const Texts& base = base_[static_cast<size_t>(k)];
  const std::string* order_zero[] = {&zeroed(wm), &zeroed(be), &zeroed(base), &plain(wm), &plain(be), &plain(base)};
  const std::string* order[] = {&plain(wm), &plain(be), &plain(base)};
  if (zero) {
    for (const std::string* s : order_zero)
      if (!s->empty()) return s;
  } else {
    for (const std::string* s : order)
      if (!s->empty()) return s;
  }
  return nullptr;
}

std::string Narration::describe(const Event& e, const RunInfo& info, const LoopState& after, bool long_form) const {
  const RequestInfo* ri = info.requests.has(e.req) ? &info.requests.get(e.req) : nullptr;
  const bool socket = is_socket(ri, info);
  const std::string* tmpl = pick(e, info.strings.str(e.fn), info.config, socket, long_form);
  if (!tmpl) return std::string(kind_name(e.kind));
  auto str = [&](uint32_t id) { return std::string(info.strings.str(id)); };
  std::string out;
  const std::string& t = *tmpl;
  for (size_t i = 0; i < t.size();) {
    if (t[i] != '{') { out += t[i++]; continue; }
    size_t close = t.find('}', i);
    if (close == std::string::npos) { out += t.substr(i); break; }
    std::string key = t.substr(i + 1, close - i - 1);
    i = close + 1;
    if (key == "thread") out += thread_label(e.thread, after);
    else if (key == "fn") out += str(e.fn);
    else if (key == "req") out += "#" + std::to_string(e.req);
    else if (key == "value") out += std::to_string(e.value);
    else if (key == "ms") out += std::to_string(e.value / 1'000'000);
    else if (key == "result") out += result_text(e.value);
    else if (key == "phase") out += phase_name(static_cast<Phase>(e.value));
    else if (key == "text") out += str(static_cast<uint32_t>(e.value));
    else if (key == "req_count") out += std::to_string(after.req_count);
    else if (key == "backend") out += info.backend_label;
    else if (key == "port_batch") out += std::to_string(info.config.port_batch);
    else if (key == "simultaneous_accepts") out += std::to_string(info.config.simultaneous_accepts);
    else if (key == "pool_size") out += std::to_string(info.config.pool_size);
    else if (key == "target" || key == "handle") {
      const std::string handle = socket ? handle_text(e.req, ri, after) : "";
      out += !handle.empty() ? handle : key == "target" ? target_text(ri, info) : "#" + std::to_string(e.req);
    }
    else if (key == "events") out += epoll_events_text(e.value);
    else if (key == "ports") out += ports_text(e.value);
    else if (key == "active_handles") out += std::to_string(after.active_handles());
    else if (key == "alive_terms") out += alive_terms_text(after);
    else if (key == "active_handle_list") out += active_handles_text(after);
    else if (key == "closing_handles") out += std::to_string(after.closing_handles);
    else if (key == "op_target") {  // "fs.read fd 7 ('a.txt')", "setTimeout"
      const std::string target = target_text(ri, info);
      out += (ri ? str(ri->op) : "?") + (target == "-" ? "" : " " + target);
    }
    else if (key == "type") out += ri ? str(ri->type) : "?";
    else if (key == "op") out += ri ? str(ri->op) : "?";
    else if (key == "path") out += ri && ri->path ? "'" + str(ri->path) + "'" : "-";
    else if (key == "callback") out += ri ? str(ri->callback) : "?";
    else out += "{" + key + "}";
  }
  return out;
}

}  // namespace loopstep
