//! Writes laid-out [`Page`]s as a PDF with printpdf: fonts subset to the characters the
//! document uses, one text section per placed string (printpdf's text cursor is relative
//! within a section), y flipped from layout's top-down to PDF's bottom-up.

use crate::font::{Fonts, Weight};
use crate::layout::{Ink, Item, Page};
use crate::units::Len;
use crate::RenderError;
use printpdf::{
    Color, FontId, Line, LinePoint, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfParseErrorSeverity, PdfSaveOptions, Point, Rect, Rgb, TextItem,
};
use std::collections::{BTreeMap, BTreeSet};

fn rgb(r: f32, g: f32, b: f32) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

fn ink(i: Ink) -> Color {
    match i {
        Ink::Black => rgb(0.0, 0.0, 0.0),
        Ink::Red => rgb(0.75, 0.08, 0.08),
        Ink::Grey => rgb(0.35, 0.35, 0.35),
    }
}

fn point(page_h: Len, x: Len, y_from_top: Len) -> Point {
    Point {
        x: x.to_pt(),
        y: (page_h - y_from_top).to_pt(),
    }
}

#[allow(clippy::too_many_arguments)]
fn rect(page_h: Len, x: Len, top: Len, w: Len, h: Len, mode: PaintMode) -> Rect {
    Rect {
        x: x.to_pt(),
        y: (page_h - top - h).to_pt(),
        width: w.to_pt(),
        height: h.to_pt(),
        mode: Some(mode),
        winding_order: None,
    }
}

fn page_ops(page: &Page, fonts: &BTreeMap<Weight, FontId>) -> Vec<Op> {
    let mut ops = Vec::with_capacity(page.items.len() * 6);
    for item in &page.items {
        match item {
            Item::Text {
                x,
                baseline,
                weight,
                size,
                ink: i,
                text,
            } => {
                let Some(font) = fonts.get(weight) else {
                    continue;
                };
                ops.push(Op::SetFillColor { col: ink(*i) });
                ops.push(Op::StartTextSection);
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(font.clone()),
                    size: size.to_pt(),
                });
                ops.push(Op::SetTextCursor {
                    pos: point(page.height, *x, *baseline),
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(text.clone())],
                });
                ops.push(Op::EndTextSection);
            }
            Item::Band { x, top, w, h } => {
                ops.push(Op::SetFillColor {
                    col: rgb(0.9, 0.9, 0.9),
                });
                ops.push(Op::DrawRectangle {
                    rectangle: rect(page.height, *x, *top, *w, *h, PaintMode::Fill),
                });
            }
            Item::Frame { x, top, w, h } => {
                ops.push(Op::SetOutlineColor {
                    col: rgb(0.0, 0.0, 0.0),
                });
                ops.push(Op::SetOutlineThickness {
                    pt: Len::pt_tenths(8).to_pt(),
                });
                ops.push(Op::DrawRectangle {
                    rectangle: rect(page.height, *x, *top, *w, *h, PaintMode::Stroke),
                });
            }
            Item::Rule {
                x1,
                x2,
                y,
                thickness,
            } => {
                ops.push(Op::SetOutlineColor {
                    col: rgb(0.0, 0.0, 0.0),
                });
                ops.push(Op::SetOutlineThickness {
                    pt: thickness.to_pt(),
                });
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![
                            LinePoint {
                                p: point(page.height, *x1, *y),
                                bezier: false,
                            },
                            LinePoint {
                                p: point(page.height, *x2, *y),
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                });
            }
        }
    }
    ops
}

/// The PDF bytes of `pages`, titled `title` in the document info.
pub(crate) fn write(title: &str, pages: &[Page], fonts: &Fonts) -> Result<Vec<u8>, RenderError> {
    let mut used: BTreeMap<Weight, BTreeSet<char>> = BTreeMap::new();
    for item in pages.iter().flat_map(|p| &p.items) {
        if let Item::Text { weight, text, .. } = item {
            used.entry(*weight).or_default().extend(text.chars());
        }
    }
    let mut doc = PdfDocument::new(title);
    let mut ids = BTreeMap::new();
    for (weight, chars) in &used {
        let program = fonts.face(*weight).subset(chars)?;
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&program, 0, &mut warnings).ok_or_else(|| {
            RenderError::Font(format!("the subset font does not parse: {warnings:?}"))
        })?;
        // printpdf would name it after its random resource id; it is our subset (printpdf
        // only tags fonts it subsets itself).
        parsed.font_name = Some(fonts.face(*weight).subset_name(chars));
        ids.insert(*weight, doc.add_font(&parsed));
    }
    let pdf_pages = pages
        .iter()
        .map(|p| {
            PdfPage::new(
                p.width.to_pt().into(),
                p.height.to_pt().into(),
                page_ops(p, &ids),
            )
        })
        .collect();
    doc.with_pages(pdf_pages);
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
