//! The chart of accounts. An account's parent is the longest existing code that is a proper
//! prefix of its own; postings go only to leaves (accounts without subaccounts).

use crate::audit::{self, Change};
use crate::{Company, Result, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use trastienda_core::chart::TemplateAccount;
use trastienda_core::{AccountCode, AccountKind, Problem, ProblemCode};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub code: AccountCode,
    pub name: String,
    pub kind: AccountKind,
    pub parent: Option<AccountCode>,
    pub active: bool,
    pub has_children: bool,
    pub has_postings: bool,
}

impl Account {
    /// Postings may go to an active account without subaccounts.
    pub fn postable(&self) -> bool {
        self.active && !self.has_children
    }
}

#[derive(Debug, Clone)]
pub struct NewAccount {
    pub code: AccountCode,
    pub name: String,
    pub kind: AccountKind,
}

pub(crate) fn insert_chart(conn: &Connection, chart: &[TemplateAccount]) -> Result<()> {
    let mut sorted: Vec<&TemplateAccount> = chart.iter().collect();
    sorted.sort_by(|a, b| a.code.cmp(&b.code));
    for a in sorted {
        insert_account(conn, &a.code, &a.name, a.kind)?;
    }
    Ok(())
}

/// Inserts an account under the longest existing prefix, and moves under it any existing
/// accounts that its code now prefixes more closely.
pub(crate) fn insert_account(
    conn: &Connection,
    code: &AccountCode,
    name: &str,
    kind: AccountKind,
) -> Result<i64> {
    let parent = parent_of(conn, code)?;
    conn.execute(
        "INSERT INTO accounts (code, name, kind, parent_id) VALUES (?1, ?2, ?3, ?4)",
        params![
            code.as_str(),
            name.trim(),
            kind.as_str(),
            parent.as_ref().map(|p| p.0)
        ],
    )
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
        {
            StoreError::invalid(
                Problem::new(
                    ProblemCode::Duplicate,
                    format!("account {code} already exists"),
                )
                .field("code")
                .param("code", code),
            )
        }
        other => other.into(),
    })?;
    let id = conn.last_insert_rowid();
    // `IS`, not `=`: a new top-level account adopts top-level accounts too (parent NULL).
    conn.execute(
        "UPDATE accounts SET parent_id = ?1
         WHERE parent_id IS ?2 AND id <> ?1 AND substr(code, 1, length(?3)) = ?3",
        params![id, parent.as_ref().map(|p| p.0), code.as_str()],
    )?;
    Ok(id)
}

