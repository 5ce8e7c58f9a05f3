//! Payments made to suppliers and what they settle, the payables aging and the supplier
//! statement. A payment posts its entry (the supplier's 400 debited, the cash or bank account
//! credited) in its own transaction, applies to one or several of the supplier's bills, and
//! keeps what it does not apply as an advance on the supplier. A blocked supplier is not paid.
//! Payments are never edited (triggers); a mistake is undone by a reversing payment.
//!
//! Open items are per instalment: what was settled on a bill (payments, credit bills) pays
//! its instalments in order, the rest of each is open on its own due date.

use crate::audit::{self, Change};
use crate::bills::invalid;
use crate::journal::Poster;
use crate::payments::PaymentMethod;
use crate::suppliers::read_supplier;
use crate::{Company, Result, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use std::collections::BTreeMap;
use trastienda_core::aging::{age_by, days_overdue, AgingTotals};
use trastienda_core::bill::{supplier_payment_entry, PurchaseAccounts};
use trastienda_core::{AccountCode, BalancedEntry, Money, Problem, ProblemCode};

/// A payment to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSupplierPayment {
    pub supplier_id: i64,
    pub date: NaiveDate,
    /// Positive: money paid out.
    pub amount: Money,
    pub method: PaymentMethod,
    /// The treasury account credited (57x); `None` takes the method's default.
    pub account: Option<AccountCode>,
    pub reference: String,
    /// (bill id, amount); `None` applies the payment to the supplier's open bills, earliest
    /// due first; an empty list applies nothing (an advance).
    pub allocations: Option<Vec<(i64, Money)>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillAllocation {
    pub bill_id: i64,
    pub supplier_number: String,
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierPaymentRecord {
    pub id: i64,
    pub supplier_id: i64,
    pub supplier_name: String,
    pub date: NaiveDate,
    pub amount: Money,
    pub method: PaymentMethod,
    pub account: String,
    pub reference: String,
    pub run_id: Option<i64>,
    pub entry_id: i64,
    pub allocations: Vec<BillAllocation>,
    /// What the payment does not apply to any bill: an advance kept on the supplier.
    pub unapplied: Money,
    pub notice: Option<String>,
    pub created_at: String,
}

/// One instalment of a bill with something still owed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenBill {
    pub bill_id: i64,
    pub supplier_id: i64,
    pub supplier_name: String,
    pub supplier_number: String,
    pub date: NaiveDate,
    pub due_date: NaiveDate,
    pub total: Money,
    /// Open on this instalment.
    pub open: Money,
    pub days_overdue: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierAging {
    pub supplier_id: i64,
    pub supplier_name: String,
    pub tax_id: String,
    pub totals: AgingTotals,
    /// Advances not applied to bills, included in `totals` as debits in their bucket.
    pub unapplied: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayablesAging {
    pub as_of: NaiveDate,
    pub suppliers: Vec<SupplierAging>,
    pub total: AgingTotals,
}

/// A movement of a supplier's account: a bill (credit: owed), a credit bill, a payment
/// (debit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierMovement {
    pub date: NaiveDate,
    pub document: String,
    pub concept: String,
    pub debit: Money,
    pub credit: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierStatement {
    pub supplier_id: i64,
    pub supplier_name: String,
    pub tax_id: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// What was owed before `from`.
    pub opening: Money,
    pub lines: Vec<SupplierMovement>,
    /// What is owed at the end: opening + credits − debits.
    pub closing: Money,
}

fn far() -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 31).expect("valid date")
}

fn date_col(r: &rusqlite::Row<'_>, col: usize) -> rusqlite::Result<NaiveDate> {
    crate::journal::parse_date(&r.get::<_, String>(col)?, col)
}

/// Each bill with something open on `as_of`, split by instalment, of one supplier when given;
/// ordered by due date, then bill.
///
/// Not a correlated search per bill: what payments dated up to `as_of` applied and what
/// credit bills credited are summed per bill in one pass each, and the bills and their due
/// dates, both read in bill id order (the due dates' primary key starts with it), are merged.
/// The unary `+` keeps the planner off `bills_date` for the whole book (one pass over the
/// table instead of a lookup per row).
pub(crate) fn open_bills(
    conn: &Connection,
    as_of: NaiveDate,
    supplier: Option<i64>,
) -> Result<Vec<OpenBill>> {
    use std::collections::HashMap;
    let day = as_of.to_string();
    // `?2 IS NULL` for the whole book; one supplier's rows through its index otherwise.
    // (`number_key <> ''` lets SQLite use the partial index `bills_supplier_number`: a bill's
    // and a credit bill's number is required, so every one of them has a key.)
    let scope = if supplier.is_some() {
        "b.supplier_id = ?2 AND b.number_key <> ''"
    } else {
        "?2 IS NULL"
    };
    let mut paid: HashMap<i64, i64> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT a.bill_id, a.amount_cents
             FROM bills b JOIN supplier_payment_allocations a ON a.bill_id = b.id
             JOIN supplier_payments p ON p.id = a.payment_id
             WHERE {scope} AND p.date <= ?1"
        ))?;
        let mut rows = stmt.query(params![day, supplier])?;
        while let Some(r) = rows.next()? {
            *paid.entry(r.get(0)?).or_default() += r.get::<_, i64>(1)?;
        }
    }
    let mut credited: HashMap<i64, i64> = HashMap::new();
    {
        // Few rows: found through `bills_corrects`, not one supplier's index.
        let mut stmt = conn.prepare_cached(
            "SELECT b.corrects_id, sum(b.total_cents) FROM bills b
             WHERE b.corrects_id IS NOT NULL AND (?2 IS NULL OR +b.supplier_id = ?2)
               AND +b.date <= ?1
             GROUP BY b.corrects_id",
        )?;
        let mut rows = stmt.query(params![day, supplier])?;
        while let Some(r) = rows.next()? {
            credited.insert(r.get(0)?, r.get(1)?);
        }
    }
    let mut dues = conn.prepare_cached(&format!(
        "SELECT d.bill_id, d.due_date, d.amount_cents
         FROM bill_due_dates d JOIN bills b ON b.id = d.bill_id
         WHERE {scope} AND b.kind = 'bill' AND +b.date <= ?1
         ORDER BY d.bill_id, d.seq"
    ))?;
    let mut dues = dues.query(params![day, supplier])?;
    let mut read_due = || -> Result<Option<(i64, NaiveDate, i64)>> {
        Ok(match dues.next()? {
            Some(d) => Some((d.get(0)?, date_col(d, 1)?, d.get(2)?)),
            None => None,
        })
    };
    let mut next_due = read_due()?;
    let mut bills = conn.prepare_cached(&format!(
        "SELECT b.id, b.supplier_id, b.supplier_name, b.supplier_number, b.date, b.total_cents
         FROM bills b
         WHERE {scope} AND b.kind = 'bill' AND +b.date <= ?1
         ORDER BY b.id"
    ))?;
    let mut rows = bills.query(params![day, supplier])?;
    let mut out = Vec::new();
    let mut parts: Vec<(NaiveDate, i64)> = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let total: i64 = r.get(5)?;
        let open =
            total + credited.get(&id).copied().unwrap_or(0) - paid.get(&id).copied().unwrap_or(0);
        // This bill's due dates (skipping any of bills not read here).
        parts.clear();
        while let Some((bill, due, amount)) = next_due {
            if bill > id {
                break;
            }
            if bill == id {
                parts.push((due, amount));
            }
            next_due = read_due()?;
        }
        if open == 0 {
            continue;
        }
        let (sid, name, number, date): (i64, String, String, NaiveDate) =
            (r.get(1)?, r.get(2)?, r.get(3)?, date_col(r, 4)?);
        // What was settled pays the instalments in order; a bill settled beyond its total
        // (a credit bill larger than what was open) shows its negative rest on the last.
        let mut settled = total - open;
        let n = parts.len();
        for (i, &(due, amount)) in parts.iter().enumerate() {
            let take = if i + 1 == n {
                settled
            } else {
                settled.clamp(0, amount.max(0))
            };
            settled -= take;
            let left = amount - take;
            if left != 0 {
                out.push(OpenBill {
                    bill_id: id,
                    supplier_id: sid,
                    supplier_name: name.clone(),
                    supplier_number: number.clone(),
                    date,
                    due_date: due,
                    total: Money::from_cents(total),
                    open: Money::from_cents(left),
                    days_overdue: days_overdue(due, as_of),
                });
            }
        }
    }
    out.sort_by_key(|o| (o.due_date, o.date, o.bill_id));
    Ok(out)
}

