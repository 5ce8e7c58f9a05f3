//! The printable documents of the payables side: the VAT input summary of a period (IVA
//! soportado: base, tax, recargo and deductible VAT per treatment and rate, the IRPF withheld
//! from professionals) and a supplier's statement (bills owed, payments and credit bills with
//! the running balance owed). Both are `layout` tables, as PDF and as CSV, like
//! `vat_summary` and the customer statement in `aging`.

use crate::aging::StatementLine;
use crate::font::Fonts;
use crate::i18n;
use crate::invoice::Recipient;
use crate::layout::{self, Cell, Column, HeadLine, Letterhead, Row, RowKind, Table};
use crate::statement::{amount, amount_or_blank, finish};
use crate::units::Len;
use crate::{pdf, CompanyHeader, RenderError};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use trastienda_core::money::format_grouped;
use trastienda_core::{Language, Money};

/// One treatment and VAT rate of a period's purchases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VatInputRow {
    /// "deductible", "recargo", "intra_eu" or "non_deductible" (printed localized).
    pub treatment: String,
    pub vat_rate: Decimal,
    pub base: Money,
    pub vat: Money,
    pub recargo: Money,
    pub deductible: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VatInputSummary {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub rows: Vec<VatInputRow>,
    pub base: Money,
    pub vat: Money,
    pub recargo: Money,
    pub deductible: Money,
    /// IRPF withheld from professionals in the period.
    pub irpf: Money,
    /// How many bills it sums.
    pub bills: u32,
}

/// A supplier's statement: bills owed (credit), payments and credit bills (debit); the
/// balance is what is owed (opening + credit − debit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierStatement {
    pub supplier: Recipient,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// What was owed before `from`.
    pub opening: Money,
    pub lines: Vec<StatementLine>,
}

struct Words {
    input_title: &'static str,
    treatment: &'static str,
    vat_rate: &'static str,
    base: &'static str,
    vat: &'static str,
    recargo: &'static str,
    deductible: &'static str,
    irpf: &'static str,
    bills: &'static str,
    t_deductible: &'static str,
    t_recargo: &'static str,
    t_intra_eu: &'static str,
    t_non_deductible: &'static str,
    supplier_statement: &'static str,
}

fn words(lang: Language) -> Words {
    match lang {
        Language::Es => Words {
            input_title: "Resumen de IVA soportado",
            treatment: "Tratamiento",
            vat_rate: "% IVA",
            base: "Base imponible",
            vat: "Cuota IVA",
            recargo: "Recargo",
            deductible: "IVA deducible",
            irpf: "IRPF retenido a profesionales",
            bills: "Facturas recibidas",
            t_deductible: "Deducible",
            t_recargo: "Recargo de equivalencia",
            t_intra_eu: "Intracomunitaria (ISP)",
            t_non_deductible: "No deducible",
            supplier_statement: "Extracto de proveedor",
        },
        Language::En => Words {
            input_title: "VAT input summary",
            treatment: "Treatment",
            vat_rate: "VAT %",
            base: "Taxable base",
            vat: "VAT",
            recargo: "Surcharge",
            deductible: "Deductible VAT",
            irpf: "IRPF withheld (professionals)",
            bills: "Supplier bills",
            t_deductible: "Deductible",
            t_recargo: "Equivalence surcharge",
            t_intra_eu: "Intra-EU (reverse charge)",
            t_non_deductible: "Not deductible",
            supplier_statement: "Supplier statement",
        },
    }
}

fn pct(d: Decimal, lang: Language) -> String {
    let s = d.normalize().to_string();
    match lang {
        Language::Es => format!("{} %", s.replace('.', ",")),
        Language::En => format!("{s} %"),
    }
}

/// The treatment as printed; an unknown key prints as it came.
fn treatment_label(key: &str, w: &Words) -> String {
    match key {
        "deductible" => w.t_deductible,
        "recargo" => w.t_recargo,
        "intra_eu" => w.t_intra_eu,
        "non_deductible" => w.t_non_deductible,
        other => other,
    }
    .to_string()
}

