//! Lines being typed (an entry, a draft, a template, opening balances): exact totals in BigInt
//! cents, what is sent on the wire, and where each problem the api returns belongs (header
//! field, a line's field, or the form as a whole). Plain TS, so the screens share one behaviour
//! and it is unit-tested.

import type { NewEntryLine, ProblemDto } from './api';
import { formatAmount, toWire, tryParseInput, type Cents, type MoneyLocale } from './money';

export interface LineInput {
  key: number;
  account: string;
  /** The name of `pickedCode`; shown only while the account field still holds that code. */
  accountName: string;
  pickedCode: string;
  description: string;
  /** As typed, in the language's format ("1.234,56" in Spanish). */
  debit: string;
  credit: string;
}

export type ParsedAmount = { ok: true; value: Cents | null } | { ok: false; code: 'invalid_amount' | 'too_many_decimals' };

let nextKey = 0;

export function blankLine(): LineInput {
  return { key: nextKey++, account: '', accountName: '', pickedCode: '', description: '', debit: '', credit: '' };
}

/** A line the user has typed nothing into (such lines are not sent). */
export function isBlank(l: LineInput): boolean {
  return l.account.trim() === '' && l.description.trim() === '' && l.debit.trim() === '' && l.credit.trim() === '';
}

/** Lines from the wire (a draft, a template): amounts written in the user's format, "" for zero. */
export function linesFromWire(
  lines: readonly { account: string; description?: string; debit: string; credit: string }[],
  locale: MoneyLocale,
): LineInput[] {
  const amount = (s: string) => {
    const p = tryParseInput(s, 'en');
    return p.ok && p.value !== null && p.value !== 0n ? formatAmount(p.value, locale) : '';
  };
  return lines.map((l) => ({
    ...blankLine(),
    account: l.account,
    description: l.description ?? '',
    debit: amount(l.debit),
    credit: amount(l.credit),
  }));
}

export interface LineTotals {
  parsed: { debit: ParsedAmount; credit: ParsedAmount }[];
  debit: Cents;
  credit: Cents;
  /** Debit minus credit. */
  difference: Cents;
  /** Some amount cannot be read. */
  invalid: boolean;
  /** Lines with something typed in them. */
  used: number;
}

export function lineTotals(lines: readonly LineInput[], locale: MoneyLocale): LineTotals {
  const parsed = lines.map((l) => ({
    debit: tryParseInput(l.debit, locale) as ParsedAmount,
    credit: tryParseInput(l.credit, locale) as ParsedAmount,
  }));
  const side = (p: ParsedAmount) => (p.ok && p.value !== null ? p.value : 0n);
  const debit = parsed.reduce((s, p) => s + side(p.debit), 0n);
  const credit = parsed.reduce((s, p) => s + side(p.credit), 0n);
  return {
    parsed,
    debit,
    credit,
    difference: debit - credit,
    invalid: parsed.some((p) => !p.debit.ok || !p.credit.ok),
    used: lines.filter((l) => !isBlank(l)).length,
  };
}

/**
 * The lines to send, blank ones left out, and for each sent line the index of the form line it
 * came from (`index[row - 1]`), so a problem's row finds its line again. Empty amounts are "0.00".
 * Amounts that cannot be read are sent as typed: the api then names the line and field.
 */
export function linesToWire(lines: readonly LineInput[], locale: MoneyLocale): { lines: NewEntryLine[]; index: number[] } {
  const index: number[] = [];
  const out: NewEntryLine[] = [];
  const wire = (s: string) => {
    const p = tryParseInput(s, locale);
    if (!p.ok) return s.trim();
    return p.value === null ? '0.00' : toWire(p.value);
  };
  lines.forEach((l, i) => {
    if (isBlank(l)) return;
    index.push(i);
    out.push({ account: l.account.trim(), description: l.description.trim(), debit: wire(l.debit), credit: wire(l.credit) });
  });
  return { lines: out, index };
}

/** Rewrites typed amounts from one language's format to another's ("1.000" es -> "1,000" en). */
export function relocalise(lines: LineInput[], from: MoneyLocale, to: MoneyLocale): void {
  if (from === to) return;
  for (const l of lines) {
    for (const side of ['debit', 'credit'] as const) {
      const p = tryParseInput(l[side], from);
      if (p.ok && p.value !== null) l[side] = formatAmount(p.value, to);
    }
  }
}

export interface PlacedProblems {
  /** Problems of a header field (date, description, reference, name, ...), by field. */
  header: Record<string, ProblemDto>;
  /** Problems of a line, by form line index then field ("line" when it names no field). */
  lines: Record<number, Record<string, ProblemDto>>;
  /** The rest: shown under the form. */
  general: ProblemDto[];
}

/**
 * Puts each problem where it belongs. A problem with a row is a line's (mapped back through
 * `index` from `linesToWire`); without a row, a problem of one of `headerFields` goes next to
 * that field; anything else is general. Only the first problem per place is kept; later ones for
 * an occupied place become general, so none is lost.
 */
export function placeProblems(problems: readonly ProblemDto[], index: readonly number[], headerFields: readonly string[]): PlacedProblems {
  const out: PlacedProblems = { header: {}, lines: {}, general: [] };
  for (const p of problems) {
    if (p.row !== null && p.row >= 1) {
      const i = index[p.row - 1] ?? p.row - 1;
      const field = p.field && ['account', 'description', 'debit', 'credit'].includes(p.field) ? p.field : 'line';
      const row = (out.lines[i] ??= {});
      if (row[field]) out.general.push(p);
      else row[field] = p;
    } else if (p.field !== null && headerFields.includes(p.field) && !out.header[p.field]) {
      out.header[p.field] = p;
    } else {
      out.general.push(p);
    }
  }
  return out;
}
