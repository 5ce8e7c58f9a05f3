#!/usr/bin/env bash
# What encryption at rest (SQLCipher) costs, through the CLI on the release build: for each size
# (default 1M demo entries) the trial balance on the plain file, the time to encrypt it
# (`trastienda password`), the trial balance and a verify on the encrypted file; then posting:
# importing a journal CSV of K entries (default 100k) into a plain and an encrypted company.
# Every command on an encrypted file pays one key derivation (PBKDF2-HMAC-SHA512, SQLCipher 4's
# default 256 000 iterations) and a quick_check that reads (and so decrypts) every page on open.
# The in-process rows time the queries alone (examples/statement_timings): the first run (pages
# read and decrypted) and the median of the 7 after it (pages in SQLite's cache, decrypted).
#   bench/encryption.sh                 # 1000000 entries, import 100000
#   bench/encryption.sh 100000 10000    # other sizes
# The table is printed at the end and saved to bench/out/encryption-<date>.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/out"
N="${1:-1000000}"
K="${2:-100000}"
command -v cargo >/dev/null || export PATH="$HOME/.cargo/bin:$PATH"
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (scripts/setup-system.sh installs it)" >&2; exit 1; }
cd "$ROOT"
echo "bench: building trastienda (release)"
cargo build --release --quiet -p trastienda-cli --bin trastienda --example statement_timings
BIN="$ROOT/target/release/trastienda"
TIMINGS="$ROOT/target/release/examples/statement_timings"
mkdir -p "$OUT"
export TRASTIENDA_DATA_DIR="$OUT/data"
mkdir -p "$TRASTIENDA_DATA_DIR"
unset TRASTIENDA_PASSWORD
PW="banco de pruebas 2026"

rows=()
# shellcheck source=lib.sh
. "$ROOT/bench/lib.sh"

demo="$OUT/crypt-demo-$N.trastienda"
rm -f "$demo" "$demo"-*
echo "bench: making the $N-entry demo company"
"$BIN" demo --company "$demo" --entries "$N" >/dev/null
# In-process timings (the query alone, no process start or open): median of 7 runs, in µs.
YEAR="$(date +%Y)"
in_process() { # LABEL: appends the in-process trial balance and statement medians as rows
  "$TIMINGS" --company "$demo" --from "$YEAR-01-01" --to "$YEAR-12-31" \
    --monthly-from "$((YEAR - 1))-12-01" --monthly-to "$YEAR-11-30" >"$OUT/timings.txt"
  while IFS=$'\t' read -r name first median _min _what; do
    case "$name" in
      "open company") rows+=("| open (quick_check), in process, $1 | $N | $(awk -v u="$first" 'BEGIN { printf "%.3f", u / 1e6 }') | - |") ;;
      "trial balance (sums and balances)"|"balance sheet"|"profit and loss")
        rows+=("| $name, in process, first run, $1 | $N | $(awk -v u="$first" 'BEGIN { printf "%.4f", u / 1e6 }') | - |")
        rows+=("| $name, in process, median of 7, $1 | $N | $(awk -v u="$median" 'BEGIN { printf "%.4f", u / 1e6 }') | - |") ;;
    esac
  done <"$OUT/timings.txt"
}
in_process plain
measure "trial balance, plain" "$N" "$BIN" report trial-balance --company "$demo" --format csv --out "$OUT/tb-plain.csv"
measure "verify audit, plain" "$N" "$BIN" verify audit --company "$demo"
measure "set password (encrypt)" "$N" env TRASTIENDA_NEW_PASSWORD="$PW" "$BIN" password --company "$demo"
TRASTIENDA_PASSWORD="$PW" in_process encrypted
measure "trial balance, encrypted" "$N" env TRASTIENDA_PASSWORD="$PW" "$BIN" report trial-balance --company "$demo" --format csv --out "$OUT/tb-enc.csv"
measure "verify audit, encrypted" "$N" env TRASTIENDA_PASSWORD="$PW" "$BIN" verify audit --company "$demo"
cmp -s "$OUT/tb-plain.csv" "$OUT/tb-enc.csv" || { echo "bench: the trial balances differ after encryption" >&2; exit 1; }

csv="$OUT/crypt-journal-$K.csv"
journal_csv "$K" "$csv"
for kind in plain encrypted; do
  f="$OUT/crypt-import-$kind.trastienda"
  rm -f "$f" "$f"-*
  "$BIN" init --company "$f" --name "Bench SL" --tax-id B12345674 --template es-pymes >/dev/null
  if [ "$kind" = encrypted ]; then
    TRASTIENDA_NEW_PASSWORD="$PW" "$BIN" password --company "$f" >/dev/null
    measure "import journal, encrypted" "$K" env TRASTIENDA_PASSWORD="$PW" "$BIN" import journal --company "$f" --create-accounts "$csv"
  else
    measure "import journal, plain" "$K" "$BIN" import journal --company "$f" --create-accounts "$csv"
  fi
  rm -f "$f" "$f"-*
done
rm -f "$demo" "$demo"-* "$csv"

report="$OUT/encryption-$(date +%Y-%m-%d).md"
{
  echo "Trastienda encryption benchmark — $(date -u +%Y-%m-%dT%H:%MZ), release build, $(nproc) cores, $(uname -m)"
  echo
  echo "| step | entries | wall s | peak RSS MiB |"
  echo "|---|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
} | tee "$report"
echo
echo "bench: saved $report"
