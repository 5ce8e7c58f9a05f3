//! The database itself refuses what the ledger forbids, whoever writes: edits and deletions of
//! posted entries and postings, unbalanced entries, postings to accounts with subaccounts,
//! deleting an account with postings, and subaccounts under an account with postings.
//! An entry is written as the store writes it: its postings first, the entry row last (the
//! row's insert trigger checks the complete set; postings.entry_id is a deferred foreign key).
//! Raw SQL goes through `Company::execute_raw` (foreign keys on) or a second plain rusqlite
//! connection on the same file with foreign keys turned off (`raw_open`), so only the triggers
//! stand in the way.

mod common;

use common::*;
use rusqlite::Connection;
use trastienda_core::{AccountKind, ProblemCode};
use trastienda_store::{Company, NewAccount, StoreError};

/// A company with one posted entry (bank 121.00 against sales 100.00 and VAT 21.00).
fn with_one_entry() -> (Fixture, i64) {
    let mut f = fresh();
    let e = entry(
        d(2026, 2, 10),
        "Venta al contado",
        &[("5720001", 12_100), ("700", -10_000), ("4770021", -2_100)],
    );
    let id = f.company.post_entry(&e, now()).unwrap().id;
    (f, id)
}

fn refused(result: trastienda_store::Result<usize>, why: &str) {
    match result {
        Err(StoreError::Sqlite(e)) => assert!(
            e.to_string().contains(why),
            "refused for another reason: {e} (expected '{why}')"
        ),
        other => panic!("expected the database to refuse ('{why}'), got {other:?}"),
    }
}

fn raw_refused(result: rusqlite::Result<usize>, why: &str) {
    match result {
        Err(e) => assert!(
            e.to_string().contains(why),
            "refused for another reason: {e} (expected '{why}')"
        ),
        Ok(n) => panic!("the database accepted it ({n} rows); expected '{why}'"),
    }
}

/// A second, plain connection on the file with foreign keys explicitly off (rusqlite's bundled
/// SQLite turns them on by default), so only the triggers stand in the way.
fn raw_open(path: &std::path::Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
    conn
}

fn account_id(conn: &Connection, code: &str) -> i64 {
    conn.query_row("SELECT id FROM accounts WHERE code = ?1", [code], |r| {
        r.get(0)
    })
    .unwrap()
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn posted_entries_cannot_be_updated_or_deleted() {
    let (f, id) = with_one_entry();
    let before = f.company.entry(id).unwrap();
    for sql in [
        format!("UPDATE entries SET description = 'otra cosa' WHERE id = {id}"),
        format!("UPDATE entries SET date = '2026-02-11' WHERE id = {id}"),
        format!("UPDATE entries SET total_cents = 1 WHERE id = {id}"),
        format!("DELETE FROM entries WHERE id = {id}"),
    ] {
        refused(f.company.execute_raw(&sql), "posted entries are immutable");
    }
    // Through a second connection too (no foreign keys there).
    let raw = raw_open(&f.path);
    raw_refused(
        raw.execute("DELETE FROM entries", []),
        "posted entries are immutable",
    );
    assert_eq!(f.company.entry(id).unwrap(), before);
}

#[test]
fn postings_cannot_be_updated_or_deleted() {
    let (f, id) = with_one_entry();
    let before = f.company.entry(id).unwrap();
    for sql in [
        format!("UPDATE postings SET amount_cents = amount_cents * 2 WHERE entry_id = {id}"),
        format!("UPDATE postings SET account_id = account_id WHERE entry_id = {id}"),
        format!("UPDATE postings SET date = '2020-01-01' WHERE entry_id = {id}"),
        format!("DELETE FROM postings WHERE entry_id = {id}"),
        format!("DELETE FROM postings WHERE entry_id = {id} AND line_no = 3"),
    ] {
        refused(
            f.company.execute_raw(&sql),
            "postings of a posted entry are immutable",
        );
    }
    let raw = raw_open(&f.path);
    raw_refused(
        raw.execute("DELETE FROM postings", []),
        "postings of a posted entry are immutable",
    );
    assert_eq!(f.company.entry(id).unwrap(), before);
    assert!(f.company.verify().unwrap().is_empty());
}

/// The id the next entry gets (the store picks max(id) + 1 too).
fn next_entry_id(conn: &Connection) -> i64 {
    count(conn, "SELECT coalesce(max(id), 0) + 1 FROM entries")
}

/// Inserts an entry row through raw SQL. Its postings must already be there: the row comes
/// last and its insert trigger checks the complete set.
fn raw_entry(
    conn: &Connection,
    id: i64,
    number: i64,
    line_count: i64,
    total: i64,
) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT INTO entries (id, fiscal_year, number, date, description, kind, line_count,
                              total_cents, posted_at)
         VALUES (?1, 2026, ?2, '2026-02-12', 'a mano', 'normal', ?3, ?4, '2026-02-12T00:00:00Z')",
        rusqlite::params![id, number, line_count, total],
    )
}

