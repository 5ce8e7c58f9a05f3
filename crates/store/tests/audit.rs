//! The audit log: every change made through the store leaves one record naming what, how,
//! the values either side, when and who; the chain verifies; nothing edits it.

mod common;

use common::*;
use trastienda_core::{AccountKind, Language};
use trastienda_store::NewAccount;

#[test]
fn every_change_is_logged_once_and_the_chain_holds() {
    let mut f = fresh();
    let c = &mut f.company;
    c.set_actor("ana@portatil (pid 7)");
    let start = c.audit_len().unwrap();
    c.add_account(
        &NewAccount {
            code: code("5720002"),
            name: "Banco dos".into(),
            kind: AccountKind::Asset,
        },
        now(),
    )
    .unwrap();
    c.rename_account(&code("5720002"), "Banco Dos", now())
        .unwrap();
    c.set_account_active(&code("5720002"), false, now())
        .unwrap();
    c.set_account_active(&code("5720002"), true, now()).unwrap();
    let e = c
        .post_entry(
            &entry(d(2026, 2, 3), "Venta", &[("5720001", 1000), ("700", -1000)]),
            now(),
        )
        .unwrap();
    c.reverse_entry(e.id, d(2026, 2, 4), None, now()).unwrap();
    c.post_entries(
        &[
            entry(d(2026, 2, 5), "a", &[("5720001", 5), ("700", -5)]),
            entry(d(2026, 2, 6), "b", &[("5720001", 6), ("700", -6)]),
        ],
        false,
        now(),
    )
    .unwrap();
    c.set_lock_date(Some(d(2026, 1, 31)), None, now()).unwrap();
    c.set_language(Language::En, now()).unwrap();
    c.delete_account(&code("5720002"), now()).unwrap();

    let log = c.audit_records("", 100).unwrap();
    let got: Vec<(String, String)> = log
        .iter()
        .rev()
        .skip(start as usize)
        .map(|r| (r.record.clone(), r.action.clone()))
        .collect();
    let want: Vec<(String, String)> = [
        ("account:5720002", "add"),
        ("account:5720002", "rename"),
        ("account:5720002", "deactivate"),
        ("account:5720002", "activate"),
        (&*format!("entry:{}", e.id), "post"),
        (&*format!("entry:{}", e.id + 1), "reverse"),
        ("journal", "import"),
        ("company.lock_date", "lock"),
        ("company.language", "set"),
        ("account:5720002", "delete"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(got, want);
    let rename = log.iter().find(|r| r.action == "rename").unwrap();
    assert_eq!(rename.before.as_deref(), Some("Banco dos"));
    assert_eq!(rename.after.as_deref(), Some("Banco Dos"));
    assert_eq!(rename.actor, "ana@portatil (pid 7)");
    let post = log.iter().find(|r| r.action == "post").unwrap();
    assert!(
        post.after
            .as_deref()
            .unwrap()
            .contains("total 10.00: Venta"),
        "{post:?}"
    );
    let import = log.iter().find(|r| r.action == "import").unwrap();
    assert!(
        import
            .after
            .as_deref()
            .unwrap()
            .starts_with("2 entries posted"),
        "{import:?}"
    );
    assert_eq!(c.verify_audit().unwrap(), None);
    // A refused change leaves no record.
    let before = c.audit_len().unwrap();
    assert!(c.rename_account(&code("5720001"), " ", now()).is_err());
    assert!(c
        .post_entry(
            &entry(d(2026, 1, 15), "tarde", &[("5720001", 1), ("700", -1)]),
            now()
        )
        .is_err());
    assert_eq!(c.audit_len().unwrap(), before);
}

#[test]
fn a_removed_or_edited_record_breaks_the_chain_there() {
    let mut f = fresh();
    let c = &mut f.company;
    for day in 1..=4 {
        c.post_entry(
            &entry(d(2026, 2, day), "x", &[("5720001", 1), ("700", -1)]),
            now(),
        )
        .unwrap();
    }
    assert_eq!(c.verify_audit().unwrap(), None);
    let third: i64 = c.audit_records("entry:", 10).unwrap()[1].id;
    c.execute_raw("DROP TRIGGER audit_log_no_delete").unwrap();
    c.execute_raw(&format!("DELETE FROM audit_log WHERE id = {third}"))
        .unwrap();
    let (id, why) = c.verify_audit().unwrap().expect("broken");
    assert_eq!(
        id,
        third + 1,
        "the record after the removed one no longer links"
    );
    assert!(why.contains("link"), "{why}");
}

#[test]
fn the_log_filters_by_record_action_day_and_text() {
    let mut f = fresh();
    let c = &mut f.company;
    c.rename_account(&code("5720001"), "Banco Santander", now())
        .unwrap();
    c.rename_account(&code("5700001"), "Caja tienda", now())
        .unwrap();
    c.set_lock_date(Some(d(2026, 1, 31)), None, now()).unwrap();
    let q = |f: trastienda_store::AuditFilter| c.audit_query(&f, 0, 50).unwrap();
    let (rows, total) = q(trastienda_store::AuditFilter {
        record: Some("account:".into()),
        ..Default::default()
    });
    assert_eq!(total, 2);
    assert_eq!(rows[0].record, "account:5700001", "newest first");
    let (rows, _) = q(trastienda_store::AuditFilter {
        text: Some("Santander".into()),
        ..Default::default()
    });
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].after.as_deref(), Some("Banco Santander"));
    let (_, n) = q(trastienda_store::AuditFilter {
        action: Some("lock".into()),
        from: Some(d(2026, 3, 1)),
        to: Some(d(2026, 3, 1)),
        ..Default::default()
    });
    assert_eq!(n, 1, "the fixture's clock is 1 March 2026");
    let (_, none) = q(trastienda_store::AuditFilter {
        from: Some(d(2026, 3, 2)),
        ..Default::default()
    });
    assert_eq!(none, 0);
}
