//! Writes a company's journal as a plain-text ledger file that hledger and ledger read, for
//! bench/statements.sh to compare them with Trastienda on the same entries.
//!
//!   cargo run --release -p trastienda-cli --example ledger_export -- COMPANY OUT.journal
//!
//! Each entry becomes a transaction dated like the entry; each account is named by its PGC
//! group's type and its code (`expenses:6000001`, `revenues:7000001`, `assets:5720001`, ...)
//! so that hledger's income statement picks groups 6 and 7, as Trastienda's does. Amounts
//! are bare decimals (debit positive, credit negative), exactly as stored.

use std::io::Write;
use trastienda_api::{ApiError, AppConfig, Company, ErrorCode, Language};

fn account(code: &str) -> String {
    let kind = match code.as_bytes().first() {
        Some(b'1') => "equity",
        Some(b'2' | b'3' | b'5') => "assets",
        Some(b'4') => "liabilities",
        Some(b'6') => "expenses",
        Some(b'7') => "revenues",
        _ => "other",
    };
    format!("{kind}:{code}")
}

fn run() -> Result<(), ApiError> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(company), Some(out)) = (args.get(1), args.get(2)) else {
        return Err(ApiError::new(
            ErrorCode::Validation,
            "usage: ledger_export COMPANY OUT.journal",
        ));
    };
    let app = trastienda_api::App::new(AppConfig::platform_default(false));
    let c: Company = trastienda_api::open_company_file(&app, std::path::Path::new(company), None)?;
    let file = std::fs::File::create(out).map_err(|e| ApiError::io("creating the output", e))?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
    let io = |e| ApiError::io("writing the output", e);
    // hledger: declare the top-level account types (the names already say them).
    for (name, t) in [
        ("assets", "A"),
        ("liabilities", "L"),
        ("equity", "E"),
        ("revenues", "R"),
        ("expenses", "X"),
    ] {
        writeln!(w, "account {name}  ; type: {t}").map_err(io)?;
    }
    writeln!(w).map_err(io)?;
    const PAGE: u64 = 20_000;
    let mut offset = 0;
    let mut written = 0u64;
    loop {
        let (book, total) = c.journal_book(None, None, offset, PAGE, Language::Es)?;
        for e in &book.entries {
            let description = e.description.replace(['\n', ';'], " ");
            writeln!(w, "{} {}", e.date, description.trim()).map_err(io)?;
            for l in &e.lines {
                let amount = if l.debit.is_zero() {
                    format!("-{}", l.credit)
                } else {
                    l.debit.to_string()
                };
                writeln!(w, "    {}  {amount}", account(&l.account)).map_err(io)?;
            }
            writeln!(w).map_err(io)?;
        }
        written += book.entries.len() as u64;
        offset += PAGE;
        if offset >= total || book.entries.is_empty() {
            break;
        }
    }
    w.flush().map_err(io)?;
    println!("wrote {written} entries to {out}");
    Ok(())
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", e.message);
            std::process::ExitCode::FAILURE
        }
    }
}
