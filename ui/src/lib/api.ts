//! Command client and DTO types, written by hand from docs/api-contract.md.
//! TEMPORARY: replaced whole by the generated `bindings/` + `commands.ts` (ts-rs) from crates/api.
//! Nothing else in the UI declares wire types; import them from here.

import { call } from './transport';

export type { ApiError, ErrorCode, Problem } from './transport';

/** Money on the wire: decimal string, '.' separator, 2 decimals ("1234.56"). Never a JS number. */
export type MoneyString = string;
/** Accounting date on the wire: "YYYY-MM-DD". */
export type DateString = string;
export type Language = 'es' | 'en';
export type AccountKind = 'asset' | 'liability' | 'equity' | 'income' | 'expense';
export type TemplateId = 'es-pymes' | 'generic';
export type ExportFormat = 'pdf' | 'csv';

// ---- App ----
export interface CompanyInfo {
  path: string;
  name: string;
  tax_id: string;
  country: string;
  address: string;
  fiscal_year_start_month: number;
  currency: string;
  language: Language;
  template: string;
}

export interface RecentCompany {
  path: string;
  name: string;
  last_opened: string;
  exists: boolean;
}

export interface AppInfo {
  version: string;
  data_dir: string;
  debug: boolean;
  language: Language;
  company: CompanyInfo | null;
  recent: RecentCompany[];
}

export interface ChartTemplate {
  id: TemplateId | string;
  name: string;
}

export interface CheckTaxIdArgs {
  country: string;
  tax_id: string;
}

export interface TaxIdCheck {
  valid: boolean;
  kind: string | null;
  message: string | null;
}

export interface NewCompany {
  name: string;
  tax_id: string;
  country: string;
  address: string;
  fiscal_year_start_month: number;
  currency: string;
  language: Language;
  template: string;
}

// ---- Accounts ----
export interface AccountRow {
  code: string;
  name: string;
  kind: AccountKind;
  level: number;
  parent: string | null;
  postable: boolean;
  active: boolean;
  debit: MoneyString;
  credit: MoneyString;
  balance: MoneyString;
  has_postings: boolean;
}

export interface ListAccountsArgs {
  query?: string;
  include_inactive?: boolean;
  to?: DateString;
}

export interface SearchAccountsArgs {
  query: string;
  limit?: number;
}

export interface AddAccountArgs {
  parent_code: string;
  code: string;
  name: string;
}

// ---- Journal ----
export interface NewEntryLine {
  account: string;
  description: string;
  debit: MoneyString;
  credit: MoneyString;
}

export interface NewEntry {
  date: DateString;
  description: string;
  lines: NewEntryLine[];
}

export type EntryKind = 'normal' | 'reversal';

export interface EntrySummary {
  id: number;
  fiscal_year: number;
  number: number;
  date: DateString;
  description: string;
  total: MoneyString;
  kind: EntryKind;
  reverses: number | null;
  reversed_by: number | null;
  line_count: number;
}

export interface EntryLine {
  account: string;
  account_name: string;
  description: string;
  debit: MoneyString;
  credit: MoneyString;
}

export interface Entry extends EntrySummary {
  lines: EntryLine[];
}

export interface ListEntriesArgs {
  from?: DateString;
  to?: DateString;
  query?: string;
  page: number;
  page_size: number;
  /** Not in the contract yet: sent only when the user sorts by something other than the default. */
  sort?: 'date' | 'number';
  descending?: boolean;
}

export interface EntryPage {
  rows: EntrySummary[];
  total: number;
}

export interface ReverseEntryArgs {
  id: number;
  date: DateString;
  description?: string;
}

// ---- Reports ----
export interface TrialBalanceArgs {
  from?: DateString;
  to?: DateString;
  level?: number;
}

export interface TrialBalanceRow {
  code: string;
  name: string;
  level: number;
  is_group: boolean;
  debit: MoneyString;
  credit: MoneyString;
  balance: MoneyString;
}

export interface TrialBalance {
  from: DateString;
  to: DateString;
  rows: TrialBalanceRow[];
  total_debit: MoneyString;
  total_credit: MoneyString;
  total_balance: MoneyString;
}

export interface AccountRegisterArgs {
  code: string;
  from?: DateString;
  to?: DateString;
  page: number;
  page_size: number;
}

export interface RegisterRow {
  entry_id: number;
  fiscal_year: number;
  entry_number: number;
  date: DateString;
  description: string;
  debit: MoneyString;
  credit: MoneyString;
  balance: MoneyString;
}

export interface RegisterPage {
  code: string;
  name: string;
  opening_balance: MoneyString;
  rows: RegisterRow[];
  total_rows: number;
  page: number;
  page_size: number;
  closing_balance: MoneyString;
}

export interface ExportTrialBalanceArgs {
  from?: DateString;
  to?: DateString;
  format: ExportFormat;
  language?: Language;
}

export interface ExportedFile {
  file_name: string;
  mime: string;
  content_base64: string;
}

export interface SavedFile {
  path: string;
}

/** One function per command, named as the snake_case command in camelCase. */
export const commands = {
  appInfo: () => call<AppInfo>('app_info', {}),
  listTemplates: () => call<ChartTemplate[]>('list_templates', {}),
  checkTaxId: (args: CheckTaxIdArgs) => call<TaxIdCheck>('check_tax_id', args),
  createCompany: (args: NewCompany) => call<CompanyInfo>('create_company', args),
  openCompany: (args: { path: string }) => call<CompanyInfo>('open_company', args),
  openDemoCompany: () => call<CompanyInfo>('open_demo_company', {}),
  closeCompany: () => call<null>('close_company', {}),
  setLanguage: (args: { language: Language }) => call<null>('set_language', args),

  listAccounts: (args: ListAccountsArgs) => call<AccountRow[]>('list_accounts', args),
  searchAccounts: (args: SearchAccountsArgs) => call<AccountRow[]>('search_accounts', args),
  addAccount: (args: AddAccountArgs) => call<AccountRow>('add_account', args),
  renameAccount: (args: { code: string; name: string }) => call<AccountRow>('rename_account', args),
  setAccountActive: (args: { code: string; active: boolean }) => call<AccountRow>('set_account_active', args),
  deleteAccount: (args: { code: string }) => call<null>('delete_account', args),

  postEntry: (args: NewEntry) => call<EntrySummary>('post_entry', args),
  listEntries: (args: ListEntriesArgs) => call<EntryPage>('list_entries', args),
  getEntry: (args: { id: number }) => call<Entry>('get_entry', args),
  reverseEntry: (args: ReverseEntryArgs) => call<EntrySummary>('reverse_entry', args),

  trialBalance: (args: TrialBalanceArgs) => call<TrialBalance>('trial_balance', args),
  accountRegister: (args: AccountRegisterArgs) => call<RegisterPage>('account_register', args),
  exportTrialBalance: (args: ExportTrialBalanceArgs) => call<ExportedFile>('export_trial_balance', args),
  openExported: (args: { file_name: string; content_base64: string }) => call<SavedFile>('open_exported', args),
  saveExported: (args: { path: string; content_base64: string }) => call<SavedFile>('save_exported', args),
} as const;
