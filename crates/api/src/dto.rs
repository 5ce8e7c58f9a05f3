//! What crosses the wire. Money and dates travel as strings ("1234.56", "2026-03-31");
//! inputs are parsed in the commands so every bad field becomes a Problem with its name.
//! TypeScript declarations for all of these are generated (see `bindings`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::dto_bank::*;
pub use crate::dto_correspondence::*;
pub use crate::dto_documents::*;
pub use crate::dto_employees::*;
pub use crate::dto_hr::*;
pub use crate::dto_invoice_pdf::*;
pub use crate::dto_invoices::*;
pub use crate::dto_payables::*;
pub use crate::dto_payroll::*;
pub use crate::dto_payroll_reports::*;
pub use crate::dto_purchase_orders::*;
pub use crate::dto_receivables::*;
pub use crate::dto_reconcile::*;
pub use crate::dto_sales::*;
pub use crate::dto_search::*;
pub use crate::dto_supplier_relations::*;
pub use crate::dto_suppliers::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Es,
    En,
}

impl From<Lang> for trastienda_core::Language {
    fn from(l: Lang) -> Self {
        match l {
            Lang::Es => trastienda_core::Language::Es,
            Lang::En => trastienda_core::Language::En,
        }
    }
}
impl From<trastienda_core::Language> for Lang {
    fn from(l: trastienda_core::Language) -> Self {
        match l {
            trastienda_core::Language::Es => Lang::Es,
            trastienda_core::Language::En => Lang::En,
        }
    }
}

/// Arguments of a command that takes none.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct NoArgs {}

