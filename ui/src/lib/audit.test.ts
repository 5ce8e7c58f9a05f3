import { describe, expect, it } from 'vitest';
import { describeRecord, RECORD_KINDS } from './audit';
import { translate, type MessageKey, type Params } from './i18n';

const es = (key: MessageKey, params?: Params) => translate('es', key, params);
const en = (key: MessageKey, params?: Params) => translate('en', key, params);

describe('the change log names its records', () => {
  it('in words, with their id', () => {
    expect(describeRecord('account:5720001', es)).toBe('Cuenta 5720001');
    expect(describeRecord('entry:12', en)).toBe('Entry #12');
    expect(describeRecord('fiscal_year:2025', es)).toBe('Ejercicio 2025');
    expect(describeRecord('company.lock_date', en)).toBe('Lock date');
  });
  it('keeps a name it does not know', () => {
    expect(describeRecord('payslip:7', es)).toBe('payslip:7');
  });
  it('offers a filter for each kind, the more specific before the general', () => {
    const prefixes = RECORD_KINDS.map((k) => k.prefix);
    expect(prefixes.indexOf('company.lock_date')).toBeLessThan(prefixes.indexOf('company'));
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });
});