/// Advances: each supplier's payments (dated up to `as_of`) less what they applied. Only the
/// payments with something unapplied leave SQLite (most are applied in full).
fn advances(conn: &Connection, as_of: NaiveDate) -> Result<Vec<(i64, NaiveDate, Money)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT supplier_id, date, unapplied
         FROM (SELECT p.supplier_id, p.date,
                      p.amount_cents - coalesce((SELECT sum(a.amount_cents)
                                                 FROM supplier_payment_allocations a
                                                 WHERE a.payment_id = p.id), 0) AS unapplied
               FROM supplier_payments p WHERE p.date <= ?1)
         WHERE unapplied <> 0",
    )?;
    let rows = stmt
        .query_map([as_of.to_string()], |r| {
            Ok((r.get(0)?, date_col(r, 1)?, Money::from_cents(r.get(2)?)))
        })?
        .collect::<rusqlite::Result<Vec<(i64, NaiveDate, Money)>>>()?;
    Ok(rows)
}

pub(crate) fn record_supplier_payment_in(
    tx: &Transaction<'_>,
    actor: &str,
    p: &NewSupplierPayment,
    run_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<SupplierPaymentRecord> {
    let mut problems = Vec::new();
    if p.amount.cents() <= 0 {
        problems.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!("a payment made is more than zero, not {}", p.amount),
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
    let supplier = read_supplier(tx, p.supplier_id).map_err(|e| match e {
        StoreError::NotFound(_) => invalid(
            Problem::new(
                ProblemCode::NotFound,
                format!("supplier {} does not exist", p.supplier_id),
            )
            .field("supplier_id"),
        ),
        e => e,
    })?;
    let name = supplier.input.legal_name.clone();
    if supplier.status == "blocked" {
        return Err(invalid(
            Problem::new(
                ProblemCode::InvalidCode,
                format!(
                    "{name} is blocked ({}); unblock the supplier before paying it",
                    supplier.block_reason.clone().unwrap_or_default()
                ),
            )
            .field("supplier_id"),
        ));
    }
    let treasury = match &p.account {
        Some(a) => a.clone(),
        None => AccountCode::parse(p.method.default_account()).expect("valid code"),
    };
    if !treasury.as_str().starts_with("57") {
        problems.push(
            Problem::new(
                ProblemCode::InvalidAccount,
                format!(
                    "{treasury} is not a cash or bank account; a payment comes from a 57 account \
                     (570 cash, 572 bank)"
                ),
            )
            .field("account"),
        );
    }
    let open = open_bills(tx, far(), Some(p.supplier_id))?;
    let open_of = |id: i64| -> Money {
        open.iter()
            .filter(|o| o.bill_id == id)
            .map(|o| o.open)
            .sum()
    };
    let mut allocations: Vec<(i64, String, Money)> = Vec::new();
    if let Some(given) = &p.allocations {
        for (i, (bill_id, amount)) in given.iter().enumerate() {
            let row = i as u32 + 1;
            if allocations.iter().any(|a| a.0 == *bill_id) {
                problems.push(
                    Problem::new(
                        ProblemCode::Duplicate,
                        "the same bill is named twice; give it one amount",
                    )
                    .at_row(row)
                    .field("bill_id"),
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
            let found: Option<(Option<i64>, String, String)> = tx
                .query_row(
                    "SELECT supplier_id, kind, supplier_number FROM bills WHERE id = ?1",
                    [bill_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            match found {
                None => problems.push(
                    Problem::new(
                        ProblemCode::NotFound,
                        format!("bill {bill_id} does not exist"),
                    )
                    .at_row(row)
                    .field("bill_id"),
                ),
                Some((sid, kind, number)) => {
                    if sid != Some(p.supplier_id) || kind != "bill" {
                        problems.push(
                            Problem::new(
                                ProblemCode::InvalidCode,
                                format!("{number} is not a bill of {name}"),
                            )
                            .at_row(row)
                            .field("bill_id"),
                        );
                    } else {
                        let has = open_of(*bill_id);
                        if *amount > has {
                            problems.push(
                                Problem::new(
                                    ProblemCode::OutOfRange,
                                    format!(
                                        "{amount} is more than the {has} open on bill {number}; \
                                         apply at most {has}"
                                    ),
                                )
                                .at_row(row)
                                .field("amount")
                                .param("open", has),
                            );
                        } else {
                            allocations.push((*bill_id, number, *amount));
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
            match allocations.iter_mut().find(|a| a.0 == item.bill_id) {
                Some(a) => a.2 += take,
                None => allocations.push((item.bill_id, item.supplier_number.clone(), take)),
            }
            left -= take;
        }
    }
    if !problems.is_empty() {
        return Err(StoreError::Invalid(problems));
    }
    let numbers: Vec<&str> = allocations.iter().map(|a| a.1.as_str()).collect();
    let description = if numbers.is_empty() {
        format!("Pago a cuenta · {name}")
    } else {
        format!("Pago {} · {name}", numbers.join(", "))
    };
    let reference = if p.reference.trim().is_empty() {
        numbers.join(", ")
    } else {
        p.reference.trim().to_string()
    };
    let entry = supplier_payment_entry(
        p.date,
        p.amount,
        &PurchaseAccounts::pgc_pymes().supplier,
        &treasury,
        &description,
    );
    let entry = BalancedEntry::new(entry)
        .map_err(StoreError::Invalid)?
        .with_reference(
            Some(&reference)
                .filter(|r| !r.is_empty())
                .map(|r| r.as_str()),
        );
    let (entry_id, fy, number) = Poster::new(tx, now)?.post(&entry, None)?;
    tx.execute(
        "INSERT INTO supplier_payments (supplier_id, date, amount_cents, method, account,
                                        reference, run_id, entry_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            p.supplier_id,
            p.date.to_string(),
            p.amount.cents(),
            p.method.as_str(),
            treasury.as_str(),
            p.reference.trim(),
            run_id,
            entry_id,
            now.to_rfc3339()
        ],
    )?;
    let id = tx.last_insert_rowid();
    for (bill_id, _, amount) in &allocations {
        tx.execute(
            "INSERT INTO supplier_payment_allocations (payment_id, bill_id, amount_cents)
             VALUES (?1, ?2, ?3)",
            params![id, bill_id, amount.cents()],
        )?;
    }
    let rec = read_payment(tx, id)?;
    audit::append(
        tx,
        now,
        actor,
        &Change {
            record: &format!("supplier_payment:{id}"),
            action: "record",
            after: Some(&format!(
                "{} {} {} to {} from {}, applied to [{}], unapplied {}, entry {number}/{fy}",
                rec.date,
                rec.amount,
                rec.method.as_str(),
                rec.supplier_name,
                rec.account,
                rec.allocations
                    .iter()
                    .map(|a| format!("{} {}", a.supplier_number, a.amount))
                    .collect::<Vec<_>>()
                    .join(", "),
                rec.unapplied
            )),
            ..Change::default()
        },
    )?;
    Ok(rec)
}

pub(crate) fn read_payment(conn: &Connection, id: i64) -> Result<SupplierPaymentRecord> {
    let mut rec = conn
        .query_row(
            "SELECT p.id, p.supplier_id, s.legal_name, p.date, p.amount_cents, p.method,
                    p.account, p.reference, p.run_id, p.entry_id, p.created_at
             FROM supplier_payments p JOIN suppliers s ON s.id = p.supplier_id
             WHERE p.id = ?1",
            [id],
            |r| {
                let method: String = r.get(5)?;
                Ok(SupplierPaymentRecord {
                    id: r.get(0)?,
                    supplier_id: r.get(1)?,
                    supplier_name: r.get(2)?,
                    date: date_col(r, 3)?,
                    amount: Money::from_cents(r.get(4)?),
                    method: PaymentMethod::parse(&method).unwrap_or(PaymentMethod::Other),
                    account: r.get(6)?,
                    reference: r.get(7)?,
                    run_id: r.get(8)?,
                    entry_id: r.get(9)?,
                    allocations: Vec::new(),
                    unapplied: Money::ZERO,
                    notice: None,
                    created_at: r.get(10)?,
                })
            },
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("supplier payment {id}")))?;
    rec.allocations = conn
        .prepare_cached(
            "SELECT a.bill_id, b.supplier_number, a.amount_cents
             FROM supplier_payment_allocations a JOIN bills b ON b.id = a.bill_id
             WHERE a.payment_id = ?1 ORDER BY a.bill_id",
        )?
        .query_map([id], |r| {
            Ok(BillAllocation {
                bill_id: r.get(0)?,
                supplier_number: r.get(1)?,
                amount: Money::from_cents(r.get(2)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let applied: Money = rec.allocations.iter().map(|a| a.amount).sum();
    rec.unapplied = rec.amount - applied;
    if !rec.unapplied.is_zero() {
        rec.notice = Some(format!(
            "{} of the payment is not applied to any bill: it stays as an advance to {}",
            rec.unapplied, rec.supplier_name
        ));
    }
    Ok(rec)
}

impl Company {
    /// Records a payment made, applies it and posts its entry, in one transaction. Refused
    /// (nothing written): a non-positive amount, an unknown or blocked supplier, a treasury
    /// account outside 57, an allocation to what is not the supplier's bill or more than it
    /// has open, allocations adding up to more than the payment.
    pub fn record_supplier_payment(
        &mut self,
        p: &NewSupplierPayment,
        now: DateTime<Utc>,
    ) -> Result<SupplierPaymentRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let rec = record_supplier_payment_in(&tx, &self.actor, p, None, now)?;
        tx.commit()?;
        Ok(rec)
    }

    pub fn supplier_payment(&self, id: i64) -> Result<SupplierPaymentRecord> {
        read_payment(&self.conn, id)
    }

    /// Payments made, newest first; of one supplier when given.
    pub fn supplier_payments(
        &self,
        supplier_id: Option<i64>,
    ) -> Result<Vec<SupplierPaymentRecord>> {
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(
                "SELECT id FROM supplier_payments WHERE ?1 IS NULL OR supplier_id = ?1
                 ORDER BY date DESC, id DESC LIMIT 2000",
            )?
            .query_map([supplier_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .map(|id| read_payment(&self.conn, id))
            .collect()
    }

    /// What is owed, per instalment, on `as_of`; of one supplier when given.
    pub fn open_bills(&self, as_of: NaiveDate, supplier_id: Option<i64>) -> Result<Vec<OpenBill>> {
        open_bills(&self.conn, as_of, supplier_id)
    }

    /// What a supplier is owed now (bills less credits and payments, advances deducted).
    pub fn supplier_balance(&self, supplier_id: i64) -> Result<Money> {
        let owed: Money = open_bills(&self.conn, far(), Some(supplier_id))?
            .iter()
            .map(|o| o.open)
            .sum();
        let advanced: Money = advances(&self.conn, far())?
            .iter()
            .filter(|a| a.0 == supplier_id)
            .map(|a| a.2)
            .sum();
        Ok(owed - advanced)
    }

    /// The payables aging on `as_of`: each supplier's open instalments by how overdue they
    /// are, advances as debits in their bucket, and the total.
    pub fn payables_aging(&self, as_of: NaiveDate) -> Result<PayablesAging> {
        let open = open_bills(&self.conn, as_of, None)?;
        let adv = advances(&self.conn, as_of)?;
        let mut unapplied: BTreeMap<i64, Money> = BTreeMap::new();
        for (sid, _, m) in &adv {
            *unapplied.entry(*sid).or_default() += *m;
        }
        let by = age_by(
            open.iter()
                .map(|o| (o.supplier_id, o.due_date, o.open))
                .chain(adv.iter().map(|a| (a.0, a.1, -a.2))),
            as_of,
        );
        let mut total = AgingTotals::default();
        let mut suppliers = Vec::new();
        for (sid, totals) in by {
            total.merge(&totals);
            let (name, tax_id) = match read_supplier(&self.conn, sid) {
                Ok(s) => (s.input.legal_name, s.input.tax_id),
                Err(_) => (String::new(), String::new()),
            };
            suppliers.push(SupplierAging {
                supplier_id: sid,
                supplier_name: name,
                tax_id,
                totals,
                unapplied: unapplied.get(&sid).copied().unwrap_or_default(),
            });
        }
        suppliers.sort_by(|a, b| {
            a.supplier_name
                .to_lowercase()
                .cmp(&b.supplier_name.to_lowercase())
                .then(a.supplier_id.cmp(&b.supplier_id))
        });
        Ok(PayablesAging {
            as_of,
            suppliers,
            total,
        })
    }

    /// A supplier's statement: bills (credit), credit bills (debit), payments (debit) dated in
    /// the period, with what was owed before it.
    pub fn supplier_statement(
        &self,
        supplier_id: i64,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<SupplierStatement> {
        let s = read_supplier(&self.conn, supplier_id)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT date, kind, supplier_number, description, total_cents, id FROM bills
             WHERE supplier_id = ?1 AND kind IN ('bill', 'credit')
             UNION ALL
             SELECT date, 'payment', reference, method, -amount_cents, id FROM supplier_payments
             WHERE supplier_id = ?1
             ORDER BY 1, 6",
        )?;
        let all: Vec<(NaiveDate, String, String, String, i64)> = stmt
            .query_map([supplier_id], |r| {
                Ok((date_col(r, 0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut opening = Money::ZERO;
        let mut lines = Vec::new();
        for (date, kind, doc, text, signed) in all {
            let amount = Money::from_cents(signed);
            if from.is_some_and(|f| date < f) {
                opening += amount;
                continue;
            }
            if to.is_some_and(|t| date > t) {
                continue;
            }
            let (document, concept) = match kind.as_str() {
                "bill" => (
                    doc,
                    if text.is_empty() {
                        "Factura".into()
                    } else {
                        text
                    },
                ),
                "credit" => (
                    doc,
                    if text.is_empty() {
                        "Abono".into()
                    } else {
                        text
                    },
                ),
                _ => (
                    if doc.is_empty() { "Pago".into() } else { doc },
                    format!(
                        "Pago ({})",
                        match text.as_str() {
                            "bank" => "transferencia",
                            "cash" => "efectivo",
                            "card" => "tarjeta",
                            "direct_debit" => "domiciliación",
                            _ => "otro",
                        }
                    ),
                ),
            };
            // Owed grows on the credit side: a bill is a credit, a payment a debit.
            let (debit, credit) = if amount.is_negative() {
                (-amount, Money::ZERO)
            } else {
                (Money::ZERO, amount)
            };
            lines.push(SupplierMovement {
                date,
                document,
                concept,
                debit,
                credit,
            });
        }
        let closing = opening + lines.iter().map(|l| l.credit - l.debit).sum::<Money>();
        Ok(SupplierStatement {
            supplier_id,
            supplier_name: s.input.legal_name,
            tax_id: s.input.tax_id,
            from,
            to,
            opening,
            lines,
            closing,
        })
    }
}
