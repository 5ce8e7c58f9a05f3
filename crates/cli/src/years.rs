//! Keeping a year from the command line: `years`, `lock`, `close-year`, `reopen-year`. Each
//! opens the company into an `App` and calls the same commands as the UI
//! (`trastienda_api::commands`), so the rules and messages are the UI's.

use crate::{app, open};
use std::path::Path;
use trastienda_api::commands;
use trastienda_api::dto::{
    CreateYearArgs, EntryKind, NoArgs, PeriodsInfo, ReopenYearArgs, SetLockDateArgs, YearArgs,
};
use trastienda_api::{ApiError, App};

/// The app with `path` open, as the UI would have it.
fn with_company(path: &Path) -> Result<App, ApiError> {
    let app = app();
    let c = open(&app, path)?;
    app.set_company(c)?;
    Ok(app)
}

fn kind(k: EntryKind) -> &'static str {
    match k {
        EntryKind::Normal => "normal",
        EntryKind::Opening => "opening",
        EntryKind::Regularisation => "regularisation",
        EntryKind::Closing => "closing",
        EntryKind::Reversal => "reversal",
    }
}

fn print_years(p: &PeriodsInfo) {
    println!(
        "{:<6} {:<10} {:<10} {:<6} {:>9}  closed at",
        "year", "start", "end", "state", "entries"
    );
    for y in &p.years {
        println!(
            "{:<6} {:<10} {:<10} {:<6} {:>9}  {}",
            y.year,
            y.start,
            y.end,
            if y.closed { "closed" } else { "open" },
            y.entries,
            y.closed_at.as_deref().unwrap_or("-")
        );
    }
    println!("lock date: {}", p.lock_date.as_deref().unwrap_or("none"));
}

pub fn list(path: &Path, create_next: bool) -> Result<(), ApiError> {
    let app = with_company(path)?;
    if create_next {
        let y = commands::create_fiscal_year(&app, CreateYearArgs { year: None })?;
        println!("created fiscal year {} ({} to {})", y.year, y.start, y.end);
    }
    print_years(&commands::periods_info(&app, NoArgs {})?);
    Ok(())
}

pub fn lock(path: &Path, until: Option<String>, reason: Option<String>) -> Result<(), ApiError> {
    let app = with_company(path)?;
    let p = commands::set_lock_date(&app, SetLockDateArgs { until, reason })?;
    match p.lock_date {
        Some(d) => println!("lock date: {d} (nothing on or before it can be posted)"),
        None => println!("lock date: none (the books are unlocked)"),
    }
    Ok(())
}

pub fn close_year(path: &Path, year: i32, dry_run: bool) -> Result<(), ApiError> {
    let app = with_company(path)?;
    if dry_run {
        let p = commands::preview_close_year(&app, YearArgs { year })?;
        println!(
            "closing fiscal year {} (ends {}; the next year opens {})",
            p.year, p.end, p.next_start
        );
        let sign = if p.result.starts_with('-') {
            "loss"
        } else {
            "profit"
        };
        println!(
            "result: {} ({sign}), regularised into account {}",
            p.result, p.result_account
        );
        for (i, e) in p.entries.iter().enumerate() {
            println!();
            println!(
                "{}. {} entry, {}: {} (total {})",
                i + 1,
                kind(e.kind),
                e.date,
                e.description,
                e.total
            );
            let width = e
                .lines
                .iter()
                .map(|l| l.account_name.chars().count())
                .max()
                .unwrap_or(0)
                .clamp(4, 48);
            println!(
                "   {:<10} {:<width$} {:>14} {:>14}",
                "account", "name", "debit", "credit"
            );
            for l in &e.lines {
                let name: String = l.account_name.chars().take(width).collect();
                let blank = |m: &str| {
                    if m.trim_start_matches('-')
                        .chars()
                        .all(|c| c == '0' || c == '.')
                    {
                        String::new()
                    } else {
                        m.to_string()
                    }
                };
                let line = format!(
                    "   {:<10} {:<width$} {:>14} {:>14}",
                    l.account,
                    name,
                    blank(&l.debit),
                    blank(&l.credit)
                );
                println!("{}", line.trim_end());
            }
        }
        println!();
        println!("dry run: nothing was posted");
    } else {
        let closed = commands::close_year(&app, YearArgs { year })?;
        println!("closed fiscal year {}", closed.year);
        for e in &closed.entries {
            println!(
                "posted {} entry no. {} of {} ({}, total {})",
                kind(e.kind),
                e.number,
                e.fiscal_year,
                e.date,
                e.total
            );
        }
    }
    Ok(())
}

pub fn reopen_year(path: &Path, year: i32, reason: &str) -> Result<(), ApiError> {
    let app = with_company(path)?;
    let p = commands::reopen_year(
        &app,
        ReopenYearArgs {
            year,
            reason: Some(reason.to_string()),
        },
    )?;
    println!("reopened fiscal year {year}; its year-end entries were reversed");
    print_years(&p);
    Ok(())
}
