// ThreadFactory: the one place engine threads begin and end.
#include "core/engine/threads.h"

#include <exception>
#include <system_error>

namespace loopstep {

ThreadFactory::Started ThreadFactory::start(std::function<void(ThreadCtx&)> body) {
  if (fail_after_ >= 0 && spawned_ >= fail_after_)
    throw std::system_error(std::make_error_code(std::errc::resource_unavailable_try_again), "pthread_create (injected)");
  ++spawned_;
  uint16_t id = gate_.spawn();
  auto held = std::make_shared<StartLatch>(1);
  try {
    std::thread t([this, id, held, body = std::move(body)] {
      held->wait();
      ThreadCtx ctx{id, recorder_.acquire_ring()};
      try {
        body(ctx);
      } catch (const Aborted&) {
      } catch (const RunStopped& e) {
        fail(e.what());
      } catch (const std::exception& e) {
        fail(std::string("engine thread ") + std::to_string(id) + " failed: " + e.what());
      }
      recorder_.release_ring(ctx.ring);
      gate_.retire(id);
    });
    return Started{std::move(t), held};
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
