//! The sales documents read back the way a person (or the AEAT) would: `pdftotext -layout`
//! per page, `pdfinfo` for the page count, the byte size. Needs poppler-utils, like
//! `tests.rs`. Text is compared with whitespace removed, since `-layout` spaces columns
//! out as it sees fit ("21 %" may come back as "21%").
//!
//! `TRASTIENDA_RENDER_OUT=/some/dir` keeps the PDFs; `examples/sales_documents.rs` writes
//! the same samples.

use crate::samples;
use crate::{
    aging_csv, aging_pdf, check_logo, customer_statement_pdf, invoice_pdf, invoices_pdf_batch,
    invoices_pdf_combined, reminder_pdf, AgingSide, InvoiceKind, Language, ReminderLevel,
    RenderError,
};
use chrono::NaiveDate;
use std::io::Write;
use std::process::Command;

pub(crate) fn keep(name: &str, pdf: &[u8]) {
    if let Some(dir) = std::env::var_os("TRASTIENDA_RENDER_OUT") {
        std::fs::write(std::path::Path::new(&dir).join(name), pdf).unwrap();
    }
}

fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(pdf).unwrap();
    let path = file.path().to_str().unwrap().to_string();
    let mut all: Vec<&str> = args.to_vec();
    all.push(&path);
    if tool == "pdftotext" {
        all.push("-");
    }
    let out = Command::new(tool).args(&all).output().unwrap_or_else(|e| {
        panic!("cannot run `{tool}` ({e}): install poppler-utils (scripts/setup-system.sh does)")
    });
    assert!(
        out.status.success(),
        "{tool} {all:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub(crate) fn page_text(pdf: &[u8], page: usize) -> String {
    let p = page.to_string();
    poppler("pdftotext", &["-layout", "-f", &p, "-l", &p], pdf)
}

pub(crate) fn text(pdf: &[u8]) -> String {
    poppler("pdftotext", &["-layout"], pdf)
}

