//! Bank reconciliation: what a statement line may be (suggestions), and accepting one — a
//! customer payment applied to invoices, a supplier payment applied to bills, an entry already
//! posted, or an entry made on the spot by hand or by a rule — each in ONE transaction that
//! also writes the line's `bank_matches` rows and marks it reconciled. Lines may be set aside
//! (ignored) and brought back. A reconciled line is put back to open by `unreconcile_line`
//! in one transaction: an existing entry is unlinked, an entry made from the line is reversed
//! (never deleted), a payment recorded from it is undone by a reversing payment (negative
//! amount and allocations, `reverses_id` set: the way 0003/0005 leave for undoing a payment)
//! whose entry reverses the payment's.
//!
//! Rules: when a line's description or counterparty contains `match_text` (case and accents
//! ignored) and its sign fits, post it to `account` with `vat_rate` (VAT split out as
//! `core::bill::quick_expense` does: 472 on money out, 477 on money in).

use crate::audit::{self, Change};
use crate::bank::BankLineRecord;
use crate::bills::{invalid, BILL_OPEN_SQL};
use crate::invoices::OPEN_SQL;
use crate::journal::Poster;
use crate::parties::check_leaf_account;
use crate::payments::{record_payment_in, NewPayment, PaymentMethod};
use crate::supplier_payments::{record_supplier_payment_in, NewSupplierPayment};
use crate::{Company, Result, StoreError};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use trastienda_core::bill::{quick_expense, PurchaseAccounts};
use trastienda_core::entry::{EntryDraft, EntryLine};
use trastienda_core::{AccountCode, BalancedEntry, Money, Problem, ProblemCode};

/// What a line might be reconciled with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// `invoice`, `bill`, `entry` or `rule`.
    pub kind: String,
    /// The invoice, bill, entry or rule id.
    pub target_id: i64,
    pub label: String,
    /// What the line would settle of it (or the posting's amount, or the line's for a rule).
    pub amount: Money,
    /// Higher is likelier: exact amount 60, document number 50, name 20, posting 40 (+10 same
    /// day), rule 30.
    pub score: u32,
    pub reason: String,
}

/// A rule as the form edits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankRuleInput {
    pub name: String,
    pub match_text: String,
    /// `any`, `in` (money received) or `out` (money paid).
    pub sign: String,
    pub account: String,
    /// 0, 4, 10 or 21.
    pub vat_rate: u32,
    pub description: String,
    pub priority: i64,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankRule {
    pub id: i64,
    pub name: String,
    pub match_text: String,
    pub sign: String,
    pub account: String,
    pub vat_rate: u32,
    pub description: String,
    pub priority: i64,
    pub active: bool,
    pub created_at: String,
}

/// What accepting a line did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reconciled {
    pub line_id: i64,
    /// `payment`, `supplier_payment`, `entry` or `created`.
    pub kind: String,
    pub entry_id: i64,
    pub payment_id: Option<i64>,
    pub supplier_payment_id: Option<i64>,
    /// Part of the line applied to no document (kept as customer credit / supplier advance).
    pub unapplied: Money,
}

/// What undoing a line's reconciliation did; the line is open again.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Unreconciled {
    pub line_id: i64,
    /// Existing entries the line was matched with, now unlinked (they stay posted).
    pub unlinked_entries: Vec<i64>,
    /// The reversal entries posted (for entries made from the line and for payments).
    pub reversal_entries: Vec<i64>,
    /// The reversing customer payments recorded (negative, `reverses_id` the original).
    pub reversing_payments: Vec<i64>,
    /// The reversing supplier payments recorded.
    pub reversing_supplier_payments: Vec<i64>,
}

const VAT_RATES: [u32; 4] = [0, 4, 10, 21];

/// Lower case without accents, for rule and name matching.
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            c => c,
        })
        .collect()
}

/// Words that say nothing about who paid: banks' boilerplate and company forms.
const NOISE: [&str; 24] = [
    "transferencia",
    "transf",
    "recibo",
    "adeudo",
    "abono",
    "pago",
    "cobro",
    "factura",
    "fra",
    "ref",
    "concepto",
    "ordenante",
    "beneficiario",
    "comision",
    "sepa",
    "favor",
    "recibida",
    "emitida",
    "s.l.",
    "s.a.",
    "sl",
    "sa",
    "slu",
    "del",
];

/// Significant words of a text: folded, at least 4 letters, no digits, not boilerplate.
fn words(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in fold(s).split(|c: char| !c.is_alphanumeric()) {
        if w.chars().count() >= 4
            && !w.chars().any(|c| c.is_ascii_digit())
            && !NOISE.contains(&w)
            && !out.iter().any(|o| o == w)
        {
            out.push(w.to_string());
        }
    }
    out
}

/// Tokens that may be a document number: 3+ characters with a digit, upper case.
fn number_tokens(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in s.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')')) {
        let t = t
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_uppercase();
        if t.len() >= 3 && t.chars().any(|c| c.is_ascii_digit()) && !out.contains(&t) {
            out.push(t);
        }
    }
    out.truncate(8);
    out
}

fn line_problem(code: ProblemCode, msg: impl Into<String>) -> StoreError {
    invalid(Problem::new(code, msg).field("line_id"))
}

/// A line and its account's ledger code.
fn read_line(conn: &Connection, id: i64) -> Result<(BankLineRecord, String)> {
    conn.query_row(
        "SELECT l.id, l.account_id, l.import_id, l.date, l.value_date, l.amount_cents,
                l.description, l.reference, l.counterparty, l.balance_cents, l.state, a.account
         FROM bank_lines l JOIN bank_accounts a ON a.id = l.account_id WHERE l.id = ?1",
        [id],
        |r| {
            let date = |i: usize| -> rusqlite::Result<Option<NaiveDate>> {
                Ok(r.get::<_, Option<String>>(i)?
                    .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()))
            };
            Ok((
                BankLineRecord {
                    id: r.get(0)?,
                    account_id: r.get(1)?,
                    import_id: r.get(2)?,
                    date: date(3)?.unwrap_or_default(),
                    value_date: date(4)?,
                    amount: Money::from_cents(r.get(5)?),
                    description: r.get(6)?,
                    reference: r.get(7)?,
                    counterparty: r.get(8)?,
                    balance: r.get::<_, Option<i64>>(9)?.map(Money::from_cents),
                    state: r.get(10)?,
                },
                r.get(11)?,
            ))
        },
    )
    .optional()?
    .ok_or_else(|| {
        line_problem(
            ProblemCode::NotFound,
            format!("statement line {id} does not exist"),
        )
    })
}

