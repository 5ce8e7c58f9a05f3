//! The payables documents read back with poppler, like `sales_tests`: the VAT input summary
//! and the supplier statement, in both languages, and their CSV byte for byte.

use crate::sales_tests::{assert_shows, keep, page_count, page_text, text};
use crate::{
    supplier_statement_csv, supplier_statement_pdf, vat_input_summary_csv, vat_input_summary_pdf,
    CompanyHeader, Language, Recipient, StatementLine, SupplierStatement, VatInputRow,
    VatInputSummary,
};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use trastienda_core::Money;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn eur(cents: i64) -> Money {
    Money::from_cents(cents)
}

fn company() -> CompanyHeader {
    CompanyHeader {
        name: "Ferretería Martínez, S.L.".into(),
        tax_id: "B12345674".into(),
    }
}

fn row(treatment: &str, rate: Decimal, base: i64, recargo: i64, deductible: i64) -> VatInputRow {
    let vat = (Decimal::from(base) * rate / Decimal::from(100)).round();
    VatInputRow {
        treatment: treatment.into(),
        vat_rate: rate,
        base: eur(base),
        vat: eur(i64::try_from(vat).unwrap()),
        recargo: eur(recargo),
        deductible: eur(deductible),
    }
}

/// A quarter of purchases: 21 % and 10 % deductible, 21 % with recargo (the surcharge is
/// not deductible), an intra-EU acquisition at 21 % and a 4 % non-deductible row.
fn summary() -> VatInputSummary {
    let rows = vec![
        row("deductible", Decimal::new(21, 0), 1_000_000, 0, 210_000),
        row("deductible", Decimal::new(10, 0), 200_050, 0, 20_005),
        row("recargo", Decimal::new(21, 0), 50_000, 2_600, 10_500),
        row("intra_eu", Decimal::new(21, 0), 300_000, 0, 63_000),
        row("non_deductible", Decimal::new(4, 0), 10_000, 0, 0),
    ];
    VatInputSummary {
        from: d(2027, 4, 1),
        to: d(2027, 6, 30),
        base: rows.iter().map(|r| r.base).sum(),
        vat: rows.iter().map(|r| r.vat).sum(),
        recargo: rows.iter().map(|r| r.recargo).sum(),
        deductible: rows.iter().map(|r| r.deductible).sum(),
        rows,
        irpf: eur(45_000),
        bills: 17,
    }
}

#[test]
fn the_vat_input_summary_prints_treatments_rates_totals_irpf_and_count() {
    let s = summary();
    assert_eq!(s.base, eur(1_560_050));
    assert_eq!(s.vat, eur(303_905));
    let pdf = vat_input_summary_pdf(&s, &company(), d(2027, 7, 1), Language::Es).unwrap();
    keep("vat-input-summary.pdf", &pdf);
    assert_eq!(page_count(&pdf), 1);
    assert_shows(
        &text(&pdf),
        &[
            "Ferretería Martínez, S.L.",
            "Resumen de IVA soportado",
            "Del 01/04/2027 al 30/06/2027",
            "Impreso el 01/07/2027",
            "Tratamiento % IVA Base imponible Cuota IVA Recargo IVA deducible",
            "Deducible 21 % 10.000,00 2.100,00 2.100,00",
            "Deducible 10 % 2.000,50 200,05 200,05",
            "Recargo de equivalencia 21 % 500,00 105,00 26,00 105,00",
            "Intracomunitaria (ISP) 21 % 3.000,00 630,00 630,00",
            "No deducible 4 % 100,00 4,00 0,00",
            "IRPF retenido a profesionales 450,00",
            "Facturas recibidas 17",
            "Totales 15.600,50 3.039,05 26,00 3.035,05",
            "Página 1 de 1",
        ],
    );

    let en = vat_input_summary_pdf(&s, &company(), d(2027, 7, 1), Language::En).unwrap();
    keep("vat-input-summary-en.pdf", &en);
    assert_shows(
        &text(&en),
        &[
            "VAT input summary",
            "From 01/04/2027 to 30/06/2027",
            "Treatment VAT % Taxable base VAT Surcharge Deductible VAT",
            "Equivalence surcharge 21 %",
            "Intra-EU (reverse charge) 21 %",
            "Not deductible 4 %",
            "IRPF withheld (professionals) 450.00",
            "Supplier bills 17",
            "Totals 15,600.50 3,039.05 26.00 3,035.05",
        ],
    );
}

#[test]
fn the_vat_input_summary_csv_is_exact() {
    let s = VatInputSummary {
        from: d(2027, 1, 1),
        to: d(2027, 3, 31),
        rows: vec![
            row("deductible", Decimal::new(21, 0), 123_456, 0, 25_926),
            row("recargo", Decimal::new(105, 1), 10_000, 140, 1_050),
        ],
        base: eur(133_456),
        vat: eur(26_976),
        recargo: eur(140),
        deductible: eur(26_976),
        irpf: eur(-1_500),
        bills: 2,
    };
    let csv = String::from_utf8(vat_input_summary_csv(&s).unwrap()).unwrap();
    assert_eq!(
        csv,
        "treatment,vat_rate,base,vat,recargo,deductible\n\
         deductible,21,1234.56,259.26,0.00,259.26\n\
         recargo,10.5,100.00,10.50,1.40,10.50\n\
         total,,1334.56,269.76,1.40,269.76\n\
         withholding,,-15.00,,,\n"
    );
}

fn supplier() -> Recipient {
    Recipient {
        name: "Suministros Industriales del Levante, S.A.".into(),
        tax_id: "A46000001".into(),
        address: vec!["Polígono Fuente del Jarro, 12".into()],
        country: None,
    }
}

