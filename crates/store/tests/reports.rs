//! Reports against an oracle: a generated ledger of 10,000 random balanced entries over three
//! years (fixed seed), whose entries the test keeps, so every total and register page the store
//! computes in SQL is compared with sums computed here from the entries themselves.

mod common;

use chrono::{Datelike, Months, NaiveDate};
use common::*;
use std::collections::BTreeMap;
use trastienda_core::report::{build_trial_balance, TrialBalanceOptions};
use trastienda_core::Money;
use trastienda_store::{Company, RegisterPage, StoreError};

const ENTRIES: usize = 10_000;
const SEED: u64 = 0x5452_5354_2026;

/// One posting as the test remembers it, in insertion order.
#[derive(Debug, Clone)]
struct Row {
    entry_id: i64,
    fiscal_year: i32,
    number: i64,
    date: NaiveDate,
    account: String,
    cents: i64,
}

struct Ledger {
    fixture: Fixture,
    rows: Vec<Row>,
}

fn generated_ledger() -> Ledger {
    let mut fixture = fresh();
    let mut rng = Rng::new(SEED);
    let first = d(2024, 1, 1);
    let days = (d(2026, 12, 31) - first).num_days() + 1;
    let generated: Vec<Generated> = (0..ENTRIES)
        .map(|_| random_entry(&mut rng, first, days))
        .collect();
    let entries: Vec<_> = generated
        .iter()
        .enumerate()
        .map(|(i, g)| to_entry(g, i))
        .collect();
    // In a few chunks, as an import would.
    for chunk in entries.chunks(3_000) {
        fixture.company.post_entries(chunk, false, now()).unwrap();
    }
    let mut numbers: BTreeMap<i32, i64> = BTreeMap::new();
    let mut rows = Vec::new();
    for (i, (date, lines)) in generated.iter().enumerate() {
        let n = numbers.entry(date.year()).or_insert(0);
        *n += 1;
        for (account, cents) in lines {
            rows.push(Row {
                entry_id: i as i64 + 1,
                fiscal_year: date.year(),
                number: *n,
                date: *date,
                account: account.clone(),
                cents: *cents,
            });
        }
    }
    Ledger { fixture, rows }
}

fn in_range(date: NaiveDate, from: Option<NaiveDate>, to: Option<NaiveDate>) -> bool {
    from.is_none_or(|f| date >= f) && to.is_none_or(|t| date <= t)
}

