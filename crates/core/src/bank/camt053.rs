//! ISO 20022 CAMT.053 (BkToCstmrStmt), versions .001.02 to .001.08: elements matched by local
//! name, namespaces ignored. One account per `Stmt`; batched entries (one `Ntry`, several
//! `TxDtls`) become one line per transaction when the transactions add up to the entry.

use super::markup::{self, Doc};
use super::{add, decode, problem, BankLine, Format, Problems, Statement, StatementAccount};
use crate::{Money, Problem, ProblemCode};
use chrono::NaiveDate;

fn amount(doc: &Doc, amt: usize, sign: &str, field: &str, ps: &mut Problems) -> Option<Money> {
    let row = doc.line(amt);
    let raw = doc.text(amt);
    let m = match Money::parse(raw) {
        Ok(m) if !raw.is_empty() && !m.is_negative() => m,
        _ => {
            ps.push(problem(
                ProblemCode::InvalidAmount,
                row,
                field,
                format!("'{raw}' is not an amount (digits with '.' and at most 2 decimals)"),
            ));
            return None;
        }
    };
    match sign {
        "CRDT" => Some(m),
        "DBIT" => Some(-m),
        s => {
            ps.push(problem(
                ProblemCode::InvalidCode,
                row,
                field,
                format!("CdtDbtInd is '{s}', not CRDT or DBIT"),
            ));
            None
        }
    }
}

/// `Dt` or `DtTm` under `n` (the date part of a datetime).
fn date_of(doc: &Doc, n: usize, field: &str, ps: &mut Problems) -> Option<NaiveDate> {
    let (raw, row) = if let Some(d) = doc.child(n, "Dt") {
        (doc.text(d), doc.line(d))
    } else if let Some(d) = doc.child(n, "DtTm") {
        (doc.text(d), doc.line(d))
    } else {
        (doc.text(n), doc.line(n))
    };
    let d = raw
        .get(..10)
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
    if d.is_none() {
        ps.push(problem(
            ProblemCode::InvalidDate,
            row,
            field,
            format!("'{raw}' is not a date (YYYY-MM-DD)"),
        ));
    }
    d
}

/// The date of an optional element: None when absent.
fn opt_date(doc: &Doc, n: Option<usize>, field: &str, ps: &mut Problems) -> Option<NaiveDate> {
    n.and_then(|n| date_of(doc, n, field, ps))
}

fn first_text(doc: &Doc, n: usize, name: &str) -> String {
    doc.descendants(n, name)
        .into_iter()
        .map(|x| doc.text(x))
        .find(|t| !t.is_empty())
        .unwrap_or("")
        .to_string()
}

/// The name of the other party: the debtor for money in, the creditor for money out.
fn party(doc: &Doc, tx: usize, incoming: bool) -> String {
    let Some(rp) = doc.child(tx, "RltdPties") else {
        return String::new();
    };
    let order = if incoming {
        ["Dbtr", "Cdtr"]
    } else {
        ["Cdtr", "Dbtr"]
    };
    order
        .iter()
        .filter_map(|who| doc.child(rp, who))
        .map(|p| first_text(doc, p, "Nm"))
        .find(|t| !t.is_empty())
        .unwrap_or_default()
}

fn remittance(doc: &Doc, tx: usize) -> String {
    let Some(r) = doc.child(tx, "RmtInf") else {
        return String::new();
    };
    let mut parts: Vec<&str> = doc.children(r, "Ustrd").map(|u| doc.text(u)).collect();
    if parts.is_empty() {
        parts = doc
            .descendants(r, "Ref")
            .into_iter()
            .map(|u| doc.text(u))
            .collect();
    }
    parts.retain(|p| !p.is_empty());
    parts.join(" ")
}

fn tx_reference(doc: &Doc, tx: usize) -> String {
    let Some(refs) = doc.child(tx, "Refs") else {
        return String::new();
    };
    ["EndToEndId", "AcctSvcrRef", "TxId", "InstrId", "MsgId"]
        .iter()
        .map(|k| doc.text_at(refs, &[k]))
        .find(|t| !t.is_empty() && !t.eq_ignore_ascii_case("NOTPROVIDED"))
        .unwrap_or("")
        .to_string()
}