fn parent_of(conn: &Connection, code: &AccountCode) -> Result<Option<(i64, String)>> {
    Ok(conn
        .query_row(
            "SELECT id, code FROM accounts
             WHERE length(code) < length(?1) AND substr(?1, 1, length(code)) = code
             ORDER BY length(code) DESC LIMIT 1",
            [code.as_str()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

const ACCOUNT_COLUMNS: &str = "a.id, a.code, a.name, a.kind, p.code, a.active,
    EXISTS (SELECT 1 FROM accounts c WHERE c.parent_id = a.id),
    EXISTS (SELECT 1 FROM account_month_totals t WHERE t.account_id = a.id)";

fn row_to_account(r: &rusqlite::Row<'_>) -> rusqlite::Result<Account> {
    let code: String = r.get(1)?;
    let kind: String = r.get(3)?;
    let parent: Option<String> = r.get(4)?;
    Ok(Account {
        id: r.get(0)?,
        code: AccountCode::parse(&code).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, e.into())
        })?,
        name: r.get(2)?,
        kind: AccountKind::parse(&kind).unwrap_or(AccountKind::Asset),
        parent: parent.and_then(|p| AccountCode::parse(&p).ok()),
        active: r.get(5)?,
        has_children: r.get(6)?,
        has_postings: r.get(7)?,
    })
}

impl Company {
    /// Every account, ordered by code.
    pub fn accounts(&self) -> Result<Vec<Account>> {
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts a LEFT JOIN accounts p ON p.id = a.parent_id
             ORDER BY a.code"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], row_to_account)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn account(&self, code: &AccountCode) -> Result<Account> {
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts a LEFT JOIN accounts p ON p.id = a.parent_id
             WHERE a.code = ?1"
        );
        self.conn
            .query_row(&sql, [code.as_str()], row_to_account)
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("account {code}")))
    }

    /// Postable accounts whose code starts with `query` or whose name contains it.
    pub fn search_accounts(&self, query: &str, limit: u32) -> Result<Vec<Account>> {
        let q = query.trim();
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts a LEFT JOIN accounts p ON p.id = a.parent_id
             WHERE a.active = 1
               AND NOT EXISTS (SELECT 1 FROM accounts c WHERE c.parent_id = a.id)
               AND (a.code LIKE ?1 || '%' OR a.name LIKE '%' || ?1 || '%')
             ORDER BY (a.code LIKE ?1 || '%') DESC, a.code LIMIT ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![q, limit], row_to_account)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds an account (usually a subaccount); its parent is the longest existing prefix.
    pub fn add_account(&mut self, new: &NewAccount, now: DateTime<Utc>) -> Result<Account> {
        if new.name.trim().is_empty() {
            return Err(StoreError::invalid(
                Problem::new(ProblemCode::Required, "the account needs a name").field("name"),
            ));
        }
        let tx = self.conn.transaction()?;
        insert_account(&tx, &new.code, &new.name, new.kind).map_err(|e| match e {
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(_, Some(msg)))
                if msg.contains("parent account has postings") =>
            {
                StoreError::invalid(
                    Problem::new(
                        ProblemCode::InvalidCode,
                        format!(
                            "the account above {} has postings; a subaccount cannot be added under it",
                            new.code
                        ),
                    )
                    .field("code")
                    .param("code", &new.code),
                )
            }
            other => other,
        })?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("account:{}", new.code),
                action: "add",
                after: Some(&format!("{} ({})", new.name.trim(), new.kind.as_str())),
                ..Change::default()
            },
        )?;
        tx.commit()?;
        self.account(&new.code)
    }

    pub fn rename_account(
        &mut self,
        code: &AccountCode,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<Account> {
        if name.trim().is_empty() {
            return Err(StoreError::invalid(
                Problem::new(ProblemCode::Required, "the account needs a name").field("name"),
            ));
        }
        let before = self.account(code)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE accounts SET name = ?1 WHERE code = ?2",
            params![name.trim(), code.as_str()],
        )?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("account:{code}"),
                action: "rename",
                before: Some(&before.name),
                after: Some(name.trim()),
                reason: None,
            },
        )?;
        tx.commit()?;
        self.account(code)
    }

    pub fn set_account_active(
        &mut self,
        code: &AccountCode,
        active: bool,
        now: DateTime<Utc>,
    ) -> Result<Account> {
        let before = self.account(code)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE accounts SET active = ?1 WHERE code = ?2",
            params![active, code.as_str()],
        )?;
        let word = |a: bool| if a { "active" } else { "inactive" };
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("account:{code}"),
                action: if active { "activate" } else { "deactivate" },
                before: Some(word(before.active)),
                after: Some(word(active)),
                reason: None,
            },
        )?;
        tx.commit()?;
        self.account(code)
    }

    /// Deletes an account without postings (its subaccounts move up to its parent).
    pub fn delete_account(&mut self, code: &AccountCode, now: DateTime<Utc>) -> Result<()> {
        let account = self.account(code)?;
        if account.has_postings {
            return Err(StoreError::AccountHasPostings(code.to_string()));
        }
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE accounts SET parent_id = (SELECT parent_id FROM accounts WHERE id = ?1)
             WHERE parent_id = ?1",
            [account.id],
        )?;
        tx.execute("DELETE FROM accounts WHERE id = ?1", [account.id])
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(_, Some(ref m)) if m.contains("has postings") => {
                    StoreError::AccountHasPostings(code.to_string())
                }
                other => other.into(),
            })?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("account:{code}"),
                action: "delete",
                before: Some(&format!("{} ({})", account.name, account.kind.as_str())),
                ..Change::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }
}
