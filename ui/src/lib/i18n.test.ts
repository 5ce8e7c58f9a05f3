import { describe, expect, it } from 'vitest';
import type { ErrorCode } from './api';
import { dictionaries, errorMessage, formatDate, problemMessage, translate, type MessageKey } from './i18n';

const PROBLEM_CODES = [
  'required', 'invalid_date', 'invalid_amount', 'invalid_account', 'unknown_account', 'unbalanced',
  'too_few_lines', 'line_both_sides', 'line_empty', 'negative_amount', 'invalid_tax_id', 'duplicate',
  'invalid_code', 'not_postable', 'inactive_account', 'missing_column', 'out_of_range',
];
// Every ErrorCode of the generated client: adding one in the api fails `npm run check` here.
const ERROR_CODE_SET: Record<ErrorCode, true> = {
  validation: true, not_found: true, no_company_open: true, unbalanced: true, immutable: true,
  account_has_postings: true, duplicate: true, invalid_tax_id: true, unknown_command: true, io: true,
  database: true, internal: true, damaged: true, in_use: true, password_required: true, wrong_password: true,
};
const ERROR_CODES = Object.keys(ERROR_CODE_SET);

describe('dictionaries', () => {
  it('every key is present and non-empty in both languages', () => {
    const es = Object.keys(dictionaries.es).sort();
    const en = Object.keys(dictionaries.en).sort();
    expect(en).toEqual(es);
    for (const k of es) {
      expect(dictionaries.es[k as MessageKey].trim(), k).not.toBe('');
      expect(dictionaries.en[k as MessageKey].trim(), k).not.toBe('');
    }
  });

  it('placeholders match across languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of Object.keys(dictionaries.es) as MessageKey[]) {
      expect(names(dictionaries.en[k]), k).toEqual(names(dictionaries.es[k]));
    }
  });

  it('every contract error and problem code has a message', () => {
    for (const c of ERROR_CODES) {
      expect(Object.keys(dictionaries.es)).toContain(`error.${c}`);
    }
    for (const c of PROBLEM_CODES) {
      expect(Object.keys(dictionaries.es)).toContain(`problem.${c}`);
    }
  });
});

describe('messages', () => {
  it('fills params', () => {
    expect(translate('en', 'pager.pageOf', { page: 2, pages: 7 })).toBe('Page 2 of 7');
    expect(translate('es', 'pager.pageOf', { page: 2, pages: 7 })).toBe('Página 2 de 7');
  });

  it('formats money params of problems in the locale', () => {
    const p = { code: 'unbalanced', params: { difference: '12.00', debit: '112.00', credit: '100.00' } };
    expect(problemMessage('es', p)).toBe('Los apuntes suman 12,00\u00a0€, no cero: debe 112,00\u00a0€, haber 100,00\u00a0€.');
    expect(problemMessage('en', p)).toBe('The postings sum to €12.00, not zero: debit €112.00, credit €100.00.');
  });

  it('maps error codes, and unknown ones visibly', () => {
    expect(errorMessage('en', 'account_has_postings')).toBe(
      'This account has postings and cannot be deleted; deactivate it instead.',
    );
    expect(errorMessage('es', 'weird')).toBe('Error: weird');
  });
});

describe('dates', () => {
  it('es and en', () => {
    expect(formatDate('2026-12-31', 'es')).toBe('31/12/2026');
    expect(formatDate('2026-12-31', 'en')).toBe('31 Dec 2026');
    expect(formatDate('2026-01-05', 'es')).toBe('05/01/2026');
  });
});


describe('tax id problems say why', () => {
  it('names the expected control character in both languages', () => {
    const p = { code: 'invalid_tax_id', params: { value: '12345678A', reason: 'control', expected: 'Z' } };
    expect(problemMessage('es', p)).toBe('NIF/CIF no válido: el carácter de control debería ser Z.');
    expect(problemMessage('en', p)).toBe('Invalid tax ID: the control character should be Z.');
  });
  it('falls back to the generic message without a reason', () => {
    expect(problemMessage('es', { code: 'invalid_tax_id', params: {} })).toBe('NIF/CIF no válido.');
  });
});
