// EngineProcess: the app's side of the engine protocol, over three pipes to a child.
#include "core/remote/engine_process.h"
#include "core/engine/pipe_io.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "core/remote/engine_protocol.h"
#include "core/trace/jsonl.h"

extern char** environ;

namespace loopstep {

using nlohmann::json;

namespace {

// The first answer may take a Wine start that creates its prefix; a step never takes long.
constexpr auto kStartDeadline = std::chrono::seconds(120);
constexpr auto kAnswerDeadline = std::chrono::seconds(30);
constexpr size_t kErrLinesKept = 6;

std::vector<std::string> engine_arguments(const Scenario& sc, const SessionOptions& o) {
  std::vector<std::string> args{std::filesystem::absolute(sc.file).string()};
  auto add = [&](const char* flag, std::string_view v) { args.insert(args.end(), {flag, std::string(v)}); };
  if (o.policy) add("--policy", o.policy->name());
  if (o.backend) add("--backend", backend_name(*o.backend));
  if (o.workers) add("--workers", worker_model_name(*o.workers));
  if (o.pool_size) add("--pool-size", std::to_string(*o.pool_size));
  if (o.engine_bug) add("--engine-bug", *o.engine_bug == EngineBug::none ? "none" : engine_bug_name(*o.engine_bug));
  return args;
}

// The child's environment: ours, with Wine's debug channels off unless the user set them
// (they would fill the stderr lines an error message quotes).
std::vector<std::string> engine_environment() {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) env.emplace_back(*e);
  if (!std::getenv("WINEDEBUG")) env.emplace_back("WINEDEBUG=-all");
  return env;
}

std::vector<char*> c_strings(std::vector<std::string>& v) {
  std::vector<char*> out;
  for (std::string& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

EngineProcess::EngineProcess(Scenario scenario, SessionOptions options, std::string command)
    : scenario_(std::move(scenario)), options_(options), command_(std::move(command)) {
  auto info = std::make_shared<RunInfo>();
  info->scenario = scenario_.file;
  info->title = scenario_.title;
  info->mode = "step";
  recording_ = std::make_unique<Recording>(info);  // the header fills in the rest
}

EngineProcess::~EngineProcess() {
  // "stop" cuts a run short; then the end of its input: the engine stops and exits.
  if (to_child_ >= 0 && !finished_) write_all(to_child_, jsonl_line({{"cmd", "stop"}}) + "\n");
  if (to_child_ >= 0) ::close(to_child_);
  if (pid_ > 0 && exit_status_ < 0) {
    for (int i = 0; i < 300 && exit_status_ < 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      reap(false);
    }
    if (exit_status_ < 0) {
      ::kill(pid_, SIGKILL);
      reap(true);
    }
  }
  if (from_child_ >= 0) ::close(from_child_);
  if (child_err_ >= 0) ::close(child_err_);
}

void EngineProcess::start() {
  int in[2], out[2], err[2];
  if (::pipe2(in, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  if (::pipe2(err, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);  // dup2 clears close-on-exec on 0, 1, 2
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err[1], 2);
  std::vector<std::string> argv{"sh", "-c", "exec " + command_ + " \"$@\"", "loopstep-engine"};
  for (std::string& a : engine_arguments(scenario_, options_)) argv.push_back(std::move(a));
  std::vector<std::string> env = engine_environment();
  // The app blocks SIGINT/SIGTERM/SIGHUP for its signal thread (sandbox_cleanup.h); the
  // child must not inherit that mask, or it could not be interrupted.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
  const int rc = ::posix_spawn(&pid_, "/bin/sh", &fa, &attr, c_strings(argv).data(), c_strings(env).data());
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&fa);
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  to_child_ = in[1];
  from_child_ = out[0];
  child_err_ = err[0];
  ::fcntl(from_child_, F_SETFL, O_NONBLOCK);
  ::fcntl(child_err_, F_SETFL, O_NONBLOCK);
  if (rc != 0) {
    pid_ = -1;
    throw std::runtime_error("cannot start the engine command '" + command_ + "': " + std::strerror(rc));
  }
  std::optional<json> status = read_status(kStartDeadline);
  if (!status || status->value("status", "") == "error") {
    const std::string why = status ? status->value("message", "") : stop_reason_;
    throw std::runtime_error("the engine command '" + command_ + "' did not start: " + why);
  }
}

void EngineProcess::send(const json& cmd) {
  if (to_child_ < 0 || finished_) return;
  if (!write_all(to_child_, jsonl_line(cmd) + "\n")) lose("the engine process stopped reading its commands");
}

bool EngineProcess::command(const json& cmd) {
  send(cmd);
  if (finished_) return false;
  std::optional<json> status = read_status(kAnswerDeadline);
  if (status && status->value("status", "") == "error") lose("the engine refused a command: " + status->value("message", ""));
  return !finished_;
}

bool EngineProcess::step() { return !finished_ && command({{"cmd", "step"}}); }

bool EngineProcess::step_thread(uint16_t thread) { return !finished_ && command({{"cmd", "release"}, {"thread", thread}}); }

void EngineProcess::run_to_end() {
  run_to_begin(Breakpoint{});  // matches nothing: the engine runs to the end in one command
  run_to_continue(Clock::time_point::max());
}

void EngineProcess::run_to_begin(const Breakpoint& bp) {
  json list = json::array();
  if (bp.any()) list.push_back(breakpoint_json(bp));
  if (!command({{"cmd", "breakpoints"}, {"list", std::move(list)}})) return;
  send({{"cmd", "run"}});
  running_ = !finished_;
}

RunTo EngineProcess::run_to_continue(Clock::time_point until) {
  if (!running_) return finished_ ? RunTo::ended : RunTo::paused;
  std::string line;
  // Events stream in while the engine runs; the run's status line ends it.
  for (;;) {
    const Read r = read_line(&line, until);
    if (r == Read::timeout) return RunTo::running;
    if (r == Read::gone) {
      lose("the engine process ended while running");
      return RunTo::ended;
    }
    json j = json::parse(line, nullptr, false);
    if (j.is_object() && j.contains("status")) {
      running_ = false;
      take_status(j);
      if (finished_) return RunTo::ended;
      return j.value("stopped", "") == "breakpoint" ? RunTo::matched : RunTo::paused;
    }
    Event e;
    std::string err = j.is_discarded() ? "not JSON" : read_jsonl_event(j, recording_->info(), recording_->size(), &e);
    if (!err.empty()) {
      lose("the engine process sent a bad event line (" + err + ")");
      return RunTo::ended;
    }
    recording_->append(e);
  }
}

void EngineProcess::run_to_pause() {
  if (!running_) return;
  send({{"cmd", "pause"}});
  // The run answers first (stopped by the pause), then the pause itself.
  if (run_to_continue(Clock::now() + kAnswerDeadline) == RunTo::running)
    lose("the engine process did not stop its run within " + std::to_string(kAnswerDeadline.count()) + " s; it was stopped");
  if (!finished_) read_status(kAnswerDeadline);
}

std::optional<json> EngineProcess::read_status(std::chrono::seconds limit) {
  const Clock::time_point deadline = Clock::now() + limit;
  std::string line;
  for (;;) {
    const Read r = read_line(&line, deadline);
    if (r == Read::timeout) {
      lose("the engine process did not answer within " +
           std::to_string(limit.count()) + " s; it was stopped");
      return std::nullopt;
    }
    if (r == Read::gone) {
      lose("the engine process ended unexpectedly");
      return std::nullopt;
    }
    json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      lose("the engine process sent a line that is not a JSON object");
      return std::nullopt;
    }
    if (j.contains("status")) {
      if (j["status"] != "error") take_status(j);
      return j;
    }
    if (!header_seen_) {
      if (!j.contains("loopstep")) {
        lose("the engine process did not begin with a loopstep header");
        return std::nullopt;
      }
      read_jsonl_header(j, recording_->info(), [](const std::string&) {});
      recording_->info().mode = "step";
      header_seen_ = true;
      continue;
    }
    Event e;
    if (std::string err = read_jsonl_event(j, recording_->info(), recording_->size(), &e); !err.empty()) {
      lose("the engine process sent a bad event line (" + err + ")");
      return std::nullopt;
    }
    recording_->append(e);
  }
}

void EngineProcess::take_status(const json& j) {
  // Both ends count the events: a mismatch means lines were lost, and stepping on would lie.
  if (!j.contains("events") || !j["events"].is_number_unsigned() || j["events"].get<uint64_t>() != recording_->size())
    return lose("the engine process's event count does not match the events it sent");
  candidates_.clear();
  if (j["status"] == "end") {
    finished_ = true;
    stop_reason_ = j.value("reason", "");
    return;
  }
  choice_ = j.value("choice", uint16_t{0});
  if (j.contains("candidates") && j["candidates"].is_array()) {
    for (const json& c : j["candidates"]) {
      Candidate k;
      if (std::string err = read_candidate(c, recording_->info(), &k); !err.empty())
        return lose("the engine process sent a bad candidate (" + err + ")");
      candidates_.push_back(k);
    }
  }
  if (candidates_.size() > 1) recording_->set_candidates(recording_->size(), candidates_);
}

EngineProcess::Read EngineProcess::read_line(std::string* line, Clock::time_point deadline) {
  for (;;) {
    if (const size_t nl = out_buf_.find('\n'); nl != std::string::npos) {
      line->assign(out_buf_, 0, nl);
      if (!line->empty() && line->back() == '\r') line->pop_back();  // a Windows stdout in text mode
      out_buf_.erase(0, nl + 1);
      return Read::line;
    }
    // Gone: it exited (and its output is drained) or closed its output. Exit counts, not end
    // of file: a wineserver it started may hold the pipe open long after.
    if (exit_status_ >= 0 || from_child_ < 0) return Read::gone;
    const auto now = Clock::now();
    if (now >= deadline) return Read::timeout;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
    pollfd fds[2] = {{from_child_, POLLIN, 0}, {child_err_, POLLIN, 0}};
    ::poll(fds, child_err_ >= 0 ? 2 : 1, static_cast<int>(std::min<int64_t>(left + 1, 100)));
    reap(false);
    read_available();  // after the reap: everything it wrote before it exited
  }
}

void EngineProcess::read_available() {
  char buf[65536];
  for (int* fd : {&from_child_, &child_err_}) {
    while (*fd >= 0) {
      const ssize_t n = ::read(*fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) break;  // EAGAIN: nothing more now
      if (n == 0) {
        ::close(*fd);
        *fd = -1;
        break;
      }
      (fd == &from_child_ ? out_buf_ : err_buf_).append(buf, static_cast<size_t>(n));
    }
  }
  for (size_t nl; (nl = err_buf_.find('\n')) != std::string::npos; err_buf_.erase(0, nl + 1)) {
    err_lines_.emplace_back(err_buf_, 0, nl);
    if (err_lines_.size() > kErrLinesKept) err_lines_.pop_front();
  }
}

void EngineProcess::reap(bool wait) {
  if (pid_ <= 0 || exit_status_ >= 0) return;
  int status = 0;
  pid_t r;
  do r = ::waitpid(pid_, &status, wait ? 0 : WNOHANG);
  while (r < 0 && errno == EINTR);
  if (r == pid_) exit_status_ = status;
}

std::string EngineProcess::exit_description() {
  if (exit_status_ < 0) return "still running";
  if (WIFSIGNALED(exit_status_)) {
    const int sig = WTERMSIG(exit_status_);
    return "killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  return "exit status " + std::to_string(WEXITSTATUS(exit_status_));
}

void EngineProcess::lose(const std::string& why) {
  if (finished_) return;
  if (pid_ > 0 && exit_status_ < 0) {
    ::kill(pid_, SIGKILL);
    reap(true);
  }
  read_available();
  finished_ = crashed_ = true;
  running_ = false;
  candidates_.clear();
  stop_reason_ = why + " (" + exit_description() + ")";
  if (!err_lines_.empty()) {
    stop_reason_ += "; its last words:";
    for (const std::string& l : err_lines_) stop_reason_ += "\n  " + l;
  }
  const int64_t t = recording_->empty() ? 0 : recording_->back().t_ns;
  recording_->append_stop(t, stop_reason_);
}

}  // namespace loopstep
