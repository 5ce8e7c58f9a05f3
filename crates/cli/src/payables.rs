//! `trastienda payables aging` and `trastienda payment-run`: the payables aging as PDF or CSV
//! (read-only, so it works while the app has the company open), and a payment run's SEPA file
//! for the bills due by a date, through the api's `payables` (the code the UI uses). A run is
//! prepared, not paid: `--confirm` records the payments once the bank has taken the file.

use crate::{app, open, open_to_read, Format, LangArg};
use clap::Subcommand;
use std::path::PathBuf;
use trastienda_api::dto::{ExportFormat, PreparePaymentRunArgs};
use trastienda_api::{payables, receivables, ApiError, Language};

#[derive(Subcommand)]
pub enum PayablesWhat {
    /// What is owed to suppliers by how overdue it is: current, 1-30, 31-60, 61-90, > 90 days.
    Aging {
        #[arg(long)]
        company: PathBuf,
        #[arg(long, value_enum)]
        format: Format,
        #[arg(long)]
        out: PathBuf,
        /// The day it is computed on (YYYY-MM-DD, default today).
        #[arg(long = "as-of")]
        as_of: Option<String>,
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
}

pub fn run(what: PayablesWhat) -> Result<(), ApiError> {
    match what {
        PayablesWhat::Aging {
            company,
            format,
            out,
            as_of,
            lang,
        } => {
            let app = app();
            let today = app.today();
            let as_of = match as_of {
                Some(s) => receivables::parse_day("as_of", &s)?,
                None => today,
            };
            let c = open_to_read(&company)?;
            let lang = match lang {
                Some(LangArg::En) => Language::En,
                Some(LangArg::Es) => Language::Es,
                None => c.settings()?.language,
            };
            let format = match format {
                Format::Pdf => ExportFormat::Pdf,
                Format::Csv => ExportFormat::Csv,
            };
            let (_, bytes) = payables::payables_aging_file(&c, as_of, format, lang, today)?;
            write(&out, bytes.as_slice())
        }
    }
}

fn write(out: &PathBuf, bytes: &[u8]) -> Result<(), ApiError> {
    std::fs::write(out, bytes)
        .map_err(|e| ApiError::io(&format!("writing {}", out.display()), e))?;
    println!("wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(())
}

/// `trastienda payment-run`: prepares a run of the bills due by `until` and writes its SEPA
/// file; with `confirm`, records the payments too.
pub fn payment_run(
    company: PathBuf,
    until: String,
    out: PathBuf,
    execution_date: Option<String>,
    account: Option<String>,
    confirm: bool,
) -> Result<(), ApiError> {
    let app = app();
    let input = payables::run_input(
        &PreparePaymentRunArgs {
            until,
            bill_ids: None,
            execution_date,
            account,
            debtor_iban: None,
        },
        app.today(),
    )?;
    let mut c = open(&app, &company)?;
    let run = c.prepare_payment_run(&input, app.now())?;
    write(&out, run.xml.as_bytes())?;
    println!(
        "payment run {} ({}): {} bills, total {} EUR, to be paid on {}",
        run.id,
        run.message_id,
        run.items.len(),
        run.total,
        run.execution_date
    );
    for s in &run.skipped {
        println!(
            "  left out: {} {} ({} EUR): {}",
            s.supplier_name, s.supplier_number, s.amount, s.reason
        );
    }
    if confirm {
        let done = c.confirm_payment_run(run.id, app.now())?;
        println!("confirmed: {} payments recorded", done.payment_ids.len());
    } else {
        println!(
            "not paid yet: once the bank has taken the file, confirm it in Remesas de pagos or with \
             `trastienda payment-run --company {} --confirm-run {}`",
            company.display(),
            run.id
        );
    }
    Ok(())
}

/// `trastienda payment-run --confirm-run ID | --cancel-run ID`: records the payments of a run
/// prepared earlier (the bank took its file), or drops it.
pub fn close_run(company: PathBuf, id: i64, confirm: bool) -> Result<(), ApiError> {
    let app = app();
    let mut c = open(&app, &company)?;
    if confirm {
        let run = c.confirm_payment_run(id, app.now())?;
        println!(
            "payment run {} ({}) confirmed: {} payments recorded, total {} EUR",
            run.id,
            run.message_id,
            run.payment_ids.len(),
            run.total
        );
    } else {
        let run = c.cancel_payment_run(id, app.now())?;
        println!(
            "payment run {} ({}) cancelled: nothing was paid; its bills may go in another run",
            run.id, run.message_id
        );
    }
    Ok(())
}
