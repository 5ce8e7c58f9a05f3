//! Posting, reading and reversing journal entries. An entry and all its postings are written
//! in one transaction; the triggers in 0001_ledger.sql refuse anything unbalanced or edited.

use crate::audit::{self, Change};
use crate::{Company, Result, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use std::collections::HashMap;
use trastienda_core::entry::Posting;
use trastienda_core::fiscal::fiscal_year_of;
use trastienda_core::{
    AccountCode, AccountKind, BalancedEntry, EntryKind, Money, Problem, ProblemCode,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntrySummary {
    pub id: i64,
    pub fiscal_year: i32,
    pub number: i64,
    pub date: NaiveDate,
    pub description: String,
    pub reference: Option<String>,
    pub total: Money,
    pub kind: EntryKind,
    pub reverses: Option<i64>,
    pub reversed_by: Option<i64>,
    pub line_count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostedLine {
    pub account: AccountCode,
    pub account_name: String,
    pub description: String,
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostedEntry {
    pub summary: EntrySummary,
    pub lines: Vec<PostedLine>,
}

#[derive(Debug, Clone, Default)]
pub struct EntryFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Matches the description or the reference (substring), or the entry number.
    pub query: Option<String>,
    /// Entries with a line on this account or one of its subaccounts.
    pub account: Option<AccountCode>,
    /// Bounds on the entry's total (its debits), inclusive.
    pub min_total: Option<Money>,
    pub max_total: Option<Money>,
    pub kind: Option<EntryKind>,
    pub order: EntryOrder,
}

/// How a list of entries is sorted; newest first unless asked otherwise.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EntryOrder {
    #[default]
    DateDesc,
    DateAsc,
    NumberDesc,
    NumberAsc,
}

impl EntryOrder {
    fn sql(self) -> &'static str {
        match self {
            EntryOrder::DateDesc => "e.date DESC, e.id DESC",
            EntryOrder::DateAsc => "e.date, e.id",
            EntryOrder::NumberDesc => "e.fiscal_year DESC, e.number DESC",
            EntryOrder::NumberAsc => "e.fiscal_year, e.number",
        }
    }
}

struct AccountRef {
    id: i64,
    active: bool,
    leaf: bool,
}

/// Writes entries inside one transaction, caching account lookups and the next number of
/// each fiscal year so a bulk import stays fast.
pub(crate) struct Poster<'t> {
    tx: &'t Transaction<'t>,
    fy_start_month: u32,
    now: String,
    accounts: HashMap<String, AccountRef>,
    next_number: HashMap<i32, i64>,
    next_id: Option<i64>,
    lock_date: Option<NaiveDate>,
    /// Fiscal year -> closed, for the years seen so far.
    years: HashMap<i32, bool>,
    /// A bulk import creates the (open) fiscal years its entries need.
    create_years: bool,
}

impl<'t> Poster<'t> {
    pub(crate) fn new(tx: &'t Transaction<'t>, now: DateTime<Utc>) -> Result<Poster<'t>> {
        let (fy_start_month, lock): (u32, Option<String>) = tx.query_row(
            "SELECT fiscal_year_start_month, lock_date FROM company WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let lock_date = lock.map(|l| parse_date(&l, 1)).transpose()?;
        Ok(Poster {
            lock_date,
            years: HashMap::new(),
            create_years: false,
            tx,
            fy_start_month,
            now: now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            accounts: HashMap::new(),
            next_number: HashMap::new(),
            next_id: None,
        })
    }

