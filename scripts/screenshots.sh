#!/usr/bin/env bash
# Regenerates the README's screenshots (assets/screenshots/*.png) from the bundled scenarios,
# offscreen under Xvfb. Usage: scripts/screenshots.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
loopstep=$build/app/loopstep
if [[ ! -x $loopstep ]]; then
  echo "screenshots.sh: $loopstep not found; run 'make build' first (LOOPSTEP_GUI=ON)" >&2
  exit 1
fi
mkdir -p assets/screenshots
shot() {  # shot OUT SCENARIO STEPS [extra args]
  local out=$1 scenario=$2 steps=$3
  shift 3
  xvfb-run -a -s "-screen 0 1920x1200x24" "$loopstep" screenshot "$scenario" --steps "$steps" \
    --size 1600x1000 --out "assets/screenshots/$out" "$@"
  echo "assets/screenshots/$out"
}
# The Windows story: the loop blocked in GetQueuedCompletionStatus, the packet on its way.
shot iocp_fs_open.png scenarios/fs_open_iocp.toml 30
# The Linux story: four pool workers in stat(2), the fifth request waiting in the work queue.
shot pool_saturation.png scenarios/pool_saturation.toml 120
# Presenter mode (F5): big text, high contrast, fewer panels.
shot presenter.png scenarios/fs_open_iocp.toml 27 --presenter
