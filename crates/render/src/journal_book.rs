//! The journal book (libro diario) as a PDF and as CSV. Each entry prints as a banded header
//! row (number, date, kind, description and reference) followed by its lines; an entry that
//! fits on a page is never split across two.

use crate::font::Fonts;
use crate::i18n;
use crate::layout::{self, Cell, Column, Options, Row, RowKind, Table};
use crate::statement::{amount, amount_or_blank, finish, letterhead};
use crate::units::Len;
use crate::{pdf, CompanyHeader, RenderError};
use chrono::NaiveDate;
use trastienda_core::books::{BookEntry, JournalBook};
use trastienda_core::Language;

/// Line text under an entry: the account name, and the line's own description when it adds
/// something.
fn line_text(name: &str, description: &str, entry: &BookEntry) -> String {
    if description.is_empty() || description == entry.description {
        name.to_string()
    } else {
        format!("{name} — {description}")
    }
}

/// Libro diario on A4: Asiento | Fecha | Cuenta | Nombre / Concepto | Debe | Haber; totals
/// boxed on the last page; "Página x de y" on every page.
pub fn journal_book_pdf(
    b: &JournalBook,
    company: &CompanyHeader,
    printed_on: NaiveDate,
    lang: Language,
) -> Result<Vec<u8>, RenderError> {
    let w = i18n::words(lang);
    let mut rows = Vec::new();
    let mut keep = Vec::new();
    for e in &b.entries {
        let mut head = e.description.clone();
        if let Some(r) = e.reference.as_deref().filter(|r| !r.is_empty()) {
            head = format!("{head} ({} {r})", w.reference);
        }
        rows.push(Row {
            kind: RowKind::Group,
            cells: vec![
                Cell::new(e.number.to_string()),
                Cell::new(i18n::date(e.date)),
                Cell::new(e.kind_label.clone()),
                Cell::new(head),
                Cell::new(""),
                Cell::new(""),
            ],
        });
        keep.push(!e.lines.is_empty());
        for (i, l) in e.lines.iter().enumerate() {
            rows.push(Row {
                kind: RowKind::Detail,
                cells: vec![
                    Cell::new(""),
                    Cell::new(""),
                    Cell::new(l.account.clone()),
                    Cell::new(line_text(&l.account_name, &l.description, e)),
                    amount_or_blank(l.debit, lang),
                    amount_or_blank(l.credit, lang),
                ],
            });
            keep.push(i + 1 < e.lines.len());
        }
    }
    let table = Table {
        language: lang,
        letterhead: letterhead(company, w.journal_book, b.from, b.to, printed_on, lang),
        columns: vec![
            Column::left(w.entry, Len::mm(16)),
            Column::left(w.date, Len::mm(19)),
            Column::left(w.account, Len::mm(19)),
            Column::left(w.name_or_concept, Len::mm(74)),
            Column::right(w.debit, Len::mm(26)),
            Column::right(w.credit, Len::mm(26)),
        ],
        rows,
        totals: Some(vec![
            Cell::new(w.totals),
            Cell::new(""),
            Cell::new(""),
            Cell::new(""),
            amount(b.total_debit, lang),
            amount(b.total_credit, lang),
        ]),
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
    pdf::write(
        &format!("{} - {}", w.journal_book, company.name),
        &pages,
        &fonts,
    )
}

/// One row per entry line: `entry,date,account,account_name,description,debit,credit,
/// reference`; dates ISO (yyyy-mm-dd), amounts with '.' and two decimals; the line's
/// description, or the entry's when the line has none.
pub fn journal_book_csv(b: &JournalBook) -> Result<Vec<u8>, RenderError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "entry",
        "date",
        "account",
        "account_name",
        "description",
        "debit",
        "credit",
        "reference",
    ])?;
    for e in &b.entries {
        for l in &e.lines {
            let description = if l.description.is_empty() {
                &e.description
            } else {
                &l.description
            };
            out.write_record([
                e.number.to_string().as_str(),
                &e.date.to_string(),
                &l.account,
                &l.account_name,
                description,
                &l.debit.to_string(),
                &l.credit.to_string(),
                e.reference.as_deref().unwrap_or(""),
            ])?;
        }
    }
    finish(out)
}
