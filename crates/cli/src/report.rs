//! `trastienda report ...`: the books (journal, ledger) and the statements (trial balance,
//! profit and loss, balance sheet, cash flow) as PDF or CSV, through the api's `reports`
//! (the same code the UI's export uses). A statement whose checks do not hold, or that leaves
//! accounts with a balance out of every line, is still written, with a warning on stderr.

use crate::{app, open_to_read, ColumnArgs, CompareArg, Format, LangArg, ReportArgs, ReportWhich};
use trastienda_api::dto::{self, Compare, ExportFormat, ExportReport, ExportReportArgs};
use trastienda_api::{reports, ApiError, Company, Language};

pub fn run(which: ReportWhich) -> Result<(), ApiError> {
    match which {
        ReportWhich::Journal { common } => export(common, ExportReport::Journal, None, None, None),
        ReportWhich::Ledger {
            common,
            first,
            last,
        } => export(
            common,
            ExportReport::Ledger,
            None,
            None,
            Some((first, last)),
        ),
        ReportWhich::TrialBalance {
            common,
            columns,
            level,
        } => {
            if columns.compare.is_none() && !columns.monthly && level.is_none() {
                sums_and_balances(common)
            } else {
                export(
                    common,
                    ExportReport::TrialBalance,
                    Some(columns),
                    level,
                    None,
                )
            }
        }
        ReportWhich::ProfitLoss { common, columns } => {
            export(common, ExportReport::ProfitLoss, Some(columns), None, None)
        }
        ReportWhich::BalanceSheet { common, columns } => export(
            common,
            ExportReport::BalanceSheet,
            Some(columns),
            None,
            None,
        ),
        ReportWhich::CashFlow { common, columns } => {
            export(common, ExportReport::CashFlow, Some(columns), None, None)
        }
    }
}

fn language(c: &Company, arg: Option<LangArg>) -> Result<Language, ApiError> {
    Ok(match arg {
        Some(LangArg::En) => Language::En,
        Some(LangArg::Es) => Language::Es,
        None => c.settings()?.language,
    })
}

fn format(f: Format) -> ExportFormat {
    match f {
        Format::Pdf => ExportFormat::Pdf,
        Format::Csv => ExportFormat::Csv,
    }
}

fn write(out: &std::path::Path, bytes: &[u8]) -> Result<(), ApiError> {
    std::fs::write(out, bytes)
        .map_err(|e| ApiError::io(&format!("writing {}", out.display()), e))?;
    println!("wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(())
}

/// The classic trial balance: debit, credit and balance per account (all dates by default).
fn sums_and_balances(a: ReportArgs) -> Result<(), ApiError> {
    let app = app();
    let c = open_to_read(&a.company)?;
    let (from, to) = reports::period(&a.from, &a.to)?;
    let lang = language(&c, a.lang)?;
    let file = reports::export_trial_balance(&c, from, to, format(a.format), lang, app.today())?;
    write(&a.out, &file.bytes)
}

fn export(
    a: ReportArgs,
    report: ExportReport,
    columns: Option<ColumnArgs>,
    level: Option<u8>,
    range: Option<(Option<String>, Option<String>)>,
) -> Result<(), ApiError> {
    let app = app();
    let today = app.today();
    let c = open_to_read(&a.company)?;
    let lang = language(&c, a.lang)?;
    let (compare, monthly) = columns
        .map(|cols| {
            (
                cols.compare.map(|x| match x {
                    CompareArg::PreviousYear => Compare::PreviousYear,
                    CompareArg::PreviousPeriod => Compare::PreviousPeriod,
                }),
                cols.monthly,
            )
        })
        .unwrap_or((None, false));
    let (first, last) = range.unwrap_or((None, None));
    let args = ExportReportArgs {
        report,
        from: a.from.clone(),
        to: a.to.clone(),
        compare,
        monthly,
        level,
        first,
        last,
        format: format(a.format),
        language: Some(lang.into()),
    };
    let kind = match report {
        ExportReport::TrialBalance => Some(dto::ReportKind::TrialBalance),
        ExportReport::ProfitLoss => Some(dto::ReportKind::ProfitLoss),
        ExportReport::BalanceSheet => Some(dto::ReportKind::BalanceSheet),
        ExportReport::CashFlow => Some(dto::ReportKind::CashFlow),
        ExportReport::Journal | ExportReport::Ledger => None,
    };
    let file = reports::export(&c, &args, lang, today)?;
    // The statement's checks and unassigned accounts, to warn about.
    let warnings = match (kind, &file.statement) {
        (Some(kind), Some(s)) => warnings(&reports::statement_dto(kind, s)),
        _ => Vec::new(),
    };
    write(&a.out, &file.bytes)?;
    for w in &warnings {
        eprintln!("{w}");
    }
    Ok(())
}

/// One line per failed check and column, then the accounts no line took.
pub fn warnings(s: &dto::Statement) -> Vec<String> {
    let mut out = Vec::new();
    for check in s.checks.iter().filter(|c| !c.ok) {
        for (col, d) in check.differences.iter().enumerate() {
            if d.trim_start_matches('-')
                .chars()
                .all(|c| c == '0' || c == '.')
            {
                continue;
            }
            let label = s.columns.get(col).map(|c| c.label.as_str()).unwrap_or("?");
            out.push(format!(
                "warning: {} does not add up in column {label}: {} (difference {d})",
                s.title, check.label
            ));
        }
    }
    if !s.unassigned.is_empty() {
        let codes: Vec<&str> = s
            .unassigned
            .iter()
            .map(|u| u.account.as_str())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        out.push(format!(
            "warning: {} leaves out {} account(s) with a balance that no line takes ({}); \
             its totals do not include them:",
            s.title,
            codes.len(),
            codes.join(", ")
        ));
        for u in &s.unassigned {
            let label = s
                .columns
                .get(u.column as usize)
                .map(|c| c.label.as_str())
                .unwrap_or("?");
            out.push(format!(
                "  {} {}: balance {} in column {label}",
                u.account, u.name, u.balance
            ));
        }
    }
    out
}
