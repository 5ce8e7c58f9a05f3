//! How the change log names its records: the kinds offered as filters, and a record name
//! ("account:5720001", "entry:12", "company.lock_date") as words. Pure, unit-tested.

import type { MessageKey, Params } from './i18n';

/** The kinds of record the filter offers, by the prefix of their name. */
export const RECORD_KINDS: readonly { prefix: string; key: MessageKey }[] = [
  { prefix: 'entry:', key: 'audit.kind.entry' },
  { prefix: 'journal', key: 'audit.kind.import' },
  { prefix: 'account:', key: 'audit.kind.account' },
  { prefix: 'draft:', key: 'audit.kind.draft' },
  { prefix: 'template', key: 'audit.kind.template' },
  { prefix: 'fiscal_year:', key: 'audit.kind.year' },
  { prefix: 'company.lock_date', key: 'audit.kind.lock' },
  { prefix: 'company', key: 'audit.kind.company' },
];

/** A record's name in words: "Cuenta 5720001", "Asiento #12", "Fecha de bloqueo". */
export function describeRecord(record: string, t: (key: MessageKey, params?: Params) => string): string {
  const [kind, id = ''] = record.split(':', 2);
  switch (kind) {
    case 'account':
      return t('audit.rec.account', { id });
    case 'entry':
      return t('audit.rec.entry', { id });
    case 'draft':
      return t('audit.rec.draft', { id });
    case 'template':
      return t('audit.rec.template', { id });
    case 'fiscal_year':
      return t('audit.rec.year', { id });
    case 'company.lock_date':
      return t('audit.kind.lock');
    case 'company.language':
      return t('audit.rec.language');
    case 'company':
      return t('audit.kind.company');
    case 'journal':
      return t('audit.kind.import');
    case 'templates':
      return t('audit.kind.template');
    default:
      return record;
  }
}
