//! Payables benchmarks: builds (once, cached in target/bench-data/) a company with N supplier
//! bills (default 50 000) across 1 000 suppliers through the store's own paths (`post_bill`,
//! `record_supplier_payment`, `post_credit_bill`), with payments on about 60 % of them (some
//! partial, a few leaving an advance), about 10 % in 2-3 instalments, some with IRPF, and a
//! credit bill on one unpaid bill in 250; then measures `payables_aging`, `open_bills`,
//! `supplier_balance`, `vat_input_summary`, `bills` (open only) and `prepare_payment_run` (on a
//! scratch copy of the file, each run cancelled again outside the timing). See README.md.

#[path = "../tests/common/mod.rs"]
mod common;

use common::*;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use trastienda_core::bill::{compute_bill, BillDraft, BillLine, VatTreatment};
use trastienda_core::iban::spanish_ccc_control;
use trastienda_core::invoice::VatRules;
use trastienda_core::{Iban, Money};
use trastienda_store::{
    BillFilter, BillInput, BillLineInput, Company, NewSupplierPayment, PaymentMethod,
    PaymentRunInput,
};

/// Bump when the generator changes, so a stale cached file is not reused.
const GENERATOR_VERSION: u32 = 1;
const SEED: u64 = 0x0B11_2026;
const SUPPLIERS: i64 = 1_000;
/// Supplier 1 gets this share (in %) of the bills: the "big supplier" whose balance is timed.
const BIG_SHARE: u64 = 5;
/// The first bills are posted with the everyday synchronous=FULL (one fsync per commit) to
/// time the real posting path; the rest with synchronous=OFF, only to build the file faster.
const TIMED_FULL: usize = 2_000;
/// Suppliers whose id ends in 3 are professionals: their bills withhold IRPF.
const IRPF: &str = "15";

fn bills_wanted() -> usize {
    std::env::var("TRASTIENDA_BENCH_BILLS")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(50_000)
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn bench_data_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("bench-data")
}

/// A valid Spanish IBAN for supplier `id`: bank, branch and account digits from the id, the
/// CCC control digits and the IBAN check digits computed.
fn iban(id: i64) -> String {
    let bank = format!("{:04}", 2100 + id % 50);
    let branch = format!("{:04}", 1000 + (id * 37) % 9000);
    let account = format!("{:010}", 1_000_000 + id * 104_729);
    let control = spanish_ccc_control(&bank, &branch, &account).expect("digits");
    Iban::from_spanish_ccc(&format!("{bank}{branch}{control}{account}"))
        .expect("a valid IBAN")
        .as_str()
        .to_string()
}

fn suppliers_sql() -> String {
    let rows: Vec<String> = (1..=SUPPLIERS)
        .map(|id| {
            let days = [0, 30, 60, 90][(id % 4) as usize];
            // A valid NIF: 8 digits and their control letter.
            let number = 20_000_000 + id * 7_919;
            let letter = b"TRWAGMYFPDXBNJZSQVHLCKE"[(number % 23) as usize] as char;
            let irpf = if id % 10 == 3 {
                format!("'{IRPF}'")
            } else {
                "NULL".into()
            };
            format!(
                "({id}, 'Proveedor {id:04} SL', 'ES', '{number}{letter}', 'Calle {id}', '08001', \
                 'Barcelona', 'Barcelona', '{}', {days}, '629', 'deductible', {irpf}, '2025-01-01')",
                iban(id)
            )
        })
        .collect();
    format!(
        "INSERT INTO suppliers (id, legal_name, country, tax_id, address, postal_code, city,
                                province, iban, payment_days, expense_account, vat_treatment,
                                irpf_pct, created_at) VALUES {}",
        rows.join(",\n")
    )
}

