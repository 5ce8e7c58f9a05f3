//! Writes the sample sales documents (invoices, a credit note, a 60-line invoice, the three
//! reminder levels, an aging and a statement of account) to a directory for a look:
//!
//!     cargo run -p trastienda-render --example sales_documents -- /tmp/sales
//!     pdftoppm -r 80 -png /tmp/sales/invoice.pdf /tmp/sales/invoice

use chrono::NaiveDate;
use std::path::PathBuf;
use trastienda_render::samples;
use trastienda_render::{
    aging_pdf, customer_statement_pdf, invoice_pdf, reminder_pdf, Language, ReminderLevel,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "sales-samples".into()),
    );
    std::fs::create_dir_all(&dir)?;
    let today = NaiveDate::from_ymd_opt(2027, 6, 30).ok_or("date")?;
    let company = samples::company();
    let mut en = samples::invoice();
    en.issuer.logo = None;
    let files: Vec<(&str, Vec<u8>)> = vec![
        (
            "invoice.pdf",
            invoice_pdf(&samples::invoice(), Language::Es)?,
        ),
        ("invoice-en.pdf", invoice_pdf(&en, Language::En)?),
        (
            "invoice-exempt.pdf",
            invoice_pdf(&samples::exempt_invoice(), Language::Es)?,
        ),
        (
            "credit-note.pdf",
            invoice_pdf(&samples::credit_note(), Language::Es)?,
        ),
        (
            "invoice-60-lines.pdf",
            invoice_pdf(&samples::long_invoice(60), Language::Es)?,
        ),
        (
            "reminder-1.pdf",
            reminder_pdf(&samples::reminder(ReminderLevel::Friendly), Language::Es)?,
        ),
        (
            "reminder-2.pdf",
            reminder_pdf(&samples::reminder(ReminderLevel::Firm), Language::Es)?,
        ),
        (
            "reminder-3.pdf",
            reminder_pdf(&samples::reminder(ReminderLevel::Final), Language::Es)?,
        ),
        (
            "aging.pdf",
            aging_pdf(&samples::aging(40), &company, today, Language::Es)?,
        ),
        (
            "statement-of-account.pdf",
            customer_statement_pdf(
                &samples::statement_of_account(),
                &company,
                today,
                Language::Es,
            )?,
        ),
    ];
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::write(&path, &bytes)?;
        println!("{} ({} bytes)", path.display(), bytes.len());
    }
    Ok(())
}
