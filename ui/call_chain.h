// The call chain panel: for the selected event, the layers JS -> binding -> libuv -> kernel
// with the real function names its request passes through; the current frame is lit.
#pragma once
#include <array>

#include "ui/ui_common.h"

namespace loopstep::ui {

struct CallChainPanel {
  void Draw(const Frame& f, const ViewSettings& v, Intents& out);

 private:
  // The chain of one request, gathered once per request and recording length.
  uint32_t cached_req_ = 0;
  size_t cached_size_ = 0;
  const Recording* cached_rec_ = nullptr;
  std::array<std::vector<uint32_t>, kLayerCount> fns_;  // interned names, first-seen order
  void gather(const Recording& rec, uint32_t req);
};

}  // namespace loopstep::ui
