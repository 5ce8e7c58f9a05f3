//! The invoice PDF (facturas, facturas simplificadas, rectificativas) with everything
//! RD 1619/2012 art. 6 asks an invoice to carry: number and series, issue date and the date
//! of the operation when it differs, the issuer's and the recipient's full names, tax ids and
//! addresses, each line's description, quantity, unit price and discount, the taxable base,
//! VAT rate and amount per rate (recargo de equivalencia too), the withholding, the total,
//! the legend of an exemption or reverse charge; for a credit note, the corrected invoice and
//! why. Then payment details, the logo and the VeriFactu QR code (Orden HAC/1177/2024: at the
//! top, 30 mm, with "QR tributario:" above and "VERI*FACTU" below).
//!
//! Page 1 carries the full header (letterhead, QR, title, the customer and invoice boxes);
//! the next pages a shorter one naming the issuer, the invoice and the customer. The column
//! titles repeat on every page; the tax breakdown, totals, legends and payment only follow
//! the last line, kept together.
//!
//! [`InvoiceDoc`] is plain data: the api fills it from the store, render never reads it.

use crate::font::{Fonts, Weight};
use crate::i18n::{self, SalesWords};
use crate::logo::Logo;
use crate::sheet::{
    self, footer_lines, Align, Flow, Mark, Pen, ACCENT, BAND, CONTENT_W, GREY, MARGIN, RIGHT, RULE,
    TEXT, WHITE,
};
use crate::units::Len;
use crate::RenderError;
use chrono::NaiveDate;
use printpdf::PdfDocument;
use rust_decimal::Decimal;
use trastienda_core::invoice::format_percent;
use trastienda_core::money::format_grouped;
use trastienda_core::{Language, Money};

/// Who issues the invoice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Issuer {
    pub name: String,
    pub tax_id: String,
    /// Address lines as printed (street; postcode and town; province; country).
    pub address: Vec<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// The account customers pay into (printed in the payment box when the invoice's
    /// payment details do not name another one).
    pub iban: Option<String>,
    /// The logo as PNG or JPEG bytes (printed at most 45 × 18 mm).
    pub logo: Option<Vec<u8>>,
}