/// The line, refused unless it is open.
fn open_line(conn: &Connection, id: i64) -> Result<(BankLineRecord, String)> {
    let (line, account) = read_line(conn, id)?;
    if line.state != "open" {
        return Err(line_problem(
            ProblemCode::InvalidCode,
            format!(
                "statement line {id} is {}, not open; only an open line can be reconciled",
                line.state
            ),
        ));
    }
    Ok((line, account))
}

fn text_of(line: &BankLineRecord) -> String {
    format!(
        "{} {} {}",
        line.description, line.reference, line.counterparty
    )
}

fn reference_of(line: &BankLineRecord) -> String {
    let r = if line.reference.trim().is_empty() {
        line.description.trim()
    } else {
        line.reference.trim()
    };
    r.chars().take(200).collect()
}

fn insert_match(
    tx: &Transaction<'_>,
    line: &BankLineRecord,
    r: &Reconciled,
    rule_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO bank_matches (line_id, kind, payment_id, supplier_payment_id, entry_id,
                                   rule_id, amount_cents, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            line.id,
            r.kind,
            r.payment_id,
            r.supplier_payment_id,
            r.entry_id,
            rule_id,
            line.amount.cents(),
            now.to_rfc3339()
        ],
    )?;
    tx.execute(
        "UPDATE bank_lines SET state = 'reconciled' WHERE id = ?1",
        [line.id],
    )?;
    Ok(())
}

fn audit_line(
    tx: &Transaction<'_>,
    actor: &str,
    now: DateTime<Utc>,
    line: &BankLineRecord,
    action: &str,
    after: &str,
) -> Result<()> {
    audit::append(
        tx,
        now,
        actor,
        &Change {
            record: &format!("bank_line:{}", line.id),
            action,
            before: Some(&format!(
                "{} {} {} {}",
                line.date, line.amount, line.description, line.state
            )),
            after: Some(after),
            ..Change::default()
        },
    )
}

fn rule_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BankRule> {
    Ok(BankRule {
        id: r.get(0)?,
        name: r.get(1)?,
        match_text: r.get(2)?,
        sign: r.get(3)?,
        account: r.get(4)?,
        vat_rate: r.get::<_, String>(5)?.parse().unwrap_or(0),
        description: r.get(6)?,
        priority: r.get(7)?,
        active: r.get(8)?,
        created_at: r.get(9)?,
    })
}

const RULE_COLUMNS: &str =
    "id, name, match_text, sign, account, vat_rate, description, priority, active, created_at";

fn read_rule(conn: &Connection, id: i64) -> Result<Option<BankRule>> {
    Ok(conn
        .query_row(
            &format!("SELECT {RULE_COLUMNS} FROM bank_rules WHERE id = ?1"),
            [id],
            rule_row,
        )
        .optional()?)
}

fn rule_fits(rule: &BankRule, line: &BankLineRecord) -> bool {
    let sign_ok = match rule.sign.as_str() {
        "in" => line.amount.cents() > 0,
        "out" => line.amount.cents() < 0,
        _ => true,
    };
    let needle = fold(rule.match_text.trim());
    sign_ok
        && !needle.is_empty()
        && (fold(&line.description).contains(&needle) || fold(&line.counterparty).contains(&needle))
}

/// The first active rule (by priority, then id) that fits the line.
fn first_rule(conn: &Connection, line: &BankLineRecord) -> Result<Option<BankRule>> {
    let rules: Vec<BankRule> = conn
        .prepare_cached(&format!(
            "SELECT {RULE_COLUMNS} FROM bank_rules WHERE active = 1 ORDER BY priority, id"
        ))?
        .query_map([], rule_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rules.into_iter().find(|r| rule_fits(r, line)))
}

/// Checks an account and a VAT rate for posting a line against; problems name `field_prefix`
/// fields `account` and `vat_rate`.
fn check_target(conn: &Connection, account: &str, vat_rate: u32) -> Result<Vec<Problem>> {
    let mut p = Vec::new();
    if account.trim().is_empty() {
        p.push(Problem::new(ProblemCode::Required, "the account is required").field("account"));
    } else if let Some(problem) = check_leaf_account(conn, account.trim(), "", "ledger", "account")?
    {
        p.push(problem);
    }
    if !VAT_RATES.contains(&vat_rate) {
        p.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!("the VAT rate is 0, 4, 10 or 21, not {vat_rate}"),
            )
            .field("vat_rate"),
        );
    }
    Ok(p)
}

