//! The payslip (nómina): the "recibo individual justificativo del pago de salarios" of the
//! official model in the annex of Orden ESS/2098/2014, one A4 page per payslip.
//!
//! Top to bottom as in the model: the company and the worker side by side, the settlement
//! period and its days, I. DEVENGOS (salary and non-salary pay) closing on A. TOTAL
//! DEVENGADO, II. DEDUCCIONES (the worker's contributions with base and rate, IRPF, advances,
//! goods received in kind, other deductions) closing on B. TOTAL A DEDUCIR, the net pay
//! (A − B), the company's signature and the worker's receipt, and the closing block with the
//! contribution bases, the base subject to IRPF withholding and the employer's contributions.
//!
//! A payslip never breaks across pages: with many lines the rows get tighter and the type
//! smaller (down to a floor) until the page holds it. [`PayslipDoc`] is plain data; the api
//! fills it, render never computes a figure.

use crate::font::{Fonts, Weight};
use crate::invoice::decimal;
use crate::logo::Logo;
use crate::sheet::{
    self, Align, Mark, Pen, ACCENT, BAND, CONTENT_W, GREY, MARGIN, PAGE_H, RIGHT, RULE, TEXT, WHITE,
};
use crate::units::Len;
use crate::RenderError;
use chrono::NaiveDate;
use printpdf::PdfDocument;
use rust_decimal::Decimal;
use trastienda_core::money::format_grouped;
use trastienda_core::{Language, Money};

/// The employer as printed in the header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PayslipCompany {
    pub name: String,
    pub tax_id: String,
    /// Address lines as printed; joined with ", " after "Domicilio".
    pub address: Vec<String>,
    /// Código de cuenta de cotización (CCC); may be empty.
    pub ss_employer_code: String,
    /// PNG or JPEG, top left of the page.
    pub logo: Option<Vec<u8>>,
}

/// The worker as printed in the header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PayslipWorker {
    pub name: String,
    pub nif: String,
    /// Número de afiliación a la Seguridad Social.
    pub ss_number: String,
    /// Categoría o grupo profesional.
    pub category: String,
    /// Grupo de cotización (1-11).
    pub group: u8,
    /// Already in the document's language: "Indefinido", "Temporal"...
    pub contract: String,
    /// Start date (antigüedad).
    pub seniority: Option<NaiveDate>,
    /// Part-time percentage as printed ("50"); empty for full time. A bare number gets " %".
    pub part_time_pct: String,
}

/// A line of pay or a deduction without base and rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayslipLine {
    pub label: String,
    pub amount: Money,
}

/// A contribution or a withholding: its base, its rate (a percentage) and the amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContributionLine {
    pub label: String,
    pub base: Money,
    /// Percent: 4.70 means 4,70 %.
    pub rate: Decimal,
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayslipDoc {
    pub company: PayslipCompany,
    pub worker: PayslipWorker,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub days: u32,
    /// Devengos: percepciones salariales (base, complementos, horas extra, gratificaciones
    /// extraordinarias, salario en especie) and no salariales (indemnizaciones o suplidos,
    /// prestaciones, other).
    pub salary_lines: Vec<PayslipLine>,
    pub non_salary_lines: Vec<PayslipLine>,
    pub total_devengado: Money,
    /// Deducciones: the worker's contributions (contingencias comunes, desempleo, formación
    /// profesional, MEI, solidaridad, horas extra) with base and rate, IRPF with its base and
    /// rate, anticipos, valor de productos recibidos en especie, otras deducciones.
    pub employee_contributions: Vec<ContributionLine>,
    pub irpf: ContributionLine,
    /// Printed under "3. Anticipos" when the label names an advance ("anticipo"/"advance"),
    /// under "4. Valor de los productos recibidos en especie" when it says "especie"/"in
    /// kind", under "5. Otras deducciones" otherwise.
    pub other_deductions: Vec<PayslipLine>,
    pub total_deducir: Money,
    pub liquido: Money,
    /// The bottom block: bases de cotización (contingencias comunes with its three parts —
    /// remuneración mensual, prorrata pagas extras, total; contingencias profesionales; horas
    /// extra; IRPF base) and the employer's contributions (aportación de la empresa: CC, AT y
    /// EP, desempleo, FP, FOGASA, MEI, solidaridad, horas extra) each with base, rate and
    /// amount.
    pub bccc_remuneration: Money,
    pub bccc_proration: Money,
    pub bccc: Money,
    pub bccp: Money,
    pub overtime_base: Money,
    pub irpf_base: Money,
    pub employer_contributions: Vec<ContributionLine>,
    pub employer_total: Money,
    /// A correcting payslip says so in the title and names what it corrects.
    pub corrects: Option<String>,
    /// "Las Rozas, 31 de enero de 2026", already formatted.
    pub place_and_date: String,
}

// --- Words ------------------------------------------------------------------------------

struct Words {
    title: &'static str,
    correcting: &'static str,
    corrects: &'static str,
    company: &'static str,
    worker: &'static str,
    name: &'static str,
    address: &'static str,
    cif: &'static str,
    ccc: &'static str,
    nif: &'static str,
    ss_number: &'static str,
    category: &'static str,
    group: &'static str,
    contract: &'static str,
    seniority: &'static str,
    part_time: &'static str,
    period: &'static str,
    from: &'static str,
    to: &'static str,
    days: &'static str,
    concept: &'static str,
    base: &'static str,
    rate: &'static str,
    amount: &'static str,
    totals: &'static str,
    accruals: &'static str,
    salary: &'static str,
    non_salary: &'static str,
    total_accrued: &'static str,
    deductions: &'static str,
    contributions: &'static str,
    total_contributions: &'static str,
    irpf: &'static str,
    advances: &'static str,
    in_kind: &'static str,
    other: &'static str,
    total_deductions: &'static str,
    net: &'static str,
    signature: &'static str,
    received: &'static str,
    worker_signature: &'static str,
    bases_title: &'static str,
    bccc: &'static str,
    remuneration: &'static str,
    proration: &'static str,
    bccc_total: &'static str,
    bccp: &'static str,
    overtime: &'static str,
    irpf_base: &'static str,
    employer_amount: &'static str,
    employer_total: &'static str,
}

