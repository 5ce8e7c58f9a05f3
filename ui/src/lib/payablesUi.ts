//! Payables problems in the user's language: a key of i18n-payables when there is one, else the
//! receivables' (same fields: date, amount, method, reference), else the generic problem text.

import type { ProblemDto } from './generated';
import { hasKey } from './i18n';
import { money, t } from './state.svelte';
import { receivablesProblem } from './receivablesUi';

export function payablesProblem(p: ProblemDto, key?: string): string {
  const field = key?.startsWith('alloc.') ? 'alloc' : (key ?? p.field ?? '');
  const k = `payables.problem.${field}.${p.code}`;
  if (hasKey(k)) {
    const params: Record<string, string> = { ...p.params };
    for (const m of ['open', 'amount']) if (params[m] && /^-?\d+\.\d{2}$/.test(params[m])) params[m] = money(params[m]);
    return t(k, params);
  }
  return receivablesProblem(p, key);
}
