//! Free-form A4 documents (invoices, reminder letters): marks placed anywhere on the page —
//! text, filled and stroked boxes, rules, the logo and the QR code — and a [`Flow`] that
//! stacks blocks and table rows down the page, starting a new page (with its repeated header)
//! when the next one does not fit. `layout` stays the tool for reports, which are one table.
//!
//! Lengths are integer [`Len`]s, y down from the top edge, as in `layout`; floats appear
//! only when marks become printpdf ops.

use crate::font::{Fonts, Weight};
use crate::logo::Logo;
use crate::units::Len;
use crate::RenderError;
use printpdf::{
    Color, FontId, Line, LinePoint, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfParseErrorSeverity, PdfSaveOptions, Point, Rect, Rgb, TextItem, XObjectId, XObjectTransform,
};
use std::collections::{BTreeMap, BTreeSet};

pub(crate) const PAGE_W: Len = Len::mm(210);
pub(crate) const PAGE_H: Len = Len::mm(297);
pub(crate) const MARGIN: Len = Len::mm(15);
pub(crate) const RIGHT: Len = Len(PAGE_W.0 - MARGIN.0);
pub(crate) const CONTENT_W: Len = Len(PAGE_W.0 - 2 * MARGIN.0);
/// Baseline of "page x of y", from the top.
const FOOTER_BASELINE: Len = Len(PAGE_H.0 - Len::mm(9).0);
const FOOTER_SIZE: Len = Len::pt(7);
const FOOTER_LINE: Len = Len::mm_tenths(30);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rgb8(pub u8, pub u8, pub u8);

pub(crate) const BLACK: Rgb8 = Rgb8(0, 0, 0);
pub(crate) const TEXT: Rgb8 = Rgb8(25, 25, 25);
pub(crate) const GREY: Rgb8 = Rgb8(95, 95, 95);
/// Box outlines and row separators.
pub(crate) const RULE: Rgb8 = Rgb8(185, 190, 198);
/// Light band behind box titles.
pub(crate) const BAND: Rgb8 = Rgb8(234, 238, 243);
/// Headings, the table header and the total.
pub(crate) const ACCENT: Rgb8 = Rgb8(30, 56, 92);
pub(crate) const WHITE: Rgb8 = Rgb8(255, 255, 255);

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Mark {
    Text {
        x: Len,
        baseline: Len,
        weight: Weight,
        size: Len,
        color: Rgb8,
        text: String,
    },
    Fill {
        x: Len,
        top: Len,
        w: Len,
        h: Len,
        color: Rgb8,
    },
    Stroke {
        x: Len,
        top: Len,
        w: Len,
        h: Len,
        color: Rgb8,
    },
    /// A horizontal rule.
    Rule {
        x1: Len,
        x2: Len,
        y: Len,
        thickness: Len,
        color: Rgb8,
    },
    /// The document's logo, scaled into the box.
    Logo { x: Len, top: Len, w: Len, h: Len },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
    Center,
}

/// Draws on one page.
pub(crate) struct Pen<'a> {
    pub fonts: &'a Fonts,
    pub marks: Vec<Mark>,
}

impl<'a> Pen<'a> {
    pub(crate) fn new(fonts: &'a Fonts) -> Pen<'a> {
        Pen {
            fonts,
            marks: Vec::new(),
        }
    }

    pub(crate) fn width(&self, weight: Weight, size: Len, text: &str) -> Len {
        self.fonts.face(weight).width(text, size)
    }

    /// `text` placed by `align` at `x` (left edge, right edge or centre).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn text(
        &mut self,
        x: Len,
        baseline: Len,
        align: Align,
        weight: Weight,
        size: Len,
        color: Rgb8,
        text: &str,
    ) {
        if text.is_empty() {
            return;
        }
        let w = self.width(weight, size, text);
        let x = match align {
            Align::Left => x,
            Align::Right => x - w,
            Align::Center => x - w / 2,
        };
        self.marks.push(Mark::Text {
            x,
            baseline,
            weight,
            size,
            color,
            text: text.to_string(),
        });
    }