pub(crate) fn page_count(pdf: &[u8]) -> usize {
    poppler("pdfinfo", &[], pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .expect("pdfinfo prints Pages:")
        .trim()
        .parse()
        .unwrap()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Panics naming every needle `haystack` lacks.
pub(crate) fn assert_shows(haystack: &str, needles: &[&str]) {
    let h = squash(haystack);
    let missing: Vec<&&str> = needles.iter().filter(|n| !h.contains(&squash(n))).collect();
    assert!(missing.is_empty(), "missing {missing:?} in:\n{haystack}");
}

fn shows(haystack: &str, needle: &str) -> bool {
    squash(haystack).contains(&squash(needle))
}

#[test]
fn an_invoice_shows_every_field_rd_1619_2012_asks_for() {
    let doc = samples::invoice();
    let pdf = invoice_pdf(&doc, Language::Es).unwrap();
    keep("invoice.pdf", &pdf);
    assert_eq!(page_count(&pdf), 1);
    let t = text(&pdf);
    assert_shows(
        &t,
        &[
            // Number, series and dates.
            "FACTURA",
            "Número 2027-0042",
            "Serie 2027",
            "Fecha de expedición 15/03/2027",
            "Fecha de operación 10/03/2027",
            // Both parties: names, tax ids, addresses.
            "Ferretería Martínez, S.L.",
            "NIF: B12345674",
            "Calle Mayor 12, bajo",
            "02001 Albacete (Albacete)",
            "Construcciones Hermanos García e Hijos, S.A.",
            "NIF: A87654321",
            "Avenida de la Constitución 45, 3.º B",
            "46001 Valencia (Valencia)",
            "España",
            // Each line: description, quantity, price, discount, tax, amount.
            "Taladro percutor Bosch PSB 750 RCE con maletín 10 45,00 10 21 % + RE 405,00",
            "Escalera de aluminio 7 peldaños, certificada EN 131 2 120,50 10 % 241,00",
            "Guantes de protección (par) 3 12,3333 4 % 37,00",
            "Montaje e instalación de estanterías en almacén",
            "oficial de primera",
            // Each rate: base, rate, VAT, recargo.
            "705,00 21 % 148,05 5,2 % 21,06",
            "241,00 10 % 24,10",
            "37,00 4 % 1,48",
            // Totals, withholding, total.
            "Base imponible 983,00 €",
            "IVA 173,63 €",
            "Recargo de equivalencia 21,06 €",
            "Retención IRPF 15 % -45,00 €",
            "TOTAL FACTURA 1.132,69 €",
            // Payment.
            "Transferencia bancaria",
            "IBAN ES91 2100 0418 4502 0005 1332",
            "Vencimiento 14/04/2027 1.132,69 €",
            // VeriFactu.
            "QR tributario:",
            "VERI*FACTU",
            "Factura verificable en la sede electrónica de la AEAT",
            "Inscrita en el Registro Mercantil de Albacete",
            "Página 1 de 1",
        ],
    );
    assert!(pdf.len() < 50_000, "{} bytes with the logo", pdf.len());
}

#[test]
fn exemptions_and_reverse_charge_print_their_legend() {
    let doc = samples::exempt_invoice();
    let pdf = invoice_pdf(&doc, Language::Es).unwrap();
    keep("invoice-exempt.pdf", &pdf);
    let t = text(&pdf);
    assert_shows(
        &t,
        &[
            "Bauhaus Werkzeuge GmbH",
            "NIF: DE123456789",
            "80331 München",
            "Alemania",
            "920,00 Exenta (E5) 0,00",
            "Entrega intracomunitaria exenta de IVA (art. 25 de la Ley 37/1992)",
            "TOTAL FACTURA 920,00 €",
        ],
    );
    assert!(!shows(&t, "Retención"), "no withholding, no line for it");
    assert!(!shows(&t, "Fecha de operación"), "same day: not printed");

    let mut isp = samples::exempt_invoice();
    isp.legends = vec!["Inversión del sujeto pasivo".into()];
    let t = text(&invoice_pdf(&isp, Language::Es).unwrap());
    assert_shows(&t, &["Inversión del sujeto pasivo"]);
}

#[test]
fn a_credit_note_cites_the_invoice_it_corrects_and_why() {
    let doc = samples::credit_note();
    let pdf = invoice_pdf(&doc, Language::Es).unwrap();
    keep("credit-note.pdf", &pdf);
    let t = text(&pdf);
    assert_shows(
        &t,
        &[
            "FACTURA RECTIFICATIVA",
            "Número R2027-0003",
            "Factura rectificada 2027-0042",
            "Fecha factura rectificada 15/03/2027",
            "Factura rectificativa de la factura 2027-0042 de fecha 15/03/2027. Motivo: Devolución de 2 taladros defectuosos",
            "-2 45,00 10 21 % + RE -81,00",
            "TOTAL FACTURA -102,22 €",
        ],
    );
}

#[test]
fn a_sixty_line_invoice_repeats_its_header_and_totals_only_at_the_end() {
    let doc = samples::long_invoice(60);
    let pdf = invoice_pdf(&doc, Language::Es).unwrap();
    keep("invoice-60-lines.pdf", &pdf);
    assert_eq!(page_count(&pdf), 2);
    let (p1, p2) = (page_text(&pdf, 1), page_text(&pdf, 2));
    for (page, t) in [(1, &p1), (2, &p2)] {
        assert_shows(
            t,
            &[
                "Ferretería Martínez, S.L.",
                "NIF: B12345674",
                "2027-0100",
                "Construcciones Hermanos García e Hijos, S.A.",
                "Descripción Cantidad Precio Dto. % IVA Importe",
                &format!("Página {page} de 2"),
            ],
        );
    }
    assert!(shows(&p1, "Artículo de prueba número 1 1 1,00 21 % 1,00"));
    assert!(shows(
        &p2,
        "Artículo de prueba número 60 60 1,00 21 % 60,00"
    ));
    // Every line once, in order.
    let all = format!("{p1}{p2}");
    let mut at = 0;
    for i in 1..=60 {
        let needle = format!("Artículo de prueba número {i} ");
        let pos = all[at..]
            .find(&needle)
            .unwrap_or_else(|| panic!("line {i}"));
        at += pos + needle.len();
    }
    // Totals only on the last page: base 1.830,00, VAT 384,30, total 2.214,30.
    for needle in ["TOTAL FACTURA", "Base imponible", "IBAN"] {
        assert!(!shows(&p1, needle), "{needle} on page 1");
    }
    assert_shows(&p2, &["1.830,00 21 % 384,30", "TOTAL FACTURA 2.214,30 €"]);
    assert!(pdf.len() < 50_000, "{} bytes", pdf.len());
}

#[test]
fn long_descriptions_wrap_instead_of_being_cut() {
    let mut doc = samples::invoice();
    let long = "Suministro e instalación de mampara de ducha de vidrio templado de 8 mm con perfilería de aluminio lacado en blanco, incluidos desplazamiento, sellado con silicona neutra y retirada del material sobrante";
    doc.lines[0].description = long.into();
    let t = text(&invoice_pdf(&doc, Language::Es).unwrap());
    assert!(!t.contains('…'));
    // Every word is printed.
    for word in long.split_whitespace() {
        assert!(t.contains(word), "{word}");
    }
}

#[test]
fn an_english_invoice_speaks_english_and_keeps_the_aeat_legend() {
    let mut doc = samples::invoice();
    doc.issuer.logo = None;
    let pdf = invoice_pdf(&doc, Language::En).unwrap();
    let t = text(&pdf);
    assert_shows(
        &t,
        &[
            "INVOICE",
            "Issue date 15/03/2027",
            "Date of supply 10/03/2027",
            "Taxable base 983.00 €",
            "IRPF withholding 15 % -45.00 €",
            "TOTAL 1,132.69 €",
            "Factura verificable en la sede electrónica de la AEAT",
            "Page 1 of 1",
        ],
    );
}

#[test]
fn a_simplified_invoice_without_customer_prints_no_empty_customer_box() {
    let mut doc = samples::invoice();
    doc.kind = InvoiceKind::Simplified;
    doc.recipient = None;
    let t = text(&invoice_pdf(&doc, Language::Es).unwrap());
    assert_shows(&t, &["FACTURA SIMPLIFICADA", "TOTAL FACTURA 1.132,69 €"]);
    assert!(!shows(&t, "CLIENTE"));
}

#[test]
fn invoices_without_qr_logo_or_lines_still_print() {
    let mut doc = samples::invoice();
    doc.qr = None;
    doc.issuer.logo = None;
    doc.lines.clear();
    doc.footer = None;
    let pdf = invoice_pdf(&doc, Language::Es).unwrap();
    let t = text(&pdf);
    assert!(!shows(&t, "VERI*FACTU"));
    assert_shows(&t, &["TOTAL FACTURA 1.132,69 €", "Página 1 de 1"]);
}

#[test]
fn a_logo_that_is_not_png_or_jpeg_is_refused_by_name() {
    assert!(check_logo(&samples::logo_png()).is_ok());
    let mut doc = samples::invoice();
    doc.issuer.logo = Some(b"GIF89a....".to_vec());
    assert!(matches!(
        invoice_pdf(&doc, Language::Es),
        Err(RenderError::Logo(_))
    ));
    assert!(check_logo(b"<svg/>").is_err());
}

#[test]
fn a_batch_reports_progress_and_a_combined_pdf_holds_every_page() {
    let docs = vec![
        samples::invoice(),
        samples::long_invoice(60),
        samples::credit_note(),
    ];
    let mut seen = Vec::new();
    let pdfs =
        invoices_pdf_batch(&docs, Language::Es, |done, total| seen.push((done, total))).unwrap();
    assert_eq!(seen, vec![(1, 3), (2, 3), (3, 3)]);
    assert_eq!(pdfs.len(), 3);
    assert_eq!(
        text(&pdfs[1]),
        text(&invoice_pdf(&docs[1], Language::Es).unwrap())
    );

    let mut calls = 0;
    let one = invoices_pdf_combined(&docs, Language::Es, |_, _| calls += 1).unwrap();
    keep("invoices-combined.pdf", &one);
    assert_eq!(calls, 3);
    assert_eq!(page_count(&one), 4);
    // Each invoice counts its own pages.
    assert_shows(&page_text(&one, 1), &["2027-0042", "Página 1 de 1"]);
    assert_shows(&page_text(&one, 3), &["2027-0100", "Página 2 de 2"]);
    assert_shows(&page_text(&one, 4), &["R2027-0003", "Página 1 de 1"]);
}

#[test]
fn reminders_rise_in_tone_and_only_the_final_notice_claims_interest() {
    let titles = [
        (ReminderLevel::Friendly, "RECORDATORIO DE PAGO"),
        (ReminderLevel::Firm, "REQUERIMIENTO DE PAGO"),
        (ReminderLevel::Final, "ÚLTIMO AVISO DE PAGO"),
    ];
    for (level, title) in titles {
        let pdf = reminder_pdf(&samples::reminder(level), Language::Es).unwrap();
        keep(&format!("reminder-{level:?}.pdf"), &pdf);
        let t = text(&pdf);
        assert_shows(
            &t,
            &[
                title,
                "Albacete, 01/06/2027",
                "Construcciones Hermanos García e Hijos, S.A.",
                "Avenida de la Constitución 45, 3.º B",
                "2027-0042 15/03/2027 14/04/2027 48 1.132,69",
                "2027-0057 02/04/2027 02/05/2027 30 484,00",
                "IBAN ES91 2100 0418 4502 0005 1332",
                "Atentamente,",
            ],
        );
        let is_final = level == ReminderLevel::Final;
        assert_eq!(shows(&t, "Ley 3/2004"), is_final, "{level:?}");
        if is_final {
            assert_shows(
                &t,
                &[
                    "Intereses",
                    "15,98",
                    "4,27",
                    "10,15 % anual",
                    "Compensación por costes de cobro (art. 8 Ley 3/2004) 80,00 €",
                    // 1.616,69 + 20,25 + 80,00
                    "Total 1.716,94 €",
                ],
            );
        } else {
            assert_shows(&t, &["Total 1.616,69 €"]);
        }
    }
}

#[test]
fn the_aging_sums_its_buckets_and_its_title_follows_the_side() {
    let report = samples::aging(40);
    let printed = NaiveDate::from_ymd_opt(2027, 6, 30).unwrap();
    let pdf = aging_pdf(&report, &samples::company(), printed, Language::Es).unwrap();
    keep("aging.pdf", &pdf);
    assert_eq!(page_count(&pdf), 2, "40 customers on landscape pages");
    let p1 = page_text(&pdf, 1);
    assert_shows(
        &p1,
        &[
            "Antigüedad de saldos de clientes",
            "A fecha 30/06/2027",
            "Cliente NIF No vencido 1-30 31-60 61-90 > 90 Total",
            "Cliente 001 de prueba, S.L. B10000000 1.234,56 999,99 2.234,55",
            "Página 1 de 2",
        ],
    );
    // Totals by bucket, computed here from the sample's rule.
    let sum =
        |i: usize| -> trastienda_core::Money { report.rows.iter().map(|r| r.buckets[i]).sum() };
    let total: trastienda_core::Money = report.rows.iter().map(|r| r.total).sum();
    let fmt = |m| trastienda_core::money::format_grouped(m, Language::Es);
    let p2 = page_text(&pdf, 2);
    let expected = format!(
        "Totales {} {} {} {} {} {}",
        fmt(sum(0)),
        fmt(sum(1)),
        fmt(sum(2)),
        fmt(sum(3)),
        fmt(sum(4)),
        fmt(total)
    );
    assert_shows(&p2, &[&expected]);

    let mut payables = report.clone();
    payables.side = AgingSide::Payables;
    let t = text(&aging_pdf(&payables, &samples::company(), printed, Language::En).unwrap());
    assert_shows(&t, &["Payables aging", "Supplier", "Not yet due"]);

    let csv = String::from_utf8(aging_csv(&report).unwrap()).unwrap();
    assert!(csv.starts_with("name,tax_id,current,1-30,31-60,61-90,over_90,total\n"));
    assert!(csv.contains(
        "\"Cliente 001 de prueba, S.L.\",B10000000,0.00,0.00,1234.56,0.00,999.99,2234.55\n"
    ));
}

#[test]
fn a_statement_of_account_runs_its_balance() {
    let printed = NaiveDate::from_ymd_opt(2027, 6, 30).unwrap();
    let pdf = customer_statement_pdf(
        &samples::statement_of_account(),
        &samples::company(),
        printed,
        Language::Es,
    )
    .unwrap();
    keep("statement-of-account.pdf", &pdf);
    let t = text(&pdf);
    assert_shows(
        &t,
        &[
            "Extracto de cuenta",
            "Construcciones Hermanos García e Hijos, S.A. (A87654321)",
            "Del 01/01/2027 al 30/06/2027",
            "Fecha Documento Concepto Debe Haber Saldo",
            "01/01/2027 Saldo anterior 250,00",
            "20/01/2027 Cobro Transferencia recibida 250,00 0,00",
            "15/03/2027 2027-0042 Factura 1.132,69 1.132,69",
            "28/03/2027 R2027-0003 Factura rectificativa de 2027-0042 -102,22 1.030,47",
            "30/04/2027 Cobro Pago parcial 2027-0042 500,00 530,47",
            "Totales 1.030,47 750,00 530,47",
        ],
    );
}
