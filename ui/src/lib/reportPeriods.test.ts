import { describe, expect, it } from 'vitest';
import { addMonths, fiscalYear, matchingQuick, monthEnd, quickPeriod } from './reportPeriods';

describe('report periods', () => {
  it('month arithmetic', () => {
    expect(addMonths('2026-11-27', 1)).toBe('2026-12-01');
    expect(addMonths('2026-11-27', 2)).toBe('2027-01-01');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-01');
    expect(addMonths('2026-01-15', -13)).toBe('2024-12-01');
    expect(monthEnd('2026-02-10')).toBe('2026-02-28');
    expect(monthEnd('2024-02-01')).toBe('2024-02-29');
    expect(monthEnd('2026-12-31')).toBe('2026-12-31');
  });

  it('a calendar fiscal year', () => {
    expect(fiscalYear('2026-11-27', 1)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(quickPeriod('lastYear', '2026-11-27', 1)).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(quickPeriod('quarter', '2026-11-27', 1)).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(quickPeriod('quarter', '2026-03-31', 1)).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(quickPeriod('month', '2026-02-03', 1)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });

  it('a fiscal year starting in July: quarters follow it', () => {
    expect(fiscalYear('2026-03-10', 7)).toEqual({ from: '2025-07-01', to: '2026-06-30' });
    expect(quickPeriod('lastYear', '2026-03-10', 7)).toEqual({ from: '2024-07-01', to: '2025-06-30' });
    expect(quickPeriod('quarter', '2026-03-10', 7)).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(quickPeriod('quarter', '2026-08-01', 7)).toEqual({ from: '2026-07-01', to: '2026-09-30' });
  });

  it('names the quick pick a period is', () => {
    expect(matchingQuick({ from: '2026-01-01', to: '2026-12-31' }, '2026-11-27', 1)).toBe('year');
    expect(matchingQuick({ from: '2026-11-01', to: '2026-11-30' }, '2026-11-27', 1)).toBe('month');
    expect(matchingQuick({ from: '2026-02-01', to: '2026-12-31' }, '2026-11-27', 1)).toBe(null);
    // A balance sheet has only its "at" date: the quarter and the year end on the same day.
    expect(matchingQuick({ to: '2026-12-31' }, '2026-11-27', 1, true)).toBe('year');
    expect(matchingQuick({ to: '2025-12-31' }, '2026-11-27', 1, true)).toBe('lastYear');
  });
});