/// Posts the line against `account` (VAT split out at `vat_rate`) and marks it reconciled.
#[allow(clippy::too_many_arguments)]
fn post_line(
    tx: &Transaction<'_>,
    actor: &str,
    line: &BankLineRecord,
    bank_account: &str,
    account: &str,
    vat_rate: u32,
    description: &str,
    rule_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Reconciled> {
    let problems = check_target(tx, account, vat_rate)?;
    if !problems.is_empty() {
        return Err(StoreError::Invalid(problems));
    }
    if line.amount.is_zero() {
        return Err(line_problem(
            ProblemCode::OutOfRange,
            "a line of zero has nothing to post; ignore it instead",
        ));
    }
    let code = |s: &str| {
        AccountCode::parse(s).map_err(|_| {
            invalid(
                Problem::new(
                    ProblemCode::InvalidAccount,
                    format!("{s} is not an account"),
                )
                .field("account"),
            )
        })
    };
    let target = code(account.trim())?;
    let bank = code(bank_account)?;
    let rate = Decimal::from(vat_rate);
    let gross = line.amount.abs();
    let (_, totals) = quick_expense(line.date, gross, rate, target.clone(), description);
    let (base, vat) = totals
        .by_rate
        .first()
        .map_or((gross, Money::ZERO), |t| (t.base, t.vat));
    let description = if description.trim().is_empty() {
        line.description
            .trim()
            .chars()
            .take(200)
            .collect::<String>()
    } else {
        description.trim().to_string()
    };
    let description = if description.is_empty() {
        "Movimiento bancario".to_string()
    } else {
        description
    };
    let accounts = PurchaseAccounts::pgc_pymes();
    let out = line.amount.cents() < 0;
    let vat_account = if out {
        &accounts.input_vat
    } else {
        &accounts.output_vat
    }
    .iter()
    .find(|(r, _)| *r == rate)
    .map(|(_, a)| a.clone());
    // Money out: the account (and 472) debited, the bank credited; money in the other way.
    let sign = |m: Money| if out { m } else { -m };
    let mut lines = vec![side(&target, &description, sign(base))];
    if let (Some(va), false) = (vat_account, vat.is_zero()) {
        lines.push(side(&va, &description, sign(vat)));
    }
    lines.push(side(&bank, &description, line.amount));
    let entry = BalancedEntry::new(EntryDraft {
        date: line.date,
        description: description.clone(),
        lines,
    })
    .map_err(StoreError::Invalid)?
    .with_reference(Some(&reference_of(line)));
    let (entry_id, fy, number) = Poster::new(tx, now)?.post(&entry, None)?;
    let r = Reconciled {
        line_id: line.id,
        kind: "created".into(),
        entry_id,
        payment_id: None,
        supplier_payment_id: None,
        unapplied: Money::ZERO,
    };
    insert_match(tx, line, &r, rule_id, now)?;
    audit_line(
        tx,
        actor,
        now,
        line,
        "reconcile",
        &format!(
            "posted entry {number}/{fy} to {target} (VAT {vat_rate} %){}",
            rule_id.map_or(String::new(), |id| format!(" by rule {id}"))
        ),
    )?;
    Ok(r)
}

fn side(account: &AccountCode, description: &str, amount: Money) -> EntryLine {
    let (debit, credit) = amount.sides();
    EntryLine {
        account: account.clone(),
        description: description.to_string(),
        debit,
        credit,
    }
}

fn check_allocations(given: &[(i64, Money)], what: &str) -> Result<()> {
    if given.is_empty() {
        return Err(invalid(
            Problem::new(
                ProblemCode::Required,
                format!("name at least one {what} and the amount it settles"),
            )
            .field("allocations"),
        ));
    }
    Ok(())
}

impl Company {
    /// What line `line_id` may be, likeliest first (at most 20).
    ///
    /// Cost, for a company with 100k open documents: one pass over the invoices (or bills) table
    /// with cheap predicates — the exact total, or the document's number in the line's text —
    /// and the open amount (`OPEN_SQL`, two index probes) only for those candidates; then a
    /// bounded name search: a `LIKE` over customers/suppliers (3 words, 10 parties each) and each
    /// party's 200 latest documents through the party index (the open amount computed for each,
    /// the exact one first, 20 kept). Measured on the 100k-invoice bench file (release, 2 busy
    /// cores): 24 ms for a line matching no name (the pass is ~15 ms of it), ~30 ms when a generic
    /// word matches 10 customers. An index on the issued documents' `total_cents` would take the
    /// pass off (a schema change). A partly paid document (the second transfer of a split payment)
    /// is found by its number or its party's name, not by amount alone: finding every document
    /// whose open amount equals the line would mean computing the open amount of every paid
    /// document (75 ms at 100k when tried). The postings come from `postings_register` (account,
    /// ±10 days); the rules are few. There is no index on `total_cents`, so the pass is
    /// O(documents).
    pub fn bank_suggestions(&self, line_id: i64) -> Result<Vec<Suggestion>> {
        let conn = &self.conn;
        let (line, ledger) = read_line(conn, line_id)?;
        let amount = line.amount.cents();
        let text = text_of(&line);
        let tokens = number_tokens(&text);
        let names = words(&format!("{} {}", line.counterparty, line.description));
        let names: Vec<String> = names.into_iter().take(3).collect();
        // id -> (label, open, score, reasons)
        let mut docs: BTreeMap<i64, (String, i64, u32, Vec<&str>)> = BTreeMap::new();
        let mut add = |id: i64, label: String, open: i64, score: u32, reason: &'static str| {
            let e = docs.entry(id).or_insert((label, open, 0, Vec::new()));
            if !e.3.contains(&reason) {
                e.2 += score;
                e.3.push(reason);
            }
        };
        let far = "9999-12-31";
        let (kind, label_of) = if amount > 0 {
            ("invoice", "factura")
        } else {
            ("bill", "factura recibida")
        };
        if amount != 0 {
            let want = amount.abs();
            let key: String = text
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_uppercase)
                .collect();
            // The documents of the exact total (through the total's index: 0007_banking),
            // and those whose number is among the line's tokens (invoices, through the
            // number's unique index; `+state` keeps the planner off the state index, which
            // would scan every issued invoice) or inside its text (bills' keys); the open amount only for
            // the rows found (SQLite evaluates the select list after the WHERE).
            let sql = if amount > 0 {
                format!(
                    "SELECT i.id, i.full_number || ' · ' || coalesce(i.customer_name, ''),
                            {OPEN_SQL}
                     FROM invoices i
                     WHERE i.total_cents = ?2 AND +i.state = 'issued' AND i.kind <> 'corrective'
                     UNION
                     SELECT i.id, i.full_number || ' · ' || coalesce(i.customer_name, ''),
                            {OPEN_SQL}
                     FROM invoices i
                     WHERE i.full_number IN (SELECT value FROM json_each(?3))
                       AND +i.state = 'issued' AND i.kind <> 'corrective'
                     LIMIT 200"
                )
            } else {
                format!(
                    "SELECT b.id, b.supplier_number || ' · ' || b.supplier_name, {BILL_OPEN_SQL}
                     FROM bills b
                     WHERE b.total_cents = ?2 AND b.kind = 'bill'
                     UNION
                     SELECT b.id, b.supplier_number || ' · ' || b.supplier_name, {BILL_OPEN_SQL}
                     FROM bills b
                     WHERE b.kind = 'bill' AND length(b.number_key) >= 3
                       AND instr(?4, b.number_key) > 0
                     LIMIT 200"
                )
            };
            // The number's index compares exactly: the tokens as written and in upper case.
            let mut wanted: Vec<String> = tokens.clone();
            for t in
                text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')'))
            {
                let t = t.trim_matches(|c: char| !c.is_alphanumeric());
                if t.len() >= 3
                    && tokens.contains(&t.to_uppercase())
                    && !wanted.iter().any(|w| w == t)
                {
                    wanted.push(t.to_string());
                }
            }
            let token_list = format!(
                "[{}]",
                wanted
                    .iter()
                    .map(|t| format!("\"{}\"", t.replace(['"', '\\'], "")))
                    .collect::<Vec<_>>()
                    .join(",")
            );
            let mut stmt = conn.prepare_cached(&sql)?;
            let mut rows = if amount > 0 {
                stmt.query(params![far, want, token_list])?
            } else {
                stmt.query(params![far, want, rusqlite::types::Null, key])?
            };
            while let Some(r) = rows.next()? {
                let (id, label, open): (i64, String, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
                if open <= 0 {
                    continue;
                }
                let number = label.split(" · ").next().unwrap_or_default().to_uppercase();
                if open == want {
                    add(id, label.clone(), open, 60, "importe exacto");
                }
                let by_number = if amount > 0 {
                    tokens.contains(&number)
                } else {
                    key.contains(&crate::bills::number_key(&number))
                };
                if number.len() >= 3 && by_number {
                    add(id, label, open, 50, "número en el concepto");
                }
            }
            // Names: a bounded search over the parties (10 per word), then each party's 200
            // latest documents through its index, the open amount computed in the select
            // list (after the WHERE), the exact one first, 20 kept per party.
            let (parties_sql, docs_sql) = if amount > 0 {
                (
                    "SELECT id FROM customers WHERE legal_name LIKE ?1 ORDER BY id LIMIT 10",
                    format!(
                        "SELECT i.id, i.full_number || ' · ' || coalesce(i.customer_name, ''),
                                {OPEN_SQL}
                         FROM invoices i
                         WHERE i.customer_id = ?2 AND +i.state = 'issued'
                           AND i.kind <> 'corrective'
                         ORDER BY i.issue_date DESC LIMIT 200"
                    ),
                )
            } else {
                (
                    "SELECT id FROM suppliers WHERE legal_name LIKE ?1 ORDER BY id LIMIT 10",
                    format!(
                        "SELECT b.id, b.supplier_number || ' · ' || b.supplier_name,
                                {BILL_OPEN_SQL}
                         FROM bills b
                         WHERE b.supplier_id = ?2 AND b.number_key <> '' AND b.kind = 'bill'
                         ORDER BY b.date DESC LIMIT 200"
                    ),
                )
            };
            let mut parties: Vec<i64> = Vec::new();
            for w in &names {
                let found: Vec<i64> = conn
                    .prepare_cached(parties_sql)?
                    .query_map([format!("%{w}%")], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                for id in found {
                    if !parties.contains(&id) {
                        parties.push(id);
                    }
                }
            }
            let mut stmt = conn.prepare_cached(&docs_sql)?;
            for party in parties {
                let mut found: Vec<(i64, String, i64)> = stmt
                    .query_map(params![far, party], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                    })?
                    .collect::<rusqlite::Result<Vec<_>>>()?
                    .into_iter()
                    .filter(|d| d.2 > 0)
                    .collect();
                found.sort_by_key(|d| (d.2 != want, d.0));
                for (id, label, open) in found.into_iter().take(20) {
                    if open == want {
                        add(id, label.clone(), open, 60, "importe exacto");
                    }
                    add(id, label, open, 20, "nombre en el concepto");
                }
            }
        }
        let mut out: Vec<Suggestion> = docs
            .into_iter()
            .map(|(id, (label, open, score, reasons))| Suggestion {
                kind: kind.into(),
                target_id: id,
                label: format!("{} {label}", label_of),
                amount: Money::from_cents(open.min(amount.abs())),
                score,
                reason: reasons.join(", "),
            })
            .collect();
        // Postings on the bank's ledger account of the same amount within ±10 days, not yet
        // matched to a line.
        let from = (line.date - Duration::days(10)).to_string();
        let to = (line.date + Duration::days(10)).to_string();
        let mut stmt = conn.prepare_cached(
            "SELECT p.entry_id, p.date, e.number, e.fiscal_year, e.description
             FROM postings p JOIN accounts a ON a.id = p.account_id
             JOIN entries e ON e.id = p.entry_id
             WHERE a.code = ?1 AND p.date BETWEEN ?2 AND ?3 AND p.amount_cents = ?4
               AND NOT EXISTS (SELECT 1 FROM bank_matches m WHERE m.entry_id = p.entry_id)
               AND e.reverses_id IS NULL
               AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.reverses_id = e.id)
             ORDER BY p.date, p.entry_id LIMIT 20",
        )?;
        let mut rows = stmt.query(params![ledger, from, to, amount])?;
        while let Some(r) = rows.next()? {
            let date: String = r.get(1)?;
            let same_day = date == line.date.to_string();
            out.push(Suggestion {
                kind: "entry".into(),
                target_id: r.get(0)?,
                label: format!(
                    "asiento {}/{} · {date} · {}",
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?
                ),
                amount: line.amount,
                score: if same_day { 50 } else { 40 },
                reason: if same_day {
                    "apunte del mismo importe y día".into()
                } else {
                    "apunte del mismo importe en ±10 días".into()
                },
            });
        }
        if let Some(rule) = first_rule(conn, &line)? {
            out.push(Suggestion {
                kind: "rule".into(),
                target_id: rule.id,
                label: format!("regla {} → {}", rule.name, rule.account),
                amount: line.amount,
                score: 30,
                reason: format!("el concepto contiene «{}»", rule.match_text),
            });
        }
        out.sort_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then_with(|| a.kind.cmp(&b.kind))
                .then_with(|| a.target_id.cmp(&b.target_id))
        });
        out.truncate(20);
        Ok(out)
    }

    /// Records a customer payment from an incoming line (method bank, the bank account's
    /// ledger account, the line's date and amount) applied to `allocations` (invoice id,
    /// amount); what they do not add up to stays as the customer's unapplied credit. All the
    /// invoices must be one customer's. One transaction with the line's match.
    pub fn reconcile_with_invoices(
        &mut self,
        line_id: i64,
        allocations: &[(i64, Money)],
        now: DateTime<Utc>,
    ) -> Result<Reconciled> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (line, ledger) = open_line(&tx, line_id)?;
        if line.amount.cents() <= 0 {
            return Err(line_problem(
                ProblemCode::InvalidCode,
                "the line is money paid out; invoices are settled by money received",
            ));
        }
        check_allocations(allocations, "invoice")?;
        let customer = party_of(&tx, "invoices", "customer_id", allocations)?;
        let p = NewPayment {
            customer_id: customer,
            date: line.date,
            amount: line.amount,
            method: PaymentMethod::Bank,
            account: AccountCode::parse(&ledger).ok(),
            reference: reference_of(&line),
            allocations: Some(allocations.to_vec()),
        };
        let rec = record_payment_in(&tx, &self.actor, &p, now)?;
        let r = Reconciled {
            line_id,
            kind: "payment".into(),
            entry_id: rec.entry_id,
            payment_id: Some(rec.id),
            supplier_payment_id: None,
            unapplied: rec.unapplied,
        };
        insert_match(&tx, &line, &r, None, now)?;
        audit_line(
            &tx,
            &self.actor,
            now,
            &line,
            "reconcile",
            &format!("customer payment {}", rec.id),
        )?;
        tx.commit()?;
        Ok(r)
    }

    /// Records a supplier payment from an outgoing line applied to `allocations` (bill id,
    /// amount); the rest stays as an advance. One transaction with the line's match.
    pub fn reconcile_with_bills(
        &mut self,
        line_id: i64,
        allocations: &[(i64, Money)],
        now: DateTime<Utc>,
    ) -> Result<Reconciled> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (line, ledger) = open_line(&tx, line_id)?;
        if line.amount.cents() >= 0 {
            return Err(line_problem(
                ProblemCode::InvalidCode,
                "the line is money received; bills are settled by money paid out",
            ));
        }
        check_allocations(allocations, "bill")?;
        let supplier = party_of(&tx, "bills", "supplier_id", allocations)?;
        let p = NewSupplierPayment {
            supplier_id: supplier,
            date: line.date,
            amount: line.amount.abs(),
            method: PaymentMethod::Bank,
            account: AccountCode::parse(&ledger).ok(),
            reference: reference_of(&line),
            allocations: Some(allocations.to_vec()),
        };
        let rec = record_supplier_payment_in(&tx, &self.actor, &p, None, now)?;
        let r = Reconciled {
            line_id,
            kind: "supplier_payment".into(),
            entry_id: rec.entry_id,
            payment_id: None,
            supplier_payment_id: Some(rec.id),
            unapplied: rec.unapplied,
        };
        insert_match(&tx, &line, &r, None, now)?;
        audit_line(
            &tx,
            &self.actor,
            now,
            &line,
            "reconcile",
            &format!("supplier payment {}", rec.id),
        )?;
        tx.commit()?;
        Ok(r)
    }

    /// Matches the line with an entry already posted whose postings on the bank's ledger
    /// account add up to the line's amount and that no line is matched with yet.
    pub fn reconcile_with_entry(
        &mut self,
        line_id: i64,
        entry_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Reconciled> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (line, ledger) = open_line(&tx, line_id)?;
        let found: Option<(i64, i64)> = tx
            .query_row(
                "SELECT e.id, coalesce((SELECT sum(p.amount_cents) FROM postings p
                                        JOIN accounts a ON a.id = p.account_id
                                        WHERE p.entry_id = e.id AND a.code = ?2), 0)
                 FROM entries e WHERE e.id = ?1",
                params![entry_id, ledger],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let entry_problem = |code, msg: String| invalid(Problem::new(code, msg).field("entry_id"));
        let Some((_, on_bank)) = found else {
            return Err(entry_problem(
                ProblemCode::NotFound,
                format!("entry {entry_id} does not exist"),
            ));
        };
        if on_bank != line.amount.cents() {
            return Err(entry_problem(
                ProblemCode::OutOfRange,
                format!(
                    "entry {entry_id} moves {} on {ledger}, not the line's {}",
                    Money::from_cents(on_bank),
                    line.amount
                ),
            ));
        }
        let (reversal, reversed): (bool, bool) = tx.query_row(
            "SELECT e.reverses_id IS NOT NULL,
                    EXISTS (SELECT 1 FROM entries r WHERE r.reverses_id = e.id)
             FROM entries e WHERE e.id = ?1",
            [entry_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if reversal || reversed {
            return Err(entry_problem(
                ProblemCode::InvalidCode,
                format!(
                    "entry {entry_id} {}; it is not a movement of the bank",
                    if reversal {
                        "reverses another"
                    } else {
                        "has been reversed"
                    }
                ),
            ));
        }
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM bank_matches WHERE entry_id = ?1)",
            [entry_id],
            |r| r.get(0),
        )?;
        if taken {
            return Err(entry_problem(
                ProblemCode::Duplicate,
                format!("entry {entry_id} is already matched with a statement line"),
            ));
        }
        let r = Reconciled {
            line_id,
            kind: "entry".into(),
            entry_id,
            payment_id: None,
            supplier_payment_id: None,
            unapplied: Money::ZERO,
        };
        insert_match(&tx, &line, &r, None, now)?;
        audit_line(
            &tx,
            &self.actor,
            now,
            &line,
            "reconcile",
            &format!("entry {entry_id}"),
        )?;
        tx.commit()?;
        Ok(r)
    }

    /// Posts the line as rule `rule_id` says (the rule must be active and fit the line).
    pub fn reconcile_by_rule(
        &mut self,
        line_id: i64,
        rule_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Reconciled> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (line, ledger) = open_line(&tx, line_id)?;
        let rule_problem = |code, msg: String| invalid(Problem::new(code, msg).field("rule_id"));
        let Some(rule) = read_rule(&tx, rule_id)? else {
            return Err(rule_problem(
                ProblemCode::NotFound,
                format!("rule {rule_id} does not exist"),
            ));
        };
        if !rule.active {
            return Err(rule_problem(
                ProblemCode::InvalidCode,
                format!("rule '{}' is not active", rule.name),
            ));
        }
        if !rule_fits(&rule, &line) {
            return Err(rule_problem(
                ProblemCode::InvalidCode,
                format!(
                    "rule '{}' does not fit this line (text '{}', sign {})",
                    rule.name, rule.match_text, rule.sign
                ),
            ));
        }
        let description = if rule.description.trim().is_empty() {
            line.description.clone()
        } else {
            rule.description.clone()
        };
        let r = post_line(
            &tx,
            &self.actor,
            &line,
            &ledger,
            &rule.account,
            rule.vat_rate,
            &description,
            Some(rule.id),
            now,
        )?;
        tx.commit()?;
        Ok(r)
    }

    /// Posts the line against `account` with VAT at `vat_rate` split out (472 on money out,
    /// 477 on money in) and matches it with the new entry.
    pub fn reconcile_with_new_entry(
        &mut self,
        line_id: i64,
        account: &str,
        vat_rate: u32,
        description: &str,
        now: DateTime<Utc>,
    ) -> Result<Reconciled> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (line, ledger) = open_line(&tx, line_id)?;
        let r = post_line(
            &tx,
            &self.actor,
            &line,
            &ledger,
            account,
            vat_rate,
            description,
            None,
            now,
        )?;
        tx.commit()?;
        Ok(r)
    }

    /// Puts a reconciled line back to open, undoing what reconciling it did, in ONE
    /// transaction with one audit record for the line (and one for each reversal):
    /// - matched with an entry already posted: the match is removed, the entry stays;
    /// - an entry made from the line (by hand or by a rule): reversed, dated the line's date;
    /// - a customer (supplier) payment recorded from the line: a reversing payment — the
    ///   negative amount, each allocation negated so the invoices (bills) are open again, its
    ///   entry the reversal of the payment's — dated the payment's date.
    ///
    /// Something already reversed by hand is only unlinked. Refused, naming the line: a line
    /// that is not reconciled; a reversal the period rules refuse (a closed year, the lock
    /// date) comes back with their problem and nothing is written.
    pub fn unreconcile_line(&mut self, line_id: i64, now: DateTime<Utc>) -> Result<Unreconciled> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (line, _) = read_line(&tx, line_id)?;
        if line.state != "reconciled" {
            return Err(line_problem(
                ProblemCode::InvalidCode,
                format!(
                    "statement line {line_id} is {}, not reconciled; there is nothing to undo",
                    line.state
                ),
            ));
        }
        type MatchRow = (i64, String, Option<i64>, Option<i64>, i64);
        let matches: Vec<MatchRow> = tx
            .prepare(
                "SELECT id, kind, payment_id, supplier_payment_id, entry_id FROM bank_matches
                 WHERE line_id = ?1 ORDER BY id",
            )?
            .query_map([line_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Unreconciled {
            line_id,
            ..Unreconciled::default()
        };
        let mut done: Vec<String> = Vec::new();
        for (_, kind, payment, supplier_payment, entry_id) in &matches {
            match (kind.as_str(), payment, supplier_payment) {
                ("payment", Some(p), _) => {
                    match reverse_payment(&tx, &self.actor, PaymentTable::Customer, *p, now)? {
                        Some((rev, entry)) => {
                            out.reversing_payments.push(rev);
                            out.reversal_entries.push(entry);
                            done.push(format!("customer payment {p} reversed by payment {rev}"));
                        }
                        None => done.push(format!("customer payment {p} was already reversed")),
                    }
                }
                ("supplier_payment", _, Some(p)) => {
                    match reverse_payment(&tx, &self.actor, PaymentTable::Supplier, *p, now)? {
                        Some((rev, entry)) => {
                            out.reversing_supplier_payments.push(rev);
                            out.reversal_entries.push(entry);
                            done.push(format!("supplier payment {p} reversed by payment {rev}"));
                        }
                        None => done.push(format!("supplier payment {p} was already reversed")),
                    }
                }
                ("created", ..) => {
                    let description = format!(
                        "Anulación de la conciliación: {}",
                        line.description
                            .trim()
                            .chars()
                            .take(150)
                            .collect::<String>()
                    );
                    match crate::journal::reverse_entry_in(
                        &tx,
                        &self.actor,
                        *entry_id,
                        line.date,
                        Some(&description),
                        now,
                    ) {
                        Ok(rev) => {
                            out.reversal_entries.push(rev);
                            done.push(format!("entry {entry_id} reversed by entry {rev}"));
                        }
                        Err(StoreError::AlreadyReversed(_)) => {
                            done.push(format!("entry {entry_id} was already reversed"))
                        }
                        Err(e) => return Err(e),
                    }
                }
                _ => {
                    out.unlinked_entries.push(*entry_id);
                    done.push(format!("entry {entry_id} unlinked"));
                }
            }
        }
        tx.execute("DELETE FROM bank_matches WHERE line_id = ?1", [line_id])?;
        tx.execute(
            "UPDATE bank_lines SET state = 'open' WHERE id = ?1",
            [line_id],
        )?;
        audit_line(
            &tx,
            &self.actor,
            now,
            &line,
            "unreconcile",
            &format!("open; {}", done.join("; ")),
        )?;
        tx.commit()?;
        Ok(out)
    }

    /// Sets an open line aside (not for the books).
    pub fn ignore_bank_line(&mut self, line_id: i64, now: DateTime<Utc>) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (line, _) = open_line(&tx, line_id)?;
        tx.execute(
            "UPDATE bank_lines SET state = 'ignored' WHERE id = ?1",
            [line_id],
        )?;
        audit_line(&tx, &self.actor, now, &line, "ignore", "ignored")?;
        tx.commit()?;
        Ok(())
    }

    /// Brings an ignored line back to open. A reconciled line is refused: `unreconcile_line`
    /// undoes it.
    pub fn reopen_bank_line(&mut self, line_id: i64, now: DateTime<Utc>) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (line, _) = read_line(&tx, line_id)?;
        match line.state.as_str() {
            "ignored" => {}
            "open" => return Ok(()),
            _ => {
                return Err(line_problem(
                    ProblemCode::InvalidCode,
                    format!(
                        "statement line {line_id} is reconciled; undo the reconciliation \
                         (bank_unreconcile) to reverse what it posted and reopen it"
                    ),
                ))
            }
        }
        tx.execute(
            "UPDATE bank_lines SET state = 'open' WHERE id = ?1",
            [line_id],
        )?;
        audit_line(&tx, &self.actor, now, &line, "reopen", "open")?;
        tx.commit()?;
        Ok(())
    }

    /// Creates (`id` None) or replaces a rule. Refused with field-named problems: an empty
    /// name or text, a sign other than any/in/out, an account that does not exist or has
    /// subaccounts, a VAT rate other than 0/4/10/21.
    pub fn save_bank_rule(
        &mut self,
        id: Option<i64>,
        input: &BankRuleInput,
        now: DateTime<Utc>,
    ) -> Result<BankRule> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let rule = save_rule_in(&tx, &self.actor, id, input, now)?;
        tx.commit()?;
        Ok(rule)
    }

    /// Rules by priority, then id.
    pub fn bank_rules(&self) -> Result<Vec<BankRule>> {
        Ok(self
            .conn
            .prepare(&format!(
                "SELECT {RULE_COLUMNS} FROM bank_rules ORDER BY priority, id"
            ))?
            .query_map([], rule_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Deletes a rule; one that reconciled lines is kept, made inactive (its matches name
    /// it). Returns whether it was deleted.
    pub fn delete_bank_rule(&mut self, id: i64, now: DateTime<Utc>) -> Result<bool> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some(rule) = read_rule(&tx, id)? else {
            return Err(StoreError::NotFound(format!("bank rule {id}")));
        };
        let used: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM bank_matches WHERE rule_id = ?1)",
            [id],
            |r| r.get(0),
        )?;
        if used {
            tx.execute("UPDATE bank_rules SET active = 0 WHERE id = ?1", [id])?;
        } else {
            tx.execute("DELETE FROM bank_rules WHERE id = ?1", [id])?;
        }
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("bank_rule:{id}"),
                action: if used { "deactivate" } else { "delete" },
                before: Some(&rule_text(&rule)),
                ..Change::default()
            },
        )?;
        tx.commit()?;
        Ok(!used)
    }

    /// A rule made from a line: its counterparty (or the first significant words of its
    /// description) as the text, its sign, `account` and `vat_rate`.
    pub fn rule_from_line(
        &mut self,
        line_id: i64,
        account: &str,
        vat_rate: u32,
        now: DateTime<Utc>,
    ) -> Result<BankRule> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (line, _) = read_line(&tx, line_id)?;
        let text = if line.counterparty.trim().is_empty() {
            words(&line.description)
                .into_iter()
                .take(2)
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            line.counterparty.trim().to_string()
        };
        if text.is_empty() {
            return Err(line_problem(
                ProblemCode::Required,
                "the line has no counterparty or words to match; write the rule by hand",
            ));
        }
        let input = BankRuleInput {
            name: text.chars().take(80).collect(),
            match_text: text.chars().take(80).collect(),
            sign: if line.amount.cents() < 0 { "out" } else { "in" }.into(),
            account: account.to_string(),
            vat_rate,
            description: String::new(),
            priority: 100,
            active: true,
        };
        let rule = save_rule_in(&tx, &self.actor, None, &input, now)?;
        tx.commit()?;
        Ok(rule)
    }
}

