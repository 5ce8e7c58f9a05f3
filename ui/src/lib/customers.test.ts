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
