//! Append-only migrations. Each shipped migration is recorded with its SHA-256; opening a file
//! whose recorded hash differs from the shipped text is refused, so a changed migration is an
//! error, not a silent divergence. New schema goes in a new file at the end of `MIGRATIONS`.

use crate::{Result, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};
use sha2::{Digest, Sha256};

/// (version, name, sql) in order; never edit or reorder a shipped one.
pub const MIGRATIONS: &[(u32, &str, &str)] = &[
    (
        1,
        "0001_ledger",
        include_str!("../migrations/0001_ledger.sql"),
    ),
    (
        2,
        "0002_bookkeeping",
        include_str!("../migrations/0002_bookkeeping.sql"),
    ),
    (
        3,
        "0003_sales",
        include_str!("../migrations/0003_sales.sql"),
    ),
    (
        4,
        "0004_suppliers",
        include_str!("../migrations/0004_suppliers.sql"),
    ),
    (
        5,
        "0005_purchases",
        include_str!("../migrations/0005_purchases.sql"),
    ),
    (
        6,
        "0006_payroll",
        include_str!("../migrations/0006_payroll.sql"),
    ),
    (
        7,
        "0007_banking",
        include_str!("../migrations/0007_banking.sql"),
    ),
    (
        8,
        "0008_documents",
        include_str!("../migrations/0008_documents.sql"),
    ),
    (
        9,
        "0009_correspondence",
        include_str!("../migrations/0009_correspondence.sql"),
    ),
];

pub fn sha256_hex(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

/// Bytes as lower-case hexadecimal (how the store writes every SHA-256).
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The versions of the shipped migrations the company file at `path` has not applied yet,
/// read without changing it (so a caller can back the file up before opening it).
pub fn pending_migrations(
    path: &std::path::Path,
    password: Option<&crate::Password>,
) -> Result<Vec<u32>> {
    let conn = crate::crypt::connect(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        password,
    )?;
    let has_table: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
        [],
        |r| r.get(0),
    )?;
    let applied: Vec<u32> = if has_table {
        conn.prepare("SELECT version FROM schema_migrations")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    } else {
        Vec::new()
    };
    Ok(MIGRATIONS
        .iter()
        .map(|m| m.0)
        .filter(|v| !applied.contains(v))
        .collect())
}

pub fn migrate(conn: &mut Connection, now: DateTime<Utc>) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER PRIMARY KEY,
            name       TEXT NOT NULL,
            sha256     TEXT NOT NULL,
            applied_at TEXT NOT NULL
        ) STRICT;",
    )?;
    let applied: Vec<(u32, String)> = conn
        .prepare("SELECT version, sha256 FROM schema_migrations ORDER BY version")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let known = MIGRATIONS.last().map(|m| m.0).unwrap_or(0);
    if let Some((v, _)) = applied.iter().find(|(v, _)| *v > known) {
        return Err(StoreError::TooNew { found: *v, known });
    }
    let pending = MIGRATIONS
        .iter()
        .any(|(v, ..)| !applied.iter().any(|(a, _)| a == v));
    if !pending {
        return apply(conn, &applied, now);
    }
    // A migration may rebuild a table (SQLite's way to change a constraint); foreign keys
    // are off meanwhile (the pragma cannot change inside a transaction) and every
    // migration's transaction checks them before it commits.
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let result = apply(conn, &applied, now);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    result
}

fn apply(conn: &mut Connection, applied: &[(u32, String)], now: DateTime<Utc>) -> Result<()> {
    for (version, name, sql) in MIGRATIONS {
        let hash = sha256_hex(sql);
        match applied.iter().find(|(v, _)| v == version) {
            Some((_, recorded)) if *recorded != hash => {
                return Err(StoreError::MigrationChanged {
                    version: *version,
                    name: name.to_string(),
                })
            }
            Some(_) => {}
            None => {
                let tx = conn.transaction()?;
                tx.execute_batch(sql)?;
                // Data a migration's new tables need that SQL alone cannot compute.
                if *version == 2 {
                    crate::cash::backfill(&tx)?;
                }
                let broken: i64 =
                    tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                        r.get(0)
                    })?;
                if broken > 0 {
                    return Err(StoreError::MigrationFailed(format!(
                        "migration {name} would leave {broken} rows breaking a foreign key"
                    )));
                }
                tx.execute(
                    "INSERT INTO schema_migrations (version, name, sha256, applied_at)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![version, name, hash, now.to_rfc3339()],
                )?;
                tx.commit()?;
            }
        }
    }
    Ok(())
}