fn raw_posting(
    conn: &Connection,
    entry_id: i64,
    line_no: i64,
    account: &str,
    cents: i64,
) -> rusqlite::Result<usize> {
    let account_id = account_id(conn, account);
    conn.execute(
        "INSERT INTO postings (entry_id, line_no, account_id, date, description, amount_cents)
         VALUES (?1, ?2, ?3, '2026-02-12', '', ?4)",
        rusqlite::params![entry_id, line_no, account_id, cents],
    )
}

const INCOMPLETE: &str = "must be complete and sum to zero";

#[test]
fn a_complete_balanced_entry_written_in_raw_sql_is_accepted() {
    // The control for the refusals below: the same writes, done right, commit. (Not to a
    // cash account: the store also writes an entry's cash shares, which raw SQL would not.)
    let (f, _) = with_one_entry();
    let mut raw = raw_open(&f.path);
    raw.pragma_update(None, "foreign_keys", "ON").unwrap();
    let tx = raw.transaction().unwrap();
    let e = next_entry_id(&tx);
    raw_posting(&tx, e, 1, "430", 10_000).unwrap();
    raw_posting(&tx, e, 2, "700", -10_000).unwrap();
    raw_entry(&tx, e, 2, 2, 10_000).unwrap();
    tx.commit().unwrap();
    assert_eq!(count(&raw, "SELECT count(*) FROM entries"), 2);
    assert!(f.company.verify().unwrap().is_empty());
}

#[test]
fn an_entry_whose_postings_do_not_sum_to_zero_is_refused() {
    let (f, _) = with_one_entry();
    let mut raw = raw_open(&f.path);
    let tx = raw.transaction().unwrap();
    let e = next_entry_id(&tx);
    raw_posting(&tx, e, 1, "5720001", 10_000).unwrap();
    raw_posting(&tx, e, 2, "700", -9_999).unwrap();
    raw_refused(raw_entry(&tx, e, 2, 2, 10_000), INCOMPLETE);
    drop(tx); // rolled back
    assert_eq!(count(&raw, "SELECT count(*) FROM entries"), 1);
    assert_eq!(count(&raw, "SELECT count(*) FROM postings"), 3);
    assert!(f.company.verify().unwrap().is_empty());
}

#[test]
fn an_entry_whose_total_differs_from_its_debits_is_refused() {
    let (f, _) = with_one_entry();
    let mut raw = raw_open(&f.path);
    let tx = raw.transaction().unwrap();
    let e = next_entry_id(&tx);
    raw_posting(&tx, e, 1, "5720001", 10_000).unwrap();
    raw_posting(&tx, e, 2, "700", -10_000).unwrap();
    raw_refused(raw_entry(&tx, e, 2, 2, 5_000), INCOMPLETE);
}

