import { describe, expect, it } from 'vitest';
import { emptyCustomer, problemsByField, problemsByRow, taxReasonKey } from './customers';
import type { ProblemDto } from './generated';

const p = (field: string | null, row: number | null, code = 'required'): ProblemDto =>
  ({ code, field, row, message: '', params: {} }) as ProblemDto;

describe('customer helpers', () => {
  it('an empty customer is a Spanish domestic one', () => {
    const c = emptyCustomer();
    expect(c.country).toBe('ES');
    expect(c.treatment).toBe('domestic');
    expect(c.contacts).toEqual([]);
  });
  it('keeps the first problem of each field, contacts by row', () => {
    const m = problemsByField([p('tax_id', null, 'invalid_tax_id'), p('tax_id', null, 'duplicate'), p('contacts.name', 2), p(null, 3)]);
    expect(Object.keys(m).sort()).toEqual(['contacts.name.2', 'tax_id']);
    expect(m.tax_id!.code).toBe('invalid_tax_id');
  });
  it('groups an import report by row', () => {
    const g = problemsByRow([p('email', 4), p('tax_id', 2), p('country', 4), p(null, null)]);
    expect(g.map(([r, l]) => [r, l.length])).toEqual([
      [0, 1],
      [2, 1],
      [4, 2],
    ]);
  });
  it('knows the tax-id reasons', () => {
    expect(taxReasonKey('control')).toBe('taxid.control');
    expect(taxReasonKey('weird')).toBeNull();
    expect(taxReasonKey(undefined)).toBeNull();
  });
});

describe('customer display and messages', () => {
  it('shows a foreign tax id with its country once', async () => {
    const { displayTaxId } = await import('./customers');
    expect(displayTaxId('ES', '12345678Z')).toBe('12345678Z');
    expect(displayTaxId('DE', 'DE123456789')).toBe('DE123456789');
    expect(displayTaxId('US', '12-3456789')).toBe('US 12-3456789');
    expect(displayTaxId('FR', '')).toBe('');
  });
  it('keys a problem by field and code, a contact e-mail as an e-mail', async () => {
    const { salesProblemKey } = await import('./customers');
    expect(salesProblemKey(p('contacts.email', 2, 'invalid_code'))!.key).toBe('sales.problem.email.invalid_code');
    expect(salesProblemKey(p('unit_price', null, 'invalid_amount'))!.key).toBe('sales.problem.unit_price.invalid_amount');
    expect(salesProblemKey(p('tax_id', null, 'invalid_tax_id'))).toBeNull();
    expect(salesProblemKey({ ...p('treatment', null, 'out_of_range'), message: 'an export goes outside the EU' })!.key).toBe('sales.problem.treatment.export');
    expect(salesProblemKey(p(null, 3))).toBeNull();
  });
});
