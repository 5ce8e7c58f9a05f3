//! Payables: supplier bills and credit bills (posted when entered), quick expenses, payments
//! made, the payables aging, the supplier statement and the VAT input summary (screen, PDF,
//! CSV), and payment runs with their SEPA file. The store checks and posts; this module parses
//! the wire, shapes the answers and asks `render` for the documents.

use crate::dto::*;
use crate::error::{ApiError, ErrorCode, ProblemDto};
use crate::parse;
use crate::App;
use base64::Engine;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;
use trastienda_core::aging::{AgingBucket, AgingTotals};
use trastienda_core::{Language, Money, Problem, ProblemCode};
use trastienda_render as render;
use trastienda_store::{
    self as store, BillFilter, BillInput, BillKind, BillLineInput, Company, ExpenseInput,
    NewSupplierPayment, PaymentMethod, PaymentRunInput,
};

type R<T> = Result<T, ApiError>;

fn fail<T>(p: Vec<Problem>) -> R<T> {
    Err(ApiError::from_problems(&p))
}

fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

fn render_err(e: render::RenderError) -> ApiError {
    ApiError::new(ErrorCode::Internal, e.to_string())
}

fn file(file_name: String, mime: &str, bytes: &[u8]) -> ExportedFile {
    ExportedFile {
        file_name,
        mime: mime.into(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    }
}

fn export(file_name: String, format: ExportFormat, bytes: Vec<u8>) -> ExportedFile {
    match format {
        ExportFormat::Pdf => file(format!("{file_name}.pdf"), "application/pdf", &bytes),
        ExportFormat::Csv => file(format!("{file_name}.csv"), "text/csv", &bytes),
    }
}

fn language(app: &App, asked: Option<Lang>) -> Language {
    match asked {
        Some(l) => l.into(),
        None => app.settings().language.into(),
    }
}

fn opt_day(field: &str, s: &Option<String>) -> R<Option<NaiveDate>> {
    parse::opt_date(field, s).map_err(|p| ApiError::from_problems(&[p]))
}

fn header(c: &Company) -> R<render::CompanyHeader> {
    let s = c.settings()?;
    Ok(render::CompanyHeader {
        name: s.name,
        tax_id: s.tax_id,
    })
}

fn slug(s: &str) -> String {
    let t: String = s
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    t.split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

// ---- views ----

fn bill_view(b: &store::BillRecord) -> BillView {
    BillView {
        id: b.id,
        kind: b.kind.as_str().into(),
        supplier_id: b.supplier_id,
        supplier_name: b.supplier_name.clone(),
        supplier_tax_id: b.supplier_tax_id.clone(),
        supplier_number: b.supplier_number.clone(),
        date: b.date.to_string(),
        vat_treatment: b.vat_treatment.clone(),
        irpf_pct: b.irpf_pct.clone(),
        base: b.base.to_string(),
        vat: b.vat.to_string(),
        recargo: b.recargo.to_string(),
        deductible: b.deductible.to_string(),
        irpf: b.irpf.to_string(),
        total: b.total.to_string(),
        open: b.open.to_string(),
        corrects_id: b.corrects_id,
        corrects_number: b.corrects_number.clone(),
        order_id: b.order_id,
        order_number: b.order_number.clone(),
        paid_from: b.paid_from.clone(),
        description: b.description.clone(),
        entry_id: b.entry_id,
        lines: b
            .lines
            .iter()
            .map(|l| BillLineView {
                line_no: l.line_no,
                description: l.description.clone(),
                quantity: l.quantity.clone(),
                unit_price: l.unit_price.to_string(),
                vat_rate: l.vat_rate.clone(),
                account: l.account.clone(),
                amount: l.amount.to_string(),
                order_line_no: l.order_line_no,
            })
            .collect(),
        taxes: b
            .taxes
            .iter()
            .map(|t| BillTaxView {
                vat_rate: t.vat_rate.clone(),
                base: t.base.to_string(),
                vat: t.vat.to_string(),
                recargo_rate: t.recargo_rate.clone(),
                recargo: t.recargo.to_string(),
                deductible: t.deductible.to_string(),
            })
            .collect(),
        due_dates: b
            .due_dates
            .iter()
            .map(|(d, m)| DueDateView {
                date: d.to_string(),
                amount: m.to_string(),
            })
            .collect(),
        settlements: b
            .settlements
            .iter()
            .map(|s| SettlementView {
                date: s.date.to_string(),
                kind: s.kind.clone(),
                id: s.id,
                reference: s.reference.clone(),
                amount: s.amount.to_string(),
            })
            .collect(),
    }
}

fn payment_view(p: &store::SupplierPaymentRecord) -> SupplierPaymentView {
    SupplierPaymentView {
        id: p.id,
        supplier_id: p.supplier_id,
        supplier_name: p.supplier_name.clone(),
        date: p.date.to_string(),
        amount: p.amount.to_string(),
        method: p.method.as_str().into(),
        account: p.account.clone(),
        reference: p.reference.clone(),
        run_id: p.run_id,
        entry_id: p.entry_id,
        allocations: p
            .allocations
            .iter()
            .map(|a| BillAllocationView {
                bill_id: a.bill_id,
                supplier_number: a.supplier_number.clone(),
                amount: a.amount.to_string(),
            })
            .collect(),
        unapplied: p.unapplied.to_string(),
        notice: p.notice.clone(),
    }
}

fn open_view(o: &store::OpenBill) -> OpenBillView {
    OpenBillView {
        bill_id: o.bill_id,
        supplier_id: o.supplier_id,
        supplier_name: o.supplier_name.clone(),
        supplier_number: o.supplier_number.clone(),
        date: o.date.to_string(),
        due_date: o.due_date.to_string(),
        total: o.total.to_string(),
        open: o.open.to_string(),
        days_overdue: o.days_overdue,
    }
}

fn run_view(r: &store::PaymentRunRecord) -> PaymentRunView {
    PaymentRunView {
        id: r.id,
        message_id: r.message_id.clone(),
        execution_date: r.execution_date.to_string(),
        account: r.account.clone(),
        debtor_iban: r.debtor_iban.clone(),
        state: r.state.clone(),
        total: r.total.to_string(),
        items: r
            .items
            .iter()
            .map(|i| RunItemView {
                bill_id: i.bill_id,
                supplier_id: i.supplier_id,
                supplier_name: i.supplier_name.clone(),
                supplier_number: i.supplier_number.clone(),
                due_date: i.due_date.to_string(),
                amount: i.amount.to_string(),
                end_to_end_id: i.end_to_end_id.clone(),
            })
            .collect(),
        skipped: r
            .skipped
            .iter()
            .map(|s| RunSkipView {
                bill_id: s.bill_id,
                supplier_name: s.supplier_name.clone(),
                supplier_number: s.supplier_number.clone(),
                amount: s.amount.to_string(),
                reason: s.reason.clone(),
            })
            .collect(),
        created_at: r.created_at.clone(),
        closed_at: r.closed_at.clone(),
        payment_ids: r.payment_ids.clone(),
        file: file(
            format!("{}.xml", r.message_id),
            "application/xml",
            r.xml.as_bytes(),
        ),
    }
}

// ---- bills ----

/// The store's input from the wire; every problem names its field (and line).
pub fn bill_input(b: &BillInputDto) -> Result<BillInput, Vec<Problem>> {
    let mut problems = Vec::new();
    let date = parse::date("date", &b.date).map_err(|p| problems.push(p));
    let total = parse::money("total", &b.total).map_err(|p| problems.push(p));
    let mut lines = Vec::with_capacity(b.lines.len());
    if b.lines.len() > 500 {
        problems.push(
            Problem::new(ProblemCode::OutOfRange, "a bill has at most 500 lines").field("lines"),
        );
    }
    for (i, l) in b.lines.iter().enumerate() {
        let row = i as u32 + 1;
        match parse::money("unit_price", &l.unit_price) {
            Ok(price) => lines.push(BillLineInput {
                description: l.description.chars().take(500).collect(),
                quantity: short(&l.quantity),
                unit_price: price,
                vat_rate: short(&l.vat_rate),
                account: l.account.as_deref().map(short),
                order_line_no: l.order_line_no,
            }),
            Err(p) => problems.push(p.at_row(row)),
        }
    }
    let mut due_dates = Vec::new();
    for (i, d) in b.due_dates.iter().enumerate() {
        match parse::date("due_dates", d) {
            Ok(d) => due_dates.push(d),
            Err(p) => problems.push(p.at_row(i as u32 + 1)),
        }
    }
    let (Ok(date), Ok(total), true) = (date, total, problems.is_empty()) else {
        return Err(problems);
    };
    Ok(BillInput {
        supplier_id: b.supplier_id,
        supplier_number: b.supplier_number.chars().take(200).collect(),
        date,
        lines,
        vat_treatment: b.vat_treatment.as_deref().map(short),
        irpf_pct: b.irpf_pct.as_deref().map(short),
        total,
        due_dates,
        corrects_id: b.corrects_id,
        order_id: b.order_id,
        description: b.description.chars().take(500).collect(),
    })
}

pub fn post_bill(app: &App, a: PostBillArgs) -> R<BillView> {
    let input = bill_input(&a.bill).or_else(fail)?;
    let now = app.now();
    app.with_company(|c| {
        let b = if a.credit {
            c.post_credit_bill(&input, now)?
        } else {
            c.post_bill(&input, now)?
        };
        Ok(bill_view(&b))
    })
}

/// The totals of a bill as typed so far and its problems, without posting anything.
pub fn preview_bill(app: &App, a: PostBillArgs) -> R<BillPreview> {
    let kind = if a.credit {
        BillKind::Credit
    } else {
        BillKind::Bill
    };
    match bill_input(&a.bill) {
        Err(problems) => Ok(BillPreview {
            line_amounts: Vec::new(),
            taxes: Vec::new(),
            base: "0.00".into(),
            vat: "0.00".into(),
            recargo: "0.00".into(),
            irpf: "0.00".into(),
            total: "0.00".into(),
            difference: "0.00".into(),
            problems: problems.iter().map(ProblemDto::from).collect(),
        }),
        Ok(input) => app.with_company(|c| {
            let (t, problems) = c.preview_bill(kind, &input, app.now())?;
            Ok(BillPreview {
                line_amounts: t.line_amounts.iter().map(|m| m.to_string()).collect(),
                taxes: t
                    .by_rate
                    .iter()
                    .map(|r| BillTaxView {
                        vat_rate: r.vat_rate.normalize().to_string(),
                        base: r.base.to_string(),
                        vat: r.vat.to_string(),
                        recargo_rate: r.recargo_rate.normalize().to_string(),
                        recargo: r.recargo.to_string(),
                        deductible: r.deductible.to_string(),
                    })
                    .collect(),
                base: t.base.to_string(),
                vat: t.vat.to_string(),
                recargo: t.recargo.to_string(),
                irpf: t.irpf.to_string(),
                total: t.total.to_string(),
                difference: (input.total - t.total).to_string(),
                problems: problems.iter().map(ProblemDto::from).collect(),
            })
        }),
    }
}

pub fn get_bill(app: &App, a: IdArgs) -> R<BillView> {
    app.with_company(|c| Ok(bill_view(&c.bill(a.id)?)))
}

pub fn bills_list(c: &Company, a: &ListBillsArgs) -> R<Vec<BillView>> {
    let mut problems = Vec::new();
    let from = parse::opt_date("from", &a.from).map_err(|p| problems.push(p));
    let to = parse::opt_date("to", &a.to).map_err(|p| problems.push(p));
    if let Some(k) = a.kind.as_deref() {
        if BillKind::parse(k).is_none() {
            problems.push(
                Problem::new(
                    ProblemCode::InvalidCode,
                    format!(
                        "'{}' is not a kind of bill (bill, credit, expense)",
                        short(k)
                    ),
                )
                .field("kind"),
            );
        }
    }
    let (Ok(from), Ok(to), true) = (from, to, problems.is_empty()) else {
        return fail(problems);
    };
    Ok(c.bills(&BillFilter {
        supplier_id: a.supplier_id,
        kind: a.kind.clone(),
        from,
        to,
        open_only: a.open_only,
        query: a.query.as_deref().map(short),
    })?
    .iter()
    .map(bill_view)
    .collect())
}

pub fn list_bills(app: &App, a: ListBillsArgs) -> R<Vec<BillView>> {
    app.with_company(|c| bills_list(c, &a))
}

pub fn record_expense(app: &App, a: RecordExpenseArgs) -> R<BillView> {
    let mut problems = Vec::new();
    let date = parse::date("date", &a.date).map_err(|p| problems.push(p));
    let amount = parse::money("amount", &a.amount).map_err(|p| problems.push(p));
    let paid_from = match (a.paid_from.as_deref().map(str::trim), a.method.as_deref()) {
        (Some(p), _) if !p.is_empty() => short(p),
        (_, None) | (_, Some("cash")) => "5700001".into(),
        (_, Some("card")) | (_, Some("bank")) => "5720001".into(),
        (_, Some(other)) => {
            problems.push(
                Problem::new(
                    ProblemCode::InvalidCode,
                    format!(
                        "'{}' is not how an expense is paid (cash, card, bank)",
                        short(other)
                    ),
                )
                .field("method"),
            );
            String::new()
        }
    };
    let (Ok(date), Ok(amount), true) = (date, amount, problems.is_empty()) else {
        return fail(problems);
    };
    let input = ExpenseInput {
        date,
        amount,
        vat_rate: a
            .vat_rate
            .as_deref()
            .map(short)
            .unwrap_or_else(|| "21".into()),
        account: short(&a.account),
        paid_from,
        description: a.description.chars().take(500).collect(),
        supplier_id: a.supplier_id,
    };
    let now = app.now();
    app.with_company(|c| Ok(bill_view(&c.record_expense(&input, now)?)))
}

// ---- payments made ----

pub fn record_supplier_payment(app: &App, a: RecordSupplierPaymentArgs) -> R<SupplierPaymentView> {
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
    let allocations = a.allocations.as_ref().map(|list| {
        let mut out = Vec::new();
        for (i, al) in list.iter().enumerate() {
            match parse::money("amount", &al.amount) {
                Ok(m) => out.push((al.bill_id, m)),
                Err(p) => problems.push(p.at_row(i as u32 + 1)),
            }
        }
        out
    });
    let (Ok(date), Ok(amount), Ok(method), Ok(account), true) =
        (date, amount, method, account, problems.is_empty())
    else {
        return fail(problems);
    };
    let p = NewSupplierPayment {
        supplier_id: a.supplier_id,
        date,
        amount,
        method,
        account,
        reference: a.reference.clone().unwrap_or_default(),
        allocations,
    };
    let now = app.now();
    app.with_company(|c| Ok(payment_view(&c.record_supplier_payment(&p, now)?)))
}

pub fn list_supplier_payments(app: &App, a: SupplierScopeArgs) -> R<Vec<SupplierPaymentView>> {
    app.with_company(|c| {
        Ok(c.supplier_payments(a.supplier_id)?
            .iter()
            .map(payment_view)
            .collect())
    })
}

pub fn open_bills(app: &App, a: SupplierScopeArgs) -> R<Vec<OpenBillView>> {
    let as_of = opt_day("as_of", &a.as_of)?.unwrap_or_else(|| app.today());
    app.with_company(|c| {
        Ok(c.open_bills(as_of, a.supplier_id)?
            .iter()
            .map(open_view)
            .collect())
    })
}

/// The supplier card's account: balance, what is overdue, open bills, latest bills and
/// payments.
pub fn supplier_account(app: &App, a: IdArgs) -> R<SupplierAccountView> {
    let today = app.today();
    app.with_company(|c| {
        c.supplier(a.id)?;
        let open = c.open_bills(today, Some(a.id))?;
        let overdue: Money = open
            .iter()
            .filter(|o| o.days_overdue > 0)
            .map(|o| o.open)
            .sum();
        let mut bills = c.bills(&BillFilter {
            supplier_id: Some(a.id),
            ..BillFilter::default()
        })?;
        bills.truncate(50);
        let mut payments = c.supplier_payments(Some(a.id))?;
        payments.truncate(50);
        Ok(SupplierAccountView {
            supplier_id: a.id,
            balance: c.supplier_balance(a.id)?.to_string(),
            overdue: overdue.to_string(),
            open_bills: open.iter().map(open_view).collect(),
            bills: bills.iter().map(bill_view).collect(),
            payments: payments.iter().map(payment_view).collect(),
        })
    })
}

// ---- aging ----

fn aging_row(id: Option<i64>, name: &str, t: &AgingTotals, unapplied: Money) -> PayablesAgingRow {
    PayablesAgingRow {
        supplier_id: id,
        supplier_name: name.to_string(),
        current: t.get(AgingBucket::Current).to_string(),
        days_1_30: t.get(AgingBucket::Days1To30).to_string(),
        days_31_60: t.get(AgingBucket::Days31To60).to_string(),
        days_61_90: t.get(AgingBucket::Days61To90).to_string(),
        over_90: t.get(AgingBucket::Over90).to_string(),
        total: t.total().to_string(),
        unapplied: unapplied.to_string(),
    }
}

pub fn payables_aging(app: &App, a: AsOfArgs) -> R<PayablesAgingView> {
    let as_of = opt_day("as_of", &a.as_of)?.unwrap_or_else(|| app.today());
    app.with_company(|c| {
        let r = c.payables_aging(as_of)?;
        let unapplied: Money = r.suppliers.iter().map(|s| s.unapplied).sum();
        Ok(PayablesAgingView {
            as_of: as_of.to_string(),
            suppliers: r
                .suppliers
                .iter()
                .map(|s| {
                    aging_row(
                        Some(s.supplier_id),
                        &s.supplier_name,
                        &s.totals,
                        s.unapplied,
                    )
                })
                .collect(),
            total: aging_row(None, "Total", &r.total, unapplied),
        })
    })
}

/// The payables aging as a PDF or CSV, named for its day; also used by the CLI.
pub fn payables_aging_file(
    c: &Company,
    as_of: NaiveDate,
    format: ExportFormat,
    lang: Language,
    today: NaiveDate,
) -> R<(String, Vec<u8>)> {
    let r = c.payables_aging(as_of)?;
    let rows = r
        .suppliers
        .iter()
        .map(|s| {
            let mut buckets = [Money::ZERO; 5];
            for (i, b) in AgingBucket::ALL.iter().enumerate() {
                buckets[i] = s.totals.get(*b);
            }
            render::AgingRow {
                name: s.supplier_name.clone(),
                tax_id: s.tax_id.clone(),
                buckets,
                total: s.totals.total(),
            }
        })
        .collect();
    let report = render::AgingReport {
        side: render::AgingSide::Payables,
        as_of,
        rows,
    };
    let bytes = match format {
        ExportFormat::Pdf => render::aging_pdf(&report, &header(c)?, today, lang),
        ExportFormat::Csv => render::aging_csv(&report),
    }
    .map_err(render_err)?;
    let name = match lang {
        Language::Es => "antiguedad-proveedores",
        Language::En => "payables-aging",
    };
    Ok((format!("{name}-{as_of}"), bytes))
}

pub fn export_payables_aging(app: &App, a: ExportPayablesAgingArgs) -> R<ExportedFile> {
    let as_of = opt_day("as_of", &a.as_of)?.unwrap_or_else(|| app.today());
    let lang = language(app, a.language);
    let today = app.today();
    let (name, bytes) =
        app.with_company(|c| payables_aging_file(c, as_of, a.format, lang, today))?;
    Ok(export(name, a.format, bytes))
}

// ---- supplier statement ----

fn statement_of(
    c: &Company,
    supplier_id: i64,
    from: &Option<String>,
    to: &Option<String>,
) -> R<store::SupplierStatement> {
    let mut problems = Vec::new();
    let from = parse::opt_date("from", from).map_err(|p| problems.push(p));
    let to = parse::opt_date("to", to).map_err(|p| problems.push(p));
    let (Ok(from), Ok(to), true) = (from, to, problems.is_empty()) else {
        return fail(problems);
    };
    Ok(c.supplier_statement(supplier_id, from, to)?)
}

pub fn supplier_statement(app: &App, a: SupplierStatementArgs) -> R<SupplierStatementView> {
    app.with_company(|c| {
        let s = statement_of(c, a.supplier_id, &a.from, &a.to)?;
        let mut balance = s.opening;
        Ok(SupplierStatementView {
            supplier_id: s.supplier_id,
            supplier_name: s.supplier_name.clone(),
            from: s.from.map(|d| d.to_string()),
            to: s.to.map(|d| d.to_string()),
            opening: s.opening.to_string(),
            lines: s
                .lines
                .iter()
                .map(|l| {
                    balance += l.credit - l.debit;
                    SupplierMovementView {
                        date: l.date.to_string(),
                        document: l.document.clone(),
                        concept: l.concept.clone(),
                        debit: l.debit.to_string(),
                        credit: l.credit.to_string(),
                        balance: balance.to_string(),
                    }
                })
                .collect(),
            closing: s.closing.to_string(),
        })
    })
}

pub fn export_supplier_statement(app: &App, a: ExportSupplierStatementArgs) -> R<ExportedFile> {
    let lang = language(app, a.language);
    let today = app.today();
    app.with_company(|c| {
        let s = statement_of(c, a.supplier_id, &a.from, &a.to)?;
        let sup = c.supplier(a.supplier_id)?;
        let i = &sup.input;
        let mut address: Vec<String> = i
            .address
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect();
        let town = format!("{} {}", i.postal_code.trim(), i.city.trim());
        if !town.trim().is_empty() {
            address.push(town.trim().to_string());
        }
        let doc = render::SupplierStatement {
            supplier: render::Recipient {
                name: i.legal_name.clone(),
                tax_id: i.tax_id.clone(),
                address,
                country: (i.country != "ES").then(|| i.country.clone()),
            },
            from: s.from,
            to: s.to,
            opening: s.opening,
            lines: s
                .lines
                .iter()
                .map(|l| render::StatementLine {
                    date: l.date,
                    document: l.document.clone(),
                    concept: l.concept.clone(),
                    debit: l.debit,
                    credit: l.credit,
                })
                .collect(),
        };
        let bytes = match a.format {
            ExportFormat::Pdf => render::supplier_statement_pdf(&doc, &header(c)?, today, lang),
            ExportFormat::Csv => render::supplier_statement_csv(&doc),
        }
        .map_err(render_err)?;
        let what = match lang {
            Language::Es => "extracto",
            Language::En => "statement",
        };
        Ok(export(
            format!("{what}-{}", slug(&i.legal_name)),
            a.format,
            bytes,
        ))
    })
}

// ---- VAT input summary ----

fn period(from: &str, to: &str) -> R<(NaiveDate, NaiveDate)> {
    let mut problems = Vec::new();
    let f = parse::date("from", from).map_err(|p| problems.push(p));
    let t = parse::date("to", to).map_err(|p| problems.push(p));
    let (Ok(f), Ok(t), true) = (f, t, problems.is_empty()) else {
        return fail(problems);
    };
    if t < f {
        return fail(vec![Problem::new(
            ProblemCode::InvalidDate,
            format!("the period ends ({t}) before it starts ({f})"),
        )
        .field("to")]);
    }
    Ok((f, t))
}

pub fn vat_input_summary(app: &App, a: VatInputArgs) -> R<VatInputSummaryView> {
    let (from, to) = period(&a.from, &a.to)?;
    app.with_company(|c| {
        let s = c.vat_input_summary(from, to)?;
        Ok(VatInputSummaryView {
            from: from.to_string(),
            to: to.to_string(),
            rows: s
                .rows
                .iter()
                .map(|r| VatInputRowView {
                    treatment: r.treatment.clone(),
                    vat_rate: r.vat_rate.clone(),
                    base: r.base.to_string(),
                    vat: r.vat.to_string(),
                    recargo: r.recargo.to_string(),
                    deductible: r.deductible.to_string(),
                })
                .collect(),
            base: s.base.to_string(),
            vat: s.vat.to_string(),
            recargo: s.recargo.to_string(),
            deductible: s.deductible.to_string(),
            irpf: s.irpf.to_string(),
            bills: s.bills,
        })
    })
}

/// The VAT input summary as a PDF or CSV; also used by the CLI.
pub fn vat_input_file(
    c: &Company,
    from: NaiveDate,
    to: NaiveDate,
    format: ExportFormat,
    lang: Language,
    today: NaiveDate,
) -> R<(String, Vec<u8>)> {
    let s = c.vat_input_summary(from, to)?;
    let doc = render::VatInputSummary {
        from,
        to,
        rows: s
            .rows
            .iter()
            .map(|r| render::VatInputRow {
                treatment: r.treatment.clone(),
                vat_rate: Decimal::from_str(&r.vat_rate).unwrap_or_default(),
                base: r.base,
                vat: r.vat,
                recargo: r.recargo,
                deductible: r.deductible,
            })
            .collect(),
        base: s.base,
        vat: s.vat,
        recargo: s.recargo,
        deductible: s.deductible,
        irpf: s.irpf,
        bills: s.bills,
    };
    let bytes = match format {
        ExportFormat::Pdf => render::vat_input_summary_pdf(&doc, &header(c)?, today, lang),
        ExportFormat::Csv => render::vat_input_summary_csv(&doc),
    }
    .map_err(render_err)?;
    let name = match lang {
        Language::Es => "iva-soportado",
        Language::En => "vat-input",
    };
    Ok((format!("{name}-{from}-{to}"), bytes))
}

pub fn export_vat_input_summary(app: &App, a: ExportVatInputArgs) -> R<ExportedFile> {
    let (from, to) = period(&a.from, &a.to)?;
    let lang = language(app, a.language);
    let today = app.today();
    let (name, bytes) = app.with_company(|c| vat_input_file(c, from, to, a.format, lang, today))?;
    Ok(export(name, a.format, bytes))
}

// ---- payment runs ----

/// The store's input for a payment run; `today` is the default execution date.
pub fn run_input(a: &PreparePaymentRunArgs, today: NaiveDate) -> R<PaymentRunInput> {
    let mut problems = Vec::new();
    let until = parse::date("until", &a.until).map_err(|p| problems.push(p));
    let execution =
        parse::opt_date("execution_date", &a.execution_date).map_err(|p| problems.push(p));
    let (Ok(until), Ok(execution), true) = (until, execution, problems.is_empty()) else {
        return fail(problems);
    };
    Ok(PaymentRunInput {
        until,
        bill_ids: a.bill_ids.clone(),
        execution_date: execution.unwrap_or(today),
        account: a
            .account
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(short)
            .unwrap_or_else(|| "5720001".into()),
        debtor_iban: a.debtor_iban.as_deref().map(short),
    })
}

pub fn prepare_payment_run(app: &App, a: PreparePaymentRunArgs) -> R<PaymentRunView> {
    let input = run_input(&a, app.today())?;
    let now = app.now();
    app.with_company(|c| Ok(run_view(&c.prepare_payment_run(&input, now)?)))
}

pub fn confirm_payment_run(app: &App, a: IdArgs) -> R<PaymentRunView> {
    let now = app.now();
    app.with_company(|c| Ok(run_view(&c.confirm_payment_run(a.id, now)?)))
}

pub fn cancel_payment_run(app: &App, a: IdArgs) -> R<PaymentRunView> {
    let now = app.now();
    app.with_company(|c| Ok(run_view(&c.cancel_payment_run(a.id, now)?)))
}

pub fn get_payment_run(app: &App, a: IdArgs) -> R<PaymentRunView> {
    app.with_company(|c| Ok(run_view(&c.payment_run(a.id)?)))
}

pub fn list_payment_runs(app: &App, _: NoArgs) -> R<Vec<PaymentRunView>> {
    app.with_company(|c| Ok(c.payment_runs()?.iter().map(run_view).collect()))
}
