//! Pure helpers of the invoice and quote screens: the line editor's rows to and from the
//! wire, problems keyed by line and field, and the list's totals. Amounts stay strings and
//! BigInt cents (lib/money); the api computes every total (a saved draft returns them).

import type { InvoiceLineInput, InvoiceLineView, InvoiceListRow, ProblemDto } from './generated';
import { parseWire, sum, toWire, tryParseInput, type MoneyLocale } from './money';

export const LINE_TAXES = ['21', '10', '4', '0', 'E1', 'E2', 'E3', 'E4', 'E5', 'E6'] as const;
export const INVOICE_STATES = ['draft', 'issued', 'template'] as const;
export const WITHHOLDINGS = ['', '15', '7', '19'] as const;

/** One line as typed (numbers in the user's locale: "1,5", "45,50"). */
export interface EditLine {
  description: string;
  quantity: string;
  unit_price: string;
  discount_pct: string;
  tax: string;
}

export function emptyLine(): EditLine {
  return { description: '', quantity: '1', unit_price: '', discount_pct: '', tax: '21' };
}

/** A quantity or percentage typed in the locale ("1,5", "1.5") as the wire's "1.5". */
export function decimalToWire(s: string, locale: MoneyLocale): string {
  const t = s.trim().replace(/\s/g, '');
  if (locale === 'es') {
    // "1.234,5" -> "1234.5"; a lone '.' is a decimal point as typed ("1.5").
    return t.includes(',') ? t.replace(/\./g, '').replace(',', '.') : t;
  }
  return t.replace(/,/g, '');
}

/** A wire decimal ("1.5") as typed in the locale ("1,5"). */
export function decimalFromWire(s: string, locale: MoneyLocale): string {
  return locale === 'es' ? s.replace('.', ',') : s;
}

/** The rows as the api takes them; a price that does not parse is sent as typed, so the api names it. */
export function linesToWire(lines: readonly EditLine[], locale: MoneyLocale): InvoiceLineInput[] {
  return lines.map((l) => {
    const p = tryParseInput(l.unit_price, locale);
    return {
      description: l.description,
      quantity: decimalToWire(l.quantity, locale),
      unit_price: p.ok && p.value !== null ? toWire(p.value) : l.unit_price.trim(),
      discount_pct: l.discount_pct.trim() === '' ? undefined : decimalToWire(l.discount_pct, locale),
      tax: l.tax,
    };
  });
}

/** Saved lines back into the editor. */
export function linesFromView(lines: readonly InvoiceLineView[], locale: MoneyLocale): EditLine[] {
  return lines.map((l) => ({
    description: l.description,
    quantity: decimalFromWire(l.quantity, locale),
    unit_price: decimalFromWire(l.unit_price, locale),
    discount_pct: l.discount_pct === '0' ? '' : decimalFromWire(l.discount_pct, locale),
    tax: l.tax,
  }));
}

/**
 * Problems keyed where the screen shows them: a line's as "<row>.<field>" (row 1-based, as the
 * api numbers lines), the others by field; a line problem without a field under "<row>.".
 * The first problem of each place wins.
 */
export function problemsByPlace(problems: readonly ProblemDto[]): Record<string, ProblemDto> {
  const out: Record<string, ProblemDto> = {};
  for (const p of problems) {
    const key = p.row !== null ? `${p.row}.${p.field ?? ''}` : (p.field ?? '');
    if (!(key in out)) out[key] = p;
  }
  return out;
}

/** Totals of the listed issued invoices (drafts and templates count for nothing yet). */
export function listTotals(rows: readonly InvoiceListRow[]): { total: bigint; open: bigint; count: number } {
  const issued = rows.filter((r) => r.state === 'issued');
  return { total: sum(issued.map((r) => r.total)), open: sum(issued.map((r) => r.open)), count: issued.length };
}

/** A tax code as printed: "21 %", "Exenta (E1)". */
export function taxText(tax: string, exempt: (cause: string) => string): string {
  return /^E\d$/.test(tax) ? exempt(tax) : tax === 'ISP' ? 'ISP' : `${tax} %`;
}

/**
 * The message key (in i18n-invoices) for an invoice problem the generic texts say badly (they
 * speak of journal entries and amounts), with its params; null to use the generic text.
 */
export function invoiceProblemKey(p: ProblemDto): { key: string; params: Record<string, string> } | null {
  const params: Record<string, string> = { ...(p.params as Record<string, string>) };
  if (p.code === 'too_few_lines') return { key: 'invoices.problem.noLines', params };
  if (p.field === 'total' && p.code === 'out_of_range' && params.limit) return { key: 'invoices.problem.simplifiedLimit', params };
  if (p.field === 'customer_id' && p.code === 'required') return { key: 'invoices.problem.customerRequired', params };
  if (p.code === 'invalid_amount' && (p.field === 'quantity' || p.field === 'discount_pct' || p.field === 'withholding_pct'))
    return { key: `invoices.problem.${p.field}`, params: { value: params.value ?? '' } };
  return null;
}

/** The most a simplified invoice (ticket) may total, VAT included: 400 € (RD 1619/2012 art. 4). */
export const SIMPLIFIED_LIMIT = '400.00';

/** Whether a total (wire string) is over the simplified invoice's limit. */
export function overSimplifiedLimit(total: string): boolean {
  try {
    const c = parseWire(total);
    return (c < 0n ? -c : c) > parseWire(SIMPLIFIED_LIMIT);
  } catch {
    return false;
  }
}

/** A VAT-excluded wire price with its VAT rate added ("100.00" at "21" -> "121.00"), rounded to the cent; exempt and other codes unchanged. */
export function withVat(price: string, tax: string): string {
  if (!/^\d+$/.test(tax)) return price;
  try {
    const c = parseWire(price) * (100n + BigInt(tax));
    const neg = c < 0n;
    const a = neg ? -c : c;
    const r = (a + 50n) / 100n;
    return toWire(neg ? -r : r);
  } catch {
    return price;
  }
}
