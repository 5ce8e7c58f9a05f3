//! Invoice PDFs: an issued invoice as the store keeps it (lines, tax rows, the customer's
//! snapshot, due date, correction) plus the company (name, tax id, address, IBAN, e-mail,
//! phone, logo, footer) and its register record (the QR's verification URL), mapped onto
//! render's `InvoiceDoc`. One invoice or a batch in one combined PDF, with polled progress.
//! Also the company's invoice letterhead and an invoice's register record for the UI.

use crate::dto::*;
use crate::error::{ApiError, ErrorCode};
use crate::App;
use base64::Engine;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use trastienda_core::invoice::{
    compute_totals, format_percent, AppliedTax, ExemptionCause, InvoiceDraft as CoreDraft,
    InvoiceKind as CoreKind, LineTax, Recipient as CoreRecipient, TaxTreatment, VatRules,
    Withholding,
};
use trastienda_core::verifactu::{qr_url, AeatEnvironment, QrMode};
use trastienda_core::{Iban, Language, Money, Problem, ProblemCode};
use trastienda_render::{
    Due, InvoiceDoc, InvoiceDocLine, InvoiceKind, Issuer, PaymentDetails, Recipient, TaxBreakdown,
    VerifactuQr, WithholdingLine,
};
use trastienda_store::{
    Company, CompanySettings, InvoiceProfile, InvoiceRecord, InvoiceRegisterEntry, InvoiceState,
};

type R<T> = Result<T, ApiError>;

/// The most invoices one batch renders (a year of a busy shop fits).
const MAX_BATCH: usize = 5_000;

struct Progress {
    active: AtomicBool,
    done: AtomicU64,
    total: AtomicU64,
}

static PROGRESS: Progress = Progress {
    active: AtomicBool::new(false),
    done: AtomicU64::new(0),
    total: AtomicU64::new(0),
};

fn render_err(e: trastienda_render::RenderError) -> ApiError {
    ApiError::new(ErrorCode::Internal, e.to_string())
}

fn problem(field: &str, msg: impl Into<String>) -> ApiError {
    ApiError::from_problems(&[Problem::new(ProblemCode::InvalidCode, msg).field(field)])
}

/// Address lines as printed: one per line typed, blank ones dropped; a one-line address
/// ("Calle Mayor 1, 28001 Madrid (Madrid)", as customers' snapshots are kept) breaks before
/// its postal code.
pub(crate) fn address_lines(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in s.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let split = line.rmatch_indices(", ").map(|(i, _)| i).find(|&i| {
            let rest = &line.as_bytes()[i + 2..];
            rest.len() >= 5 && rest[..5].iter().all(u8::is_ascii_digit)
        });
        match split {
            Some(i) => {
                out.push(line[..i].trim().to_string());
                out.push(line[i + 2..].trim().to_string());
            }
            None => out.push(line.to_string()),
        }
    }
    out
}

fn iban_printed(s: &str) -> String {
    Iban::parse(s)
        .map(|i| i.grouped())
        .unwrap_or_else(|_| s.trim().to_string())
}

fn tax_label(tax: &str, lang: Language) -> Option<String> {
    if tax == "ISP" {
        return Some("ISP".into());
    }
    ExemptionCause::parse(tax).map(|c| match lang {
        Language::Es => format!("Exenta ({})", c.code()),
        Language::En => format!("Exempt ({})", c.code()),
    })
}

