//! Financial statements (balance sheet, P&L, trial balance and cash flow in the
//! `core::statement` shape) as a PDF and as CSV. One amount column per `ColumnSpec`; more
//! than four columns (monthly figures) print on A4 landscape. Failed checks and unassigned
//! accounts are printed under the lines in red, never hidden.

use crate::font::Fonts;
use crate::i18n;
use crate::layout::{
    self, Cell, Column, HeadLine, Ink, Letterhead, Options, Orientation, Row, RowKind, Table,
    LANDSCAPE_CONTENT_W, PORTRAIT_CONTENT_W,
};
use crate::units::Len;
use crate::{pdf, CompanyHeader, RenderError};
use chrono::NaiveDate;
use trastienda_core::money::format_grouped;
use trastienda_core::statement::{LineStyle, Statement};
use trastienda_core::{Language, Money};

/// Label indentation per level.
const INDENT: Len = Len::mm_tenths(25);
/// An amount column holds "-99.999.999,99" at body size.
const AMOUNT_W: Len = Len::mm(26);
/// The label column never gets narrower than this, however many columns.
const MIN_LABEL_W: Len = Len::mm(55);
/// Statements with more value columns than this print landscape.
const PORTRAIT_MAX_COLUMNS: usize = 4;

/// An amount cell: grouped in the language's way, red when negative.
pub(crate) fn amount(m: Money, lang: Language) -> Cell {
    let cell = Cell::new(format_grouped(m, lang));
    if m.is_negative() {
        cell.ink(Ink::Red)
    } else {
        cell
    }
}

/// An amount cell that stays empty for zero (the other side of a journal line).
pub(crate) fn amount_or_blank(m: Money, lang: Language) -> Cell {
    if m.is_zero() {
        Cell::new("")
    } else {
        amount(m, lang)
    }
}

/// Company name and tax id left; title, period and print date right.
pub(crate) fn letterhead(
    company: &CompanyHeader,
    title: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    printed_on: NaiveDate,
    lang: Language,
) -> Letterhead {
    let w = i18n::words(lang);
    Letterhead {
        left: vec![
            HeadLine::title(company.name.clone()),
            HeadLine::line(format!("{}: {}", w.tax_id, company.tax_id)),
        ],
        right: vec![
            HeadLine::title(title.to_string()),
            HeadLine::line(i18n::period(lang, from, to)),
            HeadLine::line(i18n::printed_on(lang, printed_on)),
        ],
    }
}

