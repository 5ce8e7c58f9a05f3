//! The relationship with a supplier: dated evaluations (quality, delivery, price and service,
//! each scored 1 to 5) with their running averages, and contracts with the list of those that
//! end or need notice soon.
//!
//! Rules (checked here, every problem naming its field):
//! - an evaluation's four scores are whole numbers 1..=5; its comment at most 2 000 characters;
//!   an evaluation entered by mistake is deleted (audited), never edited;
//! - averages are over every evaluation of the supplier, rounded half away from zero to two
//!   decimals; the overall average is the mean of all four scores of all evaluations (so the
//!   mean of the four criterion averages before rounding); none without evaluations;
//! - a contract has a subject (at most 200 characters), a start date, an end date on or after
//!   it or none (open-ended), renewal notice days 0..=3650, an amount that is not negative or
//!   none, and notes of at most 2 000 characters;
//! - `contracts_due`: a contract's *action date* is its end date, or for an auto-renewing one
//!   its end date minus the notice days (the last day to give notice). An auto-renewing
//!   contract whose end date is past has renewed itself: its end moves forward by whole years
//!   (a 29 February end falls on the 28th in other years) to the first end on or after
//!   `as_of`. A contract is due when its action date is on or before `as_of + within_days`
//!   and it has not ended (its — possibly rolled — end date is on or after `as_of`); an action
//!   date before `as_of` is overdue (negative days left). Open-ended contracts are never due.
//!
//! Every change is one IMMEDIATE transaction with one audit record.

use crate::audit::{self, Change};
use crate::{Company, Result, StoreError};
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use rust_decimal::{Decimal, RoundingStrategy};
use trastienda_core::{Money, Problem, ProblemCode};

pub const MAX_COMMENT_CHARS: usize = 2000;
pub const MAX_SUBJECT_CHARS: usize = 200;
pub const MAX_NOTICE_DAYS: i64 = 3650;
pub const MAX_WITHIN_DAYS: i64 = 3650;

/// An evaluation as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvaluationInput {
    pub date: NaiveDate,
    pub quality: i64,
    pub delivery: i64,
    pub price: i64,
    pub service: i64,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    pub id: i64,
    pub supplier_id: i64,
    pub input: EvaluationInput,
    pub created_at: String,
}

/// A supplier's averages; each `None` when it has no evaluations.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EvaluationSummary {
    pub count: u32,
    pub quality: Option<Decimal>,
    pub delivery: Option<Decimal>,
    pub price: Option<Decimal>,
    pub service: Option<Decimal>,
    pub overall: Option<Decimal>,
}

/// A supplier's overall average, for a list of suppliers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierRating {
    pub supplier_id: i64,
    pub count: u32,
    pub overall: Decimal,
}

/// A contract as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractInput {
    pub subject: String,
    pub start_date: NaiveDate,
    /// None: open-ended.
    pub end_date: Option<NaiveDate>,
    pub auto_renew: bool,
    pub renewal_notice_days: i64,
    pub amount: Option<Money>,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contract {
    pub id: i64,
    pub supplier_id: i64,
    pub input: ContractInput,
    pub created_at: String,
}

/// What a due contract asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContractAction {
    /// It ends (no auto-renewal): renew or replace it by then.
    Ends,
    /// It renews itself unless notice is given by then.
    NoticeDeadline,
}

impl ContractAction {
    pub fn as_str(self) -> &'static str {
        match self {
            ContractAction::Ends => "ends",
            ContractAction::NoticeDeadline => "notice_deadline",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractDue {
    pub contract: Contract,
    pub supplier_name: String,
    pub action: ContractAction,
    /// The end date, or the last day to give notice.
    pub action_date: NaiveDate,
    /// The end of the current term: the end date, rolled forward by whole years for an
    /// auto-renewing contract whose end date is past.
    pub term_end: NaiveDate,
    /// Whether `term_end` was rolled forward.
    pub rolled: bool,
    /// Days from `as_of` to `action_date`; negative when overdue.
    pub days_left: i64,
}

fn score_problems(e: &EvaluationInput, p: &mut Vec<Problem>) {
    for (field, v) in [
        ("quality", e.quality),
        ("delivery", e.delivery),
        ("price", e.price),
        ("service", e.service),
    ] {
        if !(1..=5).contains(&v) {
            p.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    format!("{field}: {v} is not a score from 1 to 5"),
                )
                .field(field)
                .param("value", v),
            );
        }
    }
}

