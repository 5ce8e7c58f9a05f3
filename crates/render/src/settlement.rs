//! The settlement (finiquito) document: the company and the worker, the dates and cause of
//! the end, each amount owed with how it was computed, the total, and the worker's receipt
//! ("recibí … con lo que se considera saldado y finiquitado"), as a `layout` table.

use crate::font::Fonts;
use crate::i18n;
use crate::layout::{self, Cell, Column, HeadLine, Letterhead, Row, RowKind, Table};
use crate::statement::amount;
use crate::units::Len;
use crate::{pdf, CompanyHeader, RenderError};
use chrono::NaiveDate;
use trastienda_core::{Language, Money};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettlementDocLine {
    pub concept: String,
    pub detail: String,
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettlementDoc {
    pub worker_name: String,
    pub worker_nif: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Already in words ("Despido objetivo").
    pub cause: String,
    pub lines: Vec<SettlementDocLine>,
    pub total: Money,
    /// "Las Rozas, 31 de julio de 2026".
    pub place_and_date: String,
}

struct Words {
    title: &'static str,
    worker: &'static str,
    period: &'static str,
    cause: &'static str,
    concept: &'static str,
    detail: &'static str,
    amount: &'static str,
    total: &'static str,
    receipt: &'static str,
    signature: &'static str,
}

fn words(lang: Language) -> Words {
    match lang {
        Language::Es => Words {
            title: "Liquidación y finiquito",
            worker: "Trabajador",
            period: "Relación laboral",
            cause: "Causa de la extinción",
            concept: "Concepto",
            detail: "Cálculo",
            amount: "Importe",
            total: "Total liquidación",
            receipt: "Recibí la cantidad indicada, con la que me considero saldado y finiquitado por todos los conceptos derivados de la relación laboral.",
            signature: "Firma del trabajador",
        },
        Language::En => Words {
            title: "Final settlement",
            worker: "Worker",
            period: "Employment",
            cause: "Cause of termination",
            concept: "Item",
            detail: "Computation",
            amount: "Amount",
            total: "Settlement total",
            receipt: "I have received the amount stated, in full and final settlement of everything arising from the employment.",
            signature: "Worker's signature",
        },
    }
}

/// The settlement as an A4 portrait PDF.
pub fn settlement_pdf(
    s: &SettlementDoc,
    company: &CompanyHeader,
    lang: Language,
) -> Result<Vec<u8>, RenderError> {
    let w = words(lang);
    let general = i18n::words(lang);
    let columns = vec![
        Column::left(w.concept, Len::mm(62)),
        Column::left(w.detail, Len::mm(86)),
        Column::right(w.amount, Len::mm(32)),
    ];
    let mut rows: Vec<Row> = vec![
        Row {
            kind: RowKind::Heading,
            cells: vec![
                Cell::new(w.worker),
                Cell::new(format!("{} ({})", s.worker_name, s.worker_nif)),
                Cell::new(""),
            ],
        },
        Row {
            kind: RowKind::Heading,
            cells: vec![
                Cell::new(w.period),
                Cell::new(i18n::period(lang, Some(s.start), Some(s.end))),
                Cell::new(""),
            ],
        },
        Row {
            kind: RowKind::Heading,
            cells: vec![
                Cell::new(w.cause),
                Cell::new(s.cause.clone()),
                Cell::new(""),
            ],
        },
    ];
    rows.extend(s.lines.iter().map(|l| Row {
        kind: RowKind::Detail,
        cells: vec![
            Cell::new(l.concept.clone()),
            Cell::new(l.detail.clone()),
            amount(l.amount, lang),
        ],
    }));
    rows.push(Row {
        kind: RowKind::Total,
        cells: vec![Cell::new(w.total), Cell::new(""), amount(s.total, lang)],
    });
    rows.push(Row {
        kind: RowKind::Detail,
        cells: vec![Cell::new(""), Cell::new(""), Cell::new("")],
    });
    rows.push(Row {
        kind: RowKind::Note,
        cells: vec![Cell::new(w.receipt), Cell::new(""), Cell::new("")],
    });
    rows.push(Row {
        kind: RowKind::Detail,
        cells: vec![
            Cell::new(s.place_and_date.clone()),
            Cell::new(format!("{}: ______________________", w.signature)),
            Cell::new(""),
        ],
    });
    let table = Table {
        language: lang,
        letterhead: Letterhead {
            left: vec![
                HeadLine::title(company.name.clone()),
                HeadLine::line(format!("{}: {}", general.tax_id, company.tax_id)),
            ],
            right: vec![
                HeadLine::title(w.title),
                HeadLine::line(s.worker_name.clone()),
            ],
        },
        columns,
        rows,
        totals: None,
    };
    let fonts = Fonts::load()?;
    let pages = layout::lay_out(&table, &fonts);
    pdf::write(&format!("{} - {}", w.title, s.worker_name), &pages, &fonts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_settlement_shows_each_amount_the_total_and_the_receipt() {
        let doc = SettlementDoc {
            worker_name: "Lucía Martín Gómez".into(),
            worker_nif: "50123456Q".into(),
            start: NaiveDate::from_ymd_opt(2020, 3, 1).unwrap(),
            end: NaiveDate::from_ymd_opt(2023, 7, 15).unwrap(),
            cause: "Despido objetivo".into(),
            lines: vec![
                SettlementDocLine {
                    concept: "Vacaciones devengadas y no disfrutadas".into(),
                    detail: "10 días × 69,0411 €/día".into(),
                    amount: Money::parse("690.41").unwrap(),
                },
                SettlementDocLine {
                    concept: "Indemnización".into(),
                    detail: "20 días × 3,4167 años × 69,0411 €/día".into(),
                    amount: Money::parse("4717.81").unwrap(),
                },
            ],
            total: Money::parse("5408.22").unwrap(),
            place_and_date: "Las Rozas, 15 de julio de 2023".into(),
        };
        let pdf = settlement_pdf(
            &doc,
            &CompanyHeader {
                name: "Papelería Las Rozas, S.L.".into(),
                tax_id: "B12345674".into(),
            },
            Language::Es,
        )
        .unwrap();
        let text = crate::sales_tests::text(&pdf);
        for want in [
            "Liquidación y finiquito",
            "50123456Q",
            "Despido objetivo",
            "690,41",
            "4.717,81",
            "Total liquidación",
            "5.408,22",
            "finiquitado",
        ] {
            crate::sales_tests::assert_shows(&text, &[want]);
        }
        assert_eq!(crate::sales_tests::page_count(&pdf), 1);
    }
}
