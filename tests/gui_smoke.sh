#!/usr/bin/env bash
# GUI smoke test: render the default scenario stepped to its end under Xvfb and check the
# PNG. Usage: gui_smoke.sh LOOPSTEP PNG_CHECK SCENARIO OUT_DIR. Exit 77 = skipped.
set -euo pipefail
loopstep=$1 check=$2 scenario=$3 out=$4/gui_smoke.png
if ! command -v xvfb-run >/dev/null; then
  echo "SKIPPED: xvfb-run is not installed (apt-get install xvfb xauth)"
  exit 77
fi
rm -f "$out"
xvfb-run -a -s "-screen 0 1280x1024x24" "$loopstep" screenshot "$scenario" --steps 1000 --size 1200x800 --out "$out"
"$check" "$out" 1200 800