/// The CSV bytes of a writer.
pub(crate) fn finish(out: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, RenderError> {
    out.into_inner()
        .map_err(|e| RenderError::Csv(csv::Error::from(e.into_error())))
}

/// The statement as an A4 PDF: letterhead (company, title, the first column's period, print
/// date) on every page; code (when the layout has codes) | label | one amount column per
/// column spec; headings bold, totals bold over a rule, labels indented by depth, negative
/// amounts red. Then, in red, every check that does not hold ("EL BALANCE NO CUADRA: ...")
/// and every account that fed no line.
pub fn statement_pdf(
    s: &Statement,
    company: &CompanyHeader,
    printed_on: NaiveDate,
    lang: Language,
) -> Result<Vec<u8>, RenderError> {
    let w = i18n::words(lang);
    let n = s.columns.len();
    let orientation = if n > PORTRAIT_MAX_COLUMNS {
        Orientation::Landscape
    } else {
        Orientation::Portrait
    };
    let content_w = match orientation {
        Orientation::Portrait => PORTRAIT_CONTENT_W,
        Orientation::Landscape => LANDSCAPE_CONTENT_W,
    };
    let code_w = match s
        .lines
        .iter()
        .filter_map(|l| l.code.as_ref())
        .map(|c| c.chars().count())
        .max()
    {
        None => None,
        Some(len) if len > 5 => Some(Len::mm(18)),
        Some(_) => Some(Len::mm(12)),
    };
    let fixed = code_w.unwrap_or(Len::ZERO) + MIN_LABEL_W;
    let n_i32 = i32::try_from(n.max(1)).unwrap_or(i32::MAX);
    let amount_w = AMOUNT_W.min((content_w - fixed) / n_i32);
    let label_w = content_w - code_w.unwrap_or(Len::ZERO) - amount_w * n_i32;

    let mut columns = Vec::new();
    if let Some(cw) = code_w {
        columns.push(Column::left("", cw));
    }
    columns.push(Column::left("", label_w));
    for c in &s.columns {
        columns.push(Column::right(&c.label, amount_w));
    }

    let mut rows: Vec<Row> = s
        .lines
        .iter()
        .map(|l| {
            let mut cells = Vec::with_capacity(n + 2);
            if code_w.is_some() {
                cells.push(Cell::new(l.code.clone().unwrap_or_default()));
            }
            cells.push(Cell::new(l.label.clone()).indented(INDENT * i32::from(l.depth)));
            cells.extend(l.values.iter().map(|m| amount(*m, lang)));
            Row {
                kind: match (l.style, l.depth) {
                    (LineStyle::Heading, 0) => RowKind::Group,
                    (LineStyle::Heading, _) => RowKind::Heading,
                    (LineStyle::Total, _) => RowKind::Total,
                    (LineStyle::Line, _) => RowKind::Detail,
                },
                cells,
            }
        })
        .collect();

    let column_suffix = |col: usize| {
        if n > 1 {
            s.columns
                .get(col)
                .map(|c| format!(" ({})", c.label))
                .unwrap_or_default()
        } else {
            String::new()
        }
    };
    // A top-level section (a depth-0 heading with what follows it up to the next depth-0
    // heading) stays on one page when it fits: the balance sheet breaks before "PATRIMONIO
    // NETO Y PASIVO", not inside it.
    let mut keep_with_next: Vec<bool> = s
        .lines
        .windows(2)
        .map(|w| !(w[1].depth == 0 && w[1].style == LineStyle::Heading))
        .collect();
    keep_with_next.push(false);
    let mut notes = Vec::new();
    for check in &s.checks {
        for (col, diff) in check.differences.iter().enumerate() {
            if !diff.is_zero() {
                notes.push(format!(
                    "{}{}: {} {} € — {}",
                    w.does_not_balance,
                    column_suffix(col),
                    w.difference,
                    format_grouped(*diff, lang),
                    check.label
                ));
            }
        }
    }
    for u in &s.unassigned {
        notes.push(format!(
            "{} {} {} {}{}: {}",
            w.unassigned_before,
            u.code,
            u.name,
            w.unassigned_after,
            column_suffix(u.column),
            format_grouped(u.balance, lang)
        ));
    }
    if !notes.is_empty() {
        rows.push(Row {
            kind: RowKind::Detail,
            cells: Vec::new(),
        });
        rows.extend(notes.into_iter().map(|t| Row {
            kind: RowKind::Note,
            cells: vec![Cell::new(t).ink(Ink::Red)],
        }));
    }

    let (from, to) = s.columns.first().map_or((None, None), |c| (c.from, c.to));
    let table = Table {
        language: lang,
        letterhead: letterhead(company, &s.title, from, to, printed_on, lang),
        columns,
        rows,
        totals: None,
    };
    let fonts = Fonts::load()?;
    let pages = layout::lay_out_with(
        &table,
        &fonts,
        &Options {
            orientation,
            keep_with_next,
        },
    );
    pdf::write(&format!("{} - {}", s.title, company.name), &pages, &fonts)
}

/// The statement as CSV: `key,code,label,<one column per column label>`, amounts with '.'
/// and two decimals, every line in order (headings and totals included).
pub fn statement_csv(s: &Statement) -> Result<Vec<u8>, RenderError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["key".to_string(), "code".to_string(), "label".to_string()];
    header.extend(s.columns.iter().map(|c| c.label.clone()));
    out.write_record(&header)?;
    for l in &s.lines {
        let mut rec = vec![
            l.key.clone(),
            l.code.clone().unwrap_or_default(),
            l.label.clone(),
        ];
        rec.extend(l.values.iter().map(|m| m.to_string()));
        out.write_record(&rec)?;
    }
    finish(out)
}
