//! Pure helpers of the customer screens: an empty form, problems by field and by row.

import type { CustomerFields, ProblemDto } from './generated';

export const TREATMENTS = ['domestic', 'recargo', 'exempt', 'intra_eu', 'export'] as const;
export const EXEMPTION_CAUSES = ['E1', 'E2', 'E3', 'E4', 'E5', 'E6'] as const;
export const PRODUCT_TAXES = ['21', '10', '4', '0', 'E1', 'E2', 'E3', 'E4', 'E5', 'E6'] as const;

export function emptyCustomer(): CustomerFields {
  return {
    legal_name: '',
    trade_name: null,
    country: 'ES',
    tax_id: '',
    address: '',
    postal_code: '',
    city: '',
    province: '',
    shipping_address: null,
    email: null,
    phone: null,
    payment_days: 0,
    payment_days_of_month: null,
    treatment: 'domestic',
    exemption_cause: null,
    iban: null,
    account: null,
    notes: '',
    contacts: [],
  };
}

/** The first problem of each field ("contacts.name" of contact n is keyed "contacts.name.n"). */
export function problemsByField(problems: readonly ProblemDto[]): Record<string, ProblemDto> {
  const out: Record<string, ProblemDto> = {};
  for (const p of problems) {
    if (!p.field) continue;
    const key = p.field.startsWith('contacts.') && p.row !== null ? `${p.field}.${p.row}` : p.field;
    if (!(key in out)) out[key] = p;
  }
  return out;
}

/** Problems grouped by row in row order (an import's report); row-less ones under 0. */
export function problemsByRow(problems: readonly ProblemDto[]): [number, ProblemDto[]][] {
  const m = new Map<number, ProblemDto[]>();
  for (const p of problems) {
    const r = p.row ?? 0;
    const list = m.get(r) ?? [];
    list.push(p);
    m.set(r, list);
  }
  return [...m.entries()].sort((a, b) => a[0] - b[0]);
}

/** The tax-id message key for a refused id: the live check's reason, or the server's. */
export function taxReasonKey(reason: string | null | undefined): string | null {
  return reason === 'required' || reason === 'length' || reason === 'format' || reason === 'control' ? `taxid.${reason}` : null;
}

/** A tax id as shown: a foreign one with its country, unless it already starts with it ("DE123…"). */
export function displayTaxId(country: string, taxId: string): string {
  const c = country.trim().toUpperCase();
  const id = taxId.trim();
  if (id === '' || c === '' || c === 'ES' || id.toUpperCase().startsWith(c)) return id;
  return `${c} ${id}`;
}

/**
 * The message key (in i18n-sales) for a customer's or product's problem, with its params:
 * `sales.problem.<field>.<code>` (a contact's e-mail as the e-mail's), null when the screens'
 * generic text says it well enough. The server's own `message` is English, never shown.
 */
export function salesProblemKey(p: ProblemDto): { key: string; params: Record<string, string> } | null {
  if (!p.field) return null;
  const field = p.field.replace(/^contacts\./, '');
  const params: Record<string, string> = { ...(p.params as Record<string, string>) };
  let code: string = p.code;
  if (p.code === 'invalid_tax_id' && params.expected_prefix) code = 'prefix';
  else if (p.code === 'invalid_tax_id' || (p.code === 'required' && field === 'tax_id')) return null; // taxid.* say why
  if (field === 'treatment' && p.code === 'out_of_range') code = /export/i.test(p.message) ? 'export' : 'intra_eu';
  return { key: `sales.problem.${field}.${code}`, params };
}
