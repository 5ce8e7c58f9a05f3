//! Dunning letters at three levels: a friendly reminder, a firm request and a final notice
//! that may claim late-payment interest and the recovery costs of Ley 3/2004 (arts. 7 and 8).
//! A letter: letterhead, the addressee where a window envelope shows it, the words of its
//! level, a table of the overdue invoices with what each owes, how to pay, a signature.

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReminderLevel {
    /// 1: a friendly reminder.
    Friendly,
    /// 2: a firm request with a deadline.
    Firm,
    /// 3: the final notice before legal action.
    Final,
}

impl ReminderLevel {
    fn index(self) -> usize {
        match self {
            ReminderLevel::Friendly => 0,
            ReminderLevel::Firm => 1,
            ReminderLevel::Final => 2,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueInvoice {
    pub number: String,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub days_overdue: i64,
    /// What is still unpaid.
    pub open: Money,
    /// Late-payment interest to date (final notices that claim it).
    pub interest: Option<Money>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub issuer: Issuer,
    pub recipient: Recipient,
    pub level: ReminderLevel,
    pub date: NaiveDate,
    /// Where the letter is signed ("Albacete, 01/06/2027").
    pub place: Option<String>,
    pub invoices: Vec<OverdueInvoice>,
    /// The yearly rate the interest was computed at, printed with its legal basis.
    pub interest_rate: Option<Decimal>,
    /// The fixed compensation of art. 8 Ley 3/2004 (40 € per invoice), when claimed.
    pub recovery_costs: Option<Money>,
    /// Paragraphs replacing the level's standard text.
    pub text: Option<Vec<String>>,
    pub footer: Option<String>,
}

const SMALL: Len = Len::pt_tenths(85);
const BODY: Len = Len::pt(10);
const PARA_LINE: Len = Len::mm_tenths(48);
const ROW: Len = Len::mm_tenths(60);
const CELL_PAD: Len = Len::mm_tenths(20);

fn euros(m: Money, lang: Language) -> String {
    format!("{} €", format_grouped(m, lang))
}

struct Col {
    title: &'static str,
    w: Len,
    align: Align,
}

fn cells_row(
    pen: &mut Pen<'_>,
    cols: &[Col],
    cells: &[String],
    top: Len,
    weight: Weight,
    color: sheet::Rgb8,
) {
    let mut x = MARGIN;
    for (c, t) in cols.iter().zip(cells) {
        let anchor = if c.align == Align::Right {
            x + c.w - CELL_PAD
        } else {
            x + CELL_PAD
        };
        pen.fitted(
            anchor,
            c.w - CELL_PAD * 2,
            top + Len::mm_tenths(42),
            c.align,
            weight,
            SMALL,
            color,
            t,
        );
        x += c.w;
    }
}

fn head_row(pen: &mut Pen<'_>, cols: &[Col], top: Len) -> Len {
    let w = cols.iter().fold(Len::ZERO, |a, c| a + c.w);
    pen.fill(MARGIN, top, w, ROW, ACCENT);
    let titles: Vec<String> = cols.iter().map(|c| c.title.to_string()).collect();
    cells_row(pen, cols, &titles, top, Weight::Bold, WHITE);
    top + ROW
}

/// The letter as an A4 PDF.
pub fn reminder_pdf(r: &Reminder, lang: Language) -> Result<Vec<u8>, RenderError> {
    let fonts = Fonts::load()?;
    let logo = r.issuer.logo.as_deref().map(Logo::parse).transpose()?;
    let w = i18n::sales_words(lang);
    let words = i18n::words(lang);
    let title = w.reminder_titles[r.level.index()];
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
                &r.issuer.name,
            );
            let right = format!("{title} · {} · {}", r.recipient.name, i18n::date(r.date));
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
        let issuer_bottom = issuer_block(pen, &r.issuer, logo.as_ref(), MARGIN, Len::mm(95), lang);
        pen.fitted(
            RIGHT,
            Len::mm(80),
            MARGIN + Len::mm(7),
            Align::Right,
            Weight::Bold,
            Len::pt(15),
            ACCENT,
            title,
        );
        let when = match &r.place {
            Some(p) => format!("{p}, {}", i18n::date(r.date)),
            None => i18n::date(r.date),
        };
        pen.fitted(
            RIGHT,
            Len::mm(80),
            MARGIN + Len::mm(13),
            Align::Right,
            Weight::Regular,
            SMALL,
            TEXT,
            &when,
        );
        // The addressee where a right-window envelope (DL, 110 × 220) shows it.
        let ax = Len::mm(110);
        let mut y = Len::mm(50).max(issuer_bottom + Len::mm(4));
        let aw = RIGHT - ax;
        let mut lines = vec![(r.recipient.name.clone(), Weight::Bold)];
        if !r.recipient.tax_id.is_empty() {
            lines.push((
                format!("{}: {}", words.tax_id, r.recipient.tax_id),
                Weight::Regular,
            ));
        }
        lines.extend(
            r.recipient
                .address
                .iter()
                .map(|a| (a.clone(), Weight::Regular)),
        );
        if let Some(c) = &r.recipient.country {
            lines.push((c.clone(), Weight::Regular));
        }
        for (t, weight) in lines {
            y += Len::mm_tenths(45);
            pen.fitted(ax, aw, y, Align::Left, weight, BODY, TEXT, &t);
        }
        Ok(y.max(Len::mm(80)) + Len::mm(10))
    };
    let footer = r
        .footer
        .as_deref()
        .map(|f| footer_lines(&fonts, f))
        .unwrap_or_default();
    let mut flow = Flow::new(&fonts, &header, footer.len())?;

    let para = |flow: &mut Flow<'_, '_>, text: &str, weight: Weight| -> Result<(), RenderError> {
        let lines = flow.pen.wrap(text, weight, BODY, CONTENT_W);
        for l in lines {
            flow.ensure(PARA_LINE)?;
            flow.pen.text(
                MARGIN,
                flow.y + Len::mm_tenths(35),
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
    para(&mut flow, w.salutation, Weight::Regular)?;
    let standard: Vec<String> = w.reminder_text[r.level.index()]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for p in r.text.as_ref().unwrap_or(&standard) {
        para(&mut flow, p, Weight::Regular)?;
    }
    flow.y += Len::mm(2);

    // The invoices.
    let with_interest = r.invoices.iter().any(|i| i.interest.is_some());
    let mut cols = vec![
        Col {
            title: w.invoice_col,
            w: Len::mm(30),
            align: Align::Left,
        },
        Col {
            title: w.date,
            w: Len::mm(24),
            align: Align::Left,
        },
        Col {
            title: w.due_date,
            w: Len::mm(26),
            align: Align::Left,
        },
        Col {
            title: w.days_overdue,
            w: Len::mm(28),
            align: Align::Right,
        },
        Col {
            title: w.outstanding,
            w: Len::mm(36),
            align: Align::Right,
        },
    ];
    if with_interest {
        cols.push(Col {
            title: w.interest,
            w: Len::mm(30),
            align: Align::Right,
        });
    }
    // The invoice number takes what is left of the width.
    let fixed = cols[1..].iter().fold(Len::ZERO, |a, c| a + c.w);
    cols[0].w = CONTENT_W - fixed;
    let table_w = CONTENT_W;
    flow.ensure(ROW * 3)?;
    flow.y = head_row(&mut flow.pen, &cols, flow.y);
    let mut open = Money::ZERO;
    let mut interest = Money::ZERO;
    for inv in &r.invoices {
        if flow.ensure(ROW)? {
            flow.y = head_row(&mut flow.pen, &cols, flow.y);
        }
        open += inv.open;
        interest += inv.interest.unwrap_or(Money::ZERO);
        let mut cells = vec![
            inv.number.clone(),
            i18n::date(inv.issue_date),
            i18n::date(inv.due_date),
            inv.days_overdue.to_string(),
            format_grouped(inv.open, lang),
        ];
        if with_interest {
            cells.push(
                inv.interest
                    .map(|m| format_grouped(m, lang))
                    .unwrap_or_default(),
            );
        }
        cells_row(&mut flow.pen, &cols, &cells, flow.y, Weight::Regular, TEXT);
        flow.pen.rule(
            MARGIN,
            MARGIN + table_w,
            flow.y + ROW,
            Len::pt_tenths(4),
            RULE,
        );
        flow.y += ROW;
    }
    // Totals, kept together.
    let mut totals: Vec<(String, Money)> = vec![(w.outstanding.to_string(), open)];
    if with_interest {
        totals.push((w.interest.to_string(), interest));
    }
    if let Some(c) = r.recovery_costs {
        totals.push((w.recovery_costs.to_string(), c));
    }
    let grand: Money = totals.iter().map(|t| t.1).sum();
    flow.ensure(ROW * (totals.len() as i32 + 2))?;
    flow.y += Len::mm(2);
    let box_w = Len::mm(110);
    let box_x = MARGIN + table_w - box_w;
    if totals.len() > 1 {
        for (label, m) in &totals {
            flow.pen.fitted(
                box_x + CELL_PAD,
                box_w - Len::mm(36),
                flow.y + Len::mm_tenths(42),
                Align::Left,
                Weight::Regular,
                SMALL,
                GREY,
                label,
            );
            flow.pen.fitted(
                box_x + box_w - CELL_PAD,
                Len::mm(32),
                flow.y + Len::mm_tenths(42),
                Align::Right,
                Weight::Regular,
                SMALL,
                TEXT,
                &euros(*m, lang),
            );
            flow.y += ROW;
        }
    }
    flow.pen.fill(box_x, flow.y, box_w, Len::mm(8), BAND);
    flow.pen.fitted(
        box_x + CELL_PAD,
        box_w - Len::mm(40),
        flow.y + Len::mm_tenths(55),
        Align::Left,
        Weight::Bold,
        BODY,
        ACCENT,
        w.total,
    );
    flow.pen.fitted(
        box_x + box_w - CELL_PAD,
        Len::mm(36),
        flow.y + Len::mm_tenths(55),
        Align::Right,
        Weight::Bold,
        BODY,
        ACCENT,
        &euros(grand, lang),
    );
    flow.y += Len::mm(12);

    if let Some(rate) = r.interest_rate {
        para(
            &mut flow,
            &i18n::interest_note(lang, &decimal(rate, 0, lang)),
            Weight::Regular,
        )?;
    }
    if let Some(iban) = &r.issuer.iban {
        para(
            &mut flow,
            &format!("{}: IBAN {iban}", w.payment),
            Weight::Bold,
        )?;
    }
    flow.ensure(Len::mm(25))?;
    flow.y += Len::mm(4);
    para(&mut flow, w.closing, Weight::Regular)?;
    flow.y += Len::mm(10);
    para(&mut flow, &r.issuer.name, Weight::Bold)?;

    let pages = flow.finish(&footer, |x, y| i18n::page_x_of_y(lang, x, y));
    sheet::write(
        &format!("{title} - {}", r.recipient.name),
        &pages,
        logo.as_ref(),
        &fonts,
    )
}