    /// Lets this poster create the fiscal years its entries fall in (an import).
    pub(crate) fn creating_years(mut self) -> Poster<'t> {
        self.create_years = true;
        self
    }

    /// Whether fiscal year `fy` exists and is closed; creates it (open) when allowed.
    fn year_state(&mut self, fy: i32) -> Result<Option<bool>> {
        if let Some(closed) = self.years.get(&fy) {
            return Ok(Some(*closed));
        }
        let found: Option<String> = self
            .tx
            .prepare_cached("SELECT state FROM fiscal_years WHERE year = ?1")?
            .query_row([fy], |r| r.get(0))
            .optional()?;
        let closed = match found {
            Some(state) => state == "closed",
            None if self.create_years => {
                crate::periods::insert_year(self.tx, fy, self.fy_start_month)?;
                false
            }
            None => return Ok(None),
        };
        self.years.insert(fy, closed);
        Ok(Some(closed))
    }

    /// The problems of the period rules: a created, open fiscal year, after the lock date
    /// (and, for a reversal, an original after the lock date too).
    pub(crate) fn check_period(
        &mut self,
        date: NaiveDate,
        reverses: Option<(i64, NaiveDate)>,
    ) -> Result<Vec<Problem>> {
        let mut problems = Vec::new();
        let fy = fiscal_year_of(date, self.fy_start_month);
        match self.year_state(fy)? {
            None => problems.push(
                Problem::new(
                    ProblemCode::NoFiscalYear,
                    format!(
                        "{date} falls in fiscal year {fy}, which has not been created; \
                         create it under Fiscal years first"
                    ),
                )
                .field("date")
                .param("date", date)
                .param("year", fy),
            ),
            Some(true) => problems.push(
                Problem::new(
                    ProblemCode::YearClosed,
                    format!("fiscal year {fy} is closed; {date} cannot be posted to"),
                )
                .field("date")
                .param("date", date)
                .param("year", fy),
            ),
            Some(false) => {}
        }
        if let Some(lock) = self.lock_date {
            if date <= lock {
                problems.push(
                    Problem::new(
                        ProblemCode::Locked,
                        format!("the books are locked up to {lock}; {date} is on or before it"),
                    )
                    .field("date")
                    .param("date", date)
                    .param("lock_date", lock),
                );
            } else if let Some((id, original)) = reverses.filter(|(_, d)| *d <= lock) {
                problems.push(
                    Problem::new(
                        ProblemCode::Locked,
                        format!(
                            "entry {id} is dated {original}, on or before the lock date {lock}; \
                             it cannot be reversed"
                        ),
                    )
                    .field("date")
                    .param("date", original)
                    .param("lock_date", lock),
                );
            }
        }
        Ok(problems)
    }

    fn account(&mut self, code: &AccountCode) -> Result<Option<&AccountRef>> {
        if !self.accounts.contains_key(code.as_str()) {
            let found = lookup_account(self.tx, code)?;
            match found {
                Some(a) => {
                    self.accounts.insert(code.as_str().to_string(), a);
                }
                None => return Ok(None),
            }
        }
        Ok(self.accounts.get(code.as_str()))
    }

    /// Creates a leaf account for an unknown code, its kind taken from its PGC group. A code
    /// whose parent already has postings cannot become its subaccount: that is a problem
    /// (`InvalidCode`, field "account"), not a raw SQLite error.
    pub(crate) fn create_account(&mut self, code: &AccountCode) -> Result<()> {
        if self.account(code)?.is_none() {
            crate::accounts::insert_account(
                self.tx,
                code,
                code.as_str(),
                AccountKind::from_pgc_code(code),
            )
            .map_err(|e| match e {
                StoreError::Sqlite(rusqlite::Error::SqliteFailure(_, Some(ref msg)))
                    if msg.contains("parent account has postings") =>
                {
                    StoreError::invalid(
                        Problem::new(
                            ProblemCode::InvalidCode,
                            format!(
                                "account {code} cannot be created: the account above it has \
                                 postings, so it cannot get a subaccount"
                            ),
                        )
                        .field("account")
                        .param("account", code),
                    )
                }
                other => other,
            })?;
            // The parent may have been a leaf until now.
            self.accounts.clear();
        }
        Ok(())
    }

    /// The problems that would stop `postings` from being posted, each with its line.
    pub(crate) fn check_accounts(
        &mut self,
        postings: &[Posting],
        reversal: bool,
    ) -> Result<Vec<Problem>> {
        let mut problems = Vec::new();
        for (i, p) in postings.iter().enumerate() {
            let row = i as u32 + 1;
            match self.account(&p.account)? {
                None => problems.push(
                    Problem::new(
                        ProblemCode::UnknownAccount,
                        format!("account {} does not exist", p.account),
                    )
                    .at_row(row)
                    .field("account")
                    .param("account", &p.account),
                ),
                Some(a) if !a.leaf => problems.push(
                    Problem::new(
                        ProblemCode::NotPostable,
                        format!("account {} has subaccounts; post to one of them", p.account),
                    )
                    .at_row(row)
                    .field("account")
                    .param("account", &p.account),
                ),
                Some(a) if !a.active && !reversal => problems.push(
                    Problem::new(
                        ProblemCode::InactiveAccount,
                        format!("account {} is deactivated", p.account),
                    )
                    .at_row(row)
                    .field("account")
                    .param("account", &p.account),
                ),
                Some(_) => {}
            }
        }
        Ok(problems)
    }

    pub(crate) fn post(
        &mut self,
        entry: &BalancedEntry,
        reverses: Option<(i64, NaiveDate)>,
    ) -> Result<(i64, i32, i64)> {
        let mut problems = self.check_period(entry.date(), reverses)?;
        problems.extend(self.check_accounts(entry.postings(), reverses.is_some())?);
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems));
        }
        let fy = fiscal_year_of(entry.date(), self.fy_start_month);
        let number = match self.next_number.get(&fy) {
            Some(n) => *n,
            None => self.tx.query_row(
                "SELECT coalesce(max(number), 0) + 1 FROM entries WHERE fiscal_year = ?1",
                [fy],
                |r| r.get(0),
            )?,
        };
        self.next_number.insert(fy, number + 1);
        let date = entry.date().format("%Y-%m-%d").to_string();
        // Postings first, the entry row last: its insert trigger checks the complete set.
        let entry_id: i64 = match self.next_id {
            Some(id) => id,
            None => self
                .tx
                .query_row("SELECT coalesce(max(id), 0) + 1 FROM entries", [], |r| {
                    r.get(0)
                })?,
        };
        self.next_id = Some(entry_id + 1);
        {
            let mut insert = self.tx.prepare_cached(
                "INSERT INTO postings (entry_id, line_no, account_id, date, description, amount_cents)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for (i, p) in entry.postings().iter().enumerate() {
                let account_id = self.accounts[p.account.as_str()].id;
                insert.execute(params![
                    entry_id,
                    i as i64 + 1,
                    account_id,
                    date,
                    p.description,
                    p.amount.cents()
                ])?;
            }
        }
        self.tx
            .prepare_cached(
                "INSERT INTO entries (id, fiscal_year, number, date, description, kind, reverses_id,
                                      line_count, total_cents, posted_at, reference)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                entry_id,
                fy,
                number,
                date,
                entry.description(),
                entry.kind().as_str(),
                reverses.map(|r| r.0),
                entry.postings().len() as i64,
                entry.total().cents(),
                self.now,
                entry.reference(),
            ])?;
        self.write_cash_shares(entry, entry_id, &date, reverses.map(|r| r.0))?;
        Ok((entry_id, fy, number))
    }

    /// Records how the entry's cash splits among its counterpart groups (see `cash`).
    fn write_cash_shares(
        &mut self,
        entry: &BalancedEntry,
        entry_id: i64,
        date: &str,
        reverses: Option<i64>,
    ) -> Result<()> {
        let postings: Vec<(&str, i64)> = entry
            .postings()
            .iter()
            .map(|p| (p.account.as_str(), p.amount.cents()))
            .collect();
        if !postings.iter().any(|(c, _)| crate::cash::is_cash(c)) {
            return Ok(());
        }
        // A reversal moves cash as its original did (none for opening or year-end entries).
        let kind = match reverses {
            None => entry.kind(),
            Some(id) => {
                let k: String = self
                    .tx
                    .prepare_cached("SELECT kind FROM entries WHERE id = ?1")?
                    .query_row([id], |r| r.get(0))?;
                EntryKind::parse(&k).unwrap_or(EntryKind::Normal)
            }
        };
        if !crate::cash::moves_cash(kind) {
            return Ok(());
        }
        crate::cash::insert(self.tx, entry_id, date, &crate::cash::shares(&postings))
    }
}