// ---- App and companies ----

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CompanyInfo {
    pub path: String,
    pub name: String,
    pub tax_id: String,
    pub country: String,
    pub address: String,
    pub fiscal_year_start_month: u32,
    pub currency: String,
    pub language: Lang,
    pub template: String,
    /// Where the file sits is risky for SQLite: a folder a cloud client syncs, or a network
    /// share. Plain English; the UI shows them as a banner.
    #[serde(default)]
    pub warnings: Vec<String>,
    /// Whether the file is encrypted with a password.
    #[serde(default)]
    pub encrypted: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
pub struct RecentCompany {
    pub path: String,
    pub name: String,
    pub last_opened: String,
    pub exists: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub debug: bool,
    pub language: Lang,
    pub company: Option<CompanyInfo>,
    pub recent: Vec<RecentCompany>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ChartTemplate {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CheckTaxIdArgs {
    pub country: String,
    pub tax_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TaxIdCheck {
    pub valid: bool,
    /// "NIF" | "NIE" | "CIF" for a valid Spanish id.
    pub kind: Option<String>,
    /// Why it is not valid: "required" | "length" | "format" | "control".
    pub reason: Option<String>,
    /// For "control": the control character the id should end with.
    pub expected: Option<String>,
    /// English, for logs.
    pub message: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewCompany {
    pub name: String,
    pub tax_id: String,
    #[serde(default = "default_country")]
    pub country: String,
    #[serde(default)]
    pub address: String,
    #[serde(default = "default_start_month")]
    pub fiscal_year_start_month: u32,
    #[serde(default = "default_currency")]
    pub currency: String,
    #[serde(default)]
    pub language: Lang,
    #[serde(default = "default_template")]
    pub template: String,
}

fn default_country() -> String {
    "ES".into()
}
fn default_start_month() -> u32 {
    1
}
fn default_currency() -> String {
    "EUR".into()
}
fn default_template() -> String {
    "es-pymes".into()
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct OpenCompanyArgs {
    pub path: String,
    /// The company's password, when its file is encrypted.
    #[serde(default)]
    #[ts(optional)]
    pub password: Option<String>,
}

/// A company file that failed its check on open, to be replaced by its latest good backup.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct RestoreLatestArgs {
    pub path: String,
    #[serde(default)]
    #[ts(optional)]
    pub password: Option<String>,
}

/// Sets (`new` on a plain company), changes (`current` and `new`) or removes (`current`
/// only) the company's password.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct SetPasswordArgs {
    #[serde(default)]
    #[ts(optional)]
    pub current: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub new: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SetLanguageArgs {
    pub language: Lang,
}

// ---- Accounts ----

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum AccountKind {
    Asset,
    Liability,
    Equity,
    Income,
    Expense,
}

impl From<trastienda_core::AccountKind> for AccountKind {
    fn from(k: trastienda_core::AccountKind) -> Self {
        use trastienda_core::AccountKind as K;
        match k {
            K::Asset => AccountKind::Asset,
            K::Liability => AccountKind::Liability,
            K::Equity => AccountKind::Equity,
            K::Income => AccountKind::Income,
            K::Expense => AccountKind::Expense,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AccountRow {
    pub code: String,
    pub name: String,
    pub kind: AccountKind,
    pub level: u8,
    pub parent: Option<String>,
    pub postable: bool,
    pub active: bool,
    pub debit: String,
    pub credit: String,
    pub balance: String,
    pub has_postings: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct ListAccountsArgs {
    #[serde(default)]
    #[ts(optional)]
    pub query: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub include_inactive: Option<bool>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SearchAccountsArgs {
    pub query: String,
    #[serde(default)]
    #[ts(optional)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AddAccountArgs {
    pub parent_code: String,
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RenameAccountArgs {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SetAccountActiveArgs {
    pub code: String,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AccountCodeArgs {
    pub code: String,
}

// ---- Journal ----

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    Normal,
    Opening,
    Regularisation,
    Closing,
    Reversal,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewEntryLine {
    pub account: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub debit: String,
    #[serde(default)]
    pub credit: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewEntry {
    pub date: String,
    #[serde(default)]
    pub description: String,
    /// The document behind the entry (an invoice number, a receipt), if any.
    #[serde(default)]
    #[ts(optional)]
    pub reference: Option<String>,
    pub lines: Vec<NewEntryLine>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct EntrySummary {
    pub id: i64,
    pub fiscal_year: i32,
    pub number: i64,
    pub date: String,
    pub description: String,
    pub reference: Option<String>,
    pub total: String,
    pub kind: EntryKind,
    pub reverses: Option<i64>,
    pub reversed_by: Option<i64>,
    pub line_count: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct EntryPage {
    pub rows: Vec<EntrySummary>,
    pub total: u64,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum EntrySort {
    Date,
    Number,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct ListEntriesArgs {
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub query: Option<String>,
    /// Entries with a line on this account or its subaccounts.
    #[serde(default)]
    #[ts(optional)]
    pub account: Option<String>,
    /// Bounds on the entry's total, inclusive.
    #[serde(default)]
    #[ts(optional)]
    pub min_total: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub max_total: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub kind: Option<EntryKind>,
    #[serde(default)]
    pub page: u32,
    #[serde(default = "default_page_size")]
    pub page_size: u32,
    #[serde(default)]
    #[ts(optional)]
    pub sort: Option<EntrySort>,
    #[serde(default)]
    #[ts(optional)]
    pub descending: Option<bool>,
}

fn default_page_size() -> u32 {
    50
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct EntryIdArgs {
    pub id: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct EntryLineView {
    pub account: String,
    pub account_name: String,
    pub description: String,
    pub debit: String,
    pub credit: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Entry {
    #[serde(flatten)]
    pub summary: EntrySummary,
    pub lines: Vec<EntryLineView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReverseEntryArgs {
    pub id: i64,
    pub date: String,
    #[serde(default)]
    #[ts(optional)]
    pub description: Option<String>,
}

// ---- Reports ----

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct TrialBalanceArgs {
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub level: Option<u8>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TrialBalanceRow {
    pub code: String,
    pub name: String,
    pub level: u8,
    pub is_group: bool,
    pub debit: String,
    pub credit: String,
    pub balance: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TrialBalance {
    pub from: Option<String>,
    pub to: Option<String>,
    pub rows: Vec<TrialBalanceRow>,
    pub total_debit: String,
    pub total_credit: String,
    pub total_balance: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RegisterArgs {
    pub code: String,
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
    #[serde(default)]
    pub page: u32,
    #[serde(default = "default_page_size")]
    pub page_size: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RegisterRow {
    pub entry_id: i64,
    pub fiscal_year: i32,
    pub entry_number: i64,
    pub date: String,
    pub description: String,
    pub debit: String,
    pub credit: String,
    pub balance: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RegisterPage {
    pub code: String,
    pub name: String,
    pub opening_balance: String,
    pub rows: Vec<RegisterRow>,
    pub total_rows: u64,
    pub page: u32,
    pub page_size: u32,
    pub closing_balance: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Pdf,
    Csv,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ExportTrialBalanceArgs {
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
    pub format: ExportFormat,
    #[serde(default)]
    #[ts(optional)]
    pub language: Option<Lang>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ExportedFile {
    pub file_name: String,
    pub mime: String,
    pub content_base64: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct OpenExportedArgs {
    pub file_name: String,
    pub content_base64: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SaveExportedArgs {
    pub path: String,
    pub content_base64: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SavedFile {
    pub path: String,
}

// ---- Fiscal years, lock date, year-end close, opening balances ----

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct FiscalYearRow {
    pub year: i32,
    pub start: String,
    pub end: String,
    pub closed: bool,
    pub closed_at: Option<String>,
    pub entries: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub record: String,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PeriodsInfo {
    pub years: Vec<FiscalYearRow>,
    pub lock_date: Option<String>,
    /// Changes of the lock date and of the years' state, newest first.
    pub history: Vec<AuditRow>,
    /// The account the year's result is regularised into (129 in the PGC).
    pub result_account: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct CreateYearArgs {
    /// The year to create; by default the one after the last.
    #[serde(default)]
    #[ts(optional)]
    pub year: Option<i32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SetLockDateArgs {
    /// Nothing on or before this date can be posted or reversed; absent clears the lock.
    #[serde(default)]
    #[ts(optional)]
    pub until: Option<String>,
    /// Required when the date moves back (or the lock is cleared).
    #[serde(default)]
    #[ts(optional)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct YearArgs {
    pub year: i32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReopenYearArgs {
    pub year: i32,
    #[serde(default)]
    #[ts(optional)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ProposedEntry {
    pub kind: EntryKind,
    pub date: String,
    pub description: String,
    pub lines: Vec<EntryLineView>,
    pub total: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ClosePreview {
    pub year: i32,
    pub end: String,
    pub next_start: String,
    /// Profit (positive) or loss (negative).
    pub result: String,
    pub result_account: String,
    /// Regularisation, closing and opening, in that order; an empty step is left out.
    pub entries: Vec<ProposedEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ClosedYear {
    pub year: i32,
    pub entries: Vec<EntrySummary>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct OpeningLine {
    pub account: String,
    #[serde(default)]
    pub debit: String,
    #[serde(default)]
    pub credit: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct OpeningBalancesArgs {
    pub date: String,
    #[serde(default)]
    #[ts(optional)]
    pub description: Option<String>,
    pub lines: Vec<OpeningLine>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ImportOpeningArgs {
    pub date: String,
    /// CSV text with the header `account,debit,credit`.
    pub csv: String,
    #[serde(default)]
    #[ts(optional)]
    pub description: Option<String>,
}

// ---- Drafts and entry templates ----

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Draft {
    pub id: i64,
    pub date: String,
    pub description: String,
    pub reference: Option<String>,
    pub template_id: Option<i64>,
    pub lines: Vec<NewEntryLine>,
    pub total_debit: String,
    pub total_credit: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SaveDraftArgs {
    /// Absent: a new draft.
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<i64>,
    pub entry: NewEntry,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct IdArgs {
    pub id: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Every {
    Monthly,
    Quarterly,
    Yearly,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RecurrenceArgs {
    pub every: Every,
    pub first_date: String,
    #[serde(default)]
    #[ts(optional)]
    pub until: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Recurrence {
    pub every: Every,
    pub first_date: String,
    pub until: Option<String>,
    /// The next occurrence not yet drafted, if the schedule has one.
    pub next_date: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct EntryTemplate {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub reference: Option<String>,
    pub lines: Vec<NewEntryLine>,
    pub recurrence: Option<Recurrence>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SaveTemplateArgs {
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<i64>,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    #[ts(optional)]
    pub reference: Option<String>,
    pub lines: Vec<NewEntryLine>,
    #[serde(default)]
    #[ts(optional)]
    pub recurrence: Option<RecurrenceArgs>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct DraftDueArgs {
    /// Draft every occurrence due on or before this date (default today).
    #[serde(default)]
    #[ts(optional)]
    pub until: Option<String>,
}

// ---- Statements and books ----

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ReportKind {
    TrialBalance,
    ProfitLoss,
    BalanceSheet,
    CashFlow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Compare {
    PreviousPeriod,
    PreviousYear,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct StatementArgs {
    pub report: ReportKind,
    /// Defaults: the fiscal year that contains today.
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub compare: Option<Compare>,
    /// One column per month, then the total.
    #[serde(default)]
    pub monthly: bool,
    /// Trial balance only: deepest account level shown (1, 2, 3; absent = all).
    #[serde(default)]
    #[ts(optional)]
    pub level: Option<u8>,
    /// The language of the labels; the company's by default.
    #[serde(default)]
    #[ts(optional)]
    pub language: Option<Lang>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct StatementColumn {
    pub label: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum LineStyle {
    Heading,
    Line,
    Total,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct StatementLine {
    pub key: String,
    pub code: Option<String>,
    pub label: String,
    pub depth: u8,
    pub style: LineStyle,
    pub values: Vec<String>,
    /// Whether postings stand behind the figures (drill-down is offered).
    pub drillable: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct StatementCheck {
    pub label: String,
    pub differences: Vec<String>,
    pub ok: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct UnassignedAccount {
    pub column: u32,
    pub account: String,
    pub name: String,
    pub balance: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Statement {
    pub report: ReportKind,
    pub title: String,
    pub columns: Vec<StatementColumn>,
    pub lines: Vec<StatementLine>,
    pub checks: Vec<StatementCheck>,
    pub unassigned: Vec<UnassignedAccount>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DrillDownArgs {
    #[serde(flatten)]
    pub statement: StatementArgs,
    /// The line's key and the column (0-based) of the figure.
    pub key: String,
    #[serde(default)]
    pub column: u32,
    #[serde(default)]
    pub page: u32,
    #[serde(default = "default_page_size")]
    pub page_size: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DrillRow {
    pub entry_id: i64,
    pub fiscal_year: i32,
    pub entry_number: i64,
    pub date: String,
    pub account: String,
    pub account_name: String,
    pub description: String,
    pub debit: String,
    pub credit: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DrillPage {
    /// The line and column the figure belongs to.
    pub line: String,
    pub column: String,
    /// The figure as the report shows it (read on the line's side).
    pub figure: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub accounts: Vec<String>,
    pub rows: Vec<DrillRow>,
    pub total_rows: u64,
    pub page: u32,
    pub page_size: u32,
    /// Debit - credit of all the postings behind the figure. For a cash-flow figure the rows
    /// are the entries' cash shares instead: debit = cash in, credit = cash out, and the
    /// account is the counterpart the cash went to.
    pub total: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct JournalBookArgs {
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
    #[serde(default)]
    pub page: u32,
    #[serde(default = "default_page_size")]
    pub page_size: u32,
    /// The language of the kind labels; the company's by default.
    #[serde(default)]
    #[ts(optional)]
    pub language: Option<Lang>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BookEntry {
    /// The entry (for a link to it).
    pub entry_id: i64,
    /// Correlative number by date within the fiscal year.
    pub number: i64,
    pub fiscal_year: i32,
    pub date: String,
    pub description: String,
    pub reference: Option<String>,
    pub kind_label: String,
    pub lines: Vec<EntryLineView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct JournalBookPage {
    pub from: Option<String>,
    pub to: Option<String>,
    pub entries: Vec<BookEntry>,
    pub total_entries: u64,
    pub page: u32,
    pub page_size: u32,
    pub total_debit: String,
    pub total_credit: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct LedgerArgs {
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
    /// Account range; a code includes its subaccounts.
    #[serde(default)]
    #[ts(optional)]
    pub first: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub last: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct LedgerAccountRow {
    pub code: String,
    pub name: String,
    pub opening: String,
    pub debit: String,
    pub credit: String,
    pub closing: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct LedgerSummary {
    pub from: Option<String>,
    pub to: Option<String>,
    pub accounts: Vec<LedgerAccountRow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ExportReport {
    Journal,
    Ledger,
    TrialBalance,
    ProfitLoss,
    BalanceSheet,
    CashFlow,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ExportReportArgs {
    pub report: ExportReport,
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub compare: Option<Compare>,
    #[serde(default)]
    pub monthly: bool,
    #[serde(default)]
    #[ts(optional)]
    pub level: Option<u8>,
    #[serde(default)]
    #[ts(optional)]
    pub first: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub last: Option<String>,
    pub format: ExportFormat,
    #[serde(default)]
    #[ts(optional)]
    pub language: Option<Lang>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct AuditArgs {
    /// Records whose name starts with this (e.g. "account:", "entry:12",
    /// "company.lock_date"); all by default.
    #[serde(default)]
    #[ts(optional)]
    pub record: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub action: Option<String>,
    /// Days of the change (YYYY-MM-DD), inclusive.
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
    /// Text anywhere in the values, the reason, the actor or the record.
    #[serde(default)]
    #[ts(optional)]
    pub text: Option<String>,
    #[serde(default)]
    pub page: u32,
    #[serde(default = "default_page_size")]
    pub page_size: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AuditPage {
    /// Newest first.
    pub rows: Vec<AuditRow>,
    pub total: u64,
    pub page: u32,
    pub page_size: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AuditCheck {
    pub records: u64,
    pub ok: bool,
    /// The first record that does not follow from the one before it, and why.
    pub broken_at: Option<i64>,
    pub reason: Option<String>,
}

// ---- Backups ----

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
pub struct BackupSettingsDto {
    /// The folder backups of the open company go to (the default when none was chosen).
    pub folder: String,
    /// Whether `folder` is the default (`<data dir>/backups/<company file stem>`).
    pub is_default: bool,
    pub keep_daily: u32,
    pub keep_weekly: u32,
    pub keep_monthly: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SetBackupSettingsArgs {
    /// Empty or absent: back to the default folder.
    #[serde(default)]
    #[ts(optional)]
    pub folder: Option<String>,
    pub keep_daily: u32,
    pub keep_weekly: u32,
    pub keep_monthly: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
pub struct BackupRow {
    pub path: String,
    /// "YYYY-MM-DD HH:MM:SS" (UTC), from the file name.
    pub date: Option<String>,
    /// manual | daily | close | migration | restore, from the file name.
    pub reason: Option<String>,
    pub size: u64,
    pub company: String,
    pub tax_id: String,
    pub entries: i64,
    /// Issued invoices and employees, once the company has those records (None before).
    pub invoices: Option<i64>,
    pub employees: Option<i64>,
    pub schema_version: u32,
    /// Encrypted with a password.
    pub encrypted: bool,
    /// Encrypted with a password other than the company's current one: its company and
    /// counts cannot be read (they are empty) until that password is given.
    pub locked: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
pub struct BackupProgress {
    pub active: bool,
    pub pages_done: u64,
    pub pages_total: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RestoreBackupArgs {
    pub path: String,
    /// The backup's password, when it was made under a password other than the current one.
    #[serde(default)]
    #[ts(optional)]
    pub password: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Restored {
    /// Where the file that was current before the restore was kept.
    pub aside: Option<String>,
    pub company: CompanyInfo,
}
