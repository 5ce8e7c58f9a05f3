//! Bank and cash accounts, the CSV layouts remembered per bank, and the import of a parsed
//! statement (`core::bank::Statement`) into an account's statement lines.
//!
//! Rules (every problem naming its field):
//! - an account has a name, a kind `bank` (on a leaf of 572) or `cash` (570), a three-letter
//!   currency, an IBAN that passes its checksum and is not another account's; its ledger
//!   account is an existing leaf of 572/570 used by no other bank account, or the next free
//!   subaccount (5720002, …) created with it when asked;
//! - an import is one transaction: the statement's account must be this one (its IBAN, or the
//!   Norma 43 bank/branch/account numbers inside it); a file with several accounts imports the
//!   matching one and names the others as skipped; a line whose fingerprint the account already
//!   has is skipped, so an overlapping file imported twice adds nothing; the import row keeps
//!   the counts and whether the file's closing balance matched the one computed (a mismatch is
//!   reported, not refused).

use crate::accounts::insert_account;
use crate::audit::{self, Change};
use crate::parties::{check_iban, check_leaf_account, trimmed};
use crate::{Company, Result, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use trastienda_core::{AccountCode, AccountKind, Money, Problem, ProblemCode};

pub const BANK_ACCOUNT_KINDS: [&str; 2] = ["bank", "cash"];
pub const BANK_LINE_STATES: [&str; 3] = ["open", "reconciled", "ignored"];
pub const CSV_ENCODINGS: [&str; 2] = ["utf-8", "windows-1252"];

/// A bank or cash account as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankAccountInput {
    pub name: String,
    /// `bank` or `cash`.
    pub kind: String,
    pub iban: Option<String>,
    pub currency: String,
    /// The ledger account (a leaf of 572 for a bank, 570 for cash); None with
    /// `create_ledger_account` makes the next free one.
    pub account: Option<String>,
    pub create_ledger_account: bool,
    pub opening_date: Option<NaiveDate>,
    pub opening_balance: Money,
    pub active: bool,
}

