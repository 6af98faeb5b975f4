#!/usr/bin/env bash
# Loads a Chrome trace in a real viewer, speedscope 1.25 (from the npm registry, into
# build/viewers/), under headless Chromium (Debian's), and writes a screenshot of it.
#   scripts/view-trace.sh TRACE.json OUT.png [WxH]
# Every line the page logs is kept in OUT.png.log; speedscope's complaints about slices that
# do not nest ("Tried to end ...") fail the script.
set -euo pipefail
trace=$(realpath "$1")
out=$2
size=${3:-1600,1000}
root=$(cd "$(dirname "$0")/.." && pwd)
viewers="$root/build/viewers"
if [[ ! -f "$viewers/node_modules/speedscope/dist/release/index.html" ]]; then
  mkdir -p "$viewers"
  (cd "$viewers" && npm install --silent --no-audit --no-fund --no-save speedscope@1.25.0)
fi
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# speedscope's own command line loads a file this way: a script that hands it the bytes.
node -e '
  const fs = require("fs");
  const [trace, js] = process.argv.slice(1);
  fs.writeFileSync(js, "speedscope.loadFileFromBase64(" + JSON.stringify(require("path").basename(trace)) + ", " +
                       JSON.stringify(fs.readFileSync(trace).toString("base64")) + ")");' "$trace" "$work/profile.js"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$work/profile" --allow-file-access-from-files \
  --window-size="${size/x/,}" --virtual-time-budget=15000 --enable-logging=stderr --v=0 --screenshot="$out" \
  "file://$viewers/node_modules/speedscope/dist/release/index.html#localProfilePath=$work/profile.js" \
  2>"$work/chromium.log" >/dev/null
grep 'CONSOLE' "$work/chromium.log" >"$out.log" || true
if grep -q 'Tried to end\|Doing nothing instead' "$out.log"; then
  echo "speedscope could not nest the slices of $1:"; grep -m5 'Tried to end' "$out.log"; exit 1
fi
echo "wrote $out (speedscope 1.25, $(wc -l <"$out.log") console lines in $out.log)"
