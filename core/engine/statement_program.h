// A TOML lesson's program: its main statements, each callback's statements, and the modeled
// nextTick / microtask queues the statements fill.
#pragma once
#include "core/engine/program.h"

namespace loopstep {

class StatementProgram final : public Program {
 public:
  StatementProgram(LoopApi& api, const Scenario& scenario) : api_(api), scenario_(scenario) {}
  void run_main(ThreadCtx& t) override {
    for (const Step& s : scenario_.main) api_.exec(t, s, CallbackArgs{});
  }
  void run_callback(ThreadCtx& t, Req& req, const CallbackArgs& args) override {
    auto it = scenario_.callbacks.find(req.step->callback);
    if (it != scenario_.callbacks.end())
      for (const Step& s : it->second) api_.exec(t, s, args);
  }
  void drain(ThreadCtx& t) override { api_.drain_modeled(t); }

 private:
  LoopApi& api_;
  const Scenario& scenario_;
};

}  // namespace loopstep
