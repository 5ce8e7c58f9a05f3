//! Receivables (or payables) aging: one row per customer (supplier) with what is not yet due
//! and what is 1-30, 31-60, 61-90 and more than 90 days overdue, and the total; and the
//! statement of account sent to a customer: date, document, debit, credit, running balance.
//! Both are `layout` tables, like the books.

use crate::font::Fonts;
use crate::i18n;
use crate::invoice::Recipient;
use crate::layout::{
    self, Cell, Column, HeadLine, Letterhead, Options, Orientation, Row, RowKind, Table,
    LANDSCAPE_CONTENT_W, PORTRAIT_CONTENT_W,
};
use crate::statement::{amount, amount_or_blank, finish};
use crate::units::Len;
use crate::{pdf, CompanyHeader, RenderError};
use chrono::NaiveDate;
use trastienda_core::{Language, Money};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgingSide {
    /// What customers owe.
    Receivables,
    /// What is owed to suppliers.
    Payables,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgingRow {
    pub name: String,
    pub tax_id: String,
    /// Not yet due, 1-30, 31-60, 61-90, more than 90 days overdue.
    pub buckets: [Money; 5],
    pub total: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgingReport {
    pub side: AgingSide,
    pub as_of: NaiveDate,
    pub rows: Vec<AgingRow>,
}

const BUCKETS: [&str; 4] = ["1-30", "31-60", "61-90", "> 90"];

fn aging_titles(side: AgingSide, lang: Language) -> (&'static str, &'static str) {
    let w = i18n::sales_words(lang);
    match side {
        AgingSide::Receivables => (w.receivables_aging, w.customer),
        AgingSide::Payables => (w.payables_aging, w.supplier),
    }
}

/// The aging as A4 landscape: name | tax id | the five buckets | total, totals boxed.
pub fn aging_pdf(
    report: &AgingReport,
    company: &CompanyHeader,
    printed_on: NaiveDate,
    lang: Language,
) -> Result<Vec<u8>, RenderError> {
    let w = i18n::sales_words(lang);
    let words = i18n::words(lang);
    let (title, party) = aging_titles(report.side, lang);
    let amount_w = Len::mm(27);
    let tax_w = Len::mm(26);
    let name_w = LANDSCAPE_CONTENT_W - tax_w - amount_w * 6;
    let mut columns = vec![
        Column::left(party, name_w),
        Column::left(words.tax_id, tax_w),
        Column::right(w.current, amount_w),
    ];
    columns.extend(BUCKETS.iter().map(|b| Column::right(b, amount_w)));
    columns.push(Column::right(w.total, amount_w));
    let mut sums = [Money::ZERO; 6];
    let rows = report
        .rows
        .iter()
        .map(|r| {
            let mut cells = vec![Cell::new(r.name.clone()), Cell::new(r.tax_id.clone())];
            for (i, b) in r.buckets.iter().enumerate() {
                sums[i] += *b;
                cells.push(amount_or_blank(*b, lang));
            }
            sums[5] += r.total;
            cells.push(amount(r.total, lang));
            Row {
                kind: RowKind::Detail,
                cells,
            }
        })
        .collect();
    let mut totals = vec![Cell::new(words.totals), Cell::new("")];
    totals.extend(sums.iter().map(|m| amount(*m, lang)));
    let table = Table {
        language: lang,
        letterhead: Letterhead {
            left: vec![
                HeadLine::title(company.name.clone()),
                HeadLine::line(format!("{}: {}", words.tax_id, company.tax_id)),
            ],
            right: vec![
                HeadLine::title(title),
                HeadLine::line(format!("{} {}", w.as_of, i18n::date(report.as_of))),
                HeadLine::line(i18n::printed_on(lang, printed_on)),
            ],
        },
        columns,
        rows,
        totals: Some(totals),
    };
    let fonts = Fonts::load()?;
    let pages = layout::lay_out_with(
        &table,
        &fonts,
        &Options {
            orientation: Orientation::Landscape,
            keep_with_next: Vec::new(),
        },
    );
    pdf::write(&format!("{title} - {}", company.name), &pages, &fonts)
}

/// The aging as CSV: `name,tax_id,current,1-30,31-60,61-90,over_90,total`, amounts with '.'.
pub fn aging_csv(report: &AgingReport) -> Result<Vec<u8>, RenderError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "name", "tax_id", "current", "1-30", "31-60", "61-90", "over_90", "total",
    ])?;
    for r in &report.rows {
        let mut rec = vec![r.name.clone(), r.tax_id.clone()];
        rec.extend(r.buckets.iter().map(|m| m.to_string()));
        rec.push(r.total.to_string());
        out.write_record(&rec)?;
    }
    finish(out)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    pub date: NaiveDate,
    /// Invoice number, credit note number, "Cobro" ...
    pub document: String,
    pub concept: String,
    pub debit: Money,
    pub credit: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementOfAccount {
    pub customer: Recipient,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// The balance before `from`.
    pub opening: Money,
    pub lines: Vec<StatementLine>,
}

