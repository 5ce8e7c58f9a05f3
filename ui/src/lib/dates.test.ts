import { describe, expect, it } from 'vitest';
import { addDays, daysInMonth, fiscalYearStart, formatDateInput, isIsoDate, isLeapYear, parseDateInput, periodReversed, todayIso } from './dates';
import { dictionaries } from './i18n';

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

const value = (text: string) => {
  const p = parseDateInput(text);
  return p.ok ? p.value : null;
};

describe('typed dates', () => {
  it('reads day first with /, - or . and ISO', () => {
    for (const s of ['31/12/2026', '31/12/26', '31-12-2026', '31.12.2026', '2026-12-31', ' 31/12/2026 ', '31-12-26', '31.12.26']) {
      expect(value(s), s).toBe('2026-12-31');
    }
    expect(value('5/1/2026')).toBe('2026-01-05');
    expect(value('05/01/2026')).toBe('2026-01-05');
    expect(value('2026-1-5')).toBe('2026-01-05');
  });

  it('an empty field is no date, not an error', () => {
    expect(parseDateInput('')).toEqual({ ok: true, value: '', fullYear: true });
    expect(parseDateInput('   ')).toEqual({ ok: true, value: '', fullYear: true });
  });

  it('says whether the year was typed in full (only those are taken while typing)', () => {
    expect(parseDateInput('31/12/2026')).toEqual({ ok: true, value: '2026-12-31', fullYear: true });
    expect(parseDateInput('31/12/26')).toEqual({ ok: true, value: '2026-12-31', fullYear: false });
    expect(parseDateInput('2026-12-31')).toEqual({ ok: true, value: '2026-12-31', fullYear: true });
  });

  it('refuses dates that do not exist instead of rolling them over', () => {
    for (const s of ['31/02/2026', '30/02/2024', '29/02/2026', '31/04/2026', '00/01/2026', '01/13/2026', '01/00/2026', '32/01/2026', '2026-02-29', '2026-13-01']) {
      expect(parseDateInput(s), s).toEqual({ ok: false, impossible: true });
    }
  });

  it('refuses what is not a date, and US month-first where the day would be > 12', () => {
    for (const s of ['abc', '31/12', '31122026', '31/12/2026x', '31/12-2026', '31/12/202', '31/12/20266', '2026/12/31', '+31/12/2026', '31 12 2026', '1.5', '12/31/2026']) {
      expect(parseDateInput(s).ok, s).toBe(false);
    }
  });

  it('refuses years outside 1900-2999 (a typo, not a date)', () => {
    expect(value('31/12/0226')).toBeNull();
    expect(value('0226-12-31')).toBeNull();
    expect(value('31/12/1899')).toBeNull();
    expect(value('01/01/1900')).toBe('1900-01-01');
  });

  it('leap years', () => {
    expect(isLeapYear(2024)).toBe(true);
    expect(isLeapYear(2026)).toBe(false);
    expect(isLeapYear(1900)).toBe(false);
    expect(isLeapYear(2000)).toBe(true);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(value('29/02/2024')).toBe('2024-02-29');
    expect(value('29/02/24')).toBe('2024-02-29');
    expect(value('29/02/2000')).toBe('2000-02-29');
    expect(value('29/02/2100')).toBeNull();
    expect(value('29/02/2026')).toBeNull();
  });

  it('shows dd/mm/yyyy, and reads back what it shows', () => {
    expect(formatDateInput('2026-12-31')).toBe('31/12/2026');
    expect(formatDateInput('2026-01-05')).toBe('05/01/2026');
    expect(formatDateInput('')).toBe('');
    for (const iso of ['2024-02-29', '2026-01-01', '1999-12-31']) expect(value(formatDateInput(iso))).toBe(iso);
  });

  it('steps by days across months, years and leap days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30'); // a DST weekend in Europe
  });

  it('both languages: the same dates, each with its own hint and message', () => {
    expect(dictionaries.es['date.placeholder']).toBe('dd/mm/aaaa');
    expect(dictionaries.en['date.placeholder']).toBe('dd/mm/yyyy');
    expect(dictionaries.es['date.invalid']).toContain('dd/mm/aaaa');
    expect(dictionaries.en['date.invalid']).toContain('dd/mm/yyyy');
    // What the placeholder shows, filled in, is read the same in both.
    for (const lang of ['es', 'en'] as const) {
      const typed = dictionaries[lang]['date.placeholder'].replace(/d+/, '31').replace(/m+/, '12').replace(/[ay]+/, '2026');
      expect(value(typed), lang).toBe('2026-12-31');
    }
  });
});