fn lookup_account(conn: &Connection, code: &AccountCode) -> Result<Option<AccountRef>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, active, NOT EXISTS (SELECT 1 FROM accounts c WHERE c.parent_id = a.id)
             FROM accounts a WHERE code = ?1",
        )?
        .query_row([code.as_str()], |r| {
            Ok(AccountRef {
                id: r.get(0)?,
                active: r.get(1)?,
                leaf: r.get(2)?,
            })
        })
        .optional()?)
}

const SUMMARY_COLUMNS: &str = "e.id, e.fiscal_year, e.number, e.date, e.description, e.total_cents,
    e.kind, e.reverses_id, (SELECT r.id FROM entries r WHERE r.reverses_id = e.id), e.line_count,
    e.reference";

fn row_to_summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<EntrySummary> {
    let date: String = r.get(3)?;
    let kind: String = r.get(6)?;
    Ok(EntrySummary {
        id: r.get(0)?,
        fiscal_year: r.get(1)?,
        number: r.get(2)?,
        date: parse_date(&date, 3)?,
        description: r.get(4)?,
        reference: r.get(10)?,
        total: Money::from_cents(r.get(5)?),
        kind: EntryKind::parse(&kind).unwrap_or(EntryKind::Normal),
        reverses: r.get(7)?,
        reversed_by: r.get(8)?,
        line_count: r.get(9)?,
    })
}

