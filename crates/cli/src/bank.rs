//! `trastienda bank add-account|import|unreconciled`: a bank account added with the store's
//! checks (IBAN checksum, a free 572 leaf), statement files into a bank account through the
//! api's use cases (the same reading, checks and messages as the UI's Importar extracto), and
//! the lines still waiting to be reconciled.

use crate::{app, open, open_to_read, BankWhat};
use trastienda_api::bank;
use trastienda_api::{ApiError, Company};
use trastienda_store::{BankAccount, BankAccountInput, BankLineFilter};

fn account(c: &Company, key: &str) -> Result<BankAccount, ApiError> {
    Ok(c.find_bank_account(key)?)
}

fn file_name(p: &std::path::Path) -> String {
    p.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

pub fn run(what: BankWhat) -> Result<(), ApiError> {
    match what {
        BankWhat::AddAccount {
            company,
            name,
            iban,
            account,
            currency,
        } => {
            let app = app();
            let mut c = open(&app, &company)?;
            let input = BankAccountInput {
                name,
                iban: Some(iban),
                currency,
                create_ledger_account: account.is_none(),
                account,
                ..BankAccountInput::default()
            };
            let a = c.save_bank_account(None, &input, app.now())?;
            println!(
                "bank account {} added: {} [{}], ledger account {}",
                a.id,
                a.name,
                a.iban.as_deref().unwrap_or(""),
                a.account
            );
        }
        BankWhat::Import {
            company,
            account: key,
            path,
            format,
            mapping,
        } => {
            let app = app();
            let mut c = open(&app, &company)?;
            let a = account(&c, &key)?;
            let mapping_id = match &mapping {
                Some(name) => Some(c.find_csv_mapping(name)?.id),
                None => None,
            };
            let bytes = std::fs::read(&path)
                .map_err(|e| ApiError::io(&format!("reading {}", path.display()), e))?;
            let r = bank::import_file(
                &mut c,
                a.id,
                &file_name(&path),
                &bytes,
                format.as_deref(),
                mapping_id,
                app.now(),
            )?;
            println!(
                "{} ({}) into {} [{}]",
                file_name(&path),
                r.format,
                a.name,
                a.iban.as_deref().unwrap_or(&a.account)
            );
            println!(
                "read {}, added {}, skipped {} (already imported)",
                r.lines_read, r.lines_added, r.lines_skipped
            );
            match (r.balance_ok, &r.file_closing, &r.computed_closing) {
                (Some(true), Some(f), _) => println!("closing balance {f}: matches"),
                (Some(false), Some(f), Some(c)) => {
                    println!("closing balance MISMATCH: the file says {f}, the lines give {c}")
                }
                _ => println!("closing balance: not in the file, not checked"),
            }
            for s in &r.skipped_accounts {
                println!("not imported: account {s} (another account in the file)");
            }
        }
        BankWhat::Unreconciled {
            company,
            account: key,
        } => {
            let c = open_to_read(&company)?;
            let accounts: Vec<BankAccount> = match &key {
                Some(k) => vec![account(&c, k)?],
                None => c
                    .list_bank_accounts()?
                    .into_iter()
                    .map(|r| r.account)
                    .collect(),
            };
            // One query per account streamed into a buffered stdout: 100 000 open lines are
            // read once (no OFFSET pages, no count per page) and written in large blocks.
            use std::io::Write;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
            let io = |e: std::io::Error| ApiError::io("writing the list", e);
            let mut total = 0u64;
            for a in &accounts {
                let open = c.unreconciled_count(Some(a.id))?;
                if open == 0 {
                    continue;
                }
                writeln!(
                    out,
                    "{} [{}] — {} open",
                    a.name,
                    a.iban.as_deref().unwrap_or(&a.account),
                    open
                )
                .map_err(io)?;
                let listed = c
                    .each_bank_line(
                        &BankLineFilter {
                            account_id: a.id,
                            state: Some("open".into()),
                            ..BankLineFilter::default()
                        },
                        |l| {
                            writeln!(
                                out,
                                "{:>6}  {}  {:>14}  {}{}",
                                l.id,
                                l.date,
                                l.amount.to_string(),
                                l.description,
                                if l.reference.is_empty() {
                                    String::new()
                                } else {
                                    format!(" ({})", l.reference)
                                }
                            )
                        },
                    )?
                    .map_err(io)?;
                total += listed;
            }
            writeln!(out, "{total} unreconciled lines").map_err(io)?;
            out.flush().map_err(io)?;
        }
    }
    Ok(())
}
