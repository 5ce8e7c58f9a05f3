//! Payments received and what they settle, receivables aging and dunning. A payment posts its
//! entry (the treasury account, 572x bank or 570x cash, debited; the customer's 430 credited)
//! in its own transaction, applies to one or several issued invoices of its customer, and
//! keeps what it does not apply on the customer as unapplied credit. Payments are never edited
//! (triggers). Aging uses `core::aging`; reminders are recorded once per invoice and level.

use crate::audit::{self, Change};
use crate::invoices::{customer, OPEN_SQL};
use crate::journal::{parse_date, Poster};
use crate::{Company, Result, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use std::collections::btree_map::{BTreeMap, Entry};
use std::collections::HashMap;
use trastienda_core::aging::{
    age_by, days_overdue, late_payment_interest, AgingTotals, SemesterRate,
};
use trastienda_core::invoice::payment_entry;
use trastienda_core::{AccountCode, BalancedEntry, Money, Problem, ProblemCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentMethod {
    Bank,
    Cash,
    Card,
    DirectDebit,
    Other,
}

impl PaymentMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::Bank => "bank",
            PaymentMethod::Cash => "cash",
            PaymentMethod::Card => "card",
            PaymentMethod::DirectDebit => "direct_debit",
            PaymentMethod::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<PaymentMethod> {
        match s.trim() {
            "bank" => Some(PaymentMethod::Bank),
            "cash" => Some(PaymentMethod::Cash),
            "card" => Some(PaymentMethod::Card),
            "direct_debit" => Some(PaymentMethod::DirectDebit),
            "other" => Some(PaymentMethod::Other),
            _ => None,
        }
    }
    /// The treasury account used when none is given: 5700001 (cash) or 5720001 (bank), the
    /// subaccounts of the shipped PGC PYMES chart.
    pub fn default_account(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "5700001",
            _ => "5720001",
        }
    }
}

