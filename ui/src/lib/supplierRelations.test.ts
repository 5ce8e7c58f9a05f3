import { describe, expect, it } from 'vitest';
import { daysLeftKey, formatScore, parseWithinDays } from './supplierRelations';
import { hasKey } from './i18n';

describe('supplier relations helpers', () => {
  it('formats averages in the user locale', () => {
    expect(formatScore('4.25', 'es')).toBe('4,25');
    expect(formatScore('4.25', 'en')).toBe('4.25');
    expect(formatScore(null, 'es')).toBe('—');
  });
  it('words the time left, overdue included', () => {
    expect(daysLeftKey(0).key).toBe('contracts.due.today');
    expect(daysLeftKey(1).key).toBe('contracts.due.daysLeft.one');
    expect(daysLeftKey(12)).toEqual({ key: 'contracts.due.daysLeft', params: { days: 12 } });
    expect(daysLeftKey(-1).key).toBe('contracts.due.overdue.one');
    expect(daysLeftKey(-11)).toEqual({ key: 'contracts.due.overdue', params: { days: 11 } });
    for (const d of [0, 1, 5, -1, -5]) expect(hasKey(daysLeftKey(d).key)).toBe(true);
  });
  it('reads the days box', () => {
    expect(parseWithinDays('60')).toBe(60);
    expect(parseWithinDays(' 0 ')).toBe(0);
    expect(parseWithinDays('-1')).toBeNull();
    expect(parseWithinDays('1.5')).toBeNull();
    expect(parseWithinDays('3651')).toBeNull();
  });
});
