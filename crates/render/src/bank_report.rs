//! The bank reconciliation report of one account: the statement balance against the book
//! balance and their difference, then the statement lines not yet reconciled (date,
//! description, amount) and their total, as a `layout` table (PDF).

use crate::font::Fonts;
use crate::i18n;
use crate::layout::{self, Cell, Column, HeadLine, Letterhead, Row, RowKind, Table};
use crate::statement::amount;
use crate::units::Len;
use crate::{pdf, CompanyHeader, RenderError};
use chrono::NaiveDate;
use trastienda_core::{Language, Money};

/// One unreconciled statement line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankReportLine {
    pub date: NaiveDate,
    pub description: String,
    pub amount: Money,
}

/// One account's reconciliation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankReportAccount {
    pub name: String,
    /// The IBAN, or the ledger account when it has none.
    pub number: String,
    /// The ledger account (572x).
    pub ledger_account: String,
    pub statement_balance: Money,
    pub book_balance: Money,
    pub lines: Vec<BankReportLine>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankReport {
    /// The lines listed are those dated on or before this day.
    pub as_of: NaiveDate,
    pub accounts: Vec<BankReportAccount>,
}

struct Words {
    title: &'static str,
    date: &'static str,
    description: &'static str,
    amount: &'static str,
    statement: &'static str,
    book: &'static str,
    difference: &'static str,
    unreconciled: &'static str,
    none: &'static str,
    as_of: &'static str,
}

fn words(lang: Language) -> Words {
    match lang {
        Language::Es => Words {
            title: "Conciliación bancaria",
            date: "Fecha",
            description: "Concepto",
            amount: "Importe",
            statement: "Saldo según extracto",
            book: "Saldo según contabilidad",
            difference: "Diferencia",
            unreconciled: "Total pendiente de conciliar",
            none: "Sin movimientos pendientes de conciliar",
            as_of: "A fecha",
        },
        Language::En => Words {
            title: "Bank reconciliation",
            date: "Date",
            description: "Description",
            amount: "Amount",
            statement: "Statement balance",
            book: "Book balance",
            difference: "Difference",
            unreconciled: "Total unreconciled",
            none: "No lines waiting to be reconciled",
            as_of: "As of",
        },
    }
}

/// The report as an A4 portrait PDF: per account a heading with its balances (statement,
/// books, difference), its unreconciled lines, and their total.
pub fn bank_reconciliation_pdf(
    r: &BankReport,
    company: &CompanyHeader,
    printed_on: NaiveDate,
    lang: Language,
) -> Result<Vec<u8>, RenderError> {
    let w = words(lang);
    let general = i18n::words(lang);
    let columns = vec![
        Column::left(w.date, Len::mm(26)),
        Column::left(w.description, Len::mm(118)),
        Column::right(w.amount, Len::mm(36)),
    ];
    let heading = |label: String, value: Cell| Row {
        kind: RowKind::Heading,
        cells: vec![Cell::new(""), Cell::new(label), value],
    };
    let mut rows = Vec::new();
    for a in &r.accounts {
        rows.push(heading(
            format!("{} · {} · {}", a.name, a.number, a.ledger_account),
            Cell::new(""),
        ));
        rows.push(heading(
            w.statement.to_string(),
            amount(a.statement_balance, lang),
        ));
        rows.push(heading(w.book.to_string(), amount(a.book_balance, lang)));
        rows.push(heading(
            w.difference.to_string(),
            amount(a.statement_balance - a.book_balance, lang),
        ));
        if a.lines.is_empty() {
            rows.push(Row {
                kind: RowKind::Detail,
                cells: vec![Cell::new(""), Cell::new(w.none), Cell::new("")],
            });
        }
        let mut total = Money::ZERO;
        for l in &a.lines {
            total += l.amount;
            rows.push(Row {
                kind: RowKind::Detail,
                cells: vec![
                    Cell::new(i18n::date(l.date)),
                    Cell::new(l.description.clone()),
                    amount(l.amount, lang),
                ],
            });
        }
        rows.push(heading(w.unreconciled.to_string(), amount(total, lang)));
    }
    let table = Table {
        language: lang,
        letterhead: Letterhead {
            left: vec![
                HeadLine::title(company.name.clone()),
                HeadLine::line(format!("{}: {}", general.tax_id, company.tax_id)),
            ],
            right: vec![
                HeadLine::title(w.title),
                HeadLine::line(format!("{} {}", w.as_of, i18n::date(r.as_of))),
                HeadLine::line(i18n::printed_on(lang, printed_on)),
            ],
        },
        columns,
        rows,
        totals: None,
    };
    let fonts = Fonts::load()?;
    let pages = layout::lay_out(&table, &fonts);
    pdf::write(&format!("{} - {}", w.title, company.name), &pages, &fonts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn pdftotext(pdf: &[u8]) -> Option<String> {
        let dir = tempfile::tempdir().ok()?;
        let path = dir.path().join("r.pdf");
        std::fs::write(&path, pdf).ok()?;
        let out = std::process::Command::new("pdftotext")
            .args(["-layout"])
            .arg(&path)
            .arg("-")
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    #[test]
    fn balances_difference_and_open_lines_read_back() {
        let report = BankReport {
            as_of: day(3, 31),
            accounts: vec![BankReportAccount {
                name: "Caixa".into(),
                number: "ES9121000418450200051332".into(),
                ledger_account: "5720001".into(),
                statement_balance: Money::from_cents(264_450),
                book_balance: Money::from_cents(150_000),
                lines: vec![
                    BankReportLine {
                        date: day(3, 2),
                        description: "TRANSF. DE CAMPAÑA ÁGRIL SL".into(),
                        amount: Money::from_cents(121_000),
                    },
                    BankReportLine {
                        date: day(3, 10),
                        description: "COMISION".into(),
                        amount: Money::from_cents(-6_550),
                    },
                ],
            }],
        };
        let company = CompanyHeader {
            name: "Semillas SL".into(),
            tax_id: "B12345674".into(),
        };
        let pdf = bank_reconciliation_pdf(&report, &company, day(4, 1), Language::Es).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        let Some(text) = pdftotext(&pdf) else {
            eprintln!("pdftotext is not installed; only the PDF header was checked");
            return;
        };
        for want in [
            "Conciliación bancaria",
            "A fecha 31/03/2026",
            "Caixa · ES9121000418450200051332 · 5720001",
            "Saldo según extracto",
            "2.644,50",
            "Saldo según contabilidad",
            "1.500,00",
            "Diferencia",
            "1.144,50",
            "02/03/2026",
            "TRANSF. DE CAMPAÑA ÁGRIL SL",
            "1.210,00",
            "-65,50",
            "Total pendiente de conciliar",
            "1.144,50",
        ] {
            assert!(text.contains(want), "'{want}' missing from:\n{text}");
        }
    }
}
