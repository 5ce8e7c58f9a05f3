//! Fiscal years and their state, the lock date, the year-end close and its undo, and opening
//! balances. The period rules themselves are triggers (0002_bookkeeping.sql); `Poster`
//! checks them first so that a refusal names the date, year or lock date.

use crate::audit::{self, Change};
use crate::journal::{parse_date, Poster};
use crate::{Company, Result, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use trastienda_core::closing::{year_end_entries, YearEnd, YearEndBalance};
use trastienda_core::fiscal::fiscal_year_bounds;
use trastienda_core::{
    AccountCode, AccountKind, BalancedEntry, EntryKind, Language, Problem, ProblemCode,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FiscalYear {
    pub year: i32,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub closed: bool,
    pub closed_at: Option<String>,
    pub entries: u64,
}

/// What closing a year would post, for review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearEndPreview {
    pub year: i32,
    pub end: NaiveDate,
    pub next_start: NaiveDate,
    pub entries: YearEnd,
}

pub(crate) fn insert_year(conn: &Connection, year: i32, start_month: u32) -> Result<()> {
    let (start, end) = fiscal_year_bounds(year, start_month);
    conn.execute(
        "INSERT OR IGNORE INTO fiscal_years (year, start_date, end_date) VALUES (?1, ?2, ?3)",
        params![year, start.to_string(), end.to_string()],
    )?;
    Ok(())
}

fn problem(code: ProblemCode, field: &str, message: String) -> StoreError {
    StoreError::invalid(Problem::new(code, message).field(field))
}

fn read_year(conn: &Connection, year: i32) -> Result<Option<FiscalYear>> {
    Ok(conn
        .query_row(
            "SELECT year, start_date, end_date, state, closed_at,
                    (SELECT count(*) FROM entries WHERE fiscal_year = f.year)
             FROM fiscal_years f WHERE year = ?1",
            [year],
            year_row,
        )
        .optional()?)
}

fn year_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<FiscalYear> {
    Ok(FiscalYear {
        year: r.get(0)?,
        start: parse_date(&r.get::<_, String>(1)?, 1)?,
        end: parse_date(&r.get::<_, String>(2)?, 2)?,
        closed: r.get::<_, String>(3)? == "closed",
        closed_at: r.get(4)?,
        entries: r.get::<_, i64>(5)? as u64,
    })
}

fn lock_date_of(conn: &Connection) -> Result<Option<NaiveDate>> {
    let lock: Option<String> =
        conn.query_row("SELECT lock_date FROM company WHERE id = 1", [], |r| {
            r.get(0)
        })?;
    Ok(lock.map(|l| parse_date(&l, 0)).transpose()?)
}

/// Leaf balances (debit - credit) on or before `end`, with each account's kind.
fn balances_at(conn: &Connection, end: NaiveDate) -> Result<Vec<YearEndBalance>> {
    let mut stmt = conn.prepare(
        "SELECT a.code, a.kind, sum(p.amount_cents) FROM postings p INDEXED BY postings_register
         JOIN accounts a ON a.id = p.account_id
         WHERE p.date <= ?1 GROUP BY a.id HAVING sum(p.amount_cents) <> 0",
    )?;
    let rows = stmt.query_map([end.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (code, kind, cents) = row?;
        let Ok(code) = AccountCode::parse(&code) else {
            continue;
        };
        out.push(YearEndBalance {
            kind: AccountKind::parse(&kind).unwrap_or_else(|| AccountKind::from_pgc_code(&code)),
            code,
            balance: trastienda_core::Money::from_cents(cents),
        });
    }
    Ok(out)
}

impl Company {
    pub fn fiscal_years(&self) -> Result<Vec<FiscalYear>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT year, start_date, end_date, state, closed_at,
                    (SELECT count(*) FROM entries WHERE fiscal_year = f.year)
             FROM fiscal_years f ORDER BY year",
        )?;
        let rows = stmt
            .query_map([], year_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub fn fiscal_year(&self, year: i32) -> Result<FiscalYear> {
        read_year(&self.conn, year)?.ok_or_else(|| {
            problem(
                ProblemCode::NotFound,
                "year",
                format!("fiscal year {year} does not exist"),
            )
        })
    }

    /// Creates fiscal year `year`: the first one, or the one after (or before) those that
    /// exist, so the years stay contiguous.
    pub fn create_fiscal_year(&mut self, year: i32, now: DateTime<Utc>) -> Result<FiscalYear> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (lo, hi): (Option<i32>, Option<i32>) =
            tx.query_row("SELECT min(year), max(year) FROM fiscal_years", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        if let (Some(lo), Some(hi)) = (lo, hi) {
            if (lo..=hi).contains(&year) {
                return Err(problem(
                    ProblemCode::Duplicate,
                    "year",
                    format!("fiscal year {year} already exists"),
                ));
            }
            if year != hi + 1 && year != lo - 1 {
                return Err(problem(
                    ProblemCode::OutOfRange,
                    "year",
                    format!(
                        "fiscal years follow one another: the next one is {}, or {} before the first",
                        hi + 1,
                        lo - 1
                    ),
                ));
            }
        }
        let month: u32 = tx.query_row(
            "SELECT fiscal_year_start_month FROM company WHERE id = 1",
            [],
            |r| r.get(0),
        )?;
        insert_year(&tx, year, month)?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("fiscal_year:{year}"),
                action: "create",
                after: Some("open"),
                ..Change::default()
            },
        )?;
        tx.commit()?;
        self.fiscal_year(year)
    }

    pub fn lock_date(&self) -> Result<Option<NaiveDate>> {
        lock_date_of(&self.conn)
    }

    /// Sets (or with None clears) the lock date. Moving it back, or clearing it, reopens
    /// locked days and needs a reason; every change is in the audit log.
    pub fn set_lock_date(
        &mut self,
        until: Option<NaiveDate>,
        reason: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Option<NaiveDate>> {
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = lock_date_of(&tx)?;
        if before == until {
            return Ok(before);
        }
        let backwards = match (before, until) {
            (Some(b), Some(u)) => u < b,
            (Some(_), None) => true,
            (None, _) => false,
        };
        if backwards && reason.is_none() {
            return Err(StoreError::invalid(
                Problem::new(
                    ProblemCode::Required,
                    format!(
                        "moving the lock date back from {} reopens locked days; give a reason",
                        before.map(|d| d.to_string()).unwrap_or_default()
                    ),
                )
                .field("reason"),
            ));
        }
        tx.execute(
            "UPDATE company SET lock_date = ?1 WHERE id = 1",
            [until.map(|d| d.to_string())],
        )?;
        let (b, a) = (before.map(|d| d.to_string()), until.map(|d| d.to_string()));
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: "company.lock_date",
                action: if backwards { "unlock" } else { "lock" },
                before: b.as_deref(),
                after: a.as_deref(),
                reason,
            },
        )?;
        tx.commit()?;
        Ok(until)
    }

    fn check_closable(conn: &Connection, year: i32) -> Result<(FiscalYear, NaiveDate)> {
        let fy = read_year(conn, year)?.ok_or_else(|| {
            problem(
                ProblemCode::NotFound,
                "year",
                format!("fiscal year {year} does not exist"),
            )
        })?;
        let mut problems = Vec::new();
        if fy.closed {
            problems.push(
                Problem::new(
                    ProblemCode::YearClosed,
                    format!("fiscal year {year} is already closed"),
                )
                .field("year")
                .param("year", year),
            );
        }
        if let Some(prev) = read_year(conn, year - 1)? {
            if !prev.closed {
                problems.push(
                    Problem::new(
                        ProblemCode::Pending,
                        format!(
                            "fiscal year {} is still open; close it before {year}",
                            year - 1
                        ),
                    )
                    .field("year")
                    .param("year", year - 1)
                    .param("what", "previous_year_open"),
                );
            }
        }
        if let Some(next) = read_year(conn, year + 1)? {
            if next.closed {
                problems.push(
                    Problem::new(
                        ProblemCode::YearClosed,
                        format!("fiscal year {} is closed", year + 1),
                    )
                    .field("year")
                    .param("year", year + 1),
                );
            }
        }
        let drafts: Vec<(i64, String, String)> = conn
            .prepare("SELECT id, date, description FROM entry_drafts WHERE date BETWEEN ?1 AND ?2 ORDER BY date, id")?
            .query_map(params![fy.start.to_string(), fy.end.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, date, description) in &drafts {
            problems.push(
                Problem::new(
                    ProblemCode::Pending,
                    format!("draft entry {id} of {date} (\"{description}\") is not posted; post or delete it first"),
                )
                .field("drafts")
                .param("draft", id)
                .param("date", date)
                .param("what", "draft"),
            );
        }
        if let Some(lock) = lock_date_of(conn)? {
            if lock >= fy.end {
                problems.push(
                    Problem::new(
                        ProblemCode::Locked,
                        format!("the books are locked up to {lock}; the year-end entries of {} cannot be posted", fy.end),
                    )
                    .field("lock_date")
                    .param("lock_date", lock),
                );
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems));
        }
        let next_start = fy
            .end
            .succ_opt()
            .ok_or_else(|| problem(ProblemCode::OutOfRange, "year", "no next year".into()))?;
        Ok((fy, next_start))
    }

    fn check_result_account(conn: &Connection, result_account: &AccountCode) -> Result<()> {
        let leaf: Option<bool> = conn
            .query_row(
                "SELECT NOT EXISTS (SELECT 1 FROM accounts c WHERE c.parent_id = a.id) FROM accounts a WHERE code = ?1",
                [result_account.as_str()],
                |r| r.get(0),
            )
            .optional()?;
        match leaf {
            Some(true) => Ok(()),
            Some(false) => Err(StoreError::invalid(
                Problem::new(ProblemCode::NotPostable, format!("the result account {result_account} has subaccounts; the year's result needs one account to go to"))
                    .field("account").param("account", result_account),
            )),
            None => Err(StoreError::invalid(
                Problem::new(ProblemCode::UnknownAccount, format!("the result account {result_account} does not exist; add it to the chart"))
                    .field("account").param("account", result_account),
            )),
        }
    }

    /// The regularisation, closing and opening entries that closing `year` would post.
    pub fn year_end_preview(
        &self,
        year: i32,
        result_account: &AccountCode,
        lang: Language,
    ) -> Result<YearEndPreview> {
        let (fy, next_start) = Self::check_closable(&self.conn, year)?;
        Self::check_result_account(&self.conn, result_account)?;
        let balances = balances_at(&self.conn, fy.end)?;
        Ok(YearEndPreview {
            year,
            end: fy.end,
            next_start,
            entries: year_end_entries(&balances, result_account, year, fy.end, next_start, lang),
        })
    }

    /// Closes `year` in one transaction: posts its regularisation and closing entries and the
    /// next year's opening entry (creating that year when needed), and marks the year closed.
    /// Returns the ids of the entries posted.
    pub fn close_year(
        &mut self,
        year: i32,
        result_account: &AccountCode,
        lang: Language,
        now: DateTime<Utc>,
    ) -> Result<[Option<i64>; 3]> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (fy, next_start) = Self::check_closable(&tx, year)?;
        Self::check_result_account(&tx, result_account)?;
        let month: u32 = tx.query_row(
            "SELECT fiscal_year_start_month FROM company WHERE id = 1",
            [],
            |r| r.get(0),
        )?;
        insert_year(&tx, year + 1, month)?;
        let ye = year_end_entries(
            &balances_at(&tx, fy.end)?,
            result_account,
            year,
            fy.end,
            next_start,
            lang,
        );
        let mut ids = [None; 3];
        {
            let mut poster = Poster::new(&tx, now)?;
            for (slot, e) in [&ye.regularisation, &ye.closing, &ye.opening]
                .into_iter()
                .enumerate()
            {
                if let Some(e) = e {
                    ids[slot] = Some(poster.post(e, None)?.0);
                }
            }
        }
        tx.execute(
            "INSERT INTO year_closings (year, regularisation_id, closing_id, opening_id, closed_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![year, ids[0], ids[1], ids[2], now.to_rfc3339()],
        )?;
        tx.execute(
            "UPDATE fiscal_years SET state = 'closed', closed_at = ?2 WHERE year = ?1",
            params![year, now.to_rfc3339()],
        )?;
        let result = ye.result.to_string();
        let posted: Vec<String> = ids
            .iter()
            .flatten()
            .map(|id| format!("entry:{id}"))
            .collect();
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("fiscal_year:{year}"),
                action: "close",
                before: Some("open"),
                after: Some(&format!(
                    "closed; result {result}; posted {}",
                    posted.join(", ")
                )),
                reason: None,
            },
        )?;
        tx.commit()?;
        Ok(ids)
    }

    /// Undoes the close of `year`: reopens it and reverses its year-end entries and the next
    /// year's opening entry (never deleting them), in one transaction.
    pub fn reopen_year(
        &mut self,
        year: i32,
        reason: Option<&str>,
        lang: Language,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let fy = read_year(&tx, year)?.ok_or_else(|| {
            problem(
                ProblemCode::NotFound,
                "year",
                format!("fiscal year {year} does not exist"),
            )
        })?;
        let mut problems = Vec::new();
        if !fy.closed {
            problems.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    format!("fiscal year {year} is not closed"),
                )
                .field("year"),
            );
        }
        if read_year(&tx, year + 1)?.is_some_and(|n| n.closed) {
            problems.push(
                Problem::new(
                    ProblemCode::Pending,
                    format!(
                        "fiscal year {} is closed; reopen it before {year}",
                        year + 1
                    ),
                )
                .field("year")
                .param("year", year + 1)
                .param("what", "next_year_closed"),
            );
        }
        if let Some(lock) = lock_date_of(&tx)? {
            if lock >= fy.end {
                problems.push(
                    Problem::new(ProblemCode::Locked, format!("the books are locked up to {lock}; move the lock date before {} to reopen {year}", fy.end))
                        .field("lock_date").param("lock_date", lock),
                );
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems));
        }
        let closing: Option<(i64, [Option<i64>; 3])> = tx
            .query_row(
                "SELECT id, regularisation_id, closing_id, opening_id FROM year_closings
                 WHERE year = ?1 AND undone_at IS NULL",
                [year],
                |r| Ok((r.get(0)?, [r.get(1)?, r.get(2)?, r.get(3)?])),
            )
            .optional()?;
        tx.execute(
            "UPDATE fiscal_years SET state = 'open', closed_at = NULL WHERE year = ?1",
            [year],
        )?;
        if let Some((closing_id, ids)) = closing {
            let mut poster = Poster::new(&tx, now)?;
            // Newest first: the opening entry, then closing, then regularisation.
            for id in ids.iter().rev().flatten() {
                let original = crate::journal::read_entry(&tx, *id)?;
                let description = match lang {
                    Language::Es => format!(
                        "Anulación por reapertura del ejercicio {year}: {}",
                        original.summary.description
                    ),
                    Language::En => format!(
                        "Undone by reopening fiscal year {year}: {}",
                        original.summary.description
                    ),
                };
                let postings: Vec<_> = original
                    .lines
                    .iter()
                    .map(|l| trastienda_core::entry::Posting {
                        account: l.account.clone(),
                        description: l.description.clone(),
                        amount: l.amount,
                    })
                    .collect();
                let reversal =
                    BalancedEntry::reversal_of(&postings, original.summary.date, description);
                poster.post(&reversal, Some((*id, original.summary.date)))?;
            }
            tx.execute(
                "UPDATE year_closings SET undone_at = ?2 WHERE id = ?1",
                params![closing_id, now.to_rfc3339()],
            )?;
        }
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("fiscal_year:{year}"),
                action: "reopen",
                before: Some("closed"),
                after: Some("open"),
                reason: reason.map(str::trim).filter(|r| !r.is_empty()),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Posts opening balances (an `opening` entry) for a company that starts keeping its
    /// books in Trastienda mid-life. A year gets one standing opening entry.
    pub fn post_opening_balances(
        &mut self,
        entry: BalancedEntry,
        now: DateTime<Utc>,
    ) -> Result<crate::EntrySummary> {
        let entry = entry.with_kind(EntryKind::Opening);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let existing: Option<(i64, i32, i64)> = tx
            .query_row(
                "SELECT e.id, e.fiscal_year, e.number FROM entries e JOIN fiscal_years f ON f.year = e.fiscal_year
                 WHERE e.kind = 'opening' AND ?1 BETWEEN f.start_date AND f.end_date
                   AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.reverses_id = e.id)",
                [entry.date().to_string()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        if let Some((_, fy, number)) = existing {
            return Err(StoreError::invalid(
                Problem::new(
                    ProblemCode::Duplicate,
                    format!("fiscal year {fy} already has an opening entry (no. {number}); reverse it to enter the balances again"),
                )
                .field("date")
                .param("entry", number),
            ));
        }
        let (id, fy, number) = Poster::new(&tx, now)?.post(&entry, None)?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("entry:{id}"),
                action: "post",
                after: Some(&crate::journal::entry_text(&entry, fy, number)),
                ..Change::default()
            },
        )?;
        tx.commit()?;
        self.entry_summary(id)
    }
}
