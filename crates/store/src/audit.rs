//! The audit log: every change appended as one row that nothing updates or deletes (triggers
//! in 0002_bookkeeping.sql), each row chained to the previous one by SHA-256, so that an
//! edited, inserted or removed row is found by recomputing the chain.

use crate::{Company, Result};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

/// The chain's first `prev_hash`.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub id: i64,
    pub at: String,
    pub actor: String,
    /// What was changed, e.g. `company.lock_date`, `fiscal_year:2026`.
    pub record: String,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub reason: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// A change to record: what, how, the values either side and why.
#[derive(Debug, Clone, Default)]
pub struct Change<'a> {
    pub record: &'a str,
    pub action: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
    pub reason: Option<&'a str>,
}

/// SHA-256 over the previous hash and every field, each length-prefixed so no two different
/// rows can hash the same text.
fn hash(prev: &str, at: &str, actor: &str, c: &Change<'_>) -> String {
    let mut h = Sha256::new();
    let fields = [
        Some(prev),
        Some(at),
        Some(actor),
        Some(c.record),
        Some(c.action),
        c.before,
        c.after,
        c.reason,
    ];
    for f in fields {
        match f {
            None => h.update(b"-"),
            Some(s) => {
                h.update(format!("{}:", s.len()).as_bytes());
                h.update(s.as_bytes());
            }
        }
        h.update(b"|");
    }
    crate::migrate::hex(&h.finalize())
}

/// Appends `change` inside the caller's transaction.
pub(crate) fn append(
    conn: &Connection,
    now: DateTime<Utc>,
    actor: &str,
    change: &Change<'_>,
) -> Result<()> {
    let prev: String = conn
        .query_row(
            "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_else(|| GENESIS.to_string());
    let at = now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let h = hash(&prev, &at, actor, change);
    conn.execute(
        "INSERT INTO audit_log (at, actor, record, action, before, after, reason, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            at,
            actor,
            change.record,
            change.action,
            change.before,
            change.after,
            change.reason,
            prev,
            h
        ],
    )?;
    Ok(())
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditRecord> {
    Ok(AuditRecord {
        id: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        record: r.get(3)?,
        action: r.get(4)?,
        before: r.get(5)?,
        after: r.get(6)?,
        reason: r.get(7)?,
        prev_hash: r.get(8)?,
        hash: r.get(9)?,
    })
}

const COLUMNS: &str = "id, at, actor, record, action, before, after, reason, prev_hash, hash";

/// Which records of the log to show.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Records whose name starts with this (`account:`, `entry:12`, `company.lock_date`).
    pub record: Option<String>,
    pub action: Option<String>,
    /// Days (UTC) of the change, inclusive.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Text anywhere in the values, the reason or the actor.
    pub text: Option<String>,
}

impl Company {
    /// Audit records whose `record` starts with `prefix` (all with ""), newest first.
    pub fn audit_records(&self, prefix: &str, limit: u32) -> Result<Vec<AuditRecord>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM audit_log
             WHERE substr(record, 1, length(?1)) = ?1 ORDER BY id DESC LIMIT ?2"
        ))?;
        let rows = stmt
            .query_map(params![prefix, limit], row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// A page of the records that pass `f`, newest first, and how many pass in all.
    pub fn audit_query(
        &self,
        f: &AuditFilter,
        page: u32,
        page_size: u32,
    ) -> Result<(Vec<AuditRecord>, u64)> {
        let blank = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let (record, action, text) = (blank(&f.record), blank(&f.action), blank(&f.text));
        let from = f.from.map(|d| d.to_string());
        let to = f.to.map(|d| d.to_string());
        let filter = "(?1 IS NULL OR substr(record, 1, length(?1)) = ?1)
            AND (?2 IS NULL OR action = ?2)
            AND (?3 IS NULL OR substr(at, 1, 10) >= ?3) AND (?4 IS NULL OR substr(at, 1, 10) <= ?4)
            AND (?5 IS NULL OR instr(coalesce(before, '') || ' ' || coalesce(after, '') || ' '
                 || coalesce(reason, '') || ' ' || actor || ' ' || record, ?5) > 0)";
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM audit_log WHERE {filter}"),
            params![record, action, from, to, text],
            |r| r.get(0),
        )?;
        let size = page_size.clamp(1, 1000);
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM audit_log WHERE {filter} ORDER BY id DESC LIMIT ?6 OFFSET ?7"
        ))?;
        let rows = stmt
            .query_map(
                params![
                    record,
                    action,
                    from,
                    to,
                    text,
                    size,
                    i64::from(page) * i64::from(size)
                ],
                row,
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok((rows, total as u64))
    }

    /// Records that this file was restored from `backup` (the file it replaced kept at
    /// `aside`): the restored log continues from the backup's, so it says so itself.
    pub fn record_restore(
        &mut self,
        backup: &str,
        aside: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: "company",
                action: "restore",
                before: aside,
                after: Some(backup),
                reason: None,
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// How many records the log holds.
    pub fn audit_len(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM audit_log", [], |r| r.get::<_, i64>(0))?
            as u64)
    }

    /// Recomputes the chain; returns the id of the first record that does not follow from
    /// the one before it (edited, inserted or out of place), with why.
    pub fn verify_audit(&self) -> Result<Option<(i64, String)>> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM audit_log ORDER BY id"))?;
        let mut rows = stmt.query([])?;
        let mut prev = GENESIS.to_string();
        while let Some(r) = rows.next()? {
            let a = row(r)?;
            if a.prev_hash != prev {
                return Ok(Some((
                    a.id,
                    "its link to the previous record does not match (a record before it was \
                     removed or changed)"
                        .into(),
                )));
            }
            let change = Change {
                record: &a.record,
                action: &a.action,
                before: a.before.as_deref(),
                after: a.after.as_deref(),
                reason: a.reason.as_deref(),
            };
            if hash(&prev, &a.at, &a.actor, &change) != a.hash {
                return Ok(Some((
                    a.id,
                    "its contents do not match its hash (the record was changed)".into(),
                )));
            }
            prev = a.hash;
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_changes_the_hash() {
        let c = Change {
            record: "company.lock_date",
            action: "lock",
            before: None,
            after: Some("2026-03-31"),
            reason: None,
        };
        let base = hash(GENESIS, "t", "me", &c);
        assert_ne!(
            base,
            hash(
                GENESIS,
                "t",
                "me",
                &Change {
                    reason: Some(""),
                    ..c.clone()
                }
            )
        );
        assert_ne!(base, hash(GENESIS, "t", "you", &c));
        assert_ne!(base, hash("1", "t", "me", &c));
        assert_ne!(
            base,
            hash(
                GENESIS,
                "t",
                "me",
                &Change {
                    after: Some("2026-03-30"),
                    ..c.clone()
                }
            )
        );
        // Length prefixes: moving text between fields changes the hash.
        assert_ne!(hash(GENESIS, "ab", "c", &c), hash(GENESIS, "a", "bc", &c));
    }
}