const ES: Words = Words {
    title: "RECIBO INDIVIDUAL JUSTIFICATIVO DEL PAGO DE SALARIOS",
    correcting: "RECTIFICATIVO",
    corrects: "Rectifica",
    company: "Empresa",
    worker: "Trabajador",
    name: "Nombre",
    address: "Domicilio",
    cif: "CIF",
    ccc: "Cód. cuenta cotiz.",
    nif: "NIF",
    ss_number: "Nº afiliación S.S.",
    category: "Categoría",
    group: "Grupo de cotiz.",
    contract: "Contrato",
    seniority: "Antigüedad",
    part_time: "Jornada parcial",
    period: "PERIODO DE LIQUIDACIÓN",
    from: "del",
    to: "al",
    days: "Nº total de días",
    concept: "Concepto",
    base: "Base",
    rate: "Tipo",
    amount: "Importe",
    totals: "Totales",
    accruals: "I. DEVENGOS",
    salary: "1. Percepciones salariales",
    non_salary: "2. Percepciones no salariales",
    total_accrued: "A. TOTAL DEVENGADO",
    deductions: "II. DEDUCCIONES",
    contributions: "1. Aportación del trabajador a las cotizaciones a la Seguridad Social y conceptos de recaudación conjunta",
    total_contributions: "TOTAL APORTACIONES",
    irpf: "2. Impuesto sobre la renta de las personas físicas",
    advances: "3. Anticipos",
    in_kind: "4. Valor de los productos recibidos en especie",
    other: "5. Otras deducciones",
    total_deductions: "B. TOTAL A DEDUCIR",
    net: "LÍQUIDO TOTAL A PERCIBIR (A − B)",
    signature: "Firma y sello de la empresa",
    received: "RECIBÍ",
    worker_signature: "Firma del trabajador",
    bases_title: "DETERMINACIÓN DE LAS BASES DE COTIZACIÓN A LA SEGURIDAD SOCIAL Y CONCEPTOS DE RECAUDACIÓN CONJUNTA Y DE LA BASE SUJETA A RETENCIÓN DEL IRPF Y APORTACIÓN DE LA EMPRESA",
    bccc: "1. Contingencias comunes",
    remuneration: "Importe remuneración mensual",
    proration: "Importe prorrata pagas extraordinarias",
    bccc_total: "TOTAL",
    bccp: "2. Contingencias profesionales (AT y EP, desempleo, formación profesional, FOGASA)",
    overtime: "3. Cotización adicional horas extraordinarias",
    irpf_base: "4. Base sujeta a retención del IRPF",
    employer_amount: "Aportación empresarial",
    employer_total: "TOTAL APORTACIÓN EMPRESARIAL",
};

const EN: Words = Words {
    title: "INDIVIDUAL PAYSLIP (RECEIPT OF SALARY PAYMENT)",
    correcting: "CORRECTING",
    corrects: "Corrects",
    company: "Company",
    worker: "Employee",
    name: "Name",
    address: "Address",
    cif: "Tax ID",
    ccc: "SS employer code",
    nif: "Tax ID",
    ss_number: "Social security no.",
    category: "Category",
    group: "Contribution group",
    contract: "Contract",
    seniority: "Start date",
    part_time: "Part time",
    period: "PAY PERIOD",
    from: "from",
    to: "to",
    days: "Total days",
    concept: "Item",
    base: "Base",
    rate: "Rate",
    amount: "Amount",
    totals: "Totals",
    accruals: "I. EARNINGS",
    salary: "1. Salary earnings",
    non_salary: "2. Non-salary earnings",
    total_accrued: "A. TOTAL EARNINGS",
    deductions: "II. DEDUCTIONS",
    contributions: "1. Employee's social security contributions and jointly collected items",
    total_contributions: "TOTAL CONTRIBUTIONS",
    irpf: "2. Personal income tax (IRPF)",
    advances: "3. Advances",
    in_kind: "4. Value of goods received in kind",
    other: "5. Other deductions",
    total_deductions: "B. TOTAL DEDUCTIONS",
    net: "NET PAY (A − B)",
    signature: "Company signature and stamp",
    received: "RECEIVED",
    worker_signature: "Employee's signature",
    bases_title: "SOCIAL SECURITY CONTRIBUTION BASES, BASE SUBJECT TO IRPF WITHHOLDING AND EMPLOYER'S CONTRIBUTIONS",
    bccc: "1. Common contingencies",
    remuneration: "Monthly pay",
    proration: "Prorated extra payments",
    bccc_total: "TOTAL",
    bccp: "2. Occupational contingencies (accidents and occupational illness, unemployment, training, FOGASA)",
    overtime: "3. Additional overtime contribution",
    irpf_base: "4. Base subject to IRPF withholding",
    employer_amount: "Employer's contribution",
    employer_total: "TOTAL EMPLOYER CONTRIBUTION",
};

fn words(lang: Language) -> &'static Words {
    match lang {
        Language::Es => &ES,
        Language::En => &EN,
    }
}

fn amount(m: Money, lang: Language) -> String {
    format_grouped(m, lang)
}

fn euros(m: Money, lang: Language) -> String {
    format!("{} €", format_grouped(m, lang))
}

fn rate(d: Decimal, lang: Language) -> String {
    format!("{} %", decimal(d, 2, lang))
}

// --- Geometry ---------------------------------------------------------------------------

