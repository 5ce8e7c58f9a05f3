//! Times invoice PDFs (release build; bench/README.md, "Invoices"):
//!
//!     cargo run --release -p trastienda-render --example invoice_timings [-- 1000]
//!
//! One invoice (4 lines, logo, QR): first run, then median and fastest of 50, and its size;
//! the same for a 60-line (two-page) invoice; then a batch of N (default 1 000) one-page
//! invoices as separate PDFs and as one combined PDF, with total size.

use std::time::{Duration, Instant};
use trastienda_render::{
    invoice_pdf, invoices_pdf_batch, invoices_pdf_combined, samples, InvoiceDoc, Language,
};

fn time_one(name: &str, doc: &InvoiceDoc) -> Result<(), Box<dyn std::error::Error>> {
    let start = Instant::now();
    let first = invoice_pdf(doc, Language::Es)?;
    let first_t = start.elapsed();
    let mut runs: Vec<Duration> = (0..50)
        .map(|_| {
            let s = Instant::now();
            let _ = invoice_pdf(doc, Language::Es);
            s.elapsed()
        })
        .collect();
    runs.sort();
    println!(
        "{name}: first {:.2} ms, median {:.2} ms, fastest {:.2} ms, {} bytes",
        ms(first_t),
        ms(runs[runs.len() / 2]),
        ms(runs[0]),
        first.len()
    );
    Ok(())
}

#[allow(clippy::float_arithmetic)]
fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(1000);
    time_one("invoice, 4 lines, logo and QR", &samples::invoice())?;
    let mut plain = samples::invoice();
    plain.issuer.logo = None;
    time_one("invoice, 4 lines, QR, no logo", &plain)?;
    time_one("invoice, 60 lines (2 pages)", &samples::long_invoice(60))?;

    let docs: Vec<InvoiceDoc> = (0..n)
        .map(|i| {
            let mut d = samples::invoice();
            d.number = format!("2027-{:04}", i + 1);
            d
        })
        .collect();
    let start = Instant::now();
    let mut last = 0;
    let pdfs = invoices_pdf_batch(&docs, Language::Es, |done, _| last = done)?;
    let t = start.elapsed();
    let bytes: usize = pdfs.iter().map(Vec::len).sum();
    println!(
        "batch of {n} (one PDF each): {:.2} s, {:.2} ms each, {} bytes in all ({} done)",
        t.as_secs_f64(),
        ms(t / u32::try_from(n.max(1))?),
        bytes,
        last
    );
    let start = Instant::now();
    for d in &docs {
        invoice_pdf(d, Language::Es)?;
    }
    println!(
        "the same {n}, one after the other on one thread: {:.2} s",
        start.elapsed().as_secs_f64()
    );
    let start = Instant::now();
    let one = invoices_pdf_combined(&docs, Language::Es, |_, _| {})?;
    let t = start.elapsed();
    println!(
        "batch of {n} (one combined PDF): {:.2} s, {} bytes",
        t.as_secs_f64(),
        one.len()
    );
    Ok(())
}
