//! Payroll reports as `layout` tables (PDF) and as CSV: the payroll summary (per employee and
//! per month), the Social Security cost by item (as the RLC/TC1 shows it), IRPF withheld in a
//! quarter (modelo 111), IRPF per employee in a year (modelo 190) and the headcount. The
//! shapes are filled by `api` from the store's reports; months are "YYYY-MM".

use crate::font::Fonts;
use crate::i18n;
use crate::layout::Table;
use crate::layout::{self, Cell, Column, HeadLine, Letterhead, Options, Orientation, Row, RowKind};
use crate::statement::{amount, finish};
use crate::units::Len;
use crate::{pdf, CompanyHeader, RenderError};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use trastienda_core::payroll::{EmployeeContributions, EmployerContributions};
use trastienda_core::{Language, Money};

/// Sums of a set of payslips.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PayrollFigures {
    pub gross: Money,
    pub employee_ss: Money,
    pub irpf: Money,
    pub other_deductions: Money,
    pub net: Money,
    pub employer_ss: Money,
    pub employer_cost: Money,
    pub payslips: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayrollEmployeeLine {
    pub name: String,
    pub nif: String,
    pub figures: PayrollFigures,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayrollMonthLine {
    /// "YYYY-MM".
    pub month: String,
    pub employees: u32,
    pub figures: PayrollFigures,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayrollSummaryDoc {
    /// "YYYY-MM".
    pub from: String,
    pub to: String,
    pub employees: Vec<PayrollEmployeeLine>,
    pub months: Vec<PayrollMonthLine>,
    pub totals: PayrollFigures,
}

/// One month's (or the period's) bases and contributions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SsCostLine {
    /// "YYYY-MM" ("" for the totals).
    pub month: String,
    pub employees: u32,
    pub bccc: Money,
    pub bccp: Money,
    pub ee: EmployeeContributions,
    pub er: EmployerContributions,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsCostDoc {
    pub from: String,
    pub to: String,
    pub months: Vec<SsCostLine>,
    pub totals: SsCostLine,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IrpfQuarterDoc {
    pub year: i32,
    pub quarter: u32,
    pub from: String,
    pub to: String,
    pub recipients: u32,
    pub base: Money,
    pub withheld: Money,
    pub payslips: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IrpfAnnualLine {
    pub nif: String,
    pub name: String,
    pub base: Money,
    pub withheld: Money,
    pub payslips: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IrpfAnnualDoc {
    pub year: i32,
    pub rows: Vec<IrpfAnnualLine>,
    pub base: Money,
    pub withheld: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadcountLine {
    pub month: String,
    pub employees: u32,
    pub fte: Decimal,
    pub hires: u32,
    pub terminations: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadcountDoc {
    pub year: i32,
    pub months: Vec<HeadcountLine>,
    pub hires: u32,
    pub terminations: u32,
    pub average_fte: Decimal,
}

struct Words {
    summary: &'static str,
    ss_cost: &'static str,
    irpf_quarter: &'static str,
    irpf_annual: &'static str,
    headcount: &'static str,
    employee: &'static str,
    nif: &'static str,
    month: &'static str,
    payslips: &'static str,
    employees: &'static str,
    gross: &'static str,
    employee_ss: &'static str,
    irpf: &'static str,
    other: &'static str,
    net: &'static str,
    employer_ss: &'static str,
    cost: &'static str,
    by_employee: &'static str,
    by_month: &'static str,
    concept: &'static str,
    base: &'static str,
    worker: &'static str,
    company: &'static str,
    total: &'static str,
    cc: &'static str,
    atep: &'static str,
    unemployment: &'static str,
    fogasa: &'static str,
    fp: &'static str,
    mei: &'static str,
    solidarity: &'static str,
    overtime: &'static str,
    month_total: &'static str,
    period_total: &'static str,
    recipients: &'static str,
    income: &'static str,
    withheld: &'static str,
    work_income: &'static str,
    quarter: &'static str,
    year: &'static str,
    key: &'static str,
    fte: &'static str,
    hires: &'static str,
    terminations: &'static str,
    year_average: &'static str,
    nothing: &'static str,
}

fn words(lang: Language) -> Words {
    match lang {
        Language::Es => Words {
            summary: "Resumen de nóminas",
            ss_cost: "Coste de Seguridad Social",
            irpf_quarter: "Retenciones IRPF (modelo 111)",
            irpf_annual: "Resumen anual IRPF (modelo 190)",
            headcount: "Plantilla",
            employee: "Trabajador",
            nif: "NIF",
            month: "Mes",
            payslips: "Nóminas",
            employees: "Trabajadores",
            gross: "Devengado",
            employee_ss: "SS trabajador",
            irpf: "IRPF",
            other: "Otras deducc.",
            net: "Líquido",
            employer_ss: "SS empresa",
            cost: "Coste empresa",
            by_employee: "Por trabajador",
            by_month: "Por mes",
            concept: "Concepto",
            base: "Base",
            worker: "Trabajador",
            company: "Empresa",
            total: "Total",
            cc: "Contingencias comunes",
            atep: "AT y EP",
            unemployment: "Desempleo",
            fogasa: "FOGASA",
            fp: "Formación profesional",
            mei: "MEI",
            solidarity: "Cotización de solidaridad",
            overtime: "Horas extraordinarias",
            month_total: "Total del mes",
            period_total: "Total del periodo",
            recipients: "Perceptores",
            income: "Percepciones",
            withheld: "Retenciones",
            work_income: "Rendimientos del trabajo (dinerarios y en especie)",
            quarter: "trimestre",
            year: "Ejercicio",
            key: "Clave",
            fte: "Equivalentes a jornada completa",
            hires: "Altas",
            terminations: "Bajas",
            year_average: "Año (media / total)",
            nothing: "Sin nóminas aprobadas en el periodo",
        },
        Language::En => Words {
            summary: "Payroll summary",
            ss_cost: "Social Security cost",
            irpf_quarter: "IRPF withheld (modelo 111)",
            irpf_annual: "Annual IRPF (modelo 190)",
            headcount: "Headcount",
            employee: "Employee",
            nif: "Tax ID",
            month: "Month",
            payslips: "Payslips",
            employees: "Employees",
            gross: "Gross",
            employee_ss: "Employee SS",
            irpf: "IRPF",
            other: "Other deduct.",
            net: "Net",
            employer_ss: "Employer SS",
            cost: "Employer cost",
            by_employee: "By employee",
            by_month: "By month",
            concept: "Item",
            base: "Base",
            worker: "Employee",
            company: "Employer",
            total: "Total",
            cc: "Common contingencies",
            atep: "Work accidents (AT/EP)",
            unemployment: "Unemployment",
            fogasa: "FOGASA",
            fp: "Vocational training",
            mei: "MEI",
            solidarity: "Solidarity contribution",
            overtime: "Overtime",
            month_total: "Month total",
            period_total: "Period total",
            recipients: "Recipients",
            income: "Income",
            withheld: "Withheld",
            work_income: "Employment income (cash and in kind)",
            quarter: "quarter",
            year: "Year",
            key: "Key",
            fte: "Full-time equivalents",
            hires: "Hires",
            terminations: "Leavers",
            year_average: "Year (average / total)",
            nothing: "No approved payslips in the period",
        },
    }
}

/// "2025-03" as "03/2025" (and anything else as it is).
fn month_label(m: &str) -> String {
    match m.split_once('-') {
        Some((y, mm)) => format!("{mm}/{y}"),
        None => m.to_string(),
    }
}

fn period_label(lang: Language, from: &str, to: &str) -> String {
    let (f, t) = (month_label(from), month_label(to));
    match lang {
        Language::Es if from == to => format!("Mes {f}"),
        Language::En if from == to => format!("Month {f}"),
        Language::Es => format!("De {f} a {t}"),
        Language::En => format!("From {f} to {t}"),
    }
}

fn decimal(d: Decimal, lang: Language) -> String {
    let s = format!("{:.2}", d.round_dp(2));
    match lang {
        Language::Es => s.replace('.', ","),
        Language::En => s,
    }
}

fn letterhead(
    company: &CompanyHeader,
    title: &str,
    period: String,
    printed_on: NaiveDate,
    lang: Language,
) -> Letterhead {
    let general = i18n::words(lang);
    Letterhead {
        left: vec![
            HeadLine::title(company.name.clone()),
            HeadLine::line(format!("{}: {}", general.tax_id, company.tax_id)),
        ],
        right: vec![
            HeadLine::title(title.to_string()),
            HeadLine::line(period),
            HeadLine::line(i18n::printed_on(lang, printed_on)),
        ],
    }
}

fn blanks(n: usize) -> Vec<Cell> {
    (0..n).map(|_| Cell::new("")).collect()
}

fn write(
    table: &Table,
    title: &str,
    company: &CompanyHeader,
    opts: &Options,
) -> Result<Vec<u8>, RenderError> {
    let fonts = Fonts::load()?;
    let pages = layout::lay_out_with(table, &fonts, opts);
    pdf::write(&format!("{title} - {}", company.name), &pages, &fonts)
}

fn figure_cells(f: &PayrollFigures, lang: Language) -> Vec<Cell> {
    vec![
        amount(f.gross, lang),
        amount(f.employee_ss, lang),
        amount(f.irpf, lang),
        amount(f.other_deductions, lang),
        amount(f.net, lang),
        amount(f.employer_ss, lang),
        amount(f.employer_cost, lang),
    ]
}

/// The payroll summary as an A4 landscape PDF: per employee (name, NIF, payslips, gross,
/// employee SS, IRPF, other deductions, net, employer SS, employer cost), then per month
/// (with how many employees were paid), the totals boxed.
pub fn payroll_summary_pdf(
    s: &PayrollSummaryDoc,
    company: &CompanyHeader,
    printed_on: NaiveDate,
    lang: Language,
) -> Result<Vec<u8>, RenderError> {
    let w = words(lang);
    let general = i18n::words(lang);
    let columns = vec![
        Column::left(w.employee, Len::mm(62)),
        Column::left(w.nif, Len::mm(23)),
        Column::right(w.payslips, Len::mm(16)),
        Column::right(w.gross, Len::mm(24)),
        Column::right(w.employee_ss, Len::mm(24)),
        Column::right(w.irpf, Len::mm(22)),
        Column::right(w.other, Len::mm(22)),
        Column::right(w.net, Len::mm(24)),
        Column::right(w.employer_ss, Len::mm(24)),
        Column::right(w.cost, Len::mm(26)),
    ];
    let mut rows = Vec::new();
    let mut keep = Vec::new();
    let heading = |text: &str| {
        let mut cells = vec![Cell::new(text)];
        cells.extend(blanks(9));
        Row {
            kind: RowKind::Group,
            cells,
        }
    };
    if s.employees.is_empty() {
        rows.push(Row {
            kind: RowKind::Note,
            cells: vec![Cell::new(w.nothing)],
        });
        keep.push(false);
    }
    if !s.employees.is_empty() {
        rows.push(heading(w.by_employee));
        keep.push(true);
        for e in &s.employees {
            let mut cells = vec![
                Cell::new(e.name.clone()),
                Cell::new(e.nif.clone()),
                Cell::new(e.figures.payslips.to_string()),
            ];
            cells.extend(figure_cells(&e.figures, lang));
            rows.push(Row {
                kind: RowKind::Detail,
                cells,
            });
            keep.push(false);
        }
    }
    if !s.months.is_empty() {
        rows.push(heading(w.by_month));
        keep.push(true);
        for m in &s.months {
            let mut cells = vec![
                Cell::new(month_label(&m.month)),
                Cell::new(format!("{} {}", m.employees, w.employees.to_lowercase())),
                Cell::new(m.figures.payslips.to_string()),
            ];
            cells.extend(figure_cells(&m.figures, lang));
            rows.push(Row {
                kind: RowKind::Detail,
                cells,
            });
            keep.push(false);
        }
    }
    let mut totals = vec![
        Cell::new(general.totals),
        Cell::new(""),
        Cell::new(s.totals.payslips.to_string()),
    ];
    totals.extend(figure_cells(&s.totals, lang));
    let table = Table {
        language: lang,
        letterhead: letterhead(
            company,
            w.summary,
            period_label(lang, &s.from, &s.to),
            printed_on,
            lang,
        ),
        columns,
        rows,
        totals: Some(totals),
    };
    write(
        &table,
        w.summary,
        company,
        &Options {
            orientation: Orientation::Landscape,
            keep_with_next: keep,
        },
    )
}

/// The summary as CSV: `section,month,employee_id... ` — one row per employee
/// (`employee,name,nif,...`), one per month (`month,YYYY-MM,employees,...`) and a `total` row;
/// amounts with '.'.
pub fn payroll_summary_csv(s: &PayrollSummaryDoc) -> Result<Vec<u8>, RenderError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "row",
        "name",
        "nif",
        "month",
        "employees",
        "payslips",
        "gross",
        "employee_ss",
        "irpf",
        "other_deductions",
        "net",
        "employer_ss",
        "employer_cost",
    ])?;
    let figures = |f: &PayrollFigures| {
        vec![
            f.payslips.to_string(),
            f.gross.to_string(),
            f.employee_ss.to_string(),
            f.irpf.to_string(),
            f.other_deductions.to_string(),
            f.net.to_string(),
            f.employer_ss.to_string(),
            f.employer_cost.to_string(),
        ]
    };
    for e in &s.employees {
        let mut r = vec![
            "employee".to_string(),
            e.name.clone(),
            e.nif.clone(),
            String::new(),
            String::new(),
        ];
        r.extend(figures(&e.figures));
        out.write_record(&r)?;
    }
    for m in &s.months {
        let mut r = vec![
            "month".to_string(),
            String::new(),
            String::new(),
            m.month.clone(),
            m.employees.to_string(),
        ];
        r.extend(figures(&m.figures));
        out.write_record(&r)?;
    }
    let mut r = vec![
        "total".to_string(),
        String::new(),
        String::new(),
        format!("{}..{}", s.from, s.to),
        s.employees.len().to_string(),
    ];
    r.extend(figures(&s.totals));
    out.write_record(&r)?;
    finish(out)
}

/// The items of a month's contributions: label, base, employee, employer (None: no share).
fn ss_items(l: &SsCostLine, w: &Words) -> Vec<(&'static str, Option<Money>, Option<Money>, Money)> {
    vec![
        (w.cc, Some(l.bccc), Some(l.ee.cc), l.er.cc),
        (w.atep, Some(l.bccp), None, l.er.atep),
        (
            w.unemployment,
            Some(l.bccp),
            Some(l.ee.unemployment),
            l.er.unemployment,
        ),
        (w.fogasa, Some(l.bccp), None, l.er.fogasa),
        (w.fp, Some(l.bccp), Some(l.ee.fp), l.er.fp),
        (w.mei, Some(l.bccc), Some(l.ee.mei), l.er.mei),
        (w.solidarity, None, Some(l.ee.solidarity), l.er.solidarity),
        (w.overtime, None, Some(l.ee.overtime), l.er.overtime),
    ]
}

/// The Social Security cost as an A4 portrait PDF, one block per month as the RLC shows it:
/// each item with its base, the employee's and the employer's share and their sum, the
/// month's total; the period's totals by item at the end, the grand total boxed.
pub fn ss_cost_pdf(
    s: &SsCostDoc,
    company: &CompanyHeader,
    printed_on: NaiveDate,
    lang: Language,
) -> Result<Vec<u8>, RenderError> {
    let w = words(lang);
    let general = i18n::words(lang);
    let columns = vec![
        Column::left(w.concept, Len::mm(62)),
        Column::right(w.base, Len::mm(30)),
        Column::right(w.worker, Len::mm(28)),
        Column::right(w.company, Len::mm(28)),
        Column::right(w.total, Len::mm(32)),
    ];
    let mut rows = Vec::new();
    let mut keep = Vec::new();
    let mut block = |l: &SsCostLine, title: String, total_label: &str| {
        rows.push(Row {
            kind: RowKind::Group,
            cells: {
                let mut c = vec![Cell::new(title)];
                c.extend(blanks(4));
                c
            },
        });
        keep.push(true);
        for (label, base, ee, er) in ss_items(l, &w) {
            if base.is_none() && ee.unwrap_or(Money::ZERO).is_zero() && er.is_zero() {
                // Solidarity and overtime only when there are any.
                continue;
            }
            rows.push(Row {
                kind: RowKind::Detail,
                cells: vec![
                    Cell::new(label).indented(Len::mm_tenths(25)),
                    base.map(|b| amount(b, lang))
                        .unwrap_or_else(|| Cell::new("")),
                    ee.map(|e| amount(e, lang)).unwrap_or_else(|| Cell::new("")),
                    amount(er, lang),
                    amount(ee.unwrap_or(Money::ZERO) + er, lang),
                ],
            });
            keep.push(true);
        }
        rows.push(Row {
            kind: RowKind::Total,
            cells: vec![
                Cell::new(total_label),
                Cell::new(""),
                amount(l.ee.total(), lang),
                amount(l.er.total(), lang),
                amount(l.ee.total() + l.er.total(), lang),
            ],
        });
        keep.push(false);
    };
    for m in &s.months {
        block(
            m,
            format!(
                "{} · {} {}",
                month_label(&m.month),
                m.employees,
                w.employees.to_lowercase()
            ),
            w.month_total,
        );
    }
    if s.months.len() > 1 {
        block(&s.totals, w.period_total.to_string(), w.period_total);
    }
    if s.months.is_empty() {
        rows.push(Row {
            kind: RowKind::Note,
            cells: vec![Cell::new(w.nothing)],
        });
        keep.push(false);
    }
    let t = &s.totals;
    let table = Table {
        language: lang,
        letterhead: letterhead(
            company,
            w.ss_cost,
            period_label(lang, &s.from, &s.to),
            printed_on,
            lang,
        ),
        columns,
        rows,
        totals: Some(vec![
            Cell::new(general.totals),
            Cell::new(""),
            amount(t.ee.total(), lang),
            amount(t.er.total(), lang),
            amount(t.ee.total() + t.er.total(), lang),
        ]),
    };
    write(
        &table,
        w.ss_cost,
        company,
        &Options {
            orientation: Orientation::Portrait,
            keep_with_next: keep,
        },
    )
}

/// The Social Security cost as CSV: one row per month and a `total` row with the bases,
/// every employee and employer item and their totals; amounts with '.'.
pub fn ss_cost_csv(s: &SsCostDoc) -> Result<Vec<u8>, RenderError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "month",
        "employees",
        "bccc",
        "bccp",
        "ee_cc",
        "ee_unemployment",
        "ee_fp",
        "ee_mei",
        "ee_solidarity",
        "ee_overtime",
        "ee_total",
        "er_cc",
        "er_atep",
        "er_unemployment",
        "er_fogasa",
        "er_fp",
        "er_mei",
        "er_solidarity",
        "er_overtime",
        "er_total",
        "total",
    ])?;
    let line = |month: String, l: &SsCostLine| {
        vec![
            month,
            l.employees.to_string(),
            l.bccc.to_string(),
            l.bccp.to_string(),
            l.ee.cc.to_string(),
            l.ee.unemployment.to_string(),
            l.ee.fp.to_string(),
            l.ee.mei.to_string(),
            l.ee.solidarity.to_string(),
            l.ee.overtime.to_string(),
            l.ee.total().to_string(),
            l.er.cc.to_string(),
            l.er.atep.to_string(),
            l.er.unemployment.to_string(),
            l.er.fogasa.to_string(),
            l.er.fp.to_string(),
            l.er.mei.to_string(),
            l.er.solidarity.to_string(),
            l.er.overtime.to_string(),
            l.er.total().to_string(),
            (l.ee.total() + l.er.total()).to_string(),
        ]
    };
    for m in &s.months {
        out.write_record(line(m.month.clone(), m))?;
    }
    out.write_record(line("total".into(), &s.totals))?;
    finish(out)
}

fn quarter_label(lang: Language, q: &IrpfQuarterDoc) -> String {
    let w = words(lang);
    format!(
        "{}{} {} {} · {}",
        q.quarter,
        match lang {
            Language::Es => ".º",
            Language::En => match q.quarter {
                1 => "st",
                2 => "nd",
                3 => "rd",
                _ => "th",
            },
        },
        w.quarter,
        q.year,
        period_label(lang, &q.from, &q.to)
    )
}

/// The quarter's withholding as an A4 portrait PDF: employment income with its recipients,
/// income and IRPF withheld (the figures of modelo 111), boxed, and how many payslips.
pub fn irpf_quarter_pdf(
    q: &IrpfQuarterDoc,
    company: &CompanyHeader,
    printed_on: NaiveDate,
    lang: Language,
) -> Result<Vec<u8>, RenderError> {
    let w = words(lang);
    let general = i18n::words(lang);
    let columns = vec![
        Column::left(w.concept, Len::mm(84)),
        Column::right(w.recipients, Len::mm(24)),
        Column::right(w.income, Len::mm(36)),
        Column::right(w.withheld, Len::mm(36)),
    ];
    let rows = vec![
        Row {
            kind: RowKind::Detail,
            cells: vec![
                Cell::new(w.work_income),
                Cell::new(q.recipients.to_string()),
                amount(q.base, lang),
                amount(q.withheld, lang),
            ],
        },
        Row {
            kind: RowKind::Heading,
            cells: vec![
                Cell::new(w.payslips),
                Cell::new(q.payslips.to_string()),
                Cell::new(""),
                Cell::new(""),
            ],
        },
    ];
    let table = Table {
        language: lang,
        letterhead: letterhead(
            company,
            w.irpf_quarter,
            quarter_label(lang, q),
            printed_on,
            lang,
        ),
        columns,
        rows,
        totals: Some(vec![
            Cell::new(general.totals),
            Cell::new(q.recipients.to_string()),
            amount(q.base, lang),
            amount(q.withheld, lang),
        ]),
    };
    write(&table, w.irpf_quarter, company, &Options::default())
}

/// The quarter as CSV: `year,quarter,from,to,recipients,base,withheld,payslips`.
pub fn irpf_quarter_csv(q: &IrpfQuarterDoc) -> Result<Vec<u8>, RenderError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "year",
        "quarter",
        "from",
        "to",
        "recipients",
        "base",
        "withheld",
        "payslips",
    ])?;
    out.write_record([
        q.year.to_string(),
        q.quarter.to_string(),
        q.from.clone(),
        q.to.clone(),
        q.recipients.to_string(),
        q.base.to_string(),
        q.withheld.to_string(),
        q.payslips.to_string(),
    ])?;
    finish(out)
}