/// Type and leading for one payslip: the tightest that still fits the page.
#[derive(Debug, Clone, Copy)]
struct Scale {
    /// One table row.
    row: Len,
    /// Body type.
    size: Len,
    /// Space between blocks.
    gap: Len,
}

impl Scale {
    /// Rows of `tenths` of a millimetre; type at 70 % of the row, at most 8 pt.
    fn of(tenths: i32) -> Scale {
        let row = Len::mm_tenths(tenths);
        Scale {
            row,
            size: Len(row.0 * 7 / 10).min(Len::pt(8)),
            gap: Len(row.0 * 6 / 10).max(Len::mm_tenths(15)),
        }
    }
    fn baseline(self) -> Len {
        Len(self.row.0 * 72 / 100)
    }
    fn small(self) -> Len {
        self.size - Len::pt_tenths(5)
    }
}

/// From the roomiest to the tightest rows, in tenths of a millimetre.
const ROWS: std::ops::RangeInclusive<i32> = 20..=44;
const BOTTOM: Len = Len(PAGE_H.0 - Len::mm(10).0);
const TOP: Len = Len::mm(12);
const PAD: Len = Len::mm_tenths(15);
const LOGO_W: Len = Len::mm(40);
const LOGO_H: Len = Len::mm(14);

/// A column: left edge and width.
#[derive(Debug, Clone, Copy)]
struct Col {
    x: Len,
    w: Len,
}

impl Col {
    fn right(self) -> Len {
        self.x + self.w
    }
}

/// The main table: concept, base, rate, amount, totals.
fn main_cols() -> [Col; 5] {
    let widths = [Len::mm(24), Len::mm(16), Len::mm(24), Len::mm(26)];
    let rest: Len = widths.iter().fold(CONTENT_W, |a, w| a - *w);
    let mut x = MARGIN;
    let mut cols = [Col { x: MARGIN, w: rest }; 5];
    x += rest;
    for (i, w) in widths.iter().enumerate() {
        cols[i + 1] = Col { x, w: *w };
        x += *w;
    }
    cols
}

struct Sheet<'p, 'f> {
    pen: &'p mut Pen<'f>,
    s: Scale,
    lang: Language,
    y: Len,
}

impl Sheet<'_, '_> {
    fn width(&self, weight: Weight, size: Len, text: &str) -> Len {
        self.pen.width(weight, size, text)
    }

    /// A right-aligned amount at the right edge of `col`.
    fn figure(&mut self, col: Col, baseline: Len, weight: Weight, text: &str) {
        let size = self.s.size;
        self.pen.fitted(
            col.right() - PAD,
            col.w - PAD,
            baseline,
            Align::Right,
            weight,
            size,
            TEXT,
            text,
        );
    }

    /// A table row: `label` wrapped in `label_col` (indented by `indent`) and the figures
    /// (column, text) on its last line; the cursor moves down one row per line.
    fn row(
        &mut self,
        label_col: Col,
        indent: Len,
        label: &str,
        weight: Weight,
        figures: &[(Col, String)],
    ) {
        let size = self.s.size;
        let avail = label_col.w - PAD * 2 - indent;
        let lines = self.pen.wrap(label, weight, size, avail);
        let n = lines.len();
        for (i, line) in lines.iter().enumerate() {
            let baseline = self.y + self.s.baseline();
            self.pen.fitted(
                label_col.x + PAD + indent,
                avail,
                baseline,
                Align::Left,
                weight,
                size,
                TEXT,
                line,
            );
            if i + 1 == n {
                for (col, text) in figures {
                    self.figure(*col, baseline, weight, text);
                }
            }
            self.y += self.s.row;
        }
    }

    /// A section title ("I. DEVENGOS") on a band `w` wide from `x`.
    fn band_row(&mut self, x: Len, w: Len, text: &str) {
        let size = self.s.size;
        self.pen.fill(x, self.y, w, self.s.row, BAND);
        self.pen.text(
            x + PAD,
            self.y + self.s.baseline(),
            Align::Left,
            Weight::Bold,
            size,
            ACCENT,
            text,
        );
        self.y += self.s.row;
    }

    /// A column header on the accent colour.
    fn col_header(&mut self, cols: &[(Col, &str, Align)]) {
        let size = self.s.small();
        let (Some(first), Some(last)) = (cols.first(), cols.last()) else {
            return;
        };
        let h = self.s.row;
        self.pen
            .fill(first.0.x, self.y, last.0.right() - first.0.x, h, ACCENT);
        let baseline = self.y + self.s.baseline();
        for (col, title, align) in cols {
            let x = match align {
                Align::Right => col.right() - PAD,
                _ => col.x + PAD,
            };
            self.pen.fitted(
                x,
                col.w - PAD,
                baseline,
                *align,
                Weight::Bold,
                size,
                WHITE,
                title,
            );
        }
        self.y += h;
    }
}

fn logo_box(l: &Logo) -> (Len, Len) {
    let (pw, ph) = (i64::from(l.width.max(1)), i64::from(l.height.max(1)));
    let h_at_full_w = i64::from(LOGO_W.0) * ph / pw;
    if h_at_full_w <= i64::from(LOGO_H.0) {
        (LOGO_W, Len(i32::try_from(h_at_full_w).unwrap_or(LOGO_H.0)))
    } else {
        let w = i64::from(LOGO_H.0) * pw / ph;
        (Len(i32::try_from(w).unwrap_or(LOGO_W.0)), LOGO_H)
    }
}

