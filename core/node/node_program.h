// A JS lesson's program: the lesson run by a real, confined node with loopstep's bootstrap
// preloaded (assets/node/bootstrap.js). The loop thread serves the program's calls, one JSON
// line each (core/node/README.md lists the messages); each is performed through the LoopApi
// with its stages, then answered, so in Step mode the JavaScript waits for the step.
#pragma once
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "core/engine/program.h"
#include "core/node/node_child.h"

namespace loopstep {

class NodeProgram final : public Program {
 public:
  NodeProgram(LoopApi& api, const Scenario& scenario, RunInfo& info);
  ~NodeProgram() override;

  void start() override;
  void run_main(ThreadCtx& t) override { serve(t, "returned"); }
  void run_callback(ThreadCtx& t, Req& req, const CallbackArgs& args) override;
  void drain(ThreadCtx& t) override { serve(t, "done"); }
  void run_net_callback(ThreadCtx& t, const NetCallback& cb) override;
  bool before_exit(ThreadCtx& t) override;
  void on_exit(ThreadCtx& t) override;
  void abort() override;
  void end() override;

 private:
  // Serves the program's calls until a message of type `until` (answered too).
  nlohmann::json serve(ThreadCtx& t, std::string_view until);  // returns that message
  void invoke(const nlohmann::json& message);
  void handle(ThreadCtx& t, const std::string& type, const nlohmann::json& m);
  nlohmann::json call(ThreadCtx& t, const nlohmann::json& m);
  nlohmann::json sync_call(ThreadCtx& t, const nlohmann::json& m);
  nlohmann::json net_call(ThreadCtx& t, const nlohmann::json& m);
  std::unique_ptr<Step> step_of(const nlohmann::json& m);
  nlohmann::json next_message(int timeout_ms);
  void answer(const nlohmann::json& reply);
  uint32_t src_of(const nlohmann::json& m);
  [[noreturn]] void node_gone();

  LoopApi& api_;
  const Scenario& scenario_;
  RunInfo& info_;
  std::unique_ptr<Sandbox> support_;  // the bootstrap's own folder, outside the lesson's sandbox
  std::string lesson_path_;           // the lesson's copy in its sandbox, as node runs it
  std::mutex child_mutex_;            // abort() comes from another thread
  NodeChild child_;
  bool aborted_ = false;              // under child_mutex_
  std::string inbox_;                 // what node sent that is not a whole line yet
};

}  // namespace loopstep
