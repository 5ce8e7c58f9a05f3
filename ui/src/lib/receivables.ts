//! Pure helpers of the receivables screens: the amounts typed in a payment form, where each
//! server problem goes, the half-years a late-payment interest claim crosses. Testable.

import type { ProblemDto } from './generated';
import { parseWire, toWire, tryParseInput, type Cents, type MoneyLocale } from './money';

/** One open invoice in the payment form, with what the user applies to it (as typed). */
export interface AllocationLine {
  invoice_id: number;
  number: string;
  due_date: string | null;
  open: string;
  apply: string;
}

export interface PaymentAmounts {
  /** The payment, null while it is not a valid amount. */
  amount: Cents | null;
  /** What the lines apply, counting only valid amounts. */
  applied: Cents;
  /** amount − applied (null while the amount is not valid). */
  unapplied: Cents | null;
  /** Lines whose text is not an amount (their index). */
  invalid: number[];
}

export function paymentAmounts(amount: string, lines: readonly AllocationLine[], locale: MoneyLocale): PaymentAmounts {
  const a = tryParseInput(amount, locale);
  let applied = 0n;
  const invalid: number[] = [];
  lines.forEach((l, i) => {
    const r = tryParseInput(l.apply, locale);
    if (!r.ok) invalid.push(i);
    else if (r.value !== null) applied += r.value;
  });
  const value = a.ok ? a.value : null;
  return { amount: value, applied, unapplied: value === null ? null : value - applied, invalid };
}

/** The allocations to send: the lines with an amount, as wire strings (invalid ones as typed, so the server names them). */
export function allocationsToSend(lines: readonly AllocationLine[], locale: MoneyLocale): { invoice_id: number; amount: string }[] {
  const out: { invoice_id: number; amount: string }[] = [];
  for (const l of lines) {
    if (l.apply.trim() === '') continue;
    const r = tryParseInput(l.apply, locale);
    out.push({ invoice_id: l.invoice_id, amount: r.ok && r.value !== null ? toWire(r.value) : l.apply.trim() });
  }
  return out;
}

/**
 * Fills the lines oldest due first with `amount` (what "apply automatically" does), each up to
 * what it has open; returns new lines.
 */
export function spread(amount: Cents, lines: readonly AllocationLine[], locale: MoneyLocale): AllocationLine[] {
  let left = amount;
  return lines.map((l) => {
    const has = parseWire(l.open);
    const take = left <= 0n ? 0n : left < has ? left : has;
    left -= take;
    const wire = toWire(take);
    return { ...l, apply: take === 0n ? '' : locale === 'es' ? wire.replace('.', ',') : wire };
  });
}

/**
 * Where a payment problem goes: an allocation's amount (sent rows are 1-based in the order of
 * the lines that had an amount) to `alloc.<invoice id>`, the rest to their field.
 */
export function paymentProblemKey(p: ProblemDto, sent: readonly { invoice_id: number }[]): string {
  if (p.row !== null && p.row !== undefined && (p.field === 'amount' || p.field === 'invoice_id')) {
    const a = sent[p.row - 1];
    if (a) return `alloc.${a.invoice_id}`;
  }
  return p.field ?? '';
}

export function problemsByKey(problems: readonly ProblemDto[], key: (p: ProblemDto) => string): Record<string, ProblemDto> {
  const out: Record<string, ProblemDto> = {};
  for (const p of problems) {
    const k = key(p);
    if (k && !(k in out)) out[k] = p;
  }
  return out;
}

/** The calendar half-years from the day after `due` to `until` (both "YYYY-MM-DD"), oldest first. */
export function halfYears(due: string, until: string): { year: number; half: 1 | 2 }[] {
  const [dy, dm, dd] = due.split('-').map(Number) as [number, number, number];
  const [uy, um] = until.split('-').map(Number) as [number, number];
  // The day after the due date.
  const next = new Date(Date.UTC(dy, dm - 1, dd + 1));
  let year = next.getUTCFullYear();
  let half: 1 | 2 = next.getUTCMonth() < 6 ? 1 : 2;
  const endHalf: 1 | 2 = um <= 6 ? 1 : 2;
  const out: { year: number; half: 1 | 2 }[] = [];
  if (until < due) return out;
  while (year < uy || (year === uy && half <= endHalf)) {
    out.push({ year, half });
    if (half === 1) half = 2;
    else {
      half = 1;
      year += 1;
    }
    if (out.length > 40) break;
  }
  return out;
}

/** The next reminder level for an invoice that has had `sent` (1..3), or null after the final notice. */
export function nextLevel(sent: readonly number[]): 1 | 2 | 3 | null {
  const top = sent.length === 0 ? 0 : Math.max(...sent);
  return top >= 3 ? null : ((top + 1) as 1 | 2 | 3);
}
