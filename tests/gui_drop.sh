#!/usr/bin/env bash
# The real window's drop path (issue 12: "a student's own .js dropped on the window runs").
# Under Xvfb, loopstep opens its default lesson; files from another folder are dropped on the
# window over XDND as a file manager drops them (tests/xdnd_drop.py) and the window's title
# names each lesson it opened: a .js lesson, then a TOML one; a lesson with a syntax error
# is refused and the session in progress stays (the window's message, naming broken.js at its
# line, is tests/ui_app_test.cpp's), and the app keeps taking steps.
# Usage: gui_drop.sh LOOPSTEP SCENARIOS_DIR. Exit 77 = skipped.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3  # Debian's, where python3-xlib is installed
if [[ "${1:-}" != --inner ]]; then
  for tool in xvfb-run xdotool; do
    command -v "$tool" >/dev/null || { echo "SKIPPED: $tool is not installed"; exit 77; }
  done
  "$py" -c 'import Xlib' 2>/dev/null || { echo "SKIPPED: python3-xlib is not installed"; exit 77; }
  # Its own range of display numbers: parallel `xvfb-run -a` calls that start from the same
  # number can pick the same free one, and one of the windows then cannot open.
  exec xvfb-run -n 140 -a -s "-screen 0 1280x800x24" bash "$0" --inner "$@"
fi
loopstep=$2 scenarios=$3
dir=$(mktemp -d /tmp/loopstep-drop-XXXXXX)
app_pid=
cleanup() {
  [[ -n "$app_pid" ]] && kill "$app_pid" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
mkdir -p "$dir/elsewhere" "$dir/config"
cp "$scenarios/stat_loop_closures.js" "$dir/elsewhere/my_lesson.js"
cp "$scenarios/pool_saturation.toml" "$dir/elsewhere/my_pool.toml"
printf 'const fs = require("fs");\nfs.stat("a.txt", (err) => {\n' > "$dir/elsewhere/broken.js"

XDG_CONFIG_HOME="$dir/config" "$loopstep" >"$dir/app.log" 2>&1 &
app_pid=$!
win=
for _ in $(seq 1 100); do
  win=$(xdotool search --pid "$app_pid" 2>/dev/null | head -1 || true)
  [[ -n "$win" ]] && [[ "$(xdotool getwindowname "$win" 2>/dev/null)" == *fs_open_iocp* ]] && break
  sleep 0.1
done
title() { xdotool getwindowname "$win"; }
[[ "$(title)" == *fs_open_iocp* ]] || { echo "FAIL: the default lesson did not open: $(title)"; cat "$dir/app.log"; exit 1; }

# Waits until the title names $1 (the window opens a dropped file on its next frame).
expect_title() {
  for _ in $(seq 1 100); do
    [[ "$(title)" == *"$1"* ]] && return 0
    sleep 0.1
  done
  echo "FAIL: after the drop the title is '$(title)', not one naming $1"
  cat "$dir/app.log"
  exit 1
}
"$py" "$here/xdnd_drop.py" "$win" "$dir/elsewhere/my_lesson.js"
expect_title my_lesson.js
for _ in $(seq 1 30); do xdotool key --window "$win" Right; done
"$py" "$here/xdnd_drop.py" "$win" "$dir/elsewhere/broken.js"
sleep 1
kill -0 "$app_pid" || { echo "FAIL: the app died on a broken lesson"; exit 1; }
[[ "$(title)" == *my_lesson.js* ]] || { echo "FAIL: a broken lesson replaced the session: $(title)"; exit 1; }
"$py" "$here/xdnd_drop.py" "$win" "$dir/elsewhere/my_pool.toml"
expect_title my_pool.toml
kill -0 "$app_pid"
echo "gui drop: my_lesson.js and my_pool.toml opened by drops, broken.js refused; the app is alive"