impl Default for BankAccountInput {
    fn default() -> Self {
        BankAccountInput {
            name: String::new(),
            kind: "bank".into(),
            iban: None,
            currency: "EUR".into(),
            account: None,
            create_ledger_account: false,
            opening_date: None,
            opening_balance: Money::ZERO,
            active: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankAccount {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub iban: Option<String>,
    pub currency: String,
    pub account: String,
    pub opening_date: Option<NaiveDate>,
    pub opening_balance: Money,
    pub active: bool,
    pub created_at: String,
}

/// An account with its balances: in the books (the postings on its ledger account) and per
/// the bank (the last imported line's balance, or the opening balance plus every line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankAccountRow {
    pub account: BankAccount,
    pub account_name: String,
    pub book_balance: Money,
    pub statement_balance: Money,
    /// The date of the last statement line, if any.
    pub statement_date: Option<NaiveDate>,
    pub lines: u64,
    pub unreconciled: u64,
    pub last_import: Option<String>,
}

/// A CSV layout: 1-based column numbers, 0 for a column the file does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvMappingInput {
    pub name: String,
    /// One character: `,` `;` `|` or a tab.
    pub delimiter: String,
    /// `utf-8` or `windows-1252`.
    pub encoding: String,
    pub skip_rows: u32,
    pub has_header: bool,
    /// chrono's format, e.g. `%d/%m/%Y`.
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

impl Default for CsvMappingInput {
    fn default() -> Self {
        CsvMappingInput {
            name: String::new(),
            delimiter: ";".into(),
            encoding: "utf-8".into(),
            skip_rows: 0,
            has_header: true,
            date_format: "%d/%m/%Y".into(),
            decimal_comma: true,
            col_date: 1,
            col_value_date: 0,
            col_description: 2,
            col_amount: 3,
            col_debit: 0,
            col_credit: 0,
            col_balance: 0,
            col_reference: 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvMappingRecord {
    pub id: i64,
    pub input: CsvMappingInput,
    pub created_at: String,
}

/// A statement line as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankLineRecord {
    pub id: i64,
    pub account_id: i64,
    pub import_id: i64,
    pub date: NaiveDate,
    pub value_date: Option<NaiveDate>,
    pub amount: Money,
    pub description: String,
    pub reference: String,
    pub counterparty: String,
    pub balance: Option<Money>,
    pub state: String,
}

#[derive(Debug, Clone, Default)]
pub struct BankLineFilter {
    pub account_id: i64,
    /// `open`, `reconciled` or `ignored`; None for all.
    pub state: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub page: u32,
    /// 0 means 100.
    pub page_size: u32,
    /// Keyset paging: only the lines after this (date, id) in the listing's order (newest
    /// first: an earlier date, or the same date and a lower id); `page` is then ignored, so a
    /// long listing costs the same per page however deep it goes (no OFFSET).
    pub after: Option<(NaiveDate, i64)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankLinePage {
    pub rows: Vec<BankLineRecord>,
    pub total: u64,
}

/// Checks an account as entered and returns it normalised, or every problem found (the
/// database checks come when saving).
pub fn validate_bank_account(
    input: &BankAccountInput,
) -> std::result::Result<BankAccountInput, Vec<Problem>> {
    let mut p = Vec::new();
    let mut a = input.clone();
    a.name = a.name.trim().to_string();
    a.kind = a.kind.trim().to_ascii_lowercase();
    a.currency = a.currency.trim().to_ascii_uppercase();
    a.account = trimmed(&a.account);
    if a.name.is_empty() {
        p.push(Problem::new(ProblemCode::Required, "the account needs a name").field("name"));
    }
    if !BANK_ACCOUNT_KINDS.contains(&a.kind.as_str()) {
        p.push(
            Problem::new(
                ProblemCode::InvalidCode,
                format!("'{}' is not an account kind (bank or cash)", a.kind),
            )
            .field("kind")
            .param("value", &a.kind),
        );
    }
    if a.currency.len() != 3 || !a.currency.chars().all(|c| c.is_ascii_uppercase()) {
        p.push(
            Problem::new(
                ProblemCode::InvalidCode,
                format!(
                    "'{}' is not a currency code (three letters, e.g. EUR)",
                    a.currency
                ),
            )
            .field("currency")
            .param("value", &a.currency),
        );
    }
    a.iban = check_iban(&a.iban, &mut p);
    if a.account.is_none() && !a.create_ledger_account {
        p.push(
            Problem::new(
                ProblemCode::Required,
                "choose the ledger account (a 572 or 570 subaccount) or ask for a new one",
            )
            .field("account"),
        );
    }
    if let Some(code) = &a.account {
        if AccountCode::parse(code).is_err() {
            p.push(
                Problem::new(
                    ProblemCode::InvalidAccount,
                    format!("'{code}' is not an account code"),
                )
                .field("account")
                .param("value", code),
            );
        }
    }
    if p.is_empty() {
        Ok(a)
    } else {
        Err(p)
    }
}

fn ledger_prefix(kind: &str) -> &'static str {
    if kind == "cash" {
        "570"
    } else {
        "572"
    }
}

fn check_account_in_db(
    conn: &Connection,
    a: &BankAccountInput,
    id: Option<i64>,
) -> Result<Vec<Problem>> {
    let mut p = Vec::new();
    if let Some(code) = &a.account {
        let prefix = ledger_prefix(&a.kind);
        let what = if a.kind == "cash" {
            "570 cash"
        } else {
            "572 bank"
        };
        if let Some(x) = check_leaf_account(conn, code, prefix, what, "account")? {
            p.push(x);
        } else {
            let other: Option<(i64, String)> = conn
                .query_row(
                    "SELECT id, name FROM bank_accounts WHERE account = ?1 AND id IS NOT ?2",
                    params![code, id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if let Some((oid, oname)) = other {
                p.push(
                    Problem::new(
                        ProblemCode::Duplicate,
                        format!("ledger account {code} is already that of '{oname}'"),
                    )
                    .field("account")
                    .param("value", code)
                    .param("bank_account_id", oid)
                    .param("bank_account", oname),
                );
            }
        }
    }
    if let Some(iban) = &a.iban {
        let other: Option<(i64, String)> = conn
            .query_row(
                "SELECT id, name FROM bank_accounts WHERE iban = ?1 AND id IS NOT ?2",
                params![iban, id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((oid, oname)) = other {
            p.push(
                Problem::new(
                    ProblemCode::Duplicate,
                    format!("'{oname}' already has IBAN {iban}"),
                )
                .field("iban")
                .param("value", iban)
                .param("bank_account_id", oid)
                .param("bank_account", oname),
            );
        }
    }
    Ok(p)
}

/// The next free 7-digit subaccount of `prefix` (570 / 572): one above the highest.
fn next_ledger_code(conn: &Connection, prefix: &str) -> Result<String> {
    let max: Option<String> = conn.query_row(
        "SELECT max(code) FROM accounts WHERE length(code) = 7 AND substr(code, 1, 3) = ?1",
        [prefix],
        |r| r.get(0),
    )?;
    let next = match max {
        None => format!("{prefix}0001"),
        Some(m) => {
            let n: u64 = m.parse().unwrap_or(0);
            (n + 1).to_string()
        }
    };
    if !next.starts_with(prefix) {
        return Err(StoreError::invalid(
            Problem::new(
                ProblemCode::OutOfRange,
                format!("no free subaccount is left under {prefix}"),
            )
            .field("account"),
        ));
    }
    Ok(next)
}

fn date_col(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let s: Option<String> = r.get(i)?;
    Ok(s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()))
}

const ACCOUNT_COLUMNS: &str =
    "id, name, kind, iban, currency, account, opening_date, opening_cents, active, created_at";

fn account_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BankAccount> {
    Ok(BankAccount {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: r.get(2)?,
        iban: r.get(3)?,
        currency: r.get(4)?,
        account: r.get(5)?,
        opening_date: date_col(r, 6)?,
        opening_balance: Money::from_cents(r.get(7)?),
        active: r.get(8)?,
        created_at: r.get(9)?,
    })
}

pub(crate) fn read_bank_account(conn: &Connection, id: i64) -> Result<BankAccount> {
    conn.query_row(
        &format!("SELECT {ACCOUNT_COLUMNS} FROM bank_accounts WHERE id = ?1"),
        [id],
        account_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("bank account {id}")))
}

fn account_text(a: &BankAccount) -> String {
    let mut t = format!(
        "{} [{} {}] on {}, opening {}",
        a.name, a.kind, a.currency, a.account, a.opening_balance
    );
    if let Some(d) = a.opening_date {
        t.push_str(&format!(" at {d}"));
    }
    if let Some(i) = &a.iban {
        t.push_str(&format!("; iban {i}"));
    }
    if !a.active {
        t.push_str("; inactive");
    }
    t
}

/// Checks a CSV layout and returns it normalised, or every problem found.
pub fn validate_csv_mapping(
    input: &CsvMappingInput,
) -> std::result::Result<CsvMappingInput, Vec<Problem>> {
    let mut p = Vec::new();
    let mut m = input.clone();
    m.name = m.name.trim().to_string();
    m.encoding = m.encoding.trim().to_ascii_lowercase();
    m.date_format = m.date_format.trim().to_string();
    if m.delimiter == "\\t" || m.delimiter.eq_ignore_ascii_case("tab") {
        m.delimiter = "\t".into();
    }
    if m.name.is_empty() {
        p.push(Problem::new(ProblemCode::Required, "the layout needs a name").field("name"));
    }
    if m.delimiter.len() != 1 || !m.delimiter.is_ascii() {
        p.push(
            Problem::new(
                ProblemCode::InvalidCode,
                format!(
                    "'{}' is not a separator (one character: , ; | or a tab)",
                    m.delimiter
                ),
            )
            .field("delimiter")
            .param("value", &m.delimiter),
        );
    }
    if !CSV_ENCODINGS.contains(&m.encoding.as_str()) {
        p.push(
            Problem::new(
                ProblemCode::InvalidCode,
                format!(
                    "'{}' is not an encoding (utf-8 or windows-1252)",
                    m.encoding
                ),
            )
            .field("encoding")
            .param("value", &m.encoding),
        );
    }
    if m.skip_rows > 100 {
        p.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!("{} rows to skip: from 0 to 100", m.skip_rows),
            )
            .field("skip_rows")
            .param("value", m.skip_rows),
        );
    }
    let sample = NaiveDate::from_ymd_opt(2024, 12, 31).expect("a date");
    let round_trip = if m.date_format.is_empty() {
        false
    } else {
        use std::fmt::Write;
        let mut s = String::new();
        write!(s, "{}", sample.format(&m.date_format)).is_ok()
            && NaiveDate::parse_from_str(&s, &m.date_format).ok() == Some(sample)
    };
    if !round_trip {
        p.push(
            Problem::new(
                ProblemCode::InvalidDate,
                format!(
                    "'{}' is not a date format with day, month and year (e.g. %d/%m/%Y)",
                    m.date_format
                ),
            )
            .field("date_format")
            .param("value", &m.date_format),
        );
    }
    for (field, v) in [
        ("col_date", m.col_date),
        ("col_value_date", m.col_value_date),
        ("col_description", m.col_description),
        ("col_amount", m.col_amount),
        ("col_debit", m.col_debit),
        ("col_credit", m.col_credit),
        ("col_balance", m.col_balance),
        ("col_reference", m.col_reference),
    ] {
        if v > 200 {
            p.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    format!("column {v}: from 1 to 200 (0 when the file has none)"),
                )
                .field(field)
                .param("value", v),
            );
        }
    }
    if m.col_date == 0 {
        p.push(Problem::new(ProblemCode::Required, "which column has the date").field("col_date"));
    }
    if m.col_description == 0 {
        p.push(
            Problem::new(ProblemCode::Required, "which column has the description")
                .field("col_description"),
        );
    }
    if m.col_amount == 0 && (m.col_debit == 0 || m.col_credit == 0) {
        p.push(
            Problem::new(
                ProblemCode::Required,
                "which column has the amount (or both the debit and the credit columns)",
            )
            .field("col_amount"),
        );
    }
    if p.is_empty() {
        Ok(m)
    } else {
        Err(p)
    }
}

const MAPPING_COLUMNS: &str = "id, name, delimiter, encoding, skip_rows, has_header, date_format,
    decimal_comma, col_date, col_value_date, col_description, col_amount, col_debit, col_credit,
    col_balance, col_reference, created_at";

fn mapping_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CsvMappingRecord> {
    Ok(CsvMappingRecord {
        id: r.get(0)?,
        input: CsvMappingInput {
            name: r.get(1)?,
            delimiter: r.get(2)?,
            encoding: r.get(3)?,
            skip_rows: r.get(4)?,
            has_header: r.get(5)?,
            date_format: r.get(6)?,
            decimal_comma: r.get(7)?,
            col_date: r.get(8)?,
            col_value_date: r.get(9)?,
            col_description: r.get(10)?,
            col_amount: r.get(11)?,
            col_debit: r.get(12)?,
            col_credit: r.get(13)?,
            col_balance: r.get(14)?,
            col_reference: r.get(15)?,
        },
        created_at: r.get(16)?,
    })
}

fn read_mapping(conn: &Connection, id: i64) -> Result<CsvMappingRecord> {
    conn.query_row(
        &format!("SELECT {MAPPING_COLUMNS} FROM bank_csv_mappings WHERE id = ?1"),
        [id],
        mapping_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("CSV layout {id}")))
}

fn mapping_text(m: &CsvMappingInput) -> String {
    format!(
        "{}: sep {:?}, {}, skip {}, header {}, dates {}, decimal {}, cols date {} value {} desc {} amount {} debit {} credit {} balance {} ref {}",
        m.name,
        m.delimiter,
        m.encoding,
        m.skip_rows,
        m.has_header,
        m.date_format,
        if m.decimal_comma { "comma" } else { "point" },
        m.col_date,
        m.col_value_date,
        m.col_description,
        m.col_amount,
        m.col_debit,
        m.col_credit,
        m.col_balance,
        m.col_reference
    )
}

fn line_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BankLineRecord> {
    Ok(BankLineRecord {
        id: r.get(0)?,
        account_id: r.get(1)?,
        import_id: r.get(2)?,
        date: date_col(r, 3)?.unwrap_or_default(),
        value_date: date_col(r, 4)?,
        amount: Money::from_cents(r.get(5)?),
        description: r.get(6)?,
        reference: r.get(7)?,
        counterparty: r.get(8)?,
        balance: r.get::<_, Option<i64>>(9)?.map(Money::from_cents),
        state: r.get(10)?,
    })
}

/// The statement balance of an account after every line.
fn statement_balance(conn: &Connection, a: &BankAccount) -> Result<(Money, Option<NaiveDate>)> {
    statement_balance_at(conn, a, None)
}

/// The statement's balance at the end of `as_of` (None: after every line) and the date of the
/// last line then: the bank's balance on the last line that carries one plus the lines after
/// it, else the opening balance plus every line.
fn statement_balance_at(
    conn: &Connection,
    a: &BankAccount,
    as_of: Option<NaiveDate>,
) -> Result<(Money, Option<NaiveDate>)> {
    let to = as_of.map(|d| d.format("%Y-%m-%d").to_string());
    let last_date: Option<String> = conn.query_row(
        "SELECT max(date) FROM bank_lines WHERE account_id = ?1 AND (?2 IS NULL OR date <= ?2)",
        params![a.id, to],
        |r| r.get(0),
    )?;
    let date = last_date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let anchor: Option<(String, i64, i64)> = conn
        .query_row(
            "SELECT date, id, balance_cents FROM bank_lines
             WHERE account_id = ?1 AND balance_cents IS NOT NULL AND (?2 IS NULL OR date <= ?2)
             ORDER BY date DESC, id DESC LIMIT 1",
            params![a.id, to],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let balance = match anchor {
        Some((d, id, b)) => {
            let after: i64 = conn.query_row(
                "SELECT coalesce(sum(amount_cents), 0) FROM bank_lines
                 WHERE account_id = ?1 AND (?2 IS NULL OR date <= ?2)
                   AND (date > ?3 OR (date = ?3 AND id > ?4))",
                params![a.id, to, d, id],
                |r| r.get(0),
            )?;
            Money::from_cents(b + after)
        }
        None => {
            let sum: i64 = conn.query_row(
                "SELECT coalesce(sum(amount_cents), 0) FROM bank_lines
                 WHERE account_id = ?1 AND (?2 IS NULL OR date <= ?2)",
                params![a.id, to],
                |r| r.get(0),
            )?;
            a.opening_balance + Money::from_cents(sum)
        }
    };
    Ok((balance, date))
}

const LINE_COLUMNS: &str = "id, account_id, import_id, date, value_date, amount_cents, description,
     reference, counterparty, balance_cents, state";
/// ?1 account, ?2 state, ?3 from, ?4 to.
const LINE_FILTER: &str = "account_id = ?1 AND (?2 IS NULL OR state = ?2)
     AND (?3 IS NULL OR date >= ?3) AND (?4 IS NULL OR date <= ?4)";
/// ?5 date and ?6 id of the last line already listed (newest first).
const LINE_AFTER: &str = "(?5 IS NULL OR date < ?5 OR (date = ?5 AND id < ?6))";

type FilterParams = (Option<String>, Option<String>, Option<String>, Option<i64>);

fn filter_params(f: &BankLineFilter) -> FilterParams {
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    (
        f.from.map(day),
        f.to.map(day),
        f.after.map(|(d, _)| day(d)),
        f.after.map(|(_, id)| id),
    )
}

fn check_line_filter(conn: &Connection, f: &BankLineFilter) -> Result<()> {
    read_bank_account(conn, f.account_id)?;
    if let Some(s) = &f.state {
        if !BANK_LINE_STATES.contains(&s.as_str()) {
            return Err(StoreError::invalid(
                Problem::new(
                    ProblemCode::InvalidCode,
                    format!("'{s}' is not a line state (open, reconciled, ignored)"),
                )
                .field("state")
                .param("value", s),
            ));
        }
    }
    Ok(())
}

/// An account's balances at a date (`Company::bank_balances_at`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankBalances {
    pub statement: Money,
    /// The last statement line's date up to then, if any.
    pub statement_date: Option<NaiveDate>,
    pub book: Money,
}

impl Company {
    /// Creates a bank or cash account (`id` None) or replaces an existing one's details. With
    /// `create_ledger_account` and no account given, the next free 572/570 subaccount is made
    /// under the account's name. One IMMEDIATE transaction, audited.
    pub fn save_bank_account(
        &mut self,
        id: Option<i64>,
        input: &BankAccountInput,
        now: DateTime<Utc>,
    ) -> Result<BankAccount> {
        let a = validate_bank_account(input).map_err(StoreError::Invalid)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = match id {
            Some(id) => Some(read_bank_account(&tx, id)?),
            None => None,
        };
        let p = check_account_in_db(&tx, &a, id)?;
        if !p.is_empty() {
            return Err(StoreError::Invalid(p));
        }
        let code = match &a.account {
            Some(c) => c.clone(),
            None => {
                let code = next_ledger_code(&tx, ledger_prefix(&a.kind))?;
                let parsed = AccountCode::parse(&code).map_err(|e| {
                    StoreError::invalid(
                        Problem::new(ProblemCode::InvalidAccount, e.to_string()).field("account"),
                    )
                })?;
                insert_account(&tx, &parsed, &a.name, AccountKind::Asset)?;
                audit::append(
                    &tx,
                    now,
                    &self.actor,
                    &Change {
                        record: &format!("account:{code}"),
                        action: "add",
                        after: Some(&format!("{} (asset)", a.name)),
                        reason: Some("bank account"),
                        ..Change::default()
                    },
                )?;
                code
            }
        };
        let opening = a.opening_date.map(|d| d.format("%Y-%m-%d").to_string());
        let id = match id {
            None => {
                tx.execute(
                    "INSERT INTO bank_accounts (name, kind, iban, currency, account, opening_date,
                         opening_cents, active, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![
                        a.name,
                        a.kind,
                        a.iban,
                        a.currency,
                        code,
                        opening,
                        a.opening_balance.cents(),
                        a.active,
                        now.to_rfc3339()
                    ],
                )?;
                tx.last_insert_rowid()
            }
            Some(id) => {
                tx.execute(
                    "UPDATE bank_accounts SET name = ?2, kind = ?3, iban = ?4, currency = ?5,
                         account = ?6, opening_date = ?7, opening_cents = ?8, active = ?9
                     WHERE id = ?1",
                    params![
                        id,
                        a.name,
                        a.kind,
                        a.iban,
                        a.currency,
                        code,
                        opening,
                        a.opening_balance.cents(),
                        a.active
                    ],
                )?;
                id
            }
        };
        let saved = read_bank_account(&tx, id)?;
        let before_text = before.as_ref().map(account_text);
        let after_text = account_text(&saved);
        if before_text.as_deref() == Some(after_text.as_str()) {
            drop(tx);
            return Ok(saved);
        }
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("bank_account:{id}"),
                action: if before.is_some() { "update" } else { "create" },
                before: before_text.as_deref(),
                after: Some(&after_text),
                reason: None,
            },
        )?;
        tx.commit()?;
        Ok(saved)
    }

    pub fn bank_account(&self, id: i64) -> Result<BankAccount> {
        read_bank_account(&self.conn, id)
    }

    /// The account whose id, IBAN (spaces and case ignored) or ledger account code is `key`.
    pub fn find_bank_account(&self, key: &str) -> Result<BankAccount> {
        let k: String = key
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM bank_accounts
                 WHERE iban = ?1 OR account = ?1 OR CAST(id AS TEXT) = ?1
                 ORDER BY (iban = ?1) DESC, (account = ?1) DESC LIMIT 1",
                [&k],
                |r| r.get(0),
            )
            .optional()?;
        match id {
            Some(id) => read_bank_account(&self.conn, id),
            None => Err(StoreError::NotFound(format!("bank account '{key}'"))),
        }
    }

    /// Every bank and cash account (by name) with its book and statement balances and its
    /// unreconciled lines.
    pub fn list_bank_accounts(&self) -> Result<Vec<BankAccountRow>> {
        let accounts: Vec<BankAccount> = self
            .conn
            .prepare(&format!(
                "SELECT {ACCOUNT_COLUMNS} FROM bank_accounts ORDER BY active DESC, name COLLATE NOCASE, id"
            ))?
            .query_map([], account_row)?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::with_capacity(accounts.len());
        for a in accounts {
            let (account_name, book): (String, i64) = self
                .conn
                .query_row(
                    "SELECT a.name, coalesce((SELECT sum(p.amount_cents) FROM postings p
                                              WHERE p.account_id = a.id), 0)
                     FROM accounts a WHERE a.code = ?1",
                    [&a.account],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .unwrap_or_default();
            let (lines, unreconciled): (i64, i64) = self.conn.query_row(
                "SELECT count(*), coalesce(sum(state = 'open'), 0) FROM bank_lines WHERE account_id = ?1",
                [a.id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let last_import: Option<String> = self.conn.query_row(
                "SELECT max(imported_at) FROM bank_imports WHERE account_id = ?1",
                [a.id],
                |r| r.get(0),
            )?;
            let (statement, statement_date) = statement_balance(&self.conn, &a)?;
            out.push(BankAccountRow {
                account_name,
                book_balance: Money::from_cents(book),
                statement_balance: statement,
                statement_date,
                lines: lines as u64,
                unreconciled: unreconciled as u64,
                last_import,
                account: a,
            });
        }
        Ok(out)
    }

    /// Creates (`id` None) or replaces a CSV layout. Audited.
    pub fn save_csv_mapping(
        &mut self,
        id: Option<i64>,
        input: &CsvMappingInput,
        now: DateTime<Utc>,
    ) -> Result<CsvMappingRecord> {
        let m = validate_csv_mapping(input).map_err(StoreError::Invalid)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = match id {
            Some(id) => Some(read_mapping(&tx, id)?),
            None => None,
        };
        let other: Option<i64> = tx
            .query_row(
                "SELECT id FROM bank_csv_mappings WHERE name = ?1 AND id IS NOT ?2",
                params![m.name, id],
                |r| r.get(0),
            )
            .optional()?;
        if other.is_some() {
            return Err(StoreError::invalid(
                Problem::new(
                    ProblemCode::Duplicate,
                    format!("a CSV layout is already called '{}'", m.name),
                )
                .field("name")
                .param("value", &m.name),
            ));
        }
        let values = params![
            m.name,
            m.delimiter,
            m.encoding,
            m.skip_rows,
            m.has_header,
            m.date_format,
            m.decimal_comma,
            m.col_date,
            m.col_value_date,
            m.col_description,
            m.col_amount,
            m.col_debit,
            m.col_credit,
            m.col_balance,
            m.col_reference,
            id,
            now.to_rfc3339()
        ];
        let id = match id {
            None => {
                tx.execute(
                    "INSERT INTO bank_csv_mappings (name, delimiter, encoding, skip_rows,
                         has_header, date_format, decimal_comma, col_date, col_value_date,
                         col_description, col_amount, col_debit, col_credit, col_balance,
                         col_reference, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?17)",
                    values,
                )?;
                tx.last_insert_rowid()
            }
            Some(id) => {
                tx.execute(
                    "UPDATE bank_csv_mappings SET name = ?1, delimiter = ?2, encoding = ?3,
                         skip_rows = ?4, has_header = ?5, date_format = ?6, decimal_comma = ?7,
                         col_date = ?8, col_value_date = ?9, col_description = ?10,
                         col_amount = ?11, col_debit = ?12, col_credit = ?13, col_balance = ?14,
                         col_reference = ?15
                     WHERE id = ?16 AND ?17 IS NOT NULL",
                    values,
                )?;
                id
            }
        };
        let before_text = before.as_ref().map(|b| mapping_text(&b.input));
        let after_text = mapping_text(&m);
        if before_text.as_deref() != Some(after_text.as_str()) {
            audit::append(
                &tx,
                now,
                &self.actor,
                &Change {
                    record: &format!("bank_csv_mapping:{id}"),
                    action: if before.is_some() { "update" } else { "create" },
                    before: before_text.as_deref(),
                    after: Some(&after_text),
                    reason: None,
                },
            )?;
        }
        let saved = read_mapping(&tx, id)?;
        tx.commit()?;
        Ok(saved)
    }

    pub fn csv_mapping(&self, id: i64) -> Result<CsvMappingRecord> {
        read_mapping(&self.conn, id)
    }

    /// The layout called `name` (case ignored) or whose id is `name`.
    pub fn find_csv_mapping(&self, name: &str) -> Result<CsvMappingRecord> {
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM bank_csv_mappings
                 WHERE name = ?1 COLLATE NOCASE OR CAST(id AS TEXT) = ?1
                 ORDER BY (name = ?1 COLLATE NOCASE) DESC LIMIT 1",
                [name.trim()],
                |r| r.get(0),
            )
            .optional()?;
        match id {
            Some(id) => read_mapping(&self.conn, id),
            None => Err(StoreError::NotFound(format!(
                "CSV layout '{}'",
                name.trim()
            ))),
        }
    }

    pub fn list_csv_mappings(&self) -> Result<Vec<CsvMappingRecord>> {
        Ok(self
            .conn
            .prepare(&format!(
                "SELECT {MAPPING_COLUMNS} FROM bank_csv_mappings ORDER BY name COLLATE NOCASE, id"
            ))?
            .query_map([], mapping_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Deletes a CSV layout; the imports made with it keep their lines and forget the layout.
    pub fn delete_csv_mapping(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let m = read_mapping(&tx, id)?;
        tx.execute(
            "UPDATE bank_imports SET mapping_id = NULL WHERE mapping_id = ?1",
            [id],
        )?;
        tx.execute("DELETE FROM bank_csv_mappings WHERE id = ?1", [id])?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("bank_csv_mapping:{id}"),
                action: "delete",
                before: Some(&mapping_text(&m.input)),
                after: None,
                reason: None,
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A page of an account's statement lines, newest first: the `page`th of `page_size`, or
    /// with `after` the `page_size` lines that follow that (date, id) (keyset paging).
    pub fn bank_lines(&self, f: &BankLineFilter) -> Result<BankLinePage> {
        check_line_filter(&self.conn, f)?;
        let size = if f.page_size == 0 {
            100
        } else {
            f.page_size.min(1000)
        } as i64;
        let offset = if f.after.is_some() {
            0
        } else {
            (f.page as i64).saturating_mul(size)
        };
        let (from, to, after_date, after_id) = filter_params(f);
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM bank_lines WHERE {LINE_FILTER}"),
            params![f.account_id, f.state, from, to],
            |r| r.get(0),
        )?;
        let rows = self
            .conn
            .prepare(&format!(
                "SELECT {LINE_COLUMNS} FROM bank_lines WHERE {LINE_FILTER} AND {LINE_AFTER}
                 ORDER BY date DESC, id DESC LIMIT ?7 OFFSET ?8"
            ))?
            .query_map(
                params![
                    f.account_id,
                    f.state,
                    from,
                    to,
                    after_date,
                    after_id,
                    size,
                    offset
                ],
                line_row,
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(BankLinePage {
            rows,
            total: total as u64,
        })
    }

    /// Every line the filter selects (its `page` and `page_size` ignored; `after` kept), newest
    /// first, handed to `each` one at a time from a single query: listing 100 000 open lines
    /// reads them once, with no count and no OFFSET. Stops at the first error `each` returns.
    pub fn each_bank_line<E>(
        &self,
        f: &BankLineFilter,
        mut each: impl FnMut(BankLineRecord) -> std::result::Result<(), E>,
    ) -> Result<std::result::Result<u64, E>> {
        check_line_filter(&self.conn, f)?;
        let (from, to, after_date, after_id) = filter_params(f);
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {LINE_COLUMNS} FROM bank_lines WHERE {LINE_FILTER} AND {LINE_AFTER}
             ORDER BY date DESC, id DESC"
        ))?;
        let mut rows = stmt.query(params![
            f.account_id,
            f.state,
            from,
            to,
            after_date,
            after_id
        ])?;
        let mut n = 0u64;
        while let Some(r) = rows.next()? {
            if let Err(e) = each(line_row(r)?) {
                return Ok(Err(e));
            }
            n += 1;
        }
        Ok(Ok(n))
    }

    /// An account's balances at the end of `as_of` (None: everything): per the statement, the
    /// balance the bank gave on the last line dated up to then that carries one plus the lines
    /// after it (else the opening balance plus every line up to then), with that last line's
    /// date; in the books, the postings on its ledger account dated up to then.
    pub fn bank_balances_at(
        &self,
        account_id: i64,
        as_of: Option<NaiveDate>,
    ) -> Result<BankBalances> {
        let a = read_bank_account(&self.conn, account_id)?;
        let (statement, statement_date) = statement_balance_at(&self.conn, &a, as_of)?;
        let to = as_of.map(|d| d.format("%Y-%m-%d").to_string());
        let book: i64 = self.conn.query_row(
            "SELECT coalesce(sum(p.amount_cents), 0) FROM postings p
             JOIN accounts a ON a.id = p.account_id
             WHERE a.code = ?1 AND (?2 IS NULL OR p.date <= ?2)",
            params![a.account, to],
            |r| r.get(0),
        )?;
        Ok(BankBalances {
            statement,
            statement_date,
            book: Money::from_cents(book),
        })
    }

    /// How many lines are still open, in one account or in all.
    pub fn unreconciled_count(&self, account_id: Option<i64>) -> Result<u64> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM bank_lines WHERE state = 'open' AND (?1 IS NULL OR account_id = ?1)",
            [account_id],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }
}

