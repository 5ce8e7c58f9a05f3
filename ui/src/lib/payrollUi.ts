//! Pay runs' files and words that need the app state (not pure, so apart from payroll.ts).

import type { ExportedFile, ProblemDto } from './generated';
import { download, printPdf, saveAs } from './files';
import { isDesktop } from './transport';
import { msg, notify, problemText, t } from './state.svelte';
import type { MessageKey } from './i18n';
import { hasKey } from './i18n';

/** Saves an exported file: the native dialog in the desktop, a download in the browser. */
export async function saveFile(f: ExportedFile): Promise<void> {
  if (isDesktop()) {
    const path = await saveAs(f);
    if (path) notify('ok', msg('payroll.saved', { path }));
  } else download(f);
}

export async function printFile(f: ExportedFile): Promise<void> {
  await printPdf(f);
}

export const runStateKey = (s: string): MessageKey => (hasKey(`payroll.state.${s}`) ? (`payroll.state.${s}` as MessageKey) : 'payroll.state.draft');

/** A line code in words ("overtime" → "Horas extraordinarias"). */
export function codeText(code: string): string {
  const k = `payroll.code.${code}`;
  return hasKey(k) ? t(k) : code;
}

/** A server problem in words, naming the employee when it carries one. */
export function payrollProblem(p: ProblemDto): string {
  const k = `payroll.problem.${p.field ?? ''}.${p.code}`;
  if (hasKey(k)) return t(k, { employee: '', ...p.params });
  const text = problemText(p);
  return p.params.employee && !text.includes(p.params.employee) ? `${p.params.employee}: ${text}` : text;
}
