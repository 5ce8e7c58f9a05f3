//! Pure helpers for a supplier's evaluations and contracts (testable without the DOM).

import type { ProblemDto } from './generated';
import type { MessageKey } from './i18n';

/** An average from the wire ("4.25") in the user's format: "4,25" (es) / "4.25" (en). */
export function formatScore(s: string | null | undefined, locale: 'es' | 'en'): string {
  if (s === null || s === undefined || s === '') return '—';
  return locale === 'es' ? s.replace('.', ',') : s;
}

/** The message key (and params) for a due contract's time left; negative days are overdue. */
export function daysLeftKey(days: number): { key: MessageKey; params?: Record<string, number> } {
  if (days === 0) return { key: 'contracts.due.today' };
  if (days === 1) return { key: 'contracts.due.daysLeft.one' };
  if (days === -1) return { key: 'contracts.due.overdue.one' };
  if (days < 0) return { key: 'contracts.due.overdue', params: { days: -days } };
  return { key: 'contracts.due.daysLeft', params: { days } };
}

/** The specific message for a problem of these forms, by its field, if there is one (an
 * unreadable date or amount keeps the general message). */
export function relationProblemKey(p: ProblemDto): MessageKey | null {
  if (!p.field || p.code === 'invalid_amount' || p.code === 'invalid_date') return null;
  return `relations.problem.${p.field}` as MessageKey;
}

/** The "within N days" the Contratos screen starts with. */
export const DEFAULT_WITHIN_DAYS = 60;

/** Reads the days box: a whole number 0..3650, or null. */
export function parseWithinDays(raw: string | number): number | null {
  const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
  return Number.isInteger(n) && n >= 0 && n <= 3650 ? n : null;
}
