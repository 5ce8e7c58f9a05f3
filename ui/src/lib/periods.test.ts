import { describe, expect, it } from 'vitest';
import type { AuditRow, FiscalYearRow } from './api';
import { dictionaries, problemMessage } from './i18n';
import { adjacentYears, describeChange, ENTRY_KINDS, ENTRY_KIND_KEY, refineProblem, refinedProblems } from './periods';
import { ApiError } from './transport';

const p = (code: string, field: string | null, params: Record<string, string> = {}) => ({ code, field, row: null, message: '', params });

describe('refineProblem', () => {
  it('a locked date says which date and up to when', () => {
    const r = refineProblem(p('locked', 'date', { date: '2025-05-01', lock_date: '2025-06-30' }));
    expect(r.code).toBe('locked');
    expect(problemMessage('es', r)).toBe('La contabilidad está bloqueada hasta el 30/06/2025: no se admiten asientos con fecha 01/05/2025.');
    expect(problemMessage('en', r)).toBe('The books are locked up to 30 Jun 2025: nothing can be posted on 1 May 2025.');
  });

  it('a lock over the year end (close, reopen) gets its own message', () => {
    expect(refineProblem(p('locked', 'lock_date', { lock_date: '2025-12-31' })).code).toBe('locked_year_end');
  });

  it('pending: a draft, the year before still open, the year after still closed', () => {
    expect(refineProblem(p('pending', 'drafts', { draft: '7' }), 2025).code).toBe('pending_draft');
    expect(refineProblem(p('pending', 'year', { year: '2024' }), 2025).code).toBe('pending_previous_year');
    expect(refineProblem(p('pending', 'year', { year: '2026' }), 2025).code).toBe('pending_next_year');
    expect(problemMessage('en', refineProblem(p('pending', 'year', { year: '2024' }), 2025))).toBe('Fiscal year 2024 is still open: close it first.');
  });

  it('year_closed without a date, and other field-specific codes', () => {
    expect(refineProblem(p('year_closed', 'year')).code).toBe('year_closed_plain');
    expect(refineProblem(p('year_closed', 'date', { date: '2025-01-01', year: '2025' })).code).toBe('year_closed');
    expect(refineProblem(p('required', 'reason')).code).toBe('required_reason');
    expect(refineProblem(p('duplicate', 'date', { entry: '3' })).code).toBe('duplicate_opening');
    expect(refineProblem(p('duplicate', 'name')).code).toBe('duplicate_name');
    expect(refineProblem(p('out_of_range', 'until')).code).toBe('until_before_first');
    expect(refineProblem(p('not_found', 'year')).code).toBe('year_not_found');
    expect(refineProblem(p('unknown_account', 'account', { account: '9' })).code).toBe('unknown_account');
  });

  it('every refined code has a message in both languages', () => {
    const codes = ['locked', 'locked_plain', 'locked_year_end', 'year_closed', 'year_closed_plain', 'no_fiscal_year', 'pending', 'pending_draft',
      'pending_previous_year', 'pending_next_year', 'not_found', 'year_not_found', 'duplicate_opening', 'duplicate_name', 'duplicate_year',
      'year_not_next', 'required_reason', 'required_name', 'until_before_first', 'min_above_max'];
    for (const c of codes) {
      expect(Object.keys(dictionaries.es), c).toContain(`problem.${c}`);
      expect(problemMessage('en', { code: c, params: { date: '2025-01-01', year: '2025', lock_date: '2025-01-01', draft: '1', entry: '1' } })).not.toMatch(/\{|Problem:/);
    }
  });

  it('refinedProblems reads any thrown thing', () => {
    const e = new ApiError('validation', 'x', [p('pending', 'drafts', { draft: '2' })]);
    expect(refinedProblems(e).map((x) => x.code)).toEqual(['pending_draft']);
    expect(refinedProblems(new Error('boom'))).toEqual([]);
  });
});

const audit = (o: Partial<AuditRow>): AuditRow => ({ id: 1, at: '2026-01-01T00:00:00Z', actor: 'trastienda', record: '', action: '', before: null, after: null, reason: null, ...o });

describe('describeChange', () => {
  it('lock date set, moved, cleared', () => {
    expect(describeChange(audit({ record: 'company.lock_date', action: 'lock', after: '2025-06-30' }))).toEqual({ key: 'periods.history.lockSet', params: { after: '2025-06-30' } });
    expect(describeChange(audit({ record: 'company.lock_date', action: 'unlock', before: '2025-06-30', after: '2025-03-31' })).key).toBe('periods.history.lockMoved');
    expect(describeChange(audit({ record: 'company.lock_date', action: 'unlock', before: '2025-06-30' })).key).toBe('periods.history.lockCleared');
  });

  it('years created, closed (with the result), reopened', () => {
    expect(describeChange(audit({ record: 'fiscal_year:2025', action: 'create', after: 'open' }))).toEqual({ key: 'periods.history.yearCreated', params: { year: '2025' } });
    expect(describeChange(audit({ record: 'fiscal_year:2025', action: 'close', before: 'open', after: 'closed; result -1500.00' }))).toEqual({
      key: 'periods.history.yearClosed',
      params: { year: '2025', amount: '-1500.00' },
    });
    expect(describeChange(audit({ record: 'fiscal_year:2025', action: 'reopen' })).key).toBe('periods.history.yearReopened');
    expect(describeChange(audit({ record: 'something', action: 'odd' })).key).toBe('periods.history.other');
  });
});

const year = (y: number, closed = false): FiscalYearRow => ({ year: y, start: `${y}-01-01`, end: `${y}-12-31`, closed, closed_at: null, entries: 0 });

describe('adjacentYears', () => {
  it('after the last and before the first', () => {
    expect(adjacentYears([year(2025), year(2026)], '2026-11-27', 1)).toEqual({ next: 2027, previous: 2024 });
  });
  it('with no years, the one today falls in (named after the year it starts)', () => {
    expect(adjacentYears([], '2026-03-01', 7)).toEqual({ next: 2025, previous: 2024 });
    expect(adjacentYears([], '2026-08-01', 7)).toEqual({ next: 2026, previous: 2025 });
  });
});

describe('entry kinds', () => {
  it('every kind has a name', () => {
    for (const k of ENTRY_KINDS) expect(dictionaries.en[ENTRY_KIND_KEY[k]]).toBeTruthy();
  });
});