/// The legends the law asks for, from the tax rows (each once).
fn legends(inv: &InvoiceRecord, lang: Language) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in &inv.taxes {
        let text = if t.tax == "ISP" {
            Some(
                match lang {
                    Language::Es => "Inversión del sujeto pasivo",
                    Language::En => "Reverse charge",
                }
                .to_string(),
            )
        } else {
            ExemptionCause::parse(&t.tax).map(|c| c.legend(lang).to_string())
        };
        if let Some(t) = text {
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

fn line_tax_text(inv: &InvoiceRecord, tax: LineTax, lang: Language) -> String {
    if !inv.treatment.uses_line_rates() {
        if let Some(label) = inv.taxes.first().and_then(|t| tax_label(&t.tax, lang)) {
            return label;
        }
    }
    match tax {
        LineTax::Vat(r) => {
            let re = inv.treatment == TaxTreatment::RecargoEquivalencia && !r.is_zero();
            format!(
                "{} %{}",
                format_percent(r, lang),
                if re { " + RE" } else { "" }
            )
        }
        LineTax::Exempt(c) => tax_label(c.code(), lang).unwrap_or_default(),
    }
}

/// The verification URL of a register record (the register's own fields, as the QR must
/// match what was registered).
fn register_qr(r: &InvoiceRegisterEntry) -> Option<String> {
    let date = NaiveDate::parse_from_str(&r.issue_date, "%Y-%m-%d").ok()?;
    let total = Money::parse(&r.total_amount).ok()?;
    Some(qr_url(
        AeatEnvironment::Production,
        QrMode::NoVerifactu,
        &r.issuer_tax_id,
        &r.full_number,
        date,
        total,
    ))
}

/// What the mapping needs besides the invoice: read once per batch.
struct Letterhead {
    settings: CompanySettings,
    profile: InvoiceProfile,
}

fn letterhead(c: &Company) -> R<Letterhead> {
    Ok(Letterhead {
        settings: c.settings()?,
        profile: c.invoice_profile()?,
    })
}

/// An issued invoice as render's document.
fn invoice_doc(
    inv: &InvoiceRecord,
    head: &Letterhead,
    register: Option<&InvoiceRegisterEntry>,
    lang: Language,
) -> R<InvoiceDoc> {
    let Some(number) = inv
        .full_number
        .clone()
        .filter(|_| inv.state == InvoiceState::Issued)
    else {
        return Err(problem(
            "id",
            "only an issued invoice has a PDF; issue the draft first",
        ));
    };
    let s = &head.settings;
    let p = &head.profile;
    let issuer = Issuer {
        name: s.name.clone(),
        tax_id: s.tax_id.clone(),
        address: address_lines(&s.address),
        email: p.email.clone(),
        phone: p.phone.clone(),
        iban: p.iban.as_deref().map(iban_printed),
        logo: p.logo.clone(),
    };
    let has_customer = !inv.customer_name.trim().is_empty() || !inv.customer_tax_id.is_empty();
    let recipient = has_customer.then(|| Recipient {
        name: inv.customer_name.clone(),
        tax_id: inv.customer_tax_id.clone(),
        address: address_lines(&inv.customer_address),
        country: (!inv.customer_country.is_empty() && inv.customer_country != s.country)
            .then(|| inv.customer_country.clone()),
    });
    let kind = match &inv.correction {
        Some(c) => InvoiceKind::CreditNote {
            corrected_number: c.corrects_number.clone(),
            corrected_date: c.corrects_date,
            reason: c.explanation.clone(),
        },
        None if inv.kind == trastienda_store::DocKind::Simplified => InvoiceKind::Simplified,
        None => InvoiceKind::Invoice,
    };
    let lines = inv
        .lines
        .iter()
        .zip(&inv.line_amounts)
        .map(|(l, amount)| InvoiceDocLine {
            description: l.description.clone(),
            quantity: l.quantity,
            unit_price: l.unit_price.decimal(),
            discount: l.discount_pct,
            tax: line_tax_text(inv, l.tax, lang),
            amount: *amount,
        })
        .collect();
    let taxes = inv
        .taxes
        .iter()
        .map(|t| TaxBreakdown {
            base: t.base,
            vat_rate: t.vat_rate,
            vat: t.vat,
            recargo_rate: t.recargo_rate,
            recargo: t.recargo,
            label: tax_label(&t.tax, lang),
        })
        .collect();
    let withholding = inv
        .withholding
        .filter(|r| !r.is_zero())
        .map(|rate| WithholdingLine {
            rate,
            amount: inv.withholding_amount.abs(),
        });
    let owes = inv.correction.is_none() && inv.total > Money::ZERO;
    let due = match (inv.due_date, owes) {
        (Some(date), true) => vec![Due {
            date,
            amount: inv.total,
        }],
        _ => Vec::new(),
    };
    let payment = (owes && p.iban.is_some()).then(|| PaymentDetails {
        method: match lang {
            Language::Es => "Transferencia bancaria".into(),
            Language::En => "Bank transfer".into(),
        },
        iban: None,
    });
    Ok(InvoiceDoc {
        issuer,
        recipient,
        kind,
        series: inv.series_code.clone().unwrap_or_default(),
        number,
        issue_date: inv.issue_date,
        operation_date: inv.operation_date.filter(|d| *d != inv.issue_date),
        due,
        lines,
        taxes,
        withholding,
        total: inv.total,
        legends: legends(inv, lang),
        payment,
        notes: address_lines(&inv.notes),
        footer: p.invoice_footer.clone(),
        qr: register.and_then(register_qr).map(|url| VerifactuQr {
            url,
            verifactu: false,
        }),
    })
}

fn lookup(c: &Company, id: Option<i64>, number: Option<&str>) -> R<InvoiceRecord> {
    match (id, number.map(str::trim)) {
        (Some(id), _) => Ok(c.invoice(id)?),
        (None, Some(n)) if !n.is_empty() => Ok(c.invoice_by_number(n)?),
        _ => Err(ApiError::from_problems(&[Problem::new(
            ProblemCode::Required,
            "give the invoice's id or its number",
        )
        .field("number")])),
    }
}

fn language(c: &Company, l: Option<Lang>) -> R<Language> {
    Ok(match l {
        Some(l) => l.into(),
        None => c.settings()?.language,
    })
}

fn file_stem(inv: &InvoiceRecord, lang: Language) -> &'static str {
    match (inv.correction.is_some(), lang) {
        (true, Language::Es) => "factura-rectificativa",
        (true, Language::En) => "credit-note",
        (false, Language::Es) => "factura",
        (false, Language::En) => "invoice",
    }
}

fn pdf_file(file_name: String, bytes: &[u8]) -> ExportedFile {
    ExportedFile {
        file_name,
        mime: "application/pdf".into(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    }
}

/// One issued invoice's PDF from an open company (the CLI reads a file directly): the file
/// name and the bytes.
pub fn invoice_pdf_bytes(c: &Company, a: &InvoicePdfArgs) -> R<(String, Vec<u8>)> {
    let inv = lookup(c, a.id, a.number.as_deref())?;
    let lang = language(c, a.language)?;
    // In the company's language, an invoice is printed again exactly as it was issued: the
    // PDF archived with it (a later letterhead or logo does not change it).
    if lang == c.settings()?.language {
        if let Some((_, bytes)) = c.issued_pdf("invoice", inv.id, "facturas_emitidas")? {
            let number = inv.full_number.clone().unwrap_or_default();
            return Ok((format!("{}-{number}.pdf", file_stem(&inv, lang)), bytes));
        }
    }
    let head = letterhead(c)?;
    let reg = c.invoice_register_entry(inv.id)?;
    let doc = invoice_doc(&inv, &head, reg.as_ref(), lang)?;
    let bytes = trastienda_render::invoice_pdf(&doc, lang).map_err(render_err)?;
    let name = format!("{}-{}.pdf", file_stem(&inv, lang), doc.number);
    Ok((name, bytes))
}

/// Has `c` print every invoice it issues from now on and archive the PDF with it, in the
/// issuing transaction, exactly as issued (in the company's language).
pub(crate) fn install_archiver(c: &mut Company) {
    c.set_invoice_pdf_renderer(Box::new(|issued: &trastienda_store::IssuedInvoice<'_>| {
        let lang = issued.settings.language;
        let head = Letterhead {
            settings: issued.settings.clone(),
            profile: issued.profile.clone(),
        };
        let doc =
            invoice_doc(issued.invoice, &head, issued.register, lang).map_err(|e| e.message)?;
        let bytes = trastienda_render::invoice_pdf(&doc, lang).map_err(|e| e.to_string())?;
        // Its words go into the search index with it.
        let text = crate::doctext::extract_text(&bytes, "application/pdf");
        Ok(trastienda_store::IssuedFile {
            file_name: format!("{}-{}.pdf", file_stem(issued.invoice, lang), doc.number),
            bytes,
            text: (text.status == trastienda_store::TextStatus::Extracted).then_some(text.text),
        })
    }));
}

pub fn invoice_pdf(app: &App, a: InvoicePdfArgs) -> R<ExportedFile> {
    let (name, bytes) = app.with_company(|c| invoice_pdf_bytes(c, &a))?;
    Ok(pdf_file(name, &bytes))
}

pub fn invoices_pdf(app: &App, a: InvoicesPdfArgs) -> R<ExportedFile> {
    if a.ids.is_empty() {
        return Err(problem("ids", "choose at least one issued invoice"));
    }
    if a.ids.len() > MAX_BATCH {
        return Err(problem(
            "ids",
            format!("at most {MAX_BATCH} invoices in one PDF"),
        ));
    }
    let (lang, docs) = app.with_company(|c| {
        let lang = language(c, a.language)?;
        let head = letterhead(c)?;
        let mut docs = Vec::with_capacity(a.ids.len());
        for id in &a.ids {
            let inv = c.invoice(*id)?;
            let reg = c.invoice_register_entry(inv.id)?;
            docs.push(invoice_doc(&inv, &head, reg.as_ref(), lang)?);
        }
        Ok((lang, docs))
    })?;
    let p = &PROGRESS;
    p.done.store(0, Ordering::Relaxed);
    p.total.store(docs.len() as u64, Ordering::Relaxed);
    p.active.store(true, Ordering::Relaxed);
    let r = trastienda_render::invoices_pdf_combined(&docs, lang, |done, _| {
        p.done.store(done as u64, Ordering::Relaxed);
    });
    p.active.store(false, Ordering::Relaxed);
    let bytes = r.map_err(render_err)?;
    let name = match (docs.first(), docs.last(), lang) {
        (Some(f), Some(l), Language::Es) => format!("facturas-{}_{}.pdf", f.number, l.number),
        (Some(f), Some(l), Language::En) => format!("invoices-{}_{}.pdf", f.number, l.number),
        _ => "facturas.pdf".into(),
    };
    Ok(pdf_file(name, &bytes))
}

pub fn invoice_pdf_progress(_: &App, _: NoArgs) -> R<InvoicePdfProgress> {
    let p = &PROGRESS;
    Ok(InvoicePdfProgress {
        active: p.active.load(Ordering::Relaxed),
        done: p.done.load(Ordering::Relaxed),
        total: p.total.load(Ordering::Relaxed),
    })
}

fn profile_dto(p: &InvoiceProfile) -> InvoiceProfileDto {
    InvoiceProfileDto {
        iban: p.iban.as_deref().map(iban_printed).unwrap_or_default(),
        email: p.email.clone().unwrap_or_default(),
        phone: p.phone.clone().unwrap_or_default(),
        invoice_footer: p.invoice_footer.clone().unwrap_or_default(),
        logo_base64: p
            .logo
            .as_ref()
            .map(|l| base64::engine::general_purpose::STANDARD.encode(l))
            .unwrap_or_default(),
    }
}

pub fn invoice_profile(app: &App, _: NoArgs) -> R<InvoiceProfileDto> {
    app.with_company(|c| Ok(profile_dto(&c.invoice_profile()?)))
}

pub fn set_invoice_profile(app: &App, a: InvoiceProfileDto) -> R<InvoiceProfileDto> {
    let mut problems = Vec::new();
    let iban = match a.iban.trim() {
        "" => None,
        s => match Iban::parse(s) {
            Ok(i) => Some(i.as_str().to_string()),
            Err(e) => {
                problems.push(
                    Problem::new(ProblemCode::InvalidCode, e.to_string())
                        .field("iban")
                        .param("reason", e.code()),
                );
                None
            }
        },
    };
    let email = a.email.trim();
    if !email.is_empty() && (!email.contains('@') || email.len() > 254) {
        problems.push(
            Problem::new(
                ProblemCode::InvalidCode,
                format!("'{email}' is not an e-mail address"),
            )
            .field("email"),
        );
    }
    for (field, v, max) in [
        ("phone", &a.phone, 40),
        ("invoice_footer", &a.invoice_footer, 1_000),
    ] {
        if v.chars().count() > max {
            problems.push(
                Problem::new(ProblemCode::OutOfRange, format!("at most {max} characters"))
                    .field(field),
            );
        }
    }
    let logo = match a.logo_base64.trim() {
        "" => None,
        s => match base64::engine::general_purpose::STANDARD.decode(s) {
            Ok(b) if b.len() > 1_000_000 => {
                problems.push(
                    Problem::new(ProblemCode::OutOfRange, "the logo is at most 1 MB").field("logo"),
                );
                None
            }
            Ok(b) => match trastienda_render::check_logo(&b) {
                Ok(()) => Some(b),
                Err(e) => {
                    problems
                        .push(Problem::new(ProblemCode::InvalidCode, e.to_string()).field("logo"));
                    None
                }
            },
            Err(_) => {
                problems.push(
                    Problem::new(ProblemCode::InvalidCode, "the logo is not base64").field("logo"),
                );
                None
            }
        },
    };
    if !problems.is_empty() {
        return Err(ApiError::from_problems(&problems));
    }
    let p = InvoiceProfile {
        iban,
        email: Some(email.to_string()),
        phone: Some(a.phone.trim().to_string()),
        logo,
        invoice_footer: Some(a.invoice_footer.trim().to_string()),
    };
    let now = app.now();
    app.with_company(|c| {
        c.set_invoice_profile(&p, now)?;
        Ok(profile_dto(&c.invoice_profile()?))
    })
}

pub fn invoice_register_info(app: &App, a: InvoiceRefArgs) -> R<InvoiceRegisterInfo> {
    app.with_company(|c| {
        let inv = lookup(c, a.id, a.number.as_deref())?;
        let reg = c.invoice_register_entry(inv.id)?;
        Ok(InvoiceRegisterInfo {
            position: reg.as_ref().map(|r| r.position),
            fingerprint: reg.as_ref().map(|r| r.hash.clone()),
            generated_at: reg.as_ref().map(|r| r.generated_at.clone()),
            qr_url: reg.as_ref().and_then(register_qr),
        })
    })
}

/// The tax breakdown by rate of an invoice in any state: an issued one's stored rows, a draft's
/// or template's computed by core's rules (drafts keep only their totals), so the editor shows
/// base and VAT per rate as it is saved.
pub fn invoice_tax_rows(app: &App, a: IdArgs) -> R<Vec<InvoiceTaxView>> {
    app.with_company(|c| {
        let inv = c.invoice(a.id)?;
        if inv.state == InvoiceState::Issued || !inv.taxes.is_empty() {
            return Ok(inv
                .taxes
                .iter()
                .map(|t| InvoiceTaxView {
                    tax: t.tax.clone(),
                    base: t.base.to_string(),
                    vat_rate: t.vat_rate.normalize().to_string(),
                    vat: t.vat.to_string(),
                    recargo_rate: t.recargo_rate.normalize().to_string(),
                    recargo: t.recargo.to_string(),
                })
                .collect());
        }
        let draft = CoreDraft {
            kind: CoreKind::Full,
            issue_date: inv.issue_date,
            recipient: CoreRecipient {
                name: inv.customer_name.clone(),
                country: inv.customer_country.clone(),
                tax_id: inv.customer_tax_id.clone(),
            },
            treatment: inv.treatment,
            prices_include_vat: inv.prices_include_vat,
            withholding: inv.withholding.map(Withholding::from_percent),
            lines: inv.lines.clone(),
        };
        let totals = compute_totals(&draft, &VatRules::spain());
        Ok(totals
            .by_rate
            .iter()
            .map(|r| {
                let (tax, rate, re) = match r.tax {
                    AppliedTax::Vat { rate, recargo } => {
                        (rate.normalize().to_string(), rate, recargo)
                    }
                    AppliedTax::Exempt(c) => (c.code().to_string(), Decimal::ZERO, Decimal::ZERO),
                    AppliedTax::ReverseCharge => ("ISP".into(), Decimal::ZERO, Decimal::ZERO),
                };
                InvoiceTaxView {
                    tax,
                    base: r.base.to_string(),
                    vat_rate: rate.normalize().to_string(),
                    vat: r.vat.to_string(),
                    recargo_rate: re.normalize().to_string(),
                    recargo: r.recargo.to_string(),
                }
            })
            .collect())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_lines_drop_blanks() {
        assert_eq!(
            address_lines("Calle Mayor 1\n\n 28001 Madrid "),
            vec!["Calle Mayor 1", "28001 Madrid"]
        );
        assert_eq!(
            address_lines("Calle Sol, 3, 41001 Sevilla (Sevilla)"),
            vec!["Calle Sol, 3", "41001 Sevilla (Sevilla)"]
        );
    }

    #[test]
    fn labels_for_exemptions_and_reverse_charge() {
        assert_eq!(
            tax_label("E1", Language::Es).as_deref(),
            Some("Exenta (E1)")
        );
        assert_eq!(tax_label("ISP", Language::En).as_deref(), Some("ISP"));
        assert_eq!(tax_label("21", Language::Es), None);
    }
}
