//! Supplier bills, credit bills and quick expenses: each is checked, posted and stored in one
//! transaction and never changed after (the triggers of 0005_purchases.sql). A bill's lines
//! must add up to the total typed from the supplier's paper (`core::bill::check_bill`); the
//! supplier's own number is unique per supplier (case, spaces and dashes ignored). A bill
//! made from a purchase order marks the order billed. The VAT input summary reads the
//! per-rate breakdown stored with each bill.

use crate::audit::{self, Change};
use crate::journal::Poster;
use crate::parties::check_leaf_account;
use crate::suppliers::read_supplier;
use crate::{Company, Result, StoreError};
use chrono::{DateTime, Days, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use rust_decimal::Decimal;
use std::str::FromStr;
use trastienda_core::bill::{
    bill_entry, check_bill, compute_bill, instalments, quick_expense, BillDraft, BillLine,
    BillTotals, PurchaseAccounts, VatTreatment,
};
use trastienda_core::invoice::VatRules;
use trastienda_core::{AccountCode, BalancedEntry, Money, Problem, ProblemCode};

/// What a bill is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BillKind {
    Bill,
    Credit,
    Expense,
}

impl BillKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BillKind::Bill => "bill",
            BillKind::Credit => "credit",
            BillKind::Expense => "expense",
        }
    }
    pub fn parse(s: &str) -> Option<BillKind> {
        match s {
            "bill" => Some(BillKind::Bill),
            "credit" => Some(BillKind::Credit),
            "expense" => Some(BillKind::Expense),
            _ => None,
        }
    }
}

/// A line as typed; numbers as text so each problem can name its row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BillLineInput {
    pub description: String,
    /// "1", "2.5"; negative on a credit bill.
    pub quantity: String,
    pub unit_price: Money,
    /// "21", "10", "4", "0".
    pub vat_rate: String,
    /// 6xx or 2xx; empty takes the supplier's default expense account.
    pub account: Option<String>,
    /// The purchase order line it bills, when made from an order.
    pub order_line_no: Option<i64>,
}

/// A supplier bill (or credit bill) as typed from the paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillInput {
    pub supplier_id: i64,
    /// The supplier's own number.
    pub supplier_number: String,
    pub date: NaiveDate,
    pub lines: Vec<BillLineInput>,
    /// `None` takes the supplier's.
    pub vat_treatment: Option<String>,
    /// `None` takes the supplier's; "0" for none.
    pub irpf_pct: Option<String>,
    /// The total printed on the paper: the lines must add up to it.
    pub total: Money,
    /// When it is due; empty takes the bill's date plus the supplier's payment days; several
    /// dates split the total into equal instalments.
    pub due_dates: Vec<NaiveDate>,
    /// A credit bill names the bill it corrects.
    pub corrects_id: Option<i64>,
    pub order_id: Option<i64>,
    pub description: String,
}