#[test]
fn an_entry_gets_no_more_lines_than_it_declares() {
    let (f, _) = with_one_entry();
    let mut raw = raw_open(&f.path);
    // More postings than the entry row declares: the row is refused.
    {
        let tx = raw.transaction().unwrap();
        let e = next_entry_id(&tx);
        raw_posting(&tx, e, 1, "5720001", 10_000).unwrap();
        raw_posting(&tx, e, 2, "700", -10_000).unwrap();
        raw_posting(&tx, e, 3, "600", 500).unwrap();
        raw_refused(raw_entry(&tx, e, 2, 2, 10_000), INCOMPLETE);
    }
    // Once the entry row exists, no posting can join it.
    let tx = raw.transaction().unwrap();
    let e = next_entry_id(&tx);
    raw_posting(&tx, e, 1, "5720001", 10_000).unwrap();
    raw_posting(&tx, e, 2, "700", -10_000).unwrap();
    raw_entry(&tx, e, 2, 2, 10_000).unwrap();
    raw_refused(
        raw_posting(&tx, e, 3, "600", 500),
        "the entry already has all its lines",
    );
    // Not even to an entry the store posted, in a later transaction.
    drop(tx);
    raw_refused(
        raw_posting(&raw, 1, 4, "600", 500),
        "the entry already has all its lines",
    );
    assert!(f.company.verify().unwrap().is_empty());
}

#[test]
fn a_posting_to_an_account_with_subaccounts_is_refused() {
    let (f, _) = with_one_entry();
    let raw = raw_open(&f.path);
    let e = next_entry_id(&raw);
    // 572 has the subaccount 5720001.
    raw_refused(
        raw_posting(&raw, e, 1, "572", 10_000),
        "postings go to accounts without subaccounts",
    );
    // And through the store's own API: a problem naming the line.
    let mut company = f.company;
    let bad = entry(d(2026, 2, 12), "a un grupo", &[("572", 100), ("700", -100)]);
    match company.post_entry(&bad, now()) {
        Err(StoreError::Invalid(p)) => {
            assert_eq!(p.len(), 1);
            assert_eq!(p[0].code, ProblemCode::NotPostable);
            assert_eq!(p[0].row, Some(1));
        }
        other => panic!("expected NotPostable, got {other:?}"),
    }
}

#[test]
fn an_account_with_postings_cannot_be_deleted() {
    let (mut f, _) = with_one_entry();
    match f.company.delete_account(&code("5720001"), now()) {
        Err(StoreError::AccountHasPostings(c)) => assert_eq!(c, "5720001"),
        other => panic!("expected AccountHasPostings, got {other:?}"),
    }
    refused(
        f.company
            .execute_raw("DELETE FROM accounts WHERE code = '5720001'"),
        "has postings",
    );
    let raw = raw_open(&f.path); // foreign keys off here: the trigger alone
    raw_refused(
        raw.execute("DELETE FROM accounts WHERE code = '700'", []),
        "the account has postings and cannot be deleted",
    );
    assert!(f.company.account(&code("5720001")).unwrap().has_postings);
    assert!(f.company.account(&code("700")).is_ok());
    // An account without postings can go, and its subaccounts move up.
    f.company.delete_account(&code("4751"), now()).unwrap();
    assert_eq!(
        f.company.account(&code("4751001")).unwrap().parent,
        Some(code("475"))
    );
}

#[test]
fn a_posted_account_keeps_its_code() {
    let (f, _) = with_one_entry();
    refused(
        f.company
            .execute_raw("UPDATE accounts SET code = '5720009' WHERE code = '5720001'"),
        "its code cannot change",
    );
    // An account without postings may be recoded.
    f.company
        .execute_raw("UPDATE accounts SET code = '5720009' WHERE code = '5700001'")
        .unwrap();
}