/// The phases an import reports to its progress callback: the lines checked against those the
/// account already has, then the new ones stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportPhase {
    Checking,
    Storing,
}

impl ImportPhase {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportPhase::Checking => "checking",
            ImportPhase::Storing => "storing",
        }
    }
}

/// How often (in lines) an import reports its progress.
const PROGRESS_EVERY: usize = 1000;

/// What an import did (or, from `plan_import`, would do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportResult {
    /// The import's row; 0 from `plan_import`.
    pub import_id: i64,
    /// The statement's account that was imported (its IBAN or Norma 43 number; "" for CSV).
    pub statement_account: String,
    pub lines_read: u64,
    pub lines_added: u64,
    /// Lines already on the account (from an earlier, overlapping file).
    pub lines_skipped: u64,
    /// Whether the file's closing balance matched the one computed from the lines; None when
    /// the file gives no closing balance or there is nothing to compute it from.
    pub balance_ok: Option<bool>,
    pub file_closing: Option<Money>,
    pub computed_closing: Option<Money>,
    /// Per line of the imported account, in file order: true when it is new.
    pub is_new: Vec<bool>,
    /// The other accounts of a multi-account file, not imported.
    pub skipped_accounts: Vec<String>,
    pub warnings: Vec<String>,
}

fn alnum_upper(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_uppercase()
}

