//! Migrations: a new file gets every shipped migration, reopening applies nothing, a file whose
//! recorded hash differs from the shipped text is refused, and the shipped texts are pinned so
//! editing one fails this suite.

mod common;

use common::*;
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use trastienda_store::{Company, StoreError, MIGRATIONS};

/// The SHA-256 of every shipped migration. A shipped migration is never edited: add a new one.
const PINNED: &[(u32, &str)] = &[
    (
        1,
        "b5156bc5eadd8bbd56a38fa369f18a88f16f4a5f2c645d06bf69f616d25b2843",
    ),
    (
        2,
        "1756e452b22f4630b5e1b3f01c68bb08a56e48eb1812d20762321ae2e6753354",
    ),
    (
        3,
        "056b0f0d570ba6bdc49c9934468ec8ec75c779d97a72e007f30ccc59b6ec63ca",
    ),
    (
        4,
        "2d6afbe192d82666d9166d476803fe5602d767fdc21aba6f6d60cc0aad281747",
    ),
    (
        5,
        "ae417e3caa216e229599aa6d70eb96cda6e6b0589a83d001f822baa1311c7cce",
    ),
    (
        6,
        "7f530d23030fc45b92c2bc9fbc537f9de8f761fc1a2ba56038cc8e44d8e4ad18",
    ),
    (
        7,
        "b5ecb534e108af496f12f566d97533824c5d37bb98357d2104fb51368eaac092",
    ),
    (
        8,
        "530eb9b1ed227551cd1720e609c8501fe386559751d1fe735951175a54f26450",
    ),
    (
        9,
        "a8d65af6ad93315c76bfd7c55ac9bbb456857a01f7f63faf3750ac6303dcc6e5",
    ),
];

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn recorded(path: &std::path::Path) -> Vec<(u32, String, String, String)> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT version, name, sha256, applied_at FROM schema_migrations ORDER BY version")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn shipped_migrations_are_pinned() {
    assert_eq!(
        MIGRATIONS.len(),
        PINNED.len(),
        "a migration was added or removed: pin its hash in PINNED"
    );
    for ((version, name, sql), (pv, hash)) in MIGRATIONS.iter().zip(PINNED) {
        assert_eq!(version, pv, "migrations are numbered in order");
        let actual = sha256_hex(sql);
        assert_eq!(
            actual, *hash,
            "shipped migration {version} ({name}) was edited; its sha256 is now {actual}. \
             Company files already carry the old hash and would refuse to open: revert the edit \
             and put the change in a new migration"
        );
    }
}

#[test]
fn migrations_are_numbered_consecutively_from_one() {
    for (i, (version, name, _)) in MIGRATIONS.iter().enumerate() {
        assert_eq!(*version as usize, i + 1);
        assert!(name.starts_with(&format!("{version:04}_")), "{name}");
    }
}

#[test]
fn a_new_file_gets_every_migration() {
    let f = fresh();
    let rows = recorded(&f.path);
    assert_eq!(rows.len(), MIGRATIONS.len());
    for ((version, name, sql), (v, n, h, at)) in MIGRATIONS.iter().zip(&rows) {
        assert_eq!(version, v);
        assert_eq!(name, n);
        assert_eq!(&sha256_hex(sql), h);
        assert_eq!(at, &now().to_rfc3339());
    }
    // And the schema is really there.
    assert!(!f.company.accounts().unwrap().is_empty());
    assert_eq!(f.company.verify().unwrap(), Vec::<String>::new());
}

#[test]
fn reopening_applies_nothing_new() {
    let f = fresh();
    let before = recorded(&f.path);
    drop(f.company);
    let later = now() + chrono::Duration::days(30);
    let reopened = Company::open(&f.path, later).unwrap();
    drop(reopened);
    let after = recorded(&f.path);
    assert_eq!(
        before, after,
        "reopening must not re-apply or re-stamp migrations"
    );
}

#[test]
fn a_changed_migration_is_refused() {
    let f = fresh();
    drop(f.company);
    {
        let conn = Connection::open(&f.path).unwrap();
        let n = conn
            .execute(
                "UPDATE schema_migrations SET sha256 = ?1 WHERE version = 1",
                [sha256_hex("something else")],
            )
            .unwrap();
        assert_eq!(n, 1);
    }
    match Company::open(&f.path, now()) {
        Err(StoreError::MigrationChanged { version, name }) => {
            assert_eq!(version, 1);
            assert_eq!(name, "0001_ledger");
        }
        Err(e) => panic!("expected MigrationChanged, got {e:?}"),
        Ok(_) => panic!("a file with a changed migration was opened"),
    }
}

#[test]
fn a_file_from_a_newer_version_is_refused() {
    let f = fresh();
    drop(f.company);
    {
        let conn = Connection::open(&f.path).unwrap();
        conn.execute(
            "INSERT INTO schema_migrations (version, name, sha256, applied_at)
             VALUES (999, '0999_future', 'x', '2030-01-01T00:00:00+00:00')",
            [],
        )
        .unwrap();
    }
    match Company::open(&f.path, now()) {
        Err(StoreError::TooNew { found, known }) => {
            assert_eq!(found, 999);
            assert_eq!(known, MIGRATIONS.last().unwrap().0);
        }
        Err(e) => panic!("expected TooNew, got {e:?}"),
        Ok(_) => panic!("a file from a newer Trastienda was opened"),
    }
}

