//! Bank statements as banks export them: Norma 43 (AEB Cuaderno 43), ISO 20022 CAMT.053, OFX
//! 1.x/2.x and CSV with a column mapping. Each parser turns bytes into a [`Statement`] or
//! refuses the whole file with every problem found, each naming its line in the file and a
//! field; nothing is half-read. Pure: no IO, the caller hands over the bytes.

mod camt053;
mod csv;
mod markup;
mod n43;
mod ofx;

pub use camt053::parse_camt053;
pub use csv::{parse_csv, CsvMapping};
pub use n43::parse_norma43;
pub use ofx::parse_ofx;

use crate::{Money, Problem, ProblemCode};
use chrono::NaiveDate;

/// One movement on the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankLine {
    pub date: NaiveDate,
    pub value_date: Option<NaiveDate>,
    /// Positive: money in; negative: money out.
    pub amount: Money,
    pub description: String,
    pub reference: String,
    pub counterparty: String,
    pub balance_after: Option<Money>,
    /// 1-based line number in the file, for messages.
    pub source_line: u32,
}

/// One account's part of a statement file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementAccount {
    /// IBAN, or bank+branch+account for Norma 43; "" for CSV.
    pub account_id: String,
    pub currency: String,
    pub opening_balance: Option<Money>,
    pub closing_balance: Option<Money>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub lines: Vec<BankLine>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub format: Format,
    pub accounts: Vec<StatementAccount>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
    Csv,
    Norma43,
    Camt053,
    Ofx,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Norma43 => "n43",
            Format::Camt053 => "camt053",
            Format::Ofx => "ofx",
        }
    }
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "n43" | "norma43" | "c43" | "aeb43" => Some(Format::Norma43),
            "camt053" | "camt.053" | "camt" => Some(Format::Camt053),
            "ofx" | "qfx" => Some(Format::Ofx),
            _ => None,
        }
    }
}

/// Sniffs the format: Norma 43 (a first record "11" of at most 80 characters with its
/// account, dates and sign in digits),
/// OFX (an OFXHEADER or an `<OFX>` element), CAMT.053 (XML with `BkToCstmrStmt` or the
/// camt.053 namespace). CSV cannot be recognised (it needs a mapping): `None`.
pub fn detect(bytes: &[u8]) -> Option<Format> {
    let text = decode(bytes);
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with("11") {
        // The header record alone decides, so that a file with a bad record further down is
        // still read as Norma 43 and refused with that record's line.
        let first = t.lines().next().unwrap_or("").trim_end_matches('\r');
        let n = first.chars().count();
        let digits = first.chars().take(33).all(|c| c.is_ascii_digit());
        if digits && (33..=80).contains(&n) {
            return Some(Format::Norma43);
        }
    }
    let head: String = t
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_uppercase();
    if head.starts_with("OFXHEADER") || head.contains("<OFX>") || head.contains("<OFX ") {
        return Some(Format::Ofx);
    }
    if t.starts_with('<') && (t.contains("BkToCstmrStmt") || t.contains("camt.053")) {
        return Some(Format::Camt053);
    }
    None
}

/// Checks each account's lines against its opening and closing balances: the computed closing
/// (opening + the sum of the amounts) against the file's. Accounts without both balances are
/// not checked.
pub fn check_balances(s: &Statement) -> Vec<Problem> {
    let mut out = Vec::new();
    for a in &s.accounts {
        let (Some(open), Some(close)) = (a.opening_balance, a.closing_balance) else {
            continue;
        };
        let computed = a
            .lines
            .iter()
            .try_fold(open, |acc, l| acc.checked_add(l.amount));
        match computed {
            Some(c) if c == close => {}
            Some(c) => out.push(
                Problem::new(
                    ProblemCode::Unbalanced,
                    format!(
                        "account {}: the opening balance {open} plus the lines gives {c}, but the file's closing balance is {close}",
                        display_account(&a.account_id)
                    ),
                )
                .field("closing_balance")
                .param("account", &a.account_id)
                .param("computed", c)
                .param("declared", close),
            ),
            None => out.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    format!(
                        "account {}: the lines add up to more than an amount can hold",
                        display_account(&a.account_id)
                    ),
                )
                .field("closing_balance")
                .param("account", &a.account_id),
            ),
        }
    }
    out
}

fn display_account(id: &str) -> &str {
    if id.is_empty() {
        "(no id)"
    } else {
        id
    }
}

/// The key that recognises a line in another file: `date|amount|reference|description`
/// (reference and description normalised: upper case, accents folded, spaces collapsed)
/// followed by `#n`, n the occurrence among identical lines of this account (1-based).
pub fn fingerprints(a: &StatementAccount) -> Vec<String> {
    let mut seen: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    a.lines
        .iter()
        .map(|l| {
            let key = format!(
                "{}|{}|{}|{}",
                l.date.format("%Y-%m-%d"),
                l.amount,
                normalise(&l.reference),
                normalise(&l.description)
            );
            let n = seen.entry(key.clone()).or_insert(0);
            *n += 1;
            format!("{key}#{n}")
        })
        .collect()
}

/// Upper case, accents folded, runs of whitespace collapsed to one space, trimmed.
pub(crate) fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in w.chars().flat_map(char::to_uppercase) {
            out.push(fold(c));
        }
    }
    out
}

fn fold(c: char) -> char {
    match c {
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'A',
        'È' | 'É' | 'Ê' | 'Ë' => 'E',
        'Ì' | 'Í' | 'Î' | 'Ï' => 'I',
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'O',
        'Ù' | 'Ú' | 'Û' | 'Ü' => 'U',
        'Ñ' => 'N',
        'Ç' => 'C',
        'Ý' | 'Ÿ' => 'Y',
        'ª' => 'A',
        'º' => 'O',
        c => c,
    }
}

/// Text from bytes: UTF-8 when valid (a byte-order mark dropped), else Windows-1252.
pub(crate) fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.strip_prefix('\u{feff}').unwrap_or(s).to_string(),
        Err(_) => decode_1252(bytes),
    }
}

/// Windows-1252 to text; the five bytes it leaves undefined become the C1 controls (as the
/// WHATWG decoder does).
pub(crate) fn decode_1252(bytes: &[u8]) -> String {
    const HIGH: [u16; 32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => {
                char::from_u32(u32::from(HIGH[usize::from(b - 0x80)])).unwrap_or('\u{fffd}')
            }
            _ => char::from(b),
        })
        .collect()
}

/// At most this many problems are collected from one file.
pub(crate) const MAX_PROBLEMS: usize = 200;

/// Collects problems up to [`MAX_PROBLEMS`].
#[derive(Default)]
pub(crate) struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn push(&mut self, p: Problem) {
        if self.0.len() < MAX_PROBLEMS {
            self.0.push(p);
        }
    }
    pub fn full(&self) -> bool {
        self.0.len() >= MAX_PROBLEMS
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A problem at a line of the file, on a field.
pub(crate) fn problem(code: ProblemCode, row: u32, field: &str, msg: impl Into<String>) -> Problem {
    Problem::new(code, msg).at_row(row.max(1)).field(field)
}

/// Adds amounts without overflowing; `None` when the sum leaves what an amount can hold.
pub(crate) fn add(a: Money, b: Money) -> Option<Money> {
    let s = a.checked_add(b)?;
    // Money keeps at most 10^15 cents; stay well inside i64 cents for any later `cents()`.
    if s.abs() > Money::from_cents(1_000_000_000_000_000) {
        None
    } else {
        Some(s)
    }
}