fn status(doc: &Doc, ntry: usize) -> String {
    doc.child(ntry, "Sts").map_or(String::new(), |s| {
        let cd = doc.text_at(s, &["Cd"]);
        if cd.is_empty() {
            doc.text(s).to_string()
        } else {
            cd.to_string()
        }
    })
}

fn balance(doc: &Doc, bal: usize, ps: &mut Problems) -> Option<(String, Money, Option<NaiveDate>)> {
    let code = doc.text_at(bal, &["Tp", "CdOrPrtry", "Cd"]).to_string();
    let amt = doc.child(bal, "Amt");
    let Some(amt) = amt else {
        ps.push(problem(
            ProblemCode::Required,
            doc.line(bal),
            "balance",
            "a balance (Bal) without Amt",
        ));
        return None;
    };
    let sign = doc.text_at(bal, &["CdtDbtInd"]);
    let m = amount(doc, amt, sign, "balance", ps)?;
    let d = opt_date(doc, doc.child(bal, "Dt"), "balance", ps);
    Some((code, m, d))
}

fn statement(doc: &Doc, stmt: usize, ps: &mut Problems) -> StatementAccount {
    let acct = doc.child(stmt, "Acct");
    let account_id = acct
        .map(|a| {
            let iban = doc.text_at(a, &["Id", "IBAN"]);
            if iban.is_empty() {
                doc.text_at(a, &["Id", "Othr", "Id"]).to_string()
            } else {
                iban.replace(' ', "")
            }
        })
        .unwrap_or_default();
    if account_id.is_empty() {
        ps.push(problem(
            ProblemCode::Required,
            doc.line(stmt),
            "account",
            "the statement (Stmt) names no account (Acct/Id/IBAN)",
        ));
    }
    let mut currency = acct.map_or("", |a| doc.text_at(a, &["Ccy"])).to_string();
    let mut opening = None;
    let mut closing = None;
    let mut open_date = None;
    let mut close_date = None;
    for bal in doc.children(stmt, "Bal") {
        let Some((code, m, d)) = balance(doc, bal, ps) else {
            continue;
        };
        match code.as_str() {
            "OPBD" => {
                opening = Some(m);
                open_date = d;
            }
            "PRCD" if opening.is_none() => {
                opening = Some(m);
                open_date = d.and_then(|d| d.succ_opt());
            }
            "CLBD" => {
                closing = Some(m);
                close_date = d;
            }
            _ => {}
        }
    }
    let period = doc.child(stmt, "FrToDt");
    let from = opt_date(doc, period.and_then(|p| doc.child(p, "FrDtTm")), "date", ps).or(open_date);
    let to = opt_date(doc, period.and_then(|p| doc.child(p, "ToDtTm")), "date", ps).or(close_date);

    let mut lines = Vec::new();
    for ntry in doc.children(stmt, "Ntry") {
        if ps.full() {
            break;
        }
        let row = doc.line(ntry);
        if matches!(status(doc, ntry).as_str(), "PDNG" | "INFO") {
            continue;
        }
        let Some(amt) = doc.child(ntry, "Amt") else {
            ps.push(problem(
                ProblemCode::Required,
                row,
                "amount",
                "an entry (Ntry) without Amt",
            ));
            continue;
        };
        if currency.is_empty() {
            currency = doc.attr(amt, "Ccy").unwrap_or("").to_string();
        }
        let sign = doc.text_at(ntry, &["CdtDbtInd"]);
        let entry_amt = amount(doc, amt, sign, "amount", ps);
        let booked = match doc.child(ntry, "BookgDt") {
            Some(b) => date_of(doc, b, "date", ps),
            None => {
                ps.push(problem(
                    ProblemCode::Required,
                    row,
                    "date",
                    "an entry (Ntry) without BookgDt",
                ));
                None
            }
        };
        let value = opt_date(doc, doc.child(ntry, "ValDt"), "value_date", ps);
        let (Some(entry_amt), Some(booked)) = (entry_amt, booked) else {
            continue;
        };
        let entry_ref = doc.text_at(ntry, &["AcctSvcrRef"]).to_string();
        let info = doc.text_at(ntry, &["AddtlNtryInf"]).to_string();
        let txs: Vec<usize> = doc
            .children(ntry, "NtryDtls")
            .flat_map(|d| doc.children(d, "TxDtls").collect::<Vec<_>>())
            .collect();
        let line = |amount: Money, tx: Option<usize>, at: u32| {
            let (desc, reference, cp) = match tx {
                Some(tx) => (
                    remittance(doc, tx),
                    tx_reference(doc, tx),
                    party(doc, tx, !amount.is_negative()),
                ),
                None => (String::new(), String::new(), String::new()),
            };
            let description = [desc.as_str(), info.as_str()]
                .into_iter()
                .find(|s| !s.is_empty())
                .unwrap_or("")
                .to_string();
            let own_ref = !entry_ref.is_empty() && txs.len() <= 1;
            let reference = if own_ref || reference.is_empty() {
                entry_ref.clone()
            } else {
                reference
            };
            BankLine {
                date: booked,
                value_date: value,
                amount,
                description,
                reference,
                counterparty: cp,
                balance_after: None,
                source_line: at,
            }
        };
        if txs.len() > 1 {
            // Batched: one line per transaction when their amounts add up to the entry's.
            let mut scratch = Problems::default();
            let amounts: Option<Vec<Money>> = txs
                .iter()
                .map(|&tx| {
                    let a = doc
                        .at(tx, &["Amt"])
                        .or_else(|| doc.at(tx, &["AmtDtls", "TxAmt", "Amt"]))?;
                    let s = doc.text_at(tx, &["CdtDbtInd"]);
                    let s = if s.is_empty() { sign } else { s };
                    amount(doc, a, s, "amount", &mut scratch)
                })
                .collect();
            let sum = amounts
                .as_ref()
                .and_then(|v| v.iter().try_fold(Money::ZERO, |acc, &m| add(acc, m)));
            if let (Some(amounts), Some(sum)) = (amounts, sum) {
                if sum == entry_amt && scratch.is_empty() {
                    for (&tx, a) in txs.iter().zip(amounts) {
                        lines.push(line(a, Some(tx), doc.line(tx)));
                    }
                    continue;
                }
            }
            lines.push(line(entry_amt, None, row));
        } else {
            lines.push(line(entry_amt, txs.first().copied(), row));
        }
    }
    StatementAccount {
        account_id,
        currency,
        opening_balance: opening,
        closing_balance: closing,
        from,
        to,
        lines,
    }
}