fn small_statement() -> SupplierStatement {
    SupplierStatement {
        supplier: supplier(),
        from: Some(d(2027, 1, 1)),
        to: Some(d(2027, 3, 31)),
        opening: eur(100_000),
        lines: vec![
            StatementLine {
                date: d(2027, 1, 10),
                document: "F-2027/118".into(),
                concept: "Factura recibida".into(),
                debit: Money::ZERO,
                credit: eur(242_000),
            },
            StatementLine {
                date: d(2027, 1, 31),
                document: "Pago".into(),
                concept: "Transferencia, \"enero\"".into(),
                debit: eur(100_000),
                credit: Money::ZERO,
            },
            StatementLine {
                date: d(2027, 2, 5),
                document: "R-2027/004".into(),
                concept: "Abono por devolución".into(),
                debit: eur(12_100),
                credit: Money::ZERO,
            },
        ],
    }
}

#[test]
fn a_supplier_statement_runs_the_balance_owed() {
    let pdf = supplier_statement_pdf(&small_statement(), &company(), d(2027, 4, 2), Language::Es)
        .unwrap();
    keep("supplier-statement.pdf", &pdf);
    assert_shows(
        &text(&pdf),
        &[
            "Extracto de proveedor",
            "Suministros Industriales del Levante, S.A. (A46000001)",
            "Del 01/01/2027 al 31/03/2027",
            "Fecha Documento Concepto Debe Haber Saldo",
            "01/01/2027 Saldo anterior 1.000,00",
            "10/01/2027 F-2027/118 Factura recibida 2.420,00 3.420,00",
            "31/01/2027 Pago Transferencia, \"enero\" 1.000,00 2.420,00",
            "05/02/2027 R-2027/004 Abono por devolución 121,00 2.299,00",
            "Totales 1.121,00 2.420,00 2.299,00",
        ],
    );
    let en = supplier_statement_pdf(&small_statement(), &company(), d(2027, 4, 2), Language::En)
        .unwrap();
    assert_shows(
        &text(&en),
        &[
            "Supplier statement",
            "Date Document Description Debit Credit Balance",
            "Opening balance 1,000.00",
            "Totals 1,121.00 2,420.00 2,299.00",
        ],
    );

    let csv = String::from_utf8(supplier_statement_csv(&small_statement()).unwrap()).unwrap();
    assert_eq!(
        csv,
        "date,document,concept,debit,credit,balance\n\
         2027-01-01,,opening,0.00,0.00,1000.00\n\
         2027-01-10,F-2027/118,Factura recibida,0.00,2420.00,3420.00\n\
         2027-01-31,Pago,\"Transferencia, \"\"enero\"\"\",1000.00,0.00,2420.00\n\
         2027-02-05,R-2027/004,Abono por devolución,121.00,0.00,2299.00\n\
         2027-03-31,,total,1121.00,2420.00,2299.00\n"
    );
}

#[test]
fn an_eighty_line_supplier_statement_spans_pages_and_closes_right() {
    let mut s = small_statement();
    s.from = None;
    s.to = None;
    s.opening = eur(50_000);
    s.lines = (0..80)
        .map(|i| {
            let date = d(2027, 1, 1) + chrono::Days::new(i as u64 * 3);
            if i % 4 == 3 {
                StatementLine {
                    date,
                    document: "Pago".into(),
                    concept: format!("Pago facturas semana {}", i / 4 + 1),
                    debit: eur(300_000 + i),
                    credit: Money::ZERO,
                }
            } else {
                StatementLine {
                    date,
                    document: format!("F-2027/{:03}", i + 1),
                    concept: "Material de ferretería".into(),
                    debit: Money::ZERO,
                    credit: eur(100_000 + i * 101),
                }
            }
        })
        .collect();
    // Computed here, not by the code under test: 60 bills, 20 payments.
    let credit: i64 = (0..80)
        .filter(|i| i % 4 != 3)
        .map(|i| 100_000 + i * 101)
        .sum();
    let debit: i64 = (0..80).filter(|i| i % 4 == 3).map(|i| 300_000 + i).sum();
    let closing = 50_000 + credit - debit;
    let pdf = supplier_statement_pdf(&s, &company(), d(2027, 12, 31), Language::Es).unwrap();
    keep("supplier-statement-80.pdf", &pdf);
    let pages = page_count(&pdf);
    assert_eq!(pages, 2, "81 rows at 52 a page");
    for p in 1..=pages {
        assert_shows(
            &page_text(&pdf, p),
            &[
                "Extracto de proveedor",
                "Suministros Industriales del Levante, S.A.",
                "Todas las fechas",
                "Fecha Documento Concepto Debe Haber Saldo",
                &format!("Página {p} de 2"),
            ],
        );
    }
    let fmt = |c| trastienda_core::money::format_grouped(eur(c), Language::Es);
    let last = page_text(&pdf, 2);
    assert_shows(
        &last,
        &[&format!(
            "Totales {} {} {}",
            fmt(debit),
            fmt(credit),
            fmt(closing)
        )],
    );
    assert!(
        !page_text(&pdf, 1).contains("Totales"),
        "totals only on the last page"
    );
    // The last line's running balance is the closing one.
    let csv = String::from_utf8(supplier_statement_csv(&s).unwrap()).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 1 + 80 + 1);
    let closing_s = eur(closing).to_string();
    assert!(
        lines[81].ends_with(&format!(",{closing_s}")),
        "{}",
        lines[81]
    );
    assert_eq!(
        lines[82],
        format!(",,total,{},{},{closing_s}", eur(debit), eur(credit))
    );
}
