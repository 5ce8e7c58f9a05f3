//! A paged table, the shape every printed book and report takes (trial balance now; journal,
//! ledger, invoice lines and payslips later): a letterhead block and the column header
//! repeated on every page, rows that break across pages, an optional boxed totals row kept
//! with the last rows, and "page x of y" in the footer.
//!
//! Layout is pure: it turns a [`Table`] into [`Page`]s of positioned [`Item`]s, measured with
//! the real fonts, in integer [`Len`]s with y growing down from the top edge. `pdf.rs` writes
//! them. Report modules only fill a `Table`.

use crate::font::{Fonts, Weight};
use crate::i18n;
use crate::units::Len;
use std::ops::Range;
use trastienda_core::Language;

pub(crate) const PAGE_W: Len = Len::mm(210);
pub(crate) const PAGE_H: Len = Len::mm(297);
const MARGIN: Len = Len::mm(15);
const CONTENT_W: Len = Len(PAGE_W.0 - 2 * MARGIN.0);
/// Content width of an A4 landscape page.
pub(crate) const LANDSCAPE_CONTENT_W: Len = Len(PAGE_H.0 - 2 * MARGIN.0);
/// Content width of an A4 portrait page.
pub(crate) const PORTRAIT_CONTENT_W: Len = CONTENT_W;

const TITLE_SIZE: Len = Len::pt(12);
const HEAD_SIZE: Len = Len::pt(9);
const HEAD_LINE: Len = Len::mm_tenths(48);
const LETTERHEAD_RULE: Len = Len(MARGIN.0 + Len::mm(17).0);

const COLHEAD_TOP: Len = Len(LETTERHEAD_RULE.0 + Len::mm_tenths(15).0);
const COLHEAD_H: Len = Len::mm(6);
const COLHEAD_BASELINE: Len = Len::mm_tenths(41);

const BODY_TOP: Len = Len(COLHEAD_TOP.0 + COLHEAD_H.0 + Len::mm_tenths(5).0);
const BODY_BOTTOM: Len = Len(PAGE_H.0 - MARGIN.0);
const BODY_H: Len = Len(BODY_BOTTOM.0 - BODY_TOP.0);
const LANDSCAPE_BODY_H: Len = Len(PAGE_W.0 - MARGIN.0 - BODY_TOP.0);
const ROW_H: Len = Len::mm_tenths(46);
const ROW_BASELINE: Len = Len::mm_tenths(33);
const BODY_SIZE: Len = Len::pt_tenths(85);
/// Amounts that do not fit their column are set smaller, never cut; down to this size.
const MIN_AMOUNT_SIZE: Len = Len::pt_tenths(55);

const TOTALS_GAP: Len = Len::mm_tenths(15);
const TOTALS_BOX_H: Len = Len::mm_tenths(65);
const TOTALS_BASELINE: Len = Len::mm_tenths(45);
const TOTALS_H: Len = Len(TOTALS_GAP.0 + TOTALS_BOX_H.0);

/// From the bottom edge.
const FOOTER_RISE: Len = Len::mm(9);
const FOOTER_SIZE: Len = Len::pt(8);

const CELL_PAD: Len = Len::mm_tenths(15);
const ELLIPSIS: char = '…';

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

pub(crate) struct Column {
    pub title: String,
    pub width: Len,
    pub align: Align,
}

