//! Report use cases shared by the commands and the CLI: the trial balance, rolled-up
//! account balances, and exports through the render crate.

use crate::dto;
use crate::error::{ApiError, ErrorCode};
use crate::parse;
use chrono::NaiveDate;
use std::collections::HashMap;
use trastienda_core::report::{build_trial_balance, TrialBalance, TrialBalanceOptions};
use trastienda_core::{Language, Money, Problem, ProblemCode};
use trastienda_store::Company;

pub fn period(
    from: &Option<String>,
    to: &Option<String>,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>), ApiError> {
    let mut p = Vec::new();
    let f = parse::opt_date("from", from)
        .map_err(|x| p.push(x))
        .ok()
        .flatten();
    let t = parse::opt_date("to", to)
        .map_err(|x| p.push(x))
        .ok()
        .flatten();
    if let (Some(f), Some(t)) = (f, t) {
        if f > t {
            p.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    format!("the period starts ({f}) after it ends ({t})"),
                )
                .field("from"),
            );
        }
    }
    if p.is_empty() {
        Ok((f, t))
    } else {
        Err(ApiError::from_problems(&p))
    }
}

pub fn trial_balance(
    c: &Company,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    level: Option<u8>,
) -> Result<TrialBalance, ApiError> {
    let chart = c.chart()?;
    // A trial balance to a year's end shows the year's balances, not the zeros its close
    // leaves (the regularisation and closing entries dated that day are left out).
    let totals = c.account_totals_for(from, to, trastienda_store::YearEndRule::Balances)?;
    Ok(build_trial_balance(
        &chart,
        &totals,
        TrialBalanceOptions { from, to, level },
    ))
}

pub fn trial_balance_dto(tb: &TrialBalance) -> dto::TrialBalance {
    dto::TrialBalance {
        from: tb.from.map(|d| d.to_string()),
        to: tb.to.map(|d| d.to_string()),
        rows: tb
            .rows
            .iter()
            .map(|r| dto::TrialBalanceRow {
                code: r.code.clone(),
                name: r.name.clone(),
                level: r.level,
                is_group: r.is_group,
                debit: r.debit.to_string(),
                credit: r.credit.to_string(),
                balance: r.balance.to_string(),
            })
            .collect(),
        total_debit: tb.total_debit.to_string(),
        total_credit: tb.total_credit.to_string(),
        total_balance: tb.total_balance.to_string(),
    }
}