/// The statement of account as A4 portrait: the opening balance, each movement with the
/// running balance, and the period's debits, credits and closing balance boxed.
pub fn customer_statement_pdf(
    s: &StatementOfAccount,
    company: &CompanyHeader,
    printed_on: NaiveDate,
    lang: Language,
) -> Result<Vec<u8>, RenderError> {
    let w = i18n::sales_words(lang);
    let words = i18n::words(lang);
    let amount_w = Len::mm(25);
    let date_w = Len::mm(20);
    let doc_w = Len::mm(28);
    let concept_w = PORTRAIT_CONTENT_W - date_w - doc_w - amount_w * 3;
    let columns = vec![
        Column::left(words.date, date_w),
        Column::left(w.document, doc_w),
        Column::left(words.concept, concept_w),
        Column::right(words.debit, amount_w),
        Column::right(words.credit, amount_w),
        Column::right(words.balance, amount_w),
    ];
    let mut balance = s.opening;
    let mut rows = vec![Row {
        kind: RowKind::Heading,
        cells: vec![
            Cell::new(s.from.map(i18n::date).unwrap_or_default()),
            Cell::new(""),
            Cell::new(words.opening_balance),
            Cell::new(""),
            Cell::new(""),
            amount(balance, lang),
        ],
    }];
    let (mut debit, mut credit) = (Money::ZERO, Money::ZERO);
    for l in &s.lines {
        balance += l.debit - l.credit;
        debit += l.debit;
        credit += l.credit;
        rows.push(Row {
            kind: RowKind::Detail,
            cells: vec![
                Cell::new(i18n::date(l.date)),
                Cell::new(l.document.clone()),
                Cell::new(l.concept.clone()),
                amount_or_blank(l.debit, lang),
                amount_or_blank(l.credit, lang),
                amount(balance, lang),
            ],
        });
    }
    let totals = vec![
        Cell::new(""),
        Cell::new(""),
        Cell::new(words.totals),
        amount(debit, lang),
        amount(credit, lang),
        amount(balance, lang),
    ];
    let who = if s.customer.tax_id.is_empty() {
        s.customer.name.clone()
    } else {
        format!("{} ({})", s.customer.name, s.customer.tax_id)
    };
    let table = Table {
        language: lang,
        letterhead: Letterhead {
            left: vec![
                HeadLine::title(company.name.clone()),
                HeadLine::line(format!("{}: {}", words.tax_id, company.tax_id)),
                HeadLine::line(i18n::printed_on(lang, printed_on)),
            ],
            right: vec![
                HeadLine::title(w.statement_of_account),
                HeadLine::line(who),
                HeadLine::line(i18n::period(lang, s.from, s.to)),
            ],
        },
        columns,
        rows,
        totals: Some(totals),
    };
    let fonts = Fonts::load()?;
    let pages = layout::lay_out(&table, &fonts);
    pdf::write(
        &format!("{} - {}", w.statement_of_account, s.customer.name),
        &pages,
        &fonts,
    )
}
