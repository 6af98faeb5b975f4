// A live run whose engine is a child process speaking the engine protocol
// (engine_protocol.h): `loopstep engine`, or the native IOCP engine under Wine
// ("wine build-win/app/loopstep.exe engine"). POSIX only: it is the Linux app's side.
//
// The child's death takes only the child: the recording keeps every event it sent, a
// `limit` event says how it ended, and crashed() is set. A child that stops answering is
// killed after a deadline and treated the same way.
#pragma once
#include <sys/types.h>

#include <deque>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/engine/live_run.h"
#include "core/engine/session.h"

namespace loopstep {

class EngineProcess final : public LiveRun {
 public:
  // `command` is a shell command line; the scenario's path and the options follow it as
  // arguments (sh -c 'exec COMMAND "$@"'), so "wine build-win/app/loopstep.exe engine" works.
  EngineProcess(Scenario scenario, SessionOptions options, std::string command);
  ~EngineProcess() override;
  EngineProcess(const EngineProcess&) = delete;
  EngineProcess& operator=(const EngineProcess&) = delete;

  void start() override;
  bool step() override;
  bool step_thread(uint16_t thread) override;
  std::vector<Candidate> candidates() override { return candidates_; }
  uint16_t policy_choice() override { return choice_; }
  void run_to_end() override;
  void run_to_begin(const Breakpoint& bp) override;
  RunTo run_to_continue(Clock::time_point until) override;
  void run_to_pause() override;
  bool finished() const override { return finished_; }
  const std::string& stop_reason() const override { return stop_reason_; }
  bool crashed() const override { return crashed_; }
  const Scenario& scenario() const override { return scenario_; }
  const Recording& recording() const override { return *recording_; }

  pid_t pid() const { return pid_; }

 private:
  enum class Read : uint8_t { line, timeout, gone };
  void send(const nlohmann::json& command);
  Read read_line(std::string* line, Clock::time_point deadline);
  void read_available();
  // Takes lines until a status line (events are appended on the way); nullopt when the
  // engine is gone or did not answer within `limit` (then the run is lost()).
  std::optional<nlohmann::json> read_status(std::chrono::seconds limit);
  bool command(const nlohmann::json& cmd);  // send, then wait for the status
  void take_status(const nlohmann::json& status);
  void lose(const std::string& why);  // the engine process died, or broke the protocol
  std::string exit_description();
  void reap(bool wait);

  Scenario scenario_;
  SessionOptions options_;
  std::string command_;
  std::unique_ptr<Recording> recording_;
  pid_t pid_ = -1;
  int exit_status_ = -1;  // waitpid's, once reaped
  int to_child_ = -1, from_child_ = -1, child_err_ = -1;
  std::string out_buf_, err_buf_;
  std::deque<std::string> err_lines_;  // the child's last stderr lines, for the error message
  bool header_seen_ = false;
  bool running_ = false;  // a "run" command is out
  bool finished_ = false, crashed_ = false;
  std::string stop_reason_;
  std::vector<Candidate> candidates_;
  uint16_t choice_ = 0;
};

}  // namespace loopstep
