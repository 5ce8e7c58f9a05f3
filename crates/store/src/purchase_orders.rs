//! Purchase orders: lines typed or picked from the catalogue, numbered PO-YYYY-NNNN per year
//! when first saved, sent (the PDF is the api's), goods received against them in one or
//! several deliveries, cancelled, and read back with what is ordered, received and
//! outstanding per line and the totals by VAT rate. Turning an order into a bill is the
//! bills' business: `order_for_billing` is what a bill is prefilled from, and posting a bill
//! that cites the order sets it 'billed'.
//!
//! Rules (checked here, each problem naming its field and, for a line, its row):
//! - the supplier exists and is not blocked (the refusal names the block reason);
//! - the expected date, when given, is not before the order's date;
//! - at least one line; each with a description, a quantity above zero with at most three
//!   decimals, a unit price not negative, a VAT rate of 21, 10, 4 or 0, an existing product
//!   when one is named, and an account that is a 6xx or 2xx leaf (by default the supplier's
//!   expense account);
//! - an order is edited only while 'open' or 'sent' and before anything is received;
//! - a receipt takes no more than is outstanding on each line (the refusal names the line)
//!   and moves the order to 'partial' or 'received';
//! - an order is cancelled only before anything is received.
//!
//! Every change is one IMMEDIATE transaction with one audit record.

