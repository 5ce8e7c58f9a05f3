//! CSV statements read through a column mapping the user builds once per bank: delimiter,
//! encoding, rows to skip, header, date format, decimal comma or point, and the columns.

use super::{add, decode_1252, problem, BankLine, Format, Problems, Statement, StatementAccount};
use crate::{Money, Problem, ProblemCode};
use chrono::NaiveDate;

/// Which column holds what (1-based; 0 = the file has no such column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvMapping {
    pub delimiter: u8,
    pub windows_1252: bool,
    /// Rows before the header (or before the data when there is no header).
    pub skip_rows: u32,
    pub has_header: bool,
    /// A chrono format, e.g. "%d/%m/%Y".
    pub date_format: String,
    pub decimal_comma: bool,
    pub col_date: usize,
    pub col_value_date: usize,
    pub col_description: usize,
    /// 0 when the file has separate debit and credit columns.
    pub col_amount: usize,
    pub col_debit: usize,
    pub col_credit: usize,
    pub col_balance: usize,
    pub col_reference: usize,
}

/// Records of a delimited text, each with the 1-based line it starts on. Quotes ("") may
/// hold delimiters, doubled quotes and line breaks.
fn records(text: &str, delim: char) -> Vec<(u32, Vec<String>)> {
    let mut out = Vec::new();
    let mut fields = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut line: u32 = 1;
    let mut start: u32 = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    cur.push('"');
                } else {
                    quoted = false;
                }
            } else {
                if c == '\n' {
                    line = line.saturating_add(1);
                }
                cur.push(c);
            }
            continue;
        }
        match c {
            '"' if cur.trim().is_empty() => {
                cur.clear();
                quoted = true;
            }
            '\r' => {}
            '\n' => {
                fields.push(std::mem::take(&mut cur));
                out.push((start, std::mem::take(&mut fields)));
                line = line.saturating_add(1);
                start = line;
            }
            c if c == delim => fields.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    if !cur.is_empty() || !fields.is_empty() {
        fields.push(cur);
        out.push((start, fields));
    }
    out
}

/// An amount as banks write it: optional currency sign or code, thousands separators, the
/// mapping's decimal mark, a sign in front or behind, or parentheses for negatives.
fn parse_amount(raw: &str, decimal_comma: bool) -> Option<Money> {
    let mut t: String = raw
        .trim()
        .trim_end_matches("EUR")
        .trim_end_matches('€')
        .trim_start_matches('€')
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\'')
        .collect();
    let mut negative = false;
    if t.starts_with('(') && t.ends_with(')') && t.len() >= 2 {
        negative = true;
        t = t[1..t.len() - 1].to_string();
    }
    if let Some(x) = t.strip_suffix('-') {
        negative = !negative;
        t = x.to_string();
    } else if let Some(x) = t.strip_prefix('-') {
        negative = !negative;
        t = x.to_string();
    } else if let Some(x) = t.strip_prefix('+') {
        t = x.to_string();
    }
    let (thousands, decimal) = if decimal_comma {
        ('.', ',')
    } else {
        (',', '.')
    };
    // Thousands separators only between digit groups of three.
    if let Some((int, _)) = t.split_once(decimal).or(Some((t.as_str(), ""))) {
        if int.contains(thousands) {
            let groups: Vec<&str> = int.split(thousands).collect();
            let ok = !groups[0].is_empty()
                && groups[0].len() <= 3
                && groups[1..].iter().all(|g| g.len() == 3);
            if !ok {
                return None;
            }
        }
    }
    let t: String = t.chars().filter(|&c| c != thousands).collect();
    let t = t.replace(decimal, ".");
    if t.is_empty() || t.starts_with('-') || t.starts_with('+') {
        return None;
    }
    let m = Money::parse(&t).ok()?;
    Some(if negative { -m } else { m })
}

fn field(rec: &[String], col: usize) -> Option<&str> {
    if col == 0 {
        None
    } else {
        rec.get(col - 1).map(|s| s.trim())
    }
}

fn mapping_problems(m: &CsvMapping) -> Vec<Problem> {
    let mut out = Vec::new();
    let bad = |f: &str, msg: &str| Problem::new(ProblemCode::MissingColumn, msg).field(f);
    if m.col_date == 0 {
        out.push(bad("col_date", "the mapping needs the date column"));
    }
    if m.col_amount == 0 && m.col_debit == 0 && m.col_credit == 0 {
        out.push(bad(
            "col_amount",
            "the mapping needs an amount column, or debit and credit columns",
        ));
    }
    if m.date_format.trim().is_empty() {
        out.push(bad(
            "date_format",
            "the mapping needs a date format, e.g. %d/%m/%Y",
        ));
    }
    if m.delimiter == b'"' || m.delimiter == b'\n' || m.delimiter == b'\r' || m.delimiter >= 0x80 {
        out.push(bad(
            "delimiter",
            "the delimiter must be a character such as ';' or ','",
        ));
    }
    out
}

