#!/usr/bin/env bash
# Crash safety, N times: the harness of crates/cli/tests/crash.rs (a `trastienda crash-writer`
# posting entries, SIGKILLed after 20-300 ms, the file reopened and checked) on the release
# build, CRASH_RUNS=N (default 1000). Prints the tally and the wall time; any failed check
# stops it with the run's seed (replay: CRASH_SEED=<seed> CRASH_RUNS=1 bench/crash.sh 1).
#   bench/crash.sh          # 1000 runs (about 1.5 min on 2 cores, plus the release build)
#   bench/crash.sh 200      # another count
#   CRASH_JOBS=1 bench/crash.sh   # one harness at a time (default 2 side by side)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-1000}"
command -v cargo >/dev/null || export PATH="$HOME/.cargo/bin:$PATH"
cd "$ROOT"
echo "bench: building the crash harness (release)"
# The test binary itself (it names the release `trastienda` it runs), so the timing below is
# the harness alone even if sources change meanwhile.
TEST_BIN=$(cargo test --release -p trastienda-cli --test crash --no-run 2>&1 |
  sed -n 's/.*Executable tests\/crash.rs (\(.*\))$/\1/p' | tail -n 1)
[ -n "$TEST_BIN" ] || { echo "bench: could not build the crash test" >&2; exit 1; }
case "$TEST_BIN" in /*) ;; *) TEST_BIN="$ROOT/$TEST_BIN" ;; esac
mkdir -p "$ROOT/bench/out"
LOG="$ROOT/bench/out/crash-$(date +%F).log"
echo "bench: $RUNS crash runs (CRASH_JOBS=${CRASH_JOBS:-2})"
start=$(date +%s%N)
status=0
CRASH_RUNS="$RUNS" "$TEST_BIN" --nocapture >"$LOG" 2>&1 || status=$?
end=$(date +%s%N)
ms=$(( (end - start) / 1000000 ))
if [ "$status" -ne 0 ]; then
  grep -E "panicked|failed|replay" "$LOG" >&2 || tail -n 30 "$LOG" >&2
  echo "bench: FAILED after $((ms / 1000)).$(( (ms % 1000) / 100 )) s (log: $LOG)" >&2
  exit 1
fi
grep "crash tally:" "$LOG"
echo "bench: wall time $((ms / 1000)).$(( (ms % 1000) / 100 )) s for $RUNS runs, build excluded (log: $LOG)"