fn too_long(field: &str, text: &str, max: usize, p: &mut Vec<Problem>) {
    let n = text.chars().count();
    if n > max {
        p.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!("{field}: {n} characters, at most {max}"),
            )
            .field(field)
            .param("max", max as i64),
        );
    }
}

/// Checks an evaluation and returns it normalised (comment trimmed), or every problem.
pub fn validate_evaluation(
    input: &EvaluationInput,
) -> std::result::Result<EvaluationInput, Vec<Problem>> {
    let mut e = input.clone();
    e.comment = e.comment.trim().to_string();
    let mut p = Vec::new();
    score_problems(&e, &mut p);
    too_long("comment", &e.comment, MAX_COMMENT_CHARS, &mut p);
    if p.is_empty() {
        Ok(e)
    } else {
        Err(p)
    }
}

/// Checks a contract and returns it normalised (texts trimmed), or every problem.
pub fn validate_contract(
    input: &ContractInput,
) -> std::result::Result<ContractInput, Vec<Problem>> {
    let mut c = input.clone();
    c.subject = c.subject.trim().to_string();
    c.notes = c.notes.trim().to_string();
    let mut p = Vec::new();
    if c.subject.is_empty() {
        p.push(Problem::new(ProblemCode::Required, "a contract has a subject").field("subject"));
    }
    too_long("subject", &c.subject, MAX_SUBJECT_CHARS, &mut p);
    too_long("notes", &c.notes, MAX_COMMENT_CHARS, &mut p);
    if let Some(end) = c.end_date {
        if end < c.start_date {
            p.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    format!(
                        "the end date {end} is before the start date {}",
                        c.start_date
                    ),
                )
                .field("end_date")
                .param("value", end.to_string())
                .param("start_date", c.start_date.to_string()),
            );
        }
    }
    if !(0..=MAX_NOTICE_DAYS).contains(&c.renewal_notice_days) {
        p.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!(
                    "{} renewal notice days: from 0 to {MAX_NOTICE_DAYS}",
                    c.renewal_notice_days
                ),
            )
            .field("renewal_notice_days")
            .param("value", c.renewal_notice_days),
        );
    }
    if let Some(a) = c.amount {
        if a.is_negative() {
            p.push(
                Problem::new(
                    ProblemCode::NegativeAmount,
                    format!("the amount {a} is negative"),
                )
                .field("amount")
                .param("value", a.to_string()),
            );
        }
    }
    if p.is_empty() {
        Ok(c)
    } else {
        Err(p)
    }
}

fn round2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

fn average(sum: i64, n: i64) -> Option<Decimal> {
    (n > 0).then(|| round2(Decimal::from(sum) / Decimal::from(n)))
}

/// The audit text of an evaluation.
fn evaluation_text(supplier_id: i64, e: &EvaluationInput) -> String {
    let mut t = format!(
        "supplier {supplier_id}, {}: quality {}, delivery {}, price {}, service {}",
        e.date, e.quality, e.delivery, e.price, e.service
    );
    if !e.comment.is_empty() {
        t.push_str(&format!("; comment {}", e.comment));
    }
    t
}

/// The audit text of a contract.
fn contract_text(supplier_id: i64, c: &ContractInput) -> String {
    let mut t = format!(
        "supplier {supplier_id}, {}: from {} to {}",
        c.subject,
        c.start_date,
        c.end_date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "open-ended".into())
    );
    if c.auto_renew {
        t.push_str(&format!(
            ", renews itself unless notice {} days before",
            c.renewal_notice_days
        ));
    } else if c.renewal_notice_days > 0 {
        t.push_str(&format!(", notice {} days", c.renewal_notice_days));
    }
    if let Some(a) = c.amount {
        t.push_str(&format!("; amount {a}"));
    }
    if !c.notes.is_empty() {
        t.push_str(&format!("; notes {}", c.notes));
    }
    t
}

