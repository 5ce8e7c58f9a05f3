//! Pure helpers of the supplier bill screens: the line editor's rows to and from the wire, a
//! bill prefilled from a purchase order (what was received), the differences between the
//! order and the bill as typed, and the quick-expense categories. Amounts stay strings and
//! BigInt cents (lib/money); the api computes every total (preview_bill).

import type { BillInputDto, BillLineInputDto, BillView, OrderForBillingDto, ProblemDto } from './generated';
import { decimalFromWire, decimalToWire } from './invoices';
import { parseWire, toWire, tryParseInput, type MoneyLocale } from './money';

export const BILL_RATES = ['21', '10', '4', '0'] as const;
export const BILL_KINDS = ['bill', 'credit', 'expense'] as const;
export const VAT_TREATMENTS = ['deductible', 'recargo', 'intra_eu', 'non_deductible'] as const;

/** The quick expense's second field: what it was for, as the expense account it posts to. */
export const EXPENSE_CATEGORIES = [
  { account: '629', key: 'bill.cat.629' },
  { account: '628', key: 'bill.cat.628' },
  { account: '627', key: 'bill.cat.627' },
  { account: '624', key: 'bill.cat.624' },
  { account: '622', key: 'bill.cat.622' },
  { account: '626', key: 'bill.cat.626' },
  { account: '602', key: 'bill.cat.602' },
] as const;

/** One line as typed (numbers in the user's locale). */
export interface BillEditLine {
  description: string;
  quantity: string;
  unit_price: string;
  vat_rate: string;
  account: string;
  /** The purchase order line it bills. */
  order_line_no: number | null;
}

export function emptyBillLine(account = ''): BillEditLine {
  return { description: '', quantity: '1', unit_price: '', vat_rate: '21', account, order_line_no: null };
}

/** A price typed in the locale as the wire's "12.50"; what does not parse goes as typed, so the api names it. */
function priceToWire(s: string, locale: MoneyLocale): string {
  const p = tryParseInput(s, locale);
  return p.ok && p.value !== null ? toWire(p.value) : s.trim();
}

export function billLinesToWire(lines: readonly BillEditLine[], locale: MoneyLocale): BillLineInputDto[] {
  return lines.map((l) => ({
    description: l.description,
    quantity: decimalToWire(l.quantity, locale),
    unit_price: priceToWire(l.unit_price, locale),
    vat_rate: l.vat_rate,
    account: l.account.trim() === '' ? undefined : l.account.trim(),
    order_line_no: l.order_line_no ?? undefined,
  }));
}

/** The form's fields as the api takes them. */
export interface BillForm {
  supplierId: number | null;
  number: string;
  date: string;
  total: string;
  treatment: string;
  irpf: string;
  dueDates: string[];
  description: string;
  orderId: number | null;
  correctsId: number | null;
  lines: BillEditLine[];
}

export function billToWire(f: BillForm, locale: MoneyLocale): BillInputDto {
  return {
    supplier_id: f.supplierId ?? 0,
    supplier_number: f.number,
    date: f.date,
    lines: billLinesToWire(f.lines, locale),
    vat_treatment: f.treatment || undefined,
    irpf_pct: f.irpf.trim() === '' ? undefined : decimalToWire(f.irpf, locale),
    total: f.total.trim() === '' ? '0' : priceToWire(f.total, locale),
    due_dates: f.dueDates.filter((d) => d !== ''),
    corrects_id: f.correctsId ?? undefined,
    order_id: f.orderId ?? undefined,
    description: f.description,
  };
}

/** The lines of a bill for what an order received (nothing received: what was ordered). */
export function linesFromOrder(o: OrderForBillingDto, locale: MoneyLocale): BillEditLine[] {
  return o.lines.map((l) => {
    const q = l.quantity_received === '0' ? l.quantity_ordered : l.quantity_received;
    return {
      description: l.description,
      quantity: decimalFromWire(q, locale),
      unit_price: decimalFromWire(l.unit_price, locale),
      vat_rate: l.tax,
      account: l.account ?? '',
      order_line_no: l.line_no,
    };
  });
}

