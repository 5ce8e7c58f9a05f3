//! `trastienda receivables aging`: the receivables aging as PDF or CSV, read-only (it works
//! while the app has the company open), through the api's `receivables` (the same code the
//! UI's export uses).

use crate::{app, open_to_read, Format, LangArg};
use clap::Subcommand;
use std::path::PathBuf;
use trastienda_api::dto::ExportFormat;
use trastienda_api::{receivables, ApiError, Language};

#[derive(Subcommand)]
pub enum ReceivablesWhat {
    /// What customers owe by how overdue it is: current, 1-30, 31-60, 61-90, > 90 days.
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

pub fn run(what: ReceivablesWhat) -> Result<(), ApiError> {
    match what {
        ReceivablesWhat::Aging {
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
            let (_, bytes) = receivables::aging_file(&c, as_of, format, lang, today)?;
            std::fs::write(&out, &bytes)
                .map_err(|e| ApiError::io(&format!("writing {}", out.display()), e))?;
            println!("wrote {} ({} bytes)", out.display(), bytes.len());
            Ok(())
        }
    }
}
