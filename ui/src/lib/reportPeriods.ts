//! Periods of the report screens: the fiscal year, the quarter and the month that contain a day,
//! as "YYYY-MM-DD" pairs. Pure date arithmetic (no clock): the screen passes today.

import { fiscalYearStart } from './dates';

export interface Period {
  from: string;
  to: string;
}

/** The quick picks of a report toolbar, in the order they are shown. */
export const QUICK_PERIODS = ['year', 'lastYear', 'quarter', 'month'] as const;
export type QuickPeriod = (typeof QUICK_PERIODS)[number];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function parts(iso: string): [number, number, number] {
  return [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
}

/** The first day of the month `months` after the month of `iso` (negative goes back). */
export function addMonths(iso: string, months: number): string {
  const [y, m] = parts(iso);
  const index = y * 12 + (m - 1) + months;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}-01`;
}

/** The last day of the month of `iso`. */
export function monthEnd(iso: string): string {
  const next = addMonths(iso, 1);
  const [y, m] = parts(next);
  const d = new Date(Date.UTC(y, m - 1, 0));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The fiscal year (starting in `startMonth`) that contains `day`. */
export function fiscalYear(day: string, startMonth: number): Period {
  const from = fiscalYearStart(day, startMonth);
  return { from, to: monthEnd(addMonths(from, 11)) };
}

/** A quick pick's period: this or last fiscal year, this quarter (of the fiscal year), this month. */
export function quickPeriod(kind: QuickPeriod, today: string, startMonth: number): Period {
  switch (kind) {
    case 'year':
      return fiscalYear(today, startMonth);
    case 'lastYear':
      return fiscalYear(addMonths(fiscalYearStart(today, startMonth), -12), startMonth);
    case 'quarter': {
      const start = fiscalYearStart(today, startMonth);
      const [sy, sm] = parts(start);
      const [ty, tm] = parts(today);
      const monthsIn = ty * 12 + tm - (sy * 12 + sm);
      const from = addMonths(start, monthsIn - (monthsIn % 3));
      return { from, to: monthEnd(addMonths(from, 2)) };
    }
    case 'month': {
      const from = `${today.slice(0, 7)}-01`;
      return { from, to: monthEnd(from) };
    }
  }
}

/**
 * Which quick pick a period is, if any (to mark its button). With `atOnly` (a balance sheet, which
 * has only an "at" date) only the end date counts.
 */
export function matchingQuick(p: Partial<Period>, today: string, startMonth: number, atOnly = false): QuickPeriod | null {
  for (const k of QUICK_PERIODS) {
    const q = quickPeriod(k, today, startMonth);
    if (p.to === q.to && (atOnly || p.from === q.from)) return k;
  }
  return null;
}
