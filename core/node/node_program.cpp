#include "core/node/node_program.h"

#include <signal.h>

#include <algorithm>
#include <cctype>
#include <fstream>

#include "core/engine/pbkdf2.h"
#include "core/engine/pipe_io.h"
#include "core/node/base64.h"
#include "core/sandbox/sandbox.h"

namespace loopstep {

std::string_view asset_bootstrap();  // generated from assets/node/bootstrap.js

using nlohmann::json;

namespace {

// node's own start (V8, its snapshot) before the bootstrap says hello.
constexpr int kStartMs = 15'000;
// One read asks for at most this much (a Buffer of node's could ask for 4 GiB).
constexpr int64_t kMaxReadBytes = int64_t{16} << 20;
// crypto.pbkdf2's keylen: node takes up to 2^31 - 1; loopstep holds at most this much.
constexpr int64_t kMaxKeyBytes = int64_t{1} << 20;

std::string base_name(const std::string& path) {
  size_t slash = path.find_last_of("/\\");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool js_op(std::string_view name, Op* out) {
  for (size_t i = 0; i < kOpCount; ++i)
    if (op_name(static_cast<Op>(i)) == name) {
      *out = static_cast<Op>(i);
      return true;
    }
  return false;
}

}  // namespace

std::unique_ptr<Program> make_node_program(LoopApi& api, const Scenario& scenario, RunInfo& info) {
  return std::make_unique<NodeProgram>(api, scenario, info);
}

NodeProgram::NodeProgram(LoopApi& api, const Scenario& scenario, RunInfo& info)
    : api_(api), scenario_(scenario), info_(info) {}

NodeProgram::~NodeProgram() { end(); }

void NodeProgram::start() {
  const std::string node = find_node();
  if (node.empty()) throw std::runtime_error("node is not on PATH: JS lessons need node >= 18 (scripts/install-deps.sh installs it)");
  support_ = std::make_unique<Sandbox>(std::vector<SandboxFile>{{"bootstrap.js", std::string(asset_bootstrap())}},
                                       std::vector<SandboxLink>{});
  const std::string bootstrap = support_->root() + "/bootstrap.js";
  // The lesson runs from its sandbox, so that __filename, __dirname and relative paths mean
  // what they mean under node.
  lesson_path_ = api_.sandbox().root() + "/" + base_name(scenario_.file);
  {
    std::ofstream out(lesson_path_, std::ios::binary | std::ios::trunc);
    out << scenario_.source;
    if (!out) throw std::runtime_error("cannot place the lesson in its sandbox: " + lesson_path_);
  }
  NodeLaunch launch;
  launch.node = node;
  launch.cwd = api_.sandbox().root();
  launch.read_files = {bootstrap, lesson_path_};
  // Node's permission model where this node has it, under Landlock (core/unix/node_confinement.cpp).
  launch.args = node_permission_args(node_major_version(node), launch.read_files);
  for (const char* a : {"--no-warnings", "--require"}) launch.args.push_back(a);
  launch.args.push_back(bootstrap);
  launch.args.push_back(lesson_path_);
  launch.cpu_seconds = scenario_.limits.max_run_ms / 1000 + 1;
  launch.memory_bytes = kNodeAddressSpace;
  child_ = spawn_node(launch);
  info_.confinement = child_.confinement;
  json hello = next_message(kStartMs);
  if (hello.value("t", "") != "hello") throw std::runtime_error("node did not start loopstep's bootstrap");
  info_.js_runtime = "Node " + hello.value("version", std::string("?"));
  // The descriptors node's own open(2) would return: the lesson's files are numbered as
  // under node (core/sandbox/sandbox.h, set_fd_base).
  if (int base = hello.value("fd_base", 0); base > 0) api_.sandbox().set_fd_base(base);
  answer(json::object());
}

void NodeProgram::abort() {
  std::lock_guard lock(child_mutex_);
  aborted_ = true;
  if (child_.pid > 0) ::kill(child_.pid, SIGKILL);  // its pipes close: the loop thread's read returns
}

void NodeProgram::end() {
  std::lock_guard lock(child_mutex_);
  end_node(child_, true);
}

void NodeProgram::node_gone() {
  {
    std::lock_guard lock(child_mutex_);
    if (aborted_) throw Aborted{};
  }
  std::string err = read_available(child_.stderr_fd);
  if (err.size() > 2000) err = err.substr(0, 2000) + "...";
  throw RunStopped("node stopped unexpectedly" + (err.empty() ? std::string() : ": " + err));
}

json NodeProgram::next_message(int timeout_ms) {
  for (;;) {
    if (size_t nl = inbox_.find('\n'); nl != std::string::npos) {
      std::string line = inbox_.substr(0, nl);
      inbox_.erase(0, nl + 1);
      try {
        json m = json::parse(line);
        if (!m.is_object() || !m.contains("t") || !m["t"].is_string()) throw std::invalid_argument("no type");
        return m;
      } catch (const std::exception&) {
        throw RunStopped("node sent loopstep a malformed message; the run stops (" + line.substr(0, 200) + ")");
      }
    }
    int n = read_some(child_.calls, &inbox_, timeout_ms);
    if (n == 0) node_gone();
    if (n < 0) {
      abort();
      throw RunStopped("stopped: the program ran JavaScript for " + std::to_string(timeout_ms) +
                       " ms without returning to the loop (an endless loop?); node was killed (limits.max_js_busy_ms)");
    }
    if (inbox_.size() > (size_t{64} << 20)) throw RunStopped("node sent a message of more than 64 MiB; the run stops");
  }
}

void NodeProgram::answer(const json& reply) {
  if (!write_all(child_.replies, reply.dump(-1, ' ', false, json::error_handler_t::replace) + "\n")) node_gone();
}

uint32_t NodeProgram::src_of(const json& m) {
  auto it = m.find("src");
  if (it == m.end() || !it->is_array() || it->size() != 2 || !(*it)[0].is_number_unsigned() || !(*it)[1].is_number_unsigned())
    return 0;
  return api_.hooks().name(info_.source_name + ":" + std::to_string((*it)[0].get<uint64_t>()) + ":" +
                           std::to_string((*it)[1].get<uint64_t>()));
}

json NodeProgram::serve(ThreadCtx& t, std::string_view until) {
  for (;;) {
    json m = next_message(static_cast<int>(scenario_.limits.max_js_busy_ms));
    const std::string type = m["t"];
    if (type == until) {
      answer(json::object());
      return m;
    }
    handle(t, type, m);
  }
}

void NodeProgram::invoke(const json& message) {
  if (!write_all(child_.invokes, message.dump(-1, ' ', false, json::error_handler_t::replace) + "\n")) node_gone();
}

bool NodeProgram::before_exit(ThreadCtx& t) {
  invoke({{"event", "beforeExit"}});
  serve(t, "returned");
  drain(t);
  return true;
}

void NodeProgram::on_exit(ThreadCtx& t) {
  // 'exit' listeners run, synchronously; what they queue never runs, as under node.
  invoke({{"event", "exit"}});
  json m = serve(t, "returned");
  if (int code = m.value("code", 0); code != 0) info_.exit_code = code;
}

void NodeProgram::handle(ThreadCtx& t, const std::string& type, const json& m) {
  try {
    if (type == "call") return answer(call(t, m));
    if (type == "sync") return answer(sync_call(t, m));
    if (type == "net") return answer(net_call(t, m));
    if (type == "console") {
      api_.console(t, m.value("text", std::string()), src_of(m));
      return answer(json::object());
    }
    if (type == "clear") {
      api_.clear(t, m.value("req", 0u), m.value("fn", std::string("clearTimeout")));
      return answer(json::object());
    }
    if (type == "queued") {
      const Op op = m.value("kind", std::string()) == "tick" ? Op::next_tick : Op::promise_then;
      Req& r = api_.queued(t, op, m.value("name", std::string("anonymous")), src_of(m), m.value("depth", int64_t{0}));
      return answer({{"req", r.id}});
    }
    if (type == "run" || type == "ran") {
      Req* r = api_.find(m.value("req", 0u));
      if (r && type == "run") api_.run_begin(t, *r);
      if (r && type == "ran") api_.run_end(t, *r);
      return answer(json::object());
    }
    if (type == "exit" || type == "uncaught") {
      if (type == "uncaught") info_.js_error = m.value("text", std::string());
      throw ProgramExit{m.value("code", 1), m.value("why", std::string("process.exit")), src_of(m)};
    }
  } catch (const json::exception& e) {
    throw RunStopped("node sent loopstep a malformed " + type + " message (" + e.what() + "); the run stops");
  }
  throw RunStopped("node sent loopstep an unknown message " + json(type).dump() + "; the run stops");
}

std::unique_ptr<Step> NodeProgram::step_of(const json& m) {
  auto s = std::make_unique<Step>();
  const std::string op = m.at("op").get<std::string>();
  if (op == "setTimeout") {
    s->op = Op::set_timeout;
    s->delay_ms = std::clamp<int64_t>(m.value("delay", int64_t{1}), 1, 2147483647);
    s->repeat_ms = m.value("repeat", int64_t{0}) > 0 ? s->delay_ms : 0;
  } else if (op == "setImmediate") {
    s->op = Op::set_immediate;
  } else if (op == "crypto.pbkdf2") {
    s->op = Op::crypto_pbkdf2;
    // The bootstrap refused what loopstep does not derive; a message that slips past it stops the run.
    s->digest = m.value("digest", std::string());
    s->iterations = m.value("iterations", int64_t{0});
    s->keylen = m.value("keylen", int64_t{-1});
    if (!pbkdf2_digest_known(s->digest) || s->iterations < 1 || s->iterations > 2147483647 || s->keylen < 0 ||
        s->keylen > kMaxKeyBytes)
      throw RunStopped("node asked loopstep for a crypto.pbkdf2 it does not derive; the run stops");
    for (char& c : s->digest) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (auto salt = base64_decode(m.value("salt", std::string()))) s->salt = std::move(*salt);
  } else if (!js_op(op, &s->op) || !op_is_fs(s->op)) {
    throw RunStopped("node asked loopstep for " + json(op).dump() + ", which it does not perform; the run stops");
  }
  s->path = m.value("path", std::string());
  s->path2 = m.value("path2", std::string());
  s->flags = m.value("flags", std::string("r"));
  if (s->op == Op::fs_open && Sandbox::open_flags(s->flags) < 0) s->flags = "r";
  s->mode = static_cast<int>(m.value("mode", int64_t{0666}) & 07777);
  s->fd_number = m.value("fd", int64_t{-1});
  s->length = std::clamp<int64_t>(m.value("length", int64_t{0}), 0, kMaxReadBytes);
  s->position = m.value("position", int64_t{-1});
  if (auto data = base64_decode(m.value("data", std::string()))) s->data = std::move(*data);
  s->callback = m.value("cb", std::string("anonymous"));
  s->src = src_of(m);
  return s;
}

json NodeProgram::call(ThreadCtx& t, const json& m) {
  if (auto n = m.find("pool_size"); n != m.end() && n->is_number_integer())
    api_.set_pool_size(std::clamp(n->get<int>(), 1, 1024));
  Req* r = api_.exec_owned(t, step_of(m));
  return {{"req", r ? r->id : 0}};
}

namespace {
json stat_json(const FileStat& s) {
  return {{"dev", s.dev}, {"ino", s.ino}, {"mode", s.mode}, {"nlink", s.nlink}, {"uid", s.uid}, {"gid", s.gid},
          {"rdev", s.rdev}, {"size", s.size}, {"blksize", s.blksize}, {"blocks", s.blocks}, {"atime_ns", s.atime_ns},
          {"mtime_ns", s.mtime_ns}, {"ctime_ns", s.ctime_ns}, {"birthtime_ns", s.birthtime_ns}};
}

// A finished fs request as the bootstrap turns it into node's callback arguments.
json result_json(const Req& r) {
  json j = {{"req", r.id}, {"result", r.result}};
  if (r.result >= 0) {
    if (r.op == Op::fs_read || r.op == Op::crypto_pbkdf2) j["data"] = base64_encode(r.data);
    if (r.op == Op::fs_stat || r.op == Op::fs_lstat || r.op == Op::fs_fstat) j["stat"] = stat_json(r.stat);
    if (r.op == Op::fs_readdir) j["names"] = r.names;
  }
  return j;
}
}  // namespace

json NodeProgram::sync_call(ThreadCtx& t, const json& m) {
  std::unique_ptr<Step> s = step_of(m);
  if (!op_is_fs(s->op) && s->op != Op::crypto_pbkdf2)
    throw RunStopped("node asked loopstep for a synchronous timer; the run stops");
  return result_json(*api_.exec_sync(t, std::move(s)));
}

void NodeProgram::run_callback(ThreadCtx& t, Req& req, const CallbackArgs&) {
  json message = op_is_fs(req.op) || req.op == Op::crypto_pbkdf2 ? result_json(req) : json{{"req", req.id}};
  if (req.step->repeat_ms && !req.cleared) message["repeat"] = true;
  invoke(message);
  serve(t, "returned");
}

}  // namespace loopstep

namespace loopstep {

// The bootstrap's net module (core/node/README.md): one synchronous call per uv_* call.
json NodeProgram::net_call(ThreadCtx& t, const json& m) {
  static const std::pair<const char*, SockCall::Op> kOps[] = {
      {"hello", SockCall::Op::hello},         {"listen", SockCall::Op::listen},     {"tcp", SockCall::Op::tcp_init},
      {"connect", SockCall::Op::connect},     {"read_start", SockCall::Op::read_start}, {"read_stop", SockCall::Op::read_stop},
      {"write", SockCall::Op::write},         {"shutdown", SockCall::Op::shutdown}, {"close", SockCall::Op::close}};
  const std::string op = m.value("op", std::string());
  SockCall c;
  auto it = std::find_if(std::begin(kOps), std::end(kOps), [&](const auto& o) { return op == o.first; });
  if (it == std::end(kOps)) throw RunStopped("node asked loopstep for the socket call " + json(op).dump() + ", which it does not perform; the run stops");
  c.op = it->second;
  c.handle = m.value("handle", 0u);
  c.host = m.value("host", std::string());
  c.port = static_cast<int>(std::clamp<int64_t>(m.value("port", int64_t{0}), -1, 65536));
  if (c.op == SockCall::Op::write) {
    auto data = base64_decode(m.value("data", std::string()));
    if (!data) throw RunStopped("node sent loopstep a socket write that is not base64; the run stops");
    c.data = std::move(*data);
  }
  c.callback = m.value("cb", std::string());
  c.src = src_of(m);
  SockReply r = api_.sockets().call(t, c);
  if (!r.refusal.empty()) return {{"throw", r.refusal}};
  json out = {{"result", r.result}};
  if (r.handle) out["handle"] = r.handle;
  if (r.req) out["req"] = r.req;
  if (c.op == SockCall::Op::write) {
    out["async"] = r.async;
    out["bytes"] = r.bytes;
  }
  if (r.local_port) out["port"] = r.local_port;
  return out;
}

void NodeProgram::run_net_callback(ThreadCtx& t, const NetCallback& cb) {
  static constexpr const char* kWhat[] = {"connection", "connect", "read", "write", "shutdown", "close"};
  json message = {{"net", kWhat[static_cast<int>(cb.what)]}, {"handle", cb.handle}, {"status", cb.status}};
  if (cb.req) message["req"] = cb.req;
  if (cb.client) message["client"] = cb.client;
  if (cb.local_port) message["local"] = cb.local_port;
  if (cb.peer_port) message["peer"] = cb.peer_port;
  if (cb.data && !cb.data->empty()) message["data"] = base64_encode(*cb.data);
  invoke(message);
  serve(t, "returned");
}

}  // namespace loopstep
