#!/usr/bin/env bash
# Statements benchmark on a large demo company (default 1,000,000 entries over five years):
#   1. in one process, through the api commands the UI calls (examples/statement_timings.rs):
#      every statement for the last whole fiscal year, the journal book's first page, the
#      ledger summary, a 60-month profit and loss, drill-down pages, and PDF/CSV rendering;
#   2. whole `trastienda report ...` processes (start, open, compute, render, write);
#   3. `trastienda close-year` on a copy of the file (dry run, a short first year, a full year);
#   4. hledger and ledger on the same entries (exported by examples/ledger_export.rs):
#      balance for the fiscal year, and the monthly income statement over the 60 months.
#   bench/statements.sh                  # 1,000,000 entries, release build (~10 min on 2 cores)
#   bench/statements.sh 100000           # another size
#   SKIP_LEDGERS=1 bench/statements.sh   # without hledger/ledger
# Work files go to bench/out/ (git-ignored); the company and its ledger export are kept
# between runs (delete them to rebuild). The table is printed and saved to
# bench/out/statements-<date>.md. Installs what it needs via scripts/setup-bench.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/out"
N="${1:-1000000}"
REPS="${BENCH_REPS:-7}"
command -v cargo >/dev/null || export PATH="$HOME/.cargo/bin:$PATH"
"$ROOT/scripts/setup-bench.sh"

cd "$ROOT"
echo "bench: building trastienda and the timing examples (release)"
cargo build --release --quiet -p trastienda-cli --bin trastienda --example statement_timings --example ledger_export
BIN="$ROOT/target/release/trastienda"
EX="$ROOT/target/release/examples"
mkdir -p "$OUT"
export TRASTIENDA_DATA_DIR="$OUT/data"
mkdir -p "$TRASTIENDA_DATA_DIR"

company="$OUT/statements-$N.trastienda"
journal="$OUT/statements-$N.journal"
stamp="$OUT/statements-$N.day"
# The demo ends today: rebuild it when it was made on another day (so the periods below fit)
# or by an older build.
if [ ! -f "$company" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$(date +%F)" ] || [ "$BIN" -nt "$company" ]; then
  rm -f "$company" "$company"-* "$journal"
  echo "bench: creating the demo company with $N entries"
  "$BIN" demo --company "$company" --entries "$N"
  date +%F >"$stamp"
fi

# The last whole fiscal year (the demo's years are calendar years) and the 60 months ending
# with this one.
Y=$(($(date +%Y) - 1))
FROM="$Y-01-01"; TO="$Y-12-31"; NEXT="$((Y + 1))-01-01"
MFROM="$(date -d "$(date +%Y-%m-01) -59 months" +%F)"
MTO="$(date -d "$(date +%Y-%m-01) +1 month -1 day" +%F)"
MNEXT="$(date -d "$(date +%Y-%m-01) +1 month" +%F)"
echo "bench: fiscal year $FROM..$TO; monthly $MFROM..$MTO"

ms() { awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'; }
rows=()

# 1. In process.
echo "bench: in-process timings ($REPS runs after a first one)"
while IFS=$'\t' read -r name first median min detail; do
  if [ "$median" = "-" ]; then
    rows+=("| in process | $name | $(ms "$first") | | | $detail |")
  else
    rows+=("| in process | $name | $(ms "$first") | $(ms "$median") | $(ms "$min") | $detail |")
  fi
  printf 'bench: %-40s first %8s ms  median %8s ms\n' "$name" "$(ms "$first")" "$( [ "$median" = - ] && echo - || ms "$median")"
done < <("$EX/statement_timings" --company "$company" --from "$FROM" --to "$TO" \
  --monthly-from "$MFROM" --monthly-to "$MTO" --reps "$REPS")

timed() {
  local label="$1"; shift
  local tfile="$OUT/time.txt"
  if ! /usr/bin/time -v -o "$tfile" "$@" >"$OUT/last.log" 2>&1; then
    echo "bench: $label FAILED"; cat "$OUT/last.log" >&2
    rows+=("| process | $label | failed | | | |"); return 0
  fi
  local wall rss secs
  wall="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tfile")"
  rss="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tfile")"
  secs="$(awk -v t="$wall" 'BEGIN { n = split(t, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.1f", s * 1000 }')"
  printf 'bench: %-40s %10s ms, %s MiB\n' "$label" "$secs" "$((rss / 1024))"
  rows+=("| process | $label | $secs | | | peak RSS $((rss / 1024)) MiB |")
}