impl Column {
    pub(crate) fn left(title: &str, width: Len) -> Column {
        Column {
            title: title.to_string(),
            width,
            align: Align::Left,
        }
    }
    pub(crate) fn right(title: &str, width: Len) -> Column {
        Column {
            title: title.to_string(),
            width,
            align: Align::Right,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ink {
    Black,
    /// Negative amounts.
    Red,
    /// Footers and other secondary text.
    Grey,
}

pub(crate) struct Cell {
    pub text: String,
    pub indent: Len,
    pub ink: Ink,
}

impl Cell {
    pub(crate) fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            indent: Len::ZERO,
            ink: Ink::Black,
        }
    }
    pub(crate) fn indented(mut self, by: Len) -> Cell {
        self.indent = by;
        self
    }
    pub(crate) fn ink(mut self, ink: Ink) -> Cell {
        self.ink = ink;
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowKind {
    Detail,
    /// A subtotal or heading row: bold on a light grey band.
    Group,
    /// A heading without a band: bold.
    Heading,
    /// A total: bold, with a rule above it.
    Total,
    /// A message across the whole table width (its first cell), bold in the cell's ink:
    /// warnings such as "does not balance".
    Note,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Orientation {
    #[default]
    Portrait,
    Landscape,
}

impl Orientation {
    /// Page width and height.
    pub(crate) fn size(self) -> (Len, Len) {
        match self {
            Orientation::Portrait => (PAGE_W, PAGE_H),
            Orientation::Landscape => (PAGE_H, PAGE_W),
        }
    }
    /// How many body rows a page holds.
    pub(crate) fn rows_per_page(self) -> usize {
        match self {
            Orientation::Portrait => rows_per_page(),
            Orientation::Landscape => (LANDSCAPE_BODY_H.0 / ROW_H.0) as usize,
        }
    }
    /// How many rows fit with the totals box under them.
    pub(crate) fn rows_with_totals(self) -> usize {
        match self {
            Orientation::Portrait => rows_on_a_page_with_totals(),
            Orientation::Landscape => ((LANDSCAPE_BODY_H.0 - TOTALS_H.0) / ROW_H.0) as usize,
        }
    }
}

/// How a table is set beyond its content.
#[derive(Debug, Clone, Default)]
pub(crate) struct Options {
    pub orientation: Orientation,
    /// Per row: keep it on the same page as the next row. A run of rows linked this way is a
    /// block that moves whole to the next page when it would not fit the rest of this one
    /// (a block longer than a page still breaks). Missing entries mean `false`.
    pub keep_with_next: Vec<bool>,
}

pub(crate) struct Row {
    pub kind: RowKind,
    pub cells: Vec<Cell>,
}

pub(crate) struct HeadLine {
    pub text: String,
    pub weight: Weight,
    pub size: Len,
}

impl HeadLine {
    pub(crate) fn title(text: impl Into<String>) -> HeadLine {
        HeadLine {
            text: text.into(),
            weight: Weight::Bold,
            size: TITLE_SIZE,
        }
    }
    pub(crate) fn line(text: impl Into<String>) -> HeadLine {
        HeadLine {
            text: text.into(),
            weight: Weight::Regular,
            size: HEAD_SIZE,
        }
    }
}

/// The block at the top of every page: who (left) and what (right).
pub(crate) struct Letterhead {
    pub left: Vec<HeadLine>,
    pub right: Vec<HeadLine>,
}

pub(crate) struct Table {
    pub language: Language,
    pub letterhead: Letterhead,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    pub totals: Option<Vec<Cell>>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    Text {
        x: Len,
        baseline: Len,
        weight: Weight,
        size: Len,
        ink: Ink,
        text: String,
    },
    /// A light grey filled band behind a row.
    Band { x: Len, top: Len, w: Len, h: Len },
    /// A thin box around a row.
    Frame { x: Len, top: Len, w: Len, h: Len },
    /// A horizontal rule.
    Rule {
        x1: Len,
        x2: Len,
        y: Len,
        thickness: Len,
    },
}

#[derive(Debug, Default)]
pub(crate) struct Page {
    pub items: Vec<Item>,
    /// Page size (A4 portrait or landscape).
    pub width: Len,
    pub height: Len,
}

/// How many body rows a portrait page holds.
pub(crate) const fn rows_per_page() -> usize {
    (BODY_H.0 / ROW_H.0) as usize
}

/// How many rows fit under the last row with the totals box still on the same page.
pub(crate) const fn rows_on_a_page_with_totals() -> usize {
    ((BODY_H.0 - TOTALS_H.0) / ROW_H.0) as usize
}

/// Splits `n` rows into pages of `per_page`. When the totals do not fit under the last row
/// (`last_with_totals` rows at most), the last row moves to a new page with them, so totals
/// never stand alone at the top of a page. ([`paginate_kept`] with no rows kept together.)
#[cfg(test)]
pub(crate) fn paginate(
    n: usize,
    per_page: usize,
    last_with_totals: Option<usize>,
) -> Vec<Range<usize>> {
    let per_page = per_page.max(2);
    let mut pages: Vec<Range<usize>> = (0..n)
        .step_by(per_page)
        .map(|s| s..(s + per_page).min(n))
        .collect();
    if pages.is_empty() {
        pages.push(0..0);
    }
    if let Some(limit) = last_with_totals {
        let last = pages.len() - 1;
        if pages[last].len() > limit {
            let end = pages[last].end;
            pages[last].end = end - 1;
            pages.push(end - 1..end);
        }
    }
    pages
}

/// Like [`paginate`], with rows kept together: `keep[i]` keeps row i on the page of row
/// i + 1. A block (a run of linked rows) that does not fit the rest of a page starts the next
/// one when it fits a page on its own; when the totals do not fit under the last rows, the
/// last block goes over with them (or only the last row if that block fills a page).
pub(crate) fn paginate_kept(
    keep: &[bool],
    per_page: usize,
    last_with_totals: Option<usize>,
) -> Vec<Range<usize>> {
    let n = keep.len();
    let per_page = per_page.max(2);
    // Blocks as ranges.
    let mut blocks: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    for (i, k) in keep.iter().enumerate() {
        if !k || i + 1 == n {
            blocks.push(start..i + 1);
            start = i + 1;
        }
    }
    let mut pages: Vec<Range<usize>> = Vec::new();
    let mut cur = 0..0;
    for b in blocks {
        if cur.len() + b.len() > per_page && !cur.is_empty() && b.len() <= per_page {
            pages.push(cur.clone());
            cur = b.start..b.start;
        }
        for i in b {
            if cur.len() == per_page {
                pages.push(cur.clone());
                cur = i..i;
            }
            cur.end = i + 1;
        }
    }
    pages.push(cur);
    if let Some(limit) = last_with_totals {
        let last = pages.len() - 1;
        let page = pages[last].clone();
        if page.len() > limit {
            // The start of the last block on this page.
            let mut from = page.end - 1;
            while from > page.start && keep[from - 1] {
                from -= 1;
            }
            if from == page.start || page.end - from > limit {
                from = page.end - 1;
            }
            pages[last].end = from;
            pages.push(from..page.end);
        }
    }
    pages
}

/// Truncates `text` with "…" so it fits `avail` at `size`.
fn fit(fonts: &Fonts, weight: Weight, text: &str, size: Len, avail: Len) -> String {
    let face = fonts.face(weight);
    if face.width(text, size) <= avail {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>().trim_end().to_string() + "…";
        if face.width(&candidate, size) <= avail {
            return candidate;
        }
    }
    ELLIPSIS.to_string()
}

struct Painter<'a> {
    fonts: &'a Fonts,
    items: Vec<Item>,
    /// Page width (portrait or landscape).
    page_w: Len,
}

impl Painter<'_> {
    fn text(&mut self, x: Len, baseline: Len, weight: Weight, size: Len, ink: Ink, text: String) {
        if text.is_empty() {
            return;
        }
        self.items.push(Item::Text {
            x,
            baseline,
            weight,
            size,
            ink,
            text,
        });
    }

    /// Sets `text` left in `[x, x + avail)` (truncated) or right-aligned ending at `x + avail`
    /// (shrunk if it must, never cut: amounts are not truncated).
    #[allow(clippy::too_many_arguments)]
    fn aligned(
        &mut self,
        x: Len,
        avail: Len,
        align: Align,
        baseline: Len,
        weight: Weight,
        size: Len,
        ink: Ink,
        text: &str,
    ) {
        match align {
            Align::Left => {
                let t = fit(self.fonts, weight, text, size, avail);
                self.text(x, baseline, weight, size, ink, t);
            }
            Align::Right => {
                let face = self.fonts.face(weight);
                let mut size = size;
                while face.width(text, size) > avail && size > MIN_AMOUNT_SIZE {
                    size = size - Len::pt_tenths(5);
                }
                let w = face.width(text, size);
                self.text(x + avail - w, baseline, weight, size, ink, text.to_string());
            }
        }
    }

    fn cells(&mut self, columns: &[Column], cells: &[Cell], baseline: Len, weight: Weight) {
        let mut x = MARGIN;
        for (col, cell) in columns.iter().zip(cells) {
            let avail = col.width - CELL_PAD * 2 - cell.indent;
            self.aligned(
                x + CELL_PAD + cell.indent,
                avail,
                col.align,
                baseline,
                weight,
                BODY_SIZE,
                cell.ink,
                &cell.text,
            );
            x += col.width;
        }
    }

    fn letterhead(&mut self, lh: &Letterhead) {
        let half = (self.page_w - MARGIN * 2) / 2 - Len::mm(2);
        for (i, line) in lh.left.iter().enumerate() {
            let baseline = MARGIN + Len::mm_tenths(45) + HEAD_LINE * i as i32;
            let t = fit(self.fonts, line.weight, &line.text, line.size, half);
            self.text(MARGIN, baseline, line.weight, line.size, Ink::Black, t);
        }
        for (i, line) in lh.right.iter().enumerate() {
            let baseline = MARGIN + Len::mm_tenths(45) + HEAD_LINE * i as i32;
            let t = fit(self.fonts, line.weight, &line.text, line.size, half);
            let w = self.fonts.face(line.weight).width(&t, line.size);
            self.text(
                self.page_w - MARGIN - w,
                baseline,
                line.weight,
                line.size,
                Ink::Black,
                t,
            );
        }
        self.items.push(Item::Rule {
            x1: MARGIN,
            x2: self.page_w - MARGIN,
            y: LETTERHEAD_RULE,
            thickness: Len::pt_tenths(8),
        });
    }

    fn column_header(&mut self, columns: &[Column], table_w: Len) {
        let titles: Vec<Cell> = columns.iter().map(|c| Cell::new(c.title.clone())).collect();
        self.cells(
            columns,
            &titles,
            COLHEAD_TOP + COLHEAD_BASELINE,
            Weight::Bold,
        );
        self.items.push(Item::Rule {
            x1: MARGIN,
            x2: MARGIN + table_w,
            y: COLHEAD_TOP + COLHEAD_H,
            thickness: Len::pt_tenths(5),
        });
    }
}

/// Lays `table` out on A4 portrait pages.
pub(crate) fn lay_out(table: &Table, fonts: &Fonts) -> Vec<Page> {
    lay_out_with(table, fonts, &Options::default())
}

/// Lays `table` out on A4 pages in `opts.orientation`, keeping rows together as asked.
pub(crate) fn lay_out_with(table: &Table, fonts: &Fonts, opts: &Options) -> Vec<Page> {
    let (page_w, page_h) = opts.orientation.size();
    let content_w = page_w - MARGIN * 2;
    let table_w = table
        .columns
        .iter()
        .fold(Len::ZERO, |a, c| a + c.width)
        .min(content_w);
    let keep: Vec<bool> = (0..table.rows.len())
        .map(|i| opts.keep_with_next.get(i).copied().unwrap_or(false))
        .collect();
    let ranges = paginate_kept(
        &keep,
        opts.orientation.rows_per_page(),
        table
            .totals
            .as_ref()
            .map(|_| opts.orientation.rows_with_totals()),
    );
    let count = ranges.len();
    ranges
        .into_iter()
        .enumerate()
        .map(|(i, range)| {
            let mut p = Painter {
                fonts,
                items: Vec::new(),
                page_w,
            };
            p.letterhead(&table.letterhead);
            p.column_header(&table.columns, table_w);
            let mut top = BODY_TOP;
            for row in &table.rows[range] {
                let weight = match row.kind {
                    RowKind::Detail => Weight::Regular,
                    RowKind::Group => {
                        p.items.push(Item::Band {
                            x: MARGIN,
                            top,
                            w: table_w,
                            h: ROW_H,
                        });
                        Weight::Bold
                    }
                    RowKind::Heading => Weight::Bold,
                    RowKind::Total => {
                        p.items.push(Item::Rule {
                            x1: MARGIN,
                            x2: MARGIN + table_w,
                            y: top + Len::mm_tenths(3),
                            thickness: Len::pt_tenths(5),
                        });
                        Weight::Bold
                    }
                    RowKind::Note => Weight::Bold,
                };
                if row.kind == RowKind::Note {
                    if let Some(cell) = row.cells.first() {
                        let t = fit(
                            fonts,
                            weight,
                            &cell.text,
                            BODY_SIZE,
                            table_w - CELL_PAD * 2 - cell.indent,
                        );
                        p.text(
                            MARGIN + CELL_PAD + cell.indent,
                            top + ROW_BASELINE,
                            weight,
                            BODY_SIZE,
                            cell.ink,
                            t,
                        );
                    }
                } else {
                    p.cells(&table.columns, &row.cells, top + ROW_BASELINE, weight);
                }
                top += ROW_H;
            }
            if let (Some(totals), true) = (&table.totals, i + 1 == count) {
                let box_top = top + TOTALS_GAP;
                p.items.push(Item::Frame {
                    x: MARGIN,
                    top: box_top,
                    w: table_w,
                    h: TOTALS_BOX_H,
                });
                p.cells(
                    &table.columns,
                    totals,
                    box_top + TOTALS_BASELINE,
                    Weight::Bold,
                );
            }
            let footer = i18n::page_x_of_y(table.language, i + 1, count);
            let w = fonts.face(Weight::Regular).width(&footer, FOOTER_SIZE);
            p.text(
                (page_w - w) / 2,
                page_h - FOOTER_RISE,
                Weight::Regular,
                FOOTER_SIZE,
                Ink::Grey,
                footer,
            );
            Page {
                items: p.items,
                width: page_w,
                height: page_h,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_fill_up_and_totals_take_the_last_row_with_them() {
        assert_eq!(paginate(0, 10, Some(8)), vec![0..0]);
        assert_eq!(paginate(5, 10, Some(8)), vec![0..5]);
        assert_eq!(paginate(25, 10, Some(8)), vec![0..10, 10..20, 20..25]);
        assert_eq!(paginate(25, 10, None), vec![0..10, 10..20, 20..25]);
        // The last page is full, so the totals would not fit: its last row goes with them.
        assert_eq!(paginate(20, 10, Some(8)), vec![0..10, 10..19, 19..20]);
        assert_eq!(paginate(19, 10, Some(8)), vec![0..10, 10..18, 18..19]);
        assert_eq!(paginate(18, 10, Some(8)), vec![0..10, 10..18]);
        assert_eq!(paginate(20, 10, None), vec![0..10, 10..20]);
    }

    #[test]
    fn kept_rows_move_to_the_next_page_together() {
        let keep = |pattern: &str| pattern.chars().map(|c| c == 'k').collect::<Vec<_>>();
        // Blocks of 3 (k k .) on pages of 5: the second block does not fit under the first.
        assert_eq!(
            paginate_kept(&keep("kk.kk.kk."), 5, None),
            vec![0..3, 3..6, 6..9]
        );
        // Unlinked rows fill pages as before.
        assert_eq!(paginate_kept(&keep("........."), 5, None), vec![0..5, 5..9]);
        assert_eq!(
            paginate(9, 5, Some(3)),
            paginate_kept(&keep("........."), 5, Some(3))
        );
        // A block longer than a page cannot be kept: it fills pages like unlinked rows.
        assert_eq!(paginate_kept(&keep(".kkkkkkk."), 5, None), vec![0..5, 5..9]);
        // Totals take the whole last block with them.
        assert_eq!(paginate_kept(&keep("..kk."), 5, Some(3)), vec![0..2, 2..5]);
        assert_eq!(paginate_kept(&[], 5, Some(3)), vec![0..0]);
        // A last block that fills the page: only its last row goes with the totals.
        assert_eq!(paginate_kept(&keep("kkkk."), 5, Some(3)), vec![0..4, 4..5]);
    }

    #[test]
    fn landscape_pages_are_wider_and_shorter() {
        let (w, h) = Orientation::Landscape.size();
        assert!(w > h);
        assert!(Orientation::Landscape.rows_per_page() < Orientation::Portrait.rows_per_page());
        assert_eq!(Orientation::Portrait.rows_per_page(), rows_per_page());
        let body_end = BODY_TOP + ROW_H * Orientation::Landscape.rows_per_page() as i32;
        assert!(body_end <= h - MARGIN);
        assert!(
            h - MARGIN < h - FOOTER_RISE - Len::mm(3),
            "footer clear of the body"
        );
        assert!(LANDSCAPE_CONTENT_W > PORTRAIT_CONTENT_W);
    }

    #[test]
    fn the_page_geometry_holds_together() {
        assert_eq!(rows_per_page(), 52);
        assert!(rows_on_a_page_with_totals() < rows_per_page());
        let body_end = BODY_TOP + ROW_H * rows_per_page() as i32;
        assert!(body_end <= BODY_BOTTOM);
        assert!(
            BODY_BOTTOM < PAGE_H - FOOTER_RISE - Len::mm(3),
            "footer clear of the body"
        );
        assert!(
            MARGIN + Len::mm_tenths(45) + HEAD_LINE * 2 < LETTERHEAD_RULE,
            "three letterhead lines sit above the rule"
        );
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis_and_amounts_are_never_cut() {
        let fonts = Fonts::load().unwrap();
        let long = "Otros servicios de profesionales independientes y colaboradores externos";
        let avail = Len::mm(40);
        let t = fit(&fonts, Weight::Regular, long, BODY_SIZE, avail);
        assert!(t.ends_with('…') && t.len() < long.len(), "{t}");
        assert!(fonts.face(Weight::Regular).width(&t, BODY_SIZE) <= avail);
        assert_eq!(
            fit(&fonts, Weight::Regular, "Bancos", BODY_SIZE, avail),
            "Bancos"
        );

        let mut p = Painter {
            fonts: &fonts,
            items: Vec::new(),
            page_w: PAGE_W,
        };
        let amount = "-999.999.999.999,99";
        p.aligned(
            Len::ZERO,
            Len::mm(26),
            Align::Right,
            Len::ZERO,
            Weight::Regular,
            BODY_SIZE,
            Ink::Red,
            amount,
        );
        match &p.items[0] {
            Item::Text { text, size, x, .. } => {
                assert_eq!(text, amount);
                assert!(*size < BODY_SIZE);
                assert!(*x >= Len::ZERO, "shrunk to fit its column");
            }
            other => panic!("{other:?}"),
        }
    }
}
