//! Sales invoices in the company file: series, drafts, recurring templates, issuing (number,
//! totals, tax breakdown, journal entry, register record and audit record in one IMMEDIATE
//! transaction), credit notes (facturas rectificativas), the invoice register's check and the
//! VAT output summary. The rules are `core::invoice`, `core::series` and `core::verifactu`;
//! this module only keeps the documents and makes the database agree with them (the triggers
//! of 0003_sales.sql number the invoices and freeze them once issued).
//!
//! Decisions kept here:
//! - **Register timestamps** (`generated_at`, FechaHoraHusoGenRegistro) are written in
//!   peninsular Spanish time, `+01:00` in winter and `+02:00` in summer (EU rule: summer time
//!   from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October),
//!   as the AEAT's examples are; the instant is `now`, only its offset is chosen.
//! - **Cancelling** an issued invoice is a credit note that negates all of it: a new invoice
//!   of type R (an *alta* in the register, citing the corrected one). The register's
//!   *anulación* is for a record sent by mistake (an invoice that should never have existed);
//!   issued invoices here are never removed, so the store writes altas only, and the checker
//!   understands both kinds.
//! - **Credit notes apply to the invoice they correct**: an invoice's open amount is its total
//!   plus its credit notes' totals (negative) minus the payments applied to it; a credit note
//!   has no open amount of its own.

use crate::audit::{self, Change};
use crate::journal::{parse_date, Poster};
use crate::{Company, Result, StoreError};
use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use rust_decimal::Decimal;
use std::str::FromStr;
use trastienda_core::fiscal::Every;
use trastienda_core::invoice::{
    compute_totals, invoice_entry, AppliedTax, Correction, CorrectionMethod, CorrectionReason,
    CreditNoteHeader, ExemptionCause, InvoiceKind, InvoiceRef, InvoiceRules, LineTax, Recipient,
    SalesAccounts, Withholding,
};
use trastienda_core::payment_terms::PaymentTerms;
use trastienda_core::series::{Series, SeriesFormat, SeriesKind};
use trastienda_core::verifactu::{
    format_amount, format_timestamp, verify_chain, Alta, Anulacion, ChainedRecord, InvoiceType,
    Record,
};
use trastienda_core::{
    AccountCode, BalancedEntry, Invoice, InvoiceDraft, InvoiceLine, Money, Problem, ProblemCode,
    TaxTreatment,
};

/// What a document is: a complete invoice, a simplified one (ticket) or a credit note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    Invoice,
    Simplified,
    Corrective,
}

impl DocKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Invoice => "invoice",
            DocKind::Simplified => "simplified",
            DocKind::Corrective => "corrective",
        }
    }
    pub fn parse(s: &str) -> Option<DocKind> {
        match s {
            "invoice" => Some(DocKind::Invoice),
            "simplified" => Some(DocKind::Simplified),
            "corrective" => Some(DocKind::Corrective),
            _ => None,
        }
    }
    /// The series kind that numbers it.
    pub fn series_kind(self) -> SeriesKind {
        match self {
            DocKind::Invoice => SeriesKind::Normal,
            DocKind::Simplified => SeriesKind::Simplified,
            DocKind::Corrective => SeriesKind::Corrective,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvoiceState {
    Draft,
    Template,
    Issued,
}

impl InvoiceState {
    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceState::Draft => "draft",
            InvoiceState::Template => "template",
            InvoiceState::Issued => "issued",
        }
    }
    fn parse(s: &str) -> InvoiceState {
        match s {
            "template" => InvoiceState::Template,
            "issued" => InvoiceState::Issued,
            _ => InvoiceState::Draft,
        }
    }
}

/// A series of one kind for one year, with where its numbering stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesRow {
    pub id: i64,
    pub series: Series,
    pub last_number: u32,
    pub last_date: Option<NaiveDate>,
}

/// An invoice as typed (a draft or a recurring template). Credit notes are made from the
/// invoice they correct (`create_credit_note`), not from this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceInput {
    /// `Invoice` or `Simplified`.
    pub kind: DocKind,
    pub issue_date: NaiveDate,
    pub operation_date: Option<NaiveDate>,
    /// Required for a complete invoice; a ticket may have none.
    pub customer_id: Option<i64>,
    pub prices_include_vat: bool,
    /// IRPF withheld, in percent; `None` for none.
    pub withholding: Option<Decimal>,
    pub notes: String,
    pub lines: Vec<InvoiceLine>,
}

/// What a credit note cites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrectionInfo {
    pub corrects_id: i64,
    pub corrects_number: String,
    pub corrects_date: NaiveDate,
    pub method: CorrectionMethod,
    pub reason: CorrectionReason,
    pub explanation: String,
}

/// One row of an issued invoice's tax breakdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxRow {
    /// The VAT rate ("21"), the exemption cause ("E1") or "ISP" (reverse charge).
    pub tax: String,
    pub base: Money,
    pub vat_rate: Decimal,
    pub vat: Money,
    pub recargo_rate: Decimal,
    pub recargo: Money,
}

/// An invoice as the store keeps it, in any state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceRecord {
    pub id: i64,
    pub state: InvoiceState,
    pub kind: DocKind,
    pub series_code: Option<String>,
    pub number: Option<u32>,
    /// The printed number ("2027-0001"); issued invoices only.
    pub full_number: Option<String>,
    pub issue_date: NaiveDate,
    pub operation_date: Option<NaiveDate>,
    pub customer_id: Option<i64>,
    /// The customer as printed (a snapshot once issued; the customer's current data on drafts).
    pub customer_name: String,
    pub customer_tax_id: String,
    pub customer_country: String,
    pub customer_address: String,
    pub treatment: TaxTreatment,
    pub prices_include_vat: bool,
    pub withholding: Option<Decimal>,
    pub correction: Option<CorrectionInfo>,
    pub quote_id: Option<i64>,
    pub recurrence: Option<Every>,
    pub next_date: Option<NaiveDate>,
    pub template_id: Option<i64>,
    pub base: Money,
    pub vat: Money,
    pub recargo: Money,
    pub withholding_amount: Money,
    pub total: Money,
    pub due_date: Option<NaiveDate>,
    pub entry_id: Option<i64>,
    pub notes: String,
    pub created_at: String,
    pub issued_at: Option<String>,
    pub lines: Vec<InvoiceLine>,
    /// Each line's amount as printed.
    pub line_amounts: Vec<Money>,
    pub taxes: Vec<TaxRow>,
    /// What is still owed (issued, non-corrective invoices): total + credit notes − payments.
    pub open: Money,
}

/// Which invoices to list.
#[derive(Debug, Clone, Default)]
pub struct InvoiceFilter {
    pub state: Option<InvoiceState>,
    pub customer_id: Option<i64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// A record of the invoice register as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRecord {
    pub id: i64,
    pub invoice_id: i64,
    pub kind: String,
    pub issuer_tax_id: String,
    pub full_number: String,
    pub issue_date: String,
    pub invoice_type: String,
    pub total_tax: String,
    pub total_amount: String,
    pub generated_at: String,
    pub previous_hash: String,
    pub hash: String,
}

/// The first broken record of the invoice register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterBreak {
    /// 1-based position in the register.
    pub position: usize,
    pub record_id: i64,
    pub number: String,
    pub message: String,
}

/// Output VAT of a period, one row per applied tax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VatOutputRow {
    pub tax: String,
    pub vat_rate: Decimal,
    pub recargo_rate: Decimal,
    pub base: Money,
    pub vat: Money,
    pub recargo: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VatOutputSummary {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub rows: Vec<VatOutputRow>,
    pub base: Money,
    pub vat: Money,
    pub recargo: Money,
    pub withholding: Money,
    pub invoices: u32,
}

// ---------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------

fn treatment_columns(t: TaxTreatment) -> (&'static str, Option<&'static str>) {
    match t {
        TaxTreatment::Domestic => ("domestic", None),
        TaxTreatment::RecargoEquivalencia => ("recargo", None),
        TaxTreatment::Exempt(c) => ("exempt", Some(c.code())),
        TaxTreatment::IntraEuReverseCharge => ("intra_eu", None),
        TaxTreatment::Export => ("export", None),
    }
}

pub(crate) fn treatment_of(t: &str, cause: Option<&str>) -> TaxTreatment {
    match t {
        "recargo" => TaxTreatment::RecargoEquivalencia,
        "exempt" => TaxTreatment::Exempt(
            cause
                .and_then(ExemptionCause::parse)
                .unwrap_or(ExemptionCause::E1),
        ),
        "intra_eu" => TaxTreatment::IntraEuReverseCharge,
        "export" => TaxTreatment::Export,
        _ => TaxTreatment::Domestic,
    }
}