/// Debit and credit per account code, each account including its subaccounts.
pub fn rolled_up_totals(
    c: &Company,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<HashMap<String, (Money, Money)>, ApiError> {
    let tb = trial_balance(c, from, to, None)?;
    Ok(tb
        .rows
        .into_iter()
        .map(|r| (r.code, (r.debit, r.credit)))
        .collect())
}

pub struct ExportFile {
    pub file_name: String,
    pub mime: &'static str,
    pub bytes: Vec<u8>,
    /// The statement printed, when the file is one (for its checks and unassigned accounts).
    pub statement: Option<Statement>,
}

pub fn export_trial_balance(
    c: &Company,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    format: dto::ExportFormat,
    lang: Language,
    today: NaiveDate,
) -> Result<ExportFile, ApiError> {
    let tb = trial_balance(c, from, to, None)?;
    let settings = c.settings()?;
    let stem = match lang {
        Language::Es => "balance-sumas-saldos",
        Language::En => "trial-balance",
    };
    let period = match (from, to) {
        (None, None) => String::new(),
        (f, t) => format!(
            "-{}_{}",
            f.map(|d| d.to_string()).unwrap_or_default(),
            t.map(|d| d.to_string()).unwrap_or_default()
        ),
    };
    let render_err =
        |e: trastienda_render::RenderError| ApiError::new(ErrorCode::Internal, e.to_string());
    Ok(match format {
        dto::ExportFormat::Pdf => ExportFile {
            file_name: format!("{stem}{period}.pdf"),
            mime: "application/pdf",
            statement: None,
            bytes: trastienda_render::trial_balance_pdf(
                &tb,
                &trastienda_render::CompanyHeader {
                    name: settings.name,
                    tax_id: settings.tax_id,
                },
                today,
                lang,
            )
            .map_err(render_err)?,
        },
        dto::ExportFormat::Csv => ExportFile {
            file_name: format!("{stem}{period}.csv"),
            mime: "text/csv",
            statement: None,
            bytes: trastienda_render::trial_balance_csv(&tb).map_err(render_err)?,
        },
    })
}

// ---- Statements, books, drill-down ----

use crate::charts;
use crate::dto::{Compare, ReportKind};
use base64::Engine;
use chrono::{Datelike, Months};
use std::collections::BTreeMap;
use trastienda_core::books::{JournalBook, Ledger};
use trastienda_core::statement::{
    build_statement, cash_flow_statement, parse_layout, trial_balance_statement, ColumnSpec,
    LineStyle, Statement,
};
use trastienda_store::YearEndRule;

type R<T> = Result<T, ApiError>;

const MONTHS_ES: [&str; 12] = [
    "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn dmy(d: NaiveDate, lang: Language) -> String {
    match lang {
        Language::Es => d.format("%d/%m/%Y").to_string(),
        Language::En => d.format("%d %b %Y").to_string(),
    }
}

fn month_end(d: NaiveDate) -> NaiveDate {
    (d.with_day(1).expect("day 1") + Months::new(1))
        .pred_opt()
        .expect("valid")
}

/// The period a report covers when none is given: the fiscal year containing `today`.
fn default_period(c: &Company, today: NaiveDate) -> R<(NaiveDate, NaiveDate)> {
    let m = c.settings()?.fiscal_year_start_month;
    let fy = trastienda_core::fiscal::fiscal_year_of(today, m);
    Ok(trastienda_core::fiscal::fiscal_year_bounds(fy, m))
}

/// A period's label: a whole fiscal year is its year, anything else its two dates.
fn period_label(c: &Company, from: NaiveDate, to: NaiveDate, lang: Language) -> R<String> {
    let m = c.settings()?.fiscal_year_start_month;
    let fy = trastienda_core::fiscal::fiscal_year_of(from, m);
    if trastienda_core::fiscal::fiscal_year_bounds(fy, m) == (from, to) {
        return Ok(if m == 1 {
            fy.to_string()
        } else {
            format!("{fy}/{}", (fy + 1) % 100)
        });
    }
    Ok(format!("{} – {}", dmy(from, lang), dmy(to, lang)))
}

/// The period just before [from, to]: whole months shift by their count, else by days.
fn previous_period(from: NaiveDate, to: NaiveDate) -> (NaiveDate, NaiveDate) {
    if from.day() == 1 && to == month_end(to) {
        let months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32 + 1;
        let start = from - Months::new(months as u32);
        (start, from.pred_opt().expect("valid"))
    } else {
        let len = to - from;
        let end = from.pred_opt().expect("valid");
        (end - len, end)
    }
}

fn previous_year(from: NaiveDate, to: NaiveDate) -> (NaiveDate, NaiveDate) {
    let to_prev = if to == month_end(to) {
        month_end(to - Months::new(12))
    } else {
        to - Months::new(12)
    };
    (from - Months::new(12), to_prev)
}

/// The columns of a report: the period (or one per month and the total), then the
/// comparison period if asked. A balance sheet's columns are balances at their end date.
fn columns(
    c: &Company,
    report: ReportKind,
    from: NaiveDate,
    to: NaiveDate,
    compare: Option<Compare>,
    monthly: bool,
    lang: Language,
) -> R<Vec<ColumnSpec>> {
    let balance = report == ReportKind::BalanceSheet;
    let spec = |f: NaiveDate, t: NaiveDate, label: String| ColumnSpec {
        label,
        from: if balance { None } else { Some(f) },
        to: Some(t),
    };
    let main_label = |f: NaiveDate, t: NaiveDate| -> R<String> {
        if balance {
            Ok(dmy(t, lang))
        } else {
            period_label(c, f, t, lang)
        }
    };
    let mut cols = Vec::new();
    if monthly {
        let mut start = from;
        while start <= to {
            let end = month_end(start).min(to);
            let names = if lang == Language::Es {
                MONTHS_ES
            } else {
                MONTHS_EN
            };
            let label = format!("{} {}", names[start.month0() as usize], start.year() % 100);
            cols.push(spec(start, end, label));
            start = end.succ_opt().expect("valid");
        }
        if !balance {
            cols.push(spec(from, to, "Total".into()));
        }
    } else {
        cols.push(spec(from, to, main_label(from, to)?));
    }
    if let Some(cmp) = compare {
        let (f, t) = match cmp {
            Compare::PreviousPeriod => previous_period(from, to),
            Compare::PreviousYear => previous_year(from, to),
        };
        cols.push(spec(f, t, main_label(f, t)?));
    }
    Ok(cols)
}

fn rule(report: ReportKind) -> YearEndRule {
    match report {
        ReportKind::ProfitLoss => YearEndRule::ProfitAndLoss,
        // (Cash flows come from cash_shares, which hold no opening or year-end entry.)
        ReportKind::TrialBalance | ReportKind::BalanceSheet | ReportKind::CashFlow => {
            YearEndRule::Balances
        }
    }
}

/// The statement's period from the arguments (defaults: the current fiscal year).
pub fn statement_period(
    c: &Company,
    from: &Option<String>,
    to: &Option<String>,
    today: NaiveDate,
) -> R<(NaiveDate, NaiveDate)> {
    let (f, t) = period(from, to)?;
    let (df, dt) = default_period(c, today)?;
    let (f, t) = match (f, t) {
        (Some(f), Some(t)) => (f, t),
        (Some(f), None) => (f, dt.max(f)),
        (None, Some(t)) => (df.min(t), t),
        (None, None) => (df, dt),
    };
    Ok((f, t))
}

#[allow(clippy::too_many_arguments)]
pub fn build(
    c: &Company,
    report: ReportKind,
    from: NaiveDate,
    to: NaiveDate,
    compare: Option<Compare>,
    monthly: bool,
    level: Option<u8>,
    lang: Language,
) -> R<Statement> {
    let cols = columns(c, report, from, to, compare, monthly, lang)?;
    let r = rule(report);
    Ok(match report {
        ReportKind::TrialBalance => {
            let totals = cols
                .iter()
                .map(|col| c.account_totals_for(col.from, col.to, r))
                .collect::<Result<Vec<_>, _>>()?;
            trial_balance_statement(&c.chart()?, cols, &totals, level, lang)
        }
        ReportKind::ProfitLoss | ReportKind::BalanceSheet => {
            let t = charts::template(&c.settings()?.template);
            let text = if report == ReportKind::ProfitLoss {
                t.profit_loss
            } else {
                t.balance_sheet
            };
            let layout = parse_layout(text).map_err(|p| {
                ApiError::new(
                    ErrorCode::Internal,
                    format!(
                        "the shipped layout does not parse: {}",
                        p.iter()
                            .map(|p| p.to_string())
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                )
            })?;
            let balances = cols
                .iter()
                .map(|col| c.leaf_balances(col.from, col.to, r))
                .collect::<Result<Vec<_>, _>>()?;
            build_statement(&layout, &c.statement_accounts()?, cols, &balances, lang)
        }
        ReportKind::CashFlow => {
            let groups: BTreeMap<String, String> = c
                .chart()?
                .into_iter()
                .filter(|a| a.code.as_str().len() == 2)
                .map(|a| (a.code.as_str().to_string(), a.name))
                .collect();
            let mut flows = Vec::new();
            let mut opening = Vec::new();
            let mut closing = Vec::new();
            for col in &cols {
                flows.push(c.cash_flows(col.from, col.to)?);
                opening.push(c.cash_balance(col.from.and_then(|f| f.pred_opt()))?);
                closing.push(c.cash_balance(col.to)?);
            }
            cash_flow_statement(&groups, cols, &flows, &opening, &closing, lang)
        }
    })
}

pub fn statement_dto(report: ReportKind, s: &Statement) -> dto::Statement {
    dto::Statement {
        report,
        title: s.title.clone(),
        columns: s
            .columns
            .iter()
            .map(|c| dto::StatementColumn {
                label: c.label.clone(),
                from: c.from.map(|d| d.to_string()),
                to: c.to.map(|d| d.to_string()),
            })
            .collect(),
        lines: s
            .lines
            .iter()
            .map(|l| dto::StatementLine {
                key: l.key.clone(),
                code: l.code.clone(),
                label: l.label.clone(),
                depth: l.depth,
                style: match l.style {
                    LineStyle::Heading => dto::LineStyle::Heading,
                    LineStyle::Line => dto::LineStyle::Line,
                    LineStyle::Total => dto::LineStyle::Total,
                },
                values: l.values.iter().map(|v| v.to_string()).collect(),
                drillable: !l.accounts.is_empty(),
            })
            .collect(),
        checks: s
            .checks
            .iter()
            .map(|c| dto::StatementCheck {
                label: c.label.clone(),
                differences: c.differences.iter().map(|d| d.to_string()).collect(),
                ok: c.differences.iter().all(|d| d.is_zero()),
            })
            .collect(),
        unassigned: s
            .unassigned
            .iter()
            .map(|u| dto::UnassignedAccount {
                column: u.column as u32,
                account: u.code.clone(),
                name: u.name.clone(),
                balance: u.balance.to_string(),
            })
            .collect(),
    }
}

/// The language asked for, or the company's.
fn lang_of(c: &Company, asked: Option<dto::Lang>) -> R<Language> {
    Ok(match asked {
        Some(l) => l.into(),
        None => c.settings()?.language,
    })
}

pub fn statement(app: &crate::App, a: dto::StatementArgs) -> R<dto::Statement> {
    let today = app.today();
    app.with_company(|c| {
        let (from, to) = statement_period(c, &a.from, &a.to, today)?;
        let lang = lang_of(c, a.language)?;
        let s = build(c, a.report, from, to, a.compare, a.monthly, a.level, lang)?;
        Ok(statement_dto(a.report, &s))
    })
}

pub fn drill_down(app: &crate::App, a: dto::DrillDownArgs) -> R<dto::DrillPage> {
    let today = app.today();
    app.with_company(|c| {
        let st = &a.statement;
        let (from, to) = statement_period(c, &st.from, &st.to, today)?;
        let lang = lang_of(c, st.language)?;
        let s = build(
            c, st.report, from, to, st.compare, st.monthly, st.level, lang,
        )?;
        let line = s.line(&a.key).ok_or_else(|| {
            ApiError::from_problems(&[Problem::new(
                ProblemCode::NotFound,
                format!("the report has no line '{}'", a.key),
            )
            .field("key")])
        })?;
        let col = s.columns.get(a.column as usize).ok_or_else(|| {
            ApiError::from_problems(&[Problem::new(
                ProblemCode::OutOfRange,
                format!("the report has no column {}", a.column),
            )
            .field("column")])
        })?;
        let page = if st.report == ReportKind::CashFlow {
            // Cash-flow lines name counterpart groups: the entries whose cash went to them.
            c.cash_flow_drill(&line.accounts, col.from, col.to, a.page, a.page_size)?
        } else {
            c.drill_down(
                &line.accounts,
                col.from,
                col.to,
                rule(st.report),
                a.page,
                a.page_size,
            )?
        };
        Ok(dto::DrillPage {
            line: line.label.clone(),
            column: col.label.clone(),
            figure: line
                .values
                .get(a.column as usize)
                .copied()
                .unwrap_or_default()
                .to_string(),
            from: col.from.map(|d| d.to_string()),
            to: col.to.map(|d| d.to_string()),
            accounts: line.accounts.clone(),
            rows: page
                .rows
                .iter()
                .map(|r| dto::DrillRow {
                    entry_id: r.entry_id,
                    fiscal_year: r.fiscal_year,
                    entry_number: r.entry_number,
                    date: r.date.to_string(),
                    account: r.account.clone(),
                    account_name: r.account_name.clone(),
                    description: r.description.clone(),
                    debit: r.amount.sides().0.to_string(),
                    credit: r.amount.sides().1.to_string(),
                })
                .collect(),
            total_rows: page.total_rows,
            page: a.page,
            page_size: a.page_size.clamp(1, 1000),
            total: page.total.to_string(),
        })
    })
}

fn book_dto(b: &JournalBook, total: u64, page: u32, page_size: u32) -> dto::JournalBookPage {
    dto::JournalBookPage {
        from: b.from.map(|d| d.to_string()),
        to: b.to.map(|d| d.to_string()),
        entries: b
            .entries
            .iter()
            .map(|e| dto::BookEntry {
                entry_id: e.id,
                number: e.number,
                fiscal_year: e.fiscal_year,
                date: e.date.to_string(),
                description: e.description.clone(),
                reference: e.reference.clone(),
                kind_label: e.kind_label.clone(),
                lines: e
                    .lines
                    .iter()
                    .map(|l| dto::EntryLineView {
                        account: l.account.clone(),
                        account_name: l.account_name.clone(),
                        description: l.description.clone(),
                        debit: l.debit.to_string(),
                        credit: l.credit.to_string(),
                    })
                    .collect(),
            })
            .collect(),
        total_entries: total,
        page,
        page_size,
        total_debit: b.total_debit.to_string(),
        total_credit: b.total_credit.to_string(),
    }
}

pub fn journal_book(app: &crate::App, a: dto::JournalBookArgs) -> R<dto::JournalBookPage> {
    let (from, to) = period(&a.from, &a.to)?;
    let size = a.page_size.clamp(1, 500);
    app.with_company(|c| {
        let lang = lang_of(c, a.language)?;
        let (b, total) =
            c.journal_book(from, to, a.page as u64 * size as u64, size as u64, lang)?;
        Ok(book_dto(&b, total, a.page, size))
    })
}

fn ledger_range(a: &Option<String>, b: &Option<String>) -> R<(Option<String>, Option<String>)> {
    let mut p = Vec::new();
    let mut get = |field: &str, v: &Option<String>| match v
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(s) => parse::account(field, s)
            .map_err(|x| p.push(x))
            .ok()
            .map(|c| c.to_string()),
    };
    let first = get("first", a);
    let last = get("last", b);
    if let (Some(f), Some(l)) = (&first, &last) {
        if f > l && !f.starts_with(l.as_str()) {
            p.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    format!("the range starts ({f}) after it ends ({l})"),
                )
                .field("first"),
            );
        }
    }
    if p.is_empty() {
        Ok((first, last))
    } else {
        Err(ApiError::from_problems(&p))
    }
}

