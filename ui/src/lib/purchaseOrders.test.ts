import { describe, expect, it } from 'vitest';
import { emptyPoLine, poLinesToWire, poProblemKey } from './purchaseOrders';

describe('purchase order lines', () => {
  it('go to the wire in dots and cents, the account left out when empty', () => {
    const l = { ...emptyPoLine(), description: 'Tornillos', quantity: '2,5', unit_price: '1.234,5', product_id: 3 };
    expect(poLinesToWire([l], 'es')).toEqual([
      { product_id: 3, description: 'Tornillos', quantity: '2.5', unit_price: '1234.50', tax: '21', account: undefined },
    ]);
    expect(poLinesToWire([{ ...l, unit_price: 'abc', account: ' 629 ' }], 'es')[0]).toMatchObject({ unit_price: 'abc', account: '629' });
  });

  it('over-receiving is said with the line and what is outstanding', () => {
    const k = poProblemKey({
      code: 'out_of_range',
      field: 'quantity',
      row: 2,
      message: '',
      params: { line: 'Guantes', value: '9', outstanding: '4' },
    });
    expect(k).toEqual({ key: 'po.problem.overReceive', params: { line: '2', description: 'Guantes', value: '9', outstanding: '4' } });
    expect(poProblemKey({ code: 'out_of_range', field: 'supplier_id', row: null, message: '', params: { supplier: 'X', reason: 'impagos' } })?.key).toBe(
      'po.problem.blocked',
    );
  });
});