    /// Like [`Pen::text`], cut with "…" to `avail` (left) or shrunk down to 5.5 pt (right
    /// and centre: amounts are never cut).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn fitted(
        &mut self,
        x: Len,
        avail: Len,
        baseline: Len,
        align: Align,
        weight: Weight,
        size: Len,
        color: Rgb8,
        text: &str,
    ) {
        match align {
            Align::Left => {
                let t = fit(self.fonts, weight, text, size, avail);
                self.text(x, baseline, align, weight, size, color, &t);
            }
            Align::Right | Align::Center => {
                let mut size = size;
                while self.width(weight, size, text) > avail && size > Len::pt_tenths(55) {
                    size = size - Len::pt_tenths(5);
                }
                self.text(x, baseline, align, weight, size, color, text);
            }
        }
    }

    pub(crate) fn fill(&mut self, x: Len, top: Len, w: Len, h: Len, color: Rgb8) {
        self.marks.push(Mark::Fill {
            x,
            top,
            w,
            h,
            color,
        });
    }

    pub(crate) fn stroke(&mut self, x: Len, top: Len, w: Len, h: Len) {
        self.marks.push(Mark::Stroke {
            x,
            top,
            w,
            h,
            color: RULE,
        });
    }

    pub(crate) fn rule(&mut self, x1: Len, x2: Len, y: Len, thickness: Len, color: Rgb8) {
        self.marks.push(Mark::Rule {
            x1,
            x2,
            y,
            thickness,
            color,
        });
    }

    /// `text` wrapped to `width` at `size`: one string per printed line.
    pub(crate) fn wrap(&self, text: &str, weight: Weight, size: Len, width: Len) -> Vec<String> {
        wrap(self.fonts, text, weight, size, width)
    }

    /// The QR code of `data` (error correction M, as the AEAT asks) as black modules in a
    /// `side` square at (`x`, `top`), horizontal runs merged into one rectangle each.
    pub(crate) fn qr(
        &mut self,
        data: &str,
        x: Len,
        top: Len,
        side: Len,
    ) -> Result<(), RenderError> {
        let code = qrcode::QrCode::with_error_correction_level(data, qrcode::EcLevel::M)
            .map_err(|e| RenderError::Pdf(format!("QR code: {e}")))?;
        let n = code.width();
        let modules: Vec<bool> = code
            .to_colors()
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect();
        let n_i32 = i32::try_from(n).unwrap_or(i32::MAX);
        let module = Len(side.0 / n_i32);
        // A hair of overlap so no viewer shows seams between rows.
        let seam = Len(module.0 / 20);
        for row in 0..n {
            let mut col = 0;
            while col < n {
                if !modules[row * n + col] {
                    col += 1;
                    continue;
                }
                let start = col;
                while col < n && modules[row * n + col] {
                    col += 1;
                }
                let (r, s, e) = (row as i32, start as i32, col as i32);
                self.fill(
                    x + module * s,
                    top + module * r,
                    module * (e - s) + seam,
                    module + seam,
                    BLACK,
                );
            }
        }
        Ok(())
    }
}

/// Cuts `text` with "…" so it fits `avail` at `size`.
pub(crate) fn fit(fonts: &Fonts, weight: Weight, text: &str, size: Len, avail: Len) -> String {
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
    "…".to_string()
}

/// Greedy word wrap; a word longer than the line is broken between characters. Explicit
/// newlines start new lines.
pub(crate) fn wrap(
    fonts: &Fonts,
    text: &str,
    weight: Weight,
    size: Len,
    width: Len,
) -> Vec<String> {
    let face = fonts.face(weight);
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if face.width(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word alone: break it if it is longer than a line.
            for c in word.chars() {
                line.push(c);
                if face.width(&line, size) > width && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                }
            }
        }
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// What a flowing document draws at the top of page `index` (0-based); returns where the
/// body starts.
pub(crate) type Header<'h> = dyn Fn(&mut Pen<'_>, usize) -> Result<Len, RenderError> + 'h;

/// Stacks blocks down pages: `y` is the cursor on the current page, `bottom` the lowest
/// point the body may reach.
pub(crate) struct Flow<'a, 'h> {
    fonts: &'a Fonts,
    header: &'h Header<'h>,
    pub pages: Vec<Vec<Mark>>,
    pub pen: Pen<'a>,
    pub y: Len,
    pub bottom: Len,
}

impl<'a, 'h> Flow<'a, 'h> {
    /// A flow whose pages keep `footer_lines` lines of footer text above "page x of y".
    pub(crate) fn new(
        fonts: &'a Fonts,
        header: &'h Header<'h>,
        footer_lines: usize,
    ) -> Result<Flow<'a, 'h>, RenderError> {
        let mut pen = Pen::new(fonts);
        let y = header(&mut pen, 0)?;
        let lines = i32::try_from(footer_lines).unwrap_or(0);
        Ok(Flow {
            fonts,
            header,
            pages: Vec::new(),
            pen,
            y,
            bottom: FOOTER_BASELINE - Len::mm(5) - FOOTER_LINE * lines,
        })
    }

    pub(crate) fn new_page(&mut self) -> Result<(), RenderError> {
        let marks = std::mem::take(&mut self.pen.marks);
        self.pages.push(marks);
        let index = self.pages.len();
        self.y = (self.header)(&mut self.pen, index)?;
        Ok(())
    }

    /// Starts a new page unless `h` fits under the cursor.
    pub(crate) fn ensure(&mut self, h: Len) -> Result<bool, RenderError> {
        if self.y + h > self.bottom {
            self.new_page()?;
            return Ok(true);
        }
        Ok(false)
    }