/// A payment to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPayment {
    pub customer_id: i64,
    pub date: NaiveDate,
    /// Positive: money received.
    pub amount: Money,
    pub method: PaymentMethod,
    /// The treasury account debited (57x); `None` takes the method's default.
    pub account: Option<AccountCode>,
    pub reference: String,
    /// (invoice id, amount) applied; `None` applies the payment to the customer's open
    /// invoices, oldest due first; an empty list applies nothing (all unapplied credit).
    pub allocations: Option<Vec<(i64, Money)>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allocation {
    pub invoice_id: i64,
    pub full_number: String,
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRecord {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub date: NaiveDate,
    pub amount: Money,
    pub method: PaymentMethod,
    pub account: String,
    pub reference: String,
    pub entry_id: i64,
    pub allocations: Vec<Allocation>,
    /// What the payment does not apply to any invoice: credit kept on the customer.
    pub unapplied: Money,
    /// Says so when part of the payment is unapplied.
    pub notice: Option<String>,
    pub created_at: String,
}

/// An issued invoice with something still open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenItem {
    pub invoice_id: i64,
    pub full_number: String,
    pub customer_id: Option<i64>,
    pub customer_name: String,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub total: Money,
    pub open: Money,
    pub days_overdue: i64,
    /// Reminder levels already recorded.
    pub reminders: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerAging {
    pub customer_id: i64,
    pub customer_name: String,
    pub totals: AgingTotals,
    /// Unapplied payments, included in `totals` as credits in their bucket.
    pub unapplied: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgingReport {
    pub as_of: NaiveDate,
    pub customers: Vec<CustomerAging>,
    pub total: AgingTotals,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderRecord {
    pub id: i64,
    pub invoice_id: i64,
    pub full_number: String,
    pub level: u8,
    pub date: NaiveDate,
    pub open: Money,
    pub interest: Money,
    pub created_at: String,
}

fn invalid(p: Problem) -> StoreError {
    StoreError::invalid(p)
}

/// Which open items `open_items` reads.
#[derive(Clone, Copy)]
enum Scope {
    All,
    /// Past due on `as_of` with something owed (`days_overdue > 0`, open > 0).
    Overdue,
    Customer(i64),
    Invoice(i64),
}

/// An id-ordered stream of `(invoice id, value)` from a query, read alongside the invoices.
struct ById<'s, T: rusqlite::types::FromSql> {
    rows: rusqlite::Rows<'s>,
    next: Option<(i64, T)>,
}

impl<'s, T: rusqlite::types::FromSql> ById<'s, T> {
    fn new(mut rows: rusqlite::Rows<'s>) -> Result<Self> {
        let next = Self::read(&mut rows)?;
        Ok(ById { rows, next })
    }
    fn read(rows: &mut rusqlite::Rows<'s>) -> Result<Option<(i64, T)>> {
        Ok(match rows.next()? {
            Some(r) => Some((r.get(0)?, r.get(1)?)),
            None => None,
        })
    }
    /// The value for `id` if the stream has one; skips what comes before it. Ids asked for
    /// must increase.
    fn take(&mut self, id: i64) -> Result<Option<T>> {
        while self.next.as_ref().is_some_and(|n| n.0 < id) {
            self.next = Self::read(&mut self.rows)?;
        }
        if self.next.as_ref().is_some_and(|n| n.0 == id) {
            let found = self.next.take().map(|n| n.1);
            self.next = Self::read(&mut self.rows)?;
            return Ok(found);
        }
        Ok(None)
    }
}

/// Columns of the invoice rows `each_open` passes on.
const OPEN_ROW: &str = "id, customer_id, coalesce(due_date, issue_date), issue_date,
                        total_cents, full_number, coalesce(customer_name, '')";

/// A date column read without copying it (chrono's `FromStr`, not a format string): the
/// whole-book lists read 100 000 of them.
fn date_at(r: &rusqlite::Row<'_>, col: usize) -> rusqlite::Result<NaiveDate> {
    r.get_ref(col)?.as_str()?.parse().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Calls `f` with each issued, non-corrective invoice dated up to `as_of` whose open amount
/// that day (its total, plus its credit notes, less what payments dated up to then applied,
/// as `OPEN_SQL` says) is not zero, with that amount, in id order. Row columns: `OPEN_ROW`.
///
/// `paid` is what payments dated up to `as_of` applied, by invoice (`payment_sums`).
///
/// For the whole book (aging, overdue) this is a merge, not a join: the invoices in id order
/// (one pass over the table) beside the credit notes summed per invoice in the same order (by
/// `invoices_corrects`), and the payments from `paid`. `OPEN_SQL`'s two searches per invoice,
/// or a join against grouped sums, cost SQLite 2-3 times as much at 100 000 invoices
/// (bench/README.md). The unary `+` keeps the planner off `invoices_state_due` (a lookup per
/// row instead of one pass) and, for the credit notes, on `invoices_corrects`.
fn each_open(
    conn: &Connection,
    as_of: NaiveDate,
    paid: &HashMap<i64, i64>,
    mut f: impl FnMut(&rusqlite::Row<'_>, i64) -> Result<()>,
) -> Result<()> {
    let day = as_of.to_string();
    let mut credited = conn.prepare_cached(
        "SELECT corrects_id, sum(total_cents) FROM invoices
         WHERE corrects_id IS NOT NULL AND +state = 'issued' AND +issue_date <= ?1
         GROUP BY corrects_id ORDER BY corrects_id",
    )?;
    let mut credited = ById::<i64>::new(credited.query([&day])?)?;
    let mut invoices = conn.prepare_cached(&format!(
        "SELECT {OPEN_ROW} FROM invoices
         WHERE +state = 'issued' AND kind <> 'corrective' AND issue_date <= ?1 ORDER BY id"
    ))?;
    let mut rows = invoices.query([&day])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let total: i64 = r.get(4)?;
        let open = total + credited.take(id)?.unwrap_or(0) - paid.get(&id).copied().unwrap_or(0);
        if open != 0 {
            f(r, open)?;
        }
    }
    Ok(())
}

/// Open items of issued, non-corrective invoices as of `as_of` (amounts not zero), oldest due
/// first.
fn open_items(conn: &Connection, as_of: NaiveDate, scope: Scope) -> Result<Vec<OpenItem>> {
    let item = |r: &rusqlite::Row<'_>, open: i64, levels: Option<String>| {
        let due = date_at(r, 2)?;
        let mut reminders: Vec<u8> = levels
            .unwrap_or_default()
            .split(',')
            .filter_map(|l| l.parse().ok())
            .collect();
        reminders.sort_unstable();
        Ok::<_, StoreError>(OpenItem {
            invoice_id: r.get(0)?,
            full_number: r.get(5)?,
            customer_id: r.get(1)?,
            customer_name: r.get(6)?,
            issue_date: date_at(r, 3)?,
            due_date: due,
            total: Money::from_cents(r.get(4)?),
            open: Money::from_cents(open),
            days_overdue: days_overdue(due, as_of),
            reminders,
        })
    };
    let mut items = Vec::new();
    match scope {
        Scope::All | Scope::Overdue => {
            let mut levels = conn.prepare_cached(
                "SELECT invoice_id, group_concat(level) FROM reminders
                 GROUP BY invoice_id ORDER BY invoice_id",
            )?;
            let mut levels = ById::<String>::new(levels.query([])?)?;
            let overdue = matches!(scope, Scope::Overdue);
            let day = as_of.to_string();
            let (paid, _) = payment_sums(conn, as_of)?;
            each_open(conn, as_of, &paid, |r, open| {
                // Past due: due before `as_of` (ISO dates compare as text), something owed.
                if overdue
                    && (open < 0
                        || r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)? >= day.as_str())
                {
                    return Ok(());
                }
                let id: i64 = r.get(0)?;
                items.push(item(r, open, levels.take(id)?)?);
                Ok(())
            })?;
        }
        Scope::Customer(key) | Scope::Invoice(key) => {
            // A customer's or one invoice's items: `OPEN_SQL` on the few rows the index finds.
            let sql = format!(
                "SELECT {OPEN_ROW}, open,
                        (SELECT group_concat(m.level) FROM reminders m WHERE m.invoice_id = o.id)
                 FROM (SELECT i.*, {OPEN_SQL} AS open FROM invoices i
                       WHERE {} = ?2 AND i.state = 'issued' AND i.kind <> 'corrective'
                         AND i.issue_date <= ?1) o
                 WHERE open <> 0",
                if matches!(scope, Scope::Customer(_)) {
                    "i.customer_id"
                } else {
                    "i.id"
                }
            );
            let mut stmt = conn.prepare_cached(&sql)?;
            let mut rows = stmt.query(params![as_of.to_string(), key])?;
            while let Some(r) = rows.next()? {
                items.push(item(r, r.get(7)?, r.get(8)?)?);
            }
        }
    }
    items.sort_by(|a, b| {
        (a.due_date, a.issue_date, a.invoice_id).cmp(&(b.due_date, b.issue_date, b.invoice_id))
    });
    Ok(items)
}

fn read_payment(conn: &Connection, id: i64) -> Result<PaymentRecord> {
    type Head = (i64, i64, String, i64, String, String, String, i64, String);
    let h: Head = conn
        .query_row(
            "SELECT p.id, p.customer_id, p.date, p.amount_cents, p.method, p.account, p.reference,
                    p.entry_id, p.created_at
             FROM payments p WHERE p.id = ?1",
            [id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("payment {id}")))?;
    let allocations: Vec<Allocation> = conn
        .prepare_cached(
            "SELECT a.invoice_id, coalesce(i.full_number, ''), a.amount_cents
             FROM payment_allocations a JOIN invoices i ON i.id = a.invoice_id
             WHERE a.payment_id = ?1 ORDER BY i.issue_date, i.id",
        )?
        .query_map([id], |r| {
            Ok(Allocation {
                invoice_id: r.get(0)?,
                full_number: r.get(1)?,
                amount: Money::from_cents(r.get(2)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let amount = Money::from_cents(h.3);
    let unapplied = amount - allocations.iter().map(|a| a.amount).sum::<Money>();
    let name = customer(conn, h.1)?.map(|c| c.name).unwrap_or_default();
    Ok(PaymentRecord {
        id: h.0,
        customer_id: h.1,
        customer_name: name,
        date: parse_date(&h.2, 2)?,
        amount,
        method: PaymentMethod::parse(&h.4).unwrap_or(PaymentMethod::Other),
        account: h.5,
        reference: h.6,
        entry_id: h.7,
        notice: (!unapplied.is_zero()).then(|| {
            format!(
                "{unapplied} of this payment is not applied to any invoice; it stays on the \
                 customer as unapplied credit"
            )
        }),
        allocations,
        unapplied,
        created_at: h.8,
    })
}

/// A payment's credit not applied to invoices: (customer id, date, amount).
type Unapplied = (i64, NaiveDate, Money);

/// Payments dated up to `as_of`: what they applied, by invoice, and each one's unapplied
/// credit (customer, date, amount; zeros left out). One pass over the payments and one over
/// the allocations, both in payment id order (the allocations' primary key starts with it),
/// merged: no search per payment or per allocation.
fn payment_sums(
    conn: &Connection,
    as_of: NaiveDate,
) -> Result<(HashMap<i64, i64>, Vec<Unapplied>)> {
    let mut allocations = conn.prepare_cached(
        "SELECT payment_id, invoice_id, amount_cents FROM payment_allocations
         ORDER BY payment_id, invoice_id",
    )?;
    let mut allocations = allocations.query([])?;
    let mut next_allocation = || -> Result<Option<(i64, i64, i64)>> {
        Ok(match allocations.next()? {
            Some(r) => Some((r.get(0)?, r.get(1)?, r.get(2)?)),
            None => None,
        })
    };
    let mut allocation = next_allocation()?;
    let mut payments = conn.prepare_cached(
        "SELECT id, customer_id, date, amount_cents FROM payments WHERE date <= ?1 ORDER BY id",
    )?;
    let mut rows = payments.query([as_of.to_string()])?;
    let mut paid: HashMap<i64, i64> = HashMap::new();
    let mut unapplied = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let mut left: i64 = r.get(3)?;
        while let Some((payment, invoice, cents)) = allocation {
            if payment > id {
                break;
            }
            if payment == id {
                *paid.entry(invoice).or_default() += cents;
                left -= cents;
            }
            allocation = next_allocation()?;
        }
        if left != 0 {
            unapplied.push((r.get(1)?, date_at(r, 2)?, Money::from_cents(left)));
        }
    }
    Ok((paid, unapplied))
}

/// A day after every real date, for "as of now".
fn far() -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 31).expect("valid date")
}

/// `Company::record_payment` inside the caller's transaction (a bank line reconciled with
/// invoices records its payment and its match together).
pub(crate) fn record_payment_in(
    tx: &Transaction<'_>,
    actor: &str,
    p: &NewPayment,
    now: DateTime<Utc>,
) -> Result<PaymentRecord> {
    let mut problems = Vec::new();
    if p.amount.cents() <= 0 {
        problems.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!("a payment received is more than zero, not {}", p.amount),
            )
            .field("amount"),
        );
    }
    if p.reference.len() > 500 {
        problems.push(
            Problem::new(
                ProblemCode::OutOfRange,
                "the reference is at most 500 characters",
            )
            .field("reference"),
        );
    }
    let Some(cust) = customer(tx, p.customer_id)? else {
        return Err(invalid(
            Problem::new(
                ProblemCode::NotFound,
                format!("customer {} does not exist", p.customer_id),
            )
            .field("customer_id"),
        ));
    };
    let treasury = match &p.account {
        Some(a) => a.clone(),
        None => AccountCode::parse(p.method.default_account()).expect("valid code"),
    };
    if !treasury.as_str().starts_with("57") {
        problems.push(
            Problem::new(
                ProblemCode::InvalidAccount,
                format!(
                    "{treasury} is not a cash or bank account; a payment goes to a 57 account \
                     (570 cash, 572 bank)"
                ),
            )
            .field("account"),
        );
    }
    // What is open for this customer, as of any date.
    let open = open_items(tx, far(), Scope::Customer(p.customer_id))?;
    let mut allocations: Vec<(i64, String, Money)> = Vec::new();
    if let Some(given) = &p.allocations {
        for (i, (invoice_id, amount)) in given.iter().enumerate() {
            let row = i as u32 + 1;
            if allocations.iter().any(|a| a.0 == *invoice_id) {
                problems.push(
                    Problem::new(
                        ProblemCode::Duplicate,
                        "the same invoice is named twice; give it one amount",
                    )
                    .at_row(row)
                    .field("invoice_id"),
                );
                continue;
            }
            if amount.cents() <= 0 {
                problems.push(
                    Problem::new(
                        ProblemCode::OutOfRange,
                        format!("an amount applied is more than zero, not {amount}"),
                    )
                    .at_row(row)
                    .field("amount"),
                );
                continue;
            }
            let found: Option<(String, Option<String>, Option<i64>, String)> = tx
                .query_row(
                    "SELECT state, full_number, customer_id, kind FROM invoices WHERE id = ?1",
                    [invoice_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            match found {
                None => problems.push(
                    Problem::new(
                        ProblemCode::NotFound,
                        format!("invoice {invoice_id} does not exist"),
                    )
                    .at_row(row)
                    .field("invoice_id"),
                ),
                Some((state, ..)) if state != "issued" => problems.push(
                    Problem::new(
                        ProblemCode::InvalidCode,
                        format!(
                            "invoice {invoice_id} is not issued; payments apply to issued invoices"
                        ),
                    )
                    .at_row(row)
                    .field("invoice_id"),
                ),
                Some((_, number, cid, kind)) => {
                    let number = number.unwrap_or_default();
                    if cid != Some(p.customer_id) {
                        problems.push(
                            Problem::new(
                                ProblemCode::InvalidCode,
                                format!("invoice {number} is not {}'s", cust.name),
                            )
                            .at_row(row)
                            .field("invoice_id"),
                        );
                    } else if kind == "corrective" {
                        problems.push(
                            Problem::new(
                                ProblemCode::InvalidCode,
                                format!(
                                    "{number} is a credit note; it already reduces the invoice it corrects"
                                ),
                            )
                            .at_row(row)
                            .field("invoice_id"),
                        );
                    } else {
                        let has = open
                            .iter()
                            .find(|o| o.invoice_id == *invoice_id)
                            .map_or(Money::ZERO, |o| o.open);
                        if *amount > has {
                            problems.push(
                                Problem::new(
                                    ProblemCode::OutOfRange,
                                    format!(
                                        "{amount} is more than the {has} open on invoice {number}; \
                                         apply at most {has} (the rest of the payment may stay \
                                         unapplied on the customer)"
                                    ),
                                )
                                .at_row(row)
                                .field("amount")
                                .param("open", has),
                            );
                        } else {
                            allocations.push((*invoice_id, number, *amount));
                        }
                    }
                }
            }
        }
        let applied: Money = allocations.iter().map(|a| a.2).sum();
        if problems.is_empty() && applied > p.amount {
            problems.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    format!(
                        "the amounts applied add up to {applied}, more than the payment of {}",
                        p.amount
                    ),
                )
                .field("allocations"),
            );
        }
    } else {
        let mut left = p.amount;
        for item in open.iter().filter(|i| i.open.cents() > 0) {
            if left.cents() <= 0 {
                break;
            }
            let take = if item.open < left { item.open } else { left };
            allocations.push((item.invoice_id, item.full_number.clone(), take));
            left -= take;
        }
    }
    if !problems.is_empty() {
        return Err(StoreError::Invalid(problems));
    }
    let numbers: Vec<&str> = allocations.iter().map(|a| a.1.as_str()).collect();
    let description = if numbers.is_empty() {
        format!("Cobro a cuenta · {}", cust.name)
    } else {
        format!("Cobro {} · {}", numbers.join(", "), cust.name)
    };
    let reference = if p.reference.trim().is_empty() {
        numbers.join(", ")
    } else {
        p.reference.trim().to_string()
    };
    let entry = payment_entry(p.date, p.amount, &cust.account, &treasury, &description);
    let entry = BalancedEntry::new(entry)
        .map_err(StoreError::Invalid)?
        .with_reference(Some(&reference));
    let (entry_id, fy, number) = Poster::new(tx, now)?.post(&entry, None)?;
    tx.execute(
        "INSERT INTO payments (customer_id, date, amount_cents, method, account, reference,
                               entry_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            p.customer_id,
            p.date.to_string(),
            p.amount.cents(),
            p.method.as_str(),
            treasury.as_str(),
            p.reference.trim(),
            entry_id,
            now.to_rfc3339()
        ],
    )?;
    let id = tx.last_insert_rowid();
    for (invoice_id, _, amount) in &allocations {
        tx.execute(
            "INSERT INTO payment_allocations (payment_id, invoice_id, amount_cents)
             VALUES (?1, ?2, ?3)",
            params![id, invoice_id, amount.cents()],
        )?;
    }
    let rec = read_payment(tx, id)?;
    audit::append(
        tx,
        now,
        actor,
        &Change {
            record: &format!("payment:{id}"),
            action: "record",
            after: Some(&format!(
                "{} {} {} from {} to {}, applied to [{}], unapplied {}, entry {number}/{fy}",
                rec.date,
                rec.amount,
                rec.method.as_str(),
                rec.customer_name,
                rec.account,
                rec.allocations
                    .iter()
                    .map(|a| format!("{} {}", a.full_number, a.amount))
                    .collect::<Vec<_>>()
                    .join(", "),
                rec.unapplied
            )),
            ..Change::default()
        },
    )?;
    Ok(rec)
}