/// A ticket paid on the spot: what was paid (VAT included), what for, how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpenseInput {
    pub date: NaiveDate,
    pub amount: Money,
    pub vat_rate: String,
    /// The expense account (6xx).
    pub account: String,
    /// The cash (570) or bank/card (572) account it was paid from.
    pub paid_from: String,
    pub description: String,
    pub supplier_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillLineRecord {
    pub line_no: i64,
    pub description: String,
    pub quantity: String,
    pub unit_price: Money,
    pub vat_rate: String,
    pub account: String,
    pub amount: Money,
    pub order_line_no: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillTaxRecord {
    pub vat_rate: String,
    pub base: Money,
    pub vat: Money,
    pub recargo_rate: String,
    pub recargo: Money,
    pub deductible: Money,
}

/// A payment (or credit bill) that settled part of a bill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillSettlement {
    pub date: NaiveDate,
    /// "payment" or "credit".
    pub kind: String,
    pub id: i64,
    pub reference: String,
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillRecord {
    pub id: i64,
    pub kind: BillKind,
    pub supplier_id: Option<i64>,
    pub supplier_name: String,
    pub supplier_tax_id: String,
    pub supplier_number: String,
    pub date: NaiveDate,
    pub vat_treatment: String,
    pub irpf_pct: String,
    pub base: Money,
    pub vat: Money,
    pub recargo: Money,
    pub deductible: Money,
    pub irpf: Money,
    pub total: Money,
    /// What is still owed on it (0 for credit bills and expenses).
    pub open: Money,
    pub corrects_id: Option<i64>,
    pub corrects_number: Option<String>,
    pub order_id: Option<i64>,
    pub order_number: Option<String>,
    pub paid_from: Option<String>,
    pub description: String,
    pub entry_id: i64,
    pub created_at: String,
    pub lines: Vec<BillLineRecord>,
    pub taxes: Vec<BillTaxRecord>,
    pub due_dates: Vec<(NaiveDate, Money)>,
    pub settlements: Vec<BillSettlement>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BillFilter {
    pub supplier_id: Option<i64>,
    pub kind: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Only bills with something owed.
    pub open_only: bool,
    /// Matches the supplier's name or number.
    pub query: Option<String>,
}

/// One VAT rate of a period's purchases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VatInputRow {
    /// "deductible", "recargo", "intra_eu" or "non_deductible".
    pub treatment: String,
    pub vat_rate: String,
    pub base: Money,
    pub vat: Money,
    pub recargo: Money,
    pub deductible: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VatInputSummary {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub rows: Vec<VatInputRow>,
    pub base: Money,
    pub vat: Money,
    pub recargo: Money,
    pub deductible: Money,
    /// IRPF withheld from professionals in the period (to pay with modelo 111).
    pub irpf: Money,
    pub bills: u32,
}

pub(crate) fn invalid(p: Problem) -> StoreError {
    StoreError::invalid(p)
}

/// The key a supplier's number is unique by: upper case, letters and digits only.
pub fn number_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// What is open on bill `b` (alias) on ?1: its total, plus its credit bills, less what
/// payments dated up to then applied.
pub(crate) const BILL_OPEN_SQL: &str = "b.total_cents
    + coalesce((SELECT sum(c.total_cents) FROM bills c WHERE c.corrects_id = b.id AND c.date <= ?1), 0)
    - coalesce((SELECT sum(a.amount_cents) FROM supplier_payment_allocations a
                JOIN supplier_payments p ON p.id = a.payment_id
                WHERE a.bill_id = b.id AND p.date <= ?1), 0)";

pub(crate) fn bill_open(conn: &Connection, id: i64) -> Result<Money> {
    let cents: Option<i64> = conn
        .query_row(
            &format!(
                "SELECT CASE WHEN b.kind = 'bill' THEN {BILL_OPEN_SQL} ELSE 0 END
                 FROM bills b WHERE b.id = ?2"
            ),
            params!["9999-12-31", id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(Money::from_cents(cents.unwrap_or(0)))
}

fn decimal(s: &str) -> Option<Decimal> {
    let t = s.trim().replace(',', ".");
    if t.is_empty() {
        return None;
    }
    Decimal::from_str(&t).ok()
}

fn account(s: &str) -> Option<AccountCode> {
    AccountCode::parse(s.trim()).ok()
}

fn text_account_problem(code: &str, row: Option<u32>, field: &str) -> Problem {
    let p = Problem::new(
        ProblemCode::InvalidAccount,
        format!("{code:?} is not an account code"),
    )
    .field(field);
    match row {
        Some(r) => p.at_row(r),
        None => p,
    }
}

fn post_bill_in(
    tx: &Transaction<'_>,
    actor: &str,
    kind: BillKind,
    b: &BillInput,
    now: DateTime<Utc>,
) -> Result<BillRecord> {
    let rules = VatRules::spain();
    let mut problems = Vec::new();
    let supplier = read_supplier(tx, b.supplier_id).map_err(|e| match e {
        StoreError::NotFound(_) => invalid(
            Problem::new(
                ProblemCode::NotFound,
                format!("supplier {} does not exist", b.supplier_id),
            )
            .field("supplier_id"),
        ),
        e => e,
    })?;
    let s = &supplier.input;
    let number = b.supplier_number.trim();
    let key = number_key(number);
    if key.is_empty() {
        problems.push(
            Problem::new(
                ProblemCode::Required,
                "the supplier's bill number is required (as printed on the bill)",
            )
            .field("supplier_number"),
        );
    } else if number.chars().count() > 60 {
        problems.push(
            Problem::new(
                ProblemCode::OutOfRange,
                "the bill number is at most 60 characters",
            )
            .field("supplier_number"),
        );
    } else {
        let dup: Option<(String, String)> = tx
            .query_row(
                "SELECT supplier_number, date FROM bills WHERE supplier_id = ?1 AND number_key = ?2",
                params![b.supplier_id, key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((n, d)) = dup {
            problems.push(
                Problem::new(
                    ProblemCode::Duplicate,
                    format!(
                        "{}'s bill {n} is already entered (dated {d}); a supplier's number is entered once",
                        s.legal_name
                    ),
                )
                .field("supplier_number")
                .param("number", &n)
                .param("date", &d),
            );
        }
    }
    let treatment_text = b
        .vat_treatment
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(&s.vat_treatment);
    let treatment = VatTreatment::parse(treatment_text).unwrap_or_else(|| {
        problems.push(
            Problem::new(
                ProblemCode::InvalidCode,
                format!(
                    "{treatment_text:?} is not a VAT treatment: deductible, recargo, intra_eu or non_deductible"
                ),
            )
            .field("vat_treatment"),
        );
        VatTreatment::Deductible
    });
    let irpf_text = b
        .irpf_pct
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
        .or_else(|| s.irpf_pct.clone())
        .unwrap_or_else(|| "0".into());
    let irpf_pct = decimal(&irpf_text).unwrap_or_else(|| {
        problems.push(
            Problem::new(
                ProblemCode::InvalidAmount,
                format!("{irpf_text:?} is not a percentage"),
            )
            .field("irpf_pct"),
        );
        Decimal::ZERO
    });
    let mut lines = Vec::with_capacity(b.lines.len());
    for (i, l) in b.lines.iter().enumerate() {
        let row = i as u32 + 1;
        let quantity = decimal(&l.quantity).unwrap_or_else(|| {
            problems.push(
                Problem::new(
                    ProblemCode::InvalidAmount,
                    format!("{:?} is not a quantity", l.quantity),
                )
                .at_row(row)
                .field("quantity"),
            );
            Decimal::ONE
        });
        let vat_rate = decimal(&l.vat_rate).unwrap_or_else(|| {
            problems.push(
                Problem::new(
                    ProblemCode::InvalidAmount,
                    format!("{:?} is not a VAT rate", l.vat_rate),
                )
                .at_row(row)
                .field("vat_rate"),
            );
            Decimal::ZERO
        });
        let code = l
            .account
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(String::from)
            .or_else(|| s.expense_account.clone());
        let acc = match code {
            None => {
                problems.push(
                    Problem::new(
                        ProblemCode::Required,
                        format!(
                            "choose the account the line is charged to ({} has no default expense account)",
                            s.legal_name
                        ),
                    )
                    .at_row(row)
                    .field("account"),
                );
                AccountCode::parse("600").expect("valid")
            }
            Some(code) => account(&code).unwrap_or_else(|| {
                problems.push(text_account_problem(&code, Some(row), "account"));
                AccountCode::parse("600").expect("valid")
            }),
        };
        lines.push(BillLine {
            description: l.description.trim().to_string(),
            quantity,
            unit_price: l.unit_price,
            vat_rate,
            account: acc,
        });
    }
    let draft = BillDraft {
        date: b.date,
        treatment,
        irpf_pct,
        lines,
        credit: kind == BillKind::Credit,
    };
    if problems.is_empty() {
        problems.extend(check_bill(&draft, Some(b.total), &rules));
    }
    // Each line's account exists and takes postings, named on the bill's line (the entry's
    // own check would name the entry's line instead).
    if problems.is_empty() {
        for (i, l) in draft.lines.iter().enumerate() {
            let code = l.account.as_str();
            let prefix = if code.starts_with('2') { "2" } else { "6" };
            if let Some(p) = check_leaf_account(tx, code, prefix, "expense or asset", "account")? {
                problems.push(p.at_row(i as u32 + 1));
            }
        }
    }
    // A credit bill corrects one of the same supplier's bills.
    match (kind, b.corrects_id) {
        (BillKind::Credit, None) => problems.push(
            Problem::new(
                ProblemCode::Required,
                "a credit bill names the bill it corrects",
            )
            .field("corrects_id"),
        ),
        (BillKind::Credit, Some(cid)) => {
            let found: Option<(Option<i64>, String)> = tx
                .query_row(
                    "SELECT supplier_id, kind FROM bills WHERE id = ?1",
                    [cid],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            match found {
                Some((Some(sid), k)) if sid == b.supplier_id && k == "bill" => {}
                Some(_) => problems.push(
                    Problem::new(
                        ProblemCode::InvalidCode,
                        format!("bill {cid} is not a bill of {}", s.legal_name),
                    )
                    .field("corrects_id"),
                ),
                None => problems.push(
                    Problem::new(ProblemCode::NotFound, format!("bill {cid} does not exist"))
                        .field("corrects_id"),
                ),
            }
        }
        _ => {}
    }
    let mut order_number = None;
    if let Some(oid) = b.order_id {
        let found: Option<(i64, String, String)> = tx
            .query_row(
                "SELECT supplier_id, state, number FROM purchase_orders WHERE id = ?1",
                [oid],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        match found {
            None => problems.push(
                Problem::new(
                    ProblemCode::NotFound,
                    format!("purchase order {oid} does not exist"),
                )
                .field("order_id"),
            ),
            Some((sid, _, n)) if sid != b.supplier_id => problems.push(
                Problem::new(
                    ProblemCode::InvalidCode,
                    format!("order {n} is not {}'s", s.legal_name),
                )
                .field("order_id"),
            ),
            Some((_, state, n)) if state == "billed" || state == "cancelled" => problems.push(
                Problem::new(
                    ProblemCode::InvalidCode,
                    format!("order {n} is {state}; it cannot be billed again"),
                )
                .field("order_id"),
            ),
            Some((.., n)) => order_number = Some(n),
        }
    }
    let totals = compute_bill(&draft, &rules);
    let due_dates: Vec<NaiveDate> = if b.due_dates.is_empty() {
        vec![b
            .date
            .checked_add_days(Days::new(s.payment_days.max(0) as u64))
            .unwrap_or(b.date)]
    } else {
        b.due_dates.clone()
    };
    if due_dates.len() > 24 {
        problems.push(
            Problem::new(ProblemCode::OutOfRange, "a bill has at most 24 instalments")
                .field("due_dates"),
        );
    }
    for (i, d) in due_dates.iter().enumerate() {
        if *d < b.date {
            problems.push(
                Problem::new(
                    ProblemCode::InvalidDate,
                    format!("due date {d} is before the bill's date {}", b.date),
                )
                .at_row(i as u32 + 1)
                .field("due_dates"),
            );
        }
    }
    if !problems.is_empty() {
        return Err(StoreError::Invalid(problems));
    }
    let what = if kind == BillKind::Credit {
        "Abono proveedor"
    } else {
        "Factura proveedor"
    };
    let label = format!("{what} {number} · {}", s.legal_name);
    let accounts = PurchaseAccounts::pgc_pymes();
    let creditor = accounts.supplier.clone();
    let id = insert_bill(
        tx,
        actor,
        kind,
        &draft,
        &totals,
        &BillHead {
            supplier_id: Some(b.supplier_id),
            supplier_name: &s.legal_name,
            supplier_tax_id: &s.tax_id,
            supplier_number: number,
            corrects_id: b.corrects_id,
            order_id: b.order_id,
            paid_from: None,
            description: b.description.trim(),
            label: &label,
            creditor: &creditor,
            order_lines: b.lines.iter().map(|l| l.order_line_no).collect(),
            due: instalments(totals.total, &due_dates),
        },
        now,
    )?;
    if let Some(oid) = b.order_id {
        tx.execute(
            "UPDATE purchase_orders SET state = 'billed' WHERE id = ?1",
            [oid],
        )?;
        audit::append(
            tx,
            now,
            actor,
            &Change {
                record: &format!("purchase_order:{oid}"),
                action: "bill",
                after: Some(&format!(
                    "{} billed by bill {number}",
                    order_number.unwrap_or_default()
                )),
                ..Change::default()
            },
        )?;
    }
    read_bill(tx, id)
}

struct BillHead<'a> {
    supplier_id: Option<i64>,
    supplier_name: &'a str,
    supplier_tax_id: &'a str,
    supplier_number: &'a str,
    corrects_id: Option<i64>,
    order_id: Option<i64>,
    paid_from: Option<&'a AccountCode>,
    description: &'a str,
    label: &'a str,
    creditor: &'a AccountCode,
    order_lines: Vec<Option<i64>>,
    due: Vec<(NaiveDate, Money)>,
}

#[allow(clippy::too_many_arguments)]
fn insert_bill(
    tx: &Transaction<'_>,
    actor: &str,
    kind: BillKind,
    draft: &BillDraft,
    totals: &BillTotals,
    h: &BillHead<'_>,
    now: DateTime<Utc>,
) -> Result<i64> {
    let entry = bill_entry(
        draft,
        totals,
        h.label,
        h.creditor,
        &PurchaseAccounts::pgc_pymes(),
    )
    .map_err(invalid)?;
    let entry = BalancedEntry::new(entry)
        .map_err(StoreError::Invalid)?
        .with_reference(Some(h.supplier_number).filter(|n| !n.is_empty()));
    let (entry_id, fy, enumber) = Poster::new(tx, now)?.post(&entry, None)?;
    let charged = totals.vat_charged(draft.treatment);
    tx.execute(
        "INSERT INTO bills (kind, supplier_id, supplier_number, number_key, date, supplier_name,
                            supplier_tax_id, vat_treatment, irpf_pct, base_cents, vat_cents,
                            recargo_cents, deductible_cents, irpf_cents, total_cents, corrects_id,
                            order_id, paid_account, description, entry_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                 ?19, ?20, ?21)",
        params![
            kind.as_str(),
            h.supplier_id,
            h.supplier_number,
            number_key(h.supplier_number),
            draft.date.to_string(),
            h.supplier_name,
            h.supplier_tax_id,
            draft.treatment.as_str(),
            draft.irpf_pct.normalize().to_string(),
            totals.base.cents(),
            charged.cents(),
            totals.recargo.cents(),
            totals.deductible.cents(),
            totals.irpf.cents(),
            totals.total.cents(),
            h.corrects_id,
            h.order_id,
            h.paid_from.map(|a| a.as_str().to_string()),
            h.description,
            entry_id,
            now.to_rfc3339()
        ],
    )?;
    let id = tx.last_insert_rowid();
    for (i, (l, amount)) in draft.lines.iter().zip(&totals.line_amounts).enumerate() {
        tx.execute(
            "INSERT INTO bill_lines (bill_id, line_no, description, quantity, unit_price_cents,
                                     tax, account, amount_cents, order_line_no)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                id,
                i as i64 + 1,
                l.description,
                l.quantity.normalize().to_string(),
                l.unit_price.cents(),
                l.vat_rate.normalize().to_string(),
                l.account.as_str(),
                amount.cents(),
                h.order_lines.get(i).copied().flatten()
            ],
        )?;
    }
    for r in &totals.by_rate {
        tx.execute(
            "INSERT INTO bill_taxes (bill_id, vat_rate, base_cents, vat_cents, recargo_rate,
                                     recargo_cents, deductible_cents)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id,
                r.vat_rate.normalize().to_string(),
                r.base.cents(),
                r.vat.cents(),
                r.recargo_rate.normalize().to_string(),
                r.recargo.cents(),
                r.deductible.cents()
            ],
        )?;
    }
    for (i, (d, amount)) in h.due.iter().enumerate() {
        tx.execute(
            "INSERT INTO bill_due_dates (bill_id, seq, due_date, amount_cents)
             VALUES (?1, ?2, ?3, ?4)",
            params![id, i as i64 + 1, d.to_string(), amount.cents()],
        )?;
    }
    audit::append(
        tx,
        now,
        actor,
        &Change {
            record: &format!("bill:{id}"),
            action: "post",
            after: Some(&format!(
                "{} {} {} {}: base {} VAT {} recargo {} deductible {} IRPF {} total {}, entry {enumber}/{fy}",
                kind.as_str(),
                draft.date,
                h.supplier_name,
                h.supplier_number,
                totals.base,
                charged,
                totals.recargo,
                totals.deductible,
                totals.irpf,
                totals.total
            )),
            ..Change::default()
        },
    )?;
    Ok(id)
}

impl Company {
    /// Posts a supplier bill: checked (lines against the paper total, the supplier's number
    /// not entered before, accounts, rates), its entry posted, and stored, in one
    /// transaction. Nothing is written when anything is wrong.
    pub fn post_bill(&mut self, b: &BillInput, now: DateTime<Utc>) -> Result<BillRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let rec = post_bill_in(&tx, &self.actor, BillKind::Bill, b, now)?;
        tx.commit()?;
        Ok(rec)
    }

    /// Posts a credit bill correcting one of the supplier's bills: negative quantities, its
    /// own number from the supplier, the same checks.
    pub fn post_credit_bill(&mut self, b: &BillInput, now: DateTime<Utc>) -> Result<BillRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let rec = post_bill_in(&tx, &self.actor, BillKind::Credit, b, now)?;
        tx.commit()?;
        Ok(rec)
    }

    /// Records a quick expense: the amount paid (VAT included) split into base and
    /// deductible VAT, charged to the expense account and credited to the cash or bank
    /// account it was paid from, in one transaction.
    pub fn record_expense(&mut self, e: &ExpenseInput, now: DateTime<Utc>) -> Result<BillRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut problems = Vec::new();
        if e.amount.cents() <= 0 {
            problems.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    format!("the amount paid is more than zero, not {}", e.amount),
                )
                .field("amount"),
            );
        }
        let rate = decimal(&e.vat_rate)
            .filter(|r| VatRules::spain().allows(*r))
            .unwrap_or_else(|| {
                problems.push(
                    Problem::new(
                        ProblemCode::OutOfRange,
                        format!("{:?} is not a VAT rate; use 21, 10, 4 or 0", e.vat_rate),
                    )
                    .field("vat_rate"),
                );
                Decimal::ZERO
            });
        let acc = match account(&e.account) {
            Some(a) if a.as_str().starts_with('6') => a,
            Some(a) => {
                problems.push(
                    Problem::new(
                        ProblemCode::InvalidAccount,
                        format!("{a} is not an expense account (6xx)"),
                    )
                    .field("account"),
                );
                a
            }
            None => {
                problems.push(if e.account.trim().is_empty() {
                    Problem::new(ProblemCode::Required, "choose what the expense is for")
                        .field("account")
                } else {
                    text_account_problem(&e.account, None, "account")
                });
                AccountCode::parse("629").expect("valid")
            }
        };
        let paid_from = match account(&e.paid_from) {
            Some(a) if a.as_str().starts_with("57") => a,
            _ => {
                problems.push(
                    Problem::new(
                        ProblemCode::InvalidAccount,
                        format!(
                            "{:?} is not a cash or bank account; an expense is paid from a 57 account (570 cash, 572 bank or card)",
                            e.paid_from
                        ),
                    )
                    .field("paid_from"),
                );
                AccountCode::parse("5700001").expect("valid")
            }
        };
        if problems.is_empty() {
            for (code, prefix, what, field) in [
                (acc.as_str(), "6", "expense", "account"),
                (paid_from.as_str(), "57", "cash or bank", "paid_from"),
            ] {
                if let Some(p) = check_leaf_account(&tx, code, prefix, what, field)? {
                    problems.push(p);
                }
            }
        }
        let description = e.description.trim();
        if description.is_empty() {
            problems.push(
                Problem::new(ProblemCode::Required, "say what the expense was")
                    .field("description"),
            );
        }
        let (name, tax_id) = match e.supplier_id {
            Some(sid) => match read_supplier(&tx, sid) {
                Ok(s) => (s.input.legal_name, s.input.tax_id),
                Err(StoreError::NotFound(_)) => {
                    problems.push(
                        Problem::new(
                            ProblemCode::NotFound,
                            format!("supplier {sid} does not exist"),
                        )
                        .field("supplier_id"),
                    );
                    (String::new(), String::new())
                }
                Err(err) => return Err(err),
            },
            None => (String::new(), String::new()),
        };
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems));
        }
        let (draft, totals) = quick_expense(e.date, e.amount, rate, acc, description);
        let label = if name.is_empty() {
            format!("Gasto · {description}")
        } else {
            format!("Gasto · {description} · {name}")
        };
        let id = insert_bill(
            &tx,
            &self.actor,
            BillKind::Expense,
            &draft,
            &totals,
            &BillHead {
                supplier_id: e.supplier_id,
                supplier_name: &name,
                supplier_tax_id: &tax_id,
                supplier_number: "",
                corrects_id: None,
                order_id: None,
                paid_from: Some(&paid_from),
                description,
                label: &label,
                creditor: &paid_from,
                order_lines: Vec::new(),
                due: vec![(e.date, e.amount)],
            },
            now,
        )?;
        let rec = read_bill(&tx, id)?;
        tx.commit()?;
        Ok(rec)
    }

    /// What a bill would add up to, without posting it: for the form as it is typed. `now`
    /// dates the checks as posting would (the period lock, the fiscal year).
    pub fn preview_bill(
        &self,
        kind: BillKind,
        b: &BillInput,
        now: DateTime<Utc>,
    ) -> Result<(BillTotals, Vec<Problem>)> {
        // Posting in a transaction that is rolled back gives exactly the checks posting does.
        let tx = self.conn.unchecked_transaction()?;
        let result = post_bill_in(&tx, &self.actor, kind, b, now);
        tx.rollback()?;
        let rules = VatRules::spain();
        let s = read_supplier(&self.conn, b.supplier_id).ok();
        let treatment = b
            .vat_treatment
            .as_deref()
            .and_then(VatTreatment::parse)
            .or_else(|| {
                s.as_ref()
                    .and_then(|s| VatTreatment::parse(&s.input.vat_treatment))
            })
            .unwrap_or(VatTreatment::Deductible);
        let irpf = b
            .irpf_pct
            .as_deref()
            .and_then(decimal)
            .or_else(|| {
                s.as_ref()
                    .and_then(|s| s.input.irpf_pct.as_deref().and_then(decimal))
            })
            .unwrap_or_default();
        let draft = BillDraft {
            date: b.date,
            treatment,
            irpf_pct: irpf,
            credit: kind == BillKind::Credit,
            lines: b
                .lines
                .iter()
                .map(|l| BillLine {
                    description: l.description.clone(),
                    quantity: decimal(&l.quantity).unwrap_or_default(),
                    unit_price: l.unit_price,
                    vat_rate: decimal(&l.vat_rate).unwrap_or_default(),
                    account: AccountCode::parse("600").expect("valid"),
                })
                .collect(),
        };
        let totals = compute_bill(&draft, &rules);
        let problems = match result {
            Ok(_) => Vec::new(),
            Err(StoreError::Invalid(p)) => p,
            Err(e) => return Err(e),
        };
        Ok((totals, problems))
    }

    pub fn bill(&self, id: i64) -> Result<BillRecord> {
        read_bill(&self.conn, id)
    }

    /// Bills, newest first, as the filter says.
    pub fn bills(&self, f: &BillFilter) -> Result<Vec<BillRecord>> {
        let q = f.query.as_deref().map(str::trim).unwrap_or("");
        let like = format!(
            "%{}%",
            q.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(&format!(
                "SELECT b.id FROM bills b
                 WHERE (?2 IS NULL OR b.supplier_id = ?2)
                   AND (?3 IS NULL OR b.kind = ?3)
                   AND (?4 IS NULL OR b.date >= ?4)
                   AND (?5 IS NULL OR b.date <= ?5)
                   AND (?6 = '' OR b.supplier_name LIKE ?7 ESCAPE '\\'
                        OR b.supplier_number LIKE ?7 ESCAPE '\\' OR b.description LIKE ?7 ESCAPE '\\')
                   AND (?8 = 0 OR (b.kind = 'bill' AND ({BILL_OPEN_SQL}) <> 0))
                 ORDER BY b.date DESC, b.id DESC LIMIT 2000"
            ))?
            .query_map(
                params![
                    "9999-12-31",
                    f.supplier_id,
                    f.kind,
                    f.from.map(|d| d.to_string()),
                    f.to.map(|d| d.to_string()),
                    q,
                    like,
                    f.open_only as i64
                ],
                |r| r.get(0),
            )?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .map(|id| read_bill(&self.conn, id))
            .collect()
    }

    /// The VAT input summary of a period: base, VAT, recargo and what is deductible per
    /// treatment and rate, from the bills (and credit bills and expenses) dated in it.
    pub fn vat_input_summary(&self, from: NaiveDate, to: NaiveDate) -> Result<VatInputSummary> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT b.vat_treatment, t.vat_rate, sum(t.base_cents), sum(t.vat_cents),
                    sum(t.recargo_cents), sum(t.deductible_cents)
             FROM bill_taxes t JOIN bills b ON b.id = t.bill_id
             WHERE b.date BETWEEN ?1 AND ?2
             GROUP BY b.vat_treatment, t.vat_rate
             ORDER BY CASE b.vat_treatment WHEN 'deductible' THEN 0 WHEN 'intra_eu' THEN 1
                                           WHEN 'recargo' THEN 2 ELSE 3 END,
                      CAST(t.vat_rate AS REAL) DESC",
        )?;
        let rows: Vec<VatInputRow> = stmt
            .query_map(params![from.to_string(), to.to_string()], |r| {
                Ok(VatInputRow {
                    treatment: r.get(0)?,
                    vat_rate: r.get(1)?,
                    base: Money::from_cents(r.get(2)?),
                    vat: Money::from_cents(r.get(3)?),
                    recargo: Money::from_cents(r.get(4)?),
                    deductible: Money::from_cents(r.get(5)?),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let (irpf, bills): (i64, u32) = self.conn.query_row(
            "SELECT coalesce(sum(irpf_cents), 0), count(*) FROM bills WHERE date BETWEEN ?1 AND ?2",
            params![from.to_string(), to.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(VatInputSummary {
            from,
            to,
            base: rows.iter().map(|r| r.base).sum(),
            vat: rows.iter().map(|r| r.vat).sum(),
            recargo: rows.iter().map(|r| r.recargo).sum(),
            deductible: rows.iter().map(|r| r.deductible).sum(),
            rows,
            irpf: Money::from_cents(irpf),
            bills,
        })
    }
}

fn date_col(r: &rusqlite::Row<'_>, col: usize) -> rusqlite::Result<NaiveDate> {
    crate::journal::parse_date(&r.get::<_, String>(col)?, col)
}

pub(crate) fn read_bill(conn: &Connection, id: i64) -> Result<BillRecord> {
    let mut b = conn
        .query_row(
            "SELECT b.id, b.kind, b.supplier_id, b.supplier_name, b.supplier_tax_id,
                    b.supplier_number, b.date, b.vat_treatment, b.irpf_pct, b.base_cents,
                    b.vat_cents, b.recargo_cents, b.deductible_cents, b.irpf_cents, b.total_cents,
                    b.corrects_id, c.supplier_number, b.order_id, o.number, b.paid_account,
                    b.description, b.entry_id, b.created_at
             FROM bills b LEFT JOIN bills c ON c.id = b.corrects_id
             LEFT JOIN purchase_orders o ON o.id = b.order_id
             WHERE b.id = ?1",
            [id],
            |r| {
                let kind: String = r.get(1)?;
                Ok(BillRecord {
                    id: r.get(0)?,
                    kind: BillKind::parse(&kind).unwrap_or(BillKind::Bill),
                    supplier_id: r.get(2)?,
                    supplier_name: r.get(3)?,
                    supplier_tax_id: r.get(4)?,
                    supplier_number: r.get(5)?,
                    date: date_col(r, 6)?,
                    vat_treatment: r.get(7)?,
                    irpf_pct: r.get(8)?,
                    base: Money::from_cents(r.get(9)?),
                    vat: Money::from_cents(r.get(10)?),
                    recargo: Money::from_cents(r.get(11)?),
                    deductible: Money::from_cents(r.get(12)?),
                    irpf: Money::from_cents(r.get(13)?),
                    total: Money::from_cents(r.get(14)?),
                    open: Money::ZERO,
                    corrects_id: r.get(15)?,
                    corrects_number: r.get(16)?,
                    order_id: r.get(17)?,
                    order_number: r.get(18)?,
                    paid_from: r.get(19)?,
                    description: r.get(20)?,
                    entry_id: r.get(21)?,
                    created_at: r.get(22)?,
                    lines: Vec::new(),
                    taxes: Vec::new(),
                    due_dates: Vec::new(),
                    settlements: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("bill {id}")))?;
    b.lines = conn
        .prepare_cached(
            "SELECT line_no, description, quantity, unit_price_cents, tax, account, amount_cents,
                    order_line_no
             FROM bill_lines WHERE bill_id = ?1 ORDER BY line_no",
        )?
        .query_map([id], |r| {
            Ok(BillLineRecord {
                line_no: r.get(0)?,
                description: r.get(1)?,
                quantity: r.get(2)?,
                unit_price: Money::from_cents(r.get(3)?),
                vat_rate: r.get(4)?,
                account: r.get(5)?,
                amount: Money::from_cents(r.get(6)?),
                order_line_no: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    b.taxes = conn
        .prepare_cached(
            "SELECT vat_rate, base_cents, vat_cents, recargo_rate, recargo_cents, deductible_cents
             FROM bill_taxes WHERE bill_id = ?1 ORDER BY CAST(vat_rate AS REAL) DESC",
        )?
        .query_map([id], |r| {
            Ok(BillTaxRecord {
                vat_rate: r.get(0)?,
                base: Money::from_cents(r.get(1)?),
                vat: Money::from_cents(r.get(2)?),
                recargo_rate: r.get(3)?,
                recargo: Money::from_cents(r.get(4)?),
                deductible: Money::from_cents(r.get(5)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    b.due_dates = conn
        .prepare_cached(
            "SELECT due_date, amount_cents FROM bill_due_dates WHERE bill_id = ?1 ORDER BY seq",
        )?
        .query_map([id], |r| {
            Ok((date_col(r, 0)?, Money::from_cents(r.get(1)?)))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut settlements: Vec<BillSettlement> = conn
        .prepare_cached(
            "SELECT p.date, 'payment', p.id, p.reference, a.amount_cents
             FROM supplier_payment_allocations a JOIN supplier_payments p ON p.id = a.payment_id
             WHERE a.bill_id = ?1
             UNION ALL
             SELECT c.date, 'credit', c.id, c.supplier_number, -c.total_cents
             FROM bills c WHERE c.corrects_id = ?1
             ORDER BY 1, 3",
        )?
        .query_map([id], |r| {
            Ok(BillSettlement {
                date: date_col(r, 0)?,
                kind: r.get(1)?,
                id: r.get(2)?,
                reference: r.get(3)?,
                amount: Money::from_cents(r.get(4)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    settlements.sort_by_key(|s| (s.date, s.id));
    b.settlements = settlements;
    b.open = bill_open(conn, id)?;
    Ok(b)
}
