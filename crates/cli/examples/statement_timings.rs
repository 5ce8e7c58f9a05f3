//! Times the statements, books and drill-down on a company file in one process, through the
//! same api commands the UI calls (`trastienda_api::commands::*`: SQL, statement building and
//! the DTOs; no JSON, no HTTP, no process start). Used by bench/statements.sh.
//!
//!   cargo run --release -p trastienda-cli --example statement_timings -- \
//!       --company F --from 2025-01-01 --to 2025-12-31 \
//!       --monthly-from 2021-12-01 --monthly-to 2026-11-30 [--reps 7]
//!
//! An encrypted company's password comes from TRASTIENDA_PASSWORD.
//!
//! Prints one tab-separated line per measure: name, first run, median and fastest of the
//! following runs (microseconds), and what the result held.

use std::time::Instant;
use trastienda_api::dto::*;
use trastienda_api::{commands, reports, ApiError, App, AppConfig};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn measure<T>(
    name: &str,
    reps: usize,
    mut f: impl FnMut() -> Result<T, ApiError>,
    detail: impl Fn(&T) -> String,
) -> Result<(), ApiError> {
    let t = Instant::now();
    let mut out = f()?;
    let first = t.elapsed().as_micros();
    let mut runs = Vec::with_capacity(reps);
    for _ in 0..reps {
        let t = Instant::now();
        out = f()?;
        runs.push(t.elapsed().as_micros());
    }
    runs.sort_unstable();
    let median = runs.get(runs.len() / 2).copied().unwrap_or(first);
    let min = runs.first().copied().unwrap_or(first);
    println!("{name}\t{first}\t{median}\t{min}\t{}", detail(&out));
    Ok(())
}

fn statement_args(report: ReportKind, from: &str, to: &str, monthly: bool) -> StatementArgs {
    StatementArgs {
        report,
        from: Some(from.into()),
        to: Some(to.into()),
        compare: None,
        monthly,
        level: None,
        language: None,
    }
}

fn run() -> Result<(), ApiError> {
    let args: Vec<String> = std::env::args().collect();
    let need = |n: &str| {
        arg(&args, n).ok_or_else(|| {
            ApiError::new(
                trastienda_api::ErrorCode::Validation,
                format!("missing {n} (see the example's header)"),
            )
        })
    };
    let company = need("--company")?;
    let (from, to) = (need("--from")?, need("--to")?);
    let (mfrom, mto) = (need("--monthly-from")?, need("--monthly-to")?);
    let reps: usize = arg(&args, "--reps")
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);

    let app = App::new(AppConfig::platform_default(false));
    let t = Instant::now();
    // An encrypted company's password, as the CLI takes it (bench/encryption.sh).
    let password = std::env::var("TRASTIENDA_PASSWORD")
        .ok()
        .and_then(trastienda_api::Password::new);
    let c =
        trastienda_api::open_company_file(&app, std::path::Path::new(&company), password.as_ref())?;
    app.set_company(c)?;
    println!("open company\t{}\t-\t-\t{company}", t.elapsed().as_micros());

    let lines = |s: &Statement| format!("{} lines x {} columns", s.lines.len(), s.columns.len());
    for (name, kind) in [
        ("trial balance (statement)", ReportKind::TrialBalance),
        ("profit and loss", ReportKind::ProfitLoss),
        ("balance sheet", ReportKind::BalanceSheet),
        ("cash flow", ReportKind::CashFlow),
    ] {
        measure(
            name,
            reps,
            || commands::statement(&app, statement_args(kind, &from, &to, false)),
            lines,
        )?;
    }
    measure(
        "trial balance (sums and balances)",
        reps,
        || {
            commands::trial_balance(
                &app,
                TrialBalanceArgs {
                    from: Some(from.clone()),
                    to: Some(to.clone()),
                    level: None,
                },
            )
        },
        |t| format!("{} rows", t.rows.len()),
    )?;
    measure(
        "journal book, first page (50 entries)",
        reps,
        || {
            commands::journal_book(
                &app,
                JournalBookArgs {
                    from: Some(from.clone()),
                    to: Some(to.clone()),
                    page: 0,
                    page_size: 50,
                    language: None,
                },
            )
        },
        |p| format!("{} of {} entries", p.entries.len(), p.total_entries),
    )?;
    measure(
        "ledger summary (every account)",
        reps,
        || {
            commands::ledger_summary(
                &app,
                LedgerArgs {
                    from: Some(from.clone()),
                    to: Some(to.clone()),
                    first: None,
                    last: None,
                },
            )
        },
        |l| format!("{} accounts", l.accounts.len()),
    )?;
    measure(
        "profit and loss, monthly",
        reps,
        || {
            commands::statement(
                &app,
                statement_args(ReportKind::ProfitLoss, &mfrom, &mto, true),
            )
        },
        lines,
    )?;
    // Drill-down into the P&L's revenue line: first, middle and last page of 50.
    let drill = |page: u32| DrillDownArgs {
        statement: statement_args(ReportKind::ProfitLoss, &from, &to, false),
        key: "1".into(),
        column: 0,
        page,
        page_size: 50,
    };
    let total = commands::drill_down(&app, drill(0))?.total_rows;
    let pages = total.div_ceil(50).max(1) as u32;
    for (name, page) in [
        ("drill-down, first page", 0),
        ("drill-down, middle page", pages / 2),
        ("drill-down, last page", pages - 1),
    ] {
        measure(
            name,
            reps,
            || commands::drill_down(&app, drill(page)),
            |p| {
                format!(
                    "page {} of {pages}: {} rows of {}",
                    page + 1,
                    p.rows.len(),
                    p.total_rows
                )
            },
        )?;
    }
    // What rendering adds: the same statements as files (the CLI's `report`).
    let today = app.today();
    for (name, report, format, monthly) in [
        (
            "profit and loss as PDF",
            ExportReport::ProfitLoss,
            ExportFormat::Pdf,
            false,
        ),
        (
            "balance sheet as PDF",
            ExportReport::BalanceSheet,
            ExportFormat::Pdf,
            false,
        ),
        (
            "trial balance (statement) as PDF",
            ExportReport::TrialBalance,
            ExportFormat::Pdf,
            false,
        ),
        (
            "profit and loss, monthly, as CSV",
            ExportReport::ProfitLoss,
            ExportFormat::Csv,
            true,
        ),
        (
            "profit and loss, monthly, as PDF",
            ExportReport::ProfitLoss,
            ExportFormat::Pdf,
            true,
        ),
    ] {
        let (f, t) = if monthly {
            (&mfrom, &mto)
        } else {
            (&from, &to)
        };
        let a = ExportReportArgs {
            report,
            from: Some(f.clone()),
            to: Some(t.clone()),
            compare: None,
            monthly,
            level: if report == ExportReport::TrialBalance {
                Some(3)
            } else {
                None
            },
            first: None,
            last: None,
            format,
            language: None,
        };
        measure(
            name,
            reps,
            || app.with_company(|c| reports::export(c, &a, trastienda_api::Language::Es, today)),
            |file| format!("{} bytes", file.bytes.len()),
        )?;
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", e.message);
            for p in &e.problems {
                eprintln!("  {}: {}", p.field.as_deref().unwrap_or(""), p.message);
            }
            std::process::ExitCode::FAILURE
        }
    }
}