/// The year's withholding per employee as an A4 portrait PDF (the data of modelo 190, key A):
/// NIF, name, key, income, withheld, payslips; totals boxed.
pub fn irpf_annual_pdf(
    y: &IrpfAnnualDoc,
    company: &CompanyHeader,
    printed_on: NaiveDate,
    lang: Language,
) -> Result<Vec<u8>, RenderError> {
    let w = words(lang);
    let general = i18n::words(lang);
    let columns = vec![
        Column::left(w.nif, Len::mm(24)),
        Column::left(w.employee, Len::mm(66)),
        Column::left(w.key, Len::mm(12)),
        Column::right(w.income, Len::mm(30)),
        Column::right(w.withheld, Len::mm(30)),
        Column::right(w.payslips, Len::mm(18)),
    ];
    let mut rows: Vec<Row> = y
        .rows
        .iter()
        .map(|r| Row {
            kind: RowKind::Detail,
            cells: vec![
                Cell::new(r.nif.clone()),
                Cell::new(r.name.clone()),
                Cell::new("A"),
                amount(r.base, lang),
                amount(r.withheld, lang),
                Cell::new(r.payslips.to_string()),
            ],
        })
        .collect();
    if rows.is_empty() {
        rows.push(Row {
            kind: RowKind::Note,
            cells: vec![Cell::new(w.nothing)],
        });
    }
    let table = Table {
        language: lang,
        letterhead: letterhead(
            company,
            w.irpf_annual,
            format!("{} {}", w.year, y.year),
            printed_on,
            lang,
        ),
        columns,
        rows,
        totals: Some(vec![
            Cell::new(general.totals),
            Cell::new(format!("{} {}", y.rows.len(), w.recipients.to_lowercase())),
            Cell::new(""),
            amount(y.base, lang),
            amount(y.withheld, lang),
            Cell::new(y.rows.iter().map(|r| r.payslips).sum::<u32>().to_string()),
        ]),
    };
    write(&table, w.irpf_annual, company, &Options::default())
}

