#!/usr/bin/env bash
# Fuzzes every importer and field parser (fuzz/fuzz_targets/*.rs) with cargo-fuzz and
# libFuzzer on the stable toolchain, FUZZ_SECONDS each (default 60), then prints runs,
# exec/s and crashes per target; exits non-zero on any crash. See bench/README.md, "Fuzzing".
#
#   bench/fuzz.sh                        # every target, 60 s each
#   FUZZ_SECONDS=10 bench/fuzz.sh money  # some targets, another time
#
# Stable only: `--sanitizer none`, because AddressSanitizer needs `-Zsanitizer` (nightly);
# the code fuzzed forbids `unsafe`, so a sanitizer would add little. Debug assertions and
# overflow checks stay on (`--debug-assertions`). Builds and generated corpora live in target/fuzz (or
# FUZZ_TARGET_DIR), outside the tracked tree; fuzz/corpus/ (the seeds) is only read.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v cargo >/dev/null || export PATH="$HOME/.cargo/bin:$PATH"

CARGO_FUZZ_VERSION=0.13.2
SECONDS_EACH="${FUZZ_SECONDS:-60}"
TARGET_DIR="${FUZZ_TARGET_DIR:-$ROOT/target/fuzz}"
WORK="$TARGET_DIR/work"
OUT="$ROOT/bench/out"

if ! cargo fuzz --version 2>/dev/null | grep -qF "$CARGO_FUZZ_VERSION"; then
  echo "fuzz: installing cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

cd "$ROOT/fuzz"
FLAGS=(--sanitizer none --release --debug-assertions --target-dir "$TARGET_DIR")
if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo fuzz list)
fi

# Built once, then the binaries run directly: `cargo fuzz run` would rebuild whenever the
# tree changes mid-run (someone else's half-finished edit would count as a crash).
echo "fuzz: building ${#targets[@]} targets (first build ~7 min on 2 cores)"
if [ "$#" -gt 0 ]; then
  for t in "${targets[@]}"; do cargo fuzz build "${FLAGS[@]}" "$t"; done
else
  cargo fuzz build "${FLAGS[@]}"
fi

BIN="$TARGET_DIR/$(rustc -vV | sed -n 's/^host: //p')/release"

mkdir -p "$OUT"
report="$OUT/fuzz-$(date +%F).md"
{
  echo "| target | seconds | runs | exec/s | corpus | crashes |"
  echo "|---|---:|---:|---:|---:|---:|"
} >"$report"
failed=0
for t in "${targets[@]}"; do
  corpus="$WORK/corpus/$t" artifacts="$WORK/artifacts/$t" log="$WORK/$t.log"
  mkdir -p "$corpus" "$artifacts"
  # libFuzzer writes what it finds to the first folder only; the seeds and saved crash
  # inputs (fuzz/regressions/<target>/) are read as extra corpora.
  dirs=("$corpus" "corpus/$t")
  [ -d "regressions/$t" ] && dirs+=("regressions/$t")
  before=$(find "$artifacts" -type f | wc -l)
  echo "fuzz: $t for ${SECONDS_EACH}s"
  status=0
  "$BIN/$t" "${dirs[@]}" \
    -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  units=$(find "$corpus" -type f | wc -l)
  crashes=$(($(find "$artifacts" -type f | wc -l) - before))
  if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ]; then
    crashes=1 # libFuzzer failed without leaving an input: count it, show the log
  fi
  echo "| $t | $SECONDS_EACH | ${runs:-?} | ${rate:-?} | $units | $crashes |" >>"$report"
  if [ "$crashes" -ne 0 ]; then
    failed=1
    echo "fuzz: $t FAILED (log $log):" >&2
    grep -E "panicked|ERROR|SUMMARY|Test unit written" "$log" | head -20 >&2 || tail -20 "$log" >&2
    echo "fuzz: reproduce with: $BIN/$t <crash file>" >&2
  fi
done

echo
echo "cargo-fuzz $CARGO_FUZZ_VERSION, $(rustc --version), $(nproc) cores, $(date -u +%FT%TZ)" >>"$report"
cat "$report"
echo "(saved to ${report#"$ROOT"/})"
if [ "$failed" -ne 0 ]; then
  echo "fuzz: crashes found; save each input in fuzz/regressions/<target>/ with a fix" >&2
  exit 1
fi
