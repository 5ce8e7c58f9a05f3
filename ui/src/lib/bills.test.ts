import { describe, expect, it } from 'vitest';
import type { BillView, OrderForBillingDto } from './generated';
import { billToWire, creditLinesFor, emptyBillLine, linesFromOrder, monthlyDates, orderDifferences, type BillForm } from './bills';

const order: OrderForBillingDto = {
  order_id: 7,
  number: 'PO-2026-0002',
  supplier_id: 3,
  state: 'partial',
  lines: [
    { line_no: 1, product_id: 4, description: 'Tornillos', quantity_ordered: '12', quantity_received: '8', unit_price: '1.50', tax: '21', account: '600' },
    { line_no: 2, product_id: null, description: 'Guantes', quantity_ordered: '6', quantity_received: '6', unit_price: '8.90', tax: '21', account: null },
    { line_no: 3, product_id: null, description: 'Catálogo', quantity_ordered: '2', quantity_received: '0', unit_price: '15.00', tax: '4', account: '629' },
  ],
};

describe('bills', () => {
  it('prefills a bill from what the order received, or what was ordered when nothing came', () => {
    const lines = linesFromOrder(order, 'es');
    expect(lines.map((l) => [l.quantity, l.unit_price, l.vat_rate, l.account, l.order_line_no])).toEqual([
      ['8', '1,50', '21', '600', 1],
      ['6', '8,90', '21', '', 2],
      ['2', '15,00', '4', '629', 3],
    ]);
  });

  it('names each difference between the order and the bill as typed', () => {
    const lines = linesFromOrder(order, 'es');
    // As prefilled, only line 3 differs (nothing received, 2 billed).
    expect(orderDifferences(order, lines, 'es').map((d) => [d.line_no, d.what])).toEqual([[3, 'quantity']]);
    lines[0]!.unit_price = '1,60';
    lines[1]!.quantity = '6,000';
    lines.splice(2, 1);
    expect(orderDifferences(order, lines, 'es').map((d) => [d.line_no, d.what, d.billPrice])).toEqual([
      [1, 'price', '1.60'],
      [3, 'missing', ''],
    ]);
  });

  it('sends the form in wire format and leaves what does not parse for the api to name', () => {
    const form: BillForm = {
      supplierId: 3,
      number: 'A-1',
      date: '2026-03-02',
      total: '1.234,50',
      treatment: '',
      irpf: '15',
      dueDates: ['2026-04-01', ''],
      description: '',
      orderId: null,
      correctsId: null,
      lines: [{ ...emptyBillLine('629'), description: 'x', quantity: '2,5', unit_price: 'doce' }],
    };
    const w = billToWire(form, 'es');
    expect(w.total).toBe('1234.50');
    expect(w.vat_treatment).toBeUndefined();
    expect(w.irpf_pct).toBe('15');
    expect(w.due_dates).toEqual(['2026-04-01']);
    expect(w.lines[0]).toMatchObject({ quantity: '2.5', unit_price: 'doce', account: '629' });
  });

  it('negates a bill for its credit bill', () => {
    const b = { lines: [{ line_no: 1, description: 'x', quantity: '3', unit_price: '2.00', vat_rate: '21', account: '600', amount: '6.00', order_line_no: null }] } as unknown as BillView;
    expect(creditLinesFor(b, 'en')[0]!.quantity).toBe('-3');
  });

  it('spreads instalments a month apart, keeping to month ends', () => {
    expect(monthlyDates('2026-01-31', 3)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31']);
    expect(monthlyDates('2026-11-15', 3)).toEqual(['2026-11-15', '2026-12-15', '2027-01-15']);
    expect(monthlyDates('bad', 2)).toEqual([]);
  });
});