    /// The pages, each with `footer` (wrapped, centred) and "page x of y" at the bottom.
    pub(crate) fn finish(
        mut self,
        footer: &[String],
        page_x_of_y: impl Fn(usize, usize) -> String,
    ) -> Vec<Vec<Mark>> {
        let last = std::mem::take(&mut self.pen.marks);
        self.pages.push(last);
        let count = self.pages.len();
        let fonts = self.fonts;
        for (i, marks) in self.pages.iter_mut().enumerate() {
            let mut pen = Pen::new(fonts);
            let n = i32::try_from(footer.len()).unwrap_or(0);
            for (k, line) in footer.iter().enumerate() {
                let k = i32::try_from(k).unwrap_or(0);
                pen.text(
                    PAGE_W / 2,
                    FOOTER_BASELINE - FOOTER_LINE * (n - k),
                    Align::Center,
                    Weight::Regular,
                    FOOTER_SIZE,
                    GREY,
                    line,
                );
            }
            pen.text(
                RIGHT,
                FOOTER_BASELINE,
                Align::Right,
                Weight::Regular,
                FOOTER_SIZE,
                GREY,
                &page_x_of_y(i + 1, count),
            );
            marks.extend(pen.marks);
        }
        self.pages
    }
}

/// Footer text wrapped for the page width.
pub(crate) fn footer_lines(fonts: &Fonts, text: &str) -> Vec<String> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    wrap(
        fonts,
        text,
        Weight::Regular,
        FOOTER_SIZE,
        CONTENT_W - Len::mm(40),
    )
}

#[allow(clippy::float_arithmetic)]
fn color(c: Rgb8) -> Color {
    Color::Rgb(Rgb {
        r: f32::from(c.0) / 255.0,
        g: f32::from(c.1) / 255.0,
        b: f32::from(c.2) / 255.0,
        icc_profile: None,
    })
}

fn point(x: Len, y_from_top: Len) -> Point {
    Point {
        x: x.to_pt(),
        y: (PAGE_H - y_from_top).to_pt(),
    }
}

fn rect(x: Len, top: Len, w: Len, h: Len, mode: PaintMode) -> Rect {
    Rect {
        x: x.to_pt(),
        y: (PAGE_H - top - h).to_pt(),
        width: w.to_pt(),
        height: h.to_pt(),
        mode: Some(mode),
        winding_order: None,
    }
}

fn page_ops(marks: &[Mark], fonts: &BTreeMap<Weight, FontId>, logo: Option<&XObjectId>) -> Vec<Op> {
    let mut ops = Vec::with_capacity(marks.len() * 4);
    let mut fill: Option<Rgb8> = None;
    let mut set_fill = |ops: &mut Vec<Op>, c: Rgb8| {
        if fill != Some(c) {
            ops.push(Op::SetFillColor { col: color(c) });
            fill = Some(c);
        }
    };
    for mark in marks {
        match mark {
            Mark::Text {
                x,
                baseline,
                weight,
                size,
                color: c,
                text,
            } => {
                let Some(font) = fonts.get(weight) else {
                    continue;
                };
                set_fill(&mut ops, *c);
                ops.push(Op::StartTextSection);
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(font.clone()),
                    size: size.to_pt(),
                });
                ops.push(Op::SetTextCursor {
                    pos: point(*x, *baseline),
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(text.clone())],
                });
                ops.push(Op::EndTextSection);
            }
            Mark::Fill {
                x,
                top,
                w,
                h,
                color: c,
            } => {
                set_fill(&mut ops, *c);
                ops.push(Op::DrawRectangle {
                    rectangle: rect(*x, *top, *w, *h, PaintMode::Fill),
                });
            }
            Mark::Stroke {
                x,
                top,
                w,
                h,
                color: c,
            } => {
                ops.push(Op::SetOutlineColor { col: color(*c) });
                ops.push(Op::SetOutlineThickness {
                    pt: Len::pt_tenths(6).to_pt(),
                });
                ops.push(Op::DrawRectangle {
                    rectangle: rect(*x, *top, *w, *h, PaintMode::Stroke),
                });
            }
            Mark::Rule {
                x1,
                x2,
                y,
                thickness,
                color: c,
            } => {
                ops.push(Op::SetOutlineColor { col: color(*c) });
                ops.push(Op::SetOutlineThickness {
                    pt: thickness.to_pt(),
                });
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![
                            LinePoint {
                                p: point(*x1, *y),
                                bezier: false,
                            },
                            LinePoint {
                                p: point(*x2, *y),
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                });
            }
            Mark::Logo { x, top, w, h } => {
                let Some(id) = logo else { continue };
                let bottom_left = point(*x, *top + *h);
                ops.push(Op::UseXobject {
                    id: id.clone(),
                    transform: XObjectTransform {
                        translate_x: Some(bottom_left.x),
                        translate_y: Some(bottom_left.y),
                        scale_x: Some(w.to_pt().0),
                        scale_y: Some(h.to_pt().0),
                        no_auto_scale: true,
                        ..XObjectTransform::default()
                    },
                });
            }
        }
    }
    ops
}

