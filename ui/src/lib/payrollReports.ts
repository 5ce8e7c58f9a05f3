//! The Informes de nómina screen's pure parts: which reports there are, their default periods
//! and the months of a span; testable without the DOM.

import type { PayrollReportKind, SsCostMonthView } from './generated';
import { add, isZero, toWire } from './money';

export const PAYROLL_REPORTS: readonly PayrollReportKind[] = ['summary', 'ss_cost', 'irpf_quarter', 'irpf_annual', 'headcount'];

export function isPayrollReport(s: string | null | undefined): s is PayrollReportKind {
  return PAYROLL_REPORTS.includes(s as PayrollReportKind);
}

/** "YYYY-MM" of a month. */
export function monthKey(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** "2025-03" as "03/2025". */
export function monthLabel(m: string): string {
  const [y, mm] = m.split('-');
  return mm ? `${mm}/${y}` : m;
}

/** The quarter (1-4) an ISO day falls in. */
export function quarterOf(iso: string): number {
  return Math.floor((Number(iso.slice(5, 7)) - 1) / 3) + 1;
}

/** The default period of the month reports: January to the current month of this year. */
export function defaultPeriod(today: string): { from: string; to: string } {
  return { from: `${today.slice(0, 4)}-01`, to: today.slice(0, 7) };
}

export interface SsItem {
  key: string;
  base: string | null;
  ee: string | null;
  er: string;
  /** Employee and employer. */
  total: string;
}

/** A month's contributions as the RLC lists them: item key, base, employee, employer (null:
 * no share) and their sum; solidarity and overtime only when there are any. */
export function ssItems(m: SsCostMonthView): SsItem[] {
  const all = [
    { key: 'prep.cc', base: m.bccc, ee: m.ee.cc, er: m.er.cc },
    { key: 'prep.atep', base: m.bccp, ee: null, er: m.er.atep },
    { key: 'prep.unemployment', base: m.bccp, ee: m.ee.unemployment, er: m.er.unemployment },
    { key: 'prep.fogasa', base: m.bccp, ee: null, er: m.er.fogasa },
    { key: 'prep.fp', base: m.bccp, ee: m.ee.fp, er: m.er.fp },
    { key: 'prep.mei', base: m.bccc, ee: m.ee.mei, er: m.er.mei },
    { key: 'prep.solidarity', base: null, ee: m.ee.solidarity, er: m.er.solidarity },
    { key: 'prep.overtime', base: null, ee: m.ee.overtime, er: m.er.overtime },
  ];
  const zero = (s: string | null) => s === null || isZero(s);
  return all
    .filter((i) => i.base !== null || !zero(i.ee) || !zero(i.er))
    .map((i) => ({ ...i, total: toWire(add(i.ee ?? '0.00', i.er)) }));
}
