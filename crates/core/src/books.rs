//! The official books as plain data: the journal book (libro diario), every entry with its
//! lines in correlative order, and the general ledger (libro mayor), every account with its
//! opening balance, movements, running balance and totals. `store` fills them; `render`
//! prints them.

use crate::money::Money;
use chrono::NaiveDate;

/// The libro diario for a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalBook {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub entries: Vec<BookEntry>,
    pub total_debit: Money,
    pub total_credit: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookEntry {
    /// The entry's id in the company file.
    pub id: i64,
    /// Correlative number in the book.
    pub number: i64,
    pub fiscal_year: i32,
    pub date: NaiveDate,
    pub description: String,
    pub reference: Option<String>,
    /// What kind of entry it is, already in the reader's language (e.g. "Apertura").
    pub kind_label: String,
    pub lines: Vec<BookLine>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookLine {
    pub account: String,
    pub account_name: String,
    pub description: String,
    pub debit: Money,
    pub credit: Money,
}

/// The libro mayor for a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ledger {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub accounts: Vec<LedgerAccount>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerAccount {
    pub code: String,
    pub name: String,
    /// Debit - credit before `from`.
    pub opening: Money,
    pub rows: Vec<LedgerRow>,
    pub total_debit: Money,
    pub total_credit: Money,
    /// opening + total_debit - total_credit.
    pub closing: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerRow {
    pub date: NaiveDate,
    pub entry_number: i64,
    pub description: String,
    pub debit: Money,
    pub credit: Money,
    /// Running, debit - credit, opening included.
    pub balance: Money,
}