/// The summary as an A4 portrait PDF: treatment | VAT % | base | VAT | recargo | deductible
/// VAT per treatment and rate, the IRPF withheld and the number of bills, the totals boxed.
pub fn vat_input_summary_pdf(
    s: &VatInputSummary,
    company: &CompanyHeader,
    printed_on: NaiveDate,
    lang: Language,
) -> Result<Vec<u8>, RenderError> {
    let w = words(lang);
    let general = i18n::words(lang);
    let columns = vec![
        Column::left(w.treatment, Len::mm(56)),
        Column::right(w.vat_rate, Len::mm(16)),
        Column::right(w.base, Len::mm(28)),
        Column::right(w.vat, Len::mm(27)),
        Column::right(w.recargo, Len::mm(25)),
        Column::right(w.deductible, Len::mm(28)),
    ];
    let mut rows: Vec<Row> = s
        .rows
        .iter()
        .map(|r| Row {
            kind: RowKind::Detail,
            cells: vec![
                Cell::new(treatment_label(&r.treatment, &w)),
                Cell::new(pct(r.vat_rate, lang)),
                amount(r.base, lang),
                amount(r.vat, lang),
                amount_or_blank(r.recargo, lang),
                amount(r.deductible, lang),
            ],
        })
        .collect();
    // The IRPF and the count sit under the rows, as in the output summary: label in the
    // treatment column, value in the base column.
    let line = |label: String, value: String| Row {
        kind: RowKind::Heading,
        cells: vec![
            Cell::new(label),
            Cell::new(""),
            Cell::new(value),
            Cell::new(""),
            Cell::new(""),
            Cell::new(""),
        ],
    };
    rows.push(line(w.irpf.to_string(), format_grouped(s.irpf, lang)));
    rows.push(line(w.bills.to_string(), s.bills.to_string()));
    let table = Table {
        language: lang,
        letterhead: Letterhead {
            left: vec![
                HeadLine::title(company.name.clone()),
                HeadLine::line(format!("{}: {}", general.tax_id, company.tax_id)),
            ],
            right: vec![
                HeadLine::title(w.input_title),
                HeadLine::line(i18n::period(lang, Some(s.from), Some(s.to))),
                HeadLine::line(i18n::printed_on(lang, printed_on)),
            ],
        },
        columns,
        rows,
        totals: Some(vec![
            Cell::new(general.totals),
            Cell::new(""),
            amount(s.base, lang),
            amount(s.vat, lang),
            amount(s.recargo, lang),
            amount(s.deductible, lang),
        ]),
    };
    let fonts = Fonts::load()?;
    let pages = layout::lay_out(&table, &fonts);
    pdf::write(
        &format!("{} - {}", w.input_title, company.name),
        &pages,
        &fonts,
    )
}

/// The summary as CSV: `treatment,vat_rate,base,vat,recargo,deductible` per row (the
/// treatment key as given), then a `total` row and a `withholding` row (the IRPF, its amount
/// in `base`); amounts with '.'.
pub fn vat_input_summary_csv(s: &VatInputSummary) -> Result<Vec<u8>, RenderError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "treatment",
        "vat_rate",
        "base",
        "vat",
        "recargo",
        "deductible",
    ])?;
    for r in &s.rows {
        out.write_record([
            r.treatment.clone(),
            r.vat_rate.normalize().to_string(),
            r.base.to_string(),
            r.vat.to_string(),
            r.recargo.to_string(),
            r.deductible.to_string(),
        ])?;
    }
    out.write_record([
        "total".to_string(),
        String::new(),
        s.base.to_string(),
        s.vat.to_string(),
        s.recargo.to_string(),
        s.deductible.to_string(),
    ])?;
    out.write_record([
        "withholding".to_string(),
        String::new(),
        s.irpf.to_string(),
        String::new(),
        String::new(),
        String::new(),
    ])?;
    finish(out)
}