/** The lines of a credit bill for a bill: every quantity negated, to be trimmed to what is credited. */
export function creditLinesFor(b: BillView, locale: MoneyLocale): BillEditLine[] {
  return b.lines.map((l) => ({
    description: l.description,
    quantity: decimalFromWire(l.quantity.startsWith('-') ? l.quantity.slice(1) : `-${l.quantity}`, locale),
    unit_price: decimalFromWire(l.unit_price, locale),
    vat_rate: l.vat_rate,
    account: l.account,
    order_line_no: null,
  }));
}

/** A difference between an order line and the bill as typed. */
export interface OrderDifference {
  line_no: number;
  description: string;
  /** "quantity": billed ≠ received; "price": the bill's price ≠ the order's; "missing": not on the bill. */
  what: 'quantity' | 'price' | 'missing';
  ordered: string;
  received: string;
  billed: string;
  orderPrice: string;
  billPrice: string;
}

function sameDecimal(a: string, b: string): boolean {
  const n = (s: string) => {
    const t = s.trim();
    if (!/^[+-]?\d+(\.\d+)?$/.test(t)) return t;
    const [i, f = ''] = t.replace(/^\+/, '').split('.');
    const frac = f.replace(/0+$/, '');
    const int = (i ?? '').replace(/^(-?)0+(?=\d)/, '$1');
    return frac ? `${int}.${frac}` : int;
  };
  return n(a) === n(b);
}

function samePrice(a: string, b: string): boolean {
  try {
    return parseWire(a) === parseWire(b);
  } catch {
    return false;
  }
}

/** What the bill as typed bills differently from what the order received, line by line. */
export function orderDifferences(o: OrderForBillingDto, lines: readonly BillEditLine[], locale: MoneyLocale): OrderDifference[] {
  const out: OrderDifference[] = [];
  for (const ol of o.lines) {
    const billed = lines.filter((l) => l.order_line_no === ol.line_no);
    const base = {
      line_no: ol.line_no,
      description: ol.description,
      ordered: ol.quantity_ordered,
      received: ol.quantity_received,
      orderPrice: ol.unit_price,
    };
    if (billed.length === 0) {
      out.push({ ...base, what: 'missing', billed: '0', billPrice: '' });
      continue;
    }
    const l = billed[0]!;
    const q = decimalToWire(l.quantity, locale);
    const p = priceToWire(l.unit_price, locale);
    if (!sameDecimal(q, ol.quantity_received)) out.push({ ...base, what: 'quantity', billed: q, billPrice: p });
    if (!samePrice(p, ol.unit_price)) out.push({ ...base, what: 'price', billed: q, billPrice: p });
  }
  return out;
}

/** Instalment dates: `n` dates a month apart from `first` ("YYYY-MM-DD"), clamped to month ends. */
export function monthlyDates(first: string, n: number): string[] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(first);
  if (!m || n < 1) return [];
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const total = mo - 1 + i;
    const yy = y + Math.floor(total / 12);
    const mm = (total % 12) + 1;
    const last = new Date(Date.UTC(yy, mm, 0)).getUTCDate();
    const dd = Math.min(d, last);
    out.push(`${yy}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`);
  }
  return out;
}

/** A bill problem's message key and params, where the generic one per code would say too little. */
export function billProblemKey(p: ProblemDto): { key: string; params: Record<string, string> } | null {
  const f = p.field ?? '';
  const c = p.code;
  const params = p.params ?? {};
  if (f === 'supplier_number' && c === 'duplicate') return { key: 'bill.problem.duplicate', params };
  if (f === 'supplier_number' && c === 'required') return { key: 'bill.problem.numberRequired', params };
  if (f === 'total' && c === 'unbalanced') return { key: 'bill.problem.total', params };
  if (f === 'quantity') return { key: 'bill.problem.quantity', params };
  if (f === 'vat_rate') return { key: 'bill.problem.rate', params };
  if (f === 'unit_price') return { key: 'bill.problem.price', params };
  if (f === 'description' && c === 'required') return { key: 'bill.problem.description', params };
  if (f === 'account' && c === 'required') return { key: 'bill.problem.accountRequired', params };
  if (f === 'account') return { key: 'bill.problem.account', params };
  if (f === 'paid_from') return { key: 'bill.problem.paidFrom', params };
  if (f === 'irpf_pct') return { key: 'bill.problem.irpf', params };
  if (f === 'due_dates') return { key: 'bill.problem.due', params };
  if (f === 'amount' && c !== 'invalid_amount') return { key: 'bill.problem.amount', params };
  if (f === 'lines') return { key: 'bill.problem.lines', params };
  return null;
}
