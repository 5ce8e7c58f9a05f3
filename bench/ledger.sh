#!/usr/bin/env bash
# Ledger benchmark through the CLI: for each size (default 100k and 1M journal entries) it
# measures creating a company with `trastienda demo --entries N`, importing N entries from a
# journal CSV (`trastienda import journal --create-accounts`), and the trial balance report as
# CSV and PDF on each; wall time and peak RSS come from GNU time (`/usr/bin/time -v`).
#   bench/ledger.sh                   # 100000 and 1000000 entries, release build
#   bench/ledger.sh 10000 100000      # other sizes
#   BENCH_PROFILE=debug bench/ledger.sh 10000   # quick smoke run on the debug build
# Work files go to bench/out/ (git-ignored) and are removed per size unless KEEP_BENCH_FILES=1.
# The table is printed at the end and saved to bench/out/ledger-<date>.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/out"
PROFILE="${BENCH_PROFILE:-release}"
SIZES=("$@")
((${#SIZES[@]})) || SIZES=(100000 1000000)
command -v cargo >/dev/null || export PATH="$HOME/.cargo/bin:$PATH"
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (Debian package 'time'; scripts/setup-system.sh installs it)" >&2; exit 1; }

cd "$ROOT"
if [ "$PROFILE" = release ]; then
  echo "bench: building trastienda (release)"
  cargo build --release --quiet -p trastienda-cli --bin trastienda
else
  cargo build --quiet -p trastienda-cli --bin trastienda
fi
BIN="$ROOT/target/$PROFILE/trastienda"
mkdir -p "$OUT"
export TRASTIENDA_DATA_DIR="$OUT/data"
mkdir -p "$TRASTIENDA_DATA_DIR"

rows=()
# shellcheck source=lib.sh
. "$ROOT/bench/lib.sh"

for n in "${SIZES[@]}"; do
  demo="$OUT/demo-$n.trastienda"
  imported="$OUT/import-$n.trastienda"
  csv="$OUT/journal-$n.csv"
  rm -f "$demo" "$imported" "$demo"-* "$imported"-*

  measure "demo --entries" "$n" "$BIN" demo --company "$demo" --entries "$n"
  measure "trial balance csv (demo)" "$n" "$BIN" report trial-balance --company "$demo" --format csv --out "$OUT/tb-demo-$n.csv"
  measure "trial balance pdf (demo)" "$n" "$BIN" report trial-balance --company "$demo" --format pdf --out "$OUT/tb-demo-$n.pdf"

  journal_csv "$n" "$csv"
  "$BIN" init --company "$imported" --name "Bench SL" --tax-id B12345674 --template es-pymes >/dev/null
  measure "import journal" "$n" "$BIN" import journal --company "$imported" --create-accounts "$csv"
  measure "trial balance csv (import)" "$n" "$BIN" report trial-balance --company "$imported" --format csv --out "$OUT/tb-import-$n.csv"

  size_mib="$(du -m "$demo" 2>/dev/null | cut -f1 || echo '?')"
  rows+=("| company file size (demo) | $n | - | ${size_mib} (file) |")
  if [ "${KEEP_BENCH_FILES:-0}" != 1 ]; then rm -f "$demo" "$imported" "$csv" "$demo"-* "$imported"-*; fi
done

report="$OUT/ledger-$(date +%Y-%m-%d).md"
{
  echo "Trastienda ledger benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $PROFILE build, $(nproc) cores, $(uname -m)"
  echo
  echo "| step | entries | wall s | peak RSS MiB |"
  echo "|---|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
} | tee "$report"
echo
echo "bench: saved $report"
