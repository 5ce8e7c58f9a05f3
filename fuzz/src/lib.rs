//! What each fuzz target does with its input, kept apart from libFuzzer so the stable test
//! `crates/api/tests/fuzz_corpus.rs` runs the very same code over the seed corpora and saved
//! crash inputs (it includes this file with `#[path]`). Each check feeds the bytes to one
//! importer or parser, panics on any broken promise (a problem without a row or field, an
//! accepted entry that does not balance, a value that does not survive a round trip) and
//! says what came of the input.

use trastienda_api::{bookkeeping, import, ApiError, ProblemDto};
use trastienda_core::{
    chart, statement, taxid, AccountCode, AccountKind, Language, Money, Problem,
};

/// What an input came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Accepted: what it became, briefly.
    Accepted(String),
    /// Refused: each problem as `row N, field F: message`.
    Refused(Vec<String>),
}

/// One target's check: the input, what came of it.
pub type Check = fn(&[u8]) -> Outcome;

/// The targets, by the name of their `fuzz_targets/<name>.rs` and `corpus/<name>/`.
pub const TARGETS: &[(&str, Check)] = &[
    ("journal_csv", journal_csv),
    ("opening_csv", opening_csv),
    ("money", money),
    ("date", date),
    ("tax_id", tax_id),
    ("account_code", account_code),
    ("chart_template", chart_template),
    ("statement_layout", statement_layout),
    ("bank_n43", bank_n43),
    ("bank_camt053", bank_camt053),
    ("bank_ofx", bank_ofx),
    ("bank_csv", bank_csv),
];

fn dto_line(p: &ProblemDto) -> String {
    format!(
        "row {}, field {}: {}",
        p.row.map_or("-".into(), |r| r.to_string()),
        p.field.as_deref().unwrap_or("-"),
        p.message
    )
}

fn problem_line(p: &Problem) -> String {
    dto_line(&ProblemDto::from(p))
}

/// An import's refusal: problems, each naming a row of the file (or, for a problem with the
/// whole set such as an unbalanced total, a field).
fn refused(e: &ApiError, what: &str) -> Outcome {
    assert!(
        !e.problems.is_empty(),
        "{what}: a refusal without problems: {e:?}"
    );
    for p in &e.problems {
        assert!(
            p.row.is_some_and(|r| r >= 1) || p.field.is_some(),
            "{what}: a problem names neither row nor field: {p:?}"
        );
        assert!(
            !p.message.is_empty(),
            "{what}: a problem without message: {p:?}"
        );
        // The English message (logs, the CLI) names the same row as the problem.
        if let Some(r) = p.row {
            assert!(
                e.message.contains(&format!("row {r}: ")),
                "{what}: the message names other rows than the problems: {e:?}"
            );
        }
    }
    Outcome::Refused(e.problems.iter().map(dto_line).collect())
}

fn assert_balanced(e: &trastienda_core::BalancedEntry, what: &str) {
    assert!(
        e.postings().len() >= 2,
        "{what}: fewer than two postings: {e:?}"
    );
    let total: Money = e.postings().iter().map(|p| p.amount).sum();
    assert!(total.is_zero(), "{what}: accepted unbalanced: {e:?}");
    assert!(
        e.postings().iter().all(|p| !p.amount.is_zero()),
        "{what}: a zero posting: {e:?}"
    );
}

/// The journal CSV import's parse-and-validate stage (`import::parse_journal`).
pub fn journal_csv(data: &[u8]) -> Outcome {
    let parsed = match import::parse_journal(data) {
        Ok(p) => p,
        Err(e) => return refused(&e, "journal"),
    };
    let mut problems = Vec::new();
    let mut entries = 0;
    for (first, res) in &parsed.entries {
        assert!(*first >= 1, "journal: an entry at row {first}");
        match res {
            Ok(e) => {
                assert_balanced(e, "journal");
                entries += 1;
            }
            Err(ps) => {
                assert!(!ps.is_empty(), "journal: a refused entry without problems");
                for p in ps {
                    assert!(
                        p.row.is_some_and(|r| r >= *first),
                        "journal: a problem of the entry at row {first} points elsewhere: {p:?}"
                    );
                    problems.push(problem_line(p));
                }
            }
        }
    }
    if problems.is_empty() {
        Outcome::Accepted(format!("{entries} entries from {} rows", parsed.rows))
    } else {
        Outcome::Refused(problems)
    }
}

/// The opening balances CSV import's parse-and-validate stage
/// (`bookkeeping::opening_entry_from_csv`). The UI sends the file as text, decoded the way
/// a browser decodes it: invalid UTF-8 becomes U+FFFD.
pub fn opening_csv(data: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(data);
    match bookkeeping::opening_entry_from_csv(&text, "2026-01-01", Language::Es) {
        Ok(e) => {
            assert_balanced(&e, "opening");
            Outcome::Accepted(format!("{} postings", e.postings().len()))
        }
        Err(e) => refused(&e, "opening"),
    }
}

fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// `Money::parse` through the importers' field parser: an accepted amount prints back to
/// itself and fits in cents; decimal commas and thousand separators are refused.
pub fn money(data: &[u8]) -> Outcome {
    let s = text(data);
    match import::fields::money("debit", &s) {
        Ok(m) => {
            assert_eq!(Money::parse(&m.to_string()), Ok(m), "money: {s:?} -> {m}");
            assert_eq!(Money::from_cents(m.cents()), m, "money: cents of {m}");
            assert!(
                m.cents().unsigned_abs() <= 1_000_000_000_000_000,
                "money: {m} too big"
            );
            assert!(
                !s.contains(','),
                "money: {s:?} with a comma accepted as {m}"
            );
            Outcome::Accepted(m.to_string())
        }
        Err(p) => {
            assert_eq!(p.field.as_deref(), Some("debit"));
            Outcome::Refused(vec![problem_line(&p)])
        }
    }
}

/// Dates as the importers read them (`YYYY-MM-DD`, trimmed): an accepted date prints back
/// to itself.
pub fn date(data: &[u8]) -> Outcome {
    let s = text(data);
    let opt = import::fields::opt_date("date", &Some(s.to_string()));
    match import::fields::date("date", &s) {
        Ok(d) => {
            let again = d.format("%Y-%m-%d").to_string();
            assert_eq!(import::fields::date("date", &again), Ok(d), "date: {s:?}");
            assert_eq!(opt, Ok(Some(d)), "date: opt_date({s:?})");
            Outcome::Accepted(again)
        }
        Err(p) => {
            assert_eq!(p.field.as_deref(), Some("date"));
            assert!(
                opt.is_err() || s.trim().is_empty(),
                "date: opt_date took {s:?}"
            );
            Outcome::Refused(vec![problem_line(&p)])
        }
    }
}

/// Spanish NIF/NIE/CIF and other countries' ids: a valid id stays valid once normalised, and
/// a wrong control character, replaced by the one the refusal names, makes the id valid.
pub fn tax_id(data: &[u8]) -> Outcome {
    let s = text(data);
    let other = taxid::check("FR", &s);
    assert_eq!(
        other.is_ok(),
        !s.trim().is_empty() && s.trim().chars().count() <= 32,
        "tax id: FR {s:?}"
    );
    match taxid::check("ES", &s) {
        Ok(kind) => {
            let n = taxid::normalize(&s);
            assert_eq!(
                taxid::validate_spanish(&n).ok(),
                kind,
                "tax id: {s:?} normalised"
            );
            Outcome::Accepted(format!("{kind:?} {n}"))
        }
        Err(e) => {
            assert!(!e.message.is_empty());
            if let Some(want) = e.reason.expected() {
                let n = taxid::normalize(&s);
                let fixed: String = n.chars().take(8).chain([want]).collect();
                assert!(
                    taxid::validate_spanish(&fixed).is_ok(),
                    "tax id: {s:?} says its control should be {want}, but {fixed} is refused"
                );
            }
            Outcome::Refused(vec![format!("{}: {}", e.reason.code(), e.message)])
        }
    }
}

/// Account codes as the importers read them: an accepted code parses back to itself.
pub fn account_code(data: &[u8]) -> Outcome {
    let s = text(data);
    match import::fields::account("account", &s) {
        Ok(c) => {
            assert_eq!(
                AccountCode::parse(c.as_str()),
                Ok(c.clone()),
                "account: {s:?}"
            );
            assert!((1..=12).contains(&c.as_str().len()), "account: {c:?}");
            Outcome::Accepted(c.as_str().to_string())
        }
        Err(p) => {
            assert_eq!(p.field.as_deref(), Some("account"));
            Outcome::Refused(vec![problem_line(&p)])
        }
    }
}

/// Chart-of-accounts templates (`code,name[,kind]` CSV, shipped in assets/charts/): accepted
/// codes are unique and sorted; a refusal names its line.
pub fn chart_template(data: &[u8]) -> Outcome {
    let s = text(data);
    match chart::parse_template(&s) {
        Ok(accounts) => {
            assert!(
                accounts.windows(2).all(|w| w[0].code < w[1].code),
                "chart: codes not unique and sorted"
            );
            Outcome::Accepted(format!("{} accounts", accounts.len()))
        }
        Err(e) => {
            assert!(e.starts_with("line "), "chart: {e:?} names no line");
            Outcome::Refused(vec![e])
        }
    }
}