/// The PDF bytes of `pages` (A4 portrait), titled `title`, with `logo` embedded once.
pub(crate) fn write(
    title: &str,
    pages: &[Vec<Mark>],
    logo: Option<&Logo>,
    fonts: &Fonts,
) -> Result<Vec<u8>, RenderError> {
    let mut doc = PdfDocument::new(title);
    let pdf_pages = add_pages(&mut doc, pages, logo, fonts)?;
    doc.with_pages(pdf_pages);
    save(doc)
}

/// Adds the fonts and logo `pages` need to `doc` and returns the pages to append.
pub(crate) fn add_pages(
    doc: &mut PdfDocument,
    pages: &[Vec<Mark>],
    logo: Option<&Logo>,
    fonts: &Fonts,
) -> Result<Vec<PdfPage>, RenderError> {
    let mut used: BTreeMap<Weight, BTreeSet<char>> = BTreeMap::new();
    for mark in pages.iter().flatten() {
        if let Mark::Text { weight, text, .. } = mark {
            used.entry(*weight).or_default().extend(text.chars());
        }
    }
    let mut ids = BTreeMap::new();
    for (weight, chars) in &used {
        let program = fonts.face(*weight).subset(chars)?;
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&program, 0, &mut warnings).ok_or_else(|| {
            RenderError::Font(format!("the subset font does not parse: {warnings:?}"))
        })?;
        parsed.font_name = Some(fonts.face(*weight).subset_name(chars));
        ids.insert(*weight, doc.add_font(&parsed));
    }
    let uses_logo = pages
        .iter()
        .flatten()
        .any(|m| matches!(m, Mark::Logo { .. }));
    let logo_id = match (logo, uses_logo) {
        (Some(l), true) => Some(doc.add_xobject(&l.xobject())),
        _ => None,
    };
    Ok(pages
        .iter()
        .map(|marks| {
            PdfPage::new(
                PAGE_W.to_pt().into(),
                PAGE_H.to_pt().into(),
                page_ops(marks, &ids, logo_id.as_ref()),
            )
        })
        .collect())
}

pub(crate) fn save(doc: PdfDocument) -> Result<Vec<u8>, RenderError> {
    let mut warnings = Vec::new();
    let bytes = doc.save(&PdfSaveOptions::default(), &mut warnings);
    let errors: Vec<String> = warnings
        .into_iter()
        .filter(|w| w.severity == PdfParseErrorSeverity::Error)
        .map(|w| w.msg)
        .collect();
    if errors.is_empty() {
        Ok(bytes)
    } else {
        Err(RenderError::Pdf(errors.join("; ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_words_and_breaks_only_what_cannot_fit() {
        let fonts = Fonts::load().unwrap();
        let size = Len::pt(9);
        let lines = wrap(
            &fonts,
            "Mantenimiento mensual de equipos informáticos y soporte remoto",
            Weight::Regular,
            size,
            Len::mm(40),
        );
        assert!(lines.len() > 1, "{lines:?}");
        for l in &lines {
            assert!(
                fonts.face(Weight::Regular).width(l, size) <= Len::mm(40),
                "{l}"
            );
        }
        assert_eq!(
            lines.join(" "),
            "Mantenimiento mensual de equipos informáticos y soporte remoto"
        );
        let long = wrap(&fonts, &"X".repeat(80), Weight::Regular, size, Len::mm(30));
        assert!(long.len() > 1 && long.concat() == "X".repeat(80));
        assert_eq!(
            wrap(&fonts, "", Weight::Regular, size, Len::mm(30)),
            vec![""]
        );
    }

    #[test]
    fn a_qr_code_is_drawn_as_runs_inside_its_square() {
        let fonts = Fonts::load().unwrap();
        let mut pen = Pen::new(&fonts);
        let side = Len::mm(30);
        pen.qr(
            "https://www2.agenciatributaria.gob.es/wlpl/TIKE-CONT/ValidarQR?nif=B12345678&numserie=2027-0001&fecha=01-02-2027&importe=1210.00",
            Len::ZERO,
            Len::ZERO,
            side,
        )
        .unwrap();
        assert!(pen.marks.len() > 100);
        for m in &pen.marks {
            let Mark::Fill { x, top, w, h, .. } = m else {
                panic!("{m:?}")
            };
            assert!(*x + *w <= side + Len::mm(1) && *top + *h <= side + Len::mm(1));
        }
    }
}
