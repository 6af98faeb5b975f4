// Narration coverage: the app's narration panel has a short and a long text for every kind.
#include <doctest/doctest.h>

#include "core/trace/narration.h"

using namespace loopstep;

TEST_CASE("narration: every event kind has a short and a long text") {
  for (int k = 0; k < kKindCount; ++k) {
    CAPTURE(kind_name(Kind(k)));
    CHECK(Narration::builtin().covers(Kind(k)));
  }
}
