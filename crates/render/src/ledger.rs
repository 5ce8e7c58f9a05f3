//! The general ledger (libro mayor) as a PDF and as CSV: per account a heading (code and
//! name), the opening balance, its movements with the running balance, and its totals. An
//! account's heading and opening row never end a page, nor does its totals row start one.

use crate::font::Fonts;
use crate::i18n;
use crate::layout::{self, Cell, Column, Options, Row, RowKind, Table};
use crate::statement::{amount, amount_or_blank, finish, letterhead};
use crate::units::Len;
use crate::{pdf, CompanyHeader, RenderError};
use chrono::NaiveDate;
use trastienda_core::books::Ledger;
use trastienda_core::Language;

fn blank() -> Cell {
    Cell::new("")
}

/// Libro mayor on A4: Fecha | Asiento | Concepto | Debe | Haber | Saldo, account by account;
/// "Página x de y" on every page.
pub fn ledger_pdf(
    l: &Ledger,
    company: &CompanyHeader,
    printed_on: NaiveDate,
    lang: Language,
) -> Result<Vec<u8>, RenderError> {
    let w = i18n::words(lang);
    let mut rows = Vec::new();
    let mut keep = Vec::new();
    for a in &l.accounts {
        rows.push(Row {
            kind: RowKind::Group,
            cells: vec![
                Cell::new(a.code.clone()),
                blank(),
                Cell::new(a.name.clone()),
                blank(),
                blank(),
                blank(),
            ],
        });
        keep.push(true);
        rows.push(Row {
            kind: RowKind::Detail,
            cells: vec![
                Cell::new(l.from.map(i18n::date).unwrap_or_default()),
                blank(),
                Cell::new(w.opening_balance),
                blank(),
                blank(),
                amount(a.opening, lang),
            ],
        });
        // The opening row stays with the first movement (or with the totals).
        keep.push(true);
        for (i, r) in a.rows.iter().enumerate() {
            rows.push(Row {
                kind: RowKind::Detail,
                cells: vec![
                    Cell::new(i18n::date(r.date)),
                    Cell::new(r.entry_number.to_string()),
                    Cell::new(r.description.clone()),
                    amount_or_blank(r.debit, lang),
                    amount_or_blank(r.credit, lang),
                    amount(r.balance, lang),
                ],
            });
            // The last movement stays with the totals.
            keep.push(i + 1 == a.rows.len());
        }
        rows.push(Row {
            kind: RowKind::Total,
            cells: vec![
                blank(),
                blank(),
                Cell::new(format!("{} {}", w.account_total, a.code)),
                amount(a.total_debit, lang),
                amount(a.total_credit, lang),
                amount(a.closing, lang),
            ],
        });
        keep.push(false);
    }
    let table = Table {
        language: lang,
        letterhead: letterhead(company, w.ledger, l.from, l.to, printed_on, lang),
        columns: vec![
            Column::left(w.date, Len::mm(19)),
            Column::left(w.entry, Len::mm(16)),
            Column::left(w.concept, Len::mm(67)),
            Column::right(w.debit, Len::mm(26)),
            Column::right(w.credit, Len::mm(26)),
            Column::right(w.balance, Len::mm(26)),
        ],
        rows,
        totals: None,
    };
    let fonts = Fonts::load()?;
    let pages = layout::lay_out_with(
        &table,
        &fonts,
        &Options {
            keep_with_next: keep,
            ..Options::default()
        },
    );
    pdf::write(&format!("{} - {}", w.ledger, company.name), &pages, &fonts)
}

/// `account,account_name,date,entry,description,debit,credit,balance`: per account an opening
/// row (the period's first date or empty, no entry, description "Saldo anterior" / "opening",
/// zero debit and credit, the opening balance) and then one row per movement. Dates ISO,
/// amounts with '.' and two decimals, balance running (debit - credit).
pub fn ledger_csv(l: &Ledger, lang: Language) -> Result<Vec<u8>, RenderError> {
    let w = i18n::words(lang);
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "account",
        "account_name",
        "date",
        "entry",
        "description",
        "debit",
        "credit",
        "balance",
    ])?;
    for a in &l.accounts {
        out.write_record([
            a.code.as_str(),
            &a.name,
            &l.from.map(|d| d.to_string()).unwrap_or_default(),
            "",
            w.opening_csv,
            "0.00",
            "0.00",
            &a.opening.to_string(),
        ])?;
        for r in &a.rows {
            out.write_record([
                a.code.as_str(),
                &a.name,
                &r.date.to_string(),
                &r.entry_number.to_string(),
                &r.description,
                &r.debit.to_string(),
                &r.credit.to_string(),
                &r.balance.to_string(),
            ])?;
        }
    }
    finish(out)
}
