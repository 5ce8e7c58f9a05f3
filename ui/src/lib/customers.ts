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
