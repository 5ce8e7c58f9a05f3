//! `trastienda payroll run|approve|payslips`: compute a month's pay run (a draft, computed
//! again while it is one), approve it (posted, then immutable), and write its payslips as
//! one PDF (the model of Orden ESS/2098/2014) or a CSV with every figure, through the api's
//! `payroll` (the code the UI uses).

use crate::{app, open, open_to_read, LangArg};
use clap::{Subcommand, ValueEnum};
use std::path::PathBuf;
use trastienda_api::{payroll, ApiError, ErrorCode, Language};

#[derive(Clone, Copy, ValueEnum)]
pub enum PayslipFormat {
    Pdf,
    Csv,
}

#[derive(Subcommand)]
pub enum PayrollWhat {
    /// Compute the month's pay run (a draft; computed again while it is one) and list it.
    Run {
        #[arg(long)]
        company: PathBuf,
        /// The month, YYYY-MM.
        #[arg(long)]
        month: String,
        /// Approve it too: posts the run and freezes its payslips.
        #[arg(long)]
        approve: bool,
    },
    /// Approve the month's draft run: posts it and freezes its payslips.
    Approve {
        #[arg(long)]
        company: PathBuf,
        #[arg(long)]
        month: String,
    },
    /// Write the month's payslips: one PDF with a page per payslip, or a CSV with every figure.
    Payslips {
        #[arg(long)]
        company: PathBuf,
        #[arg(long)]
        month: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, value_enum, default_value = "pdf")]
        format: PayslipFormat,
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
}

fn no_run(month: &str) -> ApiError {
    ApiError::new(
        ErrorCode::NotFound,
        format!("there is no pay run for {month}: compute it with `trastienda payroll run`"),
    )
}

fn print_run(r: &trastienda_store::PayRunRecord) {
    println!(
        "pay run {} ({}): {} payslips, gross {} EUR, net {} EUR, employer cost {} EUR",
        r.month,
        r.state,
        r.payslips.len(),
        r.gross,
        r.net,
        r.employer_cost
    );
    for p in &r.payslips {
        println!(
            "  {:<12} {:<32} gross {:>10}  deductions {:>10}  net {:>10}  cost {:>10}{}",
            p.employee_nif,
            p.employee_name,
            p.slip.gross,
            p.slip.total_deductions,
            p.slip.net,
            p.slip.employer_cost,
            if p.corrects_id.is_some() {
                "  (correcting)"
            } else {
                ""
            }
        );
        for w in &p.slip.warnings {
            println!("      ! {w}");
        }
    }
}

pub fn run(what: PayrollWhat) -> Result<(), ApiError> {
    match what {
        PayrollWhat::Run {
            company,
            month,
            approve,
        } => {
            let app = app();
            let mut c = open(&app, &company)?;
            let mut r = c.compute_pay_run(&month, app.now())?;
            if approve {
                let lang = c.settings()?.language;
                r = payroll::approve_archived(&mut c, r.id, lang, app.now())?;
            }
            print_run(&r);
        }
        PayrollWhat::Approve { company, month } => {
            let app = app();
            let mut c = open(&app, &company)?;
            let r = c.pay_run_for(&month)?.ok_or_else(|| no_run(&month))?;
            let lang = c.settings()?.language;
            let r = payroll::approve_archived(&mut c, r.id, lang, app.now())?;
            print_run(&r);
        }
        PayrollWhat::Payslips {
            company,
            month,
            out,
            format,
            lang,
        } => {
            let c = open_to_read(&company)?;
            let r = c.pay_run_for(&month)?.ok_or_else(|| no_run(&month))?;
            let lang = match lang {
                Some(LangArg::En) => Language::En,
                Some(LangArg::Es) => Language::Es,
                None => c.settings()?.language,
            };
            let bytes = match format {
                PayslipFormat::Pdf => payroll::run_payslips_pdf(&c, &r, lang)?,
                PayslipFormat::Csv => payroll::run_payslips_csv(&r)?,
            };
            std::fs::write(&out, &bytes)
                .map_err(|e| ApiError::io(&format!("writing {}", out.display()), e))?;
            println!(
                "wrote {} ({} payslips, {} bytes)",
                out.display(),
                r.payslips.len(),
                bytes.len()
            );
        }
    }
    Ok(())
}
