// ThreadFactory: the one place engine threads begin and end.
#include "core/threads.h"

#include <exception>
#include <system_error>

namespace loopstep {

std::thread ThreadFactory::start(std::function<void(ThreadCtx&)> body) {
  uint16_t id = gate_.spawn();
  try {
    return std::thread([this, id, body = std::move(body)] {
      ThreadCtx ctx{id, recorder_.acquire_ring()};
      try {
        body(ctx);
      } catch (const Aborted&) {
      } catch (const std::exception& e) {
        fail(std::string("engine thread ") + std::to_string(id) + " failed: " + e.what());
      }
      recorder_.release_ring(ctx.ring);
      gate_.retire(id);
    });
  } catch (const std::system_error&) {
    gate_.retire(id);
    throw;
  }
}

void ThreadFactory::fail(std::string message) {
  {
    std::lock_guard lock(mutex_);
    if (failure_.empty()) failure_ = std::move(message);
  }
  gate_.abort();
}

std::string ThreadFactory::failure() const {
  std::lock_guard lock(mutex_);
  return failure_;
}

}  // namespace loopstep