/// The title (and the correcting notice) with the logo to its left; returns the bottom.
fn title(sh: &mut Sheet<'_, '_>, doc: &PayslipDoc, logo: Option<&Logo>, w: &Words) -> Len {
    let top = sh.y;
    let mut left = MARGIN;
    let mut bottom = top;
    if let Some(l) = logo {
        let (lw, lh) = logo_box(l);
        sh.pen.marks.push(Mark::Logo {
            x: MARGIN,
            top,
            w: lw,
            h: lh,
        });
        left = MARGIN + lw + Len::mm(5);
        bottom = top + lh;
    }
    let avail = RIGHT - left;
    let size = Len::pt(11);
    let mut y = top + Len::mm_tenths(45);
    sh.pen.fitted(
        RIGHT,
        avail,
        y,
        Align::Right,
        Weight::Bold,
        size,
        ACCENT,
        w.title,
    );
    if let Some(c) = &doc.corrects {
        y += Len::mm_tenths(50);
        let text = format!("{} · {}: {c}", w.correcting, w.corrects);
        let t = sheet::fit(sh.pen.fonts, Weight::Bold, &text, Len::pt(9), avail);
        sh.pen.text(
            RIGHT,
            y,
            Align::Right,
            Weight::Bold,
            Len::pt(9),
            sheet::Rgb8(170, 30, 30),
            &t,
        );
    }
    bottom.max(y + Len::mm(2))
}

/// A boxed list of (label, value) lines under a banded caption.
#[allow(clippy::too_many_arguments)]
fn party_box(
    pen: &mut Pen<'_>,
    x: Len,
    top: Len,
    w: Len,
    h: Len,
    caption: &str,
    lines: &[(String, String, Weight)],
    label_w: Len,
    line: Len,
) {
    let size = Len::pt_tenths(75);
    let cap_h = Len::mm(5);
    pen.fill(x, top, w, cap_h, BAND);
    pen.stroke(x, top, w, h);
    pen.text(
        x + Len::mm(2),
        top + Len::mm_tenths(36),
        Align::Left,
        Weight::Bold,
        Len::pt(8),
        ACCENT,
        &caption.to_uppercase(),
    );
    let mut y = top + cap_h + line - Len::mm_tenths(5);
    for (label, value, weight) in lines {
        pen.fitted(
            x + Len::mm(2),
            label_w - Len::mm(1),
            y,
            Align::Left,
            Weight::Regular,
            size,
            GREY,
            label,
        );
        pen.fitted(
            x + Len::mm(2) + label_w,
            w - Len::mm(4) - label_w,
            y,
            Align::Left,
            *weight,
            size,
            TEXT,
            value,
        );
        y += line;
    }
}

fn parties(sh: &mut Sheet<'_, '_>, doc: &PayslipDoc, w: &Words) {
    let c = &doc.company;
    let wk = &doc.worker;
    let dash = |s: &str| {
        if s.trim().is_empty() {
            "—".to_string()
        } else {
            s.to_string()
        }
    };
    let address = c.address.join(", ");
    let label_w = Len::mm(27);
    let box_w = (CONTENT_W - Len::mm(4)) / 2;
    let addr_lines = sh.pen.wrap(
        &address,
        Weight::Regular,
        Len::pt_tenths(75),
        box_w - Len::mm(4) - label_w,
    );
    let mut company = vec![
        (w.name.to_string(), c.name.clone(), Weight::Bold),
        (w.cif.to_string(), dash(&c.tax_id), Weight::Regular),
    ];
    for (i, l) in addr_lines.iter().take(3).enumerate() {
        let label = if i == 0 { w.address } else { "" };
        company.push((label.to_string(), l.clone(), Weight::Regular));
    }
    company.push((
        w.ccc.to_string(),
        dash(&c.ss_employer_code),
        Weight::Regular,
    ));
    let mut worker = vec![
        (w.name.to_string(), wk.name.clone(), Weight::Bold),
        (w.nif.to_string(), dash(&wk.nif), Weight::Regular),
        (
            w.ss_number.to_string(),
            dash(&wk.ss_number),
            Weight::Regular,
        ),
        (w.category.to_string(), dash(&wk.category), Weight::Regular),
        (
            w.group.to_string(),
            if wk.group == 0 {
                "—".to_string()
            } else {
                wk.group.to_string()
            },
            Weight::Regular,
        ),
        (w.contract.to_string(), dash(&wk.contract), Weight::Regular),
        (
            w.seniority.to_string(),
            wk.seniority
                .map(crate::i18n::date)
                .unwrap_or_else(|| "—".into()),
            Weight::Regular,
        ),
    ];
    let pt = wk.part_time_pct.trim();
    if !pt.is_empty() {
        let v = if pt.ends_with('%') {
            pt.to_string()
        } else {
            format!("{pt} %")
        };
        worker.push((w.part_time.to_string(), v, Weight::Regular));
    }
    // The header keeps its size; only tables shrink.
    let line = Len::mm_tenths(36).min(sh.s.row + Len::mm_tenths(4));
    let n = company.len().max(worker.len()) as i32;
    let h = Len::mm(5) + line * n + Len::mm_tenths(10);
    party_box(
        sh.pen, MARGIN, sh.y, box_w, h, w.company, &company, label_w, line,
    );
    party_box(
        sh.pen,
        RIGHT - box_w,
        sh.y,
        box_w,
        h,
        w.worker,
        &worker,
        label_w,
        line,
    );
    sh.y += h;
}

fn period(sh: &mut Sheet<'_, '_>, doc: &PayslipDoc, w: &Words) {
    let h = Len::mm(6);
    sh.pen.stroke(MARGIN, sh.y, CONTENT_W, h);
    let baseline = sh.y + Len::mm_tenths(41);
    let size = Len::pt_tenths(85);
    let label = format!("{}:", w.period);
    sh.pen.text(
        MARGIN + Len::mm(2),
        baseline,
        Align::Left,
        Weight::Bold,
        size,
        ACCENT,
        &label,
    );
    let lw = sh.width(Weight::Bold, size, &label);
    sh.pen.text(
        MARGIN + Len::mm(4) + lw,
        baseline,
        Align::Left,
        Weight::Regular,
        size,
        TEXT,
        &format!(
            "{} {} {} {}",
            w.from,
            crate::i18n::date(doc.period_start),
            w.to,
            crate::i18n::date(doc.period_end)
        ),
    );
    sh.pen.text(
        RIGHT - Len::mm(2),
        baseline,
        Align::Right,
        Weight::Regular,
        size,
        TEXT,
        &format!("{}: {}", w.days, doc.days),
    );
    sh.y += h;
}

