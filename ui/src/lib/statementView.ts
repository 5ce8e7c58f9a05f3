//! What the statement screens show, from a route's query and the api's Statement: the arguments
//! (the same for the statement, its drill-down and its export), which figures link to their
//! postings, and the checks and unassigned accounts that must never be hidden. Pure, so testable.

import type { ExportReportArgs, ExportFormat, Lang, Statement, StatementArgs, StatementLine, UnassignedAccount } from './api';
import { isZero } from './money';
import { fiscalYearStart } from './dates';
import type { ReportQuery, Route } from './route';

/** The levels a trial balance statement offers (`undefined` = every account). */
export const TB_LEVELS = [1, 2, 3] as const;

/**
 * The api arguments for a report query. A balance sheet is "at" a date: it shows only `to`, and
 * gets `from` = the start of that date's fiscal year (what its monthly columns and a "previous
 * period" comparison count from).
 */
export function statementArgs(q: ReportQuery, fiscalStartMonth: number): StatementArgs {
  const from = q.report === 'balance-sheet' ? (q.to ? fiscalYearStart(q.to, fiscalStartMonth) : undefined) : q.from;
  return {
    report: q.report,
    from: from || undefined,
    to: q.to || undefined,
    compare: q.compare,
    monthly: !!q.monthly,
    level: q.report === 'trial-balance' ? q.level : undefined,
  };
}

/** The same statement as a file. */
export function exportArgs(q: ReportQuery, fiscalStartMonth: number, format: ExportFormat, language: Lang): ExportReportArgs {
  return { ...statementArgs(q, fiscalStartMonth), format, language };
}

/** Only the query part of a route (what a drill-down needs to recompute the statement). */
export function reportQuery(r: ReportQuery): ReportQuery {
  return { report: r.report, from: r.from, to: r.to, compare: r.compare, monthly: r.monthly, level: r.level };
}

/** The drill-down route of one figure. */
export function drillRoute(q: ReportQuery, key: string, column: number): Route {
  return { name: 'drill', ...reportQuery(q), key, column };
}

/** A figure links to its postings when postings stand behind the line and it is not zero. */
export function isDrillable(line: StatementLine, column: number): boolean {
  const v = line.values[column];
  return line.drillable && v !== undefined && !isZero(v);
}

/** Whether the code column is worth showing. */
export function hasCodes(s: Statement): boolean {
  return s.lines.some((l) => !!l.code);
}

/** One column where a check does not hold. */
export interface CheckFailure {
  label: string;
  column: number;
  columnLabel: string;
  difference: string;
}

/** Every check that fails, once per column where it fails (a zero difference holds). */
export function checkFailures(s: Statement): CheckFailure[] {
  const out: CheckFailure[] = [];
  for (const c of s.checks) {
    c.differences.forEach((d, i) => {
      if (!isZero(d)) out.push({ label: c.label, column: i, columnLabel: s.columns[i]?.label ?? String(i + 1), difference: d });
    });
    // A check the api calls failed without a non-zero difference still shows.
    if (!c.ok && c.differences.every((d) => isZero(d))) {
      out.push({ label: c.label, column: 0, columnLabel: s.columns[0]?.label ?? '', difference: c.differences[0] ?? '0.00' });
    }
  }
  return out;
}

/** Unassigned accounts grouped by column, in column order; columns without any are left out. */
export function unassignedByColumn(s: Statement): { column: number; label: string; accounts: UnassignedAccount[] }[] {
  const groups = new Map<number, UnassignedAccount[]>();
  for (const u of s.unassigned) {
    const list = groups.get(u.column) ?? [];
    list.push(u);
    groups.set(u.column, list);
  }
  return [...groups.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([column, accounts]) => ({ column, label: s.columns[column]?.label ?? String(column + 1), accounts }));
}

/** Whether the trial balance should be shown as a statement (columns) rather than debit/credit/balance. */
export function tbNeedsStatement(q: { compare?: string; monthly?: boolean }): boolean {
  return !!q.compare || !!q.monthly;
}

/**
 * How a column stands out: the total after monthly columns, and a comparison column, are set
 * apart from the months before them. Monthly columns are the months, then the total (not on a
 * balance sheet, whose months are already balances), then the comparison if asked.
 */
export function columnRole(q: ReportQuery, count: number, index: number): 'period' | 'total' | 'compare' {
  if (q.compare && index === count - 1 && count > 1) return 'compare';
  const last = count - 1 - (q.compare ? 1 : 0);
  if (q.monthly && q.report !== 'balance-sheet' && index === last && last > 0) return 'total';
  return 'period';
}
