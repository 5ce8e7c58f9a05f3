//! A purchase order as sent to the supplier: the company's letterhead (logo, name, tax id,
//! address, contact), the supplier where a window envelope shows it, the order's number, date
//! and expected delivery, the lines (description wrapped, quantity, unit price, VAT, amount)
//! with the column header repeated on every page, the totals by VAT rate boxed, the notes,
//! and "page x of y". Its words are its own (Spanish and English), kept here.

use crate::font::{Fonts, Weight};
use crate::i18n;
use crate::invoice::{decimal, issuer_block, Issuer, Recipient};
use crate::logo::Logo;
use crate::sheet::{
    self, footer_lines, Align, Flow, Pen, ACCENT, BAND, CONTENT_W, GREY, MARGIN, RIGHT, RULE, TEXT,
    WHITE,
};
use crate::units::Len;
use crate::RenderError;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use trastienda_core::money::format_grouped;
use trastienda_core::{Language, Money};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseOrderDocLine {
    pub description: String,
    pub quantity: Decimal,
    pub unit_price: Money,
    /// The VAT rate, a percentage ("21").
    pub vat_rate: Decimal,
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseOrderTax {
    pub vat_rate: Decimal,
    pub base: Money,
    pub vat: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseOrderDoc {
    /// The company ordering.
    pub issuer: Issuer,
    pub supplier: Recipient,
    pub number: String,
    pub date: NaiveDate,
    pub expected_date: Option<NaiveDate>,
    pub lines: Vec<PurchaseOrderDocLine>,
    pub taxes: Vec<PurchaseOrderTax>,
    pub base: Money,
    pub vat: Money,
    pub total: Money,
    /// One paragraph per entry.
    pub notes: Vec<String>,
    pub footer: Option<String>,
}

struct Words {
    title: &'static str,
    number: &'static str,
    date: &'static str,
    expected: &'static str,
    supplier: &'static str,
    description: &'static str,
    quantity: &'static str,
    unit_price: &'static str,
    vat: &'static str,
    amount: &'static str,
    base: &'static str,
    vat_at: &'static str,
    total: &'static str,
    notes: &'static str,
    intro: &'static str,
}

const ES: Words = Words {
    title: "PEDIDO DE COMPRA",
    number: "Número",
    date: "Fecha",
    expected: "Entrega prevista",
    supplier: "Proveedor",
    description: "Descripción",
    quantity: "Cantidad",
    unit_price: "Precio unit.",
    vat: "IVA",
    amount: "Importe",
    base: "Base imponible",
    vat_at: "IVA",
    total: "TOTAL PEDIDO",
    notes: "Observaciones",
    intro: "Les rogamos nos suministren los artículos siguientes en las condiciones indicadas. Indiquen el número de pedido en el albarán y en la factura.",
};

const EN: Words = Words {
    title: "PURCHASE ORDER",
    number: "Number",
    date: "Date",
    expected: "Expected delivery",
    supplier: "Supplier",
    description: "Description",
    quantity: "Quantity",
    unit_price: "Unit price",
    vat: "VAT",
    amount: "Amount",
    base: "Taxable base",
    vat_at: "VAT",
    total: "ORDER TOTAL",
    notes: "Notes",
    intro: "Please supply the following items on the terms stated. Quote the order number on the delivery note and on the invoice.",
};

fn words(lang: Language) -> &'static Words {
    match lang {
        Language::Es => &ES,
        Language::En => &EN,
    }
}

const SMALL: Len = Len::pt_tenths(85);
const BODY: Len = Len::pt(9);
const PARA_LINE: Len = Len::mm_tenths(45);
const HEAD_ROW: Len = Len::mm(7);
const ROW_LINE: Len = Len::mm_tenths(40);
const ROW_PAD: Len = Len::mm_tenths(20);
const CELL_PAD: Len = Len::mm_tenths(20);

fn euros(m: Money, lang: Language) -> String {
    format!("{} €", format_grouped(m, lang))
}

fn pct(d: Decimal, lang: Language) -> String {
    format!("{} %", decimal(d, 0, lang))
}

struct Col {
    title: &'static str,
    w: Len,
    align: Align,
}

fn columns(w: &Words) -> Vec<Col> {
    let mut cols = vec![
        Col {
            title: w.description,
            w: Len::ZERO,
            align: Align::Left,
        },
        Col {
            title: w.quantity,
            w: Len::mm(22),
            align: Align::Right,
        },
        Col {
            title: w.unit_price,
            w: Len::mm(26),
            align: Align::Right,
        },
        Col {
            title: w.vat,
            w: Len::mm(16),
            align: Align::Right,
        },
        Col {
            title: w.amount,
            w: Len::mm(28),
            align: Align::Right,
        },
    ];
    let fixed = cols[1..].iter().fold(Len::ZERO, |a, c| a + c.w);
    cols[0].w = CONTENT_W - fixed;
    cols
}

fn head_row(pen: &mut Pen<'_>, cols: &[Col], top: Len) -> Len {
    pen.fill(MARGIN, top, CONTENT_W, HEAD_ROW, ACCENT);
    let mut x = MARGIN;
    for c in cols {
        let anchor = if c.align == Align::Right {
            x + c.w - CELL_PAD
        } else {
            x + CELL_PAD
        };
        pen.fitted(
            anchor,
            c.w - CELL_PAD * 2,
            top + Len::mm_tenths(47),
            c.align,
            Weight::Bold,
            SMALL,
            WHITE,
            c.title,
        );
        x += c.w;
    }
    top + HEAD_ROW
}

/// The order as an A4 PDF.
pub fn purchase_order_pdf(doc: &PurchaseOrderDoc, lang: Language) -> Result<Vec<u8>, RenderError> {
    let fonts = Fonts::load()?;
    let logo = doc.issuer.logo.as_deref().map(Logo::parse).transpose()?;
    let w = words(lang);
    let tax_id_word = i18n::words(lang).tax_id;
    let header = |pen: &mut Pen<'_>, index: usize| -> Result<Len, RenderError> {
        if index > 0 {
            let b1 = MARGIN + Len::mm(5);
            pen.fitted(
                MARGIN,
                CONTENT_W / 2,
                b1,
                Align::Left,
                Weight::Bold,
                Len::pt(11),
                ACCENT,
                &doc.issuer.name,
            );
            let right = format!(
                "{} {} · {} · {}",
                w.title,
                doc.number,
                doc.supplier.name,
                i18n::date(doc.date)
            );
            pen.fitted(
                RIGHT,
                CONTENT_W / 2,
                b1,
                Align::Right,
                Weight::Regular,
                SMALL,
                TEXT,
                &right,
            );
            pen.rule(MARGIN, RIGHT, b1 + Len::mm(3), Len::pt_tenths(8), ACCENT);
            return Ok(b1 + Len::mm(8));
        }
        let issuer_bottom =
            issuer_block(pen, &doc.issuer, logo.as_ref(), MARGIN, Len::mm(95), lang);
        // The order's identity, top right.
        pen.fitted(
            RIGHT,
            Len::mm(80),
            MARGIN + Len::mm(7),
            Align::Right,
            Weight::Bold,
            Len::pt(15),
            ACCENT,
            w.title,
        );
        let mut facts = vec![
            (w.number, doc.number.clone()),
            (w.date, i18n::date(doc.date)),
        ];
        if let Some(e) = doc.expected_date {
            facts.push((w.expected, i18n::date(e)));
        }
        let mut y = MARGIN + Len::mm(13);
        for (label, value) in &facts {
            let weight = if *label == w.number {
                Weight::Bold
            } else {
                Weight::Regular
            };
            let vw = pen.width(weight, BODY, value);
            pen.text(RIGHT, y, Align::Right, weight, BODY, TEXT, value);
            pen.fitted(
                RIGHT - vw - Len::mm(3),
                Len::mm(40),
                y,
                Align::Right,
                Weight::Regular,
                SMALL,
                GREY,
                &format!("{label}:"),
            );
            y += PARA_LINE;
        }
        // The supplier where a right-window envelope (DL, 110 × 220) shows it.
        let ax = Len::mm(110);
        let aw = RIGHT - ax - Len::mm(4);
        let mut lines = vec![(doc.supplier.name.clone(), Weight::Bold)];
        if !doc.supplier.tax_id.is_empty() {
            lines.push((
                format!("{tax_id_word}: {}", doc.supplier.tax_id),
                Weight::Regular,
            ));
        }
        lines.extend(
            doc.supplier
                .address
                .iter()
                .map(|a| (a.clone(), Weight::Regular)),
        );
        if let Some(c) = &doc.supplier.country {
            lines.push((c.clone(), Weight::Regular));
        }
        let box_top = Len::mm(46).max(issuer_bottom + Len::mm(3)).max(y);
        let box_h = Len::mm(7) + PARA_LINE * lines.len() as i32 + Len::mm(2);
        pen.stroke(ax, box_top, RIGHT - ax, box_h);
        pen.fitted(
            ax + Len::mm(2),
            aw,
            box_top + Len::mm(4),
            Align::Left,
            Weight::Bold,
            Len::pt(7),
            GREY,
            &w.supplier.to_uppercase(),
        );
        let mut by = box_top + Len::mm(5);
        for (t, weight) in lines {
            by += PARA_LINE;
            pen.fitted(ax + Len::mm(2), aw, by, Align::Left, weight, BODY, TEXT, &t);
        }
        Ok((box_top + box_h).max(issuer_bottom) + Len::mm(8))
    };
    let footer = doc
        .footer
        .as_deref()
        .map(|f| footer_lines(&fonts, f))
        .unwrap_or_default();
    let mut flow = Flow::new(&fonts, &header, footer.len())?;

    let para = |flow: &mut Flow<'_, '_>, text: &str, weight: Weight| -> Result<(), RenderError> {
        for l in flow.pen.wrap(text, weight, BODY, CONTENT_W) {
            flow.ensure(PARA_LINE)?;
            flow.pen.text(
                MARGIN,
                flow.y + Len::mm_tenths(33),
                Align::Left,
                weight,
                BODY,
                TEXT,
                &l,
            );
            flow.y += PARA_LINE;
        }
        flow.y += Len::mm(2);
        Ok(())
    };
    para(&mut flow, w.intro, Weight::Regular)?;
    flow.y += Len::mm(1);

    // The lines, the column header on top of every page they reach.
    let cols = columns(w);
    flow.ensure(HEAD_ROW + ROW_LINE * 2)?;
    flow.y = head_row(&mut flow.pen, &cols, flow.y);
    for (i, l) in doc.lines.iter().enumerate() {
        let desc = flow.pen.wrap(
            &l.description,
            Weight::Regular,
            BODY,
            cols[0].w - CELL_PAD * 2,
        );
        let h = ROW_LINE * desc.len() as i32 + ROW_PAD;
        if flow.ensure(h)? {
            flow.y = head_row(&mut flow.pen, &cols, flow.y);
        }
        if i % 2 == 1 {
            flow.pen.fill(MARGIN, flow.y, CONTENT_W, h, BAND);
        }
        let baseline = flow.y + Len::mm_tenths(10) + Len::mm_tenths(30);
        for (k, d) in desc.iter().enumerate() {
            flow.pen.text(
                MARGIN + CELL_PAD,
                baseline + ROW_LINE * k as i32,
                Align::Left,
                Weight::Regular,
                BODY,
                TEXT,
                d,
            );
        }
        let cells = [
            decimal(l.quantity, 0, lang),
            decimal(l.unit_price.decimal(), 2, lang),
            pct(l.vat_rate, lang),
            format_grouped(l.amount, lang),
        ];
        let mut x = MARGIN + cols[0].w;
        for (c, t) in cols[1..].iter().zip(cells.iter()) {
            flow.pen.fitted(
                x + c.w - CELL_PAD,
                c.w - CELL_PAD * 2,
                baseline,
                Align::Right,
                Weight::Regular,
                BODY,
                TEXT,
                t,
            );
            x += c.w;
        }
        flow.y += h;
        flow.pen
            .rule(MARGIN, RIGHT, flow.y, Len::pt_tenths(4), RULE);
    }

    // Totals by rate, kept together, boxed at the right.
    let rows = doc.taxes.len() as i32 * 2 + 1;
    flow.ensure(ROW_LINE * (rows + 1) + Len::mm(14))?;
    flow.y += Len::mm(4);
    let box_w = Len::mm(95);
    let box_x = RIGHT - box_w;
    let box_top = flow.y;
    let line = |flow: &mut Flow<'_, '_>, label: &str, value: String| {
        flow.pen.fitted(
            box_x + CELL_PAD,
            box_w - Len::mm(36),
            flow.y + Len::mm_tenths(40),
            Align::Left,
            Weight::Regular,
            SMALL,
            GREY,
            label,
        );
        flow.pen.fitted(
            RIGHT - CELL_PAD,
            Len::mm(34),
            flow.y + Len::mm_tenths(40),
            Align::Right,
            Weight::Regular,
            BODY,
            TEXT,
            &value,
        );
        flow.y += Len::mm(5);
    };
    flow.y += Len::mm(1);
    for t in &doc.taxes {
        line(
            &mut flow,
            &format!("{} {}", w.base, pct(t.vat_rate, lang)),
            euros(t.base, lang),
        );
        line(
            &mut flow,
            &format!("{} {}", w.vat_at, pct(t.vat_rate, lang)),
            euros(t.vat, lang),
        );
    }
    if doc.taxes.len() > 1 {
        line(&mut flow, w.base, euros(doc.base, lang));
        line(&mut flow, w.vat_at, euros(doc.vat, lang));
    }
    flow.y += Len::mm(1);
    flow.pen.fill(box_x, flow.y, box_w, Len::mm(8), BAND);
    flow.pen.fitted(
        box_x + CELL_PAD,
        box_w - Len::mm(40),
        flow.y + Len::mm_tenths(55),
        Align::Left,
        Weight::Bold,
        Len::pt(10),
        ACCENT,
        w.total,
    );
    flow.pen.fitted(
        RIGHT - CELL_PAD,
        Len::mm(38),
        flow.y + Len::mm_tenths(55),
        Align::Right,
        Weight::Bold,
        Len::pt(10),
        ACCENT,
        &euros(doc.total, lang),
    );
    flow.y += Len::mm(8);
    flow.pen.stroke(box_x, box_top, box_w, flow.y - box_top);
    flow.y += Len::mm(8);

    let notes: Vec<&String> = doc.notes.iter().filter(|n| !n.trim().is_empty()).collect();
    if !notes.is_empty() {
        flow.ensure(PARA_LINE * 2)?;
        para(&mut flow, w.notes, Weight::Bold)?;
        flow.y = flow.y - Len::mm(2);
        for n in notes {
            para(&mut flow, n, Weight::Regular)?;
        }
    }

    let pages = flow.finish(&footer, |x, y| i18n::page_x_of_y(lang, x, y));
    sheet::write(
        &format!("{} {} - {}", w.title, doc.number, doc.supplier.name),
        &pages,
        logo.as_ref(),
        &fonts,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samples;
    use std::io::Write;
    use std::process::Command;

    /// An order of `n` lines (the first four as the demo's), 21 % and 10 %.
    pub(crate) fn sample(n: usize) -> PurchaseOrderDoc {
        let names = [
            "Tornillos rosca chapa 4x40 (caja 200 uds.)",
            "Taladro percutor 750 W con maletín, brocas para hormigón, madera y metal y empuñadura auxiliar",
            "Guantes de nitrilo talla L",
            "Cinta americana gris 50 mm x 25 m",
        ];
        let mut lines = Vec::new();
        for i in 0..n {
            let q = Decimal::from((i % 7 + 1) as i64);
            let price = Money::from_cents(1250 + (i as i64) * 37);
            let rate = if i % 3 == 2 { 10 } else { 21 };
            lines.push(PurchaseOrderDocLine {
                description: format!("{} #{}", names[i % names.len()], i + 1),
                quantity: q,
                unit_price: price,
                vat_rate: Decimal::from(rate),
                amount: Money::from_cents(price.cents() * (i as i64 % 7 + 1)),
            });
        }
        let mut taxes: Vec<PurchaseOrderTax> = Vec::new();
        for rate in [21, 10] {
            let base: Money = lines
                .iter()
                .filter(|l| l.vat_rate == Decimal::from(rate))
                .map(|l| l.amount)
                .sum();
            if !base.is_zero() {
                taxes.push(PurchaseOrderTax {
                    vat_rate: Decimal::from(rate),
                    base,
                    vat: Money::from_cents((base.cents() * rate + 50) / 100),
                });
            }
        }
        let base: Money = taxes.iter().map(|t| t.base).sum();
        let vat: Money = taxes.iter().map(|t| t.vat).sum();
        PurchaseOrderDoc {
            issuer: samples::issuer(true),
            supplier: samples::recipient(),
            number: "PO-2027-0007".into(),
            date: NaiveDate::from_ymd_opt(2027, 3, 2).unwrap(),
            expected_date: NaiveDate::from_ymd_opt(2027, 3, 9),
            lines,
            taxes,
            base,
            vat,
            total: base + vat,
            notes: vec!["Entregar en el almacén de la calle Feria, de 8 a 14 h.".into()],
            footer: Some(
                "Ferretería Martínez, S.L. · Inscrita en el Registro Mercantil de Albacete".into(),
            ),
        }
    }

    fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(pdf).unwrap();
        let path = file.path().to_str().unwrap().to_string();
        let mut all: Vec<&str> = args.to_vec();
        all.push(&path);
        if tool == "pdftotext" {
            all.push("-");
        }
        let out = Command::new(tool).args(&all).output().unwrap_or_else(|e| {
            panic!(
                "cannot run `{tool}` ({e}): install poppler-utils (scripts/setup-system.sh does)"
            )
        });
        assert!(out.status.success(), "{tool} failed");
        String::from_utf8(out.stdout).unwrap()
    }

    fn squash(s: &str) -> String {
        s.chars().filter(|c| !c.is_whitespace()).collect()
    }

    fn keep(name: &str, pdf: &[u8]) {
        if let Some(dir) = std::env::var_os("TRASTIENDA_RENDER_OUT") {
            std::fs::write(std::path::Path::new(&dir).join(name), pdf).unwrap();
        }
    }

    #[test]
    fn an_order_shows_its_parties_lines_and_totals() {
        let doc = sample(4);
        let pdf = purchase_order_pdf(&doc, Language::Es).unwrap();
        keep("purchase-order.pdf", &pdf);
        let text = squash(&poppler("pdftotext", &["-layout"], &pdf));
        for needle in [
            "PEDIDODECOMPRA",
            "PO-2027-0007",
            "02/03/2027",
            "09/03/2027",
            "FerreteríaMartínez,S.L.",
            "ConstruccionesHermanosGarcíaeHijos,S.A.",
            "A87654321",
            "Tornillosroscachapa4x40",
            "Guantesdenitrilo",
            "Entregarenelalmacén",
            "Página1de1",
        ] {
            assert!(text.contains(needle), "missing {needle} in {text}");
        }
        // Totals by rate and the order's total, in Spanish figures.
        for t in &doc.taxes {
            assert!(text.contains(&squash(&euros(t.base, Language::Es))));
            assert!(text.contains(&squash(&euros(t.vat, Language::Es))));
        }
        assert!(text.contains(&squash(&format!(
            "TOTALPEDIDO{}",
            euros(doc.total, Language::Es)
        ))));
    }

    #[test]
    fn a_long_order_repeats_its_header_on_every_page() {
        let doc = sample(60);
        let pdf = purchase_order_pdf(&doc, Language::En).unwrap();
        keep("purchase-order-60.pdf", &pdf);
        let pages: usize = poppler("pdfinfo", &[], &pdf)
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert!(pages >= 2, "{pages} pages");
        for p in 1..=pages {
            let ps = p.to_string();
            let t = squash(&poppler(
                "pdftotext",
                &["-layout", "-f", &ps, "-l", &ps],
                &pdf,
            ));
            assert!(
                t.contains("DescriptionQuantityUnitpriceVATAmount"),
                "page {p}: {t}"
            );
            assert!(t.contains(&format!("Page{p}of{pages}")), "page {p}");
        }
        let all = squash(&poppler("pdftotext", &["-layout"], &pdf));
        for i in 1..=60 {
            assert!(all.contains(&format!("#{i}")), "line {i} printed");
        }
        assert!(all.contains(&squash(&euros(doc.total, Language::En))));
    }
}