pub(crate) fn parse_date(s: &str, col: usize) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// An entry as the audit log records it: number/year, date, kind, total, reference, text.
pub(crate) fn entry_text(entry: &BalancedEntry, fy: i32, number: i64) -> String {
    format!(
        "{number}/{fy} {} {} total {}{}: {}",
        entry.date(),
        entry.kind().as_str(),
        entry.total(),
        entry
            .reference()
            .map(|r| format!(" ref {r}"))
            .unwrap_or_default(),
        entry.description()
    )
}

/// One audit record for a bulk import: how many entries and which ids.
fn audit_import(
    conn: &Connection,
    now: DateTime<Utc>,
    actor: &str,
    ids: &[i64],
    created_accounts: bool,
) -> Result<()> {
    let range: Vec<i64> = ids.first().into_iter().chain(ids.last()).copied().collect();
    audit_import_range(conn, now, actor, ids.len(), &range, created_accounts)
}

fn audit_import_range(
    conn: &Connection,
    now: DateTime<Utc>,
    actor: &str,
    n: usize,
    range: &[i64],
    created_accounts: bool,
) -> Result<()> {
    if n == 0 {
        return Ok(());
    }
    let ids = match range {
        [a, b, ..] => format!("entries {a}..{b}"),
        [a] => format!("entry {a}"),
        [] => String::new(),
    };
    audit::append(
        conn,
        now,
        actor,
        &Change {
            record: "journal",
            action: "import",
            after: Some(&format!(
                "{n} entries posted ({ids}){}",
                if created_accounts {
                    "; missing accounts created"
                } else {
                    ""
                }
            )),
            ..Change::default()
        },
    )
}

pub(crate) fn read_summary(conn: &Connection, id: i64) -> Result<EntrySummary> {
    let sql = format!("SELECT {SUMMARY_COLUMNS} FROM entries e WHERE e.id = ?1");
    conn.query_row(&sql, [id], row_to_summary)
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("entry {id}")))
}