fn require_supplier(conn: &Connection, supplier_id: i64) -> Result<String> {
    conn.query_row(
        "SELECT legal_name FROM suppliers WHERE id = ?1",
        [supplier_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("supplier {supplier_id}")))
}

fn date_of(s: String, col: usize) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, Box::new(e))
    })
}

const EVALUATION_COLUMNS: &str =
    "id, supplier_id, date, quality, delivery, price, service, comment, created_at";

fn evaluation_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Evaluation> {
    Ok(Evaluation {
        id: r.get(0)?,
        supplier_id: r.get(1)?,
        input: EvaluationInput {
            date: date_of(r.get(2)?, 2)?,
            quality: r.get(3)?,
            delivery: r.get(4)?,
            price: r.get(5)?,
            service: r.get(6)?,
            comment: r.get(7)?,
        },
        created_at: r.get(8)?,
    })
}

const CONTRACT_COLUMNS: &str = "c.id, c.supplier_id, c.subject, c.start_date, c.end_date, \
     c.auto_renew, c.renewal_notice_days, c.amount_cents, c.notes, c.created_at";

fn contract_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Contract> {
    let end: Option<String> = r.get(4)?;
    Ok(Contract {
        id: r.get(0)?,
        supplier_id: r.get(1)?,
        input: ContractInput {
            subject: r.get(2)?,
            start_date: date_of(r.get(3)?, 3)?,
            end_date: end.map(|s| date_of(s, 4)).transpose()?,
            auto_renew: r.get::<_, i64>(5)? != 0,
            renewal_notice_days: r.get(6)?,
            amount: r.get::<_, Option<i64>>(7)?.map(Money::from_cents),
            notes: r.get(8)?,
        },
        created_at: r.get(9)?,
    })
}

fn read_contract(conn: &Connection, id: i64) -> Result<Contract> {
    conn.query_row(
        &format!("SELECT {CONTRACT_COLUMNS} FROM supplier_contracts c WHERE c.id = ?1"),
        [id],
        contract_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("contract {id}")))
}

/// The end of an auto-renewing contract's current term: `end` moved forward by whole years to
/// the first end on or after `as_of` (unchanged when it is not past). Returns it and whether
/// it moved.
pub fn roll_forward(end: NaiveDate, as_of: NaiveDate) -> (NaiveDate, bool) {
    if end >= as_of {
        return (end, false);
    }
    // Whole years from the original end (not year after year from a clamped 28 February).
    let mut years = (as_of.year() - end.year() - 1).max(1) as u32;
    loop {
        let next = end
            .checked_add_months(Months::new(12 * years))
            .unwrap_or(NaiveDate::MAX);
        if next >= as_of {
            return (next, true);
        }
        years += 1;
    }
}

/// Whether, and how, a contract is due on `as_of` looking `within_days` ahead.
pub fn contract_due(
    c: &ContractInput,
    as_of: NaiveDate,
    within_days: i64,
) -> Option<(ContractAction, NaiveDate, NaiveDate, bool, i64)> {
    let end = c.end_date?;
    let horizon = as_of
        .checked_add_days(chrono::Days::new(within_days.max(0) as u64))
        .unwrap_or(NaiveDate::MAX);
    let (term_end, rolled, action, action_date) = if c.auto_renew {
        let (term_end, rolled) = roll_forward(end, as_of);
        (
            term_end,
            rolled,
            ContractAction::NoticeDeadline,
            term_end - chrono::Duration::days(c.renewal_notice_days),
        )
    } else {
        (end, false, ContractAction::Ends, end)
    };
    if term_end < as_of || action_date > horizon {
        return None;
    }
    Some((
        action,
        action_date,
        term_end,
        rolled,
        (action_date - as_of).num_days(),
    ))
}