pub(crate) fn line_tax_text(t: LineTax) -> String {
    match t {
        LineTax::Vat(r) => r.normalize().to_string(),
        LineTax::Exempt(c) => c.code().to_string(),
    }
}

pub(crate) fn line_tax_of(s: &str) -> LineTax {
    match ExemptionCause::parse(s) {
        Some(c) => LineTax::Exempt(c),
        None => LineTax::Vat(Decimal::from_str(s).unwrap_or_default()),
    }
}

fn applied_key(t: &AppliedTax) -> String {
    match t {
        AppliedTax::Vat { rate, .. } => rate.normalize().to_string(),
        AppliedTax::Exempt(c) => c.code().to_string(),
        AppliedTax::ReverseCharge => "ISP".to_string(),
    }
}

fn reason_code(r: CorrectionReason) -> &'static str {
    match r {
        CorrectionReason::LegalErrorOrArt80 => "R1",
        CorrectionReason::Insolvency => "R2",
        CorrectionReason::BadDebt => "R3",
        CorrectionReason::Other => "R4",
    }
}

fn reason_of(s: &str) -> CorrectionReason {
    match s {
        "R1" => CorrectionReason::LegalErrorOrArt80,
        "R2" => CorrectionReason::Insolvency,
        "R3" => CorrectionReason::BadDebt,
        _ => CorrectionReason::Other,
    }
}

fn method_code(m: CorrectionMethod) -> &'static str {
    match m {
        CorrectionMethod::Difference => "difference",
        CorrectionMethod::Substitution => "substitution",
    }
}

pub(crate) fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_default()
}

fn withholding_text(w: Option<Decimal>) -> String {
    w.filter(|p| !p.is_zero())
        .map(|p| p.normalize().to_string())
        .unwrap_or_else(|| "0".into())
}

fn withholding_of(s: &str) -> Option<Decimal> {
    let d = dec(s);
    (!d.is_zero()).then_some(d.normalize())
}

fn opt_date(s: Option<String>, col: usize) -> rusqlite::Result<Option<NaiveDate>> {
    s.map(|s| parse_date(&s, col)).transpose()
}

/// `now` as peninsular Spanish time (see the module doc), to the second.
pub fn madrid_time(now: DateTime<Utc>) -> DateTime<FixedOffset> {
    let y = now.year();
    let last_sunday = |m: u32| {
        let last = NaiveDate::from_ymd_opt(y, m, 31).expect("March and October have 31 days");
        last - Days::new(u64::from(last.weekday().num_days_from_sunday()))
    };
    let at_one = |d: NaiveDate| d.and_hms_opt(1, 0, 0).expect("valid time").and_utc();
    let summer = now >= at_one(last_sunday(3)) && now < at_one(last_sunday(10));
    let offset = FixedOffset::east_opt(if summer { 7200 } else { 3600 }).expect("valid offset");
    let t = now.with_timezone(&offset);
    t - chrono::Duration::nanoseconds(i64::from(t.timestamp_subsec_nanos()))
}

// ---------------------------------------------------------------------------------------
// Customers (read only: the customers module owns them)
// ---------------------------------------------------------------------------------------

pub(crate) struct CustomerSnapshot {
    pub name: String,
    pub tax_id: String,
    pub country: String,
    pub address: String,
    pub treatment: TaxTreatment,
    pub payment_days: u32,
    pub payment_days_of_month: Vec<u32>,
    pub account: AccountCode,
}

pub(crate) fn customer(conn: &Connection, id: i64) -> Result<Option<CustomerSnapshot>> {
    type Row = (
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        u32,
        Option<String>,
        Option<String>,
    );
    let row: Option<Row> = conn
        .prepare_cached(
            "SELECT legal_name, tax_id, country, address, postal_code, city, province, treatment,
                    exemption_cause, payment_days, payment_days_of_month, account
             FROM customers WHERE id = ?1",
        )?
        .query_row([id], |r| {
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
                r.get(9)?,
                r.get(10)?,
                r.get(11)?,
            ))
        })
        .optional()?;
    Ok(row.map(|r| {
        let place = [r.4.trim(), r.5.trim()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        let province = if r.6.trim().is_empty() || r.6.trim() == r.5.trim() {
            String::new()
        } else {
            format!(" ({})", r.6.trim())
        };
        let address = [r.3.trim().to_string(), format!("{place}{province}")]
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        CustomerSnapshot {
            name: r.0.trim().to_string(),
            tax_id: r.1.trim().to_string(),
            country: r.2,
            address,
            treatment: treatment_of(&r.7, r.8.as_deref()),
            payment_days: r.9,
            payment_days_of_month: r
                .10
                .unwrap_or_default()
                .split(',')
                .filter_map(|d| d.trim().parse().ok())
                .collect(),
            account: r
                .11
                .as_deref()
                .and_then(|a| AccountCode::parse(a).ok())
                .unwrap_or_else(|| AccountCode::parse("430").expect("valid code")),
        }
    }))
}

fn customer_required(conn: &Connection, id: i64) -> Result<CustomerSnapshot> {
    customer(conn, id)?.ok_or_else(|| {
        StoreError::invalid(
            Problem::new(
                ProblemCode::NotFound,
                format!("customer {id} does not exist"),
            )
            .field("customer_id")
            .param("id", id),
        )
    })
}

// ---------------------------------------------------------------------------------------
// Series
// ---------------------------------------------------------------------------------------

fn series_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SeriesRow> {
    let kind: String = r.get(2)?;
    let width: i64 = r.get(6)?;
    Ok(SeriesRow {
        id: r.get(0)?,
        series: Series {
            code: r.get(1)?,
            kind: SeriesKind::parse(&kind).unwrap_or(SeriesKind::Normal),
            year: r.get(3)?,
            format: SeriesFormat {
                prefix: r.get(4)?,
                separator: r.get(5)?,
                width: width as usize,
            },
        },
        last_number: r.get(7)?,
        last_date: opt_date(r.get(8)?, 8)?,
    })
}

const SERIES_COLUMNS: &str =
    "id, code, kind, year, prefix, separator, width, last_number, last_date";

fn read_series(conn: &Connection, id: i64) -> Result<SeriesRow> {
    conn.query_row(
        &format!("SELECT {SERIES_COLUMNS} FROM invoice_series WHERE id = ?1"),
        [id],
        series_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("invoice series {id}")))
}

/// The default series of `kind` for `year`, created on first use (inside the caller's
/// transaction, so a failed issue leaves none behind).
fn series_for(conn: &Connection, kind: SeriesKind, year: i32) -> Result<SeriesRow> {
    let found: Option<SeriesRow> = conn
        .query_row(
            &format!(
                "SELECT {SERIES_COLUMNS} FROM invoice_series WHERE kind = ?1 AND year = ?2
                 ORDER BY (code = ?1) DESC, id LIMIT 1"
            ),
            params![kind.code(), year],
            series_row,
        )
        .optional()?;
    if let Some(s) = found {
        return Ok(s);
    }
    let s = Series::new(kind, year);
    conn.execute(
        "INSERT INTO invoice_series (code, kind, year, prefix, separator, width)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            s.code,
            kind.code(),
            year,
            s.format.prefix,
            s.format.separator,
            s.format.width as i64
        ],
    )?;
    read_series(conn, conn.last_insert_rowid())
}

// ---------------------------------------------------------------------------------------
// Reading invoices
// ---------------------------------------------------------------------------------------

const INVOICE_COLUMNS: &str =
    "i.id, i.state, i.kind, s.code, i.number, i.full_number, i.issue_date,
    i.operation_date, i.customer_id, i.customer_name, i.customer_tax_id, i.customer_country,
    i.customer_address, i.treatment, i.exemption_cause, i.prices_include_vat, i.withholding_pct,
    i.corrects_id, i.correction_method, i.correction_reason, i.correction_text, i.quote_id,
    i.recurrence, i.next_date, i.template_id, i.base_cents, i.vat_cents, i.recargo_cents,
    i.withholding_cents, i.total_cents, i.due_date, i.entry_id, i.notes, i.created_at,
    i.issued_at, c.full_number, c.issue_date";

