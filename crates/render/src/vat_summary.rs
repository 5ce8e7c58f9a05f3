//! The VAT output summary of a period (IVA repercutido): base and tax per rate, recargo de
//! equivalencia, IRPF withheld, as a `layout` table (PDF) and as CSV.

use crate::font::Fonts;
use crate::i18n;
use crate::layout::{self, Cell, Column, HeadLine, Letterhead, Row, RowKind, Table};
use crate::statement::{amount, finish};
use crate::units::Len;
use crate::{pdf, CompanyHeader, RenderError};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use trastienda_core::{Language, Money};

/// One rate (or exemption cause, or reverse charge) of the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VatSummaryRow {
    /// "21", "E1", "ISP" ...
    pub tax: String,
    pub base: Money,
    pub vat_rate: Decimal,
    pub vat: Money,
    pub recargo_rate: Decimal,
    pub recargo: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VatSummary {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub rows: Vec<VatSummaryRow>,
    pub base: Money,
    pub vat: Money,
    pub recargo: Money,
    pub withholding: Money,
    /// How many invoices (and credit notes) it sums.
    pub invoices: u32,
}

struct Words {
    title: &'static str,
    tax: &'static str,
    base: &'static str,
    vat_rate: &'static str,
    vat: &'static str,
    recargo_rate: &'static str,
    recargo: &'static str,
    withholding: &'static str,
    invoices: &'static str,
    reverse_charge: &'static str,
    exempt: &'static str,
}

fn words(lang: Language) -> Words {
    match lang {
        Language::Es => Words {
            title: "Resumen de IVA repercutido",
            tax: "Tipo",
            base: "Base imponible",
            vat_rate: "% IVA",
            vat: "Cuota IVA",
            recargo_rate: "% RE",
            recargo: "Recargo eq.",
            withholding: "Retenciones IRPF soportadas",
            invoices: "Facturas",
            reverse_charge: "Inversión del sujeto pasivo",
            exempt: "Exenta",
        },
        Language::En => Words {
            title: "Output VAT summary",
            tax: "Tax",
            base: "Taxable base",
            vat_rate: "VAT %",
            vat: "VAT",
            recargo_rate: "RE %",
            recargo: "Equivalence surcharge",
            withholding: "IRPF withheld by customers",
            invoices: "Invoices",
            reverse_charge: "Reverse charge",
            exempt: "Exempt",
        },
    }
}

fn pct(d: Decimal, lang: Language) -> String {
    let s = d.normalize().to_string();
    match lang {
        Language::Es => format!("{} %", s.replace('.', ",")),
        Language::En => format!("{s} %"),
    }
}

fn tax_label(r: &VatSummaryRow, w: &Words, lang: Language) -> String {
    if r.tax == "ISP" {
        w.reverse_charge.to_string()
    } else if r.tax.starts_with('E') {
        format!("{} ({})", w.exempt, r.tax)
    } else {
        format!("IVA {}", pct(r.vat_rate, lang))
    }
}