enum OtherKind {
    Advance,
    InKind,
    Other,
}

fn other_kind(label: &str) -> OtherKind {
    let l = label.to_lowercase();
    if l.contains("anticipo") || l.contains("advance") {
        OtherKind::Advance
    } else if l.contains("especie") || l.contains("in kind") {
        OtherKind::InKind
    } else {
        OtherKind::Other
    }
}

/// I. DEVENGOS, II. DEDUCCIONES and the net pay.
fn pay_table(sh: &mut Sheet<'_, '_>, doc: &PayslipDoc, w: &Words) {
    let lang = sh.lang;
    let [concept, base, rate_col, imp, tot] = main_cols();
    let indent = Len::mm(4);
    let top = sh.y;
    sh.col_header(&[
        (concept, w.concept, Align::Left),
        (base, w.base, Align::Right),
        (rate_col, w.rate, Align::Right),
        (imp, w.amount, Align::Right),
        (tot, w.totals, Align::Right),
    ]);
    // I. DEVENGOS
    sh.band_row(MARGIN, CONTENT_W, w.accruals);
    for (heading, lines) in [
        (w.salary, &doc.salary_lines),
        (w.non_salary, &doc.non_salary_lines),
    ] {
        sh.row(concept, Len::ZERO, heading, Weight::Bold, &[]);
        for l in lines.iter() {
            sh.row(
                concept,
                indent,
                &l.label,
                Weight::Regular,
                &[(imp, amount(l.amount, lang))],
            );
        }
    }
    sh.pen.rule(MARGIN, RIGHT, sh.y, Len::pt_tenths(6), RULE);
    sh.row(
        concept,
        Len::ZERO,
        w.total_accrued,
        Weight::Bold,
        &[(tot, amount(doc.total_devengado, lang))],
    );
    // II. DEDUCCIONES
    sh.band_row(MARGIN, CONTENT_W, w.deductions);
    sh.row(concept, Len::ZERO, w.contributions, Weight::Bold, &[]);
    for c in &doc.employee_contributions {
        sh.row(
            concept,
            indent,
            &c.label,
            Weight::Regular,
            &[
                (base, amount(c.base, lang)),
                (rate_col, rate(c.rate, lang)),
                (imp, amount(c.amount, lang)),
            ],
        );
    }
    let contributions: Money = doc.employee_contributions.iter().map(|c| c.amount).sum();
    sh.row(
        concept,
        indent,
        w.total_contributions,
        Weight::Bold,
        &[(tot, amount(contributions, lang))],
    );
    sh.row(
        concept,
        Len::ZERO,
        w.irpf,
        Weight::Bold,
        &[
            (base, amount(doc.irpf.base, lang)),
            (rate_col, rate(doc.irpf.rate, lang)),
            (tot, amount(doc.irpf.amount, lang)),
        ],
    );
    for (heading, kind) in [
        (w.advances, OtherKind::Advance),
        (w.in_kind, OtherKind::InKind),
        (w.other, OtherKind::Other),
    ] {
        let lines: Vec<&PayslipLine> = doc
            .other_deductions
            .iter()
            .filter(|l| {
                std::mem::discriminant(&other_kind(&l.label)) == std::mem::discriminant(&kind)
            })
            .collect();
        let sum: Money = lines.iter().map(|l| l.amount).sum();
        let figures = if lines.is_empty() {
            vec![]
        } else {
            vec![(tot, amount(sum, lang))]
        };
        // One line under its own heading needs no line of its own, unless it says more.
        let own_line = lines.len() > 1
            || lines
                .first()
                .is_some_and(|l| matches!(kind, OtherKind::Other) && !l.label.is_empty());
        sh.row(concept, Len::ZERO, heading, Weight::Bold, &figures);
        if own_line {
            for l in lines {
                sh.row(
                    concept,
                    indent,
                    &l.label,
                    Weight::Regular,
                    &[(imp, amount(l.amount, lang))],
                );
            }
        }
    }
    sh.pen.rule(MARGIN, RIGHT, sh.y, Len::pt_tenths(6), RULE);
    sh.row(
        concept,
        Len::ZERO,
        w.total_deductions,
        Weight::Bold,
        &[(tot, amount(doc.total_deducir, lang))],
    );
    // Column rules and the frame.
    let bottom = sh.y;
    for col in [base, rate_col, imp, tot] {
        sh.pen.marks.push(Mark::Fill {
            x: col.x,
            top: top + sh.s.row,
            w: Len::pt_tenths(4),
            h: bottom - top - sh.s.row,
            color: RULE,
        });
    }
    sh.pen.stroke(MARGIN, top, CONTENT_W, bottom - top);
    // The net pay.
    sh.y += sh.s.gap;
    let h = (sh.s.row * 2).max(Len::mm(7));
    sh.pen.fill(MARGIN, sh.y, CONTENT_W, h, ACCENT);
    let size = Len::pt(10);
    let baseline = sh.y + h / 2 + Len::mm_tenths(13);
    sh.pen.text(
        MARGIN + PAD * 2,
        baseline,
        Align::Left,
        Weight::Bold,
        size,
        WHITE,
        w.net,
    );
    sh.pen.text(
        RIGHT - PAD * 2,
        baseline,
        Align::Right,
        Weight::Bold,
        Len::pt(11),
        WHITE,
        &euros(doc.liquido, lang),
    );
    sh.y += h;
}