fn head(r: &rusqlite::Row<'_>) -> rusqlite::Result<InvoiceRecord> {
    let state: String = r.get(1)?;
    let kind: String = r.get(2)?;
    let treatment: String = r.get(13)?;
    let cause: Option<String> = r.get(14)?;
    let corrects_id: Option<i64> = r.get(17)?;
    let correction = match corrects_id {
        Some(cid) => Some(CorrectionInfo {
            corrects_id: cid,
            corrects_number: r.get::<_, Option<String>>(35)?.unwrap_or_default(),
            corrects_date: parse_date(&r.get::<_, String>(36)?, 36)?,
            method: if r.get::<_, Option<String>>(18)?.as_deref() == Some("substitution") {
                CorrectionMethod::Substitution
            } else {
                CorrectionMethod::Difference
            },
            reason: reason_of(&r.get::<_, Option<String>>(19)?.unwrap_or_default()),
            explanation: r.get::<_, Option<String>>(20)?.unwrap_or_default(),
        }),
        None => None,
    };
    let recurrence: Option<String> = r.get(22)?;
    Ok(InvoiceRecord {
        id: r.get(0)?,
        state: InvoiceState::parse(&state),
        kind: DocKind::parse(&kind).unwrap_or(DocKind::Invoice),
        series_code: r.get(3)?,
        number: r.get(4)?,
        full_number: r.get(5)?,
        issue_date: parse_date(&r.get::<_, String>(6)?, 6)?,
        operation_date: opt_date(r.get(7)?, 7)?,
        customer_id: r.get(8)?,
        customer_name: r.get::<_, Option<String>>(9)?.unwrap_or_default(),
        customer_tax_id: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
        customer_country: r.get::<_, Option<String>>(11)?.unwrap_or_default(),
        customer_address: r.get::<_, Option<String>>(12)?.unwrap_or_default(),
        treatment: treatment_of(&treatment, cause.as_deref()),
        prices_include_vat: r.get(15)?,
        withholding: withholding_of(&r.get::<_, String>(16)?),
        correction,
        quote_id: r.get(21)?,
        recurrence: recurrence.as_deref().and_then(Every::parse),
        next_date: opt_date(r.get(23)?, 23)?,
        template_id: r.get(24)?,
        base: Money::from_cents(r.get(25)?),
        vat: Money::from_cents(r.get(26)?),
        recargo: Money::from_cents(r.get(27)?),
        withholding_amount: Money::from_cents(r.get(28)?),
        total: Money::from_cents(r.get(29)?),
        due_date: opt_date(r.get(30)?, 30)?,
        entry_id: r.get(31)?,
        notes: r.get(32)?,
        created_at: r.get(33)?,
        issued_at: r.get(34)?,
        lines: Vec::new(),
        line_amounts: Vec::new(),
        taxes: Vec::new(),
        open: Money::ZERO,
    })
}