/// Statement layouts (assets/statements/*.csv): every problem is about a line of the file
/// or the whole layout; an accepted layout's parents and formulas point at its own lines.
pub fn statement_layout(data: &[u8]) -> Outcome {
    let s = text(data);
    match statement::parse_layout(&s) {
        Ok(layout) => {
            let n = layout.lines.len();
            for l in &layout.lines {
                assert!(
                    !matches!(l.parent, Some(p) if p >= n),
                    "layout: parent of {}",
                    l.key
                );
            }
            for c in &layout.checks {
                assert!(
                    c.formula.iter().all(|(_, i)| *i < n),
                    "layout: a check's line"
                );
            }
            for code in ["5720001", "129", "7"] {
                let kind = AccountKind::from_pgc_code(&AccountCode::parse(code).expect("a code"));
                let _ = (layout.covers(code, kind), layout.in_scope(code, kind));
            }
            Outcome::Accepted(format!("{} lines", n))
        }
        Err(ps) => {
            assert!(!ps.is_empty(), "layout: refused without problems");
            // A line's problem names that line; one about the whole layout (empty, no
            // `@layout` row) has no row.
            let last = s.lines().count() as u32;
            for p in &ps {
                assert!(
                    !matches!(p.row, Some(r) if !(1..=last).contains(&r)),
                    "layout: a problem at a row the file does not have: {p:?}"
                );
                assert!(!p.message.is_empty(), "layout: a problem without message");
            }
            Outcome::Refused(ps.iter().map(problem_line).collect())
        }
    }
}

/// A bank statement parser's answer: a statement whose lines point into the file, whose
/// balance check and fingerprints run, and whose fingerprints are unique per account; or a
/// refusal whose every problem names a line and a field.
fn bank_outcome(
    res: Result<trastienda_core::bank::Statement, Vec<Problem>>,
    what: &str,
) -> Outcome {
    use trastienda_core::bank::{check_balances, fingerprints};
    match res {
        Ok(s) => {
            let mut lines = 0;
            for a in &s.accounts {
                for l in &a.lines {
                    assert!(l.source_line >= 1, "{what}: a line at line 0: {l:?}");
                    let _ = l.amount.cents();
                }
                lines += a.lines.len();
                let f = fingerprints(a);
                assert_eq!(f.len(), a.lines.len(), "{what}: fingerprints");
                let unique: std::collections::HashSet<&String> = f.iter().collect();
                assert_eq!(
                    unique.len(),
                    f.len(),
                    "{what}: two lines share a fingerprint"
                );
            }
            for p in check_balances(&s) {
                assert!(
                    p.field.is_some(),
                    "{what}: a balance problem without field: {p:?}"
                );
            }
            Outcome::Accepted(format!("{} accounts, {lines} lines", s.accounts.len()))
        }
        Err(ps) => {
            assert!(!ps.is_empty(), "{what}: a refusal without problems");
            for p in &ps {
                assert!(
                    p.row.is_some_and(|r| r >= 1) && p.field.is_some(),
                    "{what}: a problem without its line and field: {p:?}"
                );
                assert!(!p.message.is_empty(), "{what}: a problem without message");
            }
            Outcome::Refused(ps.iter().map(problem_line).collect())
        }
    }
}

/// Norma 43 (`bank::parse_norma43`).
pub fn bank_n43(data: &[u8]) -> Outcome {
    bank_outcome(trastienda_core::bank::parse_norma43(data), "bank_n43")
}

/// CAMT.053 (`bank::parse_camt053`).
pub fn bank_camt053(data: &[u8]) -> Outcome {
    bank_outcome(trastienda_core::bank::parse_camt053(data), "bank_camt053")
}

/// OFX 1 and 2 (`bank::parse_ofx`).
pub fn bank_ofx(data: &[u8]) -> Outcome {
    let _ = trastienda_core::bank::detect(data);
    bank_outcome(trastienda_core::bank::parse_ofx(data), "bank_ofx")
}

/// CSV with a fixed mapping: `;`, Windows-1252, one row skipped, a header, dd/mm/yyyy,
/// decimal comma, date;value date;description;amount;balance.
pub fn bank_csv(data: &[u8]) -> Outcome {
    let m = trastienda_core::bank::CsvMapping {
        delimiter: b';',
        windows_1252: true,
        skip_rows: 1,
        has_header: true,
        date_format: "%d/%m/%Y".into(),
        decimal_comma: true,
        col_date: 1,
        col_value_date: 2,
        col_description: 3,
        col_amount: 4,
        col_debit: 0,
        col_credit: 0,
        col_balance: 5,
        col_reference: 0,
    };
    bank_outcome(trastienda_core::bank::parse_csv(data, &m), "bank_csv")
}