use crate::audit::{self, Change};
use crate::{Company, Result, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use rust_decimal::Decimal;
use std::str::FromStr;
use trastienda_core::invoice::round_to_cents;
use trastienda_core::{Money, Problem, ProblemCode};

/// The VAT rates an order line may carry.
pub const PURCHASE_VAT_RATES: [&str; 4] = ["21", "10", "4", "0"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PurchaseOrderState {
    Open,
    Sent,
    Partial,
    Received,
    Billed,
    Cancelled,
}

impl PurchaseOrderState {
    pub fn as_str(self) -> &'static str {
        match self {
            PurchaseOrderState::Open => "open",
            PurchaseOrderState::Sent => "sent",
            PurchaseOrderState::Partial => "partial",
            PurchaseOrderState::Received => "received",
            PurchaseOrderState::Billed => "billed",
            PurchaseOrderState::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<PurchaseOrderState> {
        Some(match s.trim() {
            "open" => PurchaseOrderState::Open,
            "sent" => PurchaseOrderState::Sent,
            "partial" => PurchaseOrderState::Partial,
            "received" => PurchaseOrderState::Received,
            "billed" => PurchaseOrderState::Billed,
            "cancelled" => PurchaseOrderState::Cancelled,
            _ => return None,
        })
    }
}

/// One line as entered. A line picked from the catalogue names its product (the UI copies the
/// product's description and price, which stay editable).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseOrderLineInput {
    pub product_id: Option<i64>,
    pub description: String,
    /// A decimal with at most three decimals, above zero ("2.5").
    pub quantity: String,
    pub unit_price: Money,
    /// "21", "10", "4" or "0".
    pub tax: String,
    /// A 6xx or 2xx leaf account; None takes the supplier's expense account.
    pub account: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseOrderInput {
    pub supplier_id: i64,
    pub date: NaiveDate,
    pub expected_date: Option<NaiveDate>,
    pub notes: String,
    pub lines: Vec<PurchaseOrderLineInput>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseOrderLine {
    pub line_no: u32,
    pub product_id: Option<i64>,
    pub description: String,
    pub quantity: Decimal,
    pub unit_price: Money,
    pub tax: String,
    pub account: Option<String>,
    /// Quantity × unit price, rounded to cents.
    pub amount: Money,
    pub received: Decimal,
    pub outstanding: Decimal,
}

/// Base and VAT of the lines at one rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseTaxRow {
    pub rate: String,
    pub base: Money,
    pub vat: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseReceipt {
    pub id: i64,
    pub date: NaiveDate,
    pub note: String,
    pub created_at: String,
    /// (order line number, quantity received).
    pub lines: Vec<(u32, Decimal)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseOrder {
    pub id: i64,
    pub number: String,
    pub supplier_id: i64,
    pub supplier_name: String,
    pub supplier_tax_id: String,
    pub date: NaiveDate,
    pub expected_date: Option<NaiveDate>,
    pub state: PurchaseOrderState,
    pub notes: String,
    pub created_at: String,
    pub sent_at: Option<String>,
    pub lines: Vec<PurchaseOrderLine>,
    /// By rate, highest first.
    pub taxes: Vec<PurchaseTaxRow>,
    pub base: Money,
    pub vat: Money,
    pub total: Money,
    /// Oldest first.
    pub receipts: Vec<PurchaseReceipt>,
}

/// What an order list asks for: one supplier, one state, text in the number, the supplier's
/// name or a line's description.
#[derive(Debug, Clone, Default)]
pub struct PurchaseOrderFilter {
    pub supplier_id: Option<i64>,
    pub state: Option<PurchaseOrderState>,
    pub query: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseOrderRow {
    pub id: i64,
    pub number: String,
    pub supplier_id: i64,
    pub supplier_name: String,
    pub date: NaiveDate,
    pub expected_date: Option<NaiveDate>,
    pub state: PurchaseOrderState,
    pub total: Money,
}

/// What a receipt takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReceiveQuantities {
    /// Everything still outstanding on every line.
    Everything,
    /// (order line number, quantity as typed).
    Lines(Vec<(u32, String)>),
}

/// One order line as a bill is prefilled from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillingLine {
    pub line_no: u32,
    pub product_id: Option<i64>,
    pub description: String,
    pub quantity_ordered: Decimal,
    pub quantity_received: Decimal,
    pub unit_price: Money,
    pub tax: String,
    pub account: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderForBilling {
    pub order_id: i64,
    pub number: String,
    pub supplier_id: i64,
    pub state: PurchaseOrderState,
    pub lines: Vec<BillingLine>,
}

fn invalid(code: ProblemCode, field: &str, msg: impl Into<String>) -> StoreError {
    StoreError::invalid(Problem::new(code, msg).field(field))
}

fn parse_date(s: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn dec(s: &str) -> rusqlite::Result<Decimal> {
    Decimal::from_str(s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// A quantity as typed: above zero, at most three decimals; normalised.
fn quantity(s: &str) -> std::result::Result<Decimal, String> {
    let t = s.trim().replace(',', ".");
    match Decimal::from_str(&t) {
        Ok(d) if d <= Decimal::ZERO => Err(format!("{} is not above zero", s.trim())),
        Ok(d) if d.normalize().scale() > 3 => {
            Err(format!("{} has more than three decimals", s.trim()))
        }
        Ok(d) if d > Decimal::from(1_000_000_000i64) => Err(format!("{} is too large", s.trim())),
        Ok(d) => Ok(d.normalize()),
        Err(_) => Err(format!("'{}' is not a quantity", s.trim())),
    }
}

fn vat_rate(s: &str) -> Option<String> {
    let t = s.trim().trim_end_matches('%').trim();
    let d = Decimal::from_str(t).ok()?;
    let n = d.normalize().to_string();
    PURCHASE_VAT_RATES.contains(&n.as_str()).then_some(n)
}

fn line_amount(q: Decimal, price: Money) -> Money {
    q.checked_mul(price.decimal())
        .and_then(round_to_cents)
        .unwrap_or(Money::ZERO)
}

/// Checks the order without the database; returns the normalised lines.
fn validate(
    input: &PurchaseOrderInput,
) -> std::result::Result<Vec<(PurchaseOrderLineInput, Decimal)>, Vec<Problem>> {
    let mut p = Vec::new();
    if let Some(e) = input.expected_date {
        if e < input.date {
            p.push(
                Problem::new(
                    ProblemCode::InvalidDate,
                    format!(
                        "the expected date {e} is before the order's date {}",
                        input.date
                    ),
                )
                .field("expected_date")
                .param("date", input.date),
            );
        }
    }
    if input.lines.is_empty() {
        p.push(
            Problem::new(ProblemCode::TooFewLines, "an order has at least one line").field("lines"),
        );
    }
    if input.lines.len() > 1000 {
        p.push(
            Problem::new(ProblemCode::OutOfRange, "an order has at most 1000 lines").field("lines"),
        );
    }
    let mut out = Vec::new();
    for (i, l) in input.lines.iter().enumerate() {
        let row = i as u32 + 1;
        let mut x = l.clone();
        x.description = x.description.trim().to_string();
        x.account = x
            .account
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from);
        if x.description.is_empty() {
            p.push(
                Problem::new(
                    ProblemCode::Required,
                    format!("line {row}: the description is required"),
                )
                .at_row(row)
                .field("description"),
            );
        }
        let q = match quantity(&x.quantity) {
            Ok(q) => q,
            Err(m) => {
                p.push(
                    Problem::new(ProblemCode::InvalidAmount, format!("line {row}: {m}"))
                        .at_row(row)
                        .field("quantity")
                        .param("value", x.quantity.trim()),
                );
                Decimal::ZERO
            }
        };
        x.quantity = q.to_string();
        if x.unit_price.is_negative() {
            p.push(
                Problem::new(
                    ProblemCode::NegativeAmount,
                    format!("line {row}: the unit price is not negative"),
                )
                .at_row(row)
                .field("unit_price")
                .param("value", x.unit_price),
            );
        }
        match vat_rate(&x.tax) {
            Some(t) => x.tax = t,
            None => p.push(
                Problem::new(
                    ProblemCode::InvalidCode,
                    format!("line {row}: '{}' is not a VAT rate: 21, 10, 4 or 0", x.tax),
                )
                .at_row(row)
                .field("tax")
                .param("value", &x.tax),
            ),
        }
        out.push((x, q));
    }
    if p.is_empty() {
        Ok(out)
    } else {
        Err(p)
    }
}

/// The supplier's default account, after checking it may be ordered from.
fn check_supplier(conn: &Connection, id: i64) -> Result<Option<String>> {
    let s: Option<(String, String, Option<String>, Option<String>)> = conn
        .query_row(
            "SELECT legal_name, status, block_reason, expense_account FROM suppliers WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    match s {
        None => Err(StoreError::invalid(
            Problem::new(
                ProblemCode::NotFound,
                format!("supplier {id} does not exist"),
            )
            .field("supplier_id")
            .param("value", id),
        )),
        Some((name, status, reason, _)) if status == "blocked" => {
            let reason = reason.unwrap_or_default();
            Err(StoreError::invalid(
                Problem::new(
                    ProblemCode::OutOfRange,
                    format!("supplier {name} is blocked: {reason}"),
                )
                .field("supplier_id")
                .param("supplier", name)
                .param("reason", reason),
            ))
        }
        Some((_, _, _, account)) => Ok(account),
    }
}

fn check_lines_in_db(
    conn: &Connection,
    lines: &mut [(PurchaseOrderLineInput, Decimal)],
    default_account: Option<&str>,
) -> Result<Vec<Problem>> {
    let mut p = Vec::new();
    for (i, (l, _)) in lines.iter_mut().enumerate() {
        let row = i as u32 + 1;
        if let Some(pid) = l.product_id {
            let exists: bool = conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM products WHERE id = ?1)",
                [pid],
                |r| r.get(0),
            )?;
            if !exists {
                p.push(
                    Problem::new(
                        ProblemCode::NotFound,
                        format!("line {row}: product {pid} does not exist"),
                    )
                    .at_row(row)
                    .field("product_id")
                    .param("value", pid),
                );
            }
        }
        if l.account.is_none() {
            l.account = default_account.map(String::from);
        }
        if let Some(code) = &l.account {
            let found: Option<bool> = conn
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM accounts ch WHERE ch.parent_id = a.id)
                     FROM accounts a WHERE a.code = ?1",
                    [code],
                    |r| r.get(0),
                )
                .optional()?;
            match found {
                None => p.push(
                    Problem::new(
                        ProblemCode::UnknownAccount,
                        format!("line {row}: account {code} does not exist"),
                    )
                    .at_row(row)
                    .field("account")
                    .param("value", code),
                ),
                Some(children) if children || !(code.starts_with('6') || code.starts_with('2')) => {
                    p.push(
                        Problem::new(
                            ProblemCode::NotPostable,
                            format!(
                                "line {row}: account {code} is not a 6xx expense or 2xx asset account without subaccounts"
                            ),
                        )
                        .at_row(row)
                        .field("account")
                        .param("value", code),
                    )
                }
                _ => {}
            }
        }
    }
    Ok(p)
}

fn read_lines(conn: &Connection, id: i64) -> Result<Vec<PurchaseOrderLine>> {
    let mut received: std::collections::HashMap<u32, Decimal> = Default::default();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT rl.line_no, rl.quantity FROM purchase_receipt_lines rl
             JOIN purchase_receipts r ON r.id = rl.receipt_id WHERE r.order_id = ?1",
        )?;
        let rows = stmt.query_map([id], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (n, q) = row?;
            *received.entry(n).or_default() += dec(&q)?;
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT line_no, product_id, description, quantity, unit_price_cents, tax, account
         FROM purchase_order_lines WHERE order_id = ?1 ORDER BY line_no",
    )?;
    let lines = stmt
        .query_map([id], |r| {
            let line_no: u32 = r.get(0)?;
            let quantity = dec(&r.get::<_, String>(3)?)?;
            let unit_price = Money::from_cents(r.get(4)?);
            let got = received.get(&line_no).copied().unwrap_or_default();
            Ok(PurchaseOrderLine {
                line_no,
                product_id: r.get(1)?,
                description: r.get(2)?,
                quantity,
                unit_price,
                tax: r.get(5)?,
                account: r.get(6)?,
                amount: line_amount(quantity, unit_price),
                received: got.normalize(),
                outstanding: (quantity - got).max(Decimal::ZERO).normalize(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(lines)
}

/// Base and VAT per rate (VAT rounded once per rate, as on an invoice), highest rate first.
fn taxes(lines: &[PurchaseOrderLine]) -> Vec<PurchaseTaxRow> {
    let mut rows: Vec<PurchaseTaxRow> = Vec::new();
    for l in lines {
        match rows.iter_mut().find(|r| r.rate == l.tax) {
            Some(r) => r.base += l.amount,
            None => rows.push(PurchaseTaxRow {
                rate: l.tax.clone(),
                base: l.amount,
                vat: Money::ZERO,
            }),
        }
    }
    for r in &mut rows {
        let rate = Decimal::from_str(&r.rate).unwrap_or_default();
        r.vat = r
            .base
            .decimal()
            .checked_mul(rate)
            .map(|x| x / Decimal::ONE_HUNDRED)
            .and_then(round_to_cents)
            .unwrap_or(Money::ZERO);
    }
    rows.sort_by_key(|r| std::cmp::Reverse(Decimal::from_str(&r.rate).unwrap_or_default()));
    rows
}

fn read_receipts(conn: &Connection, id: i64) -> Result<Vec<PurchaseReceipt>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, date, note, created_at FROM purchase_receipts WHERE order_id = ?1
         ORDER BY date, id",
    )?;
    let mut receipts = stmt
        .query_map([id], |r| {
            Ok(PurchaseReceipt {
                id: r.get(0)?,
                date: parse_date(&r.get::<_, String>(1)?)?,
                note: r.get(2)?,
                created_at: r.get(3)?,
                lines: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT line_no, quantity FROM purchase_receipt_lines WHERE receipt_id = ?1 ORDER BY line_no",
    )?;
    for rc in &mut receipts {
        rc.lines = stmt
            .query_map([rc.id], |r| {
                Ok((r.get::<_, u32>(0)?, dec(&r.get::<_, String>(1)?)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
    }
    Ok(receipts)
}

fn read_order(conn: &Connection, id: i64) -> Result<PurchaseOrder> {
    let mut o = conn
        .query_row(
            "SELECT o.id, o.number, o.supplier_id, s.legal_name, s.tax_id, o.date, o.expected_date,
                    o.state, o.notes, o.created_at, o.sent_at
             FROM purchase_orders o JOIN suppliers s ON s.id = o.supplier_id WHERE o.id = ?1",
            [id],
            |r| {
                let expected: Option<String> = r.get(6)?;
                Ok(PurchaseOrder {
                    id: r.get(0)?,
                    number: r.get(1)?,
                    supplier_id: r.get(2)?,
                    supplier_name: r.get(3)?,
                    supplier_tax_id: r.get(4)?,
                    date: parse_date(&r.get::<_, String>(5)?)?,
                    expected_date: expected.as_deref().map(parse_date).transpose()?,
                    state: PurchaseOrderState::parse(&r.get::<_, String>(7)?)
                        .unwrap_or(PurchaseOrderState::Open),
                    notes: r.get(8)?,
                    created_at: r.get(9)?,
                    sent_at: r.get(10)?,
                    lines: Vec::new(),
                    taxes: Vec::new(),
                    base: Money::ZERO,
                    vat: Money::ZERO,
                    total: Money::ZERO,
                    receipts: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("purchase order {id}")))?;
    o.lines = read_lines(conn, id)?;
    o.taxes = taxes(&o.lines);
    o.base = o.taxes.iter().map(|t| t.base).sum();
    o.vat = o.taxes.iter().map(|t| t.vat).sum();
    o.total = o.base + o.vat;
    o.receipts = read_receipts(conn, id)?;
    Ok(o)
}

/// An order as the audit log records it.
fn order_text(o: &PurchaseOrder) -> String {
    let mut t = format!(
        "{} supplier {} dated {}{}, {}",
        o.number,
        o.supplier_id,
        o.date,
        o.expected_date
            .map(|d| format!(" expected {d}"))
            .unwrap_or_default(),
        o.state.as_str()
    );
    for l in &o.lines {
        t.push_str(&format!(
            "; {}: {} × {} {} VAT {}{}{}",
            l.line_no,
            l.quantity,
            l.unit_price,
            l.description,
            l.tax,
            l.product_id
                .map(|p| format!(" product {p}"))
                .unwrap_or_default(),
            l.account
                .as_deref()
                .map(|a| format!(" account {a}"))
                .unwrap_or_default()
        ));
    }
    if !o.notes.is_empty() {
        t.push_str(&format!("; notes {}", o.notes));
    }
    t.push_str(&format!("; total {}", o.total));
    t
}

fn next_number(conn: &Connection, year: i32) -> Result<String> {
    let prefix = format!("PO-{year:04}-");
    let last: Option<i64> = conn.query_row(
        "SELECT max(CAST(substr(number, ?2) AS INTEGER)) FROM purchase_orders
         WHERE substr(number, 1, ?3) = ?1",
        params![prefix, prefix.len() as i64 + 1, prefix.len() as i64],
        |r| r.get(0),
    )?;
    Ok(format!("{prefix}{:04}", last.unwrap_or(0) + 1))
}

fn write_lines(
    conn: &Connection,
    id: i64,
    lines: &[(PurchaseOrderLineInput, Decimal)],
) -> Result<()> {
    conn.execute("DELETE FROM purchase_order_lines WHERE order_id = ?1", [id])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO purchase_order_lines (order_id, line_no, product_id, description, quantity,
             unit_price_cents, tax, account) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (i, (l, q)) in lines.iter().enumerate() {
        stmt.execute(params![
            id,
            i as i64 + 1,
            l.product_id,
            l.description,
            q.to_string(),
            l.unit_price.cents(),
            l.tax,
            l.account
        ])?;
    }
    Ok(())
}

fn state_problem(o: &PurchaseOrder, doing: &str) -> StoreError {
    StoreError::invalid(
        Problem::new(
            ProblemCode::OutOfRange,
            format!(
                "order {} is {}: it cannot be {doing}",
                o.number,
                o.state.as_str()
            ),
        )
        .field("state")
        .param("number", &o.number)
        .param("state", o.state.as_str()),
    )
}

impl Company {
    /// Creates an order (`id` None; numbered PO-<year of its date>-NNNN) or replaces an open
    /// or sent order's supplier, dates, notes and lines while nothing has been received.
    pub fn save_purchase_order(
        &mut self,
        id: Option<i64>,
        input: &PurchaseOrderInput,
        now: DateTime<Utc>,
    ) -> Result<PurchaseOrder> {
        let mut lines = validate(input).map_err(StoreError::Invalid)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = match id {
            Some(id) => {
                let o = read_order(&tx, id)?;
                if !o.receipts.is_empty()
                    || !matches!(o.state, PurchaseOrderState::Open | PurchaseOrderState::Sent)
                {
                    return Err(StoreError::invalid(
                        Problem::new(
                            ProblemCode::OutOfRange,
                            format!(
                                "order {} is {}{}: it is no longer edited",
                                o.number,
                                o.state.as_str(),
                                if o.receipts.is_empty() {
                                    ""
                                } else {
                                    " and goods were received against it"
                                }
                            ),
                        )
                        .field("state")
                        .param("number", &o.number)
                        .param("state", o.state.as_str()),
                    ));
                }
                Some(o)
            }
            None => None,
        };
        let default_account = check_supplier(&tx, input.supplier_id)?;
        let p = check_lines_in_db(&tx, &mut lines, default_account.as_deref())?;
        if !p.is_empty() {
            return Err(StoreError::Invalid(p));
        }
        let notes = input.notes.trim();
        let expected = input.expected_date.map(|d| d.to_string());
        let id = match &before {
            None => {
                let number = next_number(&tx, chrono::Datelike::year(&input.date))?;
                tx.execute(
                    "INSERT INTO purchase_orders (number, supplier_id, date, expected_date, notes,
                         created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        number,
                        input.supplier_id,
                        input.date.to_string(),
                        expected,
                        notes,
                        now.to_rfc3339()
                    ],
                )?;
                tx.last_insert_rowid()
            }
            Some(o) => {
                tx.execute(
                    "UPDATE purchase_orders SET supplier_id = ?2, date = ?3, expected_date = ?4,
                         notes = ?5 WHERE id = ?1",
                    params![
                        o.id,
                        input.supplier_id,
                        input.date.to_string(),
                        expected,
                        notes
                    ],
                )?;
                o.id
            }
        };
        write_lines(&tx, id, &lines)?;
        let saved = read_order(&tx, id)?;
        let before_text = before.as_ref().map(order_text);
        let after_text = order_text(&saved);
        if before_text.as_deref() == Some(after_text.as_str()) {
            drop(tx);
            return read_order(&self.conn, id);
        }
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("purchase_order:{id}"),
                action: if before.is_some() { "update" } else { "create" },
                before: before_text.as_deref(),
                after: Some(&after_text),
                reason: None,
            },
        )?;
        tx.commit()?;
        Ok(saved)
    }

    /// Records that the order went to the supplier: an open order becomes 'sent'; one already
    /// sent (or with goods received) is left as it is. A cancelled or billed order is refused.
    pub fn mark_order_sent(&mut self, id: i64, now: DateTime<Utc>) -> Result<PurchaseOrder> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let o = read_order(&tx, id)?;
        match o.state {
            PurchaseOrderState::Cancelled | PurchaseOrderState::Billed => {
                return Err(state_problem(&o, "sent"))
            }
            PurchaseOrderState::Open => {
                tx.execute(
                    "UPDATE purchase_orders SET state = 'sent', sent_at = ?2 WHERE id = ?1",
                    params![id, now.to_rfc3339()],
                )?;
                audit::append(
                    &tx,
                    now,
                    &self.actor,
                    &Change {
                        record: &format!("purchase_order:{id}"),
                        action: "send",
                        before: Some("open"),
                        after: Some(&format!("{} sent", o.number)),
                        reason: None,
                    },
                )?;
            }
            _ => {}
        }
        let saved = read_order(&tx, id)?;
        tx.commit()?;
        Ok(saved)
    }

    /// Records a delivery against an open, sent or partly received order: the quantities per
    /// line (or everything outstanding), none above what is outstanding. The order becomes
    /// 'received' when nothing is outstanding any more, 'partial' otherwise.
    pub fn receive_order(
        &mut self,
        id: i64,
        date: NaiveDate,
        what: &ReceiveQuantities,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<PurchaseOrder> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let o = read_order(&tx, id)?;
        if !matches!(
            o.state,
            PurchaseOrderState::Open | PurchaseOrderState::Sent | PurchaseOrderState::Partial
        ) {
            return Err(state_problem(&o, "received against"));
        }
        if date < o.date {
            return Err(StoreError::invalid(
                Problem::new(
                    ProblemCode::InvalidDate,
                    format!(
                        "the delivery date {date} is before the order's date {}",
                        o.date
                    ),
                )
                .field("date"),
            ));
        }
        let mut p = Vec::new();
        let mut take: Vec<(u32, Decimal)> = Vec::new();
        match what {
            ReceiveQuantities::Everything => {
                take = o
                    .lines
                    .iter()
                    .filter(|l| l.outstanding > Decimal::ZERO)
                    .map(|l| (l.line_no, l.outstanding))
                    .collect();
            }
            ReceiveQuantities::Lines(rows) => {
                for (line_no, typed) in rows {
                    let Some(l) = o.lines.iter().find(|l| l.line_no == *line_no) else {
                        p.push(
                            Problem::new(
                                ProblemCode::NotFound,
                                format!("order {} has no line {line_no}", o.number),
                            )
                            .at_row(*line_no)
                            .field("line_no"),
                        );
                        continue;
                    };
                    if typed.trim().is_empty()
                        || Decimal::from_str(typed.trim()).is_ok_and(|d| d.is_zero())
                    {
                        continue;
                    }
                    match quantity(typed) {
                        Err(m) => p.push(
                            Problem::new(
                                ProblemCode::InvalidAmount,
                                format!("line {line_no} ({}): {m}", l.description),
                            )
                            .at_row(*line_no)
                            .field("quantity")
                            .param("value", typed.trim()),
                        ),
                        Ok(q) if take.iter().any(|t| t.0 == *line_no) => p.push(
                            Problem::new(
                                ProblemCode::Duplicate,
                                format!("line {line_no} ({}) is given twice", l.description),
                            )
                            .at_row(*line_no)
                            .field("line_no")
                            .param("value", q),
                        ),
                        Ok(q) if q > l.outstanding => p.push(
                            Problem::new(
                                ProblemCode::OutOfRange,
                                format!(
                                    "line {line_no} ({}): {q} is more than the {} outstanding",
                                    l.description, l.outstanding
                                ),
                            )
                            .at_row(*line_no)
                            .field("quantity")
                            .param("line", &l.description)
                            .param("value", q)
                            .param("outstanding", l.outstanding),
                        ),
                        Ok(q) => take.push((*line_no, q)),
                    }
                }
            }
        }
        if !p.is_empty() {
            return Err(StoreError::Invalid(p));
        }
        if take.is_empty() {
            return Err(invalid(
                ProblemCode::Required,
                "quantity",
                format!("nothing to receive on order {}", o.number),
            ));
        }
        tx.execute(
            "INSERT INTO purchase_receipts (order_id, date, note, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![id, date.to_string(), note.trim(), now.to_rfc3339()],
        )?;
        let receipt = tx.last_insert_rowid();
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO purchase_receipt_lines (receipt_id, line_no, quantity) VALUES (?1, ?2, ?3)",
            )?;
            for (n, q) in &take {
                stmt.execute(params![receipt, n, q.to_string()])?;
            }
        }
        let all_in = read_lines(&tx, id)?.iter().all(|l| l.outstanding.is_zero());
        let state = if all_in {
            PurchaseOrderState::Received
        } else {
            PurchaseOrderState::Partial
        };
        tx.execute(
            "UPDATE purchase_orders SET state = ?2 WHERE id = ?1",
            params![id, state.as_str()],
        )?;
        let text = take
            .iter()
            .map(|(n, q)| format!("line {n}: {q}"))
            .collect::<Vec<_>>()
            .join("; ");
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("purchase_order:{id}"),
                action: "receive",
                before: Some(o.state.as_str()),
                after: Some(&format!(
                    "{} receipt {receipt} on {date}: {text} -> {}",
                    o.number,
                    state.as_str()
                )),
                reason: (!note.trim().is_empty()).then_some(note.trim()),
            },
        )?;
        let saved = read_order(&tx, id)?;
        tx.commit()?;
        Ok(saved)
    }

    /// Cancels an order nothing has been received against (a partly received order is billed
    /// for what came instead).
    pub fn cancel_order(
        &mut self,
        id: i64,
        reason: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<PurchaseOrder> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let o = read_order(&tx, id)?;
        if !matches!(o.state, PurchaseOrderState::Open | PurchaseOrderState::Sent)
            || !o.receipts.is_empty()
        {
            return Err(state_problem(&o, "cancelled"));
        }
        tx.execute(
            "UPDATE purchase_orders SET state = 'cancelled' WHERE id = ?1",
            [id],
        )?;
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("purchase_order:{id}"),
                action: "cancel",
                before: Some(o.state.as_str()),
                after: Some(&format!("{} cancelled", o.number)),
                reason,
            },
        )?;
        let saved = read_order(&tx, id)?;
        tx.commit()?;
        Ok(saved)
    }

    pub fn purchase_order(&self, id: i64) -> Result<PurchaseOrder> {
        read_order(&self.conn, id)
    }

    /// Orders, newest first (at most 5 000).
    pub fn purchase_orders(&self, f: &PurchaseOrderFilter) -> Result<Vec<PurchaseOrderRow>> {
        let q = f.query.as_deref().map(str::trim).unwrap_or("");
        let like = format!(
            "%{}%",
            q.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let mut stmt = self.conn.prepare_cached(
            "SELECT o.id, o.number, o.supplier_id, s.legal_name, o.date, o.expected_date, o.state
             FROM purchase_orders o JOIN suppliers s ON s.id = o.supplier_id
             WHERE (?1 IS NULL OR o.supplier_id = ?1) AND (?2 IS NULL OR o.state = ?2)
               AND (?3 = '' OR o.number LIKE ?4 ESCAPE '\\' OR s.legal_name LIKE ?4 ESCAPE '\\'
                    OR coalesce(s.trade_name, '') LIKE ?4 ESCAPE '\\'
                    OR EXISTS (SELECT 1 FROM purchase_order_lines l WHERE l.order_id = o.id
                               AND l.description LIKE ?4 ESCAPE '\\'))
             ORDER BY o.date DESC, o.id DESC LIMIT 5000",
        )?;
        let rows = stmt
            .query_map(
                params![f.supplier_id, f.state.map(|s| s.as_str()), q, like],
                |r| {
                    let expected: Option<String> = r.get(5)?;
                    Ok(PurchaseOrderRow {
                        id: r.get(0)?,
                        number: r.get(1)?,
                        supplier_id: r.get(2)?,
                        supplier_name: r.get(3)?,
                        date: parse_date(&r.get::<_, String>(4)?)?,
                        expected_date: expected.as_deref().map(parse_date).transpose()?,
                        state: PurchaseOrderState::parse(&r.get::<_, String>(6)?)
                            .unwrap_or(PurchaseOrderState::Open),
                        total: Money::ZERO,
                    })
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut out = Vec::with_capacity(rows.len());
        for mut r in rows {
            let lines = read_lines(&self.conn, r.id)?;
            r.total = taxes(&lines).iter().map(|t| t.base + t.vat).sum();
            out.push(r);
        }
        Ok(out)
    }

    /// What a supplier bill is prefilled from: each line with what was ordered and received,
    /// its price, VAT rate and account. Any state (the bill decides what it accepts).
    pub fn order_for_billing(&self, id: i64) -> Result<OrderForBilling> {
        let o = read_order(&self.conn, id)?;
        Ok(OrderForBilling {
            order_id: o.id,
            number: o.number,
            supplier_id: o.supplier_id,
            state: o.state,
            lines: o
                .lines
                .into_iter()
                .map(|l| BillingLine {
                    line_no: l.line_no,
                    product_id: l.product_id,
                    description: l.description,
                    quantity_ordered: l.quantity,
                    quantity_received: l.received,
                    unit_price: l.unit_price,
                    tax: l.tax,
                    account: l.account,
                })
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_and_rates() {
        assert_eq!(quantity("2,500").unwrap().to_string(), "2.5");
        assert!(quantity("0").is_err());
        assert!(quantity("1.2345").is_err());
        assert!(quantity("x").is_err());
        assert_eq!(vat_rate("21%").as_deref(), Some("21"));
        assert_eq!(vat_rate("4.0").as_deref(), Some("4"));
        assert_eq!(vat_rate("7"), None);
    }
}
