//! One test per bug found in the store, named after the bug (ripgrep's tests/regression.rs).

mod common;

use common::*;
use trastienda_core::AccountKind;
use trastienda_store::NewAccount;

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
    f.company.add_account(&sub).unwrap();
    assert_eq!(f.company.account(&code("800")).unwrap().parent, None);
    let group = NewAccount {
        code: code("8"),
        name: "Gastos imputados al patrimonio neto".into(),
        kind: AccountKind::Expense,
    };
    let g = f.company.add_account(&group).unwrap();
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
