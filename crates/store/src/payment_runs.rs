//! Payment runs: the bills due by a date (or the ones chosen) paid in one SEPA credit
//! transfer file (`core::sepa`, pain.001.001.03) the company uploads to its bank. Preparing a
//! run stores the file and the amounts; nothing is posted until the user confirms the bank
//! took it, when one payment per supplier is recorded (each applied to its bills) in one
//! transaction. A prepared run may be cancelled instead. A bill in a prepared run is not put
//! in another; a blocked supplier, or one without an IBAN, is left out with a reason.

use crate::audit::{self, Change};
use crate::bills::invalid;
use crate::payments::PaymentMethod;
use crate::supplier_payments::{open_bills, record_supplier_payment_in, NewSupplierPayment};
use crate::suppliers::read_supplier;
use crate::{Company, Result, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::collections::BTreeMap;
use trastienda_core::sepa::{pain_001_001_03, CreditTransferRun, Debtor, Transfer};
use trastienda_core::{AccountCode, Iban, Money, Problem, ProblemCode};

/// What to pay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRunInput {
    /// Bills (instalments) due on or before this day.
    pub until: NaiveDate,
    /// Only these bills, when given (each must be due by `until`).
    pub bill_ids: Option<Vec<i64>>,
    /// The day the bank is asked to pay.
    pub execution_date: NaiveDate,
    /// The bank account (572x) the payments come from.
    pub account: String,
    /// The company's IBAN; `None` takes the one on its invoices.
    pub debtor_iban: Option<String>,
}

/// A bill the run pays, or leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunItem {
    pub bill_id: i64,
    pub supplier_id: i64,
    pub supplier_name: String,
    pub supplier_number: String,
    pub due_date: NaiveDate,
    pub amount: Money,
    pub end_to_end_id: String,
}

/// A bill due that the run could not pay, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunSkip {
    pub bill_id: i64,
    pub supplier_name: String,
    pub supplier_number: String,
    pub amount: Money,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRunRecord {
    pub id: i64,
    pub message_id: String,
    pub execution_date: NaiveDate,
    pub account: String,
    pub debtor_iban: String,
    /// prepared, confirmed, cancelled.
    pub state: String,
    pub total: Money,
    pub items: Vec<RunItem>,
    /// Only when just prepared: what was left out.
    pub skipped: Vec<RunSkip>,
    pub xml: String,
    pub created_at: String,
    pub closed_at: Option<String>,
    /// The payments recorded when confirmed.
    pub payment_ids: Vec<i64>,
}

fn date_col(r: &rusqlite::Row<'_>, col: usize) -> rusqlite::Result<NaiveDate> {
    crate::journal::parse_date(&r.get::<_, String>(col)?, col)
}

