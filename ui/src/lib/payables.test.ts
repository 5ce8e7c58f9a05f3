import { describe, expect, it } from 'vitest';
import type { OpenBillView, RunItemView } from './generated';
import { billAllocations, billLines, daysOverdue, skipReason, supplierPaymentAmounts, supplierPaymentProblemKey, tickedTotal, transfers, treatmentKey } from './payables';

const open = (bill_id: number, due_date: string, amount: string, over = 0): OpenBillView => ({
  bill_id,
  supplier_id: 1,
  supplier_name: 'Papeles SL',
  supplier_number: `F-${bill_id}`,
  date: '2026-01-01',
  due_date,
  total: '100.00',
  open: amount,
  days_overdue: over,
});

describe('payables helpers', () => {
  it('one line per bill: due dates summed, earliest due first, nothing open left out, prefilled', () => {
    const lines = billLines([open(2, '2026-03-01', '50.00'), open(1, '2026-02-01', '1234.50', 10), open(2, '2026-02-15', '25.25', 3), open(3, '2026-01-01', '0.00')], 'es', true);
    expect(lines.map((l) => [l.bill_id, l.due_date, l.open, l.apply, l.days_overdue, l.pay])).toEqual([
      [1, '2026-02-01', '1234.50', '1234,50', 10, true],
      [2, '2026-02-15', '75.25', '75,25', 3, true],
    ]);
    expect(billLines([open(1, '2026-02-01', '-5.00')], 'en')).toEqual([]);
  });

  it('sums only the ticked lines, in cents; the rest is an advance; over-applied and bad lines named', () => {
    const lines = billLines([open(1, '2026-02-01', '100.10'), open(2, '2026-02-02', '0.20')], 'es');
    expect(supplierPaymentAmounts('50', lines, 'es').applied).toBe(0n);
    lines[0]!.pay = true;
    lines[1]!.pay = true;
    let s = supplierPaymentAmounts('200,00', lines, 'es');
    expect(s.applied).toBe(10030n);
    expect(s.advance).toBe(9970n);
    lines[1]!.apply = '0,30';
    lines[0]!.apply = 'diez';
    s = supplierPaymentAmounts('', lines, 'es');
    expect(s.amount).toBe(null);
    expect(s.advance).toBe(null);
    expect(s.invalid).toEqual([0]);
    expect(s.over).toEqual([1]);
  });

  it('sends the ticked lines with an amount, in wire form; what is not an amount as typed', () => {
    const lines = billLines([open(1, '2026-02-01', '1000.00'), open(2, '2026-02-02', '5.00'), open(3, '2026-02-03', '7.00')], 'es', true);
    lines[0]!.apply = '1.000,00';
    lines[1]!.pay = false;
    lines[2]!.apply = 'x';
    expect(billAllocations(lines, 'es')).toEqual([
      { bill_id: 1, amount: '1000.00' },
      { bill_id: 3, amount: 'x' },
    ]);
  });

  it('puts an allocation problem on its bill, the rest on its field', () => {
    const sent = [{ bill_id: 7 }, { bill_id: 9 }];
    expect(supplierPaymentProblemKey({ code: 'out_of_range', field: 'amount', row: 2, message: '', params: {} }, sent)).toBe('alloc.9');
    expect(supplierPaymentProblemKey({ code: 'out_of_range', field: 'amount', row: null, message: '', params: {} }, sent)).toBe('amount');
    expect(supplierPaymentProblemKey({ code: 'invalid_code', field: 'supplier_id', row: null, message: '', params: {} }, sent)).toBe('supplier_id');
  });

  it('groups a run per supplier with exact totals', () => {
    const item = (bill_id: number, supplier_id: number, amount: string): RunItemView => ({ bill_id, supplier_id, supplier_name: `S${supplier_id}`, supplier_number: `F-${bill_id}`, due_date: '2026-02-01', amount, end_to_end_id: `E${bill_id}` });
    const tr = transfers([item(1, 1, '0.10'), item(2, 2, '5.00'), item(3, 1, '0.20')]);
    expect(tr.map((t) => [t.supplier_id, t.total, t.bills.length])).toEqual([
      [1, '0.30', 2],
      [2, '5.00', 1],
    ]);
    const lines = billLines([open(1, '2026-02-01', '0.10'), open(2, '2026-02-01', '0.20')], 'es', true);
    expect(tickedTotal(lines)).toBe(30n);
  });

  it('names treatments and the reasons a run leaves a bill out', () => {
    expect(treatmentKey('intra_eu')).toBe('payables.treatment.intra_eu');
    expect(treatmentKey('weird')).toBe(null);
    expect(skipReason('the supplier is blocked (quality)')).toEqual({ key: 'run.reason.blocked', params: { reason: 'quality' } });
    expect(skipReason('the supplier has no IBAN: add it on the supplier\'s card')?.key).toBe('run.reason.noIban');
    expect(skipReason('already in a payment run waiting for confirmation')?.key).toBe('run.reason.pending');
    expect(skipReason('something else')).toBe(null);
  });

  it('counts days overdue against today, not the run\'s horizon', () => {
    expect(daysOverdue('2026-11-12', '2026-11-27')).toBe(15);
    expect(daysOverdue('2026-12-07', '2026-11-27')).toBe(0);
    expect(daysOverdue('2026-02-28', '2026-03-01')).toBe(1);
  });
});
