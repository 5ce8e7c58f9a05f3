//! Norma 43 (AEB Cuaderno 43): fixed records of 80 characters.
//!
//! 11 account header, 22 movement, 23 concept continuation (up to five), 24 currency
//! equivalence, 33 account end with the totals, 88 file end with the record count. Amounts are
//! 14 digits with two implied decimals; the sign codes are 1 debit (out) and 2 credit (in).

use super::{add, decode, problem, BankLine, Format, Problems, Statement, StatementAccount};
use crate::{Money, ProblemCode};
use chrono::NaiveDate;

struct Rec {
    chars: Vec<char>,
    row: u32,
}

impl Rec {
    /// Characters `from..=to` (1-based, as the norm numbers them).
    fn f(&self, from: usize, to: usize) -> String {
        self.chars[from - 1..to].iter().collect()
    }
}

fn amount(
    r: &Rec,
    sign_at: Option<usize>,
    from: usize,
    field: &str,
    ps: &mut Problems,
) -> Option<Money> {
    let digits = r.f(from, from + 13);
    let cents = if digits.chars().all(|c| c.is_ascii_digit()) {
        digits.parse::<i64>().ok()
    } else {
        None
    };
    let Some(cents) = cents else {
        ps.push(problem(
            ProblemCode::InvalidAmount,
            r.row,
            field,
            format!(
                "'{digits}' (characters {from}-{}) is not 14 digits",
                from + 13
            ),
        ));
        return None;
    };
    let m = Money::from_cents(cents);
    match sign_at {
        None => Some(m),
        Some(at) => match r.f(at, at).as_str() {
            "1" => Some(-m),
            "2" => Some(m),
            s => {
                ps.push(problem(
                    ProblemCode::InvalidCode,
                    r.row,
                    field,
                    format!("the debit/credit code at character {at} is '{s}', not 1 (debit) or 2 (credit)"),
                ));
                None
            }
        },
    }
}

fn ymd(r: &Rec, from: usize, field: &str, ps: &mut Problems) -> Option<NaiveDate> {
    let s = r.f(from, from + 5);
    let d = if s.chars().all(|c| c.is_ascii_digit()) {
        NaiveDate::parse_from_str(&format!("20{s}"), "%Y%m%d").ok()
    } else {
        None
    };
    if d.is_none() {
        ps.push(problem(
            ProblemCode::InvalidDate,
            r.row,
            field,
            format!(
                "'{s}' (characters {from}-{}) is not a date YYMMDD",
                from + 5
            ),
        ));
    }
    d
}

fn count(r: &Rec, from: usize, len: usize, field: &str, ps: &mut Problems) -> Option<u64> {
    let s = r.f(from, from + len - 1);
    let n = if s.chars().all(|c| c.is_ascii_digit()) {
        s.parse::<u64>().ok()
    } else {
        None
    };
    if n.is_none() {
        ps.push(problem(
            ProblemCode::InvalidAmount,
            r.row,
            field,
            format!(
                "'{s}' (characters {from}-{}) is not a number",
                from + len - 1
            ),
        ));
    }
    n
}

fn currency(code: &str) -> String {
    match code {
        "978" => "EUR",
        "840" => "USD",
        "826" => "GBP",
        "756" => "CHF",
        "392" => "JPY",
        c => c,
    }
    .to_string()
}

fn not_zeros(s: &str) -> Option<String> {
    let t = s.trim();
    if t.is_empty() || t.chars().all(|c| c == '0') {
        None
    } else {
        Some(t.to_string())
    }
}

/// One account being read: its header fields and running totals.
struct Open {
    acc: StatementAccount,
    key: String,
    header_row: u32,
    debits: (u64, Money),
    credits: (u64, Money),
    /// Lines with a problem still count for the totals check to stay meaningful.
    overflow: bool,
    /// The 22 the 23/24 records belong to.
    in_movement: bool,
}