impl Company {
    /// Records a payment received, applies it and posts its entry, in one transaction.
    /// Refused (nothing written): a non-positive amount, an unknown customer, a treasury
    /// account outside 57, an allocation to an invoice that is not the customer's issued
    /// invoice or larger than what it has open, allocations adding up to more than the
    /// payment. A payment larger than what it applies is accepted: the rest stays on the
    /// customer as unapplied credit and the result's `notice` says so.
    pub fn record_payment(&mut self, p: &NewPayment, now: DateTime<Utc>) -> Result<PaymentRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let rec = record_payment_in(&tx, &self.actor, p, now)?;
        tx.commit()?;
        Ok(rec)
    }

    pub fn payment(&self, id: i64) -> Result<PaymentRecord> {
        read_payment(&self.conn, id)
    }

    /// Payments, newest first; of one customer when given.
    pub fn payments(&self, customer_id: Option<i64>) -> Result<Vec<PaymentRecord>> {
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(
                "SELECT id FROM payments WHERE ?1 IS NULL OR customer_id = ?1
                 ORDER BY date DESC, id DESC",
            )?
            .query_map([customer_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .map(|id| read_payment(&self.conn, id))
            .collect()
    }

    /// Issued invoices with an open amount as of `as_of` (payments and credit notes dated up
    /// to that day), oldest due first; of one customer when given.
    pub fn open_invoices(
        &self,
        as_of: NaiveDate,
        customer_id: Option<i64>,
    ) -> Result<Vec<OpenItem>> {
        let scope = customer_id.map_or(Scope::All, Scope::Customer);
        open_items(&self.conn, as_of, scope)
    }

    /// A customer's unapplied credit (payments not applied to invoices).
    pub fn unapplied_credit(&self, customer_id: i64) -> Result<Money> {
        // Its own payments only (by `payments_customer`), not the whole book's.
        let cents: i64 = self
            .conn
            .prepare_cached(
                "SELECT coalesce(sum(p.amount_cents - coalesce((SELECT sum(a.amount_cents)
                        FROM payment_allocations a WHERE a.payment_id = p.id), 0)), 0)
             FROM payments p WHERE p.customer_id = ?1",
            )?
            .query_row([customer_id], |r| r.get(0))?;
        Ok(Money::from_cents(cents))
    }

    /// Receivables aging as of `as_of`: each customer's open invoices by how overdue they
    /// are (core::aging buckets), unapplied payments as credits in their bucket, and the total.
    pub fn receivables_aging(&self, as_of: NaiveDate) -> Result<AgingReport> {
        // Only what aging needs of each open invoice: no OpenItem, no reminders, no sort.
        let mut items: Vec<(i64, NaiveDate, Money)> = Vec::new();
        // Each customer's name as on its last open invoice (by due date, issue date, id):
        // that invoice is found here, its name read once at the end.
        let mut last: BTreeMap<i64, (NaiveDate, NaiveDate, i64)> = BTreeMap::new();
        let (paid, unapplied_rows) = payment_sums(&self.conn, as_of)?;
        each_open(&self.conn, as_of, &paid, |r, open| {
            let cid = r.get::<_, Option<i64>>(1)?.unwrap_or(0);
            let due = date_at(r, 2)?;
            items.push((cid, due, Money::from_cents(open)));
            let key = (due, date_at(r, 3)?, r.get::<_, i64>(0)?);
            let at = last.entry(cid).or_insert(key);
            *at = (*at).max(key);
            Ok(())
        })?;
        let mut names: BTreeMap<i64, String> = BTreeMap::new();
        let mut name = self
            .conn
            .prepare_cached("SELECT coalesce(customer_name, '') FROM invoices WHERE id = ?1")?;
        for (cid, (_, _, id)) in last {
            names.insert(cid, name.query_row([id], |r| r.get(0))?);
        }
        let mut unapplied: BTreeMap<i64, Money> = BTreeMap::new();
        for &(cid, _, amount) in &unapplied_rows {
            *unapplied.entry(cid).or_default() += amount;
            if let Entry::Vacant(e) = names.entry(cid) {
                e.insert(
                    customer(&self.conn, cid)?
                        .map(|c| c.name)
                        .unwrap_or_default(),
                );
            }
        }
        let by = age_by(
            items
                .into_iter()
                .chain(unapplied_rows.iter().map(|u| (u.0, u.1, -u.2))),
            as_of,
        );
        let mut total = AgingTotals::default();
        let mut customers = Vec::new();
        for (cid, totals) in by {
            total.merge(&totals);
            customers.push(CustomerAging {
                customer_id: cid,
                customer_name: names.get(&cid).cloned().unwrap_or_default(),
                totals,
                unapplied: unapplied.get(&cid).copied().unwrap_or_default(),
            });
        }
        customers.sort_by(|a, b| {
            a.customer_name
                .to_lowercase()
                .cmp(&b.customer_name.to_lowercase())
                .then(a.customer_id.cmp(&b.customer_id))
        });
        Ok(AgingReport {
            as_of,
            customers,
            total,
        })
    }

    /// Invoices past their due date on `as_of` with something still owed, most overdue first.
    pub fn overdue_invoices(&self, as_of: NaiveDate) -> Result<Vec<OpenItem>> {
        let mut items: Vec<OpenItem> = open_items(&self.conn, as_of, Scope::Overdue)?;
        debug_assert!(items
            .iter()
            .all(|i| i.days_overdue > 0 && i.open.cents() > 0));
        items.sort_by_key(|i| (std::cmp::Reverse(i.days_overdue), i.invoice_id));
        Ok(items)
    }

    /// Records reminder `level` (1 friendly, 2 firm, 3 final notice) for an overdue invoice on
    /// `date`, with the Ley 3/2004 interest on what is open when `rates` are given. A reminder
    /// is never recorded twice for the same invoice and level.
    pub fn record_reminder(
        &mut self,
        invoice_id: i64,
        level: u8,
        date: NaiveDate,
        rates: Option<&[SemesterRate]>,
        now: DateTime<Utc>,
    ) -> Result<ReminderRecord> {
        self.record_reminder_with_letter(invoice_id, level, date, rates, None, now)
    }

    /// `record_reminder`, archiving the letter sent (`letter`, the PDF as printed) under
    /// Correspondencia, linked to the invoice and its customer, in the same transaction.
    pub fn record_reminder_with_letter(
        &mut self,
        invoice_id: i64,
        level: u8,
        date: NaiveDate,
        rates: Option<&[SemesterRate]>,
        letter: Option<&crate::IssuedFile>,
        now: DateTime<Utc>,
    ) -> Result<ReminderRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if !(1..=3).contains(&level) {
            return Err(invalid(
                Problem::new(
                    ProblemCode::OutOfRange,
                    format!("a reminder is level 1, 2 or 3, not {level}"),
                )
                .field("level"),
            ));
        }
        let item = open_items(&tx, date, Scope::Invoice(invoice_id))?
            .into_iter()
            .next();
        let Some(item) = item else {
            let number: Option<Option<String>> = tx
                .query_row(
                    "SELECT full_number FROM invoices WHERE id = ?1",
                    [invoice_id],
                    |r| r.get(0),
                )
                .optional()?;
            return Err(invalid(match number {
                None => Problem::new(
                    ProblemCode::NotFound,
                    format!("invoice {invoice_id} does not exist"),
                )
                .field("invoice_id"),
                Some(None) => Problem::new(
                    ProblemCode::InvalidCode,
                    format!("invoice {invoice_id} is not issued; only issued invoices are chased"),
                )
                .field("invoice_id"),
                Some(Some(n)) => Problem::new(
                    ProblemCode::InvalidCode,
                    format!("invoice {n} has nothing open on {date}; there is nothing to chase"),
                )
                .field("invoice_id"),
            }));
        };
        if item.days_overdue == 0 || item.open.cents() <= 0 {
            return Err(invalid(
                Problem::new(
                    ProblemCode::InvalidDate,
                    format!(
                        "invoice {} is due on {}; on {date} it is not overdue yet",
                        item.full_number, item.due_date
                    ),
                )
                .field("date"),
            ));
        }
        let earlier: Option<String> = tx
            .query_row(
                "SELECT date FROM reminders WHERE invoice_id = ?1 AND level = ?2",
                params![invoice_id, level],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(on) = earlier {
            return Err(invalid(
                Problem::new(
                    ProblemCode::Duplicate,
                    format!(
                        "a level {level} reminder for invoice {} was already recorded on {on}; \
                         a reminder is never produced twice for the same invoice and level",
                        item.full_number
                    ),
                )
                .field("level")
                .param("level", level)
                .param("date", on),
            ));
        }
        let interest = match rates {
            Some(r) => {
                late_payment_interest(item.open, item.due_date, date, r)
                    .map_err(invalid)?
                    .interest
            }
            None => Money::ZERO,
        };
        tx.execute(
            "INSERT INTO reminders (invoice_id, level, date, open_cents, interest_cents, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                invoice_id,
                level,
                date.to_string(),
                item.open.cents(),
                interest.cents(),
                now.to_rfc3339()
            ],
        )?;
        let id = tx.last_insert_rowid();
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("invoice:{invoice_id}"),
                action: "reminder",
                after: Some(&format!(
                    "level {level} on {date} for {}: open {}, interest {interest}",
                    item.full_number, item.open
                )),
                ..Change::default()
            },
        )?;
        if let Some(letter) = letter {
            let customer: Option<(Option<i64>, String)> = tx
                .query_row(
                    "SELECT customer_id, coalesce(customer_name, '') FROM invoices WHERE id = ?1",
                    [invoice_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let (customer_id, name) = customer.unwrap_or((None, String::new()));
            let mut links = vec![crate::RecordRef::new("invoice", invoice_id)];
            if let Some(c) = customer_id {
                links.push(crate::RecordRef::new("customer", c));
            }
            crate::issued::archive_issued_in(
                &tx,
                letter,
                "correspondencia",
                &format!("Recordatorio {level} · {} · {name}", item.full_number),
                date,
                &["recordatorio"],
                links,
                &self.actor,
                now,
            )?;
        }
        tx.commit()?;
        Ok(ReminderRecord {
            id,
            invoice_id,
            full_number: item.full_number,
            level,
            date,
            open: item.open,
            interest,
            created_at: now.to_rfc3339(),
        })
    }

    /// The reminders recorded, of one invoice when given, oldest first.
    pub fn reminders(&self, invoice_id: Option<i64>) -> Result<Vec<ReminderRecord>> {
        let rows = self
            .conn
            .prepare_cached(
                "SELECT m.id, m.invoice_id, coalesce(i.full_number, ''), m.level, m.date,
                        m.open_cents, m.interest_cents, m.created_at
                 FROM reminders m JOIN invoices i ON i.id = m.invoice_id
                 WHERE ?1 IS NULL OR m.invoice_id = ?1 ORDER BY m.date, m.id",
            )?
            .query_map([invoice_id], |r| {
                Ok(ReminderRecord {
                    id: r.get(0)?,
                    invoice_id: r.get(1)?,
                    full_number: r.get(2)?,
                    level: r.get(3)?,
                    date: parse_date(&r.get::<_, String>(4)?, 4)?,
                    open: Money::from_cents(r.get(5)?),
                    interest: Money::from_cents(r.get(6)?),
                    created_at: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
