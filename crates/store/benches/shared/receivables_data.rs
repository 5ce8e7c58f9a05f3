//! The receivables bench company, shared by `aging.rs` and `reconcile.rs`: N issued invoices
//! (default 100 000) across 2 000 customers through the store's own issue path, with payments
//! on about 60 % of them and a credit note on one unpaid invoice in 250, built once and cached
//! in target/bench-data/ by generator version; and a first-run-and-median timer.
#![allow(dead_code)]

use crate::common::*;
use criterion::black_box;
use rust_decimal::Decimal;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use trastienda_core::invoice::{CorrectionMethod, CorrectionReason, CreditNoteHeader, LineTax};
use trastienda_core::{InvoiceLine, Money};
use trastienda_store::{Company, DocKind, InvoiceInput, NewPayment, PaymentMethod};

/// Bump when the generator changes, so a stale cached file is not reused.
pub const GENERATOR_VERSION: u32 = 1;
pub const SEED: u64 = 0x0A61_2026;
pub const CUSTOMERS: i64 = 2_000;
/// Customer 1 gets this share (in %) of the invoices: the "big customer" whose card is timed.
pub const BIG_SHARE: u64 = 5;
/// The first invoices are issued with the everyday synchronous=FULL (one fsync per commit) to
/// time the real issue path; the rest with synchronous=OFF, only to build the file faster.
pub const TIMED_FULL: usize = 2_000;

pub fn invoices_wanted() -> usize {
    std::env::var("TRASTIENDA_BENCH_INVOICES")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(100_000)
}

pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

pub fn bench_data_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("bench-data")
}

pub fn customers_sql() -> String {
    let rows: Vec<String> = (1..=CUSTOMERS)
        .map(|id| {
            let days = [0, 30, 60, 90][(id % 4) as usize];
            // A valid NIF: 8 digits and their control letter.
            let number = 10_000_000 + id * 7_919;
            let letter = b"TRWAGMYFPDXBNJZSQVHLCKE"[(number % 23) as usize] as char;
            format!(
                "({id}, 'Cliente {id:04} SL', 'ES', '{number}{letter}', 'Calle {id}', '28001', 'Madrid', \
                 'Madrid', 'domestic', {days}, '2025-01-01')"
            )
        })
        .collect();
    format!(
        "INSERT INTO customers (id, legal_name, country, tax_id, address, postal_code, city,
                                province, treatment, payment_days, created_at) VALUES {}",
        rows.join(",\n")
    )
}

#[derive(Default)]
pub struct Built {
    pub invoices: usize,
    pub payments: usize,
    pub credit_notes: usize,
    pub full_sync_issue: Duration,
    pub full_sync_n: usize,
}

