#!/usr/bin/env bash
# make package's .deb (issue 11): built with cpack from this build, unpacked into a temporary
# root with dpkg -x, it holds the binary, the bundled lessons, the .desktop entry, the icon and
# the MIME type, and the unpacked loopstep checks and runs a bundled lesson from there.
# Usage: package_test.sh BUILD_DIR
set -euo pipefail
build=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/out" >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/out/loopstep_*.deb)
depends=$(dpkg-deb -f "$deb" Depends)
for d in libglfw3 libgl1 fonts-dejavu-core; do
  [[ "$depends" == *"$d"* ]] || { echo "Depends lacks $d: $depends"; exit 1; }
done
dpkg -x "$deb" "$work/root"
for f in usr/bin/loopstep usr/share/loopstep/scenarios/fs_open_iocp.toml usr/share/loopstep/scenarios/README.md \
         usr/share/applications/loopstep.desktop usr/share/icons/hicolor/scalable/apps/loopstep.svg \
         usr/share/mime/packages/loopstep.xml; do
  [[ -e "$work/root/$f" ]] || { echo "the package lacks /$f"; dpkg-deb -c "$deb"; exit 1; }
done
grep -qx 'Exec=loopstep %f' "$work/root/usr/share/applications/loopstep.desktop"
grep -q '^MimeType=application/toml;application/x-loopstep-recording;$' "$work/root/usr/share/applications/loopstep.desktop"
bin="$work/root/usr/bin/loopstep"
lessons="$work/root/usr/share/loopstep/scenarios"
out=$("$bin" check "$lessons/fs_open_iocp.toml")
[[ "$out" == "$lessons/fs_open_iocp.toml: ok: "* ]] || { echo "check printed: $out"; exit 1; }
# With no display and no file, the installed binary finds its own bundled default lesson
# (not the source tree it was built from) and prints its trace.
err=$(cd "$work" && env -u DISPLAY -u WAYLAND_DISPLAY "$bin" 2>&1 >"$work/trace.txt")
[[ "$err" == *"printing the headless trace of $lessons/fs_open_iocp.js"* ]] || { echo "stderr: $err"; exit 1; }
grep -q 'GetQueuedCompletionStatus' "$work/trace.txt"
echo "package ok: $(basename "$deb")"