/// account -> (debit, credit) computed from the remembered postings.
fn expected_totals(
    rows: &[Row],
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> BTreeMap<String, (i64, i64)> {
    let mut out: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for r in rows.iter().filter(|r| in_range(r.date, from, to)) {
        let e = out.entry(r.account.clone()).or_default();
        if r.cents > 0 {
            e.0 += r.cents;
        } else {
            e.1 -= r.cents;
        }
    }
    out
}

fn actual_totals(
    c: &Company,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> BTreeMap<String, (i64, i64)> {
    c.account_totals(from, to)
        .unwrap()
        .into_iter()
        .map(|t| (t.code.to_string(), (t.debit.cents(), t.credit.cents())))
        .collect()
}

fn month_end(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap() + Months::new(1) - chrono::Days::new(1)
}

/// Ranges worth checking: open bounds, whole months and years, mid-month edges, ranges
/// inside one month, single days, empty and reversed ranges, and random ones.
fn ranges(rng: &mut Rng) -> Vec<(Option<NaiveDate>, Option<NaiveDate>)> {
    let mut out = vec![
        (None, None),
        (None, Some(d(2025, 6, 30))),
        (None, Some(d(2025, 6, 17))),
        (Some(d(2025, 6, 1)), None),
        (Some(d(2025, 6, 17)), None),
        (Some(d(2024, 1, 1)), Some(d(2024, 12, 31))),
        (Some(d(2025, 1, 1)), Some(d(2025, 12, 31))),
        (Some(d(2024, 2, 1)), Some(d(2024, 2, 29))),
        (Some(d(2024, 2, 29)), Some(d(2024, 3, 1))),
        (Some(d(2025, 3, 10)), Some(d(2025, 3, 20))),
        (Some(d(2025, 3, 1)), Some(d(2025, 3, 20))),
        (Some(d(2025, 3, 10)), Some(d(2025, 3, 31))),
        (Some(d(2025, 3, 10)), Some(d(2025, 4, 5))),
        (Some(d(2025, 3, 10)), Some(d(2025, 5, 5))),
        (Some(d(2024, 12, 15)), Some(d(2025, 1, 15))),
        (Some(d(2024, 12, 31)), Some(d(2025, 1, 1))),
        (Some(d(2025, 7, 4)), Some(d(2025, 7, 4))),
        (Some(d(2025, 7, 1)), Some(d(2025, 7, 1))),
        (Some(d(2025, 7, 31)), Some(d(2025, 7, 31))),
        (Some(d(2025, 8, 1)), Some(d(2025, 7, 31))), // empty: from after to
        (Some(d(2025, 8, 20)), Some(d(2025, 8, 10))),
        (Some(d(2030, 1, 1)), None),
        (None, Some(d(2020, 12, 31))),
        (Some(d(2023, 12, 15)), Some(d(2024, 1, 10))),
        (Some(d(2026, 12, 20)), Some(d(2027, 1, 10))),
    ];
    let first = d(2023, 11, 1);
    for i in 0..150 {
        let a = first + chrono::Days::new(rng.range(0, 1_250) as u64);
        let b = a + chrono::Days::new(rng.range(0, 500) as u64);
        let (a, b) = match i % 5 {
            0 => (a.with_day(1).unwrap(), month_end(b)), // whole months
            1 => (a, b.with_day(a.day().min(28)).unwrap_or(b)),
            2 => (a, a + chrono::Days::new(rng.range(0, 20) as u64)), // short
            _ => (a, b),
        };
        out.push(match rng.range(0, 9) {
            0 => (None, Some(b)),
            1 => (Some(a), None),
            _ => (Some(a), Some(b)),
        });
    }
    out
}

#[test]
fn account_totals_match_the_entries_for_any_range() {
    let l = generated_ledger();
    let c = &l.fixture.company;
    assert!(c.verify().unwrap().is_empty());
    let mut rng = Rng::new(SEED ^ 1);
    let chart = c.chart().unwrap();
    for (from, to) in ranges(&mut rng) {
        let expected = expected_totals(&l.rows, from, to);
        let actual = actual_totals(c, from, to);
        assert_eq!(actual, expected, "account_totals({from:?}, {to:?})");
        // The trial balance built from them sums to zero, and carries every account.
        let totals = c.account_totals(from, to).unwrap();
        let tb = build_trial_balance(
            &chart,
            &totals,
            TrialBalanceOptions {
                from,
                to,
                level: None,
            },
        );
        assert_eq!(tb.total_balance, Money::ZERO, "({from:?}, {to:?})");
        assert_eq!(tb.total_debit, tb.total_credit);
        let debit: i64 = expected.values().map(|v| v.0).sum();
        assert_eq!(tb.total_debit.cents(), debit);
        assert_eq!(tb.account_rows().count(), expected.len());
        let groups: i64 = tb
            .rows
            .iter()
            .filter(|r| r.level == 1)
            .map(|r| r.balance.cents())
            .sum();
        assert_eq!(groups, 0, "groups of ({from:?}, {to:?}) do not net to zero");
    }
}

/// Reads every page of a register and checks each against the remembered postings.
fn check_register(
    l: &Ledger,
    account: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    page_size: u32,
) {
    let c = &l.fixture.company;
    let mut expected: Vec<&Row> = l
        .rows
        .iter()
        .filter(|r| r.account.starts_with(account))
        .filter(|r| in_range(r.date, from, to))
        .collect();
    expected.sort_by_key(|r| r.date); // stable: insertion order within a day
    let opening: i64 = l
        .rows
        .iter()
        .filter(|r| r.account.starts_with(account))
        .filter(|r| from.is_some_and(|f| r.date < f))
        .map(|r| r.cents)
        .sum();
    let closing = opening + expected.iter().map(|r| r.cents).sum::<i64>();
    let effective = page_size.clamp(1, 1000) as usize;
    let pages = expected.len().div_ceil(effective);
    let ctx = format!("register {account} {from:?}..{to:?} page size {page_size}");

    let mut running = opening;
    let mut seen = 0usize;
    for page in 0..=pages as u32 {
        let p: RegisterPage = c
            .register_page(&code(account), from, to, page, page_size)
            .unwrap();
        assert_eq!(p.code.as_str(), account);
        assert_eq!(p.opening_balance.cents(), opening, "{ctx} page {page}");
        assert_eq!(p.closing_balance.cents(), closing, "{ctx} page {page}");
        assert_eq!(p.total_rows, expected.len() as u64, "{ctx} page {page}");
        assert_eq!(p.page, page);
        assert_eq!(p.page_size as usize, effective);
        let want = &expected[seen.min(expected.len())..(seen + effective).min(expected.len())];
        assert_eq!(p.rows.len(), want.len(), "{ctx} page {page} of {pages}");
        for (row, w) in p.rows.iter().zip(want) {
            running += w.cents;
            assert_eq!(
                (row.entry_id, row.date, row.amount.cents()),
                (w.entry_id, w.date, w.cents),
                "{ctx} page {page} row {seen}"
            );
            assert_eq!(
                (row.fiscal_year, row.entry_number),
                (w.fiscal_year, w.number)
            );
            assert_eq!(
                row.description,
                format!("Asiento generado {}", w.entry_id - 1)
            );
            assert_eq!(row.balance.cents(), running, "{ctx} page {page} row {seen}");
            seen += 1;
        }
        if page as usize == pages.saturating_sub(1) && pages > 0 {
            assert_eq!(p.rows.last().unwrap().balance.cents(), closing);
        }
        if page as usize >= pages {
            assert!(p.rows.is_empty(), "{ctx}: page {page} is past the end");
        }
    }
    assert_eq!(seen, expected.len(), "{ctx}");
    // Far past the end.
    let p = c
        .register_page(&code(account), from, to, 1_000_000, page_size)
        .unwrap();
    assert!(p.rows.is_empty());
    assert_eq!(p.closing_balance.cents(), closing);
}

#[test]
fn register_pages_concatenate_to_the_accounts_postings() {
    let l = generated_ledger();
    for (account, page_size) in [
        ("5720001", 50),
        ("5720001", 997),
        ("5720001", 5_000), // clamped to 1000
        ("700", 13),
        ("4760001", 50),
        ("572", 50), // a group: its subaccounts' postings
        ("47", 101),
        ("6", 250),
    ] {
        check_register(&l, account, None, None, page_size);
    }
}

#[test]
fn register_pages_within_periods() {
    let l = generated_ledger();
    let mut rng = Rng::new(SEED ^ 2);
    let mut periods = vec![
        (Some(d(2025, 1, 1)), Some(d(2025, 12, 31))),
        (Some(d(2025, 3, 17)), Some(d(2025, 9, 3))),
        (Some(d(2025, 3, 17)), Some(d(2025, 3, 29))),
        (Some(d(2025, 3, 1)), Some(d(2025, 3, 31))),
        (Some(d(2024, 12, 31)), Some(d(2025, 1, 1))),
        (Some(d(2026, 6, 15)), None),
        (None, Some(d(2024, 5, 15))),
        (Some(d(2030, 1, 1)), None),
        (Some(d(2025, 5, 10)), Some(d(2025, 5, 1))),
    ];
    for _ in 0..10 {
        let a = d(2023, 12, 1) + chrono::Days::new(rng.range(0, 1_150) as u64);
        let b = a + chrono::Days::new(rng.range(0, 400) as u64);
        periods.push((Some(a), Some(b)));
    }
    for (from, to) in periods {
        for (account, page_size) in [("5720001", 50), ("700", 17), ("57", 1000)] {
            check_register(&l, account, from, to, page_size);
        }
    }
}

#[test]
fn small_registers_and_unknown_accounts() {
    let l = generated_ledger();
    let c = &l.fixture.company;
    // An account with no postings: empty, zero balances.
    let p = c
        .register_page(&code("4751002"), None, None, 0, 50)
        .unwrap();
    assert!(p.rows.is_empty());
    assert_eq!(p.total_rows, 0);
    assert_eq!(p.closing_balance, Money::ZERO);
    // Page size 0 is taken as 1.
    check_register(&l, "4720021", Some(d(2026, 12, 1)), None, 0);
    match c.register_page(&code("5729999"), None, None, 0, 50) {
        Err(StoreError::NotFound(_)) => {}
        other => panic!("expected NotFound, got {other:?}"),
    }
}