/// Issues `n` invoices in date order over 2025-01-01..2026-11-30 (the series needs dates that
/// never go back), each followed by its payment (if any) and its credit note (if any).
pub fn build(c: &mut Company, n: usize) -> Built {
    c.execute_raw(&customers_sql()).unwrap();
    let mut rng = Rng::new(SEED);
    let first = d(2025, 1, 1);
    let days = (d(2026, 11, 30) - first).num_days();
    let mut b = Built::default();
    let started = Instant::now();
    for i in 0..n {
        if i == TIMED_FULL {
            b.full_sync_issue = started.elapsed();
            b.full_sync_n = i;
            c.execute_raw("PRAGMA synchronous = OFF").unwrap();
        }
        let date = first + chrono::Duration::days(days * i as i64 / n as i64);
        let customer = if rng.next_u64() % 100 < BIG_SHARE {
            1
        } else {
            2 + (rng.next_u64() % ((CUSTOMERS - 1) as u64)) as i64
        };
        let lines: Vec<InvoiceLine> = (0..1 + (rng.next_u64() % 3))
            .map(|_| {
                let vat = [21, 10, 4][(rng.next_u64() % 3) as usize];
                InvoiceLine::new(
                    "Artículo",
                    Decimal::from(1 + (rng.next_u64() % 5)),
                    Money::from_cents(500 + (rng.next_u64() % 50_000) as i64),
                    LineTax::Vat(Decimal::from(vat)),
                )
            })
            .collect();
        let first_line = lines[0].clone();
        let input = InvoiceInput {
            kind: DocKind::Invoice,
            issue_date: date,
            operation_date: None,
            customer_id: Some(customer),
            prices_include_vat: false,
            withholding: None,
            notes: String::new(),
            lines,
        };
        let draft = c.save_invoice_draft(None, &input, now()).unwrap();
        let inv = c.issue_invoice(draft.id, now()).unwrap();
        b.invoices += 1;
        // 60 %: 48 % paid in full, 10 % in part, 2 % with more than the invoice (the rest
        // stays unapplied credit); paid 0-120 days after issue.
        let roll = rng.next_u64() % 100;
        if roll < 60 {
            let total = inv.total.cents();
            let (amount, applied) = match roll {
                0..=47 => (total, total),
                48..=57 => {
                    let part = total * (20 + (rng.next_u64() % 60) as i64) / 100;
                    (part, part)
                }
                _ => (total + 10_000, total),
            };
            let paid_on = date + chrono::Duration::days((rng.next_u64() % 121) as i64);
            c.record_payment(
                &NewPayment {
                    customer_id: customer,
                    date: paid_on,
                    amount: Money::from_cents(amount),
                    method: PaymentMethod::Bank,
                    account: None,
                    reference: format!("Transferencia {i}"),
                    allocations: Some(vec![(inv.id, Money::from_cents(applied))]),
                },
                now(),
            )
            .unwrap();
            b.payments += 1;
        } else if rng.next_u64().is_multiple_of(250) {
            // An unpaid invoice partly credited: one unit of its first line returned.
            let mut back = first_line;
            back.quantity = -Decimal::ONE;
            c.create_credit_note(
                inv.id,
                CorrectionMethod::Difference,
                CreditNoteHeader {
                    corrects: String::new(),
                    issue_date: date,
                    reason: CorrectionReason::LegalErrorOrArt80,
                    explanation: "Devolución de una unidad".into(),
                },
                Some(vec![back]),
                true,
                now(),
            )
            .unwrap();
            b.credit_notes += 1;
        }
        if (i + 1).is_multiple_of(10_000) {
            eprintln!("  {} invoices, {:.1?}", i + 1, started.elapsed());
        }
    }
    b
}

/// Opens the cached company file for `n` invoices, building it first when missing. The name
/// carries no schema hash: opening applies newer migrations to the cached file.
pub fn company(n: usize) -> Company {
    let dir = bench_data_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let name = format!("aging-{n}-g{GENERATOR_VERSION}.trastienda");
    let path = dir.join(&name);
    if !path.exists() {
        let building = dir.join(format!("{name}.building"));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", building.display()));
        }
        let mut c = Company::create(&building, &settings(1), &chart(), now()).unwrap();
        open_years(&mut c, 2024, 2027);
        let started = Instant::now();
        let b = build(&mut c, n);
        let took = started.elapsed();
        drop(c); // closes the file and checkpoints the WAL
        std::fs::rename(&building, &path).unwrap();
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        eprintln!(
            "built {} invoices, {} payments, {} credit notes in {took:.1?} ({} invoices/s); \
             the first {} with synchronous=FULL: {:.1?} ({} invoices/s incl. their payments); \
             {} MB -> {}",
            b.invoices,
            b.payments,
            b.credit_notes,
            (b.invoices as u128 * 1000) / took.as_millis().max(1),
            b.full_sync_n,
            b.full_sync_issue,
            (b.full_sync_n as u128 * 1000) / b.full_sync_issue.as_millis().max(1),
            size / 1_000_000,
            path.display()
        );
    } else {
        eprintln!("using cached {}", path.display());
    }
    Company::open(&path, now()).unwrap()
}

/// The first run (cold statement cache) and the median of `runs` more, printed.
pub fn first_and_median<T>(label: &str, runs: usize, mut f: impl FnMut() -> T) -> T {
    let t = Instant::now();
    let out = f();
    let first = t.elapsed();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed()
        })
        .collect();
    times.sort();
    eprintln!(
        "{label}: first {first:.2?}, median of {runs} {:.2?}, fastest {:.2?}",
        times[runs / 2],
        times[0]
    );
    out
}
