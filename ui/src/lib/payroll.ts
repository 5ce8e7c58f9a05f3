//! Pay runs in the UI, pure: the review-lines editor (what the owner types, in their locale) to
//! the wire, a run's totals, months, and the rates table's rows. Money is BigInt cents here.

import type { ManualLineInput, PayLineView, PayslipView, PayrollRateView, ProblemDto } from './generated';
import { formatAmount, parseWire, sum, tryParseInput, type Cents, type MoneyLocale, toWire } from './money';

/** The lines review can add, each with the kind the api files it under. */
export const LINE_CODES = ['overtime', 'overtime_fm', 'bonus', 'allowance', 'advance'] as const;
export type LineCode = (typeof LINE_CODES)[number];
export type LineKind = 'salary' | 'non_salary' | 'deduction';

export function kindOf(code: string): LineKind {
  switch (code) {
    case 'allowance':
      return 'non_salary';
    case 'advance':
      return 'deduction';
    default:
      return 'salary';
  }
}

/** One row of the editor: what is typed, as typed. */
export interface EditLine {
  code: string;
  label: string;
  amount: string;
}

/** The payslip's review lines (manual ones) as editor rows, amounts in the locale. */
export function editLines(lines: readonly PayLineView[], locale: MoneyLocale): EditLine[] {
  return lines.filter((l) => l.manual).map((l) => ({ code: l.code, label: l.label, amount: formatAmount(l.amount, locale) }));
}

/** A fresh row for `code`, with its default description. */
export function newLine(code: LineCode, label: string): EditLine {
  return { code, label, amount: '' };
}

/** Local problems of the editor, keyed `${row}.${field}` (row from 1, as the api counts). */
export type LineErrors = Record<string, 'required' | 'invalid_amount' | 'too_many_decimals' | 'not_positive'>;

/**
 * The editor's rows to the wire. Amounts parsed in the locale (never as floats): an empty,
 * unreadable, zero or negative amount and an empty description are named per row, and then
 * no lines are returned.
 */
export function toWireLines(rows: readonly EditLine[], locale: MoneyLocale): { lines: ManualLineInput[]; errors: LineErrors } {
  const errors: LineErrors = {};
  const lines: ManualLineInput[] = [];
  rows.forEach((r, i) => {
    const row = i + 1;
    if (r.label.trim() === '') errors[`${row}.label`] = 'required';
    const p = tryParseInput(r.amount, locale);
    if (!p.ok) errors[`${row}.amount`] = p.code;
    else if (p.value === null) errors[`${row}.amount`] = 'required';
    else if (p.value <= 0n) errors[`${row}.amount`] = 'not_positive';
    else lines.push({ kind: kindOf(r.code), code: r.code, label: r.label.trim(), amount: toWire(p.value) });
  });
  return Object.keys(errors).length > 0 ? { lines: [], errors } : { lines, errors };
}

/** The server's problems on lines, keyed like LineErrors (`${row}.${field}`); others under their field. */
export function lineProblems(problems: readonly ProblemDto[]): Record<string, ProblemDto> {
  const out: Record<string, ProblemDto> = {};
  for (const p of problems) {
    const k = p.row !== null ? `${p.row}.${p.field ?? 'amount'}` : (p.field ?? '');
    if (!(k in out)) out[k] = p;
  }
  return out;
}

/** The sum of what the editor's readable rows add (+) or take (−) from the net, for a preview. */
export function editNet(rows: readonly EditLine[], locale: MoneyLocale): Cents {
  let total = 0n;
  for (const r of rows) {
    const p = tryParseInput(r.amount, locale);
    if (!p.ok || p.value === null) continue;
    total += kindOf(r.code) === 'deduction' ? -p.value : p.value;
  }
  return total;
}

export interface RunTotals {
  days: number;
  gross: Cents;
  deductions: Cents;
  net: Cents;
  employerCost: Cents;
}

