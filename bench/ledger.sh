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
# measure LABEL SIZE CMD...: runs CMD under GNU time, records "label | size | seconds | MiB".
measure() {
  local label="$1" size="$2"; shift 2
  local tfile="$OUT/time.txt"
  printf 'bench: %-28s N=%-8s ' "$label" "$size"
  if ! /usr/bin/time -v -o "$tfile" "$@" >"$OUT/last.log" 2>&1; then
    echo "FAILED"; cat "$OUT/last.log" >&2; tail -n 30 "$tfile" >&2
    rows+=("| $label | $size | failed | - |")
    return 0
  fi
  local wall rss secs
  wall="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tfile")"
  rss="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tfile")"
  secs="$(awk -v t="$wall" 'BEGIN { n = split(t, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }')"
  local mib; mib="$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')"
  echo "${secs} s, ${mib} MiB"
  rows+=("| $label | $size | $secs | $mib |")
}

# journal_csv N FILE: N balanced two-line entries over a year, alternating sales and purchases.
journal_csv() {
  awk -v n="$1" 'BEGIN {
    print "entry,date,account,description,debit,credit";
    for (i = 1; i <= n; i++) {
      d = sprintf("2025-%02d-%02d", (i % 12) + 1, (i % 28) + 1);
      a = sprintf("%d.%02d", (i % 997) + 1, i % 100);
      if (i % 2) {
        printf "%d,%s,5720001,Cobro %d,%s,\n", i, d, i, a;
        printf "%d,%s,7000001,Cobro %d,,%s\n", i, d, i, a;
      } else {
        printf "%d,%s,6000001,Compra %d,%s,\n", i, d, i, a;
        printf "%d,%s,5720001,Compra %d,,%s\n", i, d, i, a;
      }
    }
  }' >"$2"
}

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