/// Who receives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recipient {
    pub name: String,
    pub tax_id: String,
    pub address: Vec<String>,
    /// Printed under the address when set (foreign customers).
    pub country: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvoiceKind {
    Invoice,
    Simplified,
    CreditNote {
        corrected_number: String,
        corrected_date: NaiveDate,
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceDocLine {
    pub description: String,
    pub quantity: Decimal,
    pub unit_price: Decimal,
    /// Percent; zero prints blank.
    pub discount: Decimal,
    /// The line's tax as printed: "21 %", "Exenta", "ISP".
    pub tax: String,
    /// Quantity × price less discount, before tax.
    pub amount: Money,
}

/// One row of the tax breakdown: a VAT rate (and its recargo) with its base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxBreakdown {
    pub base: Money,
    pub vat_rate: Decimal,
    pub vat: Money,
    pub recargo_rate: Decimal,
    pub recargo: Money,
    /// Printed instead of the rate when set: "Exenta (E1)", "ISP".
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithholdingLine {
    pub rate: Decimal,
    /// Positive; printed as a deduction.
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub date: NaiveDate,
    pub amount: Money,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaymentDetails {
    /// "Transferencia bancaria", "Recibo domiciliado", ...
    pub method: String,
    /// Overrides the issuer's IBAN (a direct debit names the customer's).
    pub iban: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifactuQr {
    /// The verification URL the QR encodes (`core::verifactu::qr_url`).
    pub url: String,
    /// A VERI*FACTU system: prints "VERI*FACTU" and "Factura verificable en la sede
    /// electrónica de la AEAT" under the code.
    pub verifactu: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceDoc {
    pub issuer: Issuer,
    /// `None` only on a simplified invoice without the customer's details.
    pub recipient: Option<Recipient>,
    pub kind: InvoiceKind,
    pub series: String,
    /// The full number as issued, series included ("2027-0001").
    pub number: String,
    pub issue_date: NaiveDate,
    /// The date of the operation, when it is not the issue date.
    pub operation_date: Option<NaiveDate>,
    pub due: Vec<Due>,
    pub lines: Vec<InvoiceDocLine>,
    pub taxes: Vec<TaxBreakdown>,
    pub withholding: Option<WithholdingLine>,
    pub total: Money,
    /// Mentions the law asks for: the exemption's article, "Inversión del sujeto pasivo".
    pub legends: Vec<String>,
    pub payment: Option<PaymentDetails>,
    pub notes: Vec<String>,
    /// Printed small at the foot of every page (registry details, data protection).
    pub footer: Option<String>,
    pub qr: Option<VerifactuQr>,
}

// --- Geometry -------------------------------------------------------------------------

const NAME_SIZE: Len = Len::pt(13);
const SMALL: Len = Len::pt_tenths(85);
const TINY: Len = Len::pt_tenths(70);
const BODY: Len = Len::pt_tenths(85);
const LINE: Len = Len::mm_tenths(40);
const QR_SIDE: Len = Len::mm(30);
const LOGO_W: Len = Len::mm(45);
const LOGO_H: Len = Len::mm(18);
const BOX_TITLE_H: Len = Len::mm(6);
const PAD: Len = Len::mm(3);
const CELL_PAD: Len = Len::mm_tenths(15);
const COLHEAD_H: Len = Len::mm(7);
const ROW_PAD: Len = Len::mm_tenths(14);
/// Leading of the lines table (a wrapped description).
const ROW_LINE: Len = Len::mm_tenths(36);
const GAP: Len = Len::mm(6);

/// A money amount as printed in tables: grouped, no symbol.
fn amount(m: Money, lang: Language) -> String {
    format_grouped(m, lang)
}

fn euros(m: Money, lang: Language) -> String {
    format!("{} €", format_grouped(m, lang))
}

/// A decimal for people, at least `min_dp` decimals (prices keep their own precision).
pub(crate) fn decimal(d: Decimal, min_dp: u32, lang: Language) -> String {
    let mut d = d.normalize();
    if d.scale() < min_dp {
        d.rescale(min_dp);
    }
    let s = d.abs().to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let (thousands, point) = match lang {
        Language::Es => ('.', ','),
        Language::En => (',', '.'),
    };
    let mut out = String::new();
    if d.is_sign_negative() && !d.is_zero() {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(thousands);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    out
}

fn pct(d: Decimal, lang: Language) -> String {
    format!("{} %", format_percent(d, lang))
}

fn title(kind: &InvoiceKind, w: &SalesWords) -> &'static str {
    match kind {
        InvoiceKind::Invoice => w.invoice,
        InvoiceKind::Simplified => w.simplified,
        InvoiceKind::CreditNote { .. } => w.credit_note,
    }
}

/// The issuer block (logo, name, tax id, address, contact) from `top`; returns its bottom.
pub(crate) fn issuer_block(
    pen: &mut Pen<'_>,
    issuer: &Issuer,
    logo: Option<&Logo>,
    top: Len,
    width: Len,
    lang: Language,
) -> Len {
    let mut y = top;
    if let Some(l) = logo {
        let (w, h) = logo_box(l);
        pen.marks.push(Mark::Logo {
            x: MARGIN,
            top: y,
            w,
            h,
        });
        y += h + Len::mm(3);
    }
    y += Len::mm_tenths(45);
    pen.fitted(
        MARGIN,
        width,
        y,
        Align::Left,
        Weight::Bold,
        NAME_SIZE,
        ACCENT,
        &issuer.name,
    );
    y += Len::mm_tenths(50);
    let words = i18n::words(lang);
    let mut lines = vec![format!("{}: {}", words.tax_id, issuer.tax_id)];
    lines.extend(issuer.address.iter().cloned());
    let contact: Vec<String> = [
        issuer
            .phone
            .as_ref()
            .map(|p| format!("{} {p}", i18n::sales_words(lang).phone)),
        issuer.email.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !contact.is_empty() {
        lines.push(contact.join(" · "));
    }
    for l in lines {
        pen.fitted(
            MARGIN,
            width,
            y,
            Align::Left,
            Weight::Regular,
            SMALL,
            TEXT,
            &l,
        );
        y += LINE;
    }
    y
}

/// The logo's printed size: its aspect ratio inside `LOGO_W` × `LOGO_H`.
fn logo_box(l: &Logo) -> (Len, Len) {
    let (pw, ph) = (i64::from(l.width.max(1)), i64::from(l.height.max(1)));
    // Width-limited unless that makes it too tall.
    let h_at_full_w = i64::from(LOGO_W.0) * ph / pw;
    if h_at_full_w <= i64::from(LOGO_H.0) {
        (LOGO_W, Len(i32::try_from(h_at_full_w).unwrap_or(LOGO_H.0)))
    } else {
        let w = i64::from(LOGO_H.0) * pw / ph;
        (Len(i32::try_from(w).unwrap_or(LOGO_W.0)), LOGO_H)
    }
}

/// A box with a banded title; `lines` are (label, value) pairs or plain lines (empty
/// label). Returns its height.
#[allow(clippy::too_many_arguments)]
fn boxed(
    pen: &mut Pen<'_>,
    x: Len,
    top: Len,
    w: Len,
    min_h: Len,
    caption: &str,
    lines: &[(String, String, Weight)],
    label_w: Len,
) -> Len {
    let h = (BOX_TITLE_H + PAD + LINE * lines.len() as i32 + Len::mm(1)).max(min_h);
    pen.fill(x, top, w, BOX_TITLE_H, BAND);
    pen.stroke(x, top, w, h);
    pen.text(
        x + PAD,
        top + Len::mm_tenths(42),
        Align::Left,
        Weight::Bold,
        Len::pt(8),
        ACCENT,
        &caption.to_uppercase(),
    );
    let mut y = top + BOX_TITLE_H + PAD + Len::mm_tenths(15);
    for (label, value, weight) in lines {
        if label.is_empty() {
            pen.fitted(
                x + PAD,
                w - PAD * 2,
                y,
                Align::Left,
                *weight,
                SMALL,
                TEXT,
                value,
            );
        } else {
            pen.fitted(
                x + PAD,
                label_w,
                y,
                Align::Left,
                Weight::Regular,
                SMALL,
                GREY,
                label,
            );
            pen.fitted(
                x + PAD + label_w,
                w - PAD * 2 - label_w,
                y,
                Align::Left,
                *weight,
                SMALL,
                TEXT,
                value,
            );
        }
        y += LINE;
    }
    h
}

// --- Lines table ------------------------------------------------------------------------

struct Col {
    title: &'static str,
    w: Len,
    align: Align,
}

fn columns(w: &SalesWords) -> Vec<Col> {
    let fixed = [
        (w.quantity, Len::mm(17)),
        (w.unit_price, Len::mm(22)),
        (w.discount, Len::mm(14)),
        (w.vat, Len::mm(17)),
        (w.amount, Len::mm(25)),
    ];
    let used = fixed.iter().fold(Len::ZERO, |a, (_, w)| a + *w);
    let mut cols = vec![Col {
        title: w.description,
        w: CONTENT_W - used,
        align: Align::Left,
    }];
    cols.extend(fixed.into_iter().map(|(t, w)| Col {
        title: t,
        w,
        align: Align::Right,
    }));
    cols
}

fn column_header(pen: &mut Pen<'_>, cols: &[Col], top: Len) -> Len {
    pen.fill(MARGIN, top, CONTENT_W, COLHEAD_H, ACCENT);
    let mut x = MARGIN;
    for c in cols {
        let (at, avail) = (x + CELL_PAD, c.w - CELL_PAD * 2);
        let anchor = if c.align == Align::Right {
            at + avail
        } else {
            at
        };
        pen.fitted(
            anchor,
            avail,
            top + Len::mm_tenths(47),
            c.align,
            Weight::Bold,
            Len::pt(8),
            WHITE,
            c.title,
        );
        x += c.w;
    }
    top + COLHEAD_H + Len::mm(1)
}

/// A line's cells and its description wrapped to the first column.
fn line_cells(
    l: &InvoiceDocLine,
    desc_w: Len,
    fonts: &Fonts,
    lang: Language,
) -> (Vec<String>, Vec<String>) {
    let desc = sheet::wrap(fonts, &l.description, Weight::Regular, BODY, desc_w);
    let discount = if l.discount.is_zero() {
        String::new()
    } else {
        format_percent(l.discount, lang)
    };
    (
        desc,
        vec![
            decimal(l.quantity, 0, lang),
            decimal(l.unit_price, 2, lang),
            discount,
            l.tax.clone(),
            amount(l.amount, lang),
        ],
    )
}

fn row_height(desc_lines: usize) -> Len {
    ROW_LINE * i32::try_from(desc_lines.max(1)).unwrap_or(1) + ROW_PAD
}

// --- The end: taxes, totals, legends, payment, notes ------------------------------------

/// Draws the end section at `top` (or measures it when `pen` is `None`); returns its height.
fn end_section<'f>(
    doc: &InvoiceDoc,
    fonts: &'f Fonts,
    pen: Option<&mut Pen<'f>>,
    top: Len,
    lang: Language,
) -> Len {
    let w = i18n::sales_words(lang);
    let mut scratch = Pen::new(fonts);
    let pen = pen.unwrap_or(&mut scratch);
    let mut y = top + Len::mm(4);

    // Tax breakdown (left) and totals box (right), side by side.
    let with_recargo = doc
        .taxes
        .iter()
        .any(|t| !t.recargo.is_zero() || !t.recargo_rate.is_zero());
    // The rate column widens for labels such as "Exenta (E5)" (up to what leaves room).
    let rate_w = doc
        .taxes
        .iter()
        .filter_map(|t| t.label.as_deref())
        .map(|l| pen.width(Weight::Regular, BODY, l) + CELL_PAD * 2)
        .fold(Len::mm(16), Len::max)
        .min(Len::mm(if with_recargo { 22 } else { 40 }));
    let mut tcols: Vec<(&str, Len)> = vec![
        (w.base, Len::mm(26)),
        (w.vat_rate, rate_w),
        (w.vat_amount, Len::mm(22)),
    ];
    if with_recargo {
        tcols.push((w.recargo_rate, Len::mm(16)));
        tcols.push((w.recargo_amount, Len::mm(20)));
    }
    let tax_w = tcols.iter().fold(Len::ZERO, |a, c| a + c.1);
    let row = Len::mm_tenths(55);
    let mut ty = y;
    pen.fill(MARGIN, ty, tax_w, row, BAND);
    let mut x = MARGIN;
    for (t, cw) in &tcols {
        pen.fitted(
            x + *cw - CELL_PAD,
            *cw - CELL_PAD * 2,
            ty + Len::mm_tenths(38),
            Align::Right,
            Weight::Bold,
            Len::pt_tenths(75),
            ACCENT,
            t,
        );
        x += *cw;
    }
    ty += row;
    for t in &doc.taxes {
        let mut cells = vec![
            amount(t.base, lang),
            t.label.clone().unwrap_or_else(|| pct(t.vat_rate, lang)),
            amount(t.vat, lang),
        ];
        if with_recargo {
            cells.push(if t.recargo_rate.is_zero() {
                String::new()
            } else {
                pct(t.recargo_rate, lang)
            });
            cells.push(if t.recargo_rate.is_zero() {
                String::new()
            } else {
                amount(t.recargo, lang)
            });
        }
        let mut x = MARGIN;
        for ((_, cw), c) in tcols.iter().zip(&cells) {
            pen.fitted(
                x + *cw - CELL_PAD,
                *cw - CELL_PAD * 2,
                ty + Len::mm_tenths(38),
                Align::Right,
                Weight::Regular,
                BODY,
                TEXT,
                c,
            );
            x += *cw;
        }
        pen.rule(MARGIN, MARGIN + tax_w, ty + row, Len::pt_tenths(4), RULE);
        ty += row;
    }

    // Totals.
    let base: Money = doc.taxes.iter().map(|t| t.base).sum();
    let vat: Money = doc.taxes.iter().map(|t| t.vat).sum();
    let recargo: Money = doc.taxes.iter().map(|t| t.recargo).sum();
    let mut rows: Vec<(String, String)> = vec![
        (w.base.to_string(), euros(base, lang)),
        (w.vat.to_string(), euros(vat, lang)),
    ];
    if !recargo.is_zero() {
        rows.push((w.recargo.to_string(), euros(recargo, lang)));
    }
    if let Some(wh) = &doc.withholding {
        rows.push((
            format!("{} {}", w.withholding, pct(wh.rate, lang)),
            euros(-wh.amount, lang),
        ));
    }
    let box_w = Len::mm(72);
    let box_x = RIGHT - box_w;
    let mut by = y;
    for (label, value) in &rows {
        // The label gets what the amount leaves.
        let value_w = pen.width(Weight::Regular, BODY, value).max(Len::mm(16));
        pen.fitted(
            box_x + PAD,
            box_w - PAD * 2 - value_w - Len::mm(2),
            by + Len::mm_tenths(40),
            Align::Left,
            Weight::Regular,
            BODY,
            GREY,
            label,
        );
        pen.fitted(
            RIGHT - PAD,
            Len::mm(28),
            by + Len::mm_tenths(40),
            Align::Right,
            Weight::Regular,
            BODY,
            TEXT,
            value,
        );
        by += row;
    }
    let total_h = Len::mm(9);
    pen.fill(box_x, by + Len::mm(1), box_w, total_h, ACCENT);
    pen.fitted(
        box_x + PAD,
        box_w - Len::mm(36),
        by + Len::mm(1) + Len::mm_tenths(61),
        Align::Left,
        Weight::Bold,
        Len::pt(10),
        WHITE,
        w.total_invoice,
    );
    pen.fitted(
        RIGHT - PAD,
        Len::mm(34),
        by + Len::mm(1) + Len::mm_tenths(61),
        Align::Right,
        Weight::Bold,
        Len::pt(11),
        WHITE,
        &euros(doc.total, lang),
    );
    by += Len::mm(1) + total_h;
    pen.stroke(box_x, y, box_w, by - y);
    y = ty.max(by) + GAP;

    // Legends, credit note citation.
    let mut legends: Vec<String> = Vec::new();
    if let InvoiceKind::CreditNote {
        corrected_number,
        corrected_date,
        reason,
    } = &doc.kind
    {
        legends.push(i18n::corrects_legend(
            lang,
            corrected_number,
            *corrected_date,
            reason,
        ));
    }
    legends.extend(doc.legends.iter().cloned());
    for l in &legends {
        let lines = pen.wrap(l, Weight::Bold, BODY, CONTENT_W - Len::mm(4));
        let h = LINE * lines.len() as i32;
        pen.fill(
            MARGIN,
            y - Len::mm(1),
            Len::mm_tenths(8),
            h + Len::mm(1),
            ACCENT,
        );
        for (i, t) in lines.iter().enumerate() {
            pen.text(
                MARGIN + Len::mm(3),
                y + Len::mm_tenths(28) + LINE * i as i32,
                Align::Left,
                Weight::Bold,
                BODY,
                TEXT,
                t,
            );
        }
        y += h + Len::mm(2);
    }
    if !legends.is_empty() {
        y += Len::mm(2);
    }

    // Payment.
    let iban = doc
        .payment
        .as_ref()
        .and_then(|p| p.iban.clone())
        .or_else(|| doc.issuer.iban.clone());
    if doc.payment.is_some() || !doc.due.is_empty() || iban.is_some() {
        let mut lines: Vec<(String, String, Weight)> = Vec::new();
        if let Some(p) = &doc.payment {
            if !p.method.is_empty() {
                lines.push((String::new(), p.method.clone(), Weight::Bold));
            }
        }
        if let Some(iban) = &iban {
            lines.push(("IBAN".into(), iban.clone(), Weight::Bold));
        }
        for (i, d) in doc.due.iter().enumerate() {
            let label = if i == 0 {
                if doc.due.len() > 1 {
                    w.due_dates
                } else {
                    w.due_date
                }
            } else {
                ""
            };
            let label = if label.is_empty() {
                " ".to_string()
            } else {
                label.to_string()
            };
            lines.push((
                label,
                format!("{}   {}", i18n::date(d.date), euros(d.amount, lang)),
                Weight::Regular,
            ));
        }
        let h = boxed(
            pen,
            MARGIN,
            y,
            CONTENT_W,
            Len::ZERO,
            w.payment,
            &lines,
            Len::mm(30),
        );
        y += h + GAP;
    }

    // Notes.
    if !doc.notes.is_empty() {
        pen.text(
            MARGIN,
            y + Len::mm_tenths(30),
            Align::Left,
            Weight::Bold,
            Len::pt(8),
            ACCENT,
            &w.notes.to_uppercase(),
        );
        y += LINE + Len::mm(1);
        for n in &doc.notes {
            for t in pen.wrap(n, Weight::Regular, SMALL, CONTENT_W) {
                pen.text(
                    MARGIN,
                    y + Len::mm_tenths(30),
                    Align::Left,
                    Weight::Regular,
                    SMALL,
                    TEXT,
                    &t,
                );
                y += LINE;
            }
        }
    }
    y - top
}

// --- Headers ----------------------------------------------------------------------------

/// The first page's header; returns where the lines table starts.
fn first_header(
    doc: &InvoiceDoc,
    logo: Option<&Logo>,
    pen: &mut Pen<'_>,
    lang: Language,
) -> Result<Len, RenderError> {
    let w = i18n::sales_words(lang);
    let words = i18n::words(lang);
    let qr_x = RIGHT - QR_SIDE;
    let issuer_w = Len::mm(95);
    let issuer_bottom = issuer_block(pen, &doc.issuer, logo, MARGIN, issuer_w, lang);

    // QR, top right, with its legends.
    let mut qr_bottom = MARGIN;
    if let Some(qr) = &doc.qr {
        pen.text(
            qr_x + QR_SIDE / 2,
            MARGIN + Len::mm_tenths(25),
            Align::Center,
            Weight::Regular,
            TINY,
            GREY,
            w.tax_qr,
        );
        let top = MARGIN + Len::mm(5);
        pen.qr(&qr.url, qr_x, top, QR_SIDE)?;
        qr_bottom = top + QR_SIDE;
        if qr.verifactu {
            pen.text(
                qr_x + QR_SIDE / 2,
                qr_bottom + Len::mm_tenths(40),
                Align::Center,
                Weight::Bold,
                Len::pt(8),
                TEXT,
                "VERI*FACTU",
            );
            qr_bottom += Len::mm_tenths(45);
            for (i, t) in pen
                .wrap(
                    "Factura verificable en la sede electrónica de la AEAT",
                    Weight::Regular,
                    Len::pt_tenths(60),
                    QR_SIDE + Len::mm(4),
                )
                .iter()
                .enumerate()
            {
                pen.text(
                    qr_x + QR_SIDE / 2,
                    qr_bottom + Len::mm_tenths(30) + Len::mm_tenths(27) * i as i32,
                    Align::Center,
                    Weight::Regular,
                    Len::pt_tenths(60),
                    GREY,
                    t,
                );
            }
            qr_bottom += Len::mm_tenths(60);
        }
    }

    // Title and number, right-aligned left of the QR.
    let title_right = if doc.qr.is_some() {
        qr_x - Len::mm(6)
    } else {
        RIGHT
    };
    let title_w = title_right - MARGIN - issuer_w;
    pen.fitted(
        title_right,
        title_w,
        MARGIN + Len::mm(8),
        Align::Right,
        Weight::Bold,
        Len::pt(18),
        ACCENT,
        title(&doc.kind, w),
    );
    pen.fitted(
        title_right,
        title_w,
        MARGIN + Len::mm(15),
        Align::Right,
        Weight::Bold,
        Len::pt(11),
        TEXT,
        &doc.number,
    );
    pen.fitted(
        title_right,
        title_w,
        MARGIN + Len::mm(20),
        Align::Right,
        Weight::Regular,
        SMALL,
        GREY,
        &i18n::date(doc.issue_date),
    );

    let top = issuer_bottom.max(qr_bottom).max(MARGIN + Len::mm(24)) + Len::mm(4);

    // Customer box (left) and invoice box (right).
    let right_w = Len::mm(78);
    let left_w = CONTENT_W - right_w - Len::mm(4);
    let mut details: Vec<(String, String, Weight)> = vec![
        (w.number.into(), doc.number.clone(), Weight::Bold),
        (w.series.into(), doc.series.clone(), Weight::Regular),
        (
            w.issue_date.into(),
            i18n::date(doc.issue_date),
            Weight::Regular,
        ),
    ];
    if let Some(d) = doc.operation_date {
        details.push((w.operation_date.into(), i18n::date(d), Weight::Regular));
    }
    if let Some(first) = doc.due.first() {
        details.push((w.due_date.into(), i18n::date(first.date), Weight::Regular));
    }
    if let InvoiceKind::CreditNote {
        corrected_number,
        corrected_date,
        ..
    } = &doc.kind
    {
        details.push((w.corrects.into(), corrected_number.clone(), Weight::Bold));
        details.push((
            w.corrects_dated.into(),
            i18n::date(*corrected_date),
            Weight::Regular,
        ));
    }
    let mut customer: Vec<(String, String, Weight)> = Vec::new();
    if let Some(r) = &doc.recipient {
        customer.push((String::new(), r.name.clone(), Weight::Bold));
        if !r.tax_id.is_empty() {
            customer.push((
                String::new(),
                format!("{}: {}", words.tax_id, r.tax_id),
                Weight::Regular,
            ));
        }
        customer.extend(
            r.address
                .iter()
                .map(|a| (String::new(), a.clone(), Weight::Regular)),
        );
        if let Some(c) = &r.country {
            customer.push((String::new(), c.clone(), Weight::Regular));
        }
    }
    let rows = details.len().max(customer.len());
    let h = BOX_TITLE_H + PAD + LINE * rows as i32 + Len::mm(1);
    if doc.recipient.is_some() || doc.kind != InvoiceKind::Simplified {
        boxed(
            pen,
            MARGIN,
            top,
            left_w,
            h,
            w.customer,
            &customer,
            Len::ZERO,
        );
    }
    boxed(
        pen,
        RIGHT - right_w,
        top,
        right_w,
        h,
        w.details,
        &details,
        Len::mm(34),
    );
    Ok(top + h + GAP)
}

/// The header of the pages after the first: issuer, document and customer on two lines.
fn next_header(doc: &InvoiceDoc, pen: &mut Pen<'_>, lang: Language) -> Len {
    let w = i18n::sales_words(lang);
    let words = i18n::words(lang);
    let half = CONTENT_W / 2 - Len::mm(2);
    let b1 = MARGIN + Len::mm(5);
    let b2 = b1 + Len::mm(5);
    pen.fitted(
        MARGIN,
        half,
        b1,
        Align::Left,
        Weight::Bold,
        Len::pt(11),
        ACCENT,
        &doc.issuer.name,
    );
    pen.fitted(
        MARGIN,
        half,
        b2,
        Align::Left,
        Weight::Regular,
        SMALL,
        TEXT,
        &format!("{}: {}", words.tax_id, doc.issuer.tax_id),
    );
    let doc_line = format!(
        "{} {} · {} ({})",
        title(&doc.kind, w),
        doc.number,
        i18n::date(doc.issue_date),
        w.continued
    );
    pen.fitted(
        RIGHT,
        half,
        b1,
        Align::Right,
        Weight::Bold,
        Len::pt(10),
        ACCENT,
        &doc_line,
    );
    if let Some(r) = &doc.recipient {
        let who = format!(
            "{}: {} · {}: {}",
            w.customer, r.name, words.tax_id, r.tax_id
        );
        pen.fitted(
            RIGHT,
            half,
            b2,
            Align::Right,
            Weight::Regular,
            SMALL,
            TEXT,
            &who,
        );
    }
    let rule = b2 + Len::mm(3);
    pen.rule(MARGIN, RIGHT, rule, Len::pt_tenths(8), ACCENT);
    rule + Len::mm(4)
}

// --- Assembly ---------------------------------------------------------------------------

fn pages(
    doc: &InvoiceDoc,
    logo: Option<&Logo>,
    fonts: &Fonts,
    lang: Language,
) -> Result<Vec<Vec<Mark>>, RenderError> {
    let w = i18n::sales_words(lang);
    let cols = columns(w);
    let header = |pen: &mut Pen<'_>, index: usize| -> Result<Len, RenderError> {
        if index == 0 {
            first_header(doc, logo, pen, lang)
        } else {
            Ok(next_header(doc, pen, lang))
        }
    };
    let footer = doc
        .footer
        .as_deref()
        .map(|f| footer_lines(fonts, f))
        .unwrap_or_default();
    let mut flow = Flow::new(fonts, &header, footer.len())?;
    flow.y = column_header(&mut flow.pen, &cols, flow.y);
    let desc_w = cols[0].w - CELL_PAD * 2;
    let end_h = end_section(doc, fonts, None, Len::ZERO, lang);
    let n = doc.lines.len();
    for (i, line) in doc.lines.iter().enumerate() {
        let (desc, cells) = line_cells(line, desc_w, fonts, lang);
        let h = row_height(desc.len());
        // The last line goes over with the totals rather than leave them alone on a page.
        let keep_with_end = i + 1 == n && i > 0 && h + end_h < Len::mm(150);
        if keep_with_end && flow.y + h + end_h > flow.bottom || flow.y + h > flow.bottom {
            flow.new_page()?;
            flow.y = column_header(&mut flow.pen, &cols, flow.y);
        }
        let top = flow.y;
        let base = top + Len::mm_tenths(34);
        for (k, t) in desc.iter().enumerate() {
            flow.pen.text(
                MARGIN + CELL_PAD,
                base + LINE * k as i32,
                Align::Left,
                Weight::Regular,
                BODY,
                TEXT,
                t,
            );
        }
        let mut x = MARGIN + cols[0].w;
        for (c, text) in cols[1..].iter().zip(&cells) {
            flow.pen.fitted(
                x + c.w - CELL_PAD,
                c.w - CELL_PAD * 2,
                base,
                Align::Right,
                Weight::Regular,
                BODY,
                TEXT,
                text,
            );
            x += c.w;
        }
        flow.pen
            .rule(MARGIN, RIGHT, top + h, Len::pt_tenths(4), RULE);
        flow.y += h;
    }
    flow.ensure(end_h)?;
    let top = flow.y;
    end_section(doc, fonts, Some(&mut flow.pen), top, lang);
    Ok(flow.finish(&footer, |x, y| i18n::page_x_of_y(lang, x, y)))
}

fn pdf_title(doc: &InvoiceDoc, lang: Language) -> String {
    let w = i18n::sales_words(lang);
    let t = title(&doc.kind, w);
    let mut chars = t.chars();
    let t = match chars.next() {
        Some(c) => c.to_string() + &chars.as_str().to_lowercase(),
        None => String::new(),
    };
    format!("{t} {} - {}", doc.number, doc.issuer.name)
}

fn logo_of(doc: &InvoiceDoc) -> Result<Option<Logo>, RenderError> {
    doc.issuer.logo.as_deref().map(Logo::parse).transpose()
}

/// The invoice as an A4 PDF.
pub fn invoice_pdf(doc: &InvoiceDoc, lang: Language) -> Result<Vec<u8>, RenderError> {
    let fonts = Fonts::load()?;
    invoice_with(doc, lang, &fonts)
}

fn invoice_with(doc: &InvoiceDoc, lang: Language, fonts: &Fonts) -> Result<Vec<u8>, RenderError> {
    let logo = logo_of(doc)?;
    let pages = pages(doc, logo.as_ref(), fonts, lang)?;
    sheet::write(&pdf_title(doc, lang), &pages, logo.as_ref(), fonts)
}

/// Checks that `bytes` is a logo an invoice can print (PNG or JPEG, not interlaced), so it
/// can be refused when it is set rather than when an invoice is printed.
pub fn check_logo(bytes: &[u8]) -> Result<(), RenderError> {
    Logo::parse(bytes).map(|_| ())
}

/// One PDF per invoice, in order; `progress(done, total)` after each, on the calling
/// thread. The invoices are shared among as many threads as the machine has cores; the first
/// error stops the batch.
pub fn invoices_pdf_batch(
    docs: &[InvoiceDoc],
    lang: Language,
    mut progress: impl FnMut(usize, usize),
) -> Result<Vec<Vec<u8>>, RenderError> {
    let fonts = Fonts::load()?;
    let total = docs.len();
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(total.max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failed = std::sync::atomic::AtomicBool::new(false);
    let mut out: Vec<Option<Vec<u8>>> = vec![None; total];
    std::thread::scope(|scope| -> Result<(), RenderError> {
        let (tx, rx) = std::sync::mpsc::channel();
        for _ in 0..workers {
            let tx = tx.clone();
            let (fonts, next, failed) = (&fonts, &next, &failed);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= total || failed.load(std::sync::atomic::Ordering::Relaxed) {
                    break;
                }
                let result = invoice_with(&docs[i], lang, fonts);
                if result.is_err() {
                    failed.store(true, std::sync::atomic::Ordering::Relaxed);
                }
                if tx.send((i, result)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut done = 0;
        for (i, result) in rx {
            out[i] = Some(result?);
            done += 1;
            progress(done, total);
        }
        Ok(())
    })?;
    Ok(out.into_iter().flatten().collect())
}

/// All the invoices in one PDF, each starting on its own page with its own "page x of y";
/// `progress(done, total)` after each is laid out.
pub fn invoices_pdf_combined(
    docs: &[InvoiceDoc],
    lang: Language,
    mut progress: impl FnMut(usize, usize),
) -> Result<Vec<u8>, RenderError> {
    let fonts = Fonts::load()?;
    let mut all: Vec<Vec<Mark>> = Vec::new();
    let mut logo: Option<Logo> = None;
    let mut logo_bytes: Option<&[u8]> = None;
    for (i, doc) in docs.iter().enumerate() {
        // One logo per file: the first invoice's. Invoices of one company share it; others
        // print without.
        let this = doc.issuer.logo.as_deref();
        if logo_bytes.is_none() && this.is_some() {
            logo = logo_of(doc)?;
            logo_bytes = this;
        }
        let own = if this == logo_bytes {
            logo.as_ref()
        } else {
            None
        };
        all.extend(pages(doc, own, &fonts, lang)?);
        progress(i + 1, docs.len());
    }
    let mut pdf = PdfDocument::new(match lang {
        Language::Es => "Facturas",
        Language::En => "Invoices",
    });
    let pages = sheet::add_pages(&mut pdf, &all, logo.as_ref(), &fonts)?;
    pdf.with_pages(pages);
    sheet::save(pdf)
}