fn read_lines(conn: &Connection, id: i64) -> Result<(Vec<InvoiceLine>, Vec<Money>)> {
    let mut stmt = conn.prepare_cached(
        "SELECT description, quantity, unit_price_cents, discount_pct, tax, income_account,
                withholding_applies, amount_cents
         FROM invoice_lines WHERE invoice_id = ?1 ORDER BY line_no",
    )?;
    let rows = stmt
        .query_map([id], |r| {
            let account: Option<String> = r.get(5)?;
            Ok((
                InvoiceLine {
                    description: r.get(0)?,
                    quantity: dec(&r.get::<_, String>(1)?),
                    unit_price: Money::from_cents(r.get(2)?),
                    discount_pct: dec(&r.get::<_, String>(3)?),
                    tax: line_tax_of(&r.get::<_, String>(4)?),
                    income_account: account.as_deref().and_then(|a| AccountCode::parse(a).ok()),
                    withholding_applies: r.get(6)?,
                },
                Money::from_cents(r.get(7)?),
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows.into_iter().unzip())
}

fn read_taxes(conn: &Connection, id: i64) -> Result<Vec<TaxRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT tax, base_cents, vat_rate, vat_cents, recargo_rate, recargo_cents
         FROM invoice_taxes WHERE invoice_id = ?1
         ORDER BY CAST(vat_rate AS REAL) DESC, tax",
    )?;
    let rows = stmt
        .query_map([id], |r| {
            Ok(TaxRow {
                tax: r.get(0)?,
                base: Money::from_cents(r.get(1)?),
                vat_rate: dec(&r.get::<_, String>(2)?),
                vat: Money::from_cents(r.get(3)?),
                recargo_rate: dec(&r.get::<_, String>(4)?),
                recargo: Money::from_cents(r.get(5)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// SQL for the open amount of issued invoice `i` as of ?1 (a date, '9999-12-31' for now).
pub(crate) const OPEN_SQL: &str = "i.total_cents
    + coalesce((SELECT sum(c.total_cents) FROM invoices c
                WHERE c.corrects_id = i.id AND c.state = 'issued' AND c.issue_date <= ?1), 0)
    - coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a
                JOIN payments p ON p.id = a.payment_id
                WHERE a.invoice_id = i.id AND p.date <= ?1), 0)";

pub(crate) fn open_amount(conn: &Connection, id: i64) -> Result<Money> {
    let cents: Option<i64> = conn
        .query_row(
            &format!(
                "SELECT CASE WHEN i.state = 'issued' AND i.kind <> 'corrective' THEN {OPEN_SQL}
                        ELSE 0 END
                 FROM invoices i WHERE i.id = ?2"
            ),
            params!["9999-12-31", id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(Money::from_cents(cents.unwrap_or(0)))
}

pub(crate) fn read_invoice(conn: &Connection, id: i64) -> Result<InvoiceRecord> {
    let mut inv = conn
        .query_row(
            &format!(
                "SELECT {INVOICE_COLUMNS} FROM invoices i
                 LEFT JOIN invoice_series s ON s.id = i.series_id
                 LEFT JOIN invoices c ON c.id = i.corrects_id
                 WHERE i.id = ?1"
            ),
            [id],
            head,
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("invoice {id}")))?;
    let (lines, amounts) = read_lines(conn, id)?;
    inv.lines = lines;
    inv.line_amounts = amounts;
    inv.taxes = read_taxes(conn, id)?;
    inv.open = open_amount(conn, id)?;
    // A draft shows the customer as it is now.
    if inv.state != InvoiceState::Issued {
        if let Some(cid) = inv.customer_id {
            if let Some(c) = customer(conn, cid)? {
                inv.customer_name = c.name;
                inv.customer_tax_id = c.tax_id;
                inv.customer_country = c.country;
                inv.customer_address = c.address;
            }
        }
    }
    Ok(inv)
}

fn invoice_id_by_number(conn: &Connection, number: &str) -> Result<i64> {
    conn.query_row(
        "SELECT id FROM invoices WHERE full_number = ?1",
        [number.trim()],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("invoice {}", number.trim())))
}

// ---------------------------------------------------------------------------------------
// Writing drafts
// ---------------------------------------------------------------------------------------

fn write_lines(conn: &Connection, id: i64, lines: &[InvoiceLine], amounts: &[Money]) -> Result<()> {
    write_doc_lines(conn, DocLines::Invoice(amounts), id, lines)
}

/// Whose lines `write_doc_lines` replaces: an invoice's (with each line's computed amount) or
/// a quote's. The two tables hold the same line shape.
#[derive(Clone, Copy)]
pub(crate) enum DocLines<'a> {
    Invoice(&'a [Money]),
    Quote,
}

/// Replaces the lines of document `id` with `lines`, numbered from 1.
pub(crate) fn write_doc_lines(
    conn: &Connection,
    doc: DocLines<'_>,
    id: i64,
    lines: &[InvoiceLine],
) -> Result<()> {
    let (table, key, amount_column) = match doc {
        DocLines::Invoice(_) => ("invoice_lines", "invoice_id", ", amount_cents"),
        DocLines::Quote => ("quote_lines", "quote_id", ""),
    };
    conn.execute(&format!("DELETE FROM {table} WHERE {key} = ?1"), [id])?;
    let mut insert = conn.prepare_cached(&format!(
        "INSERT INTO {table} ({key}, line_no, description, quantity, unit_price_cents,
                              discount_pct, tax, income_account, withholding_applies{amount_column})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9{})",
        if amount_column.is_empty() {
            ""
        } else {
            ", ?10"
        }
    ))?;
    for (i, l) in lines.iter().enumerate() {
        use rusqlite::types::Value;
        let mut values: Vec<Value> = vec![
            Value::Integer(id),
            Value::Integer(i as i64 + 1),
            Value::Text(l.description.trim().to_string()),
            Value::Text(l.quantity.normalize().to_string()),
            Value::Integer(l.unit_price.cents()),
            Value::Text(l.discount_pct.normalize().to_string()),
            Value::Text(line_tax_text(l.tax)),
            l.income_account
                .as_ref()
                .map_or(Value::Null, |a| Value::Text(a.as_str().to_string())),
            Value::Integer(i64::from(l.withholding_applies)),
        ];
        if let DocLines::Invoice(amounts) = doc {
            values.push(Value::Integer(
                amounts.get(i).copied().unwrap_or(Money::ZERO).cents(),
            ));
        }
        insert.execute(rusqlite::params_from_iter(values))?;
    }
    Ok(())
}

/// The customer-independent part of a draft's checks (the full checks run at issue).
fn check_input(conn: &Connection, input: &InvoiceInput) -> Result<Option<CustomerSnapshot>> {
    let mut problems = Vec::new();
    if input.kind == DocKind::Corrective {
        problems.push(
            Problem::new(
                ProblemCode::InvalidCode,
                "a credit note is made from the invoice it corrects, not typed as a draft",
            )
            .field("kind"),
        );
    }
    if input.lines.len() > 1000 {
        problems.push(
            Problem::new(ProblemCode::OutOfRange, "an invoice has at most 1000 lines")
                .field("lines"),
        );
    }
    if input.notes.len() > 10_000 {
        problems.push(
            Problem::new(
                ProblemCode::OutOfRange,
                "the notes are at most 10 000 characters",
            )
            .field("notes"),
        );
    }
    for (i, l) in input.lines.iter().enumerate() {
        if l.description.len() > 2_000 {
            problems.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    "a line's description is at most 2 000 characters",
                )
                .at_row(i as u32 + 1)
                .field("description"),
            );
        }
    }
    let customer = match input.customer_id {
        Some(id) => match customer(conn, id)? {
            Some(c) => Some(c),
            None => {
                problems.push(
                    Problem::new(
                        ProblemCode::NotFound,
                        format!("customer {id} does not exist"),
                    )
                    .field("customer_id")
                    .param("id", id),
                );
                None
            }
        },
        None if input.kind == DocKind::Invoice => {
            problems.push(
                Problem::new(
                    ProblemCode::Required,
                    "a complete invoice names its customer; only a simplified invoice may have none",
                )
                .field("customer_id"),
            );
            None
        }
        None => None,
    };
    if !problems.is_empty() {
        return Err(StoreError::Invalid(problems));
    }
    Ok(customer)
}

/// The core draft of a stored (non-corrective) invoice, its customer's data as given.
fn core_draft(
    kind: DocKind,
    issue_date: NaiveDate,
    recipient: Recipient,
    treatment: TaxTreatment,
    prices_include_vat: bool,
    withholding: Option<Decimal>,
    lines: Vec<InvoiceLine>,
) -> InvoiceDraft {
    InvoiceDraft {
        kind: match kind {
            DocKind::Simplified => InvoiceKind::Simplified,
            _ => InvoiceKind::Full,
        },
        issue_date,
        recipient,
        treatment,
        prices_include_vat,
        withholding: withholding.map(Withholding::from_percent),
        lines,
    }
}

fn negative_total(total: Money) -> StoreError {
    StoreError::invalid(
        Problem::new(
            ProblemCode::NegativeAmount,
            format!(
                "the total is {total}; only a credit note (factura rectificativa) may be negative"
            ),
        )
        .field("total")
        .param("total", total),
    )
}

/// Writes a draft or template row (new when `id` is None) with its lines and running totals.
pub(crate) fn save_row(
    tx: &Transaction<'_>,
    id: Option<i64>,
    state: InvoiceState,
    input: &InvoiceInput,
    recurrence: Option<(Every, NaiveDate)>,
    now: DateTime<Utc>,
) -> Result<i64> {
    let customer = check_input(tx, input)?;
    let treatment = customer
        .as_ref()
        .map_or(TaxTreatment::Domestic, |c| c.treatment);
    let draft = core_draft(
        input.kind,
        input.issue_date,
        Recipient::default(),
        treatment,
        input.prices_include_vat,
        input.withholding,
        input.lines.clone(),
    );
    let t = compute_totals(&draft, &trastienda_core::invoice::VatRules::spain());
    if t.total.is_negative() {
        return Err(negative_total(t.total));
    }
    let amounts: Vec<Money> = input
        .lines
        .iter()
        .map(|l| l.amount().unwrap_or(Money::ZERO))
        .collect();
    let (tr, cause) = treatment_columns(treatment);
    let (rec, next) = match recurrence {
        Some((e, d)) => (Some(e.as_str()), Some(d.to_string())),
        None => (None, None),
    };
    let id = match id {
        None => {
            tx.execute(
                "INSERT INTO invoices (state, kind, issue_date, recurrence, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    state.as_str(),
                    input.kind.as_str(),
                    input.issue_date.to_string(),
                    rec,
                    now.to_rfc3339()
                ],
            )?;
            tx.last_insert_rowid()
        }
        Some(id) => {
            let found: Option<(String, String)> = tx
                .query_row(
                    "SELECT state, kind FROM invoices WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            match found {
                None => return Err(StoreError::NotFound(format!("invoice {id}"))),
                Some((s, _)) if s != state.as_str() => {
                    return Err(StoreError::invalid(
                        Problem::new(
                            ProblemCode::InvalidCode,
                            format!(
                                "invoice {id} is {s}, not {}; {}",
                                state.as_str(),
                                if s == "issued" {
                                    "issued invoices are corrected with a credit note"
                                } else {
                                    "save it as what it is"
                                }
                            ),
                        )
                        .field("id"),
                    ))
                }
                Some((_, k)) if k == "corrective" => {
                    return Err(StoreError::invalid(
                        Problem::new(
                            ProblemCode::InvalidCode,
                            "this draft is a credit note: change its lines as a credit note",
                        )
                        .field("id"),
                    ))
                }
                Some(_) => {}
            }
            id
        }
    };
    tx.execute(
        "UPDATE invoices SET kind = ?2, issue_date = ?3, operation_date = ?4,
             customer_id = ?5, treatment = ?6, exemption_cause = ?7,
             prices_include_vat = ?8, withholding_pct = ?9, recurrence = ?10,
             next_date = ?11, base_cents = ?12, vat_cents = ?13, recargo_cents = ?14,
             withholding_cents = ?15, total_cents = ?16, notes = ?17
         WHERE id = ?1",
        params![
            id,
            input.kind.as_str(),
            input.issue_date.to_string(),
            input.operation_date.map(|d| d.to_string()),
            input.customer_id,
            tr,
            cause,
            input.prices_include_vat,
            withholding_text(input.withholding),
            rec,
            next,
            t.base.cents(),
            t.vat.cents(),
            t.recargo.cents(),
            t.withholding.cents(),
            t.total.cents(),
            input.notes.trim(),
        ],
    )?;
    write_lines(tx, id, &input.lines, &amounts)?;
    Ok(id)
}

fn draft_text(inv: &InvoiceRecord) -> String {
    format!(
        "{} {} {}, {} lines, total {}{}",
        inv.kind.as_str(),
        inv.issue_date,
        if inv.customer_name.is_empty() {
            "(no customer)".to_string()
        } else {
            inv.customer_name.clone()
        },
        inv.lines.len(),
        inv.total,
        inv.correction
            .as_ref()
            .map(|c| format!(", corrects {}", c.corrects_number))
            .unwrap_or_default()
    )
}

// ---------------------------------------------------------------------------------------
// Issuing
// ---------------------------------------------------------------------------------------

/// What issuing needs of a row.
struct IssueRow {
    state: String,
    kind: DocKind,
    issue_date: NaiveDate,
    customer_id: Option<i64>,
    prices_include_vat: bool,
    withholding: Option<Decimal>,
    corrects_id: Option<i64>,
    method: Option<String>,
    reason: Option<String>,
    explanation: Option<String>,
}

