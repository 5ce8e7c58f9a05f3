//! Pure helpers of the payables screens: a supplier's open bills as lines of the payment form
//! (several due dates of one bill are one line), what the ticked lines add up to, where a server
//! problem goes, a payment run's transfers per supplier, the message key of a VAT treatment.
//! Money stays in cents (bigint) or wire strings; testable.

import type { OpenBillView, ProblemDto, RunItemView } from './generated';
import { parseWire, toWire, tryParseInput, type Cents, type MoneyLocale } from './money';

/** One open bill in a form: the payment form (amount to apply) or the payment run (ticked or not). */
export interface BillLine {
  bill_id: number;
  supplier_id: number;
  supplier_name: string;
  number: string;
  /** The earliest due date still open. */
  due_date: string;
  /** What is open, wire string. */
  open: string;
  days_overdue: number;
  pay: boolean;
  /** What to apply, as typed ("1.234,56" in Spanish). */
  apply: string;
}

/** A wire amount as the user would type it in `locale`. */
export function typed(wire: string, locale: MoneyLocale): string {
  return locale === 'es' ? wire.replace('.', ',') : wire;
}

/**
 * The open bills (one row per due date from the api) as one line per bill with something open,
 * earliest due first; `apply` prefilled with what is open, `pay` as given.
 */
export function billLines(open: readonly OpenBillView[], locale: MoneyLocale, pay = false): BillLine[] {
  const byBill = new Map<number, BillLine & { cents: Cents }>();
  for (const o of open) {
    const cents = parseWire(o.open);
    const had = byBill.get(o.bill_id);
    if (had) {
      had.cents += cents;
      if (o.due_date < had.due_date) had.due_date = o.due_date;
      had.days_overdue = Math.max(had.days_overdue, o.days_overdue);
    } else {
      byBill.set(o.bill_id, {
        bill_id: o.bill_id,
        supplier_id: o.supplier_id,
        supplier_name: o.supplier_name,
        number: o.supplier_number,
        due_date: o.due_date,
        open: '',
        days_overdue: o.days_overdue,
        pay,
        apply: '',
        cents,
      });
    }
  }
  return [...byBill.values()]
    .filter((l) => l.cents > 0n)
    .sort((a, b) => (a.due_date === b.due_date ? a.bill_id - b.bill_id : a.due_date < b.due_date ? -1 : 1))
    .map(({ cents, ...l }) => ({ ...l, open: toWire(cents), apply: typed(toWire(cents), locale) }));
}

export interface SupplierPaymentAmounts {
  /** The payment, null while it is not a valid amount (or empty). */
  amount: Cents | null;
  /** What the ticked lines apply (valid amounts only). */
  applied: Cents;
  /** amount − applied; null while the amount is not valid. Positive: left as an advance. */
  advance: Cents | null;
  /** Ticked lines whose text is not an amount (their index). */
  invalid: number[];
  /** Ticked lines applying more than they have open (their index). */
  over: number[];
}

export function supplierPaymentAmounts(amount: string, lines: readonly BillLine[], locale: MoneyLocale): SupplierPaymentAmounts {
  const a = tryParseInput(amount, locale);
  let applied = 0n;
  const invalid: number[] = [];
  const over: number[] = [];
  lines.forEach((l, i) => {
    if (!l.pay) return;
    const r = tryParseInput(l.apply, locale);
    if (!r.ok) invalid.push(i);
    else if (r.value !== null) {
      applied += r.value;
      if (r.value > parseWire(l.open)) over.push(i);
    }
  });
  const value = a.ok ? a.value : null;
  return { amount: value, applied, advance: value === null ? null : value - applied, invalid, over };
}

/** The ticked lines as allocations (wire amounts; what is not an amount is sent as typed so the server names it). */
export function billAllocations(lines: readonly BillLine[], locale: MoneyLocale): { bill_id: number; amount: string }[] {
  const out: { bill_id: number; amount: string }[] = [];
  for (const l of lines) {
    if (!l.pay || l.apply.trim() === '') continue;
    const r = tryParseInput(l.apply, locale);
    out.push({ bill_id: l.bill_id, amount: r.ok && r.value !== null ? toWire(r.value) : l.apply.trim() });
  }
  return out;
}

/**
 * Where a payment problem goes: an allocation's (rows are 1-based over what was sent) to
 * `alloc.<bill id>`, the rest to its field.
 */
export function supplierPaymentProblemKey(p: ProblemDto, sent: readonly { bill_id: number }[]): string {
  if (p.row !== null && p.row !== undefined && (p.field === 'amount' || p.field === 'bill_id')) {
    const a = sent[p.row - 1];
    if (a) return `alloc.${a.bill_id}`;
  }
  return p.field ?? '';
}

/** One transfer of a payment run: a supplier, its bills, the sum. */
export interface Transfer {
  supplier_id: number;
  supplier_name: string;
  bills: RunItemView[];
  total: string;
}

/** The run's items grouped per supplier (one SEPA transfer each), in the order they come. */
export function transfers(items: readonly RunItemView[]): Transfer[] {
  const out = new Map<number, { t: Transfer; cents: Cents }>();
  for (const it of items) {
    const had = out.get(it.supplier_id);
    if (had) {
      had.t.bills.push(it);
      had.cents += parseWire(it.amount);
    } else out.set(it.supplier_id, { t: { supplier_id: it.supplier_id, supplier_name: it.supplier_name, bills: [it], total: '' }, cents: parseWire(it.amount) });
  }
  return [...out.values()].map(({ t, cents }) => ({ ...t, total: toWire(cents) }));
}

/** What the ticked lines of a run add up to. */
export function tickedTotal(lines: readonly BillLine[]): Cents {
  let s = 0n;
  for (const l of lines) if (l.pay) s += parseWire(l.open);
  return s;
}

export const TREATMENTS = ['deductible', 'recargo', 'intra_eu', 'non_deductible'] as const;
export type Treatment = (typeof TREATMENTS)[number];

/** The message key of a VAT treatment code; null for a code the UI does not know (shown as is). */
export function treatmentKey(code: string): `payables.treatment.${Treatment}` | null {
  return (TREATMENTS as readonly string[]).includes(code) ? (`payables.treatment.${code as Treatment}` as const) : null;
}


/** Why a run left a bill out, in the user's language: a message key and its params, or null (show the server's text). */
export function skipReason(reason: string): { key: 'run.reason.blocked' | 'run.reason.noIban' | 'run.reason.pending'; params: Record<string, string> } | null {
  const blocked = /^the supplier is blocked \((.*)\)$/.exec(reason);
  if (blocked) return { key: 'run.reason.blocked', params: { reason: blocked[1] ?? '' } };
  if (reason.startsWith('the supplier has no IBAN')) return { key: 'run.reason.noIban', params: {} };
  if (reason.startsWith('already in a payment run')) return { key: 'run.reason.pending', params: {} };
  return null;
}

/** Days from `due` to `today` ("YYYY-MM-DD"), 0 when not yet due. */
export function daysOverdue(due: string, today: string): number {
  const d = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${due}T00:00:00Z`)) / 86_400_000;
  return d > 0 ? Math.round(d) : 0;
}