/// Whether a statement's account id (an IBAN, a Norma 43 bank+branch+account of 18 digits,
/// or a 20-digit CCC) is the account with `iban`.
pub fn statement_account_matches(iban: &str, statement_id: &str) -> bool {
    let iban = alnum_upper(iban);
    let id = alnum_upper(statement_id);
    if id.is_empty() {
        return false;
    }
    if iban == id {
        return true;
    }
    if iban.starts_with("ES") && iban.len() == 24 {
        let bank_branch = &iban[4..12];
        let number = &iban[14..24];
        let ccc = &iban[4..24];
        return id == ccc || id == format!("{bank_branch}{number}");
    }
    // Another country: the id may be the BBAN (the IBAN without country and check digits).
    iban.len() > 4 && id == iban[4..]
}

fn shown(id: &str) -> &str {
    if id.is_empty() {
        "(no account number)"
    } else {
        id
    }
}

/// Which of the statement's accounts is `a`'s, and the others; or why none is.
fn pick_account(
    a: &BankAccount,
    s: &trastienda_core::bank::Statement,
) -> Result<(usize, Vec<String>)> {
    if s.accounts.is_empty() {
        return Err(StoreError::invalid(
            Problem::new(
                ProblemCode::Required,
                "the file has no account statement in it",
            )
            .field("file"),
        ));
    }
    let ids: Vec<&str> = s.accounts.iter().map(|x| x.account_id.as_str()).collect();
    let others = |i: usize| -> Vec<String> {
        ids.iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, x)| shown(x).to_string())
            .collect()
    };
    let chosen = match &a.iban {
        Some(iban) => {
            let m = ids
                .iter()
                .position(|id| id.is_empty() || statement_account_matches(iban, id));
            match m {
                Some(i) => i,
                None => {
                    let listed = ids.iter().map(|x| shown(x)).collect::<Vec<_>>().join(", ");
                    return Err(StoreError::invalid(
                        Problem::new(
                            ProblemCode::InvalidCode,
                            format!(
                                "the file is for account {listed}, not for '{}' ({iban})",
                                a.name
                            ),
                        )
                        .field("account_id")
                        .param("file_account", listed)
                        .param("iban", iban)
                        .param("account", &a.name),
                    ));
                }
            }
        }
        None if ids.len() == 1 => 0,
        None => {
            let listed = ids.iter().map(|x| shown(x)).collect::<Vec<_>>().join(", ");
            return Err(StoreError::invalid(
                Problem::new(
                    ProblemCode::Required,
                    format!(
                        "the file has several accounts ({listed}); give '{}' its IBAN so the right one is imported",
                        a.name
                    ),
                )
                .field("iban")
                .param("file_account", listed),
            ));
        }
    };
    let sa = &s.accounts[chosen];
    if !sa.currency.trim().is_empty() && !sa.currency.trim().eq_ignore_ascii_case(&a.currency) {
        return Err(StoreError::invalid(
            Problem::new(
                ProblemCode::InvalidCode,
                format!(
                    "the statement is in {}, the account '{}' in {}",
                    sa.currency.trim(),
                    a.name,
                    a.currency
                ),
            )
            .field("currency")
            .param("file_currency", sa.currency.trim())
            .param("currency", &a.currency),
        ));
    }
    Ok((chosen, others(chosen)))
}

