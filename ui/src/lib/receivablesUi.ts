//! Receivables problems in the user's language: a key of i18n-receivables when there is one,
//! the generic problem text otherwise (the server's message is English).

import type { ProblemDto } from './generated';
import { hasKey } from './i18n';
import { money, problemText, t } from './state.svelte';

export function receivablesProblem(p: ProblemDto, key?: string): string {
  const field = key?.startsWith('alloc.') ? 'alloc' : (key ?? p.field ?? '');
  if (p.code === 'duplicate' && p.field === 'level') return t('dunning.duplicate', { level: p.params.level ?? '', date: p.params.date ? p.params.date.split('-').reverse().join('/') : '' });
  const k = `receivables.problem.${field}.${p.code}`;
  if (hasKey(k)) {
    const params: Record<string, string> = { ...p.params };
    for (const m of ['open', 'amount']) if (params[m] && /^-?\d+\.\d{2}$/.test(params[m])) params[m] = money(params[m]);
    return t(k, params);
  }
  return problemText(p);
}
