//! Commands for invoices: drafts, issuing, credit notes, series, recurring templates,
//! payments received, receivables aging, dunning, the invoice register's check and the VAT
//! output summary. Strings from the wire are parsed here, each bad field a problem naming its
//! line and field; the store does the rest in one transaction per action.

use crate::dto::*;
use crate::error::ApiError;
use crate::parse;
use crate::App;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;
use trastienda_core::aging::{AgingBucket, AgingTotals, SemesterRate};
use trastienda_core::fiscal::Every as CoreEvery;
use trastienda_core::invoice::{
    CorrectionMethod, CorrectionReason, CreditNoteHeader, ExemptionCause, LineTax,
};
use trastienda_core::{InvoiceLine, Money, Problem, ProblemCode};
use trastienda_store::{
    Company, DocKind, InvoiceFilter, InvoiceInput, InvoiceRecord, InvoiceState, NewPayment,
    PaymentMethod, PaymentRecord, QuoteInput, QuoteRecord, QuoteState,
};

type R<T> = Result<T, ApiError>;

fn fail<T>(p: Vec<Problem>) -> R<T> {
    Err(ApiError::from_problems(&p))
}

fn one(p: Problem) -> ApiError {
    ApiError::from_problems(&[p])
}

const MAX_TEXT: usize = 2_000;

/// A decimal such as a quantity or a percentage: at most `places` decimals.
fn decimal(row: Option<u32>, field: &str, s: &str, places: u32) -> Result<Decimal, Problem> {
    let t = s.trim();
    let bad = |why: &str| {
        let p = Problem::new(ProblemCode::InvalidAmount, format!("'{}' {why}", short(s)))
            .field(field)
            .param("value", short(s));
        match row {
            Some(r) => p.at_row(r),
            None => p,
        }
    };
    if t.is_empty() || t.len() > 30 {
        return Err(bad("is not a number"));
    }
    let d = Decimal::from_str(t).map_err(|_| bad("is not a number"))?;
    if d.normalize().scale() > places {
        return Err(bad(&format!("has more than {places} decimals")));
    }
    Ok(d)
}

fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

fn keep<T>(problems: &mut Vec<Problem>, r: Result<T, Problem>) -> Option<T> {
    r.map_err(|p| problems.push(p)).ok()
}

fn at(row: u32, p: Problem) -> Problem {
    p.at_row(row)
}

fn line_tax(row: u32, s: &str) -> Result<LineTax, Problem> {
    if let Some(c) = ExemptionCause::parse(s.trim()) {
        return Ok(LineTax::Exempt(c));
    }
    decimal(Some(row), "tax", s, 2)
        .map(LineTax::Vat)
        .map_err(|_| {
            Problem::new(
                ProblemCode::InvalidCode,
                format!(
                    "'{}' is neither a VAT rate (21, 10, 4, 0) nor an exemption cause (E1-E6)",
                    short(s)
                ),
            )
            .at_row(row)
            .field("tax")
        })
}

