#!/usr/bin/env bash
# The JS oracle (DESIGN §11): every JS lesson is its own oracle. For each .js file, run it
# under plain `node` in a fresh temporary folder holding its front matter's [files] (and
# the lesson itself, as loopstep's sandbox holds it), then run it with
# `loopstep run FILE --format console` in every configuration below and require stdout to
# be byte-for-byte what node printed, and its exit code node's.
#
#   js_oracle_test.sh [options] LOOPSTEP FILE.js...
#   js_oracle_test.sh --node-only [--runs N] FILE.js...
#
# Configurations, per file (backend x workers = epoll|iocp x pool|per-request):
#   Run mode                          x 4 (backend x workers)
#   Step mode, --policy lowest        x 4
#   Step mode, --policy lrr           x 4 (not with env JS_ORACLE_NO_LRR=1)
#   Step mode, --policy random:SEED   SEEDS seeds (default 20), the seed's backend and
#                                     workers rotating through the four combinations
#                                     (seed s: backend = s%2, workers = (s/2)%2), so each
#                                     combination gets SEEDS/4 interleavings and the
#                                     file's run time stays linear in SEEDS rather than 4x.
# Options:
#   --node-only    check only node's side: each file printed the same in all --runs runs
#   --runs N       node runs per file (default 20 with --node-only, else 3): node's output
#                  must be the same in every run, or the file is not an oracle
#   --seeds N      random seeds per file (default 20; env JS_ORACLE_SEEDS)
#   --run-only RE  files whose path matches get Run mode only (their node output needs real
#                  time to pass inside their JavaScript; Step mode's clock is virtual)
#   --epoll-only RE files whose path matches get the epoll backend only: programs whose node
#                  output rests on Linux's readiness model (uv__server_io takes one connection
#                  per readiness), which Windows' AcceptEx completions do not share (README "Sockets")
#   --seeds-for RE give the random seeds only to files whose path matches the extended
#                  regex RE; the others get the 12 fixed configurations (env JS_ORACLE_SEEDS_FOR)
#   --jobs N       files checked in parallel (default 1; env JS_ORACLE_JOBS)
#   --timeout S    seconds per run before it counts as a mismatch (default 60)
# Exit: 0 = all equal (a summary line "N programs x M configurations: all equal to node"),
# 1 = a mismatch (each one printed with file, configuration, expected and got),
# 2 = usage, 77 = skipped (no node or python3, or a loopstep that cannot run .js lessons).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
node_only=0 runs="" seeds=${JS_ORACLE_SEEDS:-20} seeds_for=${JS_ORACLE_SEEDS_FOR:-} run_only="" epoll_only="" jobs=${JS_ORACLE_JOBS:-1}
run_timeout=60
usage() { sed -n '2,34p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --node-only) node_only=1; shift ;;
    --runs) runs=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --seeds-for) seeds_for=$2; shift 2 ;;
    --run-only) run_only=$2; shift 2 ;;
    --epoll-only) epoll_only=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --timeout) run_timeout=$2; shift 2 ;;
    -h|--help) usage ;;
    --*) echo "unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
[ -n "$runs" ] || { [ $node_only = 1 ] && runs=20 || runs=3; }

for tool in node python3; do
  command -v $tool >/dev/null || { echo "SKIPPED: $tool is not installed"; exit 77; }
done
python3 -c 'import tomllib' 2>/dev/null || { echo "SKIPPED: python3 has no tomllib (3.11+)"; exit 77; }

# The configurations, one per line: a label-free list of loopstep flags.
configs() {
  local file=$1 b w
  # A file whose node output needs real time to pass inside its JavaScript (a busy loop that
  # makes a timer due) is Run mode's only: Step mode's clock is virtual, so that it repeats.
  local step=1 backends="epoll iocp"
  [ -n "$run_only" ] && [[ $file =~ $run_only ]] && step=0
  [ -n "$epoll_only" ] && [[ $file =~ $epoll_only ]] && backends=epoll
  for b in $backends; do
    for w in pool per-request; do
      echo "--mode run --backend $b --workers $w"
      [ $step = 1 ] || continue
      echo "--mode step --policy lowest --backend $b --workers $w"
      [ "${JS_ORACLE_NO_LRR:-0}" = 1 ] || echo "--mode step --policy lrr --backend $b --workers $w"
    done
  done
  [ $step = 1 ] || return 0
  if [ -z "$seeds_for" ] || [[ $file =~ $seeds_for ]]; then
    local s bs=(epoll iocp) ws=(pool per-request)
    [ "$backends" = epoll ] && bs=(epoll epoll)
    for ((s = 1; s <= seeds; s++)); do
      # A bug-hunt lesson's planted bug breaks under some seeds by design: the oracle holds the correct engine to node.
      echo "--mode step --policy random:$s --backend ${bs[s % 2]} --workers ${ws[(s / 2) % 2]} --engine-bug none"
    done
  fi
}

# node FILE in a fresh folder holding its [files]: stdout to $2, exit code to $3.
node_once() {
  local file=$1 out=$2 rcfile=$3 dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/js_oracle.XXXXXX") || return 1
  if ! python3 "$here/js_front_matter.py" "$file" --write "$dir"; then rm -rf "$dir"; return 1; fi
  cp "$file" "$dir/"
  # Only stdin, stdout and stderr: a descriptor inherited from the caller (ctest's, make's)
  # would move every fd the program opens and prints (python's close_fds closes the rest).
  (cd "$dir" && timeout "$run_timeout" python3 -c 'import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:]).returncode)' \
     node "$(basename "$file")" >"$out" 2>"$out.err" </dev/null; echo $? >"$rcfile")
  rm -rf "$dir"
}

