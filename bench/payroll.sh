#!/usr/bin/env bash
# A month's payroll for N employees (default 500), through the CLI on the release build, as the
# issue asks ("computed, posted and printed as PDFs in < 10 s"): the employees are imported from
# a generated CSV (valid NIFs and Social Security numbers, mixed groups, contracts, part time,
# 12 or 14 payments), then `payroll run --approve` computes every payslip and posts the run in
# one transaction, and `payroll payslips` writes the whole run as one PDF (a page each) and as
# CSV. The UI shows the PDF's progress from `pay_run_pdf_progress` while it is written.
#   bench/payroll.sh          # 500 employees
#   bench/payroll.sh 2000     # other sizes
# The table is printed at the end and saved to bench/out/payroll-<date>.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/out"
N="${1:-500}"
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

YEAR="$(date +%Y)"
MONTH="$YEAR-$(date +%m)"
company="$OUT/payroll-$N.trastienda"
csv="$OUT/payroll-$N.csv"
rm -f "$company" "$company"-*
"$BIN" init --company "$company" --name "Nóminas de Prueba SL" --tax-id B12345674 \
  --address "Calle Mayor 1, 28001 Madrid" >/dev/null
# N employees: NIF = 8 digits + letter (mod 23), SS number = province 28 + 8 digits + mod-97.
awk -v n="$N" -v year="$YEAR" 'BEGIN {
  L = "TRWAGMYFPDXBNJZSQVHLCKE";
  print "nif,name,ss_number,birth_date,iban,contract_type,start_date,end_date,part_time_pct,group,base_salary,complement,payments,prorate_extras,irpf_pct";
  for (i = 1; i <= n; i++) {
    num = 10000000 + i * 7919;
    nif = sprintf("%08d%s", num, substr(L, (num % 23) + 1, 1));
    ssn = 20000000 + i;
    ctl = (28 * 100000000 + ssn) % 97;
    ss = sprintf("28%08d%02d", ssn, ctl);
    group = (i % 11) + 1;
    temporal = (i % 5 == 0);
    part = (i % 7 == 0) ? 50 : 100;
    base = 1300 + (i % 40) * 95;
    if (i % 97 == 0) base = 6200;
    printf "%s,Empleado %04d,%s,1985-01-01,ES9121000418450200051332,%s,%d-01-01,%s,%d,%d,%d.00,%d.50,%d,%s,%d\n",
      nif, i, ss, temporal ? "temporal" : "indefinido", year, temporal ? sprintf("%d-12-31", year) : "",
      part, group, base, (i % 3) * 60, (i % 2) ? 14 : 12, (i % 4 == 0) ? "yes" : "no", 8 + (i % 15);
  }
}' >"$csv"
measure "import employees (CSV)" "$N" "$BIN" employee import --company "$company" "$csv"
measure "compute and post the run" "$N" "$BIN" payroll run --company "$company" --month "$MONTH" --approve
measure "payslips PDF (whole run)" "$N" "$BIN" payroll payslips --company "$company" --month "$MONTH" --out "$OUT/payroll-$N.pdf"
measure "payslips CSV" "$N" "$BIN" payroll payslips --company "$company" --month "$MONTH" --out "$OUT/payroll-$N-slips.csv" --format csv
pages="$(pdfinfo "$OUT/payroll-$N.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')"
[ "$pages" = "$N" ] || { echo "bench: the PDF has $pages pages, not $N" >&2; exit 1; }

date_tag="$(date +%Y-%m-%d)"
report="$OUT/payroll-$date_tag.md"
{
  echo "Payroll, $N employees, release build, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "| step | employees | seconds | peak RSS MiB |"
  echo "|---|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "PDF: $pages pages, $(du -k "$OUT/payroll-$N.pdf" | cut -f1) KiB."
} | tee "$report"