pub fn parse_csv(bytes: &[u8], m: &CsvMapping) -> Result<Statement, Vec<Problem>> {
    let problems = mapping_problems(m);
    if !problems.is_empty() {
        return Err(problems);
    }
    let text = if m.windows_1252 {
        decode_1252(bytes)
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => s.strip_prefix('\u{feff}').unwrap_or(s).to_string(),
            Err(e) => {
                let row = bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1;
                return Err(vec![problem(
                    ProblemCode::InvalidCode,
                    u32::try_from(row).unwrap_or(u32::MAX),
                    "encoding",
                    "the file is not UTF-8: choose Windows-1252 in the mapping",
                )]);
            }
        }
    };
    let mut ps = Problems::default();
    let mut lines = Vec::new();
    let skip = m.skip_rows as usize + usize::from(m.has_header);
    let recs = records(&text, char::from(m.delimiter));
    let mut physical_skipped = 0usize;
    for (row, rec) in recs {
        if ps.full() {
            break;
        }
        // Skipped rows count physical lines, blank ones included.
        if physical_skipped < skip {
            physical_skipped += 1;
            continue;
        }
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let mut row_problem = |f: &str, code: ProblemCode, msg: String| {
            ps.push(problem(code, row, f, msg));
        };
        let get = |col: usize,
                   name: &str,
                   row_problem: &mut dyn FnMut(&str, ProblemCode, String)|
         -> Option<String> {
            match field(&rec, col) {
                Some(v) => Some(v.to_string()),
                None if col == 0 => None,
                None => {
                    row_problem(
                        name,
                        ProblemCode::MissingColumn,
                        format!(
                            "the row has {} columns; the mapping reads column {col}",
                            rec.len()
                        ),
                    );
                    None
                }
            }
        };
        let date_raw = get(m.col_date, "date", &mut row_problem);
        let date = date_raw.as_deref().and_then(|s| {
            let d = NaiveDate::parse_from_str(s, &m.date_format).ok();
            if d.is_none() {
                row_problem(
                    "date",
                    ProblemCode::InvalidDate,
                    format!("'{s}' is not a date in the format {}", m.date_format),
                );
            }
            d
        });
        let value_date = get(m.col_value_date, "value_date", &mut row_problem).and_then(|s| {
            if s.is_empty() {
                return None;
            }
            let d = NaiveDate::parse_from_str(&s, &m.date_format).ok();
            if d.is_none() {
                row_problem(
                    "value_date",
                    ProblemCode::InvalidDate,
                    format!("'{s}' is not a date in the format {}", m.date_format),
                );
            }
            d
        });
        let money = |col: usize,
                     name: &str,
                     rp: &mut dyn FnMut(&str, ProblemCode, String)|
         -> Result<Option<Money>, ()> {
            let Some(s) = get(col, name, rp) else {
                return if col == 0 { Ok(None) } else { Err(()) };
            };
            if s.is_empty() {
                return Ok(None);
            }
            match parse_amount(&s, m.decimal_comma) {
                Some(v) => Ok(Some(v)),
                None => {
                    let mark = if m.decimal_comma { "comma" } else { "point" };
                    rp(
                        name,
                        ProblemCode::InvalidAmount,
                        format!("'{s}' is not an amount with a decimal {mark}"),
                    );
                    Err(())
                }
            }
        };
        let amount = if m.col_amount != 0 {
            match money(m.col_amount, "amount", &mut row_problem) {
                Ok(Some(a)) => Some(a),
                Ok(None) => {
                    row_problem(
                        "amount",
                        ProblemCode::Required,
                        "the amount is empty".into(),
                    );
                    None
                }
                Err(()) => None,
            }
        } else {
            let debit = money(m.col_debit, "debit", &mut row_problem);
            let credit = money(m.col_credit, "credit", &mut row_problem);
            match (debit, credit) {
                (Ok(None), Ok(None)) => {
                    row_problem(
                        "amount",
                        ProblemCode::Required,
                        "both debit and credit are empty".into(),
                    );
                    None
                }
                (Ok(d), Ok(c)) => {
                    let d = d.unwrap_or(Money::ZERO).abs();
                    let c = c.unwrap_or(Money::ZERO);
                    let sum = add(c, -d);
                    if sum.is_none() {
                        row_problem(
                            "amount",
                            ProblemCode::OutOfRange,
                            "the amount is too large".into(),
                        );
                    }
                    sum
                }
                _ => None,
            }
        };
        let balance = money(m.col_balance, "balance", &mut row_problem)
            .ok()
            .flatten();
        let description =
            get(m.col_description, "description", &mut row_problem).unwrap_or_default();
        let reference = get(m.col_reference, "reference", &mut row_problem).unwrap_or_default();
        if let (Some(date), Some(amount)) = (date, amount) {
            lines.push(BankLine {
                date,
                value_date,
                amount,
                description,
                reference,
                counterparty: String::new(),
                balance_after: balance,
                source_line: row,
            });
        }
    }
    if !ps.is_empty() {
        return Err(ps.0);
    }
    if lines.is_empty() {
        return Err(vec![problem(
            ProblemCode::Required,
            u32::try_from(skip + 1).unwrap_or(u32::MAX),
            "record",
            "the file has no statement lines after the skipped rows",
        )]);
    }
    // With a balance column, the balances before the first and after the last line (files
    // come oldest first or newest first: the dates tell).
    let newest_first = lines.first().map(|l| l.date) > lines.last().map(|l| l.date);
    let (oldest, newest) = if newest_first {
        (lines.last(), lines.first())
    } else {
        (lines.first(), lines.last())
    };
    let opening = oldest.and_then(|l| l.balance_after.and_then(|b| add(b, -l.amount)));
    let closing = newest.and_then(|l| l.balance_after);
    let from = lines.iter().map(|l| l.date).min();
    let to = lines.iter().map(|l| l.date).max();
    Ok(Statement {
        format: Format::Csv,
        accounts: vec![StatementAccount {
            account_id: String::new(),
            currency: String::new(),
            opening_balance: opening.filter(|_| closing.is_some()),
            closing_balance: closing.filter(|_| opening.is_some()),
            from,
            to,
            lines,
        }],
    })
}