/// The year per employee as CSV: `nif,name,key,base,withheld,payslips` and a `total` row.
pub fn irpf_annual_csv(y: &IrpfAnnualDoc) -> Result<Vec<u8>, RenderError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(["nif", "name", "key", "base", "withheld", "payslips"])?;
    for r in &y.rows {
        out.write_record([
            r.nif.clone(),
            r.name.clone(),
            "A".to_string(),
            r.base.to_string(),
            r.withheld.to_string(),
            r.payslips.to_string(),
        ])?;
    }
    out.write_record([
        "total".to_string(),
        String::new(),
        String::new(),
        y.base.to_string(),
        y.withheld.to_string(),
        y.rows.iter().map(|r| r.payslips).sum::<u32>().to_string(),
    ])?;
    finish(out)
}

/// The headcount as an A4 portrait PDF: month, employees paid, full-time equivalents, hires,
/// leavers; the year's average FTE and totals boxed.
pub fn headcount_pdf(
    h: &HeadcountDoc,
    company: &CompanyHeader,
    printed_on: NaiveDate,
    lang: Language,
) -> Result<Vec<u8>, RenderError> {
    let w = words(lang);
    let columns = vec![
        Column::left(w.month, Len::mm(50)),
        Column::right(w.employees, Len::mm(30)),
        Column::right(w.fte, Len::mm(56)),
        Column::right(w.hires, Len::mm(22)),
        Column::right(w.terminations, Len::mm(22)),
    ];
    let rows = h
        .months
        .iter()
        .map(|m| Row {
            kind: RowKind::Detail,
            cells: vec![
                Cell::new(month_label(&m.month)),
                Cell::new(m.employees.to_string()),
                Cell::new(decimal(m.fte, lang)),
                Cell::new(m.hires.to_string()),
                Cell::new(m.terminations.to_string()),
            ],
        })
        .collect();
    let table = Table {
        language: lang,
        letterhead: letterhead(
            company,
            w.headcount,
            format!("{} {}", w.year, h.year),
            printed_on,
            lang,
        ),
        columns,
        rows,
        totals: Some(vec![
            Cell::new(w.year_average),
            Cell::new(""),
            Cell::new(decimal(h.average_fte, lang)),
            Cell::new(h.hires.to_string()),
            Cell::new(h.terminations.to_string()),
        ]),
    };
    write(&table, w.headcount, company, &Options::default())
}

