// The queues panel: work queue, completion queue (port packets or the done-list), timers,
// immediates, nextTick and microtasks, in order; each entry linked to its request.
#pragma once
#include "ui/ui_common.h"

namespace loopstep::ui {

struct QueuesPanel {
  void Draw(const Frame& f, const ViewSettings& v, Intents& out);
};

}  // namespace loopstep::ui