pub(crate) fn read_entry(conn: &Connection, id: i64) -> Result<PostedEntry> {
    let summary = read_summary(conn, id)?;
    let mut stmt = conn.prepare_cached(
        "SELECT a.code, a.name, p.description, p.amount_cents
         FROM postings p JOIN accounts a ON a.id = p.account_id
         WHERE p.entry_id = ?1 ORDER BY p.line_no",
    )?;
    let lines = stmt
        .query_map([id], |r| {
            let code: String = r.get(0)?;
            Ok(PostedLine {
                account: AccountCode::parse(&code).map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        0,
                        rusqlite::types::Type::Text,
                        e.into(),
                    )
                })?,
                account_name: r.get(1)?,
                description: r.get(2)?,
                amount: Money::from_cents(r.get(3)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(PostedEntry { summary, lines })
}

/// Page cache for a bulk import, in KiB (SQLite's negative `cache_size`). The index inserts
/// of a long import (postings_register above all) touch pages all over the file; with
/// the everyday 16 MB cache they are evicted and re-read (and, in the open transaction,
/// spilled to the WAL) again and again. 128 MiB keeps the process under the 200 MiB target.
const BULK_CACHE_KIB: i64 = 128 * 1024;
/// Below this many entries `post_entries` keeps the everyday cache.
const BULK_ENTRIES: usize = 1_000;

impl Company {
    /// Runs `f` with the bulk-import page cache, then restores the previous size (which frees
    /// the extra pages), whatever `f` returned.
    fn with_bulk_cache<T>(&mut self, f: impl FnOnce(&mut Company) -> Result<T>) -> Result<T> {
        let before: i64 = self
            .conn
            .pragma_query_value(None, "cache_size", |r| r.get(0))?;
        self.conn
            .pragma_update(None, "cache_size", -BULK_CACHE_KIB)?;
        let result = f(self);
        let restored = self.conn.pragma_update(None, "cache_size", before);
        let value = result?;
        restored?;
        Ok(value)
    }

    /// Posts one entry: the entry and all its postings commit together or not at all.
    pub fn post_entry(
        &mut self,
        entry: &BalancedEntry,
        now: DateTime<Utc>,
    ) -> Result<EntrySummary> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (id, fy, number) = Poster::new(&tx, now)?.post(entry, None)?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("entry:{id}"),
                action: "post",
                after: Some(&entry_text(entry, fy, number)),
                ..Change::default()
            },
        )?;
        tx.commit()?;
        self.entry_summary(id)
    }

    /// Posts many entries in one transaction (an import). With `create_accounts`, unknown
    /// codes become new accounts first. Problems name the entry's index (0-based) in `row`
    /// and its line in `field` ("line N"); nothing is written unless every entry posts.
    pub fn post_entries(
        &mut self,
        entries: &[BalancedEntry],
        create_accounts: bool,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        if entries.len() < BULK_ENTRIES {
            return self.post_entries_(entries, create_accounts, now);
        }
        self.with_bulk_cache(|c| c.post_entries_(entries, create_accounts, now))
    }

    fn post_entries_(
        &mut self,
        entries: &[BalancedEntry],
        create_accounts: bool,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut poster = Poster::new(&tx, now)?.creating_years();
            let mut problems = Vec::new();
            if create_accounts {
                // Each code with the first entry and line that uses it, for the problem's
                // position when it cannot be created.
                let mut codes: Vec<(&AccountCode, u32, u32)> = entries
                    .iter()
                    .enumerate()
                    .flat_map(|(i, e)| {
                        e.postings()
                            .iter()
                            .enumerate()
                            .map(move |(l, p)| (&p.account, i as u32, l as u32 + 1))
                    })
                    .collect();
                codes.sort();
                codes.dedup_by(|a, b| a.0 == b.0);
                for (code, row, line) in codes {
                    match poster.create_account(code) {
                        Ok(()) => {}
                        Err(StoreError::Invalid(ps)) => {
                            problems.extend(ps.into_iter().map(|mut p| {
                                p.row = Some(row);
                                p.field = Some(format!("line {line}"));
                                p
                            }));
                        }
                        Err(other) => return Err(other),
                    }
                }
                if !problems.is_empty() {
                    return Err(StoreError::Invalid(problems));
                }
            }
            for (i, e) in entries.iter().enumerate() {
                let mut found = poster.check_period(e.date(), None)?;
                found.extend(poster.check_accounts(e.postings(), false)?);
                for mut p in found {
                    p.field = p.row.map(|r| format!("line {r}")).or(p.field);
                    p.row = Some(i as u32);
                    problems.push(p);
                }
            }
            if !problems.is_empty() {
                return Err(StoreError::Invalid(problems));
            }
            let mut ids = Vec::with_capacity(entries.len());
            for e in entries {
                ids.push(poster.post(e, None)?.0);
            }
            audit_import(&tx, now, &self.actor, &ids, create_accounts)?;
        }
        tx.commit()?;
        Ok(entries.len())
    }

    /// Posts a stream of entries in one transaction without holding them all in memory (a
    /// large import, the demo generator). `create_accounts` are created first when missing.
    /// The first entry that cannot post, or the first error the stream yields, rolls
    /// everything back; its problems carry the
    /// entry's index (0-based) in `row` and the line in `field`.
    pub fn post_stream<I>(
        &mut self,
        create_accounts: &[AccountCode],
        entries: I,
        now: DateTime<Utc>,
    ) -> Result<usize>
    where
        I: IntoIterator<Item = Result<BalancedEntry>>,
    {
        self.with_bulk_cache(|c| c.post_stream_(create_accounts, entries, now))
    }

    fn post_stream_<I>(
        &mut self,
        create_accounts: &[AccountCode],
        entries: I,
        now: DateTime<Utc>,
    ) -> Result<usize>
    where
        I: IntoIterator<Item = Result<BalancedEntry>>,
    {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut n = 0;
        {
            let mut poster = Poster::new(&tx, now)?.creating_years();
            for code in create_accounts {
                poster.create_account(code)?;
            }
            let (mut first, mut last) = (None, None);
            for (i, e) in entries.into_iter().enumerate() {
                let (id, ..) = poster.post(&e?, None).map_err(|err| match err {
                    StoreError::Invalid(problems) => StoreError::Invalid(
                        problems
                            .into_iter()
                            .map(|mut p| {
                                p.field = p.row.map(|r| format!("line {r}")).or(p.field);
                                p.row = Some(i as u32);
                                p
                            })
                            .collect(),
                    ),
                    other => other,
                })?;
                first.get_or_insert(id);
                last = Some(id);
                n += 1;
            }
            let ids: Vec<i64> = first.into_iter().chain(last).collect();
            let created = !create_accounts.is_empty();
            audit_import_range(&tx, now, &self.actor, n, &ids, created)?;
        }
        tx.commit()?;
        Ok(n)
    }

    /// Posts the reversal of entry `id` dated `date`. The original is never touched.
    pub fn reverse_entry(
        &mut self,
        id: i64,
        date: NaiveDate,
        description: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<EntrySummary> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let new_id = reverse_entry_in(&tx, &self.actor, id, date, description, now)?;
        tx.commit()?;
        self.entry_summary(new_id)
    }

    pub fn entry_summary(&self, id: i64) -> Result<EntrySummary> {
        read_summary(&self.conn, id)
    }

    pub fn entry(&self, id: i64) -> Result<PostedEntry> {
        read_entry(&self.conn, id)
    }

    /// A page of entries in the filter's order, and how many match in all.
    pub fn list_entries(
        &self,
        f: &EntryFilter,
        page: u32,
        page_size: u32,
    ) -> Result<(Vec<EntrySummary>, u64)> {
        let from = f.from.map(|d| d.format("%Y-%m-%d").to_string());
        let to = f.to.map(|d| d.format("%Y-%m-%d").to_string());
        let q = f.query.as_deref().map(str::trim).filter(|q| !q.is_empty());
        let number: Option<i64> = q.and_then(|q| q.parse().ok());
        let account = f.account.as_ref().map(|a| a.as_str().to_string());
        let min = f.min_total.map(Money::cents);
        let max = f.max_total.map(Money::cents);
        let kind = f.kind.map(EntryKind::as_str);
        // Entries touching an account are found through the register index of its
        // accounts (and subaccounts), not by probing every entry's postings.
        let filter = "(?1 IS NULL OR e.date >= ?1) AND (?2 IS NULL OR e.date <= ?2)
            AND (?3 IS NULL OR e.description LIKE '%' || ?3 || '%'
                 OR e.reference LIKE '%' || ?3 || '%' OR e.number = ?4)
            AND (?5 IS NULL OR e.id IN (
                 SELECT p.entry_id FROM accounts a
                 JOIN postings p INDEXED BY postings_register ON p.account_id = a.id
                 WHERE substr(a.code, 1, length(?5)) = ?5
                   AND (?1 IS NULL OR p.date >= ?1) AND (?2 IS NULL OR p.date <= ?2)))
            AND (?6 IS NULL OR e.total_cents >= ?6) AND (?7 IS NULL OR e.total_cents <= ?7)
            AND (?8 IS NULL OR e.kind = ?8)";
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM entries e WHERE {filter}"),
            params![from, to, q, number, account, min, max, kind],
            |r| r.get(0),
        )?;
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM entries e WHERE {filter}
             ORDER BY {} LIMIT ?9 OFFSET ?10",
            f.order.sql()
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(
                params![
                    from,
                    to,
                    q,
                    number,
                    account,
                    min,
                    max,
                    kind,
                    page_size,
                    page as i64 * page_size as i64
                ],
                row_to_summary,
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok((rows, total as u64))
    }
}