#[test]
fn no_subaccount_under_an_account_with_postings() {
    let (mut f, _) = with_one_entry();
    let new = NewAccount {
        code: code("57200011"),
        name: "Subcuenta del banco".into(),
        kind: AccountKind::Asset,
    };
    match f.company.add_account(&new, now()) {
        Err(StoreError::Invalid(p)) => {
            assert_eq!(p[0].code, ProblemCode::InvalidCode);
            assert_eq!(p[0].field.as_deref(), Some("code"));
        }
        other => panic!("expected a problem, got {other:?}"),
    }
    assert!(f.company.account(&code("57200011")).is_err());
    assert!(f.company.account(&code("5720001")).unwrap().postable());
    let raw = raw_open(&f.path);
    let parent = account_id(&raw, "5720001");
    raw_refused(
        raw.execute(
            "INSERT INTO accounts (code, name, kind, parent_id) VALUES ('57200012', 'x', 'asset', ?1)",
            [parent],
        ),
        "a subaccount cannot be added under it",
    );
    // Under an account without postings it is fine.
    let ok = NewAccount {
        code: code("5720002"),
        name: "Banco Dos".into(),
        kind: AccountKind::Asset,
    };
    assert_eq!(
        f.company.add_account(&ok, now()).unwrap().parent,
        Some(code("572"))
    );
}

#[test]
fn verify_reports_postings_committed_without_their_entry() {
    // A connection with foreign keys off can commit postings whose entry row never arrives
    // (the deferred foreign key is what refuses that); verify() must catch it.
    let (f, _) = with_one_entry();
    let raw = raw_open(&f.path);
    let e = next_entry_id(&raw);
    raw_posting(&raw, e, 1, "5720001", 10_000).unwrap();
    let problems = f.company.verify().unwrap();
    assert!(
        problems.iter().any(|p| p.contains("break a foreign key")),
        "{problems:?}"
    );
}

#[test]
fn verify_reports_an_incomplete_entry_written_with_the_trigger_dropped() {
    // Only a writer that drops the schema's own trigger gets an incomplete entry in;
    // verify() must still report it.
    let (f, _) = with_one_entry();
    let raw = raw_open(&f.path);
    raw.execute_batch("DROP TRIGGER entries_complete").unwrap();
    let e = next_entry_id(&raw);
    raw_posting(&raw, e, 1, "5720001", 10_000).unwrap();
    raw_entry(&raw, e, 2, 2, 10_000).unwrap();
    let problems = f.company.verify().unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("incomplete or unbalanced")),
        "{problems:?}"
    );
}

#[test]
fn verify_reports_a_tampered_month_summary() {
    let (f, _) = with_one_entry();
    f.company
        .execute_raw("UPDATE account_month_totals SET debit_cents = debit_cents + 1")
        .unwrap();
    let problems = f.company.verify().unwrap();
    assert!(
        problems.iter().any(|p| p.contains("monthly totals differ")),
        "{problems:?}"
    );
}

/// An entry with only some of its lines can never commit: the entry row is refused while its
/// postings are incomplete, and postings without their entry row fail the deferred foreign key.
#[test]
fn an_incomplete_entry_cannot_commit() {
    let (f, _) = with_one_entry();
    let mut raw = raw_open(&f.path);
    let e = next_entry_id(&raw);
    // The entry row declares two lines; only one is there.
    {
        let tx = raw.transaction().unwrap();
        raw_posting(&tx, e, 1, "5720001", 10_000).unwrap();
        raw_refused(raw_entry(&tx, e, 2, 2, 10_000), INCOMPLETE);
    }
    // No postings at all.
    raw_refused(raw_entry(&raw, e, 2, 2, 10_000), INCOMPLETE);
    // Postings whose entry row never comes: refused at commit (foreign keys on, as the store
    // and any well-behaved writer has them).
    raw.pragma_update(None, "foreign_keys", "ON").unwrap();
    let tx = raw.transaction().unwrap();
    raw_posting(&tx, e, 1, "5720001", 10_000).unwrap();
    raw_posting(&tx, e, 2, "700", -10_000).unwrap();
    let err = tx
        .commit()
        .expect_err("postings without their entry committed");
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
    drop(raw);
    // One statement in autocommit through the store's own connection: the same.
    let account = account_id(&raw_open(&f.path), "5720001");
    refused(
        f.company.execute_raw(&format!(
            "INSERT INTO postings (entry_id, line_no, account_id, date, description, amount_cents)
             VALUES ({e}, 1, {account}, '2026-02-12', '', 10000)"
        )),
        "FOREIGN KEY",
    );
    assert_eq!(
        count(&raw_open(&f.path), "SELECT count(*) FROM postings"),
        3
    );
    assert!(f.company.verify().unwrap().is_empty());
}