/// The total the supplier's paper says: computed like the store does, so the check passes.
fn paper_total(
    date: chrono::NaiveDate,
    lines: &[BillLineInput],
    irpf: &str,
    credit: bool,
) -> Money {
    let draft = BillDraft {
        date,
        treatment: VatTreatment::Deductible,
        irpf_pct: Decimal::from_str_exact(irpf).unwrap(),
        credit,
        lines: lines
            .iter()
            .map(|l| BillLine {
                description: l.description.clone(),
                quantity: Decimal::from_str_exact(&l.quantity).unwrap(),
                unit_price: l.unit_price,
                vat_rate: Decimal::from_str_exact(&l.vat_rate).unwrap(),
                account: code("629"),
            })
            .collect(),
    };
    compute_bill(&draft, &VatRules::spain()).total
}

#[derive(Default)]
struct Built {
    bills: usize,
    instalments: usize,
    with_irpf: usize,
    payments: usize,
    credit_bills: usize,
    /// The first TIMED_FULL bills: wall time of their post_bill calls alone, and with their
    /// payments and credit bills.
    full_sync_post_bill: Duration,
    full_sync_all: Duration,
    full_sync_n: usize,
}

/// Posts `n` bills in date order over 2025-01-01..2026-11-30, each followed by its payment
/// (if any) and its credit bill (if any).
fn build(c: &mut Company, n: usize) -> Built {
    c.execute_raw(&suppliers_sql()).unwrap();
    let mut rng = Rng::new(SEED);
    let first = d(2025, 1, 1);
    let days = (d(2026, 11, 30) - first).num_days();
    let mut b = Built::default();
    let started = Instant::now();
    let mut posting = Duration::ZERO;
    for i in 0..n {
        if i == TIMED_FULL {
            b.full_sync_post_bill = posting;
            b.full_sync_all = started.elapsed();
            b.full_sync_n = i;
            c.execute_raw("PRAGMA synchronous = OFF").unwrap();
        }
        let date = first + chrono::Duration::days(days * i as i64 / n as i64);
        let supplier = if rng.next_u64() % 100 < BIG_SHARE {
            1
        } else {
            2 + (rng.next_u64() % ((SUPPLIERS - 1) as u64)) as i64
        };
        let lines: Vec<BillLineInput> = (0..1 + (rng.next_u64() % 3))
            .map(|_| BillLineInput {
                description: "Material".into(),
                quantity: (1 + rng.next_u64() % 5).to_string(),
                unit_price: Money::from_cents(500 + (rng.next_u64() % 50_000) as i64),
                vat_rate: ["21", "10", "4"][(rng.next_u64() % 3) as usize].into(),
                account: None,
                order_line_no: None,
            })
            .collect();
        let irpf = if supplier % 10 == 3 { IRPF } else { "0" };
        let total = paper_total(date, &lines, irpf, false);
        // About 10 %: 2 or 3 monthly instalments; the rest the supplier's payment days.
        let due_dates = if rng.next_u64().is_multiple_of(10) {
            (1..=2 + rng.next_u64() % 2)
                .map(|k| date + chrono::Duration::days(30 * k as i64))
                .collect()
        } else {
            Vec::new()
        };
        b.instalments += usize::from(!due_dates.is_empty());
        b.with_irpf += usize::from(irpf != "0");
        let first_line = lines[0].clone();
        let input = BillInput {
            supplier_id: supplier,
            supplier_number: format!("F-{i}"),
            date,
            lines,
            vat_treatment: None,
            irpf_pct: None,
            total,
            due_dates,
            corrects_id: None,
            order_id: None,
            description: String::new(),
        };
        let t = Instant::now();
        let bill = c.post_bill(&input, now()).unwrap();
        posting += t.elapsed();
        b.bills += 1;
        // 60 %: 48 % paid in full, 10 % in part, 2 % with more than the bill (the rest stays
        // an advance); paid 0-120 days after the bill's date.
        let roll = rng.next_u64() % 100;
        if roll < 60 {
            let total = bill.total.cents();
            let (amount, applied) = match roll {
                0..=47 => (total, total),
                48..=57 => {
                    let part = (total * (20 + (rng.next_u64() % 60) as i64) / 100).max(1);
                    (part, part)
                }
                _ => (total + 10_000, total),
            };
            let paid_on = date + chrono::Duration::days((rng.next_u64() % 121) as i64);
            c.record_supplier_payment(
                &NewSupplierPayment {
                    supplier_id: supplier,
                    date: paid_on,
                    amount: Money::from_cents(amount),
                    method: PaymentMethod::Bank,
                    account: None,
                    reference: format!("Transferencia {i}"),
                    allocations: Some(vec![(bill.id, Money::from_cents(applied))]),
                },
                now(),
            )
            .unwrap();
            b.payments += 1;
        } else if rng.next_u64().is_multiple_of(250) {
            // An unpaid bill partly credited: one unit of its first line returned.
            let mut back = first_line;
            back.quantity = "-1".into();
            let total = paper_total(date, std::slice::from_ref(&back), irpf, true);
            c.post_credit_bill(
                &BillInput {
                    supplier_id: supplier,
                    supplier_number: format!("A-{i}"),
                    date,
                    lines: vec![back],
                    vat_treatment: None,
                    irpf_pct: None,
                    total,
                    due_dates: Vec::new(),
                    corrects_id: Some(bill.id),
                    order_id: None,
                    description: "Devolución de una unidad".into(),
                },
                now(),
            )
            .unwrap();
            b.credit_bills += 1;
        }
        if (i + 1).is_multiple_of(10_000) {
            eprintln!("  {} bills, {:.1?}", i + 1, started.elapsed());
        }
    }
    if b.full_sync_n == 0 {
        b.full_sync_post_bill = posting;
        b.full_sync_all = started.elapsed();
        b.full_sync_n = n;
    }
    b
}

