//! What crosses the wire for bank and cash accounts and statement imports. Amounts are
//! decimal strings ("1234.50"), dates ISO ("2026-02-28").

use crate::error::ProblemDto;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A bank or cash account as the form edits it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BankAccountFields {
    pub name: String,
    /// "bank" (a 572 subaccount) or "cash" (570).
    pub kind: String,
    #[serde(default)]
    #[ts(optional)]
    pub iban: Option<String>,
    pub currency: String,
    /// The ledger account; leave empty with `create_ledger_account` to make the next free one.
    #[serde(default)]
    #[ts(optional)]
    pub account: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub create_ledger_account: Option<bool>,
    #[serde(default)]
    #[ts(optional)]
    pub opening_date: Option<String>,
    pub opening_balance: String,
    #[serde(default)]
    #[ts(optional)]
    pub active: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SaveBankAccountArgs {
    /// None creates.
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<i64>,
    pub account: BankAccountFields,
}

/// An account with its balances: in the books, per the bank, and the lines still open.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BankAccountDto {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub iban: Option<String>,
    pub currency: String,
    pub account: String,
    pub account_name: String,
    pub opening_date: Option<String>,
    pub opening_balance: String,
    pub active: bool,
    /// The postings on the ledger account.
    pub book_balance: String,
    /// The last imported balance, or the opening plus every line.
    pub statement_balance: String,
    /// Statement minus books.
    pub difference: String,
    pub statement_date: Option<String>,
    pub lines: u64,
    pub unreconciled: u64,
    pub last_import: Option<String>,
}

/// A CSV layout remembered for a bank: 1-based columns, 0 for none.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CsvMappingFields {
    pub name: String,
    /// One character: "," ";" "|" or "\t".
    pub delimiter: String,
    /// "utf-8" or "windows-1252".
    pub encoding: String,
    pub skip_rows: u32,
    pub has_header: bool,
    /// chrono's format, e.g. "%d/%m/%Y".
    pub date_format: String,
    pub decimal_comma: bool,
    pub col_date: u32,
    pub col_value_date: u32,
    pub col_description: u32,
    pub col_amount: u32,
    pub col_debit: u32,
    pub col_credit: u32,
    pub col_balance: u32,
    pub col_reference: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CsvMappingDto {
    pub id: i64,
    pub mapping: CsvMappingFields,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SaveCsvMappingArgs {
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<i64>,
    pub mapping: CsvMappingFields,
}

/// A statement file for an account: preview reads it, import writes it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct StatementFileArgs {
    pub account_id: i64,
    pub file_name: String,
    pub content_base64: String,
    /// "csv", "n43", "camt053" or "ofx"; detected from the content when left out.
    #[serde(default)]
    #[ts(optional)]
    pub format: Option<String>,
    /// The saved CSV layout to read a CSV with.
    #[serde(default)]
    #[ts(optional)]
    pub mapping_id: Option<i64>,
    /// An unsaved layout being edited (preview only takes it; an import needs it saved).
    #[serde(default)]
    #[ts(optional)]
    pub mapping: Option<CsvMappingFields>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PreviewLine {
    /// The line in the file.
    pub line: u32,
    pub date: String,
    pub value_date: Option<String>,
    pub amount: String,
    pub description: String,
    pub reference: String,
    pub counterparty: String,
    pub balance: Option<String>,
    /// False when the account already has it (an earlier, overlapping file).
    pub is_new: bool,
}

/// What an import would do, read without writing.
#[derive(Debug, Clone, Serialize, TS)]
pub struct StatementPreview {
    /// The format used (given or detected); None when it could not be told.
    pub format: Option<String>,
    pub detected_format: Option<String>,
    pub statement_account: String,
    /// The first 200 lines of the account's statement.
    pub lines: Vec<PreviewLine>,
    pub total_lines: u64,
    pub new_lines: u64,
    pub known_lines: u64,
    pub balance_ok: Option<bool>,
    pub file_closing: Option<String>,
    pub computed_closing: Option<String>,
    pub skipped_accounts: Vec<String>,
    pub warnings: Vec<String>,
    /// Why the file cannot be imported as it is (each with its line in the file); empty
    /// when it can.
    pub problems: Vec<ProblemDto>,
    /// The first rows of a text file split by the layout's (or a guessed) separator, for the
    /// CSV layout editor.
    pub raw_rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ImportResultDto {
    pub import_id: i64,
    pub format: String,
    pub statement_account: String,
    pub lines_read: u64,
    pub lines_added: u64,
    pub lines_skipped: u64,
    pub balance_ok: Option<bool>,
    pub file_closing: Option<String>,
    pub computed_closing: Option<String>,
    pub skipped_accounts: Vec<String>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct ListBankLinesArgs {
    pub account_id: i64,
    /// "open", "reconciled" or "ignored"; none lists all.
    #[serde(default)]
    #[ts(optional)]
    pub state: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub page: Option<u32>,
    #[serde(default)]
    #[ts(optional)]
    pub page_size: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BankLineDto {
    pub id: i64,
    pub import_id: i64,
    pub date: String,
    pub value_date: Option<String>,
    pub amount: String,
    pub description: String,
    pub reference: String,
    pub counterparty: String,
    pub balance: Option<String>,
    pub state: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BankLinePage {
    pub rows: Vec<BankLineDto>,
    pub total: u64,
}

/// The reconciliation report of one account as PDF: the lines still open dated on or before
/// `as_of` (today when left out).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BankReconciliationPdfArgs {
    pub account_id: i64,
    #[serde(default)]
    pub as_of: Option<String>,
}

/// How far the statement being previewed or imported has got (polled by the import screen's
/// progress bar while the preview or import call runs).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BankImportProgress {
    /// Whether a preview or import is running.
    pub active: bool,
    /// "reading" (the file being decoded and parsed), "checking" (its lines against those the
    /// account has) or "storing" (the new lines written, inside the import's transaction).
    pub phase: String,
    /// The lines parsed from the file (0 while reading).
    pub parsed: u64,
    /// Lines checked or stored so far in this phase.
    pub done: u64,
    /// Lines to check or store in this phase.
    pub total: u64,
}