/// Line numbers must be exactly 1..=line_count: lines 1 and 3 of a two-line entry are refused
/// even when they balance.
#[test]
fn line_numbers_past_line_count_are_refused() {
    let (f, _) = with_one_entry();
    let mut raw = raw_open(&f.path);
    let tx = raw.transaction().unwrap();
    let e = next_entry_id(&tx);
    raw_posting(&tx, e, 1, "5720001", 10_000).unwrap();
    raw_posting(&tx, e, 3, "700", -10_000).unwrap();
    raw_refused(raw_entry(&tx, e, 2, 2, 10_000), INCOMPLETE);
    drop(tx);
    assert!(f.company.verify().unwrap().is_empty());
}

/// Moving an existing account under an account with postings (UPDATE parent_id) would turn a
/// posted leaf into a group: refused like inserting a subaccount under it.
#[test]
fn reparenting_under_a_posted_account_is_refused() {
    let (f, _) = with_one_entry();
    let sql = "UPDATE accounts SET parent_id = (SELECT id FROM accounts WHERE code = '5720001')
               WHERE code = '5700001'";
    refused(
        f.company.execute_raw(sql),
        "a subaccount cannot be added under it",
    );
    let raw = raw_open(&f.path); // foreign keys off: the trigger alone
    raw_refused(
        raw.execute(sql, []),
        "a subaccount cannot be added under it",
    );
    assert!(f.company.account(&code("5720001")).unwrap().postable());
    // Re-parenting under an account without postings is still allowed.
    raw.execute(
        "UPDATE accounts SET parent_id = (SELECT id FROM accounts WHERE code = '570')
         WHERE code = '5700001'",
        [],
    )
    .unwrap();
}

#[test]
fn a_reopened_file_still_refuses() {
    let (f, id) = with_one_entry();
    drop(f.company);
    let company = Company::open(&f.path, now()).unwrap();
    refused(
        company.execute_raw(&format!("DELETE FROM entries WHERE id = {id}")),
        "posted entries are immutable",
    );
}

/// verify() notices a cash entry written behind the store's back, whose cash shares are
/// missing, and cash shares cannot be edited or removed.
#[test]
fn cash_shares_follow_their_entries_and_never_change() {
    let (f, _) = with_one_entry();
    let mut raw = raw_open(&f.path);
    raw.pragma_update(None, "foreign_keys", "ON").unwrap();
    assert!(raw
        .execute("UPDATE cash_shares SET cents = cents + 1", [])
        .is_err());
    assert!(raw.execute("DELETE FROM cash_shares", []).is_err());
    let tx = raw.transaction().unwrap();
    let e = next_entry_id(&tx);
    raw_posting(&tx, e, 1, "5720001", 10_000).unwrap();
    raw_posting(&tx, e, 2, "700", -10_000).unwrap();
    raw_entry(&tx, e, 2, 2, 10_000).unwrap();
    tx.commit().unwrap();
    let problems = f.company.verify().unwrap();
    assert_eq!(problems, ["1 entries' cash shares differ from their cash"]);
}
