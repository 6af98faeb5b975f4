// A TOML lesson's program: its main statements, each callback's statements, the modeled
// nextTick / microtask queues the statements fill, and its sockets' listeners.
#pragma once
#include <vector>

#include "core/engine/program.h"
#include "core/engine/statement_sockets.h"

namespace loopstep {

class StatementProgram final : public Program {
 public:
  StatementProgram(LoopApi& api, const Scenario& scenario)
      : api_(api), scenario_(scenario), net_(api, scenario, [this](ThreadCtx& t, const std::string& name, const CallbackArgs& args) {
          if (auto it = scenario_.callbacks.find(name); it != scenario_.callbacks.end()) run(t, it->second, args);
        }) {
    bodies_.reserve(scenario.callbacks.size());
    for (const auto& entry : scenario.callbacks) bodies_.push_back(&entry);
  }
  void run_main(ThreadCtx& t) override { run(t, scenario_.main, CallbackArgs{}); }
  void run_callback(ThreadCtx& t, Req& req, const CallbackArgs& args) override {
    if (net_.run_tick(t, *req.step)) return;
    if (const std::vector<Step>* body = callback_body(*req.step)) run(t, *body, args);
  }
  void run_net_callback(ThreadCtx& t, const NetCallback& cb) override { net_.on_callback(t, cb); }
  void drain(ThreadCtx& t) override { api_.drain_modeled(t); }

 private:
  void run(ThreadCtx& t, const std::vector<Step>& body, const CallbackArgs& args) {
    for (const Step& s : body) {
      if (op_is_net(s.op)) net_.exec(t, s, args);
      else api_.exec(t, s, args);
    }
  }

  // By the position link_callbacks() gave the statement (checked, in case the scenario was
  // changed after linking), else by name.
  const std::vector<Step>* callback_body(const Step& step) const {
    const auto i = static_cast<size_t>(step.callback_index);
    if (step.callback_index >= 0 && i < bodies_.size() && bodies_[i]->first == step.callback) return &bodies_[i]->second;
    auto it = scenario_.callbacks.find(step.callback);
    return it == scenario_.callbacks.end() ? nullptr : &it->second;
  }

  LoopApi& api_;
  const Scenario& scenario_;
  std::vector<const std::pair<const std::string, std::vector<Step>>*> bodies_;  // scenario_.callbacks in order
  StatementSockets net_;
};

}  // namespace loopstep
