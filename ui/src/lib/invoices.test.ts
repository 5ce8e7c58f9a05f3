import { describe, expect, it } from 'vitest';
import { decimalFromWire, decimalToWire, linesFromView, linesToWire, listTotals, problemsByPlace, taxText } from './invoices';
import { parseHash, routeHash } from './route';
import type { InvoiceListRow, ProblemDto } from './generated';

const p = (field: string | null, row: number | null, code = 'invalid_amount'): ProblemDto => ({ code, field, row, message: '', params: {} });

describe('invoice lines', () => {
  it('sends quantities, prices and discounts in wire form whatever the locale', () => {
    const wire = linesToWire([{ description: 'Tornillos', quantity: '1,5', unit_price: '1.234,50', discount_pct: '10', tax: '21' }], 'es');
    expect(wire).toEqual([{ description: 'Tornillos', quantity: '1.5', unit_price: '1234.50', discount_pct: '10', tax: '21' }]);
    expect(linesToWire([{ description: 'x', quantity: '2', unit_price: '1,234.5', discount_pct: '', tax: 'E1' }], 'en')[0]).toEqual({
      description: 'x', quantity: '2', unit_price: '1234.50', discount_pct: undefined, tax: 'E1',
    });
  });
  it('sends a price it cannot read as typed, for the api to name', () => {
    expect(linesToWire([{ description: 'x', quantity: 'abc', unit_price: 'doce', discount_pct: '', tax: '21' }], 'es')[0]).toMatchObject({ quantity: 'abc', unit_price: 'doce' });
  });
  it('round-trips decimals between wire and locale', () => {
    expect(decimalToWire('1.234,5', 'es')).toBe('1234.5');
    expect(decimalToWire('1.5', 'es')).toBe('1.5');
    expect(decimalFromWire('1.5', 'es')).toBe('1,5');
    expect(decimalFromWire('1.5', 'en')).toBe('1.5');
    const back = linesFromView([{ description: 'd', quantity: '3', unit_price: '20.00', discount_pct: '0', tax: '10', income_account: null, withholding_applies: true, amount: '60.00' }], 'es');
    expect(back).toEqual([{ description: 'd', quantity: '3', unit_price: '20,00', discount_pct: '', tax: '10' }]);
  });
});

describe('problems and totals', () => {
  it('keys problems by line and field, the first one winning', () => {
    const m = problemsByPlace([p('quantity', 2), p('quantity', 2, 'other'), p('customer_id', null, 'required'), p(null, 3)]);
    expect(Object.keys(m).sort()).toEqual(['2.quantity', '3.', 'customer_id']);
    expect(m['2.quantity']?.code).toBe('invalid_amount');
  });
  it('totals only the issued invoices, in cents', () => {
    const row = (state: string, total: string, open: string): InvoiceListRow => ({ id: 1, state, kind: 'invoice', number: null, issue_date: '2026-01-01', due_date: null, customer_id: 1, customer_name: 'c', total, open });
    expect(listTotals([row('issued', '121.00', '21.00'), row('draft', '50.00', '0.00'), row('issued', '0.10', '0.10')])).toEqual({ total: 12110n, open: 2110n, count: 2 });
  });
  it('prints tax codes', () => {
    expect(taxText('21', (c) => `Exenta (${c})`)).toBe('21 %');
    expect(taxText('E1', (c) => `Exenta (${c})`)).toBe('Exenta (E1)');
  });
});

describe('invoice routes', () => {
  it('round-trips', () => {
    for (const r of [
      { name: 'invoices', state: 'issued', customer: 3, from: '2026-01-01', to: undefined },
      { name: 'invoice', id: 7 },
      { name: 'invoice', id: 0 },
      { name: 'quotes' },
    ] as const) {
      expect(parseHash(routeHash(r))).toEqual(r);
    }
  });
});