pub fn parse_camt053(bytes: &[u8]) -> Result<Statement, Vec<Problem>> {
    let text = decode(bytes);
    let doc = markup::parse(&text, None).map_err(|p| vec![p])?;
    let roots = doc.descendants(0, "BkToCstmrStmt");
    let Some(&root) = roots.first() else {
        let what = doc
            .nodes
            .first()
            .and_then(|r| r.children.first())
            .map_or("nothing".to_string(), |&n| format!("<{}>", doc.name(n)));
        return Err(vec![problem(
            ProblemCode::InvalidCode,
            1,
            "xml",
            format!("not a CAMT.053 statement: the XML holds {what}, not BkToCstmrStmt"),
        )]);
    };
    let mut ps = Problems::default();
    let stmts: Vec<usize> = doc.children(root, "Stmt").collect();
    if stmts.is_empty() {
        ps.push(problem(
            ProblemCode::Required,
            doc.line(root),
            "xml",
            "the BkToCstmrStmt holds no statement (Stmt)",
        ));
    }
    let accounts: Vec<StatementAccount> = stmts
        .into_iter()
        .map(|s| statement(&doc, s, &mut ps))
        .collect();
    if ps.is_empty() {
        Ok(Statement {
            format: Format::Camt053,
            accounts,
        })
    } else {
        Err(ps.0)
    }
}
