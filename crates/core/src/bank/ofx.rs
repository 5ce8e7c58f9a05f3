//! OFX 1.x (SGML: leaf elements without closing tags) and 2.x (XML), read with the same tag
//! scanner: each statement response (STMTRS, or CCSTMTRS for cards) becomes one account.

use super::markup::{self, Doc};
use super::{decode, problem, BankLine, Format, Problems, Statement, StatementAccount};
use crate::{Money, Problem, ProblemCode};
use chrono::NaiveDate;

fn ofx_date(doc: &Doc, n: usize, field: &str, ps: &mut Problems) -> Option<NaiveDate> {
    let raw = doc.text(n);
    let d = raw
        .get(..8)
        .filter(|s| s.chars().all(|c| c.is_ascii_digit()))
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y%m%d").ok());
    if d.is_none() {
        ps.push(problem(
            ProblemCode::InvalidDate,
            doc.line(n),
            field,
            format!("'{raw}' is not a date (YYYYMMDD[HHMMSS])"),
        ));
    }
    d
}

fn ofx_amount(doc: &Doc, n: usize, field: &str, ps: &mut Problems) -> Option<Money> {
    let raw = doc.text(n);
    // Some banks write a decimal comma; with no point in sight it can only be that.
    let t = if raw.contains(',') && !raw.contains('.') {
        raw.replace(',', ".")
    } else {
        raw.to_string()
    };
    match Money::parse(&t) {
        Ok(m) if !t.trim().is_empty() => Some(m),
        _ => {
            ps.push(problem(
                ProblemCode::InvalidAmount,
                doc.line(n),
                field,
                format!("'{raw}' is not an amount (a signed decimal with '.')"),
            ));
            None
        }
    }
}

fn required(doc: &Doc, n: usize, name: &str, field: &str, ps: &mut Problems) -> Option<usize> {
    let c = doc.child(n, name);
    if c.is_none() {
        ps.push(problem(
            ProblemCode::Required,
            doc.line(n),
            field,
            format!("<{}> has no <{name}>", doc.name(n)),
        ));
    }
    c
}

fn statement(doc: &Doc, rs: usize, ps: &mut Problems) -> StatementAccount {
    let from_acct = doc
        .child(rs, "BANKACCTFROM")
        .or_else(|| doc.child(rs, "CCACCTFROM"));
    let account_id = from_acct.map_or(String::new(), |a| {
        let acct = doc.text_at(a, &["ACCTID"]);
        if acct.chars().take(2).all(|c| c.is_ascii_alphabetic()) && !acct.is_empty() {
            acct.replace(' ', "")
        } else {
            format!(
                "{}{}{}",
                doc.text_at(a, &["BANKID"]),
                doc.text_at(a, &["BRANCHID"]),
                acct
            )
        }
    });
    if account_id.is_empty() {
        ps.push(problem(
            ProblemCode::Required,
            doc.line(rs),
            "account",
            "the statement names no account (BANKACCTFROM/ACCTID)",
        ));
    }
    let currency = doc.text_at(rs, &["CURDEF"]).to_string();
    let mut lines = Vec::new();
    let mut from = None;
    let mut to = None;
    if let Some(list) = doc.child(rs, "BANKTRANLIST") {
        from = doc
            .child(list, "DTSTART")
            .and_then(|d| ofx_date(doc, d, "date", ps));
        to = doc
            .child(list, "DTEND")
            .and_then(|d| ofx_date(doc, d, "date", ps));
        for tr in doc.children(list, "STMTTRN") {
            if ps.full() {
                break;
            }
            let date = required(doc, tr, "DTPOSTED", "date", ps)
                .and_then(|d| ofx_date(doc, d, "date", ps));
            let value = doc
                .child(tr, "DTAVAIL")
                .and_then(|d| ofx_date(doc, d, "value_date", ps));
            let amount = required(doc, tr, "TRNAMT", "amount", ps)
                .and_then(|a| ofx_amount(doc, a, "amount", ps));
            let (Some(date), Some(amount)) = (date, amount) else {
                continue;
            };
            let name = doc.text_at(tr, &["NAME"]);
            let name = if name.is_empty() {
                doc.text_at(tr, &["PAYEE", "NAME"])
            } else {
                name
            };
            let memo = doc.text_at(tr, &["MEMO"]);
            let reference = [
                doc.text_at(tr, &["FITID"]),
                doc.text_at(tr, &["REFNUM"]),
                doc.text_at(tr, &["CHECKNUM"]),
            ]
            .into_iter()
            .find(|s| !s.is_empty())
            .unwrap_or("");
            lines.push(BankLine {
                date,
                value_date: value,
                amount,
                description: if memo.is_empty() { name } else { memo }.to_string(),
                reference: reference.to_string(),
                counterparty: name.to_string(),
                balance_after: None,
                source_line: doc.line(tr),
            });
        }
    }
    let closing = doc.child(rs, "LEDGERBAL").and_then(|b| {
        let amt = required(doc, b, "BALAMT", "closing_balance", ps)?;
        let m = ofx_amount(doc, amt, "closing_balance", ps);
        if to.is_none() {
            to = doc
                .child(b, "DTASOF")
                .and_then(|d| ofx_date(doc, d, "closing_balance", ps));
        }
        m
    });
    StatementAccount {
        account_id,
        currency,
        opening_balance: None,
        closing_balance: closing,
        from,
        to,
        lines,
    }
}

