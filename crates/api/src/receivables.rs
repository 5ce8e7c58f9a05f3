//! Receivables documents: the aging as PDF or CSV, reminder letters (each recorded on the
//! customer, never twice for the same invoice and level), the customer's statement of account
//! and the VAT output summary of a period. The store gives the figures, `render` the bytes.

use crate::dto::*;
use crate::error::{ApiError, ErrorCode};
use crate::parse;
use crate::App;
use base64::Engine;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;
use trastienda_core::aging::{
    collection_costs_compensation, late_payment_interest, AgingBucket, SemesterRate,
};
use trastienda_core::{Language, Money, Problem, ProblemCode};
use trastienda_render as render;
use trastienda_store::{Company, HistoryKind, StoreError};

type R<T> = Result<T, ApiError>;

fn fail<T>(p: Vec<Problem>) -> R<T> {
    Err(ApiError::from_problems(&p))
}

fn render_err(e: render::RenderError) -> ApiError {
    ApiError::new(ErrorCode::Internal, e.to_string())
}

fn file(file_name: String, format: ExportFormat, bytes: Vec<u8>) -> ExportedFile {
    ExportedFile {
        file_name,
        mime: match format {
            ExportFormat::Pdf => "application/pdf",
            ExportFormat::Csv => "text/csv",
        }
        .into(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    }
}

fn ext(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Pdf => "pdf",
        ExportFormat::Csv => "csv",
    }
}

fn language(app: &App, asked: Option<Lang>) -> Language {
    let lang = match asked {
        Some(l) => l,
        None => app.settings().language,
    };
    lang.into()
}

fn date_or_today(app: &App, field: &str, s: &Option<String>) -> R<NaiveDate> {
    Ok(parse::opt_date(field, s)
        .map_err(|p| ApiError::from_problems(&[p]))?
        .unwrap_or_else(|| app.today()))
}

/// A day given on the wire or the command line ("YYYY-MM-DD"), a problem naming `field`.
pub fn parse_day(field: &str, s: &str) -> R<NaiveDate> {
    parse::date(field, s).map_err(|p| ApiError::from_problems(&[p]))
}

fn header(c: &Company) -> R<render::CompanyHeader> {
    let s = c.settings()?;
    Ok(render::CompanyHeader {
        name: s.name,
        tax_id: s.tax_id,
    })
}