fn ledger_of(
    c: &Company,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    first: &Option<String>,
    last: &Option<String>,
    rows: bool,
) -> R<Ledger> {
    Ok(c.ledger(from, to, first.as_deref(), last.as_deref(), rows)?)
}

pub fn ledger_summary(app: &crate::App, a: dto::LedgerArgs) -> R<dto::LedgerSummary> {
    let (from, to) = period(&a.from, &a.to)?;
    let (first, last) = ledger_range(&a.first, &a.last)?;
    app.with_company(|c| {
        let l = ledger_of(c, from, to, &first, &last, false)?;
        Ok(dto::LedgerSummary {
            from: l.from.map(|d| d.to_string()),
            to: l.to.map(|d| d.to_string()),
            accounts: l
                .accounts
                .iter()
                .map(|a| dto::LedgerAccountRow {
                    code: a.code.clone(),
                    name: a.name.clone(),
                    opening: a.opening.to_string(),
                    debit: a.total_debit.to_string(),
                    credit: a.total_credit.to_string(),
                    closing: a.closing.to_string(),
                })
                .collect(),
        })
    })
}

fn stem(report: dto::ExportReport, lang: Language) -> &'static str {
    use dto::ExportReport as E;
    match (report, lang) {
        (E::Journal, Language::Es) => "libro-diario",
        (E::Journal, Language::En) => "journal",
        (E::Ledger, Language::Es) => "libro-mayor",
        (E::Ledger, Language::En) => "general-ledger",
        (E::TrialBalance, Language::Es) => "balance-sumas-saldos",
        (E::TrialBalance, Language::En) => "trial-balance",
        (E::ProfitLoss, Language::Es) => "perdidas-ganancias",
        (E::ProfitLoss, Language::En) => "profit-loss",
        (E::BalanceSheet, Language::Es) => "balance-situacion",
        (E::BalanceSheet, Language::En) => "balance-sheet",
        (E::CashFlow, Language::Es) => "flujos-tesoreria",
        (E::CashFlow, Language::En) => "cash-flow",
    }
}