fn signatures(sh: &mut Sheet<'_, '_>, doc: &PayslipDoc, w: &Words) {
    let h = (sh.s.row * 4).clamp(Len::mm(12), Len::mm(17));
    let box_w = (CONTENT_W - Len::mm(4)) / 2;
    let size = Len::pt_tenths(75);
    let top = sh.y;
    for (x, caption, line) in [
        (MARGIN, w.signature, doc.place_and_date.as_str()),
        (RIGHT - box_w, w.received, w.worker_signature),
    ] {
        sh.pen.stroke(x, top, box_w, h);
        sh.pen.text(
            x + Len::mm(2),
            top + Len::mm_tenths(35),
            Align::Left,
            Weight::Bold,
            size,
            ACCENT,
            caption,
        );
        sh.pen.fitted(
            x + Len::mm(2),
            box_w - Len::mm(4),
            top + Len::mm_tenths(70),
            Align::Left,
            Weight::Regular,
            size,
            GREY,
            line,
        );
    }
    sh.y += h;
}

/// The closing block: bases on the left, the employer's contributions on the right.
fn bases(sh: &mut Sheet<'_, '_>, doc: &PayslipDoc, w: &Words) {
    let lang = sh.lang;
    let top = sh.y;
    // The block's title, wrapped across the page on the band.
    let size = sh.s.small();
    let lines = sh
        .pen
        .wrap(w.bases_title, Weight::Bold, size, CONTENT_W - PAD * 2);
    let line_h = Len(size.0 * 125 / 100);
    let title_h = line_h * lines.len() as i32 + Len::mm_tenths(15);
    sh.pen.fill(MARGIN, top, CONTENT_W, title_h, BAND);
    let mut y = top + line_h;
    for l in &lines {
        sh.pen
            .text(MARGIN + PAD, y, Align::Left, Weight::Bold, size, ACCENT, l);
        y += line_h;
    }
    let body_top = top + title_h;
    // Left: the bases.
    let left_w = Len::mm(84);
    let label = Col {
        x: MARGIN,
        w: left_w - Len::mm(20),
    };
    let fig = Col {
        x: MARGIN + label.w,
        w: Len::mm(20),
    };
    sh.y = body_top;
    sh.col_header(&[(label, w.concept, Align::Left), (fig, w.base, Align::Right)]);
    let indent = Len::mm(4);
    sh.row(label, Len::ZERO, w.bccc, Weight::Bold, &[]);
    sh.row(
        label,
        indent,
        w.remuneration,
        Weight::Regular,
        &[(fig, amount(doc.bccc_remuneration, lang))],
    );
    sh.row(
        label,
        indent,
        w.proration,
        Weight::Regular,
        &[(fig, amount(doc.bccc_proration, lang))],
    );
    sh.row(
        label,
        indent,
        w.bccc_total,
        Weight::Bold,
        &[(fig, amount(doc.bccc, lang))],
    );
    for (text, m) in [
        (w.bccp, doc.bccp),
        (w.overtime, doc.overtime_base),
        (w.irpf_base, doc.irpf_base),
    ] {
        sh.row(
            label,
            Len::ZERO,
            text,
            Weight::Bold,
            &[(fig, amount(m, lang))],
        );
    }
    let left_bottom = sh.y;
    // Right: the employer's contributions.
    let rx = MARGIN + left_w + Len::mm(2);
    let rw = RIGHT - rx;
    let widths = [Len::mm(18), Len::mm(13), Len::mm(29)];
    let cw = widths.iter().fold(rw, |a, w| a - *w);
    let c_concept = Col { x: rx, w: cw };
    let c_base = Col {
        x: rx + cw,
        w: widths[0],
    };
    let c_rate = Col {
        x: c_base.right(),
        w: widths[1],
    };
    let c_amt = Col {
        x: c_rate.right(),
        w: widths[2],
    };
    sh.y = body_top;
    sh.col_header(&[
        (c_concept, w.concept, Align::Left),
        (c_base, w.base, Align::Right),
        (c_rate, w.rate, Align::Right),
        (c_amt, w.employer_amount, Align::Right),
    ]);
    for c in &doc.employer_contributions {
        sh.row(
            c_concept,
            Len::ZERO,
            &c.label,
            Weight::Regular,
            &[
                (c_base, amount(c.base, lang)),
                (c_rate, rate(c.rate, lang)),
                (c_amt, amount(c.amount, lang)),
            ],
        );
    }
    sh.pen.rule(rx, RIGHT, sh.y, Len::pt_tenths(6), RULE);
    sh.row(
        Col {
            x: rx,
            w: c_rate.right() - rx,
        },
        Len::ZERO,
        w.employer_total,
        Weight::Bold,
        &[(c_amt, amount(doc.employer_total, lang))],
    );
    let bottom = sh.y.max(left_bottom) + Len::mm(1);
    sh.pen.stroke(MARGIN, top, CONTENT_W, bottom - top);
    sh.pen.marks.push(Mark::Fill {
        x: rx - Len::mm(1),
        top: body_top,
        w: Len::pt_tenths(4),
        h: bottom - body_top,
        color: RULE,
    });
    sh.y = bottom;
}

/// The page at scale `s`; returns its marks and how far down it reaches.
fn draw(
    doc: &PayslipDoc,
    logo: Option<&Logo>,
    fonts: &Fonts,
    lang: Language,
    s: Scale,
) -> (Vec<Mark>, Len) {
    let w = words(lang);
    let mut pen = Pen::new(fonts);
    let mut sh = Sheet {
        pen: &mut pen,
        s,
        lang,
        y: TOP,
    };
    sh.y = title(&mut sh, doc, logo, w) + s.gap;
    parties(&mut sh, doc, w);
    sh.y += s.gap;
    period(&mut sh, doc, w);
    sh.y += s.gap;
    pay_table(&mut sh, doc, w);
    sh.y += s.gap;
    signatures(&mut sh, doc, w);
    sh.y += s.gap;
    bases(&mut sh, doc, w);
    let bottom = sh.y;
    (pen.marks, bottom)
}

