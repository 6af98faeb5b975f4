#!/usr/bin/env bash
# Runs the two libFuzzer targets for SECONDS each (both at once, one per core), from the
# seed corpus: the bundled scenarios and small recordings the CLI makes of them.
# Any crash, timeout (> 1 s per input), leak or sanitizer report fails (exit 1); the
# input that did it is saved as BUILD/artifacts/<target>-crash-... (or timeout-/leak-).
#   tests/fuzz/run.sh BUILD SECONDS
set -euo pipefail
build=${1:?build folder}
seconds=${2:?seconds}
src=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$build/seeds/scenario" "$build/seeds/recording" "$build/corpus/scenario" "$build/corpus/recording" "$build/artifacts"

# Seeds: every bundled scenario, every broken one, and a recording of each bundled scenario
# in Step mode (small: a few hundred lines), made by the CLI.
cp "$src"/scenarios/*.toml "$src"/tests/bad_scenarios/*.toml "$build/seeds/scenario/"
# Inputs that once crashed a target (tests/fuzz/regressions/): they must stay fixed.
cp "$src"/tests/fuzz/regressions/scenario/* "$build/seeds/scenario/" 2>/dev/null || true
cp "$src"/tests/fuzz/regressions/recording/* "$build/seeds/recording/"
for f in "$src"/scenarios/*.toml; do
  name=$(basename "$f" .toml)
  out="$build/seeds/recording/$name.jsonl"
  [[ -s "$out" ]] || TMPDIR=${TMPDIR:-/tmp} "$build/app/loopstep" run "$f" --mode step --format jsonl --out "$out" >/dev/null
  # A truncated copy: the loader's warning path.
  head -c $(( $(stat -c %s "$out") / 2 )) "$out" >"$build/seeds/recording/$name.truncated.jsonl"
done
# A header with a saved moment (where the app reopens a recording): the moment reader's paths.
sed '1s/^{/{"moment":{"axis":"time","selected_step":3,"step":20,"view":[0.5,40.0],"what_if":{"backend":"epoll","pool_size":2,"workers":"pool"}},/' \
  "$build/seeds/recording/fs_open_iocp.jsonl" >"$build/seeds/recording/fs_open_iocp.moment.jsonl"

# A smaller quarantine than the default 256 MB: recycling it stalled one input past the
# 1 s timeout on a busy machine (the input itself takes 30 ms).
export ASAN_OPTIONS=detect_leaks=1:quarantine_size_mb=64 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
pids=()
for t in scenario recording; do
  dict=()
  [[ -f "$src/tests/fuzz/$t.dict" ]] && dict=(-dict="$src/tests/fuzz/$t.dict")
  "$build/tests/fuzz/fuzz_$t" "$build/corpus/$t" "$build/seeds/$t" "${dict[@]}" \
    -max_total_time="$seconds" -timeout=1 -rss_limit_mb=2048 -detect_leaks=1 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$build/artifacts/$t-" >"$build/fuzz_$t.log" 2>&1 &
  pids+=($!)
done
for i in 0 1; do
  t=$([[ $i == 0 ]] && echo scenario || echo recording)
  if wait "${pids[$i]}"; then
    echo "fuzz_$t: ok, $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$build/fuzz_$t.log" | grep -o '[0-9]*$') execs in ${seconds} s"
  else
    echo "fuzz_$t: FAILED; log: $build/fuzz_$t.log" >&2
    tail -n 40 "$build/fuzz_$t.log" >&2
    status=1
  fi
done
exit $status