/// The OFX aggregates (elements that hold elements) a bank statement uses; every other
/// element is a leaf, closed or not.
fn is_aggregate(name: &str) -> bool {
    const AGGREGATES: &[&str] = &[
        "OFX",
        "SIGNONMSGSRSV1",
        "SONRS",
        "STATUS",
        "FI",
        "BANKMSGSRSV1",
        "CREDITCARDMSGSRSV1",
        "STMTTRNRS",
        "CCSTMTTRNRS",
        "STMTRS",
        "CCSTMTRS",
        "BANKACCTFROM",
        "CCACCTFROM",
        "BANKACCTTO",
        "CCACCTTO",
        "BANKTRANLIST",
        "STMTTRN",
        "PAYEE",
        "LEDGERBAL",
        "AVAILBAL",
        "BALLIST",
        "BAL",
        "CURRENCY",
        "ORIGCURRENCY",
        "MKTGINFO",
    ];
    AGGREGATES.iter().any(|a| a.eq_ignore_ascii_case(name))
}

pub fn parse_ofx(bytes: &[u8]) -> Result<Statement, Vec<Problem>> {
    let text = decode(bytes);
    // OFX 1 starts with "KEY:VALUE" header lines: the document starts at <OFX>.
    let start = text
        .find("<OFX>")
        .or_else(|| text.find("<OFX "))
        .or_else(|| {
            let up = text.to_ascii_uppercase();
            up.find("<OFX>")
        });
    let Some(start) = start else {
        return Err(vec![problem(
            ProblemCode::InvalidCode,
            1,
            "xml",
            "not an OFX file: there is no <OFX> element",
        )]);
    };
    let before = &text[..start];
    let skipped = u32::try_from(before.bytes().filter(|&b| b == b'\n').count()).unwrap_or(0);
    // The SGML reading also takes XML: the closing tags then close what they name.
    let doc = markup::parse(&text[start..], Some(is_aggregate)).map_err(|mut p| {
        p.row = p.row.map(|r| r.saturating_add(skipped));
        vec![p]
    })?;
    let mut ps = Problems::default();
    let mut rss = doc.descendants(0, "STMTRS");
    rss.extend(doc.descendants(0, "CCSTMTRS"));
    rss.sort_unstable();
    if rss.is_empty() {
        ps.push(problem(
            ProblemCode::Required,
            1 + skipped,
            "xml",
            "the OFX file holds no bank statement (STMTRS)",
        ));
    }
    let mut accounts: Vec<StatementAccount> = rss
        .into_iter()
        .map(|rs| statement(&doc, rs, &mut ps))
        .collect();
    for p in &mut ps.0 {
        p.row = p.row.map(|r| r.saturating_add(skipped));
    }
    for a in &mut accounts {
        for l in &mut a.lines {
            l.source_line = l.source_line.saturating_add(skipped);
        }
    }
    if ps.is_empty() {
        Ok(Statement {
            format: Format::Ofx,
            accounts,
        })
    } else {
        Err(ps.0)
    }
}
