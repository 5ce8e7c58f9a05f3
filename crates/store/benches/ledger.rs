//! Ledger benchmarks: builds (once, cached in target/bench-data/) a company file with N random
//! balanced entries over three years and measures the reports the UI asks for on every screen:
//! period totals (trial balance) and register pages of the busiest account. See README.md.

#[path = "../tests/common/mod.rs"]
mod common;

use common::*;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use std::path::PathBuf;
use std::time::Instant;
use trastienda_store::{Company, MIGRATIONS};

/// Bump when the generator changes, so a stale cached file is not reused.
const GENERATOR_VERSION: u32 = 1;
const SEED: u64 = 0x00BE_4C20;
const CHUNK: usize = 10_000;
const BANK: &str = "5720001";

fn entries_wanted() -> usize {
    std::env::var("TRASTIENDA_BENCH_ENTRIES")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(100_000)
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

/// Opens the cached company file for `n` entries, building it first when missing.
fn company(n: usize) -> Company {
    let dir = bench_data_dir();
    std::fs::create_dir_all(&dir).unwrap();
    // The migrations' own text is part of the key: a file built by an earlier schema
    // (even an edited 0001, before release) would refuse to open.
    let schema: String = MIGRATIONS.iter().map(|m| m.2).collect();
    let schema = format!("{:016x}", fnv1a(schema.as_bytes()));
    let name = format!(
        "ledger-{n}-g{GENERATOR_VERSION}-m{}-{}.trastienda",
        MIGRATIONS.len(),
        &schema[..8]
    );
    let path = dir.join(&name);
    if !path.exists() {
        let building = dir.join(format!("{name}.building"));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", building.display()));
        }
        let mut c = Company::create(&building, &settings(1), &chart(), now()).unwrap();
        let mut rng = Rng::new(SEED);
        let first = d(2024, 1, 1);
        let days = (d(2026, 12, 31) - first).num_days() + 1;
        let started = Instant::now();
        let mut done = 0;
        while done < n {
            let k = CHUNK.min(n - done);
            let chunk: Vec<_> = (0..k)
                .map(|i| to_entry(&random_entry(&mut rng, first, days), done + i))
                .collect();
            c.post_entries(&chunk, false, now()).unwrap();
            done += k;
        }
        let import = started.elapsed();
        drop(c); // closes the file and checkpoints the WAL
        std::fs::rename(&building, &path).unwrap();
        let per_sec = (n as u128 * 1000) / import.as_millis().max(1);
        eprintln!(
            "built {n} entries in {import:.1?} ({per_sec} entries/s) -> {}",
            path.display()
        );
    } else {
        eprintln!("using cached {}", path.display());
    }
    Company::open(&path, now()).unwrap()
}

fn ledger(c: &mut Criterion) {
    let n = entries_wanted();
    let company = company(n);
    let bank = code(BANK);
    let first = company.register_page(&bank, None, None, 0, 50).unwrap();
    let pages = first.total_rows.div_ceil(50) as u32;
    eprintln!(
        "{n} entries; {BANK} has {} postings, {pages} pages of 50",
        first.total_rows
    );

    let mut g = c.benchmark_group(format!("ledger_{n}"));
    g.bench_function("account_totals_full_year_2025", |b| {
        b.iter(|| {
            company
                .account_totals(Some(d(2025, 1, 1)), Some(d(2025, 12, 31)))
                .unwrap()
        })
    });
    g.bench_function("account_totals_mid_month_2025-03-17_2025-09-03", |b| {
        b.iter(|| {
            company
                .account_totals(Some(d(2025, 3, 17)), Some(d(2025, 9, 3)))
                .unwrap()
        })
    });
    g.bench_function("account_totals_all_time", |b| {
        b.iter(|| company.account_totals(None, None).unwrap())
    });
    for (label, page) in [
        ("first", 0),
        ("middle", pages / 2),
        ("last", pages.saturating_sub(1)),
    ] {
        g.bench_function(format!("register_page_{BANK}_{label}_of_{pages}"), |b| {
            b.iter(|| {
                company
                    .register_page(&bank, None, None, black_box(page), 50)
                    .unwrap()
            })
        });
    }
    g.bench_function(format!("register_page_{BANK}_middle_of_2025"), |b| {
        let p = company
            .register_page(&bank, Some(d(2025, 1, 1)), Some(d(2025, 12, 31)), 0, 50)
            .unwrap();
        let mid = (p.total_rows / 50 / 2) as u32;
        b.iter(|| {
            company
                .register_page(&bank, Some(d(2025, 1, 1)), Some(d(2025, 12, 31)), mid, 50)
                .unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, ledger);
criterion_main!(benches);
