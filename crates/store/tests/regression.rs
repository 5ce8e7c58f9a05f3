//! One test per bug found in the store, named after the bug (ripgrep's tests/regression.rs).

mod common;

use common::*;
use trastienda_core::{AccountKind, ProblemCode};
use trastienda_store::{NewAccount, StoreError};

/// insert_account moved existing accounts under a new one only when the new one had a parent
/// itself (`WHERE parent_id = NULL` matches nothing). Adding group 8 after 800 existed left 800
/// at the top level and 8 a postable leaf, so the tree and "leaf only" disagreed with the codes.
#[test]
fn new_top_level_account_adopts_existing_accounts_it_prefixes() {
    let mut f = fresh();
    let sub = NewAccount {
        code: code("800"),
        name: "Gastos financieros por valoración".into(),
        kind: AccountKind::Expense,
    };
    f.company.add_account(&sub, now()).unwrap();
    assert_eq!(f.company.account(&code("800")).unwrap().parent, None);
    let group = NewAccount {
        code: code("8"),
        name: "Gastos imputados al patrimonio neto".into(),
        kind: AccountKind::Expense,
    };
    let g = f.company.add_account(&group, now()).unwrap();
    assert!(g.has_children, "8 should be the parent of 800");
    assert!(!g.postable());
    assert_eq!(
        f.company.account(&code("800")).unwrap().parent,
        Some(code("8"))
    );
    // Other top-level groups stay where they were.
    assert_eq!(f.company.account(&code("7")).unwrap().parent, None);
    assert_eq!(
        f.company.account(&code("70")).unwrap().parent,
        Some(code("7"))
    );
    // And posting to the group is refused, to its subaccount accepted.
    let bad = entry(d(2026, 1, 5), "x", &[("8", 100), ("5720001", -100)]);
    assert!(f.company.post_entry(&bad, now()).is_err());
    let ok = entry(d(2026, 1, 5), "x", &[("800", 100), ("5720001", -100)]);
    f.company.post_entry(&ok, now()).unwrap();
}

/// post_entries(create_accounts = true) with a new code under an account that already has
/// postings returned the trigger's raw SQLite error ("the parent account has postings")
/// instead of a problem naming the entry and line, and the import screen could not point at it.
#[test]
fn creating_an_account_under_a_posted_account_is_a_problem_with_its_position() {
    let mut f = fresh();
    let first = entry(d(2026, 1, 5), "x", &[("5720001", 100), ("700", -100)]);
    f.company.post_entry(&first, now()).unwrap();
    let import = [
        entry(d(2026, 1, 6), "ok", &[("5720001", 200), ("705", -200)]),
        // 57200013 would be a subaccount of 5720001, which has postings.
        entry(d(2026, 1, 7), "bad", &[("600", 300), ("57200013", -300)]),
        entry(d(2026, 1, 8), "again", &[("57200013", 50), ("700", -50)]),
    ];
    match f.company.post_entries(&import, true, now()) {
        Err(StoreError::Invalid(p)) => {
            assert_eq!(p.len(), 1, "{p:?}");
            assert_eq!(p[0].code, ProblemCode::InvalidCode);
            assert_eq!(p[0].row, Some(1), "the first entry that uses the code");
            assert_eq!(p[0].field.as_deref(), Some("line 2"));
        }
        other => panic!("expected a problem, got {other:?}"),
    }
    // Nothing was written: no account, no entry.
    assert!(f.company.account(&code("57200013")).is_err());
    assert_eq!(
        f.company
            .list_entries(&Default::default(), 0, 10)
            .unwrap()
            .1,
        1
    );
    assert!(f.company.account(&code("5720001")).unwrap().postable());
}
