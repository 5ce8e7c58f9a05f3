//! Posting, numbering and reversing entries through the store's API.

mod common;

use common::*;
use proptest::prelude::*;
use std::collections::BTreeMap;
use trastienda_core::{AccountKind, EntryKind, Money, ProblemCode};
use trastienda_store::{Company, EntryFilter, StoreError};

fn entry_count(c: &Company) -> u64 {
    c.list_entries(&EntryFilter::default(), 0, 1).unwrap().1
}

/// account -> debit minus credit over all time.
fn balances(c: &Company) -> BTreeMap<String, i64> {
    c.account_totals(None, None)
        .unwrap()
        .into_iter()
        .map(|t| (t.code.to_string(), t.debit.cents() - t.credit.cents()))
        .filter(|(_, b)| *b != 0)
        .collect()
}

#[test]
fn numbers_are_correlative_per_fiscal_year_starting_in_july() {
    let mut f = fresh_with_year_start(7);
    let dates = [
        d(2026, 6, 15), // fiscal year 2025
        d(2026, 6, 30), // 2025
        d(2026, 7, 1),  // 2026: numbering restarts
        d(2026, 7, 15), // 2026
        d(2026, 6, 20), // back in 2025: its next number
        d(2027, 6, 30), // still 2026
        d(2027, 7, 1),  // 2027
    ];
    let got: Vec<(i32, i64)> = dates
        .iter()
        .map(|date| {
            let e = entry(*date, "x", &[("5720001", 100), ("700", -100)]);
            let s = f.company.post_entry(&e, now()).unwrap();
            (s.fiscal_year, s.number)
        })
        .collect();
    assert_eq!(
        got,
        [
            (2025, 1),
            (2025, 2),
            (2026, 1),
            (2026, 2),
            (2025, 3),
            (2026, 3),
            (2027, 1)
        ]
    );
    // A batch continues each year's numbering.
    let batch = [
        entry(d(2026, 1, 2), "b", &[("600", 5), ("400", -5)]),
        entry(d(2026, 8, 2), "b", &[("600", 5), ("400", -5)]),
        entry(d(2026, 1, 3), "b", &[("600", 5), ("400", -5)]),
    ];
    f.company.post_entries(&batch, false, now()).unwrap();
    let (list, total) = f
        .company
        .list_entries(&EntryFilter::default(), 0, 100)
        .unwrap();
    assert_eq!(total, 10);
    let mut by_year: BTreeMap<i32, Vec<i64>> = BTreeMap::new();
    for s in &list {
        by_year.entry(s.fiscal_year).or_default().push(s.number);
    }
    for (year, numbers) in by_year.iter_mut() {
        numbers.sort();
        let expected: Vec<i64> = (1..=numbers.len() as i64).collect();
        assert_eq!(*numbers, expected, "gap or duplicate in fiscal year {year}");
    }
    assert_eq!(by_year[&2025].len(), 5);
}

#[test]
fn calendar_year_numbering_restarts_in_january() {
    let mut f = fresh();
    let a = entry(d(2025, 12, 31), "x", &[("5720001", 1), ("700", -1)]);
    let b = entry(d(2026, 1, 1), "x", &[("5720001", 1), ("700", -1)]);
    let sa = f.company.post_entry(&a, now()).unwrap();
    let sb = f.company.post_entry(&b, now()).unwrap();
    assert_eq!((sa.fiscal_year, sa.number), (2025, 1));
    assert_eq!((sb.fiscal_year, sb.number), (2026, 1));
}

#[test]
fn reversal_negates_every_posting_and_leaves_the_original() {
    let mut f = fresh();
    let e = entry(
        d(2026, 2, 10),
        "Compra",
        &[("600", 10_000), ("4720021", 2_100), ("400", -12_100)],
    );
    let original = f.company.post_entry(&e, now()).unwrap();
    let before = f.company.entry(original.id).unwrap();
    let rev = f
        .company
        .reverse_entry(original.id, d(2026, 3, 1), None, now())
        .unwrap();
    assert_ne!(rev.id, original.id);
    assert_eq!(rev.kind, EntryKind::Reversal);
    assert_eq!(rev.reverses, Some(original.id));
    assert_eq!(rev.date, d(2026, 3, 1));
    assert_eq!(rev.number, original.number + 1);
    assert_eq!(rev.total, Money::from_cents(12_100));
    assert!(
        rev.description.contains("asiento 1/2026"),
        "number/year as the UI shows it: {}",
        rev.description
    );
    let reversal = f.company.entry(rev.id).unwrap();
    assert_eq!(reversal.lines.len(), before.lines.len());
    for (r, o) in reversal.lines.iter().zip(&before.lines) {
        assert_eq!(r.account, o.account);
        assert_eq!(r.amount, -o.amount);
    }
    // The original is unchanged but for knowing who reversed it.
    let after = f.company.entry(original.id).unwrap();
    assert_eq!(after.lines, before.lines);
    assert_eq!(after.summary.reversed_by, Some(rev.id));
    let mut expected = before.summary.clone();
    expected.reversed_by = Some(rev.id);
    assert_eq!(after.summary, expected);
    assert!(balances(&f.company).is_empty());
    assert!(f.company.verify().unwrap().is_empty());
}