# One file: prints "OK <configs>" as its last line, or the mismatches and "FAIL".
check_file() {
  local file=$1 work expected i n=0 fail=0
  work=$(mktemp -d "${TMPDIR:-/tmp}/js_oracle_out.XXXXXX")
  expected=$work/expected
  python3 "$here/js_front_matter.py" "$file" --check || fail=1  # `line` notes on lines of code
  node_once "$file" "$expected" "$work/expected.rc" || { echo "$file: cannot set up its folder"; echo FAIL; rm -rf "$work"; return; }
  for ((i = 2; i <= runs; i++)); do
    node_once "$file" "$work/again" "$work/again.rc"
    if ! cmp -s "$expected" "$work/again" || ! cmp -s "$work/expected.rc" "$work/again.rc"; then
      echo "=== NOT AN ORACLE: $file prints differently under node from run to run (run 1 vs run $i)"
      diff -u --label "node run 1 (exit $(cat "$work/expected.rc"))" --label "node run $i (exit $(cat "$work/again.rc"))" \
        "$expected" "$work/again" | head -40
      fail=1
      break
    fi
  done
  if [ $node_only = 1 ]; then
    [ $fail = 0 ] && echo "OK $runs node runs: $(wc -l <"$expected") lines, exit $(cat "$work/expected.rc")" || echo FAIL
    rm -rf "$work"; return
  fi
  if [ $fail = 0 ]; then
    while IFS= read -r flags; do
      n=$((n + 1))
      # shellcheck disable=SC2086  # the flags are words
      timeout "$run_timeout" "$loopstep" run "$file" --format console $flags >"$work/got" 2>"$work/got.err" </dev/null
      local rc=$?
      if ! cmp -s "$expected" "$work/got" || [ "$rc" != "$(cat "$work/expected.rc")" ]; then
        echo "=== MISMATCH: $file"
        echo "    config:   loopstep run $file --format console $flags"
        echo "    loopstep exit $rc$([ $rc = 124 ] && echo " (timed out after ${run_timeout}s)"), node exit $(cat "$work/expected.rc")"
        diff -u --label "expected (node)" --label "got (loopstep)" "$expected" "$work/got" | head -40
        if [ -s "$work/got.err" ]; then echo "    loopstep stderr:"; head -10 "$work/got.err" | sed 's/^/      /'; fi
        fail=1
      fi
    done < <(configs "$file")
  fi
  [ $fail = 0 ] && echo "OK $n" || echo FAIL
  rm -rf "$work"
}

if [ $node_only = 0 ]; then
  [ $# -ge 2 ] || usage
  loopstep=$1; shift
  [ -x "$loopstep" ] || { echo "not an executable: $loopstep" >&2; exit 2; }
  # A loopstep without the Node bridge reads a .js as TOML and fails: skip, saying so.
  probe=$(mktemp -d "${TMPDIR:-/tmp}/js_oracle_probe.XXXXXX")
  printf "console.log('probe');\n" >"$probe/probe.js"
  if ! out=$(timeout "$run_timeout" "$loopstep" run "$probe/probe.js" --format console 2>"$probe/err") || [ "$out" != probe ]; then
    if grep -qiE 'toml|expected|unexpected|parse' "$probe/err" && ! grep -qi node "$probe/err"; then
      echo "SKIPPED: this loopstep cannot run .js lessons yet: $(head -1 "$probe/err")"
      rm -rf "$probe"; exit 77
    fi
    echo "loopstep cannot run a one-line .js lesson (expected 'probe', got '$out'):" >&2
    cat "$probe/err" >&2; rm -rf "$probe"; exit 1
  fi
  rm -rf "$probe"
fi
[ $# -ge 1 ] || usage

results=$(mktemp -d "${TMPDIR:-/tmp}/js_oracle_res.XXXXXX")
trap 'rm -rf "$results"' EXIT
for file in "$@"; do [ -f "$file" ] || { echo "no such file: $file" >&2; exit 2; }; done
i=0 running=0
for file in "$@"; do
  i=$((i + 1))
  check_file "$file" >"$results/$(printf %04d $i)" 2>&1 &
  running=$((running + 1))
  if [ $running -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
wait

programs=0 total=0 failed=0 i=0 min=0 max=0
for file in "$@"; do
  i=$((i + 1))
  r=$results/$(printf %04d $i)
  last=$(tail -1 "$r")
  programs=$((programs + 1))
  if [[ $last == OK* ]]; then
    [ $node_only = 1 ] && echo "ok  $file (${last#OK })"
    if [ $node_only = 0 ]; then
      c=${last#OK }; total=$((total + c))
      { [ $min = 0 ] || [ "$c" -lt $min ]; } && min=$c
      [ "$c" -gt $max ] && max=$c
    fi
  else
    sed '$d' "$r"
    echo "FAIL $file"
    failed=$((failed + 1))
  fi
done
if [ $failed -gt 0 ]; then
  echo "$failed of $programs programs failed$([ $node_only = 1 ] && echo " (a bad line note, or node printing differently from run to run)" || echo " (see the mismatches above)")"
  exit 1
fi
if [ $node_only = 1 ]; then
  echo "$programs programs: node printed the same in all $runs runs of each"
else
  [ $min = $max ] && m=$max || m="$min..$max"
  echo "$programs programs x $m configurations: all equal to node ($total runs)"
fi