/// Any report as a file: the books for their period, the statements with their columns.
#[allow(clippy::too_many_arguments)]
pub fn export(
    c: &Company,
    a: &dto::ExportReportArgs,
    lang: Language,
    today: NaiveDate,
) -> R<ExportFile> {
    use dto::ExportReport as E;
    let settings = c.settings()?;
    let header = trastienda_render::CompanyHeader {
        name: settings.name,
        tax_id: settings.tax_id,
    };
    let render_err =
        |e: trastienda_render::RenderError| ApiError::new(ErrorCode::Internal, e.to_string());
    let pdf = a.format == dto::ExportFormat::Pdf;
    let mut statement = None;
    let (from, to, bytes) = match a.report {
        E::Journal | E::Ledger => {
            let (from, to) = period(&a.from, &a.to)?;
            let bytes = if a.report == E::Journal {
                let (book, _) = c.journal_book(from, to, 0, u64::MAX / 2, lang)?;
                if pdf {
                    trastienda_render::journal_book_pdf(&book, &header, today, lang)
                } else {
                    trastienda_render::journal_book_csv(&book)
                }
            } else {
                let (first, last) = ledger_range(&a.first, &a.last)?;
                let ledger = ledger_of(c, from, to, &first, &last, true)?;
                if pdf {
                    trastienda_render::ledger_pdf(&ledger, &header, today, lang)
                } else {
                    trastienda_render::ledger_csv(&ledger, lang)
                }
            }
            .map_err(render_err)?;
            (from, to, bytes)
        }
        other => {
            let report = match other {
                E::TrialBalance => ReportKind::TrialBalance,
                E::ProfitLoss => ReportKind::ProfitLoss,
                E::BalanceSheet => ReportKind::BalanceSheet,
                _ => ReportKind::CashFlow,
            };
            let (from, to) = statement_period(c, &a.from, &a.to, today)?;
            let s = build(c, report, from, to, a.compare, a.monthly, a.level, lang)?;
            let bytes = if pdf {
                trastienda_render::statement_pdf(&s, &header, today, lang)
            } else {
                trastienda_render::statement_csv(&s)
            }
            .map_err(render_err)?;
            statement = Some(s);
            (Some(from), Some(to), bytes)
        }
    };
    let period = match (from, to) {
        (None, None) => String::new(),
        (f, t) => format!(
            "-{}_{}",
            f.map(|d| d.to_string()).unwrap_or_default(),
            t.map(|d| d.to_string()).unwrap_or_default()
        ),
    };
    let ext = if pdf { "pdf" } else { "csv" };
    Ok(ExportFile {
        file_name: format!("{}{period}.{ext}", stem(a.report, lang)),
        mime: if pdf { "application/pdf" } else { "text/csv" },
        bytes,
        statement,
    })
}

pub fn export_report(app: &crate::App, a: dto::ExportReportArgs) -> R<dto::ExportedFile> {
    let today = app.today();
    let lang: Language = a.language.unwrap_or(app.settings().language).into();
    let file = app.with_company(|c| export(c, &a, lang, today))?;
    Ok(dto::ExportedFile {
        file_name: file.file_name,
        mime: file.mime.to_string(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(&file.bytes),
    })
}