/// The summary as an A4 portrait PDF: tax | base | VAT % | VAT | RE % | RE per rate, the totals
/// boxed, then the IRPF withheld and how many invoices.
pub fn vat_summary_pdf(
    s: &VatSummary,
    company: &CompanyHeader,
    printed_on: NaiveDate,
    lang: Language,
) -> Result<Vec<u8>, RenderError> {
    let w = words(lang);
    let general = i18n::words(lang);
    let columns = vec![
        Column::left(w.tax, Len::mm(50)),
        Column::right(w.base, Len::mm(32)),
        Column::right(w.vat_rate, Len::mm(18)),
        Column::right(w.vat, Len::mm(28)),
        Column::right(w.recargo_rate, Len::mm(16)),
        Column::right(w.recargo, Len::mm(36)),
    ];
    let blank_zero = |d: Decimal| {
        if d.is_zero() {
            Cell::new("")
        } else {
            Cell::new(pct(d, lang))
        }
    };
    let mut rows: Vec<Row> = s
        .rows
        .iter()
        .map(|r| Row {
            kind: RowKind::Detail,
            cells: vec![
                Cell::new(tax_label(r, &w, lang)),
                amount(r.base, lang),
                blank_zero(r.vat_rate),
                amount(r.vat, lang),
                blank_zero(r.recargo_rate),
                amount(r.recargo, lang),
            ],
        })
        .collect();
    let line = |label: String, value: String| Row {
        kind: RowKind::Heading,
        cells: vec![
            Cell::new(label),
            Cell::new(value),
            Cell::new(""),
            Cell::new(""),
            Cell::new(""),
            Cell::new(""),
        ],
    };
    rows.push(line(
        w.withholding.to_string(),
        trastienda_core::money::format_grouped(s.withholding, lang),
    ));
    rows.push(line(w.invoices.to_string(), s.invoices.to_string()));
    let table = Table {
        language: lang,
        letterhead: Letterhead {
            left: vec![
                HeadLine::title(company.name.clone()),
                HeadLine::line(format!("{}: {}", general.tax_id, company.tax_id)),
            ],
            right: vec![
                HeadLine::title(w.title),
                HeadLine::line(i18n::period(lang, Some(s.from), Some(s.to))),
                HeadLine::line(i18n::printed_on(lang, printed_on)),
            ],
        },
        columns,
        rows,
        totals: Some(vec![
            Cell::new(general.totals),
            amount(s.base, lang),
            Cell::new(""),
            amount(s.vat, lang),
            Cell::new(""),
            amount(s.recargo, lang),
        ]),
    };
    let fonts = Fonts::load()?;
    let pages = layout::lay_out(&table, &fonts);
    pdf::write(&format!("{} - {}", w.title, company.name), &pages, &fonts)
}

/// The summary as CSV: `tax,base,vat_rate,vat,recargo_rate,recargo` per rate, then a `total`
/// row and a `withholding` row (its amount in `base`); amounts with '.'.
pub fn vat_summary_csv(s: &VatSummary) -> Result<Vec<u8>, RenderError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(["tax", "base", "vat_rate", "vat", "recargo_rate", "recargo"])?;
    for r in &s.rows {
        out.write_record([
            r.tax.clone(),
            r.base.to_string(),
            r.vat_rate.normalize().to_string(),
            r.vat.to_string(),
            r.recargo_rate.normalize().to_string(),
            r.recargo.to_string(),
        ])?;
    }
    out.write_record([
        "total".to_string(),
        s.base.to_string(),
        String::new(),
        s.vat.to_string(),
        String::new(),
        s.recargo.to_string(),
    ])?;
    out.write_record([
        "withholding".to_string(),
        s.withholding.to_string(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    ])?;
    finish(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(c: i64) -> Money {
        Money::from_cents(c)
    }

    fn sample() -> VatSummary {
        VatSummary {
            from: NaiveDate::from_ymd_opt(2027, 4, 1).unwrap(),
            to: NaiveDate::from_ymd_opt(2027, 6, 30).unwrap(),
            rows: vec![
                VatSummaryRow {
                    tax: "21".into(),
                    base: m(100_000),
                    vat_rate: Decimal::new(21, 0),
                    vat: m(21_000),
                    recargo_rate: Decimal::new(52, 1),
                    recargo: m(5_200),
                },
                VatSummaryRow {
                    tax: "E1".into(),
                    base: m(5_000),
                    vat_rate: Decimal::ZERO,
                    vat: m(0),
                    recargo_rate: Decimal::ZERO,
                    recargo: m(0),
                },
            ],
            base: m(105_000),
            vat: m(21_000),
            recargo: m(5_200),
            withholding: m(15_000),
            invoices: 3,
        }
    }

    #[test]
    fn csv_has_rates_total_and_withholding() {
        let csv = String::from_utf8(vat_summary_csv(&sample()).unwrap()).unwrap();
        assert_eq!(
            csv,
            "tax,base,vat_rate,vat,recargo_rate,recargo\n\
             21,1000.00,21,210.00,5.2,52.00\n\
             E1,50.00,0,0.00,0,0.00\n\
             total,1050.00,,210.00,,52.00\n\
             withholding,150.00,,,,\n"
        );
    }

    #[test]
    fn pdf_is_a_pdf() {
        let company = CompanyHeader {
            name: "Ferretería Ejemplo SL".into(),
            tax_id: "B12345678".into(),
        };
        let today = NaiveDate::from_ymd_opt(2027, 7, 1).unwrap();
        let bytes = vat_summary_pdf(&sample(), &company, today, Language::Es).unwrap();
        assert!(bytes.starts_with(b"%PDF"));
    }
}