/// The one customer (or supplier) of the documents named; refuses unknown documents and a
/// mix of parties, naming the row.
fn party_of(
    conn: &Connection,
    table: &str,
    column: &str,
    allocations: &[(i64, Money)],
) -> Result<i64> {
    let mut party: Option<i64> = None;
    let mut problems = Vec::new();
    for (i, (id, _)) in allocations.iter().enumerate() {
        let row = i as u32 + 1;
        let found: Option<Option<i64>> = conn
            .query_row(
                &format!("SELECT {column} FROM {table} WHERE id = ?1"),
                [id],
                |r| r.get(0),
            )
            .optional()?;
        let doc = if table == "invoices" {
            "invoice"
        } else {
            "bill"
        };
        match found {
            None | Some(None) => problems.push(
                Problem::new(ProblemCode::NotFound, format!("{doc} {id} does not exist"))
                    .at_row(row)
                    .field("id"),
            ),
            Some(Some(p)) => match party {
                None => party = Some(p),
                Some(q) if q != p => problems.push(
                    Problem::new(
                        ProblemCode::InvalidCode,
                        format!(
                            "{doc} {id} is another party's; one line pays one party's documents"
                        ),
                    )
                    .at_row(row)
                    .field("id"),
                ),
                _ => {}
            },
        }
    }
    match party {
        Some(p) if problems.is_empty() => Ok(p),
        _ => Err(StoreError::Invalid(problems)),
    }
}

