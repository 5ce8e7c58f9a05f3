//! Pure helpers of the supplier screens: an empty form and the message key of a problem. The
//! problems by field and by row, the tax-id reasons and the tax id as shown are the customers'.

import type { ProblemDto, SupplierFields } from './generated';
import { salesProblemKey } from './customers';

export const VAT_TREATMENTS = ['deductible', 'recargo', 'intra_eu', 'non_deductible'] as const;

export const SUPPLIER_CSV_COLUMNS =
  'legal_name, trade_name, country, tax_id, address, postal_code, city, province, email, phone, iban, bic, payment_days, expense_account, vat_treatment, irpf_pct, category, notes, status';

export function emptySupplier(): SupplierFields {
  return {
    legal_name: '',
    trade_name: null,
    country: 'ES',
    tax_id: '',
    address: '',
    postal_code: '',
    city: '',
    province: '',
    email: null,
    phone: null,
    iban: null,
    bic: null,
    payment_days: 0,
    expense_account: null,
    vat_treatment: 'deductible',
    irpf_pct: null,
    category: '',
    notes: '',
    contacts: [],
  };
}

/** The message key of a supplier's problem: its own fields' (`suppliers.problem.<field>`), else the customers'. */
export function supplierProblemKey(p: ProblemDto): { key: string; params: Record<string, string> } | null {
  const own = ['block_reason', 'bic', 'expense_account', 'irpf_pct', 'vat_treatment'];
  if (p.field && own.includes(p.field)) return { key: `suppliers.problem.${p.field}`, params: { ...(p.params as Record<string, string>) } };
  return salesProblemKey(p);
}
