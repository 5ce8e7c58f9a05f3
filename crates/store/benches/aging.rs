//! Receivables benchmarks: builds (once, cached in target/bench-data/) a company with N issued
//! invoices (default 100 000) across 2 000 customers through the store's own issue path, with
//! payments on about 60 % of them (some partial, a few unapplied) and a credit note on one
//! unpaid invoice in 250, then measures `receivables_aging`, `overdue_invoices`, `open_invoices` of the biggest
//! customer and that customer's card. See README.md.

#[path = "../tests/common/mod.rs"]
mod common;

use common::*;
use criterion::{black_box, criterion_group, criterion_main, Criterion};

#[path = "shared/receivables_data.rs"]
mod receivables_data;
use receivables_data::*;

fn aging(c: &mut Criterion) {
    let n = invoices_wanted();
    let company = company(n);
    let as_of = d(2026, 11, 30);

    let report = first_and_median("receivables_aging", 9, || {
        company.receivables_aging(as_of).unwrap()
    });
    let overdue = first_and_median("overdue_invoices", 9, || {
        company.overdue_invoices(as_of).unwrap()
    });
    let open = first_and_median("open_invoices (all)", 9, || {
        company.open_invoices(as_of, None).unwrap()
    });
    let big = first_and_median("open_invoices (customer 1)", 9, || {
        company.open_invoices(as_of, Some(1)).unwrap()
    });
    let card = first_and_median("customer_card (customer 1)", 9, || {
        company.customer_card(1).unwrap()
    });
    // Digests of the whole answers, to compare runs before and after a change of the SQL.
    let digest = |s: String| format!("{:016x}", fnv1a(s.as_bytes()));
    eprintln!(
        "digests: aging {}, overdue {}, open {}, customer 1 open {}, card {}",
        digest(format!("{report:?}")),
        digest(format!("{overdue:?}")),
        digest(format!("{open:?}")),
        digest(format!("{big:?}")),
        digest(format!("{card:?}"))
    );
    eprintln!(
        "{n} invoices; aging: {} customers, total {}; {} open, {} overdue; customer 1: {} open, \
         card {} open, {} history rows",
        report.customers.len(),
        report.total.total(),
        open.len(),
        overdue.len(),
        big.len(),
        card.open_invoices.len(),
        card.history.len()
    );

    let mut g = c.benchmark_group(format!("aging_{n}"));
    g.sample_size(10);
    g.bench_function("receivables_aging", |b| {
        b.iter(|| company.receivables_aging(black_box(as_of)).unwrap())
    });
    g.bench_function("overdue_invoices", |b| {
        b.iter(|| company.overdue_invoices(black_box(as_of)).unwrap())
    });
    g.bench_function("open_invoices_customer_1", |b| {
        b.iter(|| company.open_invoices(black_box(as_of), Some(1)).unwrap())
    });
    g.bench_function("customer_card_1", |b| {
        b.iter(|| company.customer_card(black_box(1)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, aging);
criterion_main!(benches);