fn rule_text(r: &BankRule) -> String {
    format!(
        "{} when '{}' ({}) -> {} VAT {} '{}' priority {}{}",
        r.name,
        r.match_text,
        r.sign,
        r.account,
        r.vat_rate,
        r.description,
        r.priority,
        if r.active { "" } else { " inactive" }
    )
}

fn save_rule_in(
    tx: &Transaction<'_>,
    actor: &str,
    id: Option<i64>,
    input: &BankRuleInput,
    now: DateTime<Utc>,
) -> Result<BankRule> {
    let mut p = Vec::new();
    let name = input.name.trim();
    let text = input.match_text.trim();
    if name.is_empty() {
        p.push(Problem::new(ProblemCode::Required, "the name is required").field("name"));
    } else if name.chars().count() > 120 {
        p.push(
            Problem::new(
                ProblemCode::OutOfRange,
                "the name is at most 120 characters",
            )
            .field("name"),
        );
    }
    if text.is_empty() {
        p.push(
            Problem::new(ProblemCode::Required, "the text to look for is required")
                .field("match_text"),
        );
    } else if text.chars().count() > 200 {
        p.push(
            Problem::new(
                ProblemCode::OutOfRange,
                "the text to look for is at most 200 characters",
            )
            .field("match_text"),
        );
    }
    if !matches!(input.sign.as_str(), "any" | "in" | "out") {
        p.push(
            Problem::new(
                ProblemCode::InvalidCode,
                format!("the sign is any, in or out, not '{}'", input.sign),
            )
            .field("sign"),
        );
    }
    if input.description.chars().count() > 200 {
        p.push(
            Problem::new(
                ProblemCode::OutOfRange,
                "the description is at most 200 characters",
            )
            .field("description"),
        );
    }
    if !(0..=10_000).contains(&input.priority) {
        p.push(
            Problem::new(ProblemCode::OutOfRange, "the priority is 0 to 10000").field("priority"),
        );
    }
    p.extend(check_target(tx, &input.account, input.vat_rate)?);
    let before = match id {
        Some(id) => match read_rule(tx, id)? {
            Some(r) => Some(rule_text(&r)),
            None => return Err(StoreError::NotFound(format!("bank rule {id}"))),
        },
        None => None,
    };
    if !p.is_empty() {
        return Err(StoreError::Invalid(p));
    }
    let id = match id {
        Some(id) => {
            tx.execute(
                "UPDATE bank_rules SET name = ?1, match_text = ?2, sign = ?3, account = ?4,
                        vat_rate = ?5, description = ?6, priority = ?7, active = ?8
                 WHERE id = ?9",
                params![
                    name,
                    text,
                    input.sign,
                    input.account.trim(),
                    input.vat_rate.to_string(),
                    input.description.trim(),
                    input.priority,
                    input.active,
                    id
                ],
            )?;
            id
        }
        None => {
            tx.execute(
                "INSERT INTO bank_rules (name, match_text, sign, account, vat_rate, description,
                                         priority, active, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    name,
                    text,
                    input.sign,
                    input.account.trim(),
                    input.vat_rate.to_string(),
                    input.description.trim(),
                    input.priority,
                    input.active,
                    now.to_rfc3339()
                ],
            )?;
            tx.last_insert_rowid()
        }
    };
    let rule = read_rule(tx, id)?.ok_or_else(|| StoreError::NotFound(format!("bank rule {id}")))?;
    audit::append(
        tx,
        now,
        actor,
        &Change {
            record: &format!("bank_rule:{id}"),
            action: if before.is_some() { "update" } else { "create" },
            before: before.as_deref(),
            after: Some(&rule_text(&rule)),
            ..Change::default()
        },
    )?;
    Ok(rule)
}