fn lines(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

fn recipient(c: &Company, customer_id: i64) -> R<render::Recipient> {
    let k = c.customer(customer_id)?;
    let mut address = lines(&k.address);
    let town = format!("{} {}", k.postal_code.trim(), k.city.trim());
    if !town.trim().is_empty() {
        address.push(town.trim().to_string());
    }
    if !k.province.trim().is_empty() && k.province.trim() != k.city.trim() {
        address.push(k.province.trim().to_string());
    }
    Ok(render::Recipient {
        name: k.legal_name,
        tax_id: k.tax_id,
        address,
        country: (k.country != "ES" && !k.country.is_empty()).then_some(k.country),
    })
}

// ---- aging ----

fn aging_report(c: &Company, as_of: NaiveDate) -> R<render::AgingReport> {
    let r = c.receivables_aging(as_of)?;
    let mut rows = Vec::new();
    for x in &r.customers {
        let tax_id = match c.customer(x.customer_id) {
            Ok(k) => k.tax_id,
            Err(_) => String::new(),
        };
        let mut buckets = [Money::ZERO; 5];
        for (i, b) in AgingBucket::ALL.iter().enumerate() {
            buckets[i] = x.totals.get(*b);
        }
        rows.push(render::AgingRow {
            name: x.customer_name.clone(),
            tax_id,
            buckets,
            total: x.totals.total(),
        });
    }
    Ok(render::AgingReport {
        side: render::AgingSide::Receivables,
        as_of,
        rows,
    })
}

/// The receivables aging as of a day (default today) as PDF or CSV, from an open company
/// (the CLI calls it too).
pub fn aging_file(
    c: &Company,
    as_of: NaiveDate,
    format: ExportFormat,
    lang: Language,
    today: NaiveDate,
) -> R<(String, Vec<u8>)> {
    let report = aging_report(c, as_of)?;
    let bytes = match format {
        ExportFormat::Pdf => render::aging_pdf(&report, &header(c)?, today, lang),
        ExportFormat::Csv => render::aging_csv(&report),
    }
    .map_err(render_err)?;
    let stem = match lang {
        Language::Es => "antiguedad-saldos",
        Language::En => "receivables-aging",
    };
    Ok((format!("{stem}-{as_of}.{}", ext(format)), bytes))
}

pub fn export_aging(app: &App, a: ExportAgingArgs) -> R<ExportedFile> {
    let as_of = date_or_today(app, "as_of", &a.as_of)?;
    let lang = language(app, a.language);
    let today = app.today();
    let (name, bytes) = app.with_company(|c| aging_file(c, as_of, a.format, lang, today))?;
    Ok(file(name, a.format, bytes))
}

// ---- reminders ----

fn parse_rates(list: &[EcbRateInput]) -> R<Vec<SemesterRate>> {
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
        let t = r.rate.trim().replace(',', ".");
        match Decimal::from_str(&t) {
            Ok(rate) if rate.abs() < Decimal::ONE_HUNDRED && rate.normalize().scale() <= 4 => out
                .push(SemesterRate {
                    year: r.year,
                    half: r.half,
                    ecb_rate: rate,
                }),
            _ => problems.push(
                Problem::new(
                    ProblemCode::InvalidAmount,
                    format!(
                        "'{}' is not an ECB rate in percent (such as 4.5)",
                        r.rate.chars().take(20).collect::<String>()
                    ),
                )
                .at_row(row)
                .field("rate")
                .param("value", r.rate.chars().take(20).collect::<String>()),
            ),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        fail(problems)
    }
}

fn reminder_level(level: u8) -> Option<render::ReminderLevel> {
    match level {
        1 => Some(render::ReminderLevel::Friendly),
        2 => Some(render::ReminderLevel::Firm),
        3 => Some(render::ReminderLevel::Final),
        _ => None,
    }
}

/// Records reminder `level` for an overdue invoice and returns its letter. The letter is
/// written first and the reminder recorded after, so a refused reminder (already sent at this
/// level, not overdue, nothing open) leaves nothing behind.
pub fn reminder_pdf(app: &App, a: ReminderPdfArgs) -> R<ExportedFile> {
    let date = date_or_today(app, "date", &a.date)?;
    let lang = language(app, a.language);
    let Some(level) = reminder_level(a.level) else {
        return fail(vec![Problem::new(
            ProblemCode::OutOfRange,
            format!("a reminder is level 1, 2 or 3, not {}", a.level),
        )
        .field("level")]);
    };
    let claim_costs = a.claim_costs.unwrap_or(false);
    let mut problems = Vec::new();
    if level != render::ReminderLevel::Final {
        if a.ecb_rates.is_some() {
            problems.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    "late-payment interest is claimed only in the final notice (level 3)",
                )
                .field("ecb_rates"),
            );
        }
        if claim_costs {
            problems.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    "recovery costs are claimed only in the final notice (level 3)",
                )
                .field("claim_costs"),
            );
        }
    }
    if !problems.is_empty() {
        return fail(problems);
    }
    let rates = match &a.ecb_rates {
        Some(list) => Some(parse_rates(list)?),
        None => None,
    };
    let now = app.now();
    app.with_company(|c| {
        let item = c
            .overdue_invoices(date)?
            .into_iter()
            .find(|i| i.invoice_id == a.invoice_id);
        let Some(item) = item else {
            // The store says precisely why (no such invoice, not issued, nothing open, not
            // overdue yet).
            c.record_reminder(a.invoice_id, a.level, date, None, now)?;
            return Err(ApiError::new(
                ErrorCode::Internal,
                "the invoice is not overdue",
            ));
        };
        if let Some(earlier) = c
            .reminders(Some(a.invoice_id))?
            .into_iter()
            .find(|r| r.level == a.level)
        {
            // Said as the store says it (code `duplicate`); the store refuses it as well.
            return Err(StoreError::invalid(
                Problem::new(
                    ProblemCode::Duplicate,
                    format!(
                        "a level {} reminder for invoice {} was already recorded on {}; \
                     a reminder is never produced twice for the same invoice and level",
                        a.level, item.full_number, earlier.date
                    ),
                )
                .field("level")
                .param("level", a.level)
                .param("date", earlier.date.to_string()),
            )
            .into());
        }
        let (interest, rate) = match &rates {
            Some(r) => {
                let li = late_payment_interest(item.open, item.due_date, date, r)
                    .map_err(|p| ApiError::from_problems(&[p.field("ecb_rates")]))?;
                let rate = li.periods.last().map(|p| p.rate);
                (Some(li.interest), rate)
            }
            None => (None, None),
        };
        let settings = c.settings()?;
        let customer_id = item.customer_id.ok_or_else(|| {
            ApiError::from_problems(&[Problem::new(
                ProblemCode::Required,
                format!("invoice {} has no customer to write to", item.full_number),
            )
            .field("invoice_id")])
        })?;
        let letter = render::Reminder {
            issuer: render::Issuer {
                name: settings.name.clone(),
                tax_id: settings.tax_id.clone(),
                address: lines(&settings.address),
                email: None,
                phone: None,
                iban: None,
                logo: None,
            },
            recipient: recipient(c, customer_id)?,
            level,
            date,
            place: None,
            invoices: vec![render::OverdueInvoice {
                number: item.full_number.clone(),
                issue_date: item.issue_date,
                due_date: item.due_date,
                days_overdue: item.days_overdue,
                open: item.open,
                interest,
            }],
            interest_rate: rate,
            recovery_costs: claim_costs.then(collection_costs_compensation),
            text: None,
            footer: Some(format!("{} · {}", settings.name, settings.tax_id)),
        };
        let bytes = render::reminder_pdf(&letter, lang).map_err(render_err)?;
        let stem = match lang {
            Language::Es => "recordatorio",
            Language::En => "reminder",
        };
        let name = format!("{stem}-{}-{}.pdf", item.full_number, a.level);
        // The letter is archived exactly as sent, with the reminder, in one transaction.
        let text = crate::doctext::extract_text(&bytes, "application/pdf");
        let issued = trastienda_store::IssuedFile {
            file_name: name.clone(),
            bytes,
            text: (text.status == trastienda_store::TextStatus::Extracted).then_some(text.text),
        };
        c.record_reminder_with_letter(
            a.invoice_id,
            a.level,
            date,
            rates.as_deref(),
            Some(&issued),
            now,
        )?;
        Ok(file(name, ExportFormat::Pdf, issued.bytes))
    })
}

