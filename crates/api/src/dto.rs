//! What crosses the wire. Money and dates travel as strings ("1234.56", "2026-03-31");
//! inputs are parsed in the commands so every bad field becomes a Problem with its name.
//! TypeScript declarations for all of these are generated (see `bindings`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
    pub lines: Vec<NewEntryLine>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct EntrySummary {
    pub id: i64,
    pub fiscal_year: i32,
    pub number: i64,
    pub date: String,
    pub description: String,
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
