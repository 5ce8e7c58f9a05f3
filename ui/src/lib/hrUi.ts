//! HR problems in the user's language: the overlap of a leave names the other leave (its kind
//! and dates); a field with its own message in i18n-hr says it; else the generic problem text.

import type { ProblemDto } from './generated';
import { hasKey, type MessageKey } from './i18n';
import { date, problemText, t } from './state.svelte';
import { isOverlap } from './hr';

export function hrProblem(p: ProblemDto): string {
  if (isOverlap(p)) {
    const kindKey = `leave.kind.${p.params.kind ?? 'other'}`;
    const kind = hasKey(kindKey) ? t(kindKey as MessageKey).toLowerCase() : (p.params.kind ?? '');
    return t('hr.problem.overlap', { kind, from: date(p.params.start_date ?? ''), to: date(p.params.end_date ?? '') });
  }
  const k = `hr.problem.${p.field ?? ''}`;
  if (p.code !== 'invalid_date' && p.code !== 'invalid_amount' && hasKey(k)) return t(k as MessageKey);
  if (p.field === 'hours' && hasKey(k)) return t(k as MessageKey);
  return problemText(p);
}