/// The payslip's one page: the roomiest scale that fits, else the tightest.
fn page(doc: &PayslipDoc, logo: Option<&Logo>, fonts: &Fonts, lang: Language) -> Vec<Mark> {
    let mut last = Vec::new();
    for tenths in ROWS.rev() {
        let (marks, bottom) = draw(doc, logo, fonts, lang, Scale::of(tenths));
        if bottom <= BOTTOM {
            return marks;
        }
        last = marks;
    }
    last
}

fn logo_of(doc: &PayslipDoc) -> Result<Option<Logo>, RenderError> {
    doc.company.logo.as_deref().map(Logo::parse).transpose()
}

fn pdf_title(doc: &PayslipDoc, lang: Language) -> String {
    let t = match lang {
        Language::Es => "Nómina",
        Language::En => "Payslip",
    };
    format!(
        "{t} {} {} - {}",
        doc.worker.name,
        crate::i18n::date(doc.period_start),
        crate::i18n::date(doc.period_end)
    )
}

/// The payslip as a one-page A4 PDF.
pub fn payslip_pdf(doc: &PayslipDoc, lang: Language) -> Result<Vec<u8>, RenderError> {
    let fonts = Fonts::load()?;
    let logo = logo_of(doc)?;
    let marks = page(doc, logo.as_ref(), &fonts, lang);
    sheet::write(&pdf_title(doc, lang), &[marks], logo.as_ref(), &fonts)
}

/// A whole run: one page per payslip, in order, one PDF. The logo is embedded once (the
/// first payslip's); a payslip with a different logo prints without one.
pub fn payslips_pdf(docs: &[PayslipDoc], lang: Language) -> Result<Vec<u8>, RenderError> {
    payslips_pdf_with_progress(docs, lang, |_, _| {})
}

