#!/usr/bin/env bash
# E-mail import at N messages (default 1 000), through the CLI on the release build, as the
# issue asks ("importing a 1,000-message mbox < 10 s with a progress bar"; the UI's bar polls
# mail_import_progress). A mailbox is generated: messages from 60 senders in Spanish and
# English across the five piles (invoices, payment advices, complaints, orders, newsletters),
# quoted-printable bodies, every 4th with a one-page PDF invoice (distinct per message, so each
# is stored and its text read) and every 10th with a Facturae XML. A company is made with
# `init` and two suppliers imported so some senders match, then timed: the import (every
# message new) and the same file again (every message skipped by its Message-ID).
#   bench/mail.sh            # 1 000 messages
#   bench/mail.sh 5000       # other sizes
# The table is printed at the end and saved to bench/out/mail-<date>.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/out"
N="${1:-1000}"
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

company="$OUT/mail-$N.trastienda"
mbox="$OUT/mail-$N.mbox"
rm -f "$company" "$company"-*
"$BIN" init --company "$company" --name "Correo de Prueba SL" --tax-id B12345674 >/dev/null
sup="$OUT/mail-suppliers.csv"
"$BIN" supplier export --company "$company" --out "$sup" >/dev/null
head -n 1 "$sup" > "$sup.tmp"
python3 - "$sup.tmp" <<'PY'
import csv, sys
p = sys.argv[1]
header = open(p, encoding="utf-8-sig").read().strip().split(",")
rows = []
for name, email in [("Papelera del Norte SA", "facturas@papeleranorte.es"), ("Acme Office Supplies Ltd", "billing@acme-office.co.uk")]:
    r = {h: "" for h in header}
    r.update({"legal_name": name, "email": email, "country": "ES"})
    for k, v in [("payment_days", "30"), ("vat_treatment", "deductible"), ("status", "active")]:
        if k in r: r[k] = v
    rows.append(r)
with open(p, "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=header)
    w.writeheader(); w.writerows(rows)
PY
"$BIN" supplier import --company "$company" "$sup.tmp" >/dev/null || echo "bench: (the suppliers could not be imported; every sender stays unmatched)"

python3 - "$N" "$mbox" <<'PY'
import base64, quopri, sys
n, out = int(sys.argv[1]), sys.argv[2]

def pdf(text):
    content = f"BT /F1 12 Tf 72 760 Td ({text}) Tj ET".encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    o = b"%PDF-1.4\n"; offs = []
    for i, x in enumerate(objs, 1):
        offs.append(len(o)); o += b"%d 0 obj\n" % i + x + b"\nendobj\n"
    xref = len(o)
    o += b"xref\n0 6\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % x for x in offs)
    o += b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return o

kinds = [
    ("Factura F-2026-{i:05d}", "Adjuntamos la factura F-2026-{i:05d}. Vencimiento a 30 días.\nUn saludo."),
    ("Justificante de transferencia {i}", "Os adjunto el justificante de la transferencia de la factura {i}."),
    ("Reclamación del pedido {i}: producto defectuoso", "El pedido {i} llegó con dos unidades rotas. Solicitamos reposición."),
    ("Nuevo pedido {i}", "Necesitamos 12 cajas de vasos y 4 de servilletas para el pedido {i}."),
    ("Boletín semanal {i}", "Novedades de la semana.\nSi no quiere recibirlo más, puede darse de baja aquí."),
    ("Invoice INV-{i:06d}", "Please find attached our invoice INV-{i:06d}. Amount due in 30 days."),
    ("Remittance advice {i}", "Please be advised that payment for your invoices will be made on Friday."),
    ("Purchase order PO-{i}", "Please supply 40 units as per our agreement."),
]
senders = [f"contacto{k}@empresa{k}.es" for k in range(58)] + ["facturas@papeleranorte.es", "billing@acme-office.co.uk"]
with open(out, "wb") as f:
    for i in range(1, n + 1):
        subj, body = kinds[i % len(kinds)]
        subj, body = subj.format(i=i), body.format(i=i) + f"\n\nReferencia interna {i}.\n" + "Texto de relleno. " * 20
        frm = senders[i % len(senders)]
        day = 1 + i % 28
        head = (f"From: Remitente {i % len(senders)} <{frm}>\nTo: admin@correodeprueba.es\n"
                f"Date: Mon, {day} Mar 2026 09:{i % 60:02d}:00 +0100\nSubject: =?UTF-8?Q?{quopri.encodestring(subj.encode(), header=True).decode()}?=\n"
                f"Message-ID: <bench-{i}@mail.trastienda.test>\nMIME-Version: 1.0\n")
        text = ("Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
                + quopri.encodestring(body.encode()).decode())
        atts = []
        if i % 4 == 0:
            atts.append((f"factura-{i}.pdf", "application/pdf", pdf(f"Factura F-2026-{i:05d} importe {i * 7 % 1000},00 EUR")))
        if i % 10 == 0:
            atts.append((f"facturae-{i}.xml", "application/xml", f"<?xml version='1.0'?><Facturae><Number>{i}</Number></Facturae>".encode()))
        if atts:
            msg = head + f'Content-Type: multipart/mixed; boundary="b{i}"\n\n--b{i}\n' + text + "\n"
            for name, ct, data in atts:
                b64 = base64.b64encode(data).decode()
                msg += (f'--b{i}\nContent-Type: {ct}; name="{name}"\nContent-Disposition: attachment; filename="{name}"\n'
                        "Content-Transfer-Encoding: base64\n\n" + "\n".join(b64[k:k + 76] for k in range(0, len(b64), 76)) + "\n")
            msg += f"--b{i}--\n"
        else:
            msg = head + text
        f.write(f"From bench@trastienda.test Mon Mar  2 09:00:00 2026\n".encode() + msg.encode() + b"\n")
PY
count="$(grep -c '^From ' "$mbox")"

measure "mail import (all new)" "$count" "$BIN" mail import --company "$company" "$mbox"
grep -q "$count imported, 0 already imported" "$OUT/last.log" || { cat "$OUT/last.log" >&2; echo "bench: the first import did not take every message" >&2; exit 1; }
atts="$(sed -n 's/.*already imported, \([0-9]*\) attachment.*/\1/p' "$OUT/last.log")"
piles="$(sed -n 's/^  piles: //p' "$OUT/last.log")"
measure "mail import again (0 added)" "$count" "$BIN" mail import --company "$company" "$mbox"
grep -q "0 imported, $count already imported" "$OUT/last.log" || { cat "$OUT/last.log" >&2; echo "bench: the second import added messages" >&2; exit 1; }

date_tag="$(date +%Y-%m-%d)"
report="$OUT/mail-$date_tag.md"
{
  echo "E-mail import, release build, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "| step | messages | seconds | peak RSS MiB |"
  echo "|---|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Mailbox: $(du -k "$mbox" | cut -f1) KiB, $atts attachments archived; piles: $piles; company file after: $(du -k "$company" | cut -f1) KiB."
} | tee "$report"