/// Reads what importing `s` into account `account_id` would do, without writing.
fn plan(
    conn: &Connection,
    account_id: i64,
    s: &trastienda_core::bank::Statement,
    progress: &mut dyn FnMut(ImportPhase, u64, u64),
) -> Result<(ImportResult, usize, Vec<String>)> {
    let a = read_bank_account(conn, account_id)?;
    let (i, skipped_accounts) = pick_account(&a, s)?;
    let sa = &s.accounts[i];
    let fps = trastienda_core::bank::fingerprints(sa);
    let mut stmt =
        conn.prepare_cached("SELECT 1 FROM bank_lines WHERE account_id = ?1 AND fingerprint = ?2")?;
    let mut is_new = Vec::with_capacity(fps.len());
    let total = fps.len() as u64;
    progress(ImportPhase::Checking, 0, total);
    for (i, fp) in fps.iter().enumerate() {
        is_new.push(!stmt.exists(params![account_id, fp])?);
        if (i + 1).is_multiple_of(PROGRESS_EVERY) {
            progress(ImportPhase::Checking, i as u64 + 1, total);
        }
    }
    progress(ImportPhase::Checking, total, total);
    let added = is_new.iter().filter(|n| **n).count() as u64;
    // The opening: the file's, else the one before the first line that carries a balance.
    let opening = sa.opening_balance.or_else(|| {
        sa.lines
            .first()
            .and_then(|l| l.balance_after.and_then(|b| b.checked_add(-l.amount)))
    });
    let computed = opening.and_then(|o| {
        sa.lines
            .iter()
            .try_fold(o, |acc, l| acc.checked_add(l.amount))
    });
    let file_closing = sa
        .closing_balance
        .or_else(|| sa.lines.last().and_then(|l| l.balance_after));
    let balance_ok = match (file_closing, computed) {
        (Some(f), Some(c)) => Some(f == c),
        _ => None,
    };
    let mut warnings = Vec::new();
    if balance_ok == Some(false) {
        warnings.push(format!(
            "the file's closing balance is {}, the lines give {}",
            file_closing.unwrap_or(Money::ZERO),
            computed.unwrap_or(Money::ZERO)
        ));
    }
    for other in &skipped_accounts {
        warnings.push(format!("account {other} in the file was not imported"));
    }
    Ok((
        ImportResult {
            import_id: 0,
            statement_account: sa.account_id.clone(),
            lines_read: sa.lines.len() as u64,
            lines_added: added,
            lines_skipped: sa.lines.len() as u64 - added,
            balance_ok,
            file_closing,
            computed_closing: computed,
            is_new,
            skipped_accounts,
            warnings,
        },
        i,
        fps,
    ))
}