/// The cached company file for `n` bills, built first when missing. The name carries no
/// schema hash: opening applies newer migrations to the cached file.
fn company_path(n: usize) -> PathBuf {
    let dir = bench_data_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let name = format!("payables-{n}-g{GENERATOR_VERSION}.trastienda");
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
        let per = |d: Duration, k: usize| d.as_micros() / k.max(1) as u128;
        eprintln!(
            "built {} bills ({} in instalments, {} with IRPF), {} payments, {} credit bills in \
             {took:.1?} ({} bills/s); the first {} with synchronous=FULL: post_bill alone \
             {:.1?} ({} µs per bill), with their payments and credit bills {:.1?}; {} MB -> {}",
            b.bills,
            b.instalments,
            b.with_irpf,
            b.payments,
            b.credit_bills,
            (b.bills as u128 * 1000) / took.as_millis().max(1),
            b.full_sync_n,
            b.full_sync_post_bill,
            per(b.full_sync_post_bill, b.full_sync_n),
            b.full_sync_all,
            size / 1_000_000,
            path.display()
        );
    } else {
        eprintln!("using cached {}", path.display());
    }
    path
}

/// A scratch copy of the cached file, for what writes (prepare_payment_run).
fn scratch_copy(path: &Path) -> PathBuf {
    let copy = path.with_extension("scratch");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", copy.display()));
    }
    std::fs::copy(path, &copy).unwrap();
    copy
}

