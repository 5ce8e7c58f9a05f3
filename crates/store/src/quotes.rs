//! Quotes (presupuestos): numbered P{year}-NNNN by the store, editable until invoiced,
//! accepted or rejected, and converted into an invoice draft (one transaction: the draft
//! carries the quote's lines and cites it, the quote is marked invoiced and points at it).

use crate::audit::{self, Change};
use crate::invoices::{
    customer, dec, line_tax_of, read_invoice, save_row, InvoiceInput, InvoiceRecord, InvoiceState,
};
use crate::journal::parse_date;
use crate::{Company, DocKind, Result, StoreError};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use trastienda_core::invoice::{compute_totals, InvoiceKind, Recipient, VatRules};
use trastienda_core::{
    AccountCode, InvoiceDraft, InvoiceLine, Money, Problem, ProblemCode, TaxTreatment,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteState {
    Open,
    Accepted,
    Rejected,
    Invoiced,
}

impl QuoteState {
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteState::Open => "open",
            QuoteState::Accepted => "accepted",
            QuoteState::Rejected => "rejected",
            QuoteState::Invoiced => "invoiced",
        }
    }
    pub fn parse(s: &str) -> Option<QuoteState> {
        match s.trim() {
            "open" => Some(QuoteState::Open),
            "accepted" => Some(QuoteState::Accepted),
            "rejected" => Some(QuoteState::Rejected),
            "invoiced" => Some(QuoteState::Invoiced),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteInput {
    pub date: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub customer_id: i64,
    pub notes: String,
    pub lines: Vec<InvoiceLine>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteRecord {
    pub id: i64,
    /// "P2027-0001".
    pub number: String,
    pub date: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub customer_id: i64,
    pub customer_name: String,
    pub state: QuoteState,
    /// The invoice (draft, then issued) it became.
    pub invoice_id: Option<i64>,
    pub notes: String,
    pub created_at: String,
    pub lines: Vec<InvoiceLine>,
    pub line_amounts: Vec<Money>,
    /// Totals with the customer's treatment as it is now.
    pub base: Money,
    pub vat: Money,
    pub recargo: Money,
    pub total: Money,
}

fn read_quote(conn: &Connection, id: i64) -> Result<QuoteRecord> {
    type Head = (
        i64,
        String,
        String,
        Option<String>,
        i64,
        String,
        Option<i64>,
        String,
        String,
    );
    let h: Head = conn
        .query_row(
            "SELECT id, number, date, valid_until, customer_id, state, invoice_id, notes, created_at
             FROM quotes WHERE id = ?1",
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
        .ok_or_else(|| StoreError::NotFound(format!("quote {id}")))?;
    let lines: Vec<InvoiceLine> = conn
        .prepare_cached(
            "SELECT description, quantity, unit_price_cents, discount_pct, tax, income_account,
                    withholding_applies
             FROM quote_lines WHERE quote_id = ?1 ORDER BY line_no",
        )?
        .query_map([id], |r| {
            let account: Option<String> = r.get(5)?;
            Ok(InvoiceLine {
                description: r.get(0)?,
                quantity: dec(&r.get::<_, String>(1)?),
                unit_price: Money::from_cents(r.get(2)?),
                discount_pct: dec(&r.get::<_, String>(3)?),
                tax: line_tax_of(&r.get::<_, String>(4)?),
                income_account: account.as_deref().and_then(|a| AccountCode::parse(a).ok()),
                withholding_applies: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let c = customer(conn, h.4)?;
    let treatment = c.as_ref().map_or(TaxTreatment::Domestic, |c| c.treatment);
    let date = parse_date(&h.2, 2)?;
    let t = compute_totals(
        &InvoiceDraft {
            kind: InvoiceKind::Full,
            issue_date: date,
            recipient: Recipient::default(),
            treatment,
            prices_include_vat: false,
            withholding: None,
            lines: lines.clone(),
        },
        &VatRules::spain(),
    );
    Ok(QuoteRecord {
        id: h.0,
        number: h.1,
        date,
        valid_until: h.3.map(|d| parse_date(&d, 3)).transpose()?,
        customer_id: h.4,
        customer_name: c.map(|c| c.name).unwrap_or_default(),
        state: QuoteState::parse(&h.5).unwrap_or(QuoteState::Open),
        invoice_id: h.6,
        notes: h.7,
        created_at: h.8,
        line_amounts: lines
            .iter()
            .map(|l| l.amount().unwrap_or(Money::ZERO))
            .collect(),
        lines,
        base: t.base,
        vat: t.vat,
        recargo: t.recargo,
        total: t.total,
    })
}

fn write_quote_lines(conn: &Connection, id: i64, lines: &[InvoiceLine]) -> Result<()> {
    crate::invoices::write_doc_lines(conn, crate::invoices::DocLines::Quote, id, lines)
}

fn quote_text(q: &QuoteRecord) -> String {
    format!(
        "{} {} {} {}, {} lines, total {}",
        q.number,
        q.date,
        q.state.as_str(),
        q.customer_name,
        q.lines.len(),
        q.total
    )
}

fn invalid(p: Problem) -> StoreError {
    StoreError::invalid(p)
}

impl Company {
    /// Saves a quote (new with `id` None, numbered P{year}-NNNN in its date's year); an
    /// invoiced quote is no longer edited.
    pub fn save_quote(
        &mut self,
        id: Option<i64>,
        input: &QuoteInput,
        now: DateTime<Utc>,
    ) -> Result<QuoteRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut problems = Vec::new();
        if customer(&tx, input.customer_id)?.is_none() {
            problems.push(
                Problem::new(
                    ProblemCode::NotFound,
                    format!("customer {} does not exist", input.customer_id),
                )
                .field("customer_id"),
            );
        }
        if input.valid_until.is_some_and(|v| v < input.date) {
            problems.push(
                Problem::new(
                    ProblemCode::InvalidDate,
                    "a quote is valid until a day on or after its date",
                )
                .field("valid_until"),
            );
        }
        if input.lines.len() > 1000 || input.notes.len() > 10_000 {
            problems.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    "a quote has at most 1000 lines and 10 000 characters of notes",
                )
                .field("lines"),
            );
        }
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems));
        }
        let id = match id {
            None => {
                let prefix = format!("P{}-", input.date.year());
                let n: i64 = tx.query_row(
                    "SELECT coalesce(max(CAST(substr(number, ?2) AS INTEGER)), 0) + 1
                     FROM quotes WHERE number LIKE ?1 || '%'",
                    params![prefix, prefix.len() as i64 + 1],
                    |r| r.get(0),
                )?;
                tx.execute(
                    "INSERT INTO quotes (number, date, valid_until, customer_id, notes, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        format!("{prefix}{n:04}"),
                        input.date.to_string(),
                        input.valid_until.map(|d| d.to_string()),
                        input.customer_id,
                        input.notes.trim(),
                        now.to_rfc3339()
                    ],
                )?;
                tx.last_insert_rowid()
            }
            Some(id) => {
                let q = read_quote(&tx, id)?;
                if q.state == QuoteState::Invoiced {
                    return Err(invalid(
                        Problem::new(
                            ProblemCode::InvalidCode,
                            format!("quote {} was invoiced; it is no longer edited", q.number),
                        )
                        .field("id"),
                    ));
                }
                tx.execute(
                    "UPDATE quotes SET date = ?2, valid_until = ?3, customer_id = ?4, notes = ?5
                     WHERE id = ?1",
                    params![
                        id,
                        input.date.to_string(),
                        input.valid_until.map(|d| d.to_string()),
                        input.customer_id,
                        input.notes.trim()
                    ],
                )?;
                id
            }
        };
        write_quote_lines(&tx, id, &input.lines)?;
        let q = read_quote(&tx, id)?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("quote:{id}"),
                action: "save",
                after: Some(&quote_text(&q)),
                ..Change::default()
            },
        )?;
        tx.commit()?;
        Ok(q)
    }

    pub fn quote(&self, id: i64) -> Result<QuoteRecord> {
        read_quote(&self.conn, id)
    }

    /// Quotes, newest first; of one customer when given.
    pub fn quotes(&self, customer_id: Option<i64>) -> Result<Vec<QuoteRecord>> {
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(
                "SELECT id FROM quotes WHERE ?1 IS NULL OR customer_id = ?1
                 ORDER BY date DESC, id DESC",
            )?
            .query_map([customer_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .map(|id| read_quote(&self.conn, id))
            .collect()
    }

    /// Marks a quote open, accepted or rejected (invoiced only by converting it).
    pub fn set_quote_state(
        &mut self,
        id: i64,
        state: QuoteState,
        now: DateTime<Utc>,
    ) -> Result<QuoteRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let q = read_quote(&tx, id)?;
        if state == QuoteState::Invoiced || q.state == QuoteState::Invoiced {
            return Err(invalid(
                Problem::new(
                    ProblemCode::InvalidCode,
                    if q.state == QuoteState::Invoiced {
                        format!(
                            "quote {} was invoiced; its state no longer changes",
                            q.number
                        )
                    } else {
                        "a quote becomes invoiced by converting it into an invoice".to_string()
                    },
                )
                .field("state"),
            ));
        }
        tx.execute(
            "UPDATE quotes SET state = ?2 WHERE id = ?1",
            params![id, state.as_str()],
        )?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("quote:{id}"),
                action: "state",
                before: Some(q.state.as_str()),
                after: Some(state.as_str()),
                ..Change::default()
            },
        )?;
        let q = read_quote(&tx, id)?;
        tx.commit()?;
        Ok(q)
    }

    /// Turns a quote into an invoice draft dated `issue_date` (its lines, its customer,
    /// citing it) and marks it invoiced, together. A rejected or already invoiced quote is
    /// refused.
    pub fn convert_quote(
        &mut self,
        id: i64,
        issue_date: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<InvoiceRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let q = read_quote(&tx, id)?;
        match q.state {
            QuoteState::Invoiced => {
                return Err(invalid(
                    Problem::new(
                        ProblemCode::Duplicate,
                        format!(
                            "quote {} was already turned into invoice draft {}",
                            q.number,
                            q.invoice_id.unwrap_or_default()
                        ),
                    )
                    .field("id"),
                ))
            }
            QuoteState::Rejected => {
                return Err(invalid(
                    Problem::new(
                        ProblemCode::InvalidCode,
                        format!("quote {} was rejected; reopen it first", q.number),
                    )
                    .field("id"),
                ))
            }
            _ => {}
        }
        let input = InvoiceInput {
            kind: DocKind::Invoice,
            issue_date,
            operation_date: None,
            customer_id: Some(q.customer_id),
            prices_include_vat: false,
            withholding: None,
            notes: q.notes.clone(),
            lines: q.lines.clone(),
        };
        let invoice_id = save_row(&tx, None, InvoiceState::Draft, &input, None, now)?;
        tx.execute(
            "UPDATE invoices SET quote_id = ?2 WHERE id = ?1",
            params![invoice_id, id],
        )?;
        tx.execute(
            "UPDATE quotes SET state = 'invoiced', invoice_id = ?2 WHERE id = ?1",
            params![id, invoice_id],
        )?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("quote:{id}"),
                action: "convert",
                before: Some(q.state.as_str()),
                after: Some(&format!("invoiced: invoice draft {invoice_id}")),
                ..Change::default()
            },
        )?;
        let inv = read_invoice(&tx, invoice_id)?;
        tx.commit()?;
        Ok(inv)
    }
}
