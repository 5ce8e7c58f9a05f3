//! The trial balance (balance de sumas y saldos) as a PDF and as CSV: a thin mapping of
//! `TrialBalance` rows onto the paged table in `layout`.

use crate::font::Fonts;
use crate::i18n;
use crate::layout::{self, Cell, Column, HeadLine, Ink, Letterhead, Row, RowKind, Table};
use crate::units::Len;
use crate::{pdf, CompanyHeader, RenderError};
use chrono::NaiveDate;
use trastienda_core::money::format_grouped;
use trastienda_core::report::{TrialBalance, TrialBalanceRow};
use trastienda_core::{Language, Money};

/// Name indentation per level below a group.
const INDENT: Len = Len::mm_tenths(25);

fn amount(m: Money, lang: Language) -> Cell {
    let cell = Cell::new(format_grouped(m, lang));
    if m.is_negative() {
        cell.ink(Ink::Red)
    } else {
        cell
    }
}

fn row(r: &TrialBalanceRow, lang: Language) -> Row {
    let depth = i32::from(r.level.max(1)) - 1;
    Row {
        kind: if r.is_group {
            RowKind::Group
        } else {
            RowKind::Detail
        },
        cells: vec![
            Cell::new(r.code.clone()),
            Cell::new(r.name.clone()).indented(INDENT * depth),
            amount(r.debit, lang),
            amount(r.credit, lang),
            amount(r.balance, lang),
        ],
    }
}

/// The trial balance as an A4 PDF: letterhead with the company, title, period and print
/// date on every page; Account | Name | Debit | Credit | Balance with group rows banded;
/// totals boxed on the last page; "Página x de y" / "Page x of y" in the footer.
pub fn trial_balance_pdf(
    tb: &TrialBalance,
    company: &CompanyHeader,
    printed_on: NaiveDate,
    lang: Language,
) -> Result<Vec<u8>, RenderError> {
    let w = i18n::words(lang);
    let table = Table {
        language: lang,
        letterhead: Letterhead {
            left: vec![
                HeadLine::title(company.name.clone()),
                HeadLine::line(format!("{}: {}", w.tax_id, company.tax_id)),
            ],
            right: vec![
                HeadLine::title(w.trial_balance),
                HeadLine::line(i18n::period(lang, tb.from, tb.to)),
                HeadLine::line(i18n::printed_on(lang, printed_on)),
            ],
        },
        columns: vec![
            // 7-digit codes; names get the room; 26 mm holds "-99.999.999,99" at body size.
            Column::left(w.account, Len::mm(18)),
            Column::left(w.name, Len::mm(84)),
            Column::right(w.debit, Len::mm(26)),
            Column::right(w.credit, Len::mm(26)),
            Column::right(w.balance, Len::mm(26)),
        ],
        rows: tb.rows.iter().map(|r| row(r, lang)).collect(),
        totals: Some(vec![
            Cell::new(w.totals),
            Cell::new(""),
            amount(tb.total_debit, lang),
            amount(tb.total_credit, lang),
            amount(tb.total_balance, lang),
        ]),
    };
    let fonts = Fonts::load()?;
    let pages = layout::lay_out(&table, &fonts);
    pdf::write(
        &format!("{} - {}", w.trial_balance, company.name),
        &pages,
        &fonts,
    )
}

/// The accounts with postings (no group rows) as CSV: `account,name,debit,credit,balance`,
/// amounts with '.' and two decimals, balance = debit - credit.
pub fn trial_balance_csv(tb: &TrialBalance) -> Result<Vec<u8>, RenderError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(["account", "name", "debit", "credit", "balance"])?;
    for r in tb.account_rows() {
        out.write_record([
            r.code.as_str(),
            r.name.as_str(),
            &r.debit.to_string(),
            &r.credit.to_string(),
            &(r.debit - r.credit).to_string(),
        ])?;
    }
    out.into_inner()
        .map_err(|e| RenderError::Csv(csv::Error::from(e.into_error())))
}
