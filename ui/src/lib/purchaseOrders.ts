//! Pure helpers of the purchase order screens: the line editor's rows to and from the wire,
//! the order's problems in the user's words, and quantities shown in the locale. The api
//! computes every amount and total (a saved order returns them).

import type { ProblemDto, PurchaseOrderDto, PurchaseOrderLineFields } from './generated';
import { decimalFromWire, decimalToWire } from './invoices';
import { toWire, tryParseInput, type MoneyLocale } from './money';
import type { MessageKey } from './i18n';

export const PO_STATES = ['open', 'sent', 'partial', 'received', 'billed', 'cancelled'] as const;
export const PO_TAXES = ['21', '10', '4', '0'] as const;

/** One line as typed (numbers in the user's locale). */
export interface PoEditLine {
  product_id: number | null;
  description: string;
  quantity: string;
  unit_price: string;
  tax: string;
  account: string;
}

export function emptyPoLine(): PoEditLine {
  return { product_id: null, description: '', quantity: '1', unit_price: '', tax: '21', account: '' };
}

/** The rows as the api takes them; a price that does not parse goes as typed, so the api names it. */
export function poLinesToWire(lines: readonly PoEditLine[], locale: MoneyLocale): PurchaseOrderLineFields[] {
  return lines.map((l) => {
    const p = tryParseInput(l.unit_price, locale);
    return {
      product_id: l.product_id ?? undefined,
      description: l.description,
      quantity: decimalToWire(l.quantity, locale),
      unit_price: p.ok && p.value !== null ? toWire(p.value) : l.unit_price.trim(),
      tax: l.tax,
      account: l.account.trim() === '' ? undefined : l.account.trim(),
    };
  });
}

/** A saved order's lines back into the editor. */
export function poLinesFromView(o: PurchaseOrderDto, locale: MoneyLocale): PoEditLine[] {
  return o.lines.map((l) => ({
    product_id: l.product_id,
    description: l.description,
    quantity: decimalFromWire(l.quantity, locale),
    unit_price: decimalFromWire(l.unit_price, locale),
    tax: l.tax,
    account: l.account ?? '',
  }));
}

/** A quantity from the wire ("2.5") in the locale ("2,5"). */
export const qty = (s: string, locale: MoneyLocale): string => decimalFromWire(s, locale);

/** May the order still be edited? (open or sent, nothing received) */
export function editable(o: PurchaseOrderDto | null): boolean {
  return !o || ((o.state === 'open' || o.state === 'sent') && o.receipts.length === 0);
}

export function canReceive(o: PurchaseOrderDto | null): boolean {
  return !!o && (o.state === 'open' || o.state === 'sent' || o.state === 'partial');
}

export function canBill(o: PurchaseOrderDto | null): boolean {
  return !!o && (o.state === 'partial' || o.state === 'received');
}

/** The order's own words for a problem, when it has them (else null: the generic text). */
export function poProblemKey(p: ProblemDto): { key: MessageKey; params: Record<string, string> } | null {
  const params = p.params ?? {};
  if (p.field === 'supplier_id' && params.reason !== undefined) return { key: 'po.problem.blocked', params };
  if (p.field === 'state' && params.number !== undefined) return { key: 'po.problem.state', params };
  if (p.field === 'quantity' && params.outstanding !== undefined)
    return { key: 'po.problem.overReceive', params: { ...params, line: String(p.row ?? ''), description: params.line ?? '' } };
  if (p.field === 'quantity' && p.code === 'required') return { key: 'po.problem.nothing', params };
  if (p.field === 'quantity') return { key: 'po.problem.quantity', params };
  if (p.field === 'tax') return { key: 'po.problem.tax', params };
  if (p.field === 'expected_date') return { key: 'po.problem.expected', params };
  return null;
}
