//! Fiscal years, the lock date and the year-end close, as the screens word them: problems the api
//! returns in several situations under one code get a code of their own (so the message can say
//! which situation it is), and audit rows become "what changed" lines. Pure, unit-tested.

import type { AuditRow, EntryKind, FiscalYearRow, ProblemDto } from './api';
import { ApiError } from './transport';

/**
 * A problem with a code that says which situation it is, for `problem.<code>` in i18n-periods.ts.
 * `year` is the year being closed or reopened, when there is one (a `pending` problem names the
 * year before it that is still open, or the year after it that is still closed).
 */
export function refineProblem(p: ProblemDto, year?: number): ProblemDto {
  const code = (c: string): ProblemDto => ({ ...p, code: c });
  const params = p.params ?? {};
  switch (p.code) {
    case 'locked':
      return p.field === 'lock_date' ? code('locked_year_end') : params.date ? p : code('locked_plain');
    case 'year_closed':
      return params.year && params.date ? p : code('year_closed_plain');
    case 'pending':
      if (params.draft) return code('pending_draft');
      if (params.year && year !== undefined) return code(Number(params.year) < year ? 'pending_previous_year' : 'pending_next_year');
      return p;
    case 'duplicate':
      if (params.entry) return code('duplicate_opening');
      if (p.field === 'name') return code('duplicate_name');
      if (p.field === 'year') return code('duplicate_year');
      return p;
    case 'required':
      return p.field === 'reason' ? code('required_reason') : p.field === 'name' ? code('required_name') : p;
    case 'out_of_range':
      if (p.field === 'until') return code('until_before_first');
      if (p.field === 'min_total') return code('min_above_max');
      if (p.field === 'year') return code('year_not_next');
      return p;
    case 'not_found':
      return p.field === 'year' ? code('year_not_found') : p;
    default:
      return p;
  }
}

/** The problems of a refused command, refined; an error without problems gives none. */
export function refinedProblems(e: unknown, year?: number): ProblemDto[] {
  return ApiError.from(e).problems.map((p) => refineProblem(p, year));
}

export interface Change {
  key:
    | 'periods.history.lockSet'
    | 'periods.history.lockMoved'
    | 'periods.history.lockCleared'
    | 'periods.history.yearCreated'
    | 'periods.history.yearClosed'
    | 'periods.history.yearReopened'
    | 'periods.history.other';
  /** Wire values (dates "YYYY-MM-DD", amounts "1500.00"): localised when shown. */
  params: Record<string, string>;
}

/** One audit row of periods_info.history as a line: what changed, from what to what. */
export function describeChange(row: AuditRow): Change {
  if (row.record === 'company.lock_date') {
    if (!row.before) return { key: 'periods.history.lockSet', params: { after: row.after ?? '' } };
    if (!row.after) return { key: 'periods.history.lockCleared', params: { before: row.before } };
    return { key: 'periods.history.lockMoved', params: { before: row.before, after: row.after } };
  }
  const year = /^fiscal_year:(\d+)$/.exec(row.record)?.[1];
  if (year) {
    if (row.action === 'create') return { key: 'periods.history.yearCreated', params: { year } };
    if (row.action === 'close') {
      const amount = /result (-?\d+(?:\.\d+)?)/.exec(row.after ?? '')?.[1] ?? '';
      return { key: 'periods.history.yearClosed', params: { year, amount } };
    }
    if (row.action === 'reopen') return { key: 'periods.history.yearReopened', params: { year } };
  }
  return { key: 'periods.history.other', params: { record: row.record, action: row.action } };
}

/** The years that can be created next to the existing ones: the one after the last, and the one before the first. */
export function adjacentYears(years: readonly FiscalYearRow[], today: string, startMonth: number): { next: number; previous: number } {
  if (years.length === 0) {
    const [y, m] = today.split('-').map(Number) as [number, number];
    // The fiscal year is named after the calendar year it starts in.
    const current = startMonth > 1 && m < startMonth ? y - 1 : y;
    return { next: current, previous: current - 1 };
  }
  const all = years.map((y) => y.year);
  return { next: Math.max(...all) + 1, previous: Math.min(...all) - 1 };
}

/** The key of an entry kind's name ("Apertura", "Regularización", ...). */
export const ENTRY_KIND_KEY: Record<EntryKind, 'entryKind.normal' | 'entryKind.opening' | 'entryKind.regularisation' | 'entryKind.closing' | 'entryKind.reversal'> = {
  normal: 'entryKind.normal',
  opening: 'entryKind.opening',
  regularisation: 'entryKind.regularisation',
  closing: 'entryKind.closing',
  reversal: 'entryKind.reversal',
};

export const ENTRY_KINDS: readonly EntryKind[] = ['normal', 'opening', 'regularisation', 'closing', 'reversal'];