impl Company {
    /// What importing `statement` into the account would do (which lines are new, the balance
    /// check), without writing anything.
    pub fn plan_import(
        &self,
        account_id: i64,
        statement: &trastienda_core::bank::Statement,
    ) -> Result<ImportResult> {
        self.plan_import_with_progress(account_id, statement, &mut |_, _, _| {})
    }

    /// `plan_import`, telling `progress` how many lines have been checked against the account
    /// (every 1 000 and at the end).
    pub fn plan_import_with_progress(
        &self,
        account_id: i64,
        statement: &trastienda_core::bank::Statement,
        progress: &mut dyn FnMut(ImportPhase, u64, u64),
    ) -> Result<ImportResult> {
        Ok(plan(&self.conn, account_id, statement, progress)?.0)
    }

    /// Imports a parsed statement into an account: one IMMEDIATE transaction that adds the
    /// lines the account does not have yet, records the import (counts, the file's closing
    /// balance and whether it matched) and appends one audit record. A statement for another
    /// account is refused naming both; nothing is written on any error.
    pub fn import_statement(
        &mut self,
        account_id: i64,
        file_name: &str,
        mapping_id: Option<i64>,
        statement: &trastienda_core::bank::Statement,
        now: DateTime<Utc>,
    ) -> Result<ImportResult> {
        self.import_statement_with_progress(
            account_id,
            file_name,
            mapping_id,
            statement,
            now,
            &mut |_, _, _| {},
        )
    }