pub fn parse_norma43(bytes: &[u8]) -> Result<Statement, Vec<crate::Problem>> {
    let text = decode(bytes);
    let mut ps = Problems::default();
    let mut recs = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let mut chars: Vec<char> = line.chars().collect();
        if chars.len() > 80 {
            ps.push(problem(
                ProblemCode::OutOfRange,
                row,
                "length",
                format!(
                    "the record has {} characters; Norma 43 records have 80",
                    chars.len()
                ),
            ));
            continue;
        }
        chars.resize(80, ' ');
        recs.push(Rec { chars, row });
        if ps.full() {
            break;
        }
    }
    if recs.is_empty() && ps.is_empty() {
        ps.push(problem(
            ProblemCode::Required,
            1,
            "record",
            "the file has no records",
        ));
    }

    let mut accounts = Vec::new();
    let mut open: Option<Open> = None;
    let mut ended: Option<u32> = None;
    let mut seen = 0u64;
    for r in &recs {
        if ps.full() {
            break;
        }
        let kind = r.f(1, 2);
        if let Some(end_row) = ended {
            ps.push(problem(
                ProblemCode::InvalidCode,
                r.row,
                "record",
                format!("a '{kind}' record after the file's end record (88, line {end_row})"),
            ));
            continue;
        }
        seen += 1;
        match kind.as_str() {
            "11" => {
                if let Some(o) = open.take() {
                    ps.push(problem(
                        ProblemCode::InvalidCode,
                        r.row,
                        "record",
                        format!("a new account header (11) before the end record (33) of the account that starts on line {}", o.header_row),
                    ));
                }
                let from = ymd(r, 21, "date", &mut ps);
                let to = ymd(r, 27, "date", &mut ps);
                let opening = amount(r, Some(33), 34, "opening_balance", &mut ps);
                open = Some(Open {
                    acc: StatementAccount {
                        account_id: r.f(3, 20).trim().to_string(),
                        currency: currency(&r.f(48, 50)),
                        opening_balance: opening,
                        closing_balance: None,
                        from,
                        to,
                        lines: Vec::new(),
                    },
                    key: r.f(3, 20),
                    header_row: r.row,
                    debits: (0, Money::ZERO),
                    credits: (0, Money::ZERO),
                    overflow: false,
                    in_movement: false,
                });
            }
            "22" => {
                let Some(o) = open.as_mut() else {
                    ps.push(problem(
                        ProblemCode::InvalidCode,
                        r.row,
                        "record",
                        "a movement (22) outside an account: an account header (11) must come first",
                    ));
                    continue;
                };
                o.in_movement = true;
                let date = ymd(r, 11, "date", &mut ps);
                let value = ymd(r, 17, "value_date", &mut ps);
                let amt = amount(r, Some(28), 29, "amount", &mut ps);
                let (Some(date), Some(amt)) = (date, amt) else {
                    continue;
                };
                let totals = if amt.is_negative() {
                    &mut o.debits
                } else {
                    &mut o.credits
                };
                totals.0 += 1;
                match add(totals.1, amt.abs()) {
                    Some(t) => totals.1 = t,
                    None => o.overflow = true,
                }
                let doc = r.f(43, 52);
                let ref1 = r.f(53, 64);
                let ref2 = r.f(65, 80);
                let reference = not_zeros(&ref1)
                    .or_else(|| not_zeros(&doc))
                    .unwrap_or_default();
                o.acc.lines.push(BankLine {
                    date,
                    value_date: value,
                    amount: amt,
                    description: not_zeros(&ref2).unwrap_or_default(),
                    reference,
                    counterparty: String::new(),
                    balance_after: None,
                    source_line: r.row,
                });
                // Until a 23 says otherwise, the description is reference 2 (or the concept).
                if let Some(l) = o.acc.lines.last_mut() {
                    if l.description.is_empty() {
                        l.description = format!("Concepto {}", r.f(23, 24));
                    }
                }
            }
            "23" => {
                let Some(o) = open.as_mut().filter(|o| o.in_movement) else {
                    ps.push(problem(
                        ProblemCode::InvalidCode,
                        r.row,
                        "record",
                        "a concept record (23) that follows no movement (22)",
                    ));
                    continue;
                };
                let code = r.f(3, 4);
                if !matches!(code.as_str(), "01" | "02" | "03" | "04" | "05") {
                    ps.push(problem(
                        ProblemCode::InvalidCode,
                        r.row,
                        "record",
                        format!("concept record code '{code}' (characters 3-4) is not 01 to 05"),
                    ));
                    continue;
                }
                let text = format!("{} {}", r.f(5, 42).trim(), r.f(43, 80).trim());
                let text = text.trim();
                if let Some(l) = o.acc.lines.last_mut().filter(|l| l.source_line < r.row) {
                    if text.is_empty() {
                        continue;
                    }
                    if code == "01" {
                        l.description = text.to_string();
                    } else {
                        l.description.push(' ');
                        l.description.push_str(text);
                    }
                }
            }
            "24" => {
                if open.as_ref().is_none_or(|o| !o.in_movement) {
                    ps.push(problem(
                        ProblemCode::InvalidCode,
                        r.row,
                        "record",
                        "an equivalence record (24) that follows no movement (22)",
                    ));
                }
            }
            "33" => {
                let Some(mut o) = open.take() else {
                    ps.push(problem(
                        ProblemCode::InvalidCode,
                        r.row,
                        "record",
                        "an account end record (33) without its account header (11)",
                    ));
                    continue;
                };
                if r.f(3, 20) != o.key {
                    ps.push(problem(
                        ProblemCode::InvalidAccount,
                        r.row,
                        "account",
                        format!(
                            "the end record is for account {} but the header (line {}) is for {}",
                            r.f(3, 20).trim(),
                            o.header_row,
                            o.key.trim()
                        ),
                    ));
                }
                let nd = count(r, 21, 5, "totals", &mut ps);
                let td = amount(r, None, 26, "totals", &mut ps);
                let nc = count(r, 40, 5, "totals", &mut ps);
                let tc = amount(r, None, 45, "totals", &mut ps);
                let fin = amount(r, Some(59), 60, "closing_balance", &mut ps);
                let mut check = |what: &str, declared: String, computed: String| {
                    if declared != computed {
                        ps.push(
                            problem(
                                ProblemCode::Unbalanced,
                                r.row,
                                "totals",
                                format!("the end record says {what} {declared}, the movements give {computed}"),
                            )
                            .param("declared", &declared)
                            .param("computed", &computed),
                        );
                    }
                };
                if let Some(nd) = nd {
                    check("debit count", nd.to_string(), o.debits.0.to_string());
                }
                if let Some(nc) = nc {
                    check("credit count", nc.to_string(), o.credits.0.to_string());
                }
                if !o.overflow {
                    if let Some(td) = td {
                        check("total debits", td.to_string(), o.debits.1.to_string());
                    }
                    if let Some(tc) = tc {
                        check("total credits", tc.to_string(), o.credits.1.to_string());
                    }
                }
                if let (Some(fin), Some(open_bal), Some(tc), Some(td)) =
                    (fin, o.acc.opening_balance, tc, td)
                {
                    match add(open_bal, tc).and_then(|x| add(x, -td)) {
                        Some(c) if c == fin => {}
                        c => ps.push(
                            problem(
                                ProblemCode::Unbalanced,
                                r.row,
                                "closing_balance",
                                format!(
                                    "the final balance is {fin}, but the initial balance {open_bal} plus credits {tc} minus debits {td} is {}",
                                    c.map_or("too large".to_string(), |c| c.to_string())
                                ),
                            )
                            .param("declared", fin)
                            .param("computed", c.map_or(String::new(), |c| c.to_string())),
                        ),
                    }
                }
                o.acc.closing_balance = fin;
                accounts.push(o.acc);
            }
            "88" => {
                if let Some(o) = open.take() {
                    ps.push(problem(
                        ProblemCode::InvalidCode,
                        r.row,
                        "record",
                        format!("the file ends (88) before the end record (33) of the account that starts on line {}", o.header_row),
                    ));
                }
                ended = Some(r.row);
                if let Some(n) = count(r, 21, 6, "record_count", &mut ps) {
                    // The norm does not count the 88 itself; some banks do: both are accepted.
                    if n != seen - 1 && n != seen {
                        ps.push(
                            problem(
                                ProblemCode::Unbalanced,
                                r.row,
                                "record_count",
                                format!(
                                    "the end record says the file has {n} records, it has {}",
                                    seen - 1
                                ),
                            )
                            .param("declared", n)
                            .param("computed", seen - 1),
                        );
                    }
                }
            }
            k => ps.push(problem(
                ProblemCode::InvalidCode,
                r.row,
                "record",
                format!("'{k}' is not a Norma 43 record type (11, 22, 23, 24, 33, 88)"),
            )),
        }
    }
    if !ps.full() {
        if let Some(o) = open {
            ps.push(problem(
                ProblemCode::Required,
                recs.last().map_or(1, |r| r.row),
                "record",
                format!(
                    "the account that starts on line {} has no end record (33)",
                    o.header_row
                ),
            ));
        }
        if ended.is_none() && !recs.is_empty() {
            ps.push(problem(
                ProblemCode::Required,
                recs.last().map_or(1, |r| r.row),
                "record",
                "the file has no end record (88)",
            ));
        }
    }
    if ps.is_empty() {
        Ok(Statement {
            format: Format::Norma43,
            accounts,
        })
    } else {
        Err(ps.0)
    }
}