#[test]
fn reversing_twice_is_refused() {
    let mut f = fresh();
    let e = entry(d(2026, 2, 10), "x", &[("5720001", 500), ("700", -500)]);
    let id = f.company.post_entry(&e, now()).unwrap().id;
    f.company
        .reverse_entry(id, d(2026, 2, 11), Some("Error"), now())
        .unwrap();
    let count = entry_count(&f.company);
    match f.company.reverse_entry(id, d(2026, 2, 12), None, now()) {
        Err(StoreError::AlreadyReversed(x)) => assert_eq!(x, id),
        other => panic!("expected AlreadyReversed, got {other:?}"),
    }
    assert_eq!(entry_count(&f.company), count);
    assert!(matches!(
        f.company.reverse_entry(9_999, d(2026, 2, 12), None, now()),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn an_entry_on_a_since_deactivated_account_can_still_be_reversed() {
    let mut f = fresh();
    let e = entry(d(2026, 2, 10), "x", &[("5700001", 500), ("700", -500)]);
    let id = f.company.post_entry(&e, now()).unwrap().id;
    f.company
        .set_account_active(&code("5700001"), false, now())
        .unwrap();
    f.company
        .reverse_entry(id, d(2026, 2, 11), None, now())
        .unwrap();
    assert!(balances(&f.company).is_empty());
}

#[test]
fn account_problems_name_their_line() {
    let mut f = fresh();
    f.company
        .set_account_active(&code("5700001"), false, now())
        .unwrap();
    let e = entry(
        d(2026, 2, 10),
        "x",
        &[
            ("5720001", 400),
            ("5729999", -100), // unknown
            ("57", -100),      // has subaccounts
            ("5700001", -200), // deactivated
        ],
    );
    match f.company.post_entry(&e, now()) {
        Err(StoreError::Invalid(p)) => {
            let got: Vec<(ProblemCode, Option<u32>)> = p.iter().map(|p| (p.code, p.row)).collect();
            assert_eq!(
                got,
                [
                    (ProblemCode::UnknownAccount, Some(2)),
                    (ProblemCode::NotPostable, Some(3)),
                    (ProblemCode::InactiveAccount, Some(4)),
                ]
            );
            assert!(p.iter().all(|p| p.field.as_deref() == Some("account")));
            assert!(p[0].message.contains("5729999"));
        }
        other => panic!("expected problems, got {other:?}"),
    }
    assert_eq!(entry_count(&f.company), 0);
}

#[test]
fn post_entries_is_all_or_nothing() {
    let mut f = fresh();
    f.company
        .post_entry(
            &entry(d(2026, 1, 1), "apertura", &[("5720001", 1), ("100", -1)]),
            now(),
        )
        .unwrap();
    let mut batch: Vec<_> = (0..60)
        .map(|i| {
            entry(
                d(2026, 1, 1 + (i % 28) as u32),
                "ok",
                &[("5720001", 100 + i), ("700", -100 - i)],
            )
        })
        .collect();
    batch[37] = entry(d(2026, 1, 9), "bad", &[("600", 5), ("4009999", -5)]);
    batch[51] = entry(d(2026, 1, 9), "bad", &[("6", 5), ("400", -5)]);
    let before = balances(&f.company);
    match f.company.post_entries(&batch, false, now()) {
        Err(StoreError::Invalid(p)) => {
            let got: Vec<(ProblemCode, Option<u32>, Option<&str>)> = p
                .iter()
                .map(|p| (p.code, p.row, p.field.as_deref()))
                .collect();
            assert_eq!(
                got,
                [
                    (ProblemCode::UnknownAccount, Some(37), Some("line 2")),
                    (ProblemCode::NotPostable, Some(51), Some("line 1")),
                ]
            );
        }
        other => panic!("expected problems, got {other:?}"),
    }
    assert_eq!(entry_count(&f.company), 1);
    assert_eq!(balances(&f.company), before);
    // Numbering is untouched: the next entry is number 2.
    let s = f
        .company
        .post_entry(
            &entry(d(2026, 3, 1), "x", &[("5720001", 1), ("700", -1)]),
            now(),
        )
        .unwrap();
    assert_eq!(s.number, 2);
    // And the good part alone posts.
    batch.remove(51);
    batch.remove(37);
    assert_eq!(f.company.post_entries(&batch, false, now()).unwrap(), 58);
    assert_eq!(entry_count(&f.company), 60);
}

#[test]
fn post_entries_with_create_accounts_makes_unknown_codes_with_their_pgc_kind() {
    let mut f = fresh();
    let batch = [
        entry(
            d(2026, 4, 1),
            "cliente nuevo",
            &[("4300001", 12_100), ("7590001", -12_100)],
        ),
        entry(
            d(2026, 4, 2),
            "proveedor nuevo",
            &[("6290001", 1_000), ("4000001", -1_000)],
        ),
        entry(d(2026, 4, 3), "grupo 8", &[("800", 50), ("5720001", -50)]),
    ];
    // Without create_accounts nothing is created and nothing posted.
    assert!(matches!(
        f.company.post_entries(&batch, false, now()),
        Err(StoreError::Invalid(p)) if p.len() == 5
    ));
    assert!(f.company.account(&code("4300001")).is_err());
    assert_eq!(f.company.post_entries(&batch, true, now()).unwrap(), 3);
    for (c, kind, parent) in [
        ("4300001", AccountKind::Asset, Some("430")),
        ("7590001", AccountKind::Income, Some("759")),
        ("6290001", AccountKind::Expense, Some("629")),
        ("4000001", AccountKind::Liability, Some("400")),
        ("800", AccountKind::Expense, None),
    ] {
        let a = f.company.account(&code(c)).unwrap();
        assert_eq!(a.kind, kind, "{c}");
        assert_eq!(a.kind, AccountKind::from_pgc_code(&code(c)), "{c}");
        assert_eq!(a.parent, parent.map(code), "{c}");
        assert!(a.postable() && a.has_postings, "{c}");
    }
    // 430 is now a group: posting to it is refused.
    assert!(!f.company.account(&code("430")).unwrap().postable());
    assert_eq!(entry_count(&f.company), 3);
}

#[test]
fn a_failed_create_accounts_import_creates_no_accounts() {
    let mut f = fresh();
    let n = f.company.accounts().unwrap().len();
    let batch = [
        entry(d(2026, 4, 1), "ok", &[("4300001", 1), ("7590001", -1)]),
        entry(d(2026, 4, 1), "a un grupo", &[("57", 1), ("7590001", -1)]),
    ];
    assert!(matches!(
        f.company.post_entries(&batch, true, now()),
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(f.company.accounts().unwrap().len(), n);
    assert_eq!(entry_count(&f.company), 0);
}

fn lines_strategy() -> impl Strategy<Value = Vec<(usize, i64)>> {
    // 1..4 free lines (account index, non-zero cents); a closing line balances them.
    prop::collection::vec((0..LEAVES.len(), -1_000_000i64..1_000_000), 1..4)
        .prop_filter("non-zero lines and a non-zero closing line", |ls| {
            ls.iter().all(|l| l.1 != 0) && ls.iter().map(|l| l.1).sum::<i64>() != 0
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// After reversing entries, every account's balance is back where it was, and verify()
    /// finds nothing wrong.
    #[test]
    fn reversal_restores_every_balance(
        before in prop::collection::vec((0i64..365, lines_strategy(), 0..LEAVES.len()), 0..6),
        reversed in prop::collection::vec((0i64..365, lines_strategy(), 0..LEAVES.len()), 1..8),
    ) {
        let mut f = fresh();
        let to_entry = |(day, lines, closing): &(i64, Vec<(usize, i64)>, usize)| {
            let mut ls: Vec<(&str, i64)> = lines.iter().map(|(a, c)| (LEAVES[*a], *c)).collect();
            let sum: i64 = ls.iter().map(|l| l.1).sum();
            ls.push((LEAVES[*closing], -sum));
            entry(d(2025, 1, 1) + chrono::Days::new(*day as u64), "p", &ls)
        };
        let first: Vec<_> = before.iter().map(to_entry).collect();
        f.company.post_entries(&first, false, now()).unwrap();
        let snapshot = balances(&f.company);
        let mut ids = Vec::new();
        for e in reversed.iter().map(to_entry) {
            ids.push(f.company.post_entry(&e, now()).unwrap().id);
        }
        for id in ids {
            f.company.reverse_entry(id, d(2026, 2, 1), None, now()).unwrap();
        }
        prop_assert_eq!(balances(&f.company), snapshot);
        prop_assert!(f.company.verify().unwrap().is_empty());
    }
}