pub(crate) fn parse_lines(lines: &[InvoiceLineInput]) -> Result<Vec<InvoiceLine>, Vec<Problem>> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    if lines.len() > 1000 {
        return Err(vec![Problem::new(
            ProblemCode::OutOfRange,
            "an invoice has at most 1000 lines",
        )
        .field("lines")]);
    }
    for (i, l) in lines.iter().enumerate() {
        let row = i as u32 + 1;
        let quantity = keep(
            &mut problems,
            decimal(Some(row), "quantity", &l.quantity, 3),
        );
        let price = keep(
            &mut problems,
            parse::money("unit_price", &l.unit_price).map_err(|p| at(row, p)),
        );
        let discount = keep(
            &mut problems,
            match &l.discount_pct {
                Some(s) if !s.trim().is_empty() => decimal(Some(row), "discount_pct", s, 2),
                _ => Ok(Decimal::ZERO),
            },
        );
        let tax = keep(&mut problems, line_tax(row, &l.tax));
        let account = keep(
            &mut problems,
            match l.income_account.as_deref().map(str::trim) {
                Some(a) if !a.is_empty() => parse::account("income_account", a)
                    .map(Some)
                    .map_err(|p| at(row, p)),
                _ => Ok(None),
            },
        );
        let description = keep(
            &mut problems,
            if l.description.len() > MAX_TEXT {
                Err(Problem::new(
                    ProblemCode::OutOfRange,
                    format!("a line's description is at most {MAX_TEXT} characters"),
                )
                .at_row(row)
                .field("description"))
            } else {
                Ok(l.description.trim().to_string())
            },
        );
        if let (Some(q), Some(p), Some(d), Some(t), Some(a), Some(desc)) =
            (quantity, price, discount, tax, account, description)
        {
            let mut line = InvoiceLine::new(desc, q, p, t).with_discount(d);
            line.income_account = a;
            line.withholding_applies = l.withholding_applies.unwrap_or(true);
            out.push(line);
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

fn parse_fields(f: &InvoiceFields) -> Result<InvoiceInput, Vec<Problem>> {
    let mut problems = Vec::new();
    let kind = match f.kind.as_deref().map(str::trim) {
        None | Some("") | Some("invoice") => DocKind::Invoice,
        Some("simplified") => DocKind::Simplified,
        Some(other) => {
            problems.push(
                Problem::new(
                    ProblemCode::InvalidCode,
                    format!(
                        "'{}' is not an invoice kind (invoice, simplified); credit notes are made \
                         from the invoice they correct",
                        short(other)
                    ),
                )
                .field("kind"),
            );
            DocKind::Invoice
        }
    };
    let issue_date = parse::date("issue_date", &f.issue_date).map_err(|p| problems.push(p));
    let operation_date =
        parse::opt_date("operation_date", &f.operation_date).map_err(|p| problems.push(p));
    let withholding = match f.withholding_pct.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => decimal(None, "withholding_pct", s, 2)
            .map(|d| (!d.is_zero()).then_some(d))
            .map_err(|p| problems.push(p)),
    };
    let notes = f.notes.clone().unwrap_or_default();
    if notes.len() > 10_000 {
        problems.push(
            Problem::new(
                ProblemCode::OutOfRange,
                "the notes are at most 10 000 characters",
            )
            .field("notes"),
        );
    }
    let lines = parse_lines(&f.lines).map_err(|p| problems.extend(p));
    match (issue_date, operation_date, withholding, lines) {
        (Ok(issue_date), Ok(operation_date), Ok(withholding), Ok(lines)) if problems.is_empty() => {
            Ok(InvoiceInput {
                kind,
                issue_date,
                operation_date,
                customer_id: f.customer_id,
                prices_include_vat: f.prices_include_vat.unwrap_or(false),
                withholding,
                notes,
                lines,
            })
        }
        _ => Err(problems),
    }
}

fn date_or_today(app: &App, field: &str, s: &Option<String>) -> R<NaiveDate> {
    Ok(parse::opt_date(field, s)
        .map_err(one)?
        .unwrap_or_else(|| app.today()))
}

fn pct(d: Decimal) -> String {
    d.normalize().to_string()
}

fn core_every(e: Every) -> CoreEvery {
    match e {
        Every::Monthly => CoreEvery::Month,
        Every::Quarterly => CoreEvery::Quarter,
        Every::Yearly => CoreEvery::Year,
    }
}

fn dto_every(e: CoreEvery) -> Every {
    match e {
        CoreEvery::Month => Every::Monthly,
        CoreEvery::Quarter => Every::Quarterly,
        CoreEvery::Year => Every::Yearly,
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

pub(crate) fn invoice_view(i: &InvoiceRecord) -> InvoiceView {
    InvoiceView {
        id: i.id,
        state: i.state.as_str().into(),
        kind: i.kind.as_str().into(),
        series: i.series_code.clone(),
        number: i.full_number.clone(),
        issue_date: i.issue_date.to_string(),
        operation_date: i.operation_date.map(|d| d.to_string()),
        due_date: i.due_date.map(|d| d.to_string()),
        customer_id: i.customer_id,
        customer_name: i.customer_name.clone(),
        customer_tax_id: i.customer_tax_id.clone(),
        customer_country: i.customer_country.clone(),
        customer_address: i.customer_address.clone(),
        treatment: i.treatment.as_str().into(),
        prices_include_vat: i.prices_include_vat,
        withholding_pct: i.withholding.map(pct),
        correction: i.correction.as_ref().map(|c| CorrectionView {
            invoice_id: c.corrects_id,
            number: c.corrects_number.clone(),
            date: c.corrects_date.to_string(),
            method: match c.method {
                CorrectionMethod::Difference => "difference".into(),
                CorrectionMethod::Substitution => "substitution".into(),
            },
            reason: reason_code(c.reason).into(),
            explanation: c.explanation.clone(),
        }),
        recurrence: i.recurrence.map(dto_every),
        next_date: i.next_date.map(|d| d.to_string()),
        template_id: i.template_id,
        quote_id: i.quote_id,
        base: i.base.to_string(),
        vat: i.vat.to_string(),
        recargo: i.recargo.to_string(),
        withholding: i.withholding_amount.to_string(),
        total: i.total.to_string(),
        open: i.open.to_string(),
        entry_id: i.entry_id,
        notes: i.notes.clone(),
        created_at: i.created_at.clone(),
        issued_at: i.issued_at.clone(),
        lines: line_views(&i.lines, &i.line_amounts),
        taxes: i
            .taxes
            .iter()
            .map(|t| InvoiceTaxView {
                tax: t.tax.clone(),
                base: t.base.to_string(),
                vat_rate: pct(t.vat_rate),
                vat: t.vat.to_string(),
                recargo_rate: pct(t.recargo_rate),
                recargo: t.recargo.to_string(),
            })
            .collect(),
    }
}

fn line_views(lines: &[InvoiceLine], amounts: &[Money]) -> Vec<InvoiceLineView> {
    lines
        .iter()
        .zip(amounts)
        .map(|(l, a)| InvoiceLineView {
            description: l.description.clone(),
            quantity: pct(l.quantity),
            unit_price: l.unit_price.to_string(),
            discount_pct: pct(l.discount_pct),
            tax: match l.tax {
                LineTax::Vat(r) => pct(r),
                LineTax::Exempt(c) => c.code().into(),
            },
            income_account: l.income_account.as_ref().map(|a| a.to_string()),
            withholding_applies: l.withholding_applies,
            amount: a.to_string(),
        })
        .collect()
}

fn quote_view(q: &QuoteRecord) -> QuoteView {
    QuoteView {
        id: q.id,
        number: q.number.clone(),
        date: q.date.to_string(),
        valid_until: q.valid_until.map(|d| d.to_string()),
        customer_id: q.customer_id,
        customer_name: q.customer_name.clone(),
        state: q.state.as_str().into(),
        invoice_id: q.invoice_id,
        notes: q.notes.clone(),
        lines: line_views(&q.lines, &q.line_amounts),
        base: q.base.to_string(),
        vat: q.vat.to_string(),
        recargo: q.recargo.to_string(),
        total: q.total.to_string(),
    }
}

fn list_row(i: &InvoiceRecord) -> InvoiceListRow {
    InvoiceListRow {
        id: i.id,
        state: i.state.as_str().into(),
        kind: i.kind.as_str().into(),
        number: i.full_number.clone(),
        issue_date: i.issue_date.to_string(),
        due_date: i.due_date.map(|d| d.to_string()),
        customer_id: i.customer_id,
        customer_name: i.customer_name.clone(),
        total: i.total.to_string(),
        open: i.open.to_string(),
    }
}

fn payment_view(p: &PaymentRecord) -> PaymentView {
    PaymentView {
        id: p.id,
        customer_id: p.customer_id,
        customer_name: p.customer_name.clone(),
        date: p.date.to_string(),
        amount: p.amount.to_string(),
        method: p.method.as_str().into(),
        account: p.account.clone(),
        reference: p.reference.clone(),
        entry_id: p.entry_id,
        allocations: p
            .allocations
            .iter()
            .map(|a| AllocationView {
                invoice_id: a.invoice_id,
                number: a.full_number.clone(),
                amount: a.amount.to_string(),
            })
            .collect(),
        unapplied: p.unapplied.to_string(),
        notice: p.notice.clone(),
    }
}

fn aging_row(id: Option<i64>, name: &str, t: &AgingTotals, unapplied: Money) -> AgingRowView {
    AgingRowView {
        customer_id: id,
        customer_name: name.to_string(),
        current: t.get(AgingBucket::Current).to_string(),
        days_1_30: t.get(AgingBucket::Days1To30).to_string(),
        days_31_60: t.get(AgingBucket::Days31To60).to_string(),
        days_61_90: t.get(AgingBucket::Days61To90).to_string(),
        over_90: t.get(AgingBucket::Over90).to_string(),
        total: t.total().to_string(),
        unapplied: unapplied.to_string(),
    }
}

// ---- commands ----

/// The invoices `a` asks for, from an open company (the CLI reads a file directly).
pub fn invoice_list(c: &Company, a: &ListInvoicesArgs) -> R<Vec<InvoiceListRow>> {
    let mut problems = Vec::new();
    let state = match a.state.as_deref().map(str::trim) {
        None | Some("") => None,
        Some("draft") => Some(InvoiceState::Draft),
        Some("template") => Some(InvoiceState::Template),
        Some("issued") => Some(InvoiceState::Issued),
        Some(other) => {
            problems.push(
                Problem::new(
                    ProblemCode::InvalidCode,
                    format!(
                        "'{}' is not a state (draft, template, issued)",
                        short(other)
                    ),
                )
                .field("state"),
            );
            None
        }
    };
    let from = parse::opt_date("from", &a.from).map_err(|p| problems.push(p));
    let to = parse::opt_date("to", &a.to).map_err(|p| problems.push(p));
    let (Ok(from), Ok(to), true) = (from, to, problems.is_empty()) else {
        return fail(problems);
    };
    let filter = InvoiceFilter {
        state,
        customer_id: a.customer_id,
        from,
        to,
    };
    Ok(c.invoices(&filter)?.iter().map(list_row).collect())
}

/// One invoice by id or printed number, from an open company.
pub fn invoice_lookup(c: &Company, a: &InvoiceRefArgs) -> R<InvoiceView> {
    let inv = match (a.id, a.number.as_deref().map(str::trim)) {
        (Some(id), _) => c.invoice(id)?,
        (None, Some(n)) if !n.is_empty() => c.invoice_by_number(n)?,
        _ => {
            return Err(one(Problem::new(
                ProblemCode::Required,
                "give the invoice's id or its number",
            )
            .field("number")))
        }
    };
    Ok(invoice_view(&inv))
}

pub fn list_invoices(app: &App, a: ListInvoicesArgs) -> R<Vec<InvoiceListRow>> {
    app.with_company(|c| invoice_list(c, &a))
}

pub fn get_invoice(app: &App, a: InvoiceRefArgs) -> R<InvoiceView> {
    app.with_company(|c| invoice_lookup(c, &a))
}

pub fn save_invoice_draft(app: &App, a: SaveInvoiceDraftArgs) -> R<InvoiceView> {
    let input = parse_fields(&a.invoice).or_else(fail)?;
    let now = app.now();
    app.with_company(|c| Ok(invoice_view(&c.save_invoice_draft(a.id, &input, now)?)))
}

pub fn delete_invoice_draft(app: &App, a: IdArgs) -> R<()> {
    let now = app.now();
    app.with_company(|c| Ok(c.delete_invoice_draft(a.id, now)?))
}

pub fn issue_invoice(app: &App, a: IdArgs) -> R<InvoiceView> {
    let now = app.now();
    app.with_company(|c| Ok(invoice_view(&c.issue_invoice(a.id, now)?)))
}

pub fn create_credit_note(app: &App, a: CreateCreditNoteArgs) -> R<InvoiceView> {
    let mut problems = Vec::new();
    let method = match a.method.trim() {
        "difference" => Some(CorrectionMethod::Difference),
        "substitution" => Some(CorrectionMethod::Substitution),
        other => {
            problems.push(
                Problem::new(
                    ProblemCode::InvalidCode,
                    format!(
                        "'{}' is not a method (difference, substitution)",
                        short(other)
                    ),
                )
                .field("method"),
            );
            None
        }
    };
    let reason = match a.reason.trim() {
        "R1" => Some(CorrectionReason::LegalErrorOrArt80),
        "R2" => Some(CorrectionReason::Insolvency),
        "R3" => Some(CorrectionReason::BadDebt),
        "R4" => Some(CorrectionReason::Other),
        other => {
            problems.push(
                Problem::new(
                    ProblemCode::InvalidCode,
                    format!("'{}' is not a reason (R1, R2, R3, R4)", short(other)),
                )
                .field("reason"),
            );
            None
        }
    };
    if a.explanation.len() > MAX_TEXT {
        problems.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!("the explanation is at most {MAX_TEXT} characters"),
            )
            .field("explanation"),
        );
    }
    let date = parse::date("issue_date", &a.issue_date).map_err(|p| problems.push(p));
    let lines = match &a.lines {
        Some(l) => parse_lines(l).map(Some).map_err(|p| problems.extend(p)),
        None => Ok(None),
    };
    let (Some(method), Some(reason), Ok(date), Ok(lines), true) =
        (method, reason, date, lines, problems.is_empty())
    else {
        return fail(problems);
    };
    let header = CreditNoteHeader {
        corrects: String::new(),
        issue_date: date,
        reason,
        explanation: a.explanation.trim().to_string(),
    };
    let now = app.now();
    let issue = a.issue.unwrap_or(false);
    app.with_company(|c| {
        let number = c.invoice(a.invoice_id)?.full_number.unwrap_or_default();
        let header = CreditNoteHeader {
            corrects: number,
            ..header
        };
        Ok(invoice_view(&c.create_credit_note(
            a.invoice_id,
            method,
            header,
            lines,
            issue,
            now,
        )?))
    })
}

pub fn list_invoice_series(app: &App, _: NoArgs) -> R<Vec<SeriesView>> {
    app.with_company(|c| {
        Ok(c.invoice_series()?
            .into_iter()
            .map(|s| SeriesView {
                id: s.id,
                code: s.series.code.clone(),
                kind: s.series.kind.code().into(),
                year: s.series.year,
                last_number: s.last_number,
                last_date: s.last_date.map(|d| d.to_string()),
                next: s.series.format(s.last_number + 1),
            })
            .collect())
    })
}

pub fn save_invoice_template(app: &App, a: SaveInvoiceTemplateArgs) -> R<InvoiceView> {
    let mut problems = Vec::new();
    let input = parse_fields(&a.invoice).map_err(|p| problems.extend(p));
    let next = parse::date("next_date", &a.next_date).map_err(|p| problems.push(p));
    let (Ok(input), Ok(next)) = (input, next) else {
        return fail(problems);
    };
    let now = app.now();
    app.with_company(|c| {
        Ok(invoice_view(&c.save_invoice_template(
            a.id,
            &input,
            core_every(a.every),
            next,
            now,
        )?))
    })
}

pub fn draft_due_invoices(app: &App, a: DraftDueInvoicesArgs) -> R<Vec<InvoiceView>> {
    let until = date_or_today(app, "until", &a.until)?;
    let now = app.now();
    app.with_company(|c| {
        Ok(c.draft_due_invoices(until, now)?
            .iter()
            .map(invoice_view)
            .collect())
    })
}

pub fn record_payment(app: &App, a: RecordPaymentArgs) -> R<PaymentView> {
    let mut problems = Vec::new();
    let date = parse::date("date", &a.date).map_err(|p| problems.push(p));
    let amount = parse::money("amount", &a.amount).map_err(|p| problems.push(p));
    let method = PaymentMethod::parse(&a.method).ok_or_else(|| {
        problems.push(
            Problem::new(
                ProblemCode::InvalidCode,
                format!(
                    "'{}' is not a payment method (bank, cash, card, direct_debit, other)",
                    short(&a.method)
                ),
            )
            .field("method"),
        )
    });
    let account = match a.account.as_deref().map(str::trim) {
        Some(s) if !s.is_empty() => parse::account("account", s)
            .map(Some)
            .map_err(|p| problems.push(p)),
        _ => Ok(None),
    };
    let reference = a.reference.clone().unwrap_or_default();
    let allocations: Result<Option<Vec<(i64, Money)>>, ()> = match &a.allocations {
        None => Ok(None),
        Some(list) => {
            let mut out = Vec::new();
            for (i, al) in list.iter().enumerate() {
                match parse::money("amount", &al.amount) {
                    Ok(m) => out.push((al.invoice_id, m)),
                    Err(p) => problems.push(p.at_row(i as u32 + 1)),
                }
            }
            Ok(Some(out))
        }
    };
    let (Ok(date), Ok(amount), Ok(method), Ok(account), Ok(allocations), true) = (
        date,
        amount,
        method,
        account,
        allocations,
        problems.is_empty(),
    ) else {
        return fail(problems);
    };
    let p = NewPayment {
        customer_id: a.customer_id,
        date,
        amount,
        method,
        account,
        reference,
        allocations,
    };
    let now = app.now();
    app.with_company(|c| Ok(payment_view(&c.record_payment(&p, now)?)))
}

pub fn list_payments(app: &App, a: ListPaymentsArgs) -> R<Vec<PaymentView>> {
    app.with_company(|c| {
        Ok(c.payments(a.customer_id)?
            .iter()
            .map(payment_view)
            .collect())
    })
}

pub fn receivables_aging(app: &App, a: AsOfArgs) -> R<ReceivablesAging> {
    let as_of = date_or_today(app, "as_of", &a.as_of)?;
    app.with_company(|c| {
        let r = c.receivables_aging(as_of)?;
        let unapplied: Money = r.customers.iter().map(|c| c.unapplied).sum();
        Ok(ReceivablesAging {
            as_of: as_of.to_string(),
            customers: r
                .customers
                .iter()
                .map(|x| {
                    aging_row(
                        Some(x.customer_id),
                        &x.customer_name,
                        &x.totals,
                        x.unapplied,
                    )
                })
                .collect(),
            total: aging_row(None, "Total", &r.total, unapplied),
        })
    })
}

pub fn overdue_invoices(app: &App, a: AsOfArgs) -> R<Vec<OverdueRow>> {
    let as_of = date_or_today(app, "as_of", &a.as_of)?;
    app.with_company(|c| {
        Ok(c.overdue_invoices(as_of)?
            .into_iter()
            .map(|i| OverdueRow {
                invoice_id: i.invoice_id,
                number: i.full_number,
                customer_id: i.customer_id,
                customer_name: i.customer_name,
                issue_date: i.issue_date.to_string(),
                due_date: i.due_date.to_string(),
                days_overdue: i.days_overdue,
                total: i.total.to_string(),
                open: i.open.to_string(),
                reminders: i.reminders,
            })
            .collect())
    })
}

pub fn record_reminder(app: &App, a: RecordReminderArgs) -> R<ReminderView> {
    let date = date_or_today(app, "date", &a.date)?;
    let rates = match &a.ecb_rates {
        None => None,
        Some(list) => {
            let mut out = Vec::new();
            let mut problems = Vec::new();
            for (i, r) in list.iter().enumerate() {
                let row = i as u32 + 1;
                if !(1..=2).contains(&r.half) {
                    problems.push(
                        Problem::new(ProblemCode::OutOfRange, "the half-year is 1 or 2")
                            .at_row(row)
                            .field("half"),
                    );
                }
                match decimal(Some(row), "rate", &r.rate, 4) {
                    Ok(rate) if rate.abs() < Decimal::ONE_HUNDRED => out.push(SemesterRate {
                        year: r.year,
                        half: r.half,
                        ecb_rate: rate,
                    }),
                    Ok(_) => problems.push(
                        Problem::new(ProblemCode::OutOfRange, "a rate is under 100 %")
                            .at_row(row)
                            .field("rate"),
                    ),
                    Err(p) => problems.push(p),
                }
            }
            if !problems.is_empty() {
                return fail(problems);
            }
            Some(out)
        }
    };
    let now = app.now();
    app.with_company(|c| {
        let r = c.record_reminder(a.invoice_id, a.level, date, rates.as_deref(), now)?;
        Ok(ReminderView {
            id: r.id,
            invoice_id: r.invoice_id,
            number: r.full_number,
            level: r.level,
            date: r.date.to_string(),
            open: r.open.to_string(),
            interest: r.interest.to_string(),
        })
    })
}

pub fn verify_invoice_register(app: &App, _: NoArgs) -> R<InvoiceRegisterCheck> {
    app.with_company(|c| {
        let records = c.invoice_register()?.len() as u32;
        Ok(match c.verify_invoice_register()? {
            None => InvoiceRegisterCheck {
                ok: true,
                records,
                broken_position: None,
                broken_number: None,
                message: None,
            },
            Some(b) => InvoiceRegisterCheck {
                ok: false,
                records,
                broken_position: Some(b.position as u32),
                broken_number: Some(b.number),
                message: Some(b.message),
            },
        })
    })
}

pub fn vat_output_summary(app: &App, a: VatOutputArgs) -> R<VatOutputSummaryView> {
    let mut problems = Vec::new();
    let from = parse::date("from", &a.from).map_err(|p| problems.push(p));
    let to = parse::date("to", &a.to).map_err(|p| problems.push(p));
    let (Ok(from), Ok(to)) = (from, to) else {
        return fail(problems);
    };
    if to < from {
        return fail(vec![Problem::new(
            ProblemCode::OutOfRange,
            format!("the period ends ({to}) before it starts ({from})"),
        )
        .field("to")]);
    }
    app.with_company(|c| {
        let s = c.vat_output_summary(from, to)?;
        Ok(VatOutputSummaryView {
            from: s.from.to_string(),
            to: s.to.to_string(),
            rows: s
                .rows
                .iter()
                .map(|r| VatOutputRowView {
                    tax: r.tax.clone(),
                    vat_rate: pct(r.vat_rate),
                    recargo_rate: pct(r.recargo_rate),
                    base: r.base.to_string(),
                    vat: r.vat.to_string(),
                    recargo: r.recargo.to_string(),
                })
                .collect(),
            base: s.base.to_string(),
            vat: s.vat.to_string(),
            recargo: s.recargo.to_string(),
            withholding: s.withholding.to_string(),
            invoices: s.invoices,
        })
    })
}

pub fn list_quotes(app: &App, a: ListQuotesArgs) -> R<Vec<QuoteView>> {
    app.with_company(|c| Ok(c.quotes(a.customer_id)?.iter().map(quote_view).collect()))
}

pub fn save_quote(app: &App, a: SaveQuoteArgs) -> R<QuoteView> {
    let mut problems = Vec::new();
    let date = parse::date("date", &a.quote.date).map_err(|p| problems.push(p));
    let valid = parse::opt_date("valid_until", &a.quote.valid_until).map_err(|p| problems.push(p));
    let lines = parse_lines(&a.quote.lines).map_err(|p| problems.extend(p));
    let (Ok(date), Ok(valid_until), Ok(lines), true) = (date, valid, lines, problems.is_empty())
    else {
        return fail(problems);
    };
    let input = QuoteInput {
        date,
        valid_until,
        customer_id: a.quote.customer_id,
        notes: a.quote.notes.clone().unwrap_or_default(),
        lines,
    };
    let now = app.now();
    app.with_company(|c| Ok(quote_view(&c.save_quote(a.id, &input, now)?)))
}

pub fn set_quote_state(app: &App, a: SetQuoteStateArgs) -> R<QuoteView> {
    let state = match QuoteState::parse(&a.state) {
        Some(s) if s != QuoteState::Invoiced => s,
        _ => {
            return Err(one(Problem::new(
                ProblemCode::InvalidCode,
                format!(
                    "'{}' is not a state a quote is set to (open, accepted, rejected); it becomes \
                     invoiced by converting it",
                    short(&a.state)
                ),
            )
            .field("state")))
        }
    };
    let now = app.now();
    app.with_company(|c| Ok(quote_view(&c.set_quote_state(a.id, state, now)?)))
}

pub fn convert_quote(app: &App, a: ConvertQuoteArgs) -> R<InvoiceView> {
    let date = date_or_today(app, "issue_date", &a.issue_date)?;
    let now = app.now();
    app.with_company(|c| Ok(invoice_view(&c.convert_quote(a.id, date, now)?)))
}