/// `Company::reverse_entry` inside the caller's transaction (undoing a bank reconciliation
/// reverses what it posted together with the rest of the undo): posts the reversal of entry
/// `id` dated `date`, audited, and returns the new entry's id. `AlreadyReversed` when it was.
pub(crate) fn reverse_entry_in(
    tx: &Transaction<'_>,
    actor: &str,
    id: i64,
    date: NaiveDate,
    description: Option<&str>,
    now: DateTime<Utc>,
) -> Result<i64> {
    let original = read_entry(tx, id)?;
    if original.summary.reversed_by.is_some() {
        return Err(StoreError::AlreadyReversed(id));
    }
    let postings: Vec<Posting> = original
        .lines
        .iter()
        .map(|l| Posting {
            account: l.account.clone(),
            description: l.description.clone(),
            amount: l.amount,
        })
        .collect();
    let description = description
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| {
            format!(
                "Anulación del asiento {}/{}: {}",
                original.summary.number, original.summary.fiscal_year, original.summary.description
            )
        });
    let reversal = BalancedEntry::reversal_of(&postings, date, description);
    let (new_id, fy, number) = Poster::new(tx, now)?
        .post(&reversal, Some((id, original.summary.date)))
        .map_err(|e| match e {
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _))
                if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
            {
                StoreError::AlreadyReversed(id)
            }
            other => other,
        })?;
    audit::append(
        tx,
        now,
        actor,
        &Change {
            record: &format!("entry:{new_id}"),
            action: "reverse",
            before: Some(&format!(
                "entry:{id} {}/{}",
                original.summary.number, original.summary.fiscal_year
            )),
            after: Some(&entry_text(&reversal, fy, number)),
            reason: None,
        },
    )?;
    Ok(new_id)
}