# 2. Whole processes: median wall time of 5 runs (date +%s%N around the process).
cli() {
  local label="$1"; shift
  local t=() i s e
  for i in 1 2 3 4 5; do
    s=$(date +%s%N)
    "$@" >"$OUT/last.log" 2>&1 || { echo "bench: $label FAILED"; cat "$OUT/last.log" >&2; rows+=("| process | $label | failed | | | |"); return 0; }
    e=$(date +%s%N)
    t+=($(((e - s) / 1000)))
  done
  local sorted; sorted=($(printf '%s\n' "${t[@]}" | sort -n))
  local bytes; bytes="$(stat -c %s "$OUT/cli.out" 2>/dev/null || echo 0)"
  local rss; rss="$(/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1)"
  printf 'bench: %-40s median %8s ms (fastest %s), %s MiB\n' "$label" "$(ms "${sorted[2]}")" "$(ms "${sorted[0]}")" "$((rss / 1024))"
  rows+=("| process | $label | $(ms "${t[0]}") | $(ms "${sorted[2]}") | $(ms "${sorted[0]}") | $bytes bytes, peak RSS $((rss / 1024)) MiB |")
}
R=("$BIN" report)
P=(--company "$company" --from "$FROM" --to "$TO" --out "$OUT/cli.out")
cli "report trial-balance csv (sums and balances)" "${R[@]}" trial-balance "${P[@]}" --format csv
cli "report trial-balance --level 3 csv" "${R[@]}" trial-balance "${P[@]}" --level 3 --format csv
cli "report trial-balance --level 3 pdf" "${R[@]}" trial-balance "${P[@]}" --level 3 --format pdf
cli "report profit-loss csv" "${R[@]}" profit-loss "${P[@]}" --format csv
cli "report profit-loss pdf" "${R[@]}" profit-loss "${P[@]}" --format pdf
cli "report balance-sheet csv" "${R[@]}" balance-sheet "${P[@]}" --format csv
cli "report balance-sheet pdf" "${R[@]}" balance-sheet "${P[@]}" --format pdf
cli "report cash-flow csv" "${R[@]}" cash-flow "${P[@]}" --format csv
cli "report cash-flow pdf" "${R[@]}" cash-flow "${P[@]}" --format pdf
M=(--company "$company" --from "$MFROM" --to "$MTO" --monthly --out "$OUT/cli.out")
cli "report profit-loss --monthly (60 months) csv" "${R[@]}" profit-loss "${M[@]}" --format csv
cli "report profit-loss --monthly (60 months) pdf" "${R[@]}" profit-loss "${M[@]}" --format pdf

# The whole year's books as files (single runs: they take seconds at 1M).
timed "report journal (fiscal year) csv" "${R[@]}" journal "${P[@]}" --format csv
timed "report journal (fiscal year) pdf" "${R[@]}" journal "${P[@]}" --format pdf
timed "report ledger (fiscal year) csv" "${R[@]}" ledger "${P[@]}" --format csv
timed "report ledger (fiscal year) pdf" "${R[@]}" ledger "${P[@]}" --format pdf

# 3. Year-end close on a copy: GNU time for wall and peak RSS, one run each.
copy="$OUT/close-copy.trastienda"
rm -f "$copy" "$copy"-*
cp "$company" "$copy"
# The first open year (the demo may have closed the ones before), then the one after it.
open_years=($("$BIN" years --company "$copy" | awk '$4 == "open" { print $1 }'))
y1="${open_years[0]}"
timed "close-year --dry-run ($y1)" "$BIN" close-year --company "$copy" --year "$y1" --dry-run
timed "close-year ($y1, $("$BIN" years --company "$copy" | awk -v y="$y1" '$1 == y { print $5 }') entries)" "$BIN" close-year --company "$copy" --year "$y1"
if ((${#open_years[@]} > 1)); then
  y2="${open_years[1]}"
  timed "close-year ($y2, $("$BIN" years --company "$copy" | awk -v y="$y2" '$1 == y { print $5 }') entries)" "$BIN" close-year --company "$copy" --year "$y2"
  timed "reopen-year ($y2)" "$BIN" reopen-year --company "$copy" --year "$y2" --reason bench
else
  timed "reopen-year ($y1)" "$BIN" reopen-year --company "$copy" --year "$y1" --reason bench
fi
rm -f "$copy" "$copy"-*

# 4. hledger and ledger on the same entries.
if [ "${SKIP_LEDGERS:-0}" != 1 ]; then
  if [ ! -s "$journal" ]; then
    timed "export to a ledger journal (examples/ledger_export)" "$EX/ledger_export" "$company" "$journal"
  fi
  echo "bench: $(du -m "$journal" | cut -f1) MiB journal, $(grep -c '^[0-9]' "$journal") transactions"
  LIMIT="${LEDGER_TIMEOUT:-900}"
  timed "hledger balance (fiscal year $Y)" timeout "$LIMIT" hledger -f "$journal" balance -b "$FROM" -e "$NEXT"
  cp "$OUT/last.log" "$OUT/hledger-balance.txt"
  timed "ledger balance (fiscal year $Y)" timeout "$LIMIT" ledger -f "$journal" balance -b "$FROM" -e "$NEXT"
  cp "$OUT/last.log" "$OUT/ledger-balance.txt"
  timed "hledger incomestatement --monthly (60 months)" timeout "$LIMIT" hledger -f "$journal" incomestatement --monthly -b "$MFROM" -e "$MNEXT"
  timed "ledger register --monthly revenues expenses (60 months)" timeout "$LIMIT" ledger -f "$journal" register --monthly -b "$MFROM" -e "$MNEXT" ^revenues ^expenses
  # Same data: sales (700) for the year as each tool sees it.
  "$BIN" report trial-balance --company "$company" --from "$FROM" --to "$TO" --format csv --out "$OUT/tb.csv" >/dev/null
  echo "bench: account 700 in $Y: trastienda $(grep '^700,' "$OUT/tb.csv" | awk -F, '{ print $NF }'), hledger $(awk '/revenues:700$/ { print $1 }' "$OUT/hledger-balance.txt"), ledger $(awk '/700$/ { print $1 }' "$OUT/ledger-balance.txt" | head -1)"
fi

report="$OUT/statements-$(date +%Y-%m-%d).md"
{
  echo "Trastienda statements benchmark — $(date -u +%Y-%m-%dT%H:%MZ), release build, $N entries, $(nproc) cores, $(uname -m)"
  echo "Fiscal year $FROM..$TO; monthly $MFROM..$MTO."
  echo
  echo "| how | measure | first ms | median ms | fastest ms | result |"
  echo "|---|---|---:|---:|---:|---|"
  printf '%s\n' "${rows[@]}"
} | tee "$report"
echo
echo "bench: saved $report"