/** The totals row of a run's table. */
export function runTotals(payslips: readonly PayslipView[]): RunTotals {
  return {
    days: payslips.reduce((a, p) => a + p.days, 0),
    gross: sum(payslips.map((p) => p.gross)),
    deductions: sum(payslips.map((p) => p.total_deductions)),
    net: sum(payslips.map((p) => p.net)),
    employerCost: sum(payslips.map((p) => p.employer_cost)),
  };
}

/** Each employee deduction of a payslip with the key of its label; zeros left out. */
export function deductionItems(p: PayslipView): { key: string; amount: string }[] {
  const items: [string, string][] = [
    ['ee_cc', p.ee_cc],
    ['ee_unemployment', p.ee_unemployment],
    ['ee_fp', p.ee_fp],
    ['ee_mei', p.ee_mei],
    ['ee_solidarity', p.ee_solidarity],
    ['ee_overtime', p.ee_overtime],
    ['irpf', p.irpf],
    ['other_deductions', p.other_deductions],
  ];
  return items.filter(([, a]) => parseWire(a) !== 0n).map(([key, amount]) => ({ key, amount }));
}

/** Each employer contribution of a payslip; zeros left out. */
export function employerItems(p: PayslipView): { key: string; amount: string }[] {
  const items: [string, string][] = [
    ['er_cc', p.er_cc],
    ['er_atep', p.er_atep],
    ['er_unemployment', p.er_unemployment],
    ['er_fogasa', p.er_fogasa],
    ['er_fp', p.er_fp],
    ['er_mei', p.er_mei],
    ['er_solidarity', p.er_solidarity],
    ['er_overtime', p.er_overtime],
  ];
  return items.filter(([, a]) => parseWire(a) !== 0n).map(([key, amount]) => ({ key, amount }));
}

/** "YYYY-MM" of a day ("YYYY-MM-DD"). */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

export function isMonth(s: string | undefined | null): s is string {
  if (!s || !/^\d{4}-\d{2}$/.test(s)) return false;
  const m = Number(s.slice(5));
  return m >= 1 && m <= 12;
}

/** The month before/after ("2026-01" -1 → "2025-12"). */
export function addMonths(month: string, n: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + n;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${String(yy).padStart(4, '0')}-${String(mm + 1).padStart(2, '0')}`;
}

/** A payslip can be corrected when it is approved (or paid), is no correction itself, and its month is before `month`. */
export function correctable(p: Pick<PayslipView, 'run_state' | 'corrects_id' | 'month'>, draftMonth: string): boolean {
  return p.run_state !== 'draft' && p.corrects_id === null && p.month < draftMonth;
}

/** The rates table: the changed ones first flagged, filtered by a text. */
export function rateRows(rates: readonly PayrollRateView[], filter: string): (PayrollRateView & { changed: boolean })[] {
  const f = filter.trim().toLowerCase();
  return rates
    .filter((r) => f === '' || r.key.toLowerCase().includes(f) || r.source.toLowerCase().includes(f))
    .map((r) => ({ ...r, changed: r.shipped !== null }));
}

/** A rate as typed ("4,70" or "4.70") to the rate file's form ("4.70"); other text as is, for the server to judge. */
export function rateToWire(typed: string): string {
  const s = typed.trim().replace(/\s/g, '');
  return /^-?\d+,\d+$/.test(s) ? s.replace(',', '.') : s;
}

/**
 * The month whose draft carries a correction of a payslip of `month` when no later draft exists:
 * the current month if later, else the month after; skipping months whose run is approved or paid.
 */
export function correctionMonth(month: string, current: string, runs: readonly { month: string; state: string }[]): string {
  let m = current > month ? current : addMonths(month, 1);
  const closed = new Set(runs.filter((r) => r.state !== 'draft').map((r) => r.month));
  while (closed.has(m)) m = addMonths(m, 1);
  return m;
}