// ---- statement of account ----

fn statement_words(lang: Language) -> [&'static str; 4] {
    match lang {
        Language::Es => [
            "Factura",
            "Factura rectificativa",
            "Cobro",
            "Saldo anterior",
        ],
        Language::En => ["Invoice", "Credit note", "Payment", "Opening balance"],
    }
}

/// The customer's movements from `from` to `to` with the balance before `from`.
fn statement_of_account(
    c: &Company,
    customer_id: i64,
    from: Option<NaiveDate>,
    to: NaiveDate,
    lang: Language,
) -> R<render::StatementOfAccount> {
    let card = c.customer_card(customer_id)?;
    let w = statement_words(lang);
    let mut opening = Money::ZERO;
    let mut out = Vec::new();
    for h in &card.history {
        let Ok(date) = NaiveDate::parse_from_str(&h.date, "%Y-%m-%d") else {
            continue;
        };
        if date > to {
            continue;
        }
        if from.is_some_and(|f| date < f) {
            opening += h.amount;
            continue;
        }
        let (document, concept) = match h.kind {
            HistoryKind::Invoice => (h.reference.clone(), w[0].to_string()),
            HistoryKind::CreditNote => (h.reference.clone(), w[1].to_string()),
            HistoryKind::Payment => (
                w[2].to_string(),
                if h.reference.trim().is_empty() {
                    w[2].to_string()
                } else {
                    format!("{} {}", w[2], h.reference.trim())
                },
            ),
        };
        let (debit, credit) = if h.amount.is_negative() {
            (Money::ZERO, -h.amount)
        } else {
            (h.amount, Money::ZERO)
        };
        out.push(render::StatementLine {
            date,
            document,
            concept,
            debit,
            credit,
        });
    }
    Ok(render::StatementOfAccount {
        customer: recipient(c, customer_id)?,
        from,
        to: Some(to),
        opening,
        lines: out,
    })
}