impl Company {
    /// Records an evaluation of supplier `supplier_id`. One transaction, one audit record.
    pub fn add_evaluation(
        &mut self,
        supplier_id: i64,
        input: &EvaluationInput,
        now: DateTime<Utc>,
    ) -> Result<Evaluation> {
        let e = validate_evaluation(input).map_err(StoreError::Invalid)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        require_supplier(&tx, supplier_id)?;
        tx.execute(
            "INSERT INTO supplier_evaluations (supplier_id, date, quality, delivery, price,
                 service, comment, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                supplier_id,
                e.date.to_string(),
                e.quality,
                e.delivery,
                e.price,
                e.service,
                e.comment,
                now.to_rfc3339()
            ],
        )?;
        let id = tx.last_insert_rowid();
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("supplier_evaluation:{id}"),
                action: "create",
                before: None,
                after: Some(&evaluation_text(supplier_id, &e)),
                reason: None,
            },
        )?;
        let saved = tx.query_row(
            &format!("SELECT {EVALUATION_COLUMNS} FROM supplier_evaluations WHERE id = ?1"),
            [id],
            evaluation_row,
        )?;
        tx.commit()?;
        Ok(saved)
    }

    /// Deletes an evaluation entered by mistake; the audit record keeps what it said.
    pub fn delete_evaluation(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let e = tx
            .query_row(
                &format!("SELECT {EVALUATION_COLUMNS} FROM supplier_evaluations WHERE id = ?1"),
                [id],
                evaluation_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("evaluation {id}")))?;
        tx.execute("DELETE FROM supplier_evaluations WHERE id = ?1", [id])?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("supplier_evaluation:{id}"),
                action: "delete",
                before: Some(&evaluation_text(e.supplier_id, &e.input)),
                after: None,
                reason: None,
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A supplier's evaluations, newest first.
    pub fn evaluations(&self, supplier_id: i64) -> Result<Vec<Evaluation>> {
        require_supplier(&self.conn, supplier_id)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {EVALUATION_COLUMNS} FROM supplier_evaluations WHERE supplier_id = ?1
             ORDER BY date DESC, id DESC"
        ))?;
        let rows = stmt
            .query_map([supplier_id], evaluation_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// A supplier's evaluation count and averages (see the module's rules).
    pub fn evaluation_summary(&self, supplier_id: i64) -> Result<EvaluationSummary> {
        require_supplier(&self.conn, supplier_id)?;
        let (n, q, d, p, s): (i64, i64, i64, i64, i64) = self.conn.query_row(
            "SELECT count(*), coalesce(sum(quality), 0), coalesce(sum(delivery), 0),
                    coalesce(sum(price), 0), coalesce(sum(service), 0)
             FROM supplier_evaluations WHERE supplier_id = ?1",
            [supplier_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
        Ok(EvaluationSummary {
            count: n as u32,
            quality: average(q, n),
            delivery: average(d, n),
            price: average(p, n),
            service: average(s, n),
            overall: average(q + d + p + s, 4 * n),
        })
    }

    /// The overall average of every supplier that has evaluations, by supplier id (for a list
    /// of suppliers to show next to each one).
    pub fn supplier_ratings(&self) -> Result<Vec<SupplierRating>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT supplier_id, count(*), sum(quality + delivery + price + service)
             FROM supplier_evaluations GROUP BY supplier_id ORDER BY supplier_id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, n, sum)| {
                average(sum, 4 * n).map(|overall| SupplierRating {
                    supplier_id: id,
                    count: n as u32,
                    overall,
                })
            })
            .collect())
    }

    /// Creates a contract of supplier `supplier_id` (`id` None) or replaces one of its
    /// contracts. One transaction, one audit record; `Invalid` names every wrong field.
    pub fn save_contract(
        &mut self,
        supplier_id: i64,
        id: Option<i64>,
        input: &ContractInput,
        now: DateTime<Utc>,
    ) -> Result<Contract> {
        let c = validate_contract(input).map_err(StoreError::Invalid)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        require_supplier(&tx, supplier_id)?;
        let before = match id {
            None => None,
            Some(id) => {
                let b = read_contract(&tx, id)?;
                if b.supplier_id != supplier_id {
                    return Err(StoreError::NotFound(format!(
                        "contract {id} of supplier {supplier_id}"
                    )));
                }
                Some(b)
            }
        };
        let after_text = contract_text(supplier_id, &c);
        let before_text = before
            .as_ref()
            .map(|b| contract_text(supplier_id, &b.input));
        if let (Some(b), true) = (&before, before_text.as_deref() == Some(after_text.as_str())) {
            return Ok(b.clone());
        }
        let id = match id {
            None => {
                tx.execute(
                    "INSERT INTO supplier_contracts (supplier_id, subject, start_date, end_date,
                         auto_renew, renewal_notice_days, amount_cents, notes, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![
                        supplier_id,
                        c.subject,
                        c.start_date.to_string(),
                        c.end_date.map(|d| d.to_string()),
                        c.auto_renew as i64,
                        c.renewal_notice_days,
                        c.amount.map(Money::cents),
                        c.notes,
                        now.to_rfc3339()
                    ],
                )?;
                tx.last_insert_rowid()
            }
            Some(id) => {
                tx.execute(
                    "UPDATE supplier_contracts SET subject = ?2, start_date = ?3, end_date = ?4,
                         auto_renew = ?5, renewal_notice_days = ?6, amount_cents = ?7, notes = ?8
                     WHERE id = ?1",
                    params![
                        id,
                        c.subject,
                        c.start_date.to_string(),
                        c.end_date.map(|d| d.to_string()),
                        c.auto_renew as i64,
                        c.renewal_notice_days,
                        c.amount.map(Money::cents),
                        c.notes
                    ],
                )?;
                id
            }
        };
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("supplier_contract:{id}"),
                action: if before.is_some() { "update" } else { "create" },
                before: before_text.as_deref(),
                after: Some(&after_text),
                reason: None,
            },
        )?;
        let saved = read_contract(&tx, id)?;
        tx.commit()?;
        Ok(saved)
    }

    /// Deletes a contract; the audit record keeps what it said.
    pub fn delete_contract(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let c = read_contract(&tx, id)?;
        tx.execute("DELETE FROM supplier_contracts WHERE id = ?1", [id])?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("supplier_contract:{id}"),
                action: "delete",
                before: Some(&contract_text(c.supplier_id, &c.input)),
                after: None,
                reason: None,
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A supplier's contracts by end date (open-ended ones last), then start date.
    pub fn contracts(&self, supplier_id: i64) -> Result<Vec<Contract>> {
        require_supplier(&self.conn, supplier_id)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CONTRACT_COLUMNS} FROM supplier_contracts c WHERE c.supplier_id = ?1
             ORDER BY c.end_date IS NULL, c.end_date, c.start_date, c.id"
        ))?;
        let rows = stmt
            .query_map([supplier_id], contract_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The contracts that end or need notice by `as_of + within_days` (0..=3650), overdue ones
    /// included, by action date (see the module's rules).
    pub fn contracts_due(&self, as_of: NaiveDate, within_days: i64) -> Result<Vec<ContractDue>> {
        if !(0..=MAX_WITHIN_DAYS).contains(&within_days) {
            return Err(StoreError::invalid(
                Problem::new(
                    ProblemCode::OutOfRange,
                    format!("{within_days} days ahead: from 0 to {MAX_WITHIN_DAYS}"),
                )
                .field("within_days")
                .param("value", within_days),
            ));
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CONTRACT_COLUMNS}, s.legal_name FROM supplier_contracts c
             JOIN suppliers s ON s.id = c.supplier_id
             WHERE c.end_date IS NOT NULL AND (c.auto_renew = 1 OR c.end_date >= ?1)"
        ))?;
        let rows = stmt
            .query_map([as_of.to_string()], |r| {
                Ok((contract_row(r)?, r.get::<_, String>(10)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut due: Vec<ContractDue> = rows
            .into_iter()
            .filter_map(|(contract, supplier_name)| {
                contract_due(&contract.input, as_of, within_days).map(
                    |(action, action_date, term_end, rolled, days_left)| ContractDue {
                        contract,
                        supplier_name,
                        action,
                        action_date,
                        term_end,
                        rolled,
                        days_left,
                    },
                )
            })
            .collect();
        due.sort_by(|a, b| {
            (a.action_date, &a.supplier_name, a.contract.id).cmp(&(
                b.action_date,
                &b.supplier_name,
                b.contract.id,
            ))
        });
        Ok(due)
    }
}
