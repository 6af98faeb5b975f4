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
shot() {  # shot OUT SCENARIO STEPS [SIZE [extra args]]
  local out=$1 scenario=$2 steps=$3 size=${4:-1600x1000}
  shift $(( $# < 4 ? $# : 4 ))
  xvfb-run -a -s "-screen 0 1920x1200x24" "$loopstep" screenshot "$scenario" --steps "$steps" \
    --size "$size" --out "assets/screenshots/$out" "$@"
  echo "assets/screenshots/$out"
}
# The Windows story: thread 1 has posted its packet; the loop is still blocked in
# GetQueuedCompletionStatus (the packet on the kernel lane, the flow arrow to come).
shot iocp_fs_open.png scenarios/fs_open_iocp.toml 26
# The Linux story: four pool workers in stat(2), the fifth request waiting in the work queue.
shot pool_saturation.png scenarios/pool_saturation.toml 80
# One GetQueuedCompletionStatusEx takes three packets: the port is empty, two wait their turn.
shot iocp_batch.png scenarios/iocp_batch.toml 70
# The smallest supported window: every panel inside, the menu bar visible.
shot layout_1280x720.png scenarios/fs_open_iocp.toml 28 1280x720
# Presenter mode (F5): big text, high contrast, onOpen's output in the console.
shot presenter.png scenarios/fs_open_iocp.toml 36 1600x1000 --presenter
# View -> Compare: the same lesson on epoll and on IOCP, stepped together to position 30
# (between fs.open and onOpen: each run's own kernel steps), the differences in words.
shot compare_fs_open.png scenarios/fs_open_iocp.toml 30 1600x1000 --compare-a backend=epoll --compare-b backend=iocp