#[test]
fn a_plain_sqlite_file_is_not_a_company_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.sqlite");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);")
            .unwrap();
    }
    match Company::open(&path, now()) {
        Err(StoreError::NotACompanyFile(p)) => assert_eq!(p, path),
        Err(e) => panic!("expected NotACompanyFile, got {e:?}"),
        Ok(_) => panic!("a non-company SQLite file was opened"),
    }
    // And it was left alone: no migration table was added.
    let conn = Connection::open(&path).unwrap();
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'schema_migrations'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 0);
}

#[test]
fn a_file_that_is_not_sqlite_is_not_a_company_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(
        &path,
        "this is not a database, just some text that is long enough ".repeat(20),
    )
    .unwrap();
    assert!(matches!(
        Company::open(&path, now()),
        Err(StoreError::NotACompanyFile(_))
    ));
}

#[test]
fn a_missing_file_is_not_found_and_create_never_overwrites() {
    let f = fresh();
    assert!(matches!(
        Company::open(&f.dir.path().join("nope.trastienda"), now()),
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        Company::create(&f.path, &settings(1), &chart(), now()),
        Err(StoreError::AlreadyExists(_))
    ));
}

/// A company file written by the first release (schema 1 only) opens under schema 2: its
/// entries, numbers and reversal links are kept, each year with entries becomes an open
/// fiscal year, and the new rules (kinds, lock date) work on it.
#[test]
fn a_schema_1_file_is_upgraded_keeping_its_entries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.trastienda");
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", 0x5452_5354)
            .unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        let (_, name, sql) = MIGRATIONS[0];
        conn.execute_batch(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,
             sha256 TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT;",
        )
        .unwrap();
        conn.execute_batch(sql).unwrap();
        conn.execute(
            "INSERT INTO schema_migrations VALUES (1, ?1, ?2, '2025-01-01T00:00:00+00:00')",
            [name, &sha256_hex(sql)],
        )
        .unwrap();
        conn.execute_batch(
            "INSERT INTO company VALUES (1, 'Vieja SL', 'B12345674', 'ES', '', 1, 'EUR', 'es',
                                         'es-pymes', '2025-01-01T00:00:00+00:00');
             INSERT INTO accounts (id, code, name, kind) VALUES
                (1, '5720001', 'Banco', 'asset'), (2, '700', 'Ventas', 'income');
             BEGIN;
             INSERT INTO postings VALUES (1, 1, 1, '2025-05-02', '', 1000), (1, 2, 2, '2025-05-02', '', -1000);
             INSERT INTO entries VALUES (1, 2025, 1, '2025-05-02', 'Venta', 'normal', NULL, 2, 1000, 'x');
             INSERT INTO postings VALUES (2, 1, 1, '2026-01-10', '', -1000), (2, 2, 2, '2026-01-10', '', 1000);
             INSERT INTO entries VALUES (2, 2026, 1, '2026-01-10', 'Anulación', 'reversal', 1, 2, 1000, 'x');
             COMMIT;",
        )
        .unwrap();
    }
    let mut c = Company::open(&path, now()).unwrap();
    assert_eq!(recorded(&path).len(), MIGRATIONS.len());
    assert_eq!(c.verify().unwrap(), Vec::<String>::new());
    let years: Vec<(i32, bool)> = c
        .fiscal_years()
        .unwrap()
        .iter()
        .map(|y| (y.year, y.closed))
        .collect();
    assert_eq!(years, vec![(2025, false), (2026, false)]);
    let e = c.entry(2).unwrap();
    assert_eq!(e.summary.reverses, Some(1));
    assert_eq!(e.summary.number, 1);
    assert_eq!(c.entry(1).unwrap().summary.reversed_by, Some(2));
    // Cash shares were computed for the old entries: the sale brought 10.00 in 2025, its
    // reversal took it out in 2026.
    let flows = c
        .cash_flows(Some(d(2025, 1, 1)), Some(d(2025, 12, 31)))
        .unwrap();
    assert_eq!(flows.get("70").map(|m| m.to_string()), Some("10.00".into()));
    let flows = c
        .cash_flows(Some(d(2026, 1, 1)), Some(d(2026, 12, 31)))
        .unwrap();
    assert_eq!(
        flows.get("70").map(|m| m.to_string()),
        Some("-10.00".into())
    );
    // The immutability triggers came back with the rebuilt table.
    assert!(c
        .execute_raw("UPDATE entries SET description = 'x' WHERE id = 1")
        .is_err());
    assert!(c
        .execute_raw("DELETE FROM postings WHERE entry_id = 1")
        .is_err());
    // And the new rules apply.
    c.set_lock_date(Some(d(2025, 12, 31)), None, now()).unwrap();
    let err = c
        .post_entry(
            &entry(d(2025, 6, 1), "tarde", &[("5720001", 5), ("700", -5)]),
            now(),
        )
        .unwrap_err();
    assert!(err.to_string().contains("locked up to 2025-12-31"), "{err}");
    c.post_entry(
        &entry(d(2026, 6, 1), "ok", &[("5720001", 5), ("700", -5)]),
        now(),
    )
    .unwrap();
}