fn statement_csv(s: &render::StatementOfAccount, lang: Language) -> R<Vec<u8>> {
    let csv_err = |e: csv::Error| ApiError::new(ErrorCode::Internal, format!("writing CSV: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["date", "document", "concept", "debit", "credit", "balance"])
        .map_err(csv_err)?;
    let mut balance = s.opening;
    w.write_record([
        s.from.map(|d| d.to_string()).unwrap_or_default(),
        String::new(),
        statement_words(lang)[3].to_string(),
        String::new(),
        String::new(),
        balance.to_string(),
    ])
    .map_err(csv_err)?;
    for l in &s.lines {
        balance += l.debit - l.credit;
        w.write_record([
            l.date.to_string(),
            l.document.clone(),
            l.concept.clone(),
            l.debit.to_string(),
            l.credit.to_string(),
            balance.to_string(),
        ])
        .map_err(csv_err)?;
    }
    w.into_inner()
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("writing CSV: {e}")))
}

pub fn customer_statement(app: &App, a: CustomerStatementArgs) -> R<ExportedFile> {
    let mut problems = Vec::new();
    let from = parse::opt_date("from", &a.from).map_err(|p| problems.push(p));
    let to = parse::opt_date("to", &a.to).map_err(|p| problems.push(p));
    let (Ok(from), Ok(to)) = (from, to) else {
        return fail(problems);
    };
    let to = to.unwrap_or_else(|| app.today());
    if from.is_some_and(|f| f > to) {
        return fail(vec![Problem::new(
            ProblemCode::OutOfRange,
            format!(
                "the period ends ({to}) before it starts ({})",
                from.map(|d| d.to_string()).unwrap_or_default()
            ),
        )
        .field("to")]);
    }
    let lang = language(app, a.language);
    let today = app.today();
    let (name, bytes) = app.with_company(|c| {
        let s = statement_of_account(c, a.customer_id, from, to, lang)?;
        let bytes = match a.format {
            ExportFormat::Pdf => {
                render::customer_statement_pdf(&s, &header(c)?, today, lang).map_err(render_err)?
            }
            ExportFormat::Csv => statement_csv(&s, lang)?,
        };
        let stem = match lang {
            Language::Es => "extracto",
            Language::En => "statement",
        };
        Ok((
            format!("{stem}-{}-{to}.{}", a.customer_id, ext(a.format)),
            bytes,
        ))
    })?;
    Ok(file(name, a.format, bytes))
}

// ---- VAT output summary ----

pub fn export_vat_output_summary(app: &App, a: ExportVatOutputArgs) -> R<ExportedFile> {
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
    let lang = language(app, a.language);
    let today = app.today();
    let bytes = app.with_company(|c| {
        let s = c.vat_output_summary(from, to)?;
        let summary = render::VatSummary {
            from: s.from,
            to: s.to,
            rows: s
                .rows
                .iter()
                .map(|r| render::VatSummaryRow {
                    tax: r.tax.clone(),
                    base: r.base,
                    vat_rate: r.vat_rate,
                    vat: r.vat,
                    recargo_rate: r.recargo_rate,
                    recargo: r.recargo,
                })
                .collect(),
            base: s.base,
            vat: s.vat,
            recargo: s.recargo,
            withholding: s.withholding,
            invoices: s.invoices,
        };
        match a.format {
            ExportFormat::Pdf => render::vat_summary_pdf(&summary, &header(c)?, today, lang),
            ExportFormat::Csv => render::vat_summary_csv(&summary),
        }
        .map_err(render_err)
    })?;
    let stem = match lang {
        Language::Es => "resumen-iva-repercutido",
        Language::En => "output-vat-summary",
    };
    Ok(file(
        format!("{stem}-{from}_{to}.{}", ext(a.format)),
        a.format,
        bytes,
    ))
}