/// The supplier statement as A4 portrait: the opening balance, each movement with the running
/// balance owed (opening + credit − debit), and the period's debits, credits and closing
/// balance boxed.
pub fn supplier_statement_pdf(
    s: &SupplierStatement,
    company: &CompanyHeader,
    printed_on: NaiveDate,
    lang: Language,
) -> Result<Vec<u8>, RenderError> {
    let w = words(lang);
    let sales = i18n::sales_words(lang);
    let general = i18n::words(lang);
    let amount_w = Len::mm(25);
    let date_w = Len::mm(20);
    let doc_w = Len::mm(28);
    let concept_w = layout::PORTRAIT_CONTENT_W - date_w - doc_w - amount_w * 3;
    let columns = vec![
        Column::left(general.date, date_w),
        Column::left(sales.document, doc_w),
        Column::left(general.concept, concept_w),
        Column::right(general.debit, amount_w),
        Column::right(general.credit, amount_w),
        Column::right(general.balance, amount_w),
    ];
    let mut rows = vec![Row {
        kind: RowKind::Heading,
        cells: vec![
            Cell::new(s.from.map(i18n::date).unwrap_or_default()),
            Cell::new(""),
            Cell::new(general.opening_balance),
            Cell::new(""),
            Cell::new(""),
            amount(s.opening, lang),
        ],
    }];
    for (l, balance) in s.lines.iter().zip(running(s)) {
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
    let (debit, credit, closing) = sums(s);
    let totals = vec![
        Cell::new(""),
        Cell::new(""),
        Cell::new(general.totals),
        amount(debit, lang),
        amount(credit, lang),
        amount(closing, lang),
    ];
    let who = if s.supplier.tax_id.is_empty() {
        s.supplier.name.clone()
    } else {
        format!("{} ({})", s.supplier.name, s.supplier.tax_id)
    };
    let table = Table {
        language: lang,
        letterhead: Letterhead {
            left: vec![
                HeadLine::title(company.name.clone()),
                HeadLine::line(format!("{}: {}", general.tax_id, company.tax_id)),
                HeadLine::line(i18n::printed_on(lang, printed_on)),
            ],
            right: vec![
                HeadLine::title(w.supplier_statement),
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
        &format!("{} - {}", w.supplier_statement, s.supplier.name),
        &pages,
        &fonts,
    )
}

/// The balance owed after each line.
fn running(s: &SupplierStatement) -> impl Iterator<Item = Money> + '_ {
    s.lines.iter().scan(s.opening, |balance, l| {
        *balance += l.credit - l.debit;
        Some(*balance)
    })
}

/// The period's debits, credits and the closing balance owed.
fn sums(s: &SupplierStatement) -> (Money, Money, Money) {
    let debit: Money = s.lines.iter().map(|l| l.debit).sum();
    let credit: Money = s.lines.iter().map(|l| l.credit).sum();
    (debit, credit, s.opening + credit - debit)
}

/// The statement as CSV: `date,document,concept,debit,credit,balance`: an `opening` row (the
/// period's first date or empty), one row per movement with the running balance owed, and a
/// `total` row (the period's debits and credits, the closing balance). Dates ISO, amounts
/// with '.'.
pub fn supplier_statement_csv(s: &SupplierStatement) -> Result<Vec<u8>, RenderError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(["date", "document", "concept", "debit", "credit", "balance"])?;
    out.write_record([
        s.from.map(|d| d.to_string()).unwrap_or_default(),
        String::new(),
        "opening".to_string(),
        Money::ZERO.to_string(),
        Money::ZERO.to_string(),
        s.opening.to_string(),
    ])?;
    for (l, balance) in s.lines.iter().zip(running(s)) {
        out.write_record([
            l.date.to_string(),
            l.document.clone(),
            l.concept.clone(),
            l.debit.to_string(),
            l.credit.to_string(),
            balance.to_string(),
        ])?;
    }
    let (debit, credit, closing) = sums(s);
    out.write_record([
        s.to.map(|d| d.to_string()).unwrap_or_default(),
        String::new(),
        "total".to_string(),
        debit.to_string(),
        credit.to_string(),
        closing.to_string(),
    ])?;
    finish(out)
}
