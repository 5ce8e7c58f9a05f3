#!/usr/bin/env bash
# Bank statement import at N movements (default 100 000), through the CLI on the release
# build, as the issue asks ("a 100k-line statement imports in < 5 s"): a Norma 43 file for one
# account is generated (valid 11/22/23/33/88 records, the end record's debit and credit
# counts and totals and the closing balance consistent, a 23 concept on every credit), a
# company is made with `init`, the account added with `bank add-account`, then timed:
# the import (every line new), the same file again (every line skipped by its fingerprint)
# and `bank unreconciled` listing every open line (all accounts, then --account: one streamed
# query into a buffered stdout; 3.01 s with numbered 1 000-line OFFSET pages before).
#   bench/bank.sh            # 100 000 movements
#   bench/bank.sh 20000      # other sizes (at most 199 998: the end record counts 5 digits)
# The table is printed at the end and saved to bench/out/bank-<date>.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/out"
N="${1:-100000}"
command -v cargo >/dev/null || export PATH="$HOME/.cargo/bin:$PATH"
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (scripts/setup-system.sh installs it)" >&2; exit 1; }
cd "$ROOT"
echo "bench: building trastienda (release)"
cargo build --release --quiet -p trastienda-cli --bin trastienda
BIN="$ROOT/target/release/trastienda"
mkdir -p "$OUT"
export TRASTIENDA_DATA_DIR="$OUT/data"
mkdir -p "$TRASTIENDA_DATA_DIR"
unset TRASTIENDA_PASSWORD

rows=()
# shellcheck source=lib.sh
. "$ROOT/bench/lib.sh"

IBAN="ES9121000418450200051332" # bank 2100, branch 0418, account 0200051332
company="$OUT/bank-$N.trastienda"
n43="$OUT/bank-$N.n43"
rm -f "$company" "$company"-*
"$BIN" init --company "$company" --name "Extractos de Prueba SL" --tax-id B12345674 \
  --address "Calle Mayor 1, 28001 Madrid" >/dev/null
"$BIN" bank add-account --company "$company" --name "Banco de prueba" --iban "$IBAN" >/dev/null

# N movements over 2026, alternating credits (a transfer with a 23 concept naming the customer)
# and debits (a receipt); amounts 1.00-5 000.99, every reference distinct.
awk -v n="$N" 'function pad(s, w) { return sprintf("%-" w "s", substr(s, 1, w)) }
BEGIN {
  opening = 5000000; td = 0; tc = 0; nd = 0; nc = 0; recs = 0;
  printf "11%s%s%s260101261231%s%014d978%s%s   \n", "2100", "0418", "0200051332", "2", opening, "3", pad("EXTRACTOS DE PRUEBA SL", 26);
  recs++;
  for (i = 1; i <= n; i++) {
    pos = (i - 1) * 12 / n; m = int(pos) + 1; d = int((pos - int(pos)) * 28) + 1;
    date = sprintf("26%02d%02d", m, d);
    amt = ((i * 7919) % 500000) + 100;
    if (i % 2) { sign = "2"; tc += amt; nc++; concept = "02"; text = "TRANSFERENCIA" }
    else { sign = "1"; td += amt; nd++; concept = "03"; text = "RECIBO" }
    printf "22    0418%s%s%s001%s%014d%010d%s%s\n", date, date, concept, sign, amt, 0, pad(sprintf("R%011d", i), 12), pad(text, 16);
    recs++;
    if (sign == "2") {
      printf "2301%s%s\n", pad(sprintf("TRANSF. DE CLIENTE %05d SL", i % 50000), 38), pad(sprintf("FRA F2026-%06d", i), 38);
      recs++;
    }
  }
  fin = opening + tc - td;
  fs = fin < 0 ? "1" : "2"; if (fin < 0) fin = -fin;
  printf "33%s%s%s%05d%014.0f%05d%014.0f%s%014.0f978    \n", "2100", "0418", "0200051332", nd, td, nc, tc, fs, fin;
  recs++;
  printf "88999999999999999999%06d%54s\n", recs, "";
}' >"$n43"
lines="$(grep -c '^22' "$n43")"

measure "import (all new)" "$lines" "$BIN" bank import --company "$company" --account "$IBAN" "$n43"
grep -q "added $lines, skipped 0" "$OUT/last.log" || { cat "$OUT/last.log" >&2; echo "bench: the first import did not add every line" >&2; exit 1; }
grep -q "matches" "$OUT/last.log" || { cat "$OUT/last.log" >&2; echo "bench: the closing balance did not match" >&2; exit 1; }
measure "import again (0 added)" "$lines" "$BIN" bank import --company "$company" --account "$IBAN" "$n43"
grep -q "added 0, skipped $lines" "$OUT/last.log" || { cat "$OUT/last.log" >&2; echo "bench: the second import added lines" >&2; exit 1; }
measure "bank unreconciled (list all)" "$lines" "$BIN" bank unreconciled --company "$company"
grep -q "^$lines unreconciled lines" "$OUT/last.log" || { tail -n 3 "$OUT/last.log" >&2; echo "bench: unreconciled did not list every line" >&2; exit 1; }
[ "$(wc -l <"$OUT/last.log")" -eq $((lines + 2)) ] || { echo "bench: unreconciled printed other than a header, the lines and the total" >&2; exit 1; }
# Newest first: the first line listed is December's, the last one January's.
sed -n 2p "$OUT/last.log" | grep -q '  2026-12-' || { sed -n 2p "$OUT/last.log" >&2; echo "bench: the newest line is not listed first" >&2; exit 1; }
tail -n 2 "$OUT/last.log" | head -n 1 | grep -q '  2026-01-01  ' || { tail -n 2 "$OUT/last.log" >&2; echo "bench: the oldest line is not listed last" >&2; exit 1; }
measure "bank unreconciled --account" "$lines" "$BIN" bank unreconciled --company "$company" --account "$IBAN"
grep -q "^$lines unreconciled lines" "$OUT/last.log" || { tail -n 3 "$OUT/last.log" >&2; echo "bench: unreconciled --account did not list every line" >&2; exit 1; }

date_tag="$(date +%Y-%m-%d)"
report="$OUT/bank-$date_tag.md"
{
  echo "Bank import, one Norma 43 account, release build, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "| step | lines | seconds | peak RSS MiB |"
  echo "|---|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "File: $(du -k "$n43" | cut -f1) KiB, $(wc -l <"$n43") records; company file after: $(du -k "$company" | cut -f1) KiB."
} | tee "$report"
