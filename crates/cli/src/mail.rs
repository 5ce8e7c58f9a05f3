//! `trastienda mail import --company FILE PATH`: a .eml file or a .mbox mailbox into the
//! correspondence log through the api's use case (the same parsing, triage, party matching and
//! archiving as the UI's Correo screen). Exits non-zero when nothing could be read.

use crate::{app, open};
use clap::Subcommand;
use std::path::PathBuf;
use trastienda_api::mail;
use trastienda_api::ApiError;
use trastienda_core::{Problem, ProblemCode};

#[derive(Subcommand)]
pub enum MailWhat {
    /// Import a .eml file or a .mbox mailbox: each message becomes a correspondence entry
    /// (matched to its customer, supplier or employee, classified into a triage pile), its
    /// attachments go to the archive; messages imported before are skipped.
    Import {
        #[arg(long)]
        company: PathBuf,
        path: PathBuf,
    },
}

pub fn run(what: MailWhat) -> Result<(), ApiError> {
    match what {
        MailWhat::Import { company, path } => {
            let app = app();
            let mut c = open(&app, &company)?;
            let r = mail::import_mail_file(&mut c, &path, app.now())?;
            if r.imported == 0 && r.skipped_duplicates == 0 {
                let mut problems: Vec<Problem> = r
                    .problems
                    .iter()
                    .map(|p| {
                        Problem::new(ProblemCode::InvalidCode, p.message.clone()).at_row(p.position)
                    })
                    .collect();
                if problems.is_empty() {
                    problems.push(Problem::new(
                        ProblemCode::Required,
                        format!("{} holds no e-mail message", path.display()),
                    ));
                }
                return Err(ApiError::from_problems(&problems));
            }
            println!(
                "{}: {} message(s) read, {} imported, {} already imported, {} attachment(s) archived, {} matched to nobody",
                path.display(),
                r.messages,
                r.imported,
                r.skipped_duplicates,
                r.attachments,
                r.unmatched
            );
            let piles: Vec<String> = r
                .piles
                .iter()
                .map(|p| format!("{} {}", p.pile, p.count))
                .collect();
            println!("  piles: {}", piles.join(", "));
            for p in &r.problems {
                println!("  message {}: {}", p.position, p.message);
            }
        }
    }
    Ok(())
}