/// The first run (cold statement cache) and the median of `runs` more, printed.
fn first_and_median<T>(label: &str, runs: usize, mut f: impl FnMut() -> T) -> T {
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

fn run_input() -> PaymentRunInput {
    PaymentRunInput {
        until: d(2026, 11, 30),
        bill_ids: None,
        execution_date: d(2026, 12, 1),
        account: "5720001".into(),
        debtor_iban: Some("ES9121000418450200051332".into()),
    }
}

/// Prepares a run on the scratch file and times only that; cancels it again (untimed) so the
/// next one finds the same bills.
fn timed_prepare(c: &mut Company) -> (Duration, usize, Money) {
    let t = Instant::now();
    let run = c.prepare_payment_run(&run_input(), now()).unwrap();
    let took = t.elapsed();
    c.cancel_payment_run(run.id, now()).unwrap();
    (took, run.items.len(), run.total)
}

fn payables(c: &mut Criterion) {
    let n = bills_wanted();
    let path = company_path(n);
    let company = Company::open(&path, now()).unwrap();
    let as_of = d(2026, 11, 30);
    let (q_from, q_to) = (d(2026, 7, 1), d(2026, 9, 30));
    let open_only = BillFilter {
        open_only: true,
        ..BillFilter::default()
    };

    let report = first_and_median("payables_aging", 9, || {
        company.payables_aging(as_of).unwrap()
    });
    let open = first_and_median("open_bills (all)", 9, || {
        company.open_bills(as_of, None).unwrap()
    });
    let big = first_and_median("open_bills (supplier 1)", 9, || {
        company.open_bills(as_of, Some(1)).unwrap()
    });
    let balance = first_and_median("supplier_balance (supplier 1)", 9, || {
        company.supplier_balance(1).unwrap()
    });
    let vat = first_and_median("vat_input_summary (2026 Q3)", 9, || {
        company.vat_input_summary(q_from, q_to).unwrap()
    });
    let listed = first_and_median("bills (open only, first 2000)", 9, || {
        company.bills(&open_only).unwrap()
    });
    let mut scratch = Company::open(&scratch_copy(&path), now()).unwrap();
    let (first, items, run_total) = timed_prepare(&mut scratch);
    let mut times: Vec<Duration> = (0..5).map(|_| timed_prepare(&mut scratch).0).collect();
    times.sort();
    eprintln!(
        "prepare_payment_run (until {as_of}, scratch copy): first {first:.2?}, median of 5 {:.2?}, \
         fastest {:.2?}",
        times[2], times[0]
    );
    // Digests of the whole answers, to compare runs before and after a change of the SQL.
    let digest = |s: String| format!("{:016x}", fnv1a(s.as_bytes()));
    eprintln!(
        "digests: aging {}, open {}, supplier 1 open {}, balance {}, vat {}, bills {}",
        digest(format!("{report:?}")),
        digest(format!("{open:?}")),
        digest(format!("{big:?}")),
        digest(format!("{balance:?}")),
        digest(format!("{vat:?}")),
        digest(format!("{listed:?}"))
    );
    eprintln!(
        "{n} bills; aging: {} suppliers, total {}; {} open instalments; supplier 1: {} open, \
         balance {balance}; Q3 VAT input {} over {} bills; {} open bills listed; payment run: \
         {items} bills, {run_total}",
        report.suppliers.len(),
        report.total.total(),
        open.len(),
        big.len(),
        vat.deductible,
        vat.bills,
        listed.len()
    );

    let mut g = c.benchmark_group(format!("payables_{n}"));
    g.sample_size(10);
    g.bench_function("payables_aging", |b| {
        b.iter(|| company.payables_aging(black_box(as_of)).unwrap())
    });
    g.bench_function("open_bills_all", |b| {
        b.iter(|| company.open_bills(black_box(as_of), None).unwrap())
    });
    g.bench_function("open_bills_supplier_1", |b| {
        b.iter(|| company.open_bills(black_box(as_of), Some(1)).unwrap())
    });
    g.bench_function("supplier_balance_1", |b| {
        b.iter(|| company.supplier_balance(black_box(1)).unwrap())
    });
    g.bench_function("vat_input_summary_q3", |b| {
        b.iter(|| company.vat_input_summary(black_box(q_from), q_to).unwrap())
    });
    g.bench_function("bills_open_only", |b| {
        b.iter(|| company.bills(black_box(&open_only)).unwrap())
    });
    g.bench_function("prepare_payment_run", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| timed_prepare(&mut scratch).0).sum())
    });
    g.finish();
}

criterion_group!(benches, payables);
criterion_main!(benches);
