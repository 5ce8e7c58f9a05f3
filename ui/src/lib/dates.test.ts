import { describe, expect, it } from 'vitest';
import { fiscalYearStart, isIsoDate, periodReversed, todayIso } from './dates';

describe('dates', () => {
  it('fiscal year start', () => {
    expect(fiscalYearStart('2026-05-10', 1)).toBe('2026-01-01');
    expect(fiscalYearStart('2026-05-10', 7)).toBe('2025-07-01');
    expect(fiscalYearStart('2026-07-01', 7)).toBe('2026-07-01');
  });
  it('today is local', () => {
    expect(todayIso(new Date(2026, 0, 2, 23, 59))).toBe('2026-01-02');
  });
  it('validates', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('28/02/2026')).toBe(false);
  });
  it('a period that ends before it starts', () => {
    expect(periodReversed('2026-06-01', '2026-05-01')).toBe(true);
    expect(periodReversed('2026-06-01', '2026-06-01')).toBe(false);
    expect(periodReversed('2026-06-01', undefined)).toBe(false);
    expect(periodReversed(undefined, '2026-05-01')).toBe(false);
  });
});