fn read_run(conn: &Connection, id: i64) -> Result<PaymentRunRecord> {
    let mut run = conn
        .query_row(
            "SELECT id, message_id, execution_date, account, debtor_iban, state, total_cents, xml,
                    created_at, closed_at
             FROM payment_runs WHERE id = ?1",
            [id],
            |r| {
                Ok(PaymentRunRecord {
                    id: r.get(0)?,
                    message_id: r.get(1)?,
                    execution_date: date_col(r, 2)?,
                    account: r.get(3)?,
                    debtor_iban: r.get(4)?,
                    state: r.get(5)?,
                    total: Money::from_cents(r.get(6)?),
                    xml: r.get(7)?,
                    created_at: r.get(8)?,
                    closed_at: r.get(9)?,
                    items: Vec::new(),
                    skipped: Vec::new(),
                    payment_ids: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("payment run {id}")))?;
    run.items = conn
        .prepare_cached(
            "SELECT i.bill_id, b.supplier_id, b.supplier_name, b.supplier_number,
                    coalesce((SELECT min(d.due_date) FROM bill_due_dates d WHERE d.bill_id = b.id), b.date),
                    i.amount_cents, i.end_to_end_id
             FROM payment_run_items i JOIN bills b ON b.id = i.bill_id
             WHERE i.run_id = ?1 ORDER BY b.supplier_name, i.bill_id",
        )?
        .query_map([id], |r| {
            Ok(RunItem {
                bill_id: r.get(0)?,
                supplier_id: r.get(1)?,
                supplier_name: r.get(2)?,
                supplier_number: r.get(3)?,
                due_date: date_col(r, 4)?,
                amount: Money::from_cents(r.get(5)?),
                end_to_end_id: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    run.payment_ids = conn
        .prepare_cached("SELECT id FROM supplier_payments WHERE run_id = ?1 ORDER BY id")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(run)
}

impl Company {
    /// Prepares a payment run: picks the instalments due by `until` (or the bills chosen),
    /// one transfer per supplier, and makes the SEPA file. Nothing is posted. Refused when
    /// nothing can be paid, the company has no valid IBAN, the account is not a 572 bank
    /// account, or a chosen bill cannot be paid (the message says which and why).
    pub fn prepare_payment_run(
        &mut self,
        input: &PaymentRunInput,
        now: DateTime<Utc>,
    ) -> Result<PaymentRunRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut problems = Vec::new();
        let settings = self_settings(&tx)?;
        let debtor_iban = input
            .debtor_iban
            .clone()
            .filter(|s| !s.trim().is_empty())
            .or(settings.iban.clone())
            .unwrap_or_default();
        let iban = match Iban::parse(&debtor_iban) {
            Ok(i) => Some(i),
            Err(e) => {
                problems.push(
                    Problem::new(
                        ProblemCode::InvalidCode,
                        if debtor_iban.trim().is_empty() {
                            "the company has no IBAN to pay from: set it in the billing details \
                             (Datos de facturación) or give one here"
                                .to_string()
                        } else {
                            format!("the company's IBAN {debtor_iban}: {e}")
                        },
                    )
                    .field("debtor_iban"),
                );
                None
            }
        };
        if !input.account.trim().starts_with("572")
            || AccountCode::parse(input.account.trim()).is_err()
        {
            problems.push(
                Problem::new(
                    ProblemCode::InvalidAccount,
                    format!(
                        "{:?} is not a bank account; a transfer is paid from a 572 account",
                        input.account
                    ),
                )
                .field("account"),
            );
        }
        if input.execution_date < now.date_naive() {
            problems.push(
                Problem::new(
                    ProblemCode::InvalidDate,
                    format!(
                        "the bank cannot pay on {}, a day already past",
                        input.execution_date
                    ),
                )
                .field("execution_date"),
            );
        }
        // In another prepared run already.
        let pending: std::collections::HashSet<i64> = tx
            .prepare(
                "SELECT i.bill_id FROM payment_run_items i JOIN payment_runs r ON r.id = i.run_id
                 WHERE r.state = 'prepared'",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let open = open_bills(&tx, far(), None)?;
        // Per bill: what is due by `until` and still open.
        let mut due: BTreeMap<i64, (i64, String, String, NaiveDate, Money)> = BTreeMap::new();
        for o in open
            .iter()
            .filter(|o| o.due_date <= input.until && o.open.cents() > 0)
        {
            let e = due.entry(o.bill_id).or_insert((
                o.supplier_id,
                o.supplier_name.clone(),
                o.supplier_number.clone(),
                o.due_date,
                Money::ZERO,
            ));
            e.4 += o.open;
        }
        if let Some(ids) = &input.bill_ids {
            if ids.is_empty() {
                problems.push(
                    Problem::new(ProblemCode::Required, "choose at least one bill to pay")
                        .field("bill_ids"),
                );
            }
            for (i, id) in ids.iter().enumerate() {
                if !due.contains_key(id) {
                    let number: Option<String> = tx
                        .query_row(
                            "SELECT supplier_number FROM bills WHERE id = ?1",
                            [id],
                            |r| r.get(0),
                        )
                        .optional()?;
                    problems.push(
                        Problem::new(
                            ProblemCode::InvalidCode,
                            match number {
                                Some(n) => {
                                    format!("bill {n} has nothing open due by {}", input.until)
                                }
                                None => format!("bill {id} does not exist"),
                            },
                        )
                        .at_row(i as u32 + 1)
                        .field("bill_ids"),
                    );
                }
            }
            due.retain(|id, _| ids.contains(id));
        }
        let mut skipped = Vec::new();
        let mut by_supplier: BTreeMap<i64, Vec<(i64, String, NaiveDate, Money)>> = BTreeMap::new();
        let mut supplier_info: BTreeMap<i64, (String, String, Option<String>)> = BTreeMap::new();
        let mut suppliers: BTreeMap<i64, crate::Supplier> = BTreeMap::new();
        for (bill_id, (sid, name, number, due_date, amount)) in due {
            let skip = |reason: String| RunSkip {
                bill_id,
                supplier_name: name.clone(),
                supplier_number: number.clone(),
                amount,
                reason,
            };
            if pending.contains(&bill_id) {
                skipped.push(skip(
                    "already in a payment run waiting for confirmation".into(),
                ));
                continue;
            }
            // Each supplier read once, however many of its bills are due.
            if let std::collections::btree_map::Entry::Vacant(e) = suppliers.entry(sid) {
                e.insert(read_supplier(&tx, sid)?);
            }
            let s = suppliers[&sid].clone();
            if s.status == "blocked" {
                skipped.push(skip(format!(
                    "the supplier is blocked ({})",
                    s.block_reason.unwrap_or_default()
                )));
                continue;
            }
            let Some(creditor_iban) = s.input.iban.clone().filter(|i| !i.trim().is_empty()) else {
                skipped.push(skip(
                    "the supplier has no IBAN: add it on the supplier's card".into(),
                ));
                continue;
            };
            supplier_info.insert(
                sid,
                (
                    s.input.legal_name.clone(),
                    creditor_iban,
                    s.input.bic.clone(),
                ),
            );
            by_supplier
                .entry(sid)
                .or_default()
                .push((bill_id, number, due_date, amount));
        }
        if input.bill_ids.is_some() && !skipped.is_empty() {
            for s in &skipped {
                problems.push(
                    Problem::new(
                        ProblemCode::InvalidCode,
                        format!(
                            "{}'s bill {} cannot be paid: {}",
                            s.supplier_name, s.supplier_number, s.reason
                        ),
                    )
                    .field("bill_ids"),
                );
            }
        }
        if problems.is_empty() && by_supplier.is_empty() {
            problems.push(
                Problem::new(
                    ProblemCode::Required,
                    if skipped.is_empty() {
                        format!("no bill is due by {}: nothing to pay", input.until)
                    } else {
                        format!(
                            "none of the {} bills due by {} can be paid: {}",
                            skipped.len(),
                            input.until,
                            skipped
                                .iter()
                                .map(|s| format!(
                                    "{} {} ({})",
                                    s.supplier_name, s.supplier_number, s.reason
                                ))
                                .collect::<Vec<_>>()
                                .join("; ")
                        )
                    },
                )
                .field("until"),
            );
        }
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems));
        }
        let seq: i64 = tx.query_row(
            "SELECT coalesce(max(id), 0) + 1 FROM payment_runs",
            [],
            |r| r.get(0),
        )?;
        let message_id = format!("TRAS-{}-{seq}", now.format("%Y%m%d%H%M%S"));
        let mut transfers = Vec::new();
        let mut items: Vec<(i64, Money, String)> = Vec::new();
        for (i, (sid, bills)) in by_supplier.iter().enumerate() {
            let (name, creditor_iban, bic) = supplier_info[sid].clone();
            let e2e = format!("{message_id}-{}", i + 1);
            let e2e = e2e.chars().take(35).collect::<String>();
            let amount: Money = bills.iter().map(|b| b.3).sum();
            let numbers: Vec<&str> = bills.iter().map(|b| b.1.as_str()).collect();
            transfers.push(Transfer {
                end_to_end_id: e2e.clone(),
                creditor_name: name,
                creditor_iban,
                creditor_bic: bic.filter(|b| !b.trim().is_empty()),
                amount_cents: amount.cents(),
                remittance: format!("Facturas {}", numbers.join(", ")),
            });
            for b in bills {
                items.push((b.0, b.3, e2e.clone()));
            }
        }
        let run = CreditTransferRun {
            message_id: message_id.clone(),
            created_at: now.naive_utc(),
            execution_date: input.execution_date,
            debtor: Debtor {
                name: settings.name.clone(),
                iban: iban.map(|i| i.to_string()).unwrap_or_default(),
                bic: None,
                tax_id: settings.tax_id.clone(),
            },
            transfers,
        };
        let xml = pain_001_001_03(&run).map_err(|e| {
            invalid(Problem::new(ProblemCode::InvalidCode, e.to_string()).field("transfers"))
        })?;
        let total: Money = items.iter().map(|i| i.1).sum();
        tx.execute(
            "INSERT INTO payment_runs (message_id, execution_date, account, debtor_iban, total_cents,
                                       xml, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                message_id,
                input.execution_date.to_string(),
                input.account.trim(),
                run.debtor.iban,
                total.cents(),
                xml,
                now.to_rfc3339()
            ],
        )?;
        let id = tx.last_insert_rowid();
        let mut insert = tx.prepare_cached(
            "INSERT INTO payment_run_items (run_id, bill_id, amount_cents, end_to_end_id)
             VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (bill_id, amount, e2e) in &items {
            insert.execute(params![id, bill_id, amount.cents(), e2e])?;
        }
        drop(insert);
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("payment_run:{id}"),
                action: "prepare",
                after: Some(&format!(
                    "{message_id}: {} bills, {} transfers, total {total}, to be paid {} from {}",
                    items.len(),
                    by_supplier.len(),
                    input.execution_date,
                    input.account.trim()
                )),
                ..Change::default()
            },
        )?;
        let mut rec = read_run(&tx, id)?;
        tx.commit()?;
        rec.skipped = skipped;
        Ok(rec)
    }

    /// Confirms that the bank took a prepared run: records one payment per supplier on the
    /// execution date, applied to the run's bills, in one transaction.
    pub fn confirm_payment_run(&mut self, id: i64, now: DateTime<Utc>) -> Result<PaymentRunRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let run = read_run(&tx, id)?;
        if run.state != "prepared" {
            return Err(invalid(
                Problem::new(
                    ProblemCode::InvalidCode,
                    format!("payment run {} is {} already", run.message_id, run.state),
                )
                .field("id"),
            ));
        }
        let account = AccountCode::parse(&run.account).map_err(|_| {
            invalid(
                Problem::new(
                    ProblemCode::InvalidAccount,
                    "the run's account is not valid",
                )
                .field("account"),
            )
        })?;
        let mut by_supplier: BTreeMap<i64, Vec<&RunItem>> = BTreeMap::new();
        for item in &run.items {
            by_supplier.entry(item.supplier_id).or_default().push(item);
        }
        for (sid, items) in by_supplier {
            let amount: Money = items.iter().map(|i| i.amount).sum();
            record_supplier_payment_in(
                &tx,
                &self.actor,
                &NewSupplierPayment {
                    supplier_id: sid,
                    date: run.execution_date,
                    amount,
                    method: PaymentMethod::Bank,
                    account: Some(account.clone()),
                    reference: items[0].end_to_end_id.clone(),
                    allocations: Some(items.iter().map(|i| (i.bill_id, i.amount)).collect()),
                },
                Some(id),
                now,
            )
            .map_err(|e| match e {
                StoreError::Invalid(mut p) => {
                    for p in &mut p {
                        p.message = format!("{}: {}", items[0].supplier_name, p.message);
                    }
                    StoreError::Invalid(p)
                }
                e => e,
            })?;
        }
        tx.execute(
            "UPDATE payment_runs SET state = 'confirmed', closed_at = ?2 WHERE id = ?1",
            params![id, now.to_rfc3339()],
        )?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("payment_run:{id}"),
                action: "confirm",
                after: Some(&format!(
                    "{} paid {} on {}",
                    run.message_id, run.total, run.execution_date
                )),
                ..Change::default()
            },
        )?;
        let rec = read_run(&tx, id)?;
        tx.commit()?;
        Ok(rec)
    }

    /// Drops a prepared run: its bills may go in another.
    pub fn cancel_payment_run(&mut self, id: i64, now: DateTime<Utc>) -> Result<PaymentRunRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let run = read_run(&tx, id)?;
        if run.state != "prepared" {
            return Err(invalid(
                Problem::new(
                    ProblemCode::InvalidCode,
                    format!("payment run {} is {} already", run.message_id, run.state),
                )
                .field("id"),
            ));
        }
        tx.execute(
            "UPDATE payment_runs SET state = 'cancelled', closed_at = ?2 WHERE id = ?1",
            params![id, now.to_rfc3339()],
        )?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("payment_run:{id}"),
                action: "cancel",
                before: Some(&format!("{} prepared, total {}", run.message_id, run.total)),
                ..Change::default()
            },
        )?;
        let rec = read_run(&tx, id)?;
        tx.commit()?;
        Ok(rec)
    }

    pub fn payment_run(&self, id: i64) -> Result<PaymentRunRecord> {
        read_run(&self.conn, id)
    }

    /// Payment runs, newest first.
    pub fn payment_runs(&self) -> Result<Vec<PaymentRunRecord>> {
        let ids: Vec<i64> = self
            .conn
            .prepare_cached("SELECT id FROM payment_runs ORDER BY id DESC LIMIT 500")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| read_run(&self.conn, id)).collect()
    }
}

fn far() -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 31).expect("valid date")
}

struct Payer {
    name: String,
    tax_id: String,
    iban: Option<String>,
}

fn self_settings(conn: &Connection) -> Result<Payer> {
    Ok(conn.query_row(
        "SELECT name, tax_id, iban FROM company WHERE id = 1",
        [],
        |r| {
            Ok(Payer {
                name: r.get(0)?,
                tax_id: r.get(1)?,
                iban: r.get(2)?,
            })
        },
    )?)
}