    /// `import_statement`, telling `progress` where it has got — the lines checked against
    /// the account, then the new lines stored (every 1 000 and at the end of each phase) —
    /// from inside its one transaction (a progress bar polls what the callback records).
    pub fn import_statement_with_progress(
        &mut self,
        account_id: i64,
        file_name: &str,
        mapping_id: Option<i64>,
        statement: &trastienda_core::bank::Statement,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(ImportPhase, u64, u64),
    ) -> Result<ImportResult> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (mut result, i, fps) = plan(&tx, account_id, statement, progress)?;
        if let Some(m) = mapping_id {
            read_mapping(&tx, m)?;
        }
        let file_name = {
            let f = file_name.trim();
            if f.is_empty() {
                "statement"
            } else {
                f
            }
        };
        tx.execute(
            "INSERT INTO bank_imports (account_id, file_name, format, mapping_id, lines_read,
                 lines_added, closing_cents, balance_ok, imported_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                account_id,
                file_name,
                statement.format.as_str(),
                mapping_id,
                result.lines_read as i64,
                result.lines_added as i64,
                result.file_closing.map(Money::cents),
                result.balance_ok,
                now.to_rfc3339()
            ],
        )?;
        let import_id = tx.last_insert_rowid();
        {
            let mut ins = tx.prepare_cached(
                "INSERT INTO bank_lines (account_id, import_id, date, value_date, amount_cents,
                     description, reference, counterparty, balance_cents, fingerprint)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            let sa = &statement.accounts[i];
            let total = result.lines_added;
            let mut stored = 0u64;
            progress(ImportPhase::Storing, 0, total);
            for ((l, fp), new) in sa.lines.iter().zip(&fps).zip(&result.is_new) {
                if !new {
                    continue;
                }
                stored += 1;
                if stored.is_multiple_of(PROGRESS_EVERY as u64) {
                    progress(ImportPhase::Storing, stored, total);
                }
                ins.execute(params![
                    account_id,
                    import_id,
                    l.date.format("%Y-%m-%d").to_string(),
                    l.value_date.map(|d| d.format("%Y-%m-%d").to_string()),
                    l.amount.cents(),
                    l.description.trim(),
                    l.reference.trim(),
                    l.counterparty.trim(),
                    l.balance_after.map(Money::cents),
                    fp
                ])?;
            }
            progress(ImportPhase::Storing, total, total);
        }
        result.import_id = import_id;
        let mut text = format!(
            "{file_name} ({}) account {}: {} read, {} added, {} already there",
            statement.format.as_str(),
            shown(&result.statement_account),
            result.lines_read,
            result.lines_added,
            result.lines_skipped
        );
        match (
            result.balance_ok,
            result.file_closing,
            result.computed_closing,
        ) {
            (Some(true), Some(f), _) => text.push_str(&format!("; closing {f} matches")),
            (Some(false), Some(f), Some(c)) => {
                text.push_str(&format!("; closing {f} but the lines give {c}"))
            }
            _ => text.push_str("; closing balance not checked"),
        }
        if !result.skipped_accounts.is_empty() {
            text.push_str(&format!(
                "; not imported: {}",
                result.skipped_accounts.join(", ")
            ));
        }
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("bank_import:{import_id}"),
                action: "import",
                before: None,
                after: Some(&text),
                reason: Some(&format!("bank_account:{account_id}")),
            },
        )?;
        tx.commit()?;
        Ok(result)
    }
}