#[derive(Clone, Copy)]
enum PaymentTable {
    Customer,
    Supplier,
}

/// Records the reversing payment of customer (supplier) payment `id`: the same party, date,
/// method and account, the negative amount, each allocation negated, `reverses_id` set, and
/// as its entry the reversal of the payment's entry. None when the payment (or its entry) was
/// reversed already. Audited as `payment:<new>` (`supplier_payment:<new>`) "reverse".
fn reverse_payment(
    tx: &Transaction<'_>,
    actor: &str,
    table: PaymentTable,
    id: i64,
    now: DateTime<Utc>,
) -> Result<Option<(i64, i64)>> {
    let (payments, allocations, doc, party, record) = match table {
        PaymentTable::Customer => (
            "payments",
            "payment_allocations",
            "invoice_id",
            "customer_id",
            "payment",
        ),
        PaymentTable::Supplier => (
            "supplier_payments",
            "supplier_payment_allocations",
            "bill_id",
            "supplier_id",
            "supplier_payment",
        ),
    };
    let already: bool = tx.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM {payments} WHERE reverses_id = ?1)"),
        [id],
        |r| r.get(0),
    )?;
    if already {
        return Ok(None);
    }
    let (party_id, date, amount, method, account, entry_id): (
        i64,
        String,
        i64,
        String,
        String,
        i64,
    ) = tx.query_row(
        &format!(
            "SELECT {party}, date, amount_cents, method, account, entry_id
                 FROM {payments} WHERE id = ?1"
        ),
        [id],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        },
    )?;
    let day = NaiveDate::parse_from_str(&date, "%Y-%m-%d")
        .map_err(|_| StoreError::NotFound(format!("{record} {id} has no valid date ({date})")))?;
    let what = match table {
        PaymentTable::Customer => "cobro",
        PaymentTable::Supplier => "pago",
    };
    let entry = match crate::journal::reverse_entry_in(
        tx,
        actor,
        entry_id,
        day,
        Some(&format!(
            "Anulación del {what} {id} (conciliación deshecha)"
        )),
        now,
    ) {
        Ok(e) => e,
        Err(StoreError::AlreadyReversed(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    tx.execute(
        &format!(
            "INSERT INTO {payments} ({party}, date, amount_cents, method, account, reference,
                                    reverses_id, entry_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        ),
        params![
            party_id,
            date,
            -amount,
            method,
            account,
            format!("Anulación del {what} {id}"),
            id,
            entry,
            now.to_rfc3339()
        ],
    )?;
    let new_id = tx.last_insert_rowid();
    let applied: Vec<(i64, i64)> = tx
        .prepare(&format!(
            "SELECT {doc}, amount_cents FROM {allocations} WHERE payment_id = ?1 ORDER BY {doc}"
        ))?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (doc_id, cents) in &applied {
        tx.execute(
            &format!(
                "INSERT INTO {allocations} (payment_id, {doc}, amount_cents) VALUES (?1, ?2, ?3)"
            ),
            params![new_id, doc_id, -cents],
        )?;
    }
    audit::append(
        tx,
        now,
        actor,
        &Change {
            record: &format!("{record}:{new_id}"),
            action: "reverse",
            before: Some(&format!(
                "{record}:{id} {date} {}",
                Money::from_cents(amount)
            )),
            after: Some(&format!(
                "{date} {} reversing {record} {id}, allocations [{}], entry {entry}",
                Money::from_cents(-amount),
                applied
                    .iter()
                    .map(|(d, c)| format!("{doc} {d} {}", Money::from_cents(-c)))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            reason: Some("bank reconciliation undone"),
        },
    )?;
    Ok(Some((new_id, entry)))
}