/// [`payslips_pdf`], calling `on_page(done, total)` as each payslip is laid out (for a
/// progress bar on a big run).
pub fn payslips_pdf_with_progress(
    docs: &[PayslipDoc],
    lang: Language,
    mut on_page: impl FnMut(usize, usize),
) -> Result<Vec<u8>, RenderError> {
    let fonts = Fonts::load()?;
    let mut all: Vec<Vec<Mark>> = Vec::with_capacity(docs.len());
    let mut logo: Option<Logo> = None;
    let mut logo_bytes: Option<&[u8]> = None;
    for doc in docs {
        let this = doc.company.logo.as_deref();
        if logo_bytes.is_none() && this.is_some() {
            logo = logo_of(doc)?;
            logo_bytes = this;
        }
        let own = if this == logo_bytes {
            logo.as_ref()
        } else {
            None
        };
        all.push(page(doc, own, &fonts, lang));
        on_page(all.len(), docs.len());
    }
    let mut pdf = PdfDocument::new(match lang {
        Language::Es => "Nóminas",
        Language::En => "Payslips",
    });
    let pages = sheet::add_pages(&mut pdf, &all, logo.as_ref(), &fonts)?;
    pdf.with_pages(pages);
    sheet::save(pdf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sales_tests::{assert_shows, keep, page_count, text};
    use crate::samples;

    #[test]
    fn a_payslip_shows_every_block_of_the_official_model() {
        let doc = samples::payslip("Ana Belén Torres Ruiz", "12345678Z");
        let pdf = payslip_pdf(&doc, Language::Es).unwrap();
        keep("payslip.pdf", &pdf);
        assert_eq!(page_count(&pdf), 1);
        let t = text(&pdf);
        assert_shows(
            &t,
            &[
                "RECIBO INDIVIDUAL JUSTIFICATIVO DEL PAGO DE SALARIOS",
                "EMPRESA",
                "Ferretería Martínez, S.L.",
                "CIF B12345674",
                "Calle Mayor 12, bajo, 02001 Albacete (Albacete)",
                "02 1234567 89",
                "TRABAJADOR",
                "Ana Belén Torres Ruiz",
                "NIF 12345678Z",
                "Nº afiliación S.S. 02 12345678 90",
                "Dependiente mayor",
                "Indefinido",
                "Antigüedad 16/09/2019",
                "PERIODO DE LIQUIDACIÓN: del 01/01/2026 al 31/01/2026",
                "Nº total de días: 31",
                "I. DEVENGOS",
                "1. Percepciones salariales",
                "Salario base 1.800,00",
                "2. Percepciones no salariales",
                "Plus de transporte 60,00",
                "A. TOTAL DEVENGADO 2.210,00",
                "II. DEDUCCIONES",
                "Seguridad Social y conceptos de recaudación conjunta",
                "Contingencias comunes 2.508,33 4,70 % 117,89",
                "Desempleo 2.508,33 1,55 % 38,88",
                "Formación profesional 2.508,33 0,10 % 2,51",
                "(MEI) 2.508,33 0,15 % 3,76",
                "TOTAL APORTACIONES 163,04",
                "2. Impuesto sobre la renta de las personas físicas 2.150,00 12,00 % 258,00",
                "3. Anticipos 100,00",
                "4. Valor de los productos recibidos en especie",
                "5. Otras deducciones",
                "B. TOTAL A DEDUCIR 521,04",
                "LÍQUIDO TOTAL A PERCIBIR (A − B) 1.688,96 €",
                "Firma y sello de la empresa",
                "Albacete, 31 de enero de 2026",
                "RECIBÍ",
                "DETERMINACIÓN DE LAS BASES DE COTIZACIÓN A LA SEGURIDAD SOCIAL",
                "BASE SUJETA A RETENCIÓN DEL IRPF Y APORTACIÓN DE LA EMPRESA",
                "Importe remuneración mensual 2.150,00",
                "Importe prorrata pagas extraordinarias 358,33",
                "TOTAL 2.508,33",
                "Base sujeta a retención del IRPF 2.150,00",
                "Contingencias comunes 2.508,33 23,60 % 591,97",
                "AT y EP 2.508,33 1,50 % 37,62",
                "FOGASA 2.508,33 0,20 % 5,02",
                "MEI 2.508,33 0,75 % 18,81",
                "TOTAL APORTACIÓN EMPRESARIAL 806,43",
            ],
        );
        assert!(!t.contains("RECTIFICATIVO"), "{t}");
    }

    #[test]
    fn an_english_payslip_uses_english_words_and_figures() {
        let doc = samples::payslip("Ana Belén Torres Ruiz", "12345678Z");
        let pdf = payslip_pdf(&doc, Language::En).unwrap();
        keep("payslip-en.pdf", &pdf);
        assert_eq!(page_count(&pdf), 1);
        assert_shows(
            &text(&pdf),
            &[
                "I. EARNINGS",
                "A. TOTAL EARNINGS 2,210.00",
                "II. DEDUCTIONS",
                "Desempleo 2,508.33 1.55 % 38.88",
                "B. TOTAL DEDUCTIONS 521.04",
                "NET PAY (A − B) 1,688.96 €",
                "TOTAL EMPLOYER CONTRIBUTION 806.43",
            ],
        );
    }

    #[test]
    fn a_run_prints_one_page_per_payslip_in_order() {
        let docs = [
            samples::payslip("Ana Belén Torres Ruiz", "12345678Z"),
            samples::payslip("Jorge Sánchez Gil", "87654321X"),
            samples::payslip("Lucía Romero Vidal", "11111111H"),
        ];
        let pdf = payslips_pdf(&docs, Language::Es).unwrap();
        keep("payslips-run.pdf", &pdf);
        assert_eq!(page_count(&pdf), 3);
        for (i, d) in docs.iter().enumerate() {
            let t = crate::sales_tests::page_text(&pdf, i + 1);
            assert_shows(&t, &[&d.worker.name, &d.worker.nif]);
            for (j, other) in docs.iter().enumerate() {
                if j != i {
                    assert!(!t.contains(&other.worker.name), "page {}: {t}", i + 1);
                }
            }
        }
    }

    #[test]
    fn twenty_five_salary_lines_still_fit_one_page() {
        let doc = samples::long_payslip(25);
        let pdf = payslip_pdf(&doc, Language::Es).unwrap();
        keep("payslip-25.pdf", &pdf);
        assert_eq!(page_count(&pdf), 1);
        let t = text(&pdf);
        for i in 1..=25 {
            assert_shows(&t, &[&format!("Complemento salarial #{i}")]);
        }
        assert_shows(
            &t,
            &[
                "LÍQUIDO TOTAL A PERCIBIR",
                "TOTAL APORTACIÓN EMPRESARIAL 806,43",
            ],
        );
        // Nothing below the page's bottom margin.
        let fonts = Fonts::load().unwrap();
        let marks = page(&doc, None, &fonts, Language::Es);
        for m in &marks {
            let bottom = match m {
                Mark::Text { baseline, .. } => *baseline,
                Mark::Fill { top, h, .. } | Mark::Stroke { top, h, .. } => *top + *h,
                Mark::Rule { y, .. } => *y,
                Mark::Logo { top, h, .. } => *top + *h,
            };
            assert!(bottom <= BOTTOM, "{m:?}");
        }
    }

    #[test]
    fn a_correcting_payslip_says_so_in_its_title() {
        let mut doc = samples::payslip("Ana Belén Torres Ruiz", "12345678Z");
        doc.corrects = Some("Nómina de enero de 2026 (01/01/2026 - 31/01/2026)".into());
        let pdf = payslip_pdf(&doc, Language::Es).unwrap();
        keep("payslip-correcting.pdf", &pdf);
        assert_shows(
            &text(&pdf),
            &[
                "RECIBO INDIVIDUAL JUSTIFICATIVO DEL PAGO DE SALARIOS",
                "RECTIFICATIVO · Rectifica: Nómina de enero de 2026 (01/01/2026 - 31/01/2026)",
            ],
        );
    }

    #[test]
    fn deductions_go_under_their_heading_and_a_part_time_worker_says_so() {
        let mut doc = samples::payslip("Jorge Sánchez Gil", "87654321X");
        doc.company.logo = None;
        doc.company.ss_employer_code = String::new();
        doc.worker.part_time_pct = "50".into();
        doc.worker.seniority = None;
        doc.other_deductions = vec![
            PayslipLine {
                label: "Anticipo 10/01".into(),
                amount: Money::from_cents(5_000),
            },
            PayslipLine {
                label: "Anticipo 20/01".into(),
                amount: Money::from_cents(5_000),
            },
            PayslipLine {
                label: "Comida de empresa en especie".into(),
                amount: Money::from_cents(1_234),
            },
            PayslipLine {
                label: "Cuota sindical".into(),
                amount: Money::from_cents(1_500),
            },
        ];
        let pdf = payslip_pdf(&doc, Language::Es).unwrap();
        keep("payslip-part-time.pdf", &pdf);
        assert_eq!(page_count(&pdf), 1);
        assert_shows(
            &text(&pdf),
            &[
                "Jornada parcial 50 %",
                "Cód. cuenta cotiz. —",
                "Antigüedad —",
                "3. Anticipos 100,00",
                "Anticipo 10/01 50,00",
                "Anticipo 20/01 50,00",
                "4. Valor de los productos recibidos en especie 12,34",
                "5. Otras deducciones 15,00",
                "Cuota sindical 15,00",
            ],
        );
    }
}