fn issue_row(conn: &Connection, id: i64) -> Result<IssueRow> {
    conn.query_row(
        "SELECT state, kind, issue_date, customer_id, prices_include_vat, withholding_pct,
                corrects_id, correction_method, correction_reason, correction_text
         FROM invoices WHERE id = ?1",
        [id],
        |r| {
            Ok(IssueRow {
                state: r.get(0)?,
                kind: DocKind::parse(&r.get::<_, String>(1)?).unwrap_or(DocKind::Invoice),
                issue_date: parse_date(&r.get::<_, String>(2)?, 2)?,
                customer_id: r.get(3)?,
                prices_include_vat: r.get(4)?,
                withholding: withholding_of(&r.get::<_, String>(5)?),
                corrects_id: r.get(6)?,
                method: r.get(7)?,
                reason: r.get(8)?,
                explanation: r.get(9)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("invoice {id}")))
}

/// The core invoice of an issued invoice, rebuilt from what was stored (for credit notes).
fn issued_core(conn: &Connection, id: i64) -> Result<(InvoiceRecord, Invoice)> {
    let rec = read_invoice(conn, id)?;
    if rec.state != InvoiceState::Issued {
        return Err(StoreError::invalid(
            Problem::new(
                ProblemCode::InvalidCode,
                format!(
                    "invoice {id} is a {}, not an issued invoice",
                    rec.state.as_str()
                ),
            )
            .field("invoice_id"),
        ));
    }
    let recipient = Recipient {
        name: rec.customer_name.clone(),
        country: rec.customer_country.clone(),
        tax_id: rec.customer_tax_id.clone(),
    };
    let mut draft = core_draft(
        rec.kind,
        rec.issue_date,
        recipient,
        rec.treatment,
        rec.prices_include_vat,
        rec.withholding,
        rec.lines.clone(),
    );
    if let Some(c) = &rec.correction {
        draft.kind = InvoiceKind::Corrective(Correction {
            corrects: InvoiceRef {
                number: c.corrects_number.clone(),
                issue_date: c.corrects_date,
            },
            method: c.method,
            reason: c.reason,
            explanation: c.explanation.clone(),
            of_simplified: false,
        });
    }
    // Rebuilding skips the issue-time checks on purpose: this invoice was issued already.
    let invoice =
        Invoice::new(draft, &InvoiceRules::spain_retail()).map_err(StoreError::Invalid)?;
    Ok((rec, invoice))
}

fn company_tax_id(conn: &Connection) -> Result<String> {
    Ok(conn.query_row("SELECT tax_id FROM company WHERE id = 1", [], |r| r.get(0))?)
}

/// Appends a register record after the last one, in the caller's transaction.
fn append_register(conn: &Connection, invoice_id: i64, record: &Record) -> Result<String> {
    let previous: String = conn
        .query_row(
            "SELECT hash FROM invoice_register ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_default();
    let hash = record.fingerprint(&previous);
    let (kind, issuer, number, date, ty, tax, amount, at) = match record {
        Record::Alta(a) => (
            "alta",
            &a.issuer_tax_id,
            &a.number,
            a.issue_date,
            a.invoice_type.as_str(),
            format_amount(a.total_tax),
            format_amount(a.total_amount),
            a.generated_at,
        ),
        Record::Anulacion(a) => (
            "anulacion",
            &a.issuer_tax_id,
            &a.number,
            a.issue_date,
            "",
            String::new(),
            String::new(),
            a.generated_at,
        ),
    };
    conn.execute(
        "INSERT INTO invoice_register (invoice_id, kind, issuer_tax_id, full_number, issue_date,
             invoice_type, total_tax, total_amount, generated_at, previous_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            invoice_id,
            kind,
            issuer,
            number,
            date.to_string(),
            ty,
            tax,
            amount,
            format_timestamp(at),
            previous,
            hash
        ],
    )?;
    Ok(hash)
}

fn register_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RegisterRecord> {
    Ok(RegisterRecord {
        id: r.get(0)?,
        invoice_id: r.get(1)?,
        kind: r.get(2)?,
        issuer_tax_id: r.get(3)?,
        full_number: r.get(4)?,
        issue_date: r.get(5)?,
        invoice_type: r.get(6)?,
        total_tax: r.get(7)?,
        total_amount: r.get(8)?,
        generated_at: r.get(9)?,
        previous_hash: r.get(10)?,
        hash: r.get(11)?,
    })
}

/// A stored record as the core's record, or why its fields cannot be one.
fn chained(r: &RegisterRecord) -> std::result::Result<ChainedRecord, String> {
    let date = NaiveDate::parse_from_str(&r.issue_date, "%Y-%m-%d")
        .map_err(|_| format!("its issue date '{}' is not a date", r.issue_date))?;
    let at = DateTime::parse_from_rfc3339(&r.generated_at)
        .map_err(|_| format!("its timestamp '{}' is not a timestamp", r.generated_at))?;
    let record = match r.kind.as_str() {
        "alta" => Record::Alta(Alta {
            issuer_tax_id: r.issuer_tax_id.clone(),
            number: r.full_number.clone(),
            issue_date: date,
            invoice_type: InvoiceType::parse(&r.invoice_type)
                .ok_or_else(|| format!("its invoice type '{}' is unknown", r.invoice_type))?,
            total_tax: Money::parse(&r.total_tax)
                .map_err(|_| format!("its total tax '{}' is not an amount", r.total_tax))?,
            total_amount: Money::parse(&r.total_amount)
                .map_err(|_| format!("its total '{}' is not an amount", r.total_amount))?,
            generated_at: at,
        }),
        _ => Record::Anulacion(Anulacion {
            issuer_tax_id: r.issuer_tax_id.clone(),
            number: r.full_number.clone(),
            issue_date: date,
            generated_at: at,
        }),
    };
    Ok(ChainedRecord {
        record,
        previous: r.previous_hash.clone(),
        fingerprint: r.hash.clone(),
    })
}

/// Issues draft `id` inside the caller's IMMEDIATE transaction (see `Company::issue_invoice`).
/// What the api's printer gets to print an invoice just issued, read in the issuing
/// transaction.
pub struct IssuedInvoice<'a> {
    pub invoice: &'a InvoiceRecord,
    pub register: Option<&'a crate::InvoiceRegisterEntry>,
    pub settings: &'a crate::CompanySettings,
    pub profile: &'a crate::InvoiceProfile,
}

/// Prints an invoice just issued (the api's renderer; the store knows no PDF).
pub type InvoicePdfRenderer =
    Box<dyn Fn(&IssuedInvoice<'_>) -> std::result::Result<crate::IssuedFile, String> + Send + Sync>;

/// Archives the PDF of an invoice just issued, in the issuing transaction, under Facturas
/// emitidas, linked to the invoice and its customer. Nothing is issued if it cannot be printed.
fn archive_invoice_in(
    conn: &Connection,
    renderer: Option<&InvoicePdfRenderer>,
    inv: &InvoiceRecord,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let Some(render) = renderer else {
        return Ok(());
    };
    let register = crate::invoice_profile::register_entry_in(conn, inv.id)?;
    let settings = crate::settings_in(conn)?
        .ok_or_else(|| StoreError::NotFound("the company's settings".into()))?;
    let profile = crate::invoice_profile::profile_in(conn)?;
    let file = render(&IssuedInvoice {
        invoice: inv,
        register: register.as_ref(),
        settings: &settings,
        profile: &profile,
    })
    .map_err(|e| {
        StoreError::Io(format!(
            "the invoice's PDF could not be printed, so it was not issued: {e}"
        ))
    })?;
    let number = inv.full_number.clone().unwrap_or_default();
    let (what, tag) = if inv.correction.is_some() {
        ("Factura rectificativa", "rectificativa")
    } else {
        ("Factura", "factura")
    };
    let customer = inv.customer_name.trim();
    let title = if customer.is_empty() {
        format!("{what} {number}")
    } else {
        format!("{what} {number} · {customer}")
    };
    let mut links = vec![crate::RecordRef::new("invoice", inv.id)];
    if let Some(c) = inv.customer_id {
        links.push(crate::RecordRef::new("customer", c));
    }
    crate::issued::archive_issued_in(
        conn,
        &file,
        "facturas_emitidas",
        &title,
        inv.issue_date,
        &[tag],
        links,
        actor,
        now,
    )?;
    Ok(())
}

fn issue_in(
    tx: &Transaction<'_>,
    actor: &str,
    id: i64,
    now: DateTime<Utc>,
) -> Result<InvoiceRecord> {
    let row = issue_row(tx, id)?;
    if row.state != "draft" {
        return Err(StoreError::invalid(
            Problem::new(
                ProblemCode::InvalidCode,
                if row.state == "issued" {
                    format!("invoice {id} is already issued")
                } else {
                    format!("invoice {id} is a recurring template; issue the drafts it makes")
                },
            )
            .field("id"),
        ));
    }
    let (lines, _) = read_lines(tx, id)?;
    // Who it is for and how VAT applies.
    let (snapshot, treatment, prices_include_vat, withholding, kind, due_days) =
        match row.corrects_id {
            Some(cid) => {
                let orig = read_invoice(tx, cid)?;
                (
                    (
                        orig.customer_name.clone(),
                        orig.customer_tax_id.clone(),
                        orig.customer_country.clone(),
                        orig.customer_address.clone(),
                    ),
                    orig.treatment,
                    orig.prices_include_vat,
                    orig.withholding,
                    InvoiceKind::Corrective(Correction {
                        corrects: InvoiceRef {
                            number: orig.full_number.clone().unwrap_or_default(),
                            issue_date: orig.issue_date,
                        },
                        method: if row.method.as_deref() == Some("substitution") {
                            CorrectionMethod::Substitution
                        } else {
                            CorrectionMethod::Difference
                        },
                        reason: reason_of(row.reason.as_deref().unwrap_or("")),
                        explanation: row.explanation.clone().unwrap_or_default(),
                        of_simplified: orig.kind == DocKind::Simplified,
                    }),
                    None,
                )
            }
            None => {
                let c = match row.customer_id {
                    Some(cid) => Some(customer_required(tx, cid)?),
                    None => None,
                };
                let kind = match row.kind {
                    DocKind::Simplified => InvoiceKind::Simplified,
                    _ => InvoiceKind::Full,
                };
                match c {
                    Some(c) => (
                        (c.name, c.tax_id, c.country, c.address),
                        c.treatment,
                        row.prices_include_vat,
                        row.withholding,
                        kind,
                        Some((c.payment_days, c.payment_days_of_month)),
                    ),
                    None => (
                        (
                            String::new(),
                            String::new(),
                            "ES".to_string(),
                            String::new(),
                        ),
                        TaxTreatment::Domestic,
                        row.prices_include_vat,
                        row.withholding,
                        kind,
                        None,
                    ),
                }
            }
        };
    if row.kind == DocKind::Invoice && row.customer_id.is_none() {
        return Err(StoreError::invalid(
            Problem::new(
                ProblemCode::Required,
                "a complete invoice names its customer; only a simplified invoice may have none",
            )
            .field("customer_id"),
        ));
    }
    let customer_account = match row.customer_id {
        Some(cid) => customer(tx, cid)?.map(|c| c.account),
        None => None,
    }
    .unwrap_or_else(|| AccountCode::parse("430").expect("valid code"));
    let draft = InvoiceDraft {
        kind,
        issue_date: row.issue_date,
        recipient: Recipient {
            name: snapshot.0.clone(),
            country: snapshot.2.clone(),
            tax_id: snapshot.1.clone(),
        },
        treatment,
        prices_include_vat,
        withholding: withholding.map(Withholding::from_percent),
        lines,
    };
    let invoice = Invoice::new(draft, &InvoiceRules::spain()).map_err(StoreError::Invalid)?;

    // Its number.
    let series = series_for(tx, row.kind.series_kind(), row.issue_date.year())?;
    if let Some(last) = series.last_date.filter(|l| row.issue_date < *l) {
        let last_number: String = tx
            .query_row(
                "SELECT full_number FROM invoices WHERE series_id = ?1 AND number = ?2",
                params![series.id, series.last_number],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_else(|| series.series.format(series.last_number));
        return Err(StoreError::invalid(
            Problem::new(
                ProblemCode::InvalidDate,
                format!(
                    "{} is before {last}, the date of {last_number}, the last invoice issued \
                     in series {} {}; date it {last} or later",
                    row.issue_date, series.series.code, series.series.year
                ),
            )
            .field("issue_date")
            .param("date", row.issue_date)
            .param("last_issued", last)
            .param("last_number", &last_number),
        ));
    }
    let number = series.last_number + 1;
    let full = series.series.format(number);

    // Its entry.
    let accounts = SalesAccounts::pgc_pymes().for_customer(customer_account);
    let entry = invoice_entry(&invoice, &full, &accounts).map_err(StoreError::invalid)?;
    let entry = BalancedEntry::new(entry)
        .map_err(StoreError::Invalid)?
        .with_reference(Some(&full));
    let (entry_id, fy, entry_number) = Poster::new(tx, now)?.post(&entry, None)?;

    // Its amounts and the rest.
    let t = invoice.totals().clone();
    let due = due_days.and_then(|(days, pay_days)| {
        PaymentTerms::net(days)
            .with_payment_days(pay_days)
            .due_date(row.issue_date, days)
    });
    let due = due.unwrap_or(row.issue_date);
    write_lines(tx, id, &invoice.draft().lines, &{
        invoice
            .draft()
            .lines
            .iter()
            .map(|l| l.amount().unwrap_or(Money::ZERO))
            .collect::<Vec<_>>()
    })?;
    for r in &t.by_rate {
        tx.execute(
            "INSERT INTO invoice_taxes (invoice_id, tax, base_cents, vat_rate, vat_cents,
                                        recargo_rate, recargo_cents)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id,
                applied_key(&r.tax),
                r.base.cents(),
                r.tax.vat_rate().normalize().to_string(),
                r.vat.cents(),
                r.tax.recargo_rate().normalize().to_string(),
                r.recargo.cents()
            ],
        )?;
    }
    let (tr, cause) = treatment_columns(treatment);
    let issued_at = now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    tx.execute(
        "UPDATE invoices SET state = 'issued', series_id = ?2, number = ?3, full_number = ?4,
             customer_name = ?5, customer_tax_id = ?6, customer_country = ?7,
             customer_address = ?8, treatment = ?9, exemption_cause = ?10,
             prices_include_vat = ?11, withholding_pct = ?12, base_cents = ?13,
             vat_cents = ?14, recargo_cents = ?15, withholding_cents = ?16,
             total_cents = ?17, due_date = ?18, entry_id = ?19, issued_at = ?20
         WHERE id = ?1",
        params![
            id,
            series.id,
            number,
            full,
            snapshot.0,
            snapshot.1,
            snapshot.2,
            snapshot.3,
            tr,
            cause,
            prices_include_vat,
            withholding_text(withholding),
            t.base.cents(),
            t.vat.cents(),
            t.recargo.cents(),
            t.withholding.cents(),
            t.total.cents(),
            due.to_string(),
            entry_id,
            issued_at
        ],
    )?;
    let issuer = company_tax_id(tx)?;
    let alta = Alta::for_invoice(&issuer, &full, &invoice, madrid_time(now));
    let hash = append_register(tx, id, &Record::Alta(alta))?;
    audit::append(
        tx,
        now,
        actor,
        &Change {
            record: &format!("invoice:{id}"),
            action: "issue",
            before: Some("draft"),
            after: Some(&format!(
                "{full} {} {} total {} ({}), entry {entry_number}/{fy}, register {}",
                row.issue_date,
                invoice.invoice_type().as_str(),
                t.total,
                if snapshot.0.is_empty() {
                    "no customer"
                } else {
                    &snapshot.0
                },
                &hash[..12]
            )),
            reason: None,
        },
    )?;
    read_invoice(tx, id)
}

fn next_quote_or_template_date(every: Every, date: NaiveDate) -> Option<NaiveDate> {
    every.nth(date, 1)
}

impl Company {
    // ---- series ----

    /// Every invoice series, by year (newest first) and code.
    pub fn invoice_series(&self) -> Result<Vec<SeriesRow>> {
        let rows = self
            .conn
            .prepare_cached(&format!(
                "SELECT {SERIES_COLUMNS} FROM invoice_series ORDER BY year DESC, code"
            ))?
            .query_map([], series_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    // ---- drafts ----

    /// Saves an invoice draft: new with `id` None, else over draft `id` (lines replaced).
    /// Checks only what a draft must already be (a customer that exists, a complete invoice
    /// with a customer, a total that is not negative); the rest is checked when issuing.
    pub fn save_invoice_draft(
        &mut self,
        id: Option<i64>,
        input: &InvoiceInput,
        now: DateTime<Utc>,
    ) -> Result<InvoiceRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = save_row(&tx, id, InvoiceState::Draft, input, None, now)?;
        let inv = read_invoice(&tx, id)?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("invoice:{id}"),
                action: "save_draft",
                after: Some(&draft_text(&inv)),
                ..Change::default()
            },
        )?;
        tx.commit()?;
        Ok(inv)
    }

    /// Replaces the lines of a credit-note draft (its header stays what it cites).
    pub fn save_credit_note_lines(
        &mut self,
        id: i64,
        issue_date: NaiveDate,
        lines: &[InvoiceLine],
        now: DateTime<Utc>,
    ) -> Result<InvoiceRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let row = issue_row(&tx, id)?;
        if row.state != "draft" || row.kind != DocKind::Corrective {
            return Err(StoreError::invalid(
                Problem::new(
                    ProblemCode::InvalidCode,
                    format!("invoice {id} is not a credit-note draft"),
                )
                .field("id"),
            ));
        }
        let amounts: Vec<Money> = lines
            .iter()
            .map(|l| l.amount().unwrap_or(Money::ZERO))
            .collect();
        tx.execute(
            "UPDATE invoices SET issue_date = ?2 WHERE id = ?1",
            params![id, issue_date.to_string()],
        )?;
        write_lines(&tx, id, lines, &amounts)?;
        let inv = read_invoice(&tx, id)?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("invoice:{id}"),
                action: "save_draft",
                after: Some(&draft_text(&inv)),
                ..Change::default()
            },
        )?;
        tx.commit()?;
        Ok(inv)
    }

    /// Deletes a draft or a template; issued invoices are never deleted.
    pub fn delete_invoice_draft(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let inv = read_invoice(&tx, id)?;
        if inv.state == InvoiceState::Issued {
            return Err(StoreError::invalid(
                Problem::new(
                    ProblemCode::InvalidCode,
                    format!(
                        "invoice {} is issued and is never deleted; correct it with a credit note",
                        inv.full_number.unwrap_or_default()
                    ),
                )
                .field("id"),
            ));
        }
        tx.execute(
            "UPDATE quotes SET invoice_id = NULL, state = 'accepted' WHERE invoice_id = ?1",
            [id],
        )?;
        tx.execute(
            "UPDATE invoices SET template_id = NULL WHERE template_id = ?1 AND state <> 'issued'",
            [id],
        )?;
        if tx.query_row(
            "SELECT count(*) FROM invoices WHERE template_id = ?1",
            [id],
            |r| r.get::<_, i64>(0),
        )? > 0
        {
            return Err(StoreError::invalid(
                Problem::new(
                    ProblemCode::InvalidCode,
                    "invoices were issued from this template; it cannot be deleted",
                )
                .field("id"),
            ));
        }
        tx.execute("DELETE FROM invoices WHERE id = ?1", [id])?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("invoice:{id}"),
                action: "delete",
                before: Some(&draft_text(&inv)),
                ..Change::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn invoice(&self, id: i64) -> Result<InvoiceRecord> {
        read_invoice(&self.conn, id)
    }

    /// The issued invoice printed as `number` ("2027-0001").
    pub fn invoice_by_number(&self, number: &str) -> Result<InvoiceRecord> {
        read_invoice(&self.conn, invoice_id_by_number(&self.conn, number)?)
    }

    /// Invoices by issue date (then number), newest last.
    pub fn invoices(&self, filter: &InvoiceFilter) -> Result<Vec<InvoiceRecord>> {
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(
                "SELECT i.id FROM invoices i
                 WHERE (?1 IS NULL OR i.state = ?1) AND (?2 IS NULL OR i.customer_id = ?2)
                   AND (?3 IS NULL OR i.issue_date >= ?3) AND (?4 IS NULL OR i.issue_date <= ?4)
                 ORDER BY i.issue_date, i.series_id, i.number, i.id",
            )?
            .query_map(
                params![
                    filter.state.map(|s| s.as_str()),
                    filter.customer_id,
                    filter.from.map(|d| d.to_string()),
                    filter.to.map(|d| d.to_string()),
                ],
                |r| r.get(0),
            )?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .map(|id| read_invoice(&self.conn, id))
            .collect()
    }

    // ---- issuing ----

    /// Issues draft `id` in one IMMEDIATE transaction: checks it as a core `Invoice` (the
    /// customer's data copied onto it, its treatment the customer's, its due date from the
    /// customer's payment terms), numbers it in its series (created on first use; the date
    /// may not be before the series' last), writes totals and the tax breakdown, posts its
    /// journal entry (reference = the number), appends the register record and the audit
    /// record. Nothing is written when anything is refused.
    pub fn issue_invoice(&mut self, id: i64, now: DateTime<Utc>) -> Result<InvoiceRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let inv = issue_in(&tx, &self.actor, id, now)?;
        archive_invoice_in(&tx, self.invoice_pdf.as_ref(), &inv, &self.actor, now)?;
        tx.commit()?;
        Ok(inv)
    }

    // ---- credit notes ----

    /// Drafts a credit note (factura rectificativa, series R) for issued invoice
    /// `invoice_id`, citing it and why. By difference, `lines` are the changes (negative to
    /// reduce); `None` cancels the whole invoice (every line negated). By substitution,
    /// `lines` are the correct lines, and the note carries the original negated plus them.
    /// With `issue`, it is issued in the same transaction (all or nothing); otherwise it
    /// stays a draft to review and issue with `issue_invoice`.
    pub fn create_credit_note(
        &mut self,
        invoice_id: i64,
        method: CorrectionMethod,
        header: CreditNoteHeader,
        lines: Option<Vec<InvoiceLine>>,
        issue: bool,
        now: DateTime<Utc>,
    ) -> Result<InvoiceRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (orig, core) = issued_core(&tx, invoice_id)?;
        if orig.kind == DocKind::Corrective {
            return Err(StoreError::invalid(
                Problem::new(
                    ProblemCode::InvalidCode,
                    format!(
                        "{} is itself a credit note; correct the invoice it cites",
                        orig.full_number.clone().unwrap_or_default()
                    ),
                )
                .field("invoice_id"),
            ));
        }
        let mut problems = Vec::new();
        if header.explanation.trim().is_empty() {
            problems.push(
                Problem::new(
                    ProblemCode::Required,
                    "a credit note says why it corrects the invoice",
                )
                .field("explanation"),
            );
        }
        if header.issue_date < orig.issue_date {
            problems.push(
                Problem::new(
                    ProblemCode::InvalidDate,
                    format!(
                        "the credit note is dated {}, before the invoice it corrects ({})",
                        header.issue_date, orig.issue_date
                    ),
                )
                .field("issue_date"),
            );
        }
        let draft = match (method, lines) {
            (CorrectionMethod::Difference, None) => core.cancelling_credit_note(header.clone()),
            (CorrectionMethod::Difference, Some(l)) => {
                core.credit_note_by_difference(header.clone(), l)
            }
            (CorrectionMethod::Substitution, l) => {
                core.credit_note_by_substitution(header.clone(), l.unwrap_or_default())
            }
        };
        if draft.lines.is_empty() {
            problems.push(
                Problem::new(
                    ProblemCode::TooFewLines,
                    "a credit note needs at least one line",
                )
                .field("lines"),
            );
        }
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems));
        }
        let t = compute_totals(&draft, &trastienda_core::invoice::VatRules::spain());
        let amounts: Vec<Money> = draft
            .lines
            .iter()
            .map(|l| l.amount().unwrap_or(Money::ZERO))
            .collect();
        let (tr, cause) = treatment_columns(orig.treatment);
        tx.execute(
            "INSERT INTO invoices (state, kind, issue_date, customer_id, treatment, exemption_cause,
                 prices_include_vat, withholding_pct, corrects_id, correction_method,
                 correction_reason, correction_text, base_cents, vat_cents, recargo_cents,
                 withholding_cents, total_cents, created_at)
             VALUES ('draft', 'corrective', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,
                     ?13, ?14, ?15, ?16)",
            params![
                header.issue_date.to_string(),
                orig.customer_id,
                tr,
                cause,
                orig.prices_include_vat,
                withholding_text(orig.withholding),
                invoice_id,
                method_code(method),
                reason_code(header.reason),
                header.explanation.trim(),
                t.base.cents(),
                t.vat.cents(),
                t.recargo.cents(),
                t.withholding.cents(),
                t.total.cents(),
                now.to_rfc3339(),
            ],
        )?;
        let id = tx.last_insert_rowid();
        write_lines(&tx, id, &draft.lines, &amounts)?;
        let inv = read_invoice(&tx, id)?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("invoice:{id}"),
                action: "draft_credit_note",
                after: Some(&draft_text(&inv)),
                reason: Some(header.explanation.trim()),
                ..Change::default()
            },
        )?;
        let inv = if issue {
            let inv = issue_in(&tx, &self.actor, id, now)?;
            archive_invoice_in(&tx, self.invoice_pdf.as_ref(), &inv, &self.actor, now)?;
            inv
        } else {
            inv
        };
        tx.commit()?;
        Ok(inv)
    }

    // ---- recurring templates ----

    /// Saves a recurring invoice template (new with `id` None): `input` is copied into a
    /// draft each period from `next_date` on.
    pub fn save_invoice_template(
        &mut self,
        id: Option<i64>,
        input: &InvoiceInput,
        every: Every,
        next_date: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<InvoiceRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = save_row(
            &tx,
            id,
            InvoiceState::Template,
            input,
            Some((every, next_date)),
            now,
        )?;
        let inv = read_invoice(&tx, id)?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("invoice:{id}"),
                action: "save_template",
                after: Some(&format!(
                    "{}, {} from {next_date}",
                    draft_text(&inv),
                    every.as_str()
                )),
                ..Change::default()
            },
        )?;
        tx.commit()?;
        Ok(inv)
    }

    /// Drafts every copy of the recurring templates due on or before `until` (each dated its
    /// due day, for review: never issued here), moves each template's next date on, and
    /// returns the new drafts. One transaction.
    pub fn draft_due_invoices(
        &mut self,
        until: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Vec<InvoiceRecord>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let templates: Vec<i64> = tx
            .prepare(
                "SELECT id FROM invoices WHERE state = 'template' AND next_date <= ?1 ORDER BY id",
            )?
            .query_map([until.to_string()], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut created = Vec::new();
        for tid in templates {
            let t = read_invoice(&tx, tid)?;
            let (Some(every), Some(mut next)) = (t.recurrence, t.next_date) else {
                continue;
            };
            let mut guard = 0;
            while next <= until && guard < 1200 {
                guard += 1;
                let input = InvoiceInput {
                    kind: t.kind,
                    issue_date: next,
                    operation_date: None,
                    customer_id: t.customer_id,
                    prices_include_vat: t.prices_include_vat,
                    withholding: t.withholding,
                    notes: t.notes.clone(),
                    lines: t.lines.clone(),
                };
                let id = save_row(&tx, None, InvoiceState::Draft, &input, None, now)?;
                tx.execute(
                    "UPDATE invoices SET template_id = ?2 WHERE id = ?1",
                    params![id, tid],
                )?;
                created.push(id);
                next = match next_quote_or_template_date(every, next) {
                    Some(d) => d,
                    None => break,
                };
            }
            tx.execute(
                "UPDATE invoices SET next_date = ?2 WHERE id = ?1",
                params![tid, next.to_string()],
            )?;
        }
        if !created.is_empty() {
            let ids: Vec<String> = created.iter().map(i64::to_string).collect();
            audit::append(
                &tx,
                now,
                &self.actor,
                &Change {
                    record: "invoices",
                    action: "draft_recurring",
                    after: Some(&format!(
                        "{} invoice drafts (ids {})",
                        created.len(),
                        ids.join(", ")
                    )),
                    ..Change::default()
                },
            )?;
        }
        let out = created
            .into_iter()
            .map(|id| read_invoice(&tx, id))
            .collect::<Result<Vec<_>>>()?;
        tx.commit()?;
        Ok(out)
    }

    // ---- the register ----

    /// The invoice register in order.
    pub fn invoice_register(&self) -> Result<Vec<RegisterRecord>> {
        let rows = self
            .conn
            .prepare_cached(
                "SELECT id, invoice_id, kind, issuer_tax_id, full_number, issue_date,
                        invoice_type, total_tax, total_amount, generated_at, previous_hash, hash
                 FROM invoice_register ORDER BY id",
            )?
            .query_map([], register_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Recomputes the register's chain and names the first broken record (`None`: it
    /// verifies). Also checks that every issued invoice has its record, with its number.
    pub fn verify_invoice_register(&self) -> Result<Option<RegisterBreak>> {
        let rows = self.invoice_register()?;
        let mut chain = Vec::with_capacity(rows.len());
        for (i, r) in rows.iter().enumerate() {
            match chained(r) {
                Ok(c) => chain.push(c),
                Err(why) => {
                    return Ok(Some(RegisterBreak {
                        position: i + 1,
                        record_id: r.id,
                        number: r.full_number.clone(),
                        message: format!(
                            "register record {} (invoice {}) is damaged: {why}",
                            i + 1,
                            r.full_number
                        ),
                    }))
                }
            }
        }
        if let Err(b) = verify_chain(&chain) {
            let r = &rows[b.index];
            return Ok(Some(RegisterBreak {
                position: b.index + 1,
                record_id: r.id,
                number: b.number.clone(),
                message: b.to_string(),
            }));
        }
        // Every issued invoice is registered under its own number.
        let missing: Option<(String, Option<String>)> = self
            .conn
            .query_row(
                "SELECT i.full_number, r.full_number FROM invoices i
                 LEFT JOIN invoice_register r ON r.invoice_id = i.id AND r.kind = 'alta'
                 WHERE i.state = 'issued' AND (r.id IS NULL OR r.full_number <> i.full_number)
                 ORDER BY i.id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((number, found)) = missing {
            let id: i64 = self.conn.query_row(
                "SELECT coalesce(max(id), 0) FROM invoice_register",
                [],
                |r| r.get(0),
            )?;
            return Ok(Some(RegisterBreak {
                position: rows.len(),
                record_id: id,
                number: number.clone(),
                message: match found {
                    None => format!("issued invoice {number} has no register record"),
                    Some(f) => format!("issued invoice {number} is registered as {f}"),
                },
            }));
        }
        Ok(None)
    }

    /// The first gap in any series' issued numbers, as "series F 2027: 3 is missing".
    pub fn invoice_numbering_gaps(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for s in self.invoice_series()? {
            let numbers: Vec<u32> = self
                .conn
                .prepare_cached(
                    "SELECT number FROM invoices WHERE series_id = ?1 AND state = 'issued'
                     ORDER BY number",
                )?
                .query_map([s.id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            if let Some(gap) = trastienda_core::series::first_gap(&numbers) {
                out.push(format!(
                    "series {} {}: number {gap} is missing",
                    s.series.code, s.series.year
                ));
            } else if numbers.len() as u32 != s.last_number {
                out.push(format!(
                    "series {} {}: {} invoices issued but the series stands at {}",
                    s.series.code,
                    s.series.year,
                    numbers.len(),
                    s.last_number
                ));
            }
        }
        Ok(out)
    }

    // ---- VAT ----

    /// Output VAT of the invoices issued from `from` to `to` (both included): base and tax
    /// per rate, recargo, and the IRPF withheld.
    pub fn vat_output_summary(&self, from: NaiveDate, to: NaiveDate) -> Result<VatOutputSummary> {
        let (f, t) = (from.to_string(), to.to_string());
        let rows: Vec<VatOutputRow> = self
            .conn
            .prepare_cached(
                "SELECT x.tax, x.vat_rate, x.recargo_rate, sum(x.base_cents), sum(x.vat_cents),
                        sum(x.recargo_cents)
                 FROM invoice_taxes x JOIN invoices i ON i.id = x.invoice_id
                 WHERE i.state = 'issued' AND i.issue_date BETWEEN ?1 AND ?2
                 GROUP BY x.tax, x.vat_rate, x.recargo_rate
                 ORDER BY CAST(x.vat_rate AS REAL) DESC, CAST(x.recargo_rate AS REAL) DESC, x.tax",
            )?
            .query_map(params![f, t], |r| {
                Ok(VatOutputRow {
                    tax: r.get(0)?,
                    vat_rate: dec(&r.get::<_, String>(1)?),
                    recargo_rate: dec(&r.get::<_, String>(2)?),
                    base: Money::from_cents(r.get(3)?),
                    vat: Money::from_cents(r.get(4)?),
                    recargo: Money::from_cents(r.get(5)?),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let (withholding, invoices): (i64, u32) = self.conn.query_row(
            "SELECT coalesce(sum(withholding_cents), 0), count(*) FROM invoices
             WHERE state = 'issued' AND issue_date BETWEEN ?1 AND ?2",
            params![f, t],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(VatOutputSummary {
            from,
            to,
            base: rows.iter().map(|r| r.base).sum(),
            vat: rows.iter().map(|r| r.vat).sum(),
            recargo: rows.iter().map(|r| r.recargo).sum(),
            rows,
            withholding: Money::from_cents(withholding),
            invoices,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn madrid_offsets_follow_the_eu_rule() {
        let winter = Utc.with_ymd_and_hms(2027, 1, 15, 10, 0, 0).unwrap();
        assert_eq!(
            format_timestamp(madrid_time(winter)),
            "2027-01-15T11:00:00+01:00"
        );
        let summer = Utc.with_ymd_and_hms(2027, 7, 1, 10, 0, 0).unwrap();
        assert_eq!(
            format_timestamp(madrid_time(summer)),
            "2027-07-01T12:00:00+02:00"
        );
        // 2027: summer time from 28 March 01:00 UTC to 31 October 01:00 UTC.
        let before = Utc.with_ymd_and_hms(2027, 3, 28, 0, 59, 59).unwrap();
        assert_eq!(
            format_timestamp(madrid_time(before)),
            "2027-03-28T01:59:59+01:00"
        );
        let after = Utc.with_ymd_and_hms(2027, 3, 28, 1, 0, 0).unwrap();
        assert_eq!(
            format_timestamp(madrid_time(after)),
            "2027-03-28T03:00:00+02:00"
        );
        let autumn = Utc.with_ymd_and_hms(2027, 10, 31, 1, 0, 0).unwrap();
        assert_eq!(
            format_timestamp(madrid_time(autumn)),
            "2027-10-31T02:00:00+01:00"
        );
    }
}