/// The headcount as CSV: `month,employees,fte,hires,terminations` per month and a `year` row
/// (the average FTE, the year's hires and terminations).
pub fn headcount_csv(h: &HeadcountDoc) -> Result<Vec<u8>, RenderError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(["month", "employees", "fte", "hires", "terminations"])?;
    for m in &h.months {
        out.write_record([
            m.month.clone(),
            m.employees.to_string(),
            format!("{:.2}", m.fte),
            m.hires.to_string(),
            m.terminations.to_string(),
        ])?;
    }
    out.write_record([
        h.year.to_string(),
        String::new(),
        format!("{:.2}", h.average_fte),
        h.hires.to_string(),
        h.terminations.to_string(),
    ])?;
    finish(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sales_tests::{keep, page_count, text};

    fn m(c: i64) -> Money {
        Money::from_cents(c)
    }

    fn squash(s: &str) -> String {
        s.split_whitespace().collect()
    }

    fn company() -> CompanyHeader {
        CompanyHeader {
            name: "Ferretería Ejemplo SL".into(),
            tax_id: "B12345678".into(),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 7, 1).unwrap()
    }

    fn figures(gross: i64, ee: i64, irpf: i64, er: i64, n: u32) -> PayrollFigures {
        PayrollFigures {
            gross: m(gross),
            employee_ss: m(ee),
            irpf: m(irpf),
            other_deductions: Money::ZERO,
            net: m(gross - ee - irpf),
            employer_ss: m(er),
            employer_cost: m(gross + er),
            payslips: n,
        }
    }

    pub(crate) fn summary() -> PayrollSummaryDoc {
        let ana = figures(380_000, 24_130, 38_000, 120_000, 2);
        let luis = figures(161_234, 10_240, 16_123, 50_917, 1);
        let mut t = PayrollFigures::default();
        for f in [&ana, &luis] {
            t.gross += f.gross;
            t.employee_ss += f.employee_ss;
            t.irpf += f.irpf;
            t.net += f.net;
            t.employer_ss += f.employer_ss;
            t.employer_cost += f.employer_cost;
            t.payslips += f.payslips;
        }
        PayrollSummaryDoc {
            from: "2025-01".into(),
            to: "2025-06".into(),
            employees: vec![
                PayrollEmployeeLine {
                    name: "Ana Ruiz Fernández de la Cuesta".into(),
                    nif: "12345678Z".into(),
                    figures: ana,
                },
                PayrollEmployeeLine {
                    name: "Luis Gil".into(),
                    nif: "87654321X".into(),
                    figures: luis,
                },
            ],
            months: vec![
                PayrollMonthLine {
                    month: "2025-03".into(),
                    employees: 2,
                    figures: figures(351_234, 22_000, 35_123, 110_000, 2),
                },
                PayrollMonthLine {
                    month: "2025-06".into(),
                    employees: 1,
                    figures: figures(190_000, 12_370, 19_000, 60_917, 1),
                },
            ],
            totals: t,
        }
    }

    fn ss() -> SsCostDoc {
        let line = |month: &str| SsCostLine {
            month: month.into(),
            employees: 2,
            bccc: m(300_000),
            bccp: m(300_000),
            ee: EmployeeContributions {
                cc: m(14_100),
                unemployment: m(4_650),
                fp: m(300),
                mei: m(390),
                solidarity: Money::ZERO,
                overtime: Money::ZERO,
            },
            er: EmployerContributions {
                cc: m(70_800),
                atep: m(4_500),
                unemployment: m(16_500),
                fogasa: m(600),
                fp: m(1_800),
                mei: m(1_470),
                solidarity: Money::ZERO,
                overtime: Money::ZERO,
            },
        };
        let mut t = line("");
        t.bccc = m(600_000);
        t.bccp = m(600_000);
        t.ee.cc = m(28_200);
        t.ee.unemployment = m(9_300);
        t.ee.fp = m(600);
        t.ee.mei = m(780);
        t.er.cc = m(141_600);
        t.er.atep = m(9_000);
        t.er.unemployment = m(33_000);
        t.er.fogasa = m(1_200);
        t.er.fp = m(3_600);
        t.er.mei = m(2_940);
        SsCostDoc {
            from: "2025-03".into(),
            to: "2025-04".into(),
            months: vec![line("2025-03"), line("2025-04")],
            totals: t,
        }
    }

    #[test]
    fn the_summary_prints_every_figure_and_its_csv_the_same() {
        let s = summary();
        let pdf = payroll_summary_pdf(&s, &company(), today(), Language::Es).unwrap();
        keep("payroll-summary.pdf", &pdf);
        assert_eq!(page_count(&pdf), 1);
        let t = squash(&text(&pdf));
        for want in [
            "Resumendenóminas",
            "De01/2025a06/2025",
            "AnaRuizFernándezdelaCuesta",
            "12345678Z",
            "3.800,00",
            "1.612,34",
            "03/2025",
            "2trabajadores",
            "Portrabajador",
            "Pormes",
            // Totals: gross 5 412,34, cost 7 121,51.
            "5.412,34",
            "7.121,51",
            "Página1de1",
        ] {
            assert!(t.contains(want), "{want} not in {t}");
        }
        let csv = String::from_utf8(payroll_summary_csv(&s).unwrap()).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 6);
        assert_eq!(
            lines[1],
            "employee,Ana Ruiz Fernández de la Cuesta,12345678Z,,,2,3800.00,241.30,380.00,0.00,3178.70,1200.00,5000.00"
        );
        assert!(lines[5].starts_with("total,,,2025-01..2025-06,2,3,5412.34,"));
    }

    #[test]
    fn ss_cost_prints_each_item_per_month() {
        let s = ss();
        let pdf = ss_cost_pdf(&s, &company(), today(), Language::Es).unwrap();
        keep("ss-cost.pdf", &pdf);
        let t = squash(&text(&pdf));
        for want in [
            "CostedeSeguridadSocial",
            "Contingenciascomunes",
            "ATyEP",
            "Desempleo",
            "FOGASA",
            "Formaciónprofesional",
            "MEI",
            "03/2025·2trabajadores",
            "Totaldelperiodo",
            "708,00",
            "1.416,00",
            // Month: 194,40 + 956,70 = 1 151,10; period 2 302,20.
            "1.151,10",
            "2.302,20",
        ] {
            assert!(t.contains(want), "{want} not in {t}");
        }
        // No solidarity nor overtime line when there is none.
        assert!(!t.contains("solidaridad"));
        let csv = String::from_utf8(ss_cost_csv(&s).unwrap()).unwrap();
        assert!(csv.lines().nth(1).unwrap().starts_with(
            "2025-03,2,3000.00,3000.00,141.00,46.50,3.00,3.90,0.00,0.00,194.40,708.00,45.00"
        ));
        assert!(csv.lines().nth(3).unwrap().ends_with(",2302.20"));
    }

    #[test]
    fn irpf_quarter_annual_and_headcount_in_english_and_spanish() {
        let q = IrpfQuarterDoc {
            year: 2025,
            quarter: 2,
            from: "2025-04".into(),
            to: "2025-06".into(),
            recipients: 2,
            base: m(541_234),
            withheld: m(54_123),
            payslips: 3,
        };
        let pdf = irpf_quarter_pdf(&q, &company(), today(), Language::Es).unwrap();
        keep("irpf-111.pdf", &pdf);
        let t = squash(&text(&pdf));
        for want in [
            "modelo111",
            "2.ºtrimestre2025",
            "5.412,34",
            "541,23",
            "Perceptores",
        ] {
            assert!(t.contains(want), "{want} not in {t}");
        }
        assert_eq!(
            String::from_utf8(irpf_quarter_csv(&q).unwrap()).unwrap(),
            "year,quarter,from,to,recipients,base,withheld,payslips\n\
             2025,2,2025-04,2025-06,2,5412.34,541.23,3\n"
        );

        let y = IrpfAnnualDoc {
            year: 2025,
            rows: vec![IrpfAnnualLine {
                nif: "12345678Z".into(),
                name: "Ana Ruiz".into(),
                base: m(2_400_000),
                withheld: m(240_000),
                payslips: 14,
            }],
            base: m(2_400_000),
            withheld: m(240_000),
        };
        let pdf = irpf_annual_pdf(&y, &company(), today(), Language::En).unwrap();
        keep("irpf-190.pdf", &pdf);
        let t = squash(&text(&pdf));
        for want in [
            "modelo190",
            "Year2025",
            "12345678Z",
            "24,000.00",
            "2,400.00",
        ] {
            assert!(t.contains(want), "{want} not in {t}");
        }
        assert_eq!(
            String::from_utf8(irpf_annual_csv(&y).unwrap()).unwrap(),
            "nif,name,key,base,withheld,payslips\n\
             12345678Z,Ana Ruiz,A,24000.00,2400.00,14\n\
             total,,,24000.00,2400.00,14\n"
        );

        let h = HeadcountDoc {
            year: 2025,
            months: (1..=12)
                .map(|i| HeadcountLine {
                    month: format!("2025-{i:02}"),
                    employees: if i >= 3 { 2 } else { 1 },
                    fte: if i == 3 {
                        Decimal::new(125, 2)
                    } else if i > 3 {
                        Decimal::new(15, 1)
                    } else {
                        Decimal::ONE
                    },
                    hires: u32::from(i == 3),
                    terminations: u32::from(i == 7),
                })
                .collect(),
            hires: 1,
            terminations: 1,
            average_fte: Decimal::new(135, 2),
        };
        let pdf = headcount_pdf(&h, &company(), today(), Language::Es).unwrap();
        keep("headcount.pdf", &pdf);
        let t = squash(&text(&pdf));
        for want in [
            "Plantilla",
            "Ejercicio2025",
            "03/2025",
            "1,25",
            "1,50",
            "1,35",
            "Altas",
            "Bajas",
        ] {
            assert!(t.contains(want), "{want} not in {t}");
        }
        let csv = String::from_utf8(headcount_csv(&h).unwrap()).unwrap();
        assert!(csv.contains("\n2025-03,2,1.25,1,0\n"));
        assert!(csv.ends_with("\n2025,,1.35,1,1\n"));
    }
}
