//! Times a bulk import: `cargo run --release -p trastienda-store --example import_timing -- N
//! [random|ordered] [stream|chunks]`. Random dates over three years (the bench's generator) or
//! the same entries in date order; `post_stream` in one transaction or `post_entries` in
//! 10,000-entry chunks. Prints the time, entries/s and peak RSS (VmHWM).

#[path = "../tests/common/mod.rs"]
mod common;

use common::*;
use std::time::Instant;
use trastienda_store::Company;

fn vm_hwm() -> String {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .unwrap_or("VmHWM: ?")
        .to_string()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args
        .get(1)
        .map_or(200_000, |a| a.replace('_', "").parse().unwrap());
    let ordered = args.get(2).is_some_and(|a| a == "ordered");
    let chunks = args.get(3).is_some_and(|a| a == "chunks");
    let dir = tempfile::tempdir_in(std::env::var("TMPDIR").unwrap_or("/tmp".into())).unwrap();
    let path = dir.path().join("import.trastienda");
    let mut c = Company::create(&path, &settings(1), &chart(), now()).unwrap();
    // Measurement variants: TIMING_SQL="DROP TRIGGER postings_month_totals; PRAGMA cache_size=-100000"
    for sql in std::env::var("TIMING_SQL").unwrap_or_default().split(';') {
        if !sql.trim().is_empty() {
            let _ = c.execute_raw(sql).map_err(|e| eprintln!("{sql}: {e}"));
        }
    }
    let mut rng = Rng::new(0x00BE_4C20);
    let first = d(2024, 1, 1);
    let days = (d(2026, 12, 31) - first).num_days() + 1;
    let gen = (0..n).map(move |i| {
        let mut g = random_entry(&mut rng, first, days);
        if ordered {
            g.0 = first + chrono::Days::new((i as i64 * days / n as i64) as u64);
        }
        to_entry(&g, i)
    });
    let started = Instant::now();
    if std::env::var("TIMING_GEN_ONLY").is_ok() {
        let k = gen.map(|e| e.postings().len()).sum::<usize>();
        println!(
            "generated {n} entries, {k} postings in {:.2?}",
            started.elapsed()
        );
        return;
    }
    if chunks {
        let all: Vec<_> = gen.collect();
        for chunk in all.chunks(10_000) {
            c.post_entries(chunk, false, now()).unwrap();
        }
    } else {
        c.post_stream(&[], gen.map(Ok), now()).unwrap();
    }
    let import = started.elapsed();
    let wal = std::fs::metadata(format!("{}-wal", path.display())).map_or(0, |m| m.len());
    drop(c);
    let total = started.elapsed();
    let size = std::fs::metadata(&path).map_or(0, |m| m.len());
    println!(
        "{n} entries ({}, {}): import {import:.2?} ({} entries/s), with close/checkpoint {total:.2?}; wal before close {} MB, file {} MB; {}",
        if ordered { "date order" } else { "random dates" },
        if chunks { "post_entries 10k chunks" } else { "post_stream" },
        (n as u128 * 1000) / import.as_millis().max(1),
        wal >> 20,
        size >> 20,
        vm_hwm()
    );
}
