//! What the statements and books read: per-account totals with the year-end rule applied,
//! cash movements by counterpart group, the journal book, the ledger, and the postings behind
//! any figure (drill-down). Sums come from the month summary as in `reports`; the few opening
//! and year-end entries a report leaves out are subtracted afterwards.

use crate::journal::parse_date;
use crate::{Company, Result};
use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection};
use std::collections::{BTreeMap, HashMap};
use trastienda_core::books::{BookEntry, BookLine, JournalBook, Ledger, LedgerAccount, LedgerRow};
use trastienda_core::report::AccountTotals;
use trastienda_core::statement::StatementAccount;
use trastienda_core::{AccountCode, AccountKind, EntryKind, Language, Money};

/// Which entries a report leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearEndRule {
    /// The books (journal, ledger): nothing.
    Books,
    /// Balances (trial balance, balance sheet): the regularisation and closing entries dated
    /// on the period's last day, so a year-end report shows the year's balances rather than
    /// the zeros the close leaves.
    Balances,
    /// Flows of income and expense: every regularisation entry in the period too.
    ProfitAndLoss,
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The entries `rule` leaves out of [from, to] (reversals of them included).
fn excluded_entries(
    conn: &Connection,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    rule: YearEndRule,
) -> Result<Vec<i64>> {
    let from = from.map(iso).unwrap_or_else(|| "0000-01-01".into());
    let to_s = to.map(iso).unwrap_or_else(|| "9999-12-31".into());
    // (kinds, only on the last day?)
    let (kinds, at_end_only): (&str, &str) = match rule {
        YearEndRule::Books => return Ok(Vec::new()),
        YearEndRule::Balances => ("'regularisation', 'closing'", "1"),
        YearEndRule::ProfitAndLoss => ("'regularisation', 'closing'", "o.kind = 'closing'"),
    };
    let sql = format!(
        // The first kind test repeats the partial index's WHERE word for word, which is what
        // lets SQLite use it.
        "SELECT o.id FROM entries o INDEXED BY entries_special
         WHERE o.kind IN ('opening', 'regularisation', 'closing') AND o.kind IN ({kinds})
           AND o.date BETWEEN ?1 AND ?2 AND (NOT ({at_end_only}) OR o.date = ?2)
         UNION ALL
         SELECT r.id FROM entries o INDEXED BY entries_special JOIN entries r ON r.reverses_id = o.id
         WHERE o.kind IN ('opening', 'regularisation', 'closing') AND o.kind IN ({kinds})
           AND r.date BETWEEN ?1 AND ?2 AND (NOT ({at_end_only}) OR r.date = ?2)"
    );
    let ids = conn
        .prepare_cached(&sql)?
        .query_map(params![from, to_s], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Within a day the book puts the opening entry first and the regularisation and closing
/// entries last, whatever order they were posted in (a year is closed after the next one has
/// begun). SQL for an entry `e`'s rank.
const DAY_RANK: &str =
    "CASE e.kind WHEN 'opening' THEN 0 WHEN 'regularisation' THEN 2 WHEN 'closing' THEN 3 ELSE 1 END";

fn id_list(ids: &[i64]) -> String {
    // Integers read from the database: safe to format into SQL.
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// Debit and credit per account code of the postings of `entries`.
fn totals_of_entries(conn: &Connection, entries: &[i64]) -> Result<HashMap<String, (i64, i64)>> {
    if entries.is_empty() {
        return Ok(HashMap::new());
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT a.code, sum(max(p.amount_cents, 0)), sum(max(-p.amount_cents, 0))
         FROM postings p JOIN accounts a ON a.id = p.account_id
         WHERE p.entry_id IN ({}) GROUP BY a.code",
        id_list(entries)
    ))?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A page of the postings behind a figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrillRow {
    pub entry_id: i64,
    pub fiscal_year: i32,
    pub entry_number: i64,
    pub date: NaiveDate,
    pub account: String,
    pub account_name: String,
    pub description: String,
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrillPage {
    pub rows: Vec<DrillRow>,
    pub total_rows: u64,
    /// Sum (debit - credit) of every posting behind the figure, not just this page.
    pub total: Money,
}

fn kind_label(kind: EntryKind, lang: Language) -> &'static str {
    match (kind, lang) {
        (EntryKind::Normal, _) => "",
        (EntryKind::Opening, Language::Es) => "Apertura",
        (EntryKind::Opening, Language::En) => "Opening",
        (EntryKind::Regularisation, Language::Es) => "Regularización",
        (EntryKind::Regularisation, Language::En) => "Regularisation",
        (EntryKind::Closing, Language::Es) => "Cierre",
        (EntryKind::Closing, Language::En) => "Closing",
        (EntryKind::Reversal, Language::Es) => "Anulación",
        (EntryKind::Reversal, Language::En) => "Reversal",
    }
}

impl Company {
    /// Every account with its name and kind, for the statements.
    pub fn statement_accounts(&self) -> Result<Vec<StatementAccount>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT code, name, kind FROM accounts ORDER BY code")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (code, name, kind) = row?;
            if let Ok(code) = AccountCode::parse(&code) {
                out.push(StatementAccount {
                    kind: AccountKind::parse(&kind)
                        .unwrap_or_else(|| AccountKind::from_pgc_code(&code)),
                    code,
                    name,
                });
            }
        }
        Ok(out)
    }

    /// Debit and credit of every account with postings in [from, to], less what `rule`
    /// leaves out.
    pub fn account_totals_for(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        rule: YearEndRule,
    ) -> Result<Vec<AccountTotals>> {
        let mut totals = self.account_totals(from, to)?;
        let excluded = excluded_entries(&self.conn, from, to, rule)?;
        if excluded.is_empty() {
            return Ok(totals);
        }
        let less = totals_of_entries(&self.conn, &excluded)?;
        for t in totals.iter_mut() {
            if let Some((d, c)) = less.get(t.code.as_str()) {
                t.debit -= Money::from_cents(*d);
                t.credit -= Money::from_cents(*c);
            }
        }
        totals.retain(|t| !t.debit.is_zero() || !t.credit.is_zero());
        Ok(totals)
    }

    /// Net debit balance of every leaf account over [from, to] under `rule`.
    pub fn leaf_balances(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        rule: YearEndRule,
    ) -> Result<BTreeMap<String, Money>> {
        Ok(self
            .account_totals_for(from, to, rule)?
            .into_iter()
            .map(|t| (t.code.as_str().to_string(), t.debit - t.credit))
            .filter(|(_, m)| !m.is_zero())
            .collect())
    }

    /// Cash (group 57) movements in [from, to] by the 2-digit group of their counterpart:
    /// positive = cash came in. Each entry's cash is shared among its counterparts when it is
    /// posted (see `cash`), so this sums `cash_shares` over the period. Transfers between cash accounts net out; opening and year-end entries move no
    /// cash.
    pub fn cash_flows(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<BTreeMap<String, Money>> {
        // One primary-key range per group (every 2-digit prefix of the chart), so the table
        // needs no second index to keep up at every posting.
        let mut stmt = self.conn.prepare_cached(
            "SELECT g.grp, (SELECT coalesce(sum(s.cents), 0) FROM cash_shares s
                            WHERE s.grp = g.grp AND s.date BETWEEN ?1 AND ?2)
             FROM (SELECT DISTINCT substr(code, 1, 2) AS grp FROM accounts) g",
        )?;
        let rows = stmt.query_map(
            params![
                from.map(iso).unwrap_or_else(|| "0000-01-01".into()),
                to.map(iso).unwrap_or_else(|| "9999-12-31".into())
            ],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
        )?;
        let mut out = BTreeMap::new();
        for row in rows {
            let (g, c) = row?;
            if c != 0 {
                out.insert(g, Money::from_cents(c));
            }
        }
        Ok(out)
    }

    /// The entries behind a cash-flow figure: every entry in [from, to] whose cash went (in
    /// part) to one of `groups`, with that share as its amount and the group's main account,
    /// in date order, paged. The shares add up to the figure.
    pub fn cash_flow_drill(
        &self,
        groups: &[String],
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        page: u32,
        page_size: u32,
    ) -> Result<DrillPage> {
        let size = page_size.clamp(1, 1000) as i64;
        let f = from.map(iso).unwrap_or_else(|| "0000-01-01".into());
        let t = to.map(iso).unwrap_or_else(|| "9999-12-31".into());
        // Group codes are two digits from the layout; keep only those, then quote them.
        let list = groups
            .iter()
            .filter(|g| g.len() == 2 && g.bytes().all(|b| b.is_ascii_digit()))
            .map(|g| format!("'{g}'"))
            .collect::<Vec<_>>()
            .join(",");
        let (n, total): (i64, i64) = self.conn.query_row(
            &format!(
                "SELECT count(*), coalesce(sum(cents), 0) FROM cash_shares
                 WHERE grp IN ({list}) AND date BETWEEN ?1 AND ?2"
            ),
            params![f, t],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT s.entry_id, e.fiscal_year, e.number, s.date, a.code, a.name, e.description, s.cents
             FROM cash_shares s JOIN entries e ON e.id = s.entry_id JOIN accounts a ON a.id = s.account_id
             WHERE s.grp IN ({list}) AND s.date BETWEEN ?1 AND ?2
             ORDER BY s.date, s.entry_id, s.grp LIMIT ?3 OFFSET ?4"
        ))?;
        let rows = stmt
            .query_map(params![f, t, size, page as i64 * size], |r| {
                Ok(DrillRow {
                    entry_id: r.get(0)?,
                    fiscal_year: r.get(1)?,
                    entry_number: r.get(2)?,
                    date: parse_date(&r.get::<_, String>(3)?, 3)?,
                    account: r.get(4)?,
                    account_name: r.get(5)?,
                    description: r.get(6)?,
                    amount: Money::from_cents(r.get(7)?),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(DrillPage {
            rows,
            total_rows: n as u64,
            total: Money::from_cents(total),
        })
    }

    /// Balance of the cash accounts (group 57) at the end of `at` (None: everything).
    pub fn cash_balance(&self, at: Option<NaiveDate>) -> Result<Money> {
        Ok(self
            .leaf_balances(None, at, YearEndRule::Balances)?
            .iter()
            .filter(|(c, _)| c.starts_with("57"))
            .map(|(_, m)| *m)
            .sum())
    }

    /// Entries of [from, to] in date order, `limit` from `offset`, as the libro diario
    /// prints them: numbered correlatively by date within each fiscal year. Returns the
    /// book (totals over the whole period) and how many entries the period has.
    pub fn journal_book(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        offset: u64,
        limit: u64,
        lang: Language,
    ) -> Result<(JournalBook, u64)> {
        let f = from.map(iso).unwrap_or_else(|| "0000-01-01".into());
        let t = to.map(iso).unwrap_or_else(|| "9999-12-31".into());
        let count: i64 = self.conn.query_row(
            "SELECT count(*) FROM entries WHERE date BETWEEN ?1 AND ?2",
            params![f, t],
            |r| r.get(0),
        )?;
        let mut heads: Vec<(i64, i32, NaiveDate, String, Option<String>, String)> = Vec::new();
        {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT e.id, e.fiscal_year, e.date, e.description, e.reference, e.kind FROM entries e
                 WHERE e.date BETWEEN ?1 AND ?2 ORDER BY e.date, {DAY_RANK}, e.id LIMIT ?3 OFFSET ?4"
            ))?;
            let mut rows = stmt.query(params![f, t, limit as i64, offset as i64])?;
            while let Some(r) = rows.next()? {
                heads.push((
                    r.get(0)?,
                    r.get(1)?,
                    parse_date(&r.get::<_, String>(2)?, 2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ));
            }
        }
        let mut lines: HashMap<i64, Vec<BookLine>> = HashMap::new();
        for chunk in heads.chunks(500) {
            let ids: Vec<i64> = chunk.iter().map(|h| h.0).collect();
            let mut stmt = self.conn.prepare(&format!(
                "SELECT p.entry_id, a.code, a.name, p.description, p.amount_cents
                 FROM postings p JOIN accounts a ON a.id = p.account_id
                 WHERE p.entry_id IN ({}) ORDER BY p.entry_id, p.line_no",
                id_list(&ids)
            ))?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let (debit, credit) = Money::from_cents(r.get(4)?).sides();
                lines.entry(r.get(0)?).or_default().push(BookLine {
                    account: r.get(1)?,
                    account_name: r.get(2)?,
                    description: r.get(3)?,
                    debit,
                    credit,
                });
            }
        }
        // Correlative numbers: the first entry's place in its fiscal year, then counting on.
        let mut entries = Vec::with_capacity(heads.len());
        let mut numbering: Option<(i32, i64)> = None;
        for (id, fy, date, description, reference, kind) in heads {
            let number = match numbering {
                Some((y, n)) if y == fy => n + 1,
                _ => {
                    let before: i64 = self.conn.query_row(
                        &format!(
                            "SELECT count(*) FROM entries e JOIN fiscal_years f ON f.year = ?1
                             WHERE e.date >= f.start_date AND (e.date < ?2 OR (e.date = ?2
                               AND ({DAY_RANK}, e.id) < (SELECT {DAY_RANK}, e.id FROM entries e WHERE e.id = ?3)))"
                        ),
                        params![fy, iso(date), id],
                        |r| r.get(0),
                    )?;
                    before + 1
                }
            };
            numbering = Some((fy, number));
            entries.push(BookEntry {
                id,
                number,
                fiscal_year: fy,
                date,
                description,
                reference,
                kind_label: kind_label(EntryKind::parse(&kind).unwrap_or(EntryKind::Normal), lang)
                    .to_string(),
                lines: lines.remove(&id).unwrap_or_default(),
            });
        }
        let totals = self.account_totals(from, to)?;
        Ok((
            JournalBook {
                from,
                to,
                entries,
                total_debit: totals.iter().map(|t| t.debit).sum(),
                total_credit: totals.iter().map(|t| t.credit).sum(),
            },
            count as u64,
        ))
    }

    /// The libro mayor for the accounts whose codes fall between `first` and `last` (a code
    /// and everything under it counts as within): each account with postings or a balance,
    /// its opening balance, and (with `rows`) every posting of the period with the running
    /// balance and the entry's number in the journal book.
    pub fn ledger(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        first: Option<&str>,
        last: Option<&str>,
        rows: bool,
    ) -> Result<Ledger> {
        let within = |code: &str| {
            first.is_none_or(|f| code >= f) && last.is_none_or(|l| code <= l || code.starts_with(l))
        };
        let opening: HashMap<String, Money> = match from {
            None => HashMap::new(),
            Some(f) => self
                .account_totals(None, f.pred_opt())?
                .into_iter()
                .map(|t| (t.code.as_str().to_string(), t.debit - t.credit))
                .collect(),
        };
        let period: HashMap<String, (Money, Money)> = self
            .account_totals(from, to)?
            .into_iter()
            .map(|t| (t.code.as_str().to_string(), (t.debit, t.credit)))
            .collect();
        let names: Vec<(i64, String, String)> = self
            .conn
            .prepare_cached("SELECT id, code, name FROM accounts ORDER BY code")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let numbers = if rows {
            self.book_numbers(from, to)?
        } else {
            HashMap::new()
        };
        let mut accounts = Vec::new();
        for (id, code, name) in names {
            let open = opening.get(&code).copied().unwrap_or(Money::ZERO);
            let (debit, credit) = period
                .get(&code)
                .copied()
                .unwrap_or((Money::ZERO, Money::ZERO));
            if !within(&code) || (open.is_zero() && debit.is_zero() && credit.is_zero()) {
                continue;
            }
            let mut list = Vec::new();
            if rows {
                let mut stmt = self.conn.prepare_cached(
                    "SELECT p.date, p.entry_id, e.number,
                            CASE WHEN p.description = '' THEN e.description ELSE p.description END,
                            p.amount_cents
                     FROM postings p INDEXED BY postings_register JOIN entries e ON e.id = p.entry_id
                     WHERE p.account_id = ?1 AND p.date BETWEEN ?2 AND ?3
                     ORDER BY p.date, CASE e.kind WHEN 'opening' THEN 0 WHEN 'regularisation' THEN 2
                              WHEN 'closing' THEN 3 ELSE 1 END, p.entry_id, p.line_no",
                )?;
                let mut q = stmt.query(params![
                    id,
                    from.map(iso).unwrap_or_else(|| "0000-01-01".into()),
                    to.map(iso).unwrap_or_else(|| "9999-12-31".into())
                ])?;
                let mut running = open;
                while let Some(r) = q.next()? {
                    let amount = Money::from_cents(r.get(4)?);
                    running += amount;
                    let (d, c) = amount.sides();
                    let entry_id: i64 = r.get(1)?;
                    list.push(LedgerRow {
                        date: parse_date(&r.get::<_, String>(0)?, 0)?,
                        entry_number: numbers.get(&entry_id).copied().unwrap_or(r.get(2)?),
                        description: r.get(3)?,
                        debit: d,
                        credit: c,
                        balance: running,
                    });
                }
            }
            accounts.push(LedgerAccount {
                code,
                name,
                opening: open,
                rows: list,
                total_debit: debit,
                total_credit: credit,
                closing: open + debit - credit,
            });
        }
        Ok(Ledger { from, to, accounts })
    }

    /// Entry id -> its correlative number in the journal book, for entries in [from, to].
    fn book_numbers(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<HashMap<i64, i64>> {
        // Numbering starts at the fiscal year of `from`, so count from that year's start.
        let start: Option<String> = match from {
            None => None,
            Some(f) => self
                .conn
                .query_row(
                    "SELECT start_date FROM fiscal_years WHERE ?1 BETWEEN start_date AND end_date",
                    [iso(f)],
                    |r| r.get(0),
                )
                .ok(),
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT e.id, e.fiscal_year FROM entries e WHERE e.date BETWEEN ?1 AND ?2
             ORDER BY e.date, {DAY_RANK}, e.id"
        ))?;
        let mut q = stmt.query(params![
            start
                .or(from.map(iso))
                .unwrap_or_else(|| "0000-01-01".into()),
            to.map(iso).unwrap_or_else(|| "9999-12-31".into())
        ])?;
        let mut out = HashMap::new();
        let mut current: Option<(i32, i64)> = None;
        while let Some(r) = q.next()? {
            let (id, fy): (i64, i32) = (r.get(0)?, r.get(1)?);
            let n = match current {
                Some((y, n)) if y == fy => n + 1,
                _ => 1,
            };
            current = Some((fy, n));
            out.insert(id, n);
        }
        Ok(out)
    }

    /// One page of the postings behind a figure: the postings of `codes` (leaf accounts) in
    /// [from, to] under `rule`, in date order. The page is found through the monthly counts,
    /// so only the month(s) holding it are sorted.
    pub fn drill_down(
        &self,
        codes: &[String],
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        rule: YearEndRule,
        page: u32,
        page_size: u32,
    ) -> Result<DrillPage> {
        let page_size = page_size.clamp(1, 1000) as i64;
        let ids: Vec<i64> = {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT id FROM accounts WHERE code = ?1")?;
            let mut ids = Vec::new();
            for c in codes {
                if let Ok(id) = stmt.query_row([c], |r| r.get(0)) {
                    ids.push(id);
                }
            }
            ids
        };
        if ids.is_empty() {
            return Ok(DrillPage {
                rows: Vec::new(),
                total_rows: 0,
                total: Money::ZERO,
            });
        }
        let accounts = id_list(&ids);
        let excluded = id_list(&excluded_entries(&self.conn, from, to, rule)?);
        let f = from.map(iso).unwrap_or_else(|| "0000-01-01".into());
        let t = to.map(iso).unwrap_or_else(|| "9999-12-31".into());
        // Rows and net per calendar month, exact (edge months and left-out entries counted
        // from postings; whole months from the summary).
        let lo = from
            .map(|d| d.year() as i64 * 100 + d.month() as i64)
            .unwrap_or(0);
        let hi = to
            .map(|d| d.year() as i64 * 100 + d.month() as i64)
            .unwrap_or(999_912);
        let mut months: Vec<(i64, i64, i64)> = self
            .conn
            .prepare(&format!(
                "SELECT month, sum(postings), sum(debit_cents - credit_cents) FROM account_month_totals
                 WHERE account_id IN ({accounts}) AND month BETWEEN ?1 AND ?2 GROUP BY month ORDER BY month"
            ))?
            .query_map(params![lo, hi], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let exact = format!(
            "SELECT count(*), coalesce(sum(amount_cents), 0) FROM postings INDEXED BY postings_register
             WHERE account_id IN ({accounts}) AND date BETWEEN ?1 AND ?2 AND entry_id NOT IN ({excluded})"
        );
        let month_bounds = |m: i64| -> (String, String) {
            let a = format!("{:04}-{:02}-01", m / 100, m % 100);
            let b = format!("{:04}-{:02}-31", m / 100, m % 100);
            (a.max(f.clone()), b.min(t.clone()))
        };
        let excluded_months: std::collections::HashSet<i64> = if excluded.is_empty() {
            Default::default()
        } else {
            self.conn
                .prepare(&format!(
                    "SELECT DISTINCT CAST(substr(date,1,4)||substr(date,6,2) AS INTEGER) FROM postings
                     WHERE entry_id IN ({excluded}) AND account_id IN ({accounts})"
                ))?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        for m in months.iter_mut() {
            if m.0 == lo || m.0 == hi || excluded_months.contains(&m.0) {
                let (a, b) = month_bounds(m.0);
                let (n, net) = self
                    .conn
                    .query_row(&exact, params![a, b], |r| Ok((r.get(0)?, r.get(1)?)))?;
                m.1 = n;
                m.2 = net;
            }
        }
        let total_rows: i64 = months.iter().map(|m| m.1).sum();
        let total: i64 = months.iter().map(|m| m.2).sum();
        let offset = page as i64 * page_size;
        let mut rows = Vec::new();
        if offset < total_rows {
            // The months that hold rows offset .. offset + page_size.
            let mut before = 0i64;
            let mut window: Option<(i64, i64)> = None;
            for m in &months {
                let (start, end) = (before, before + m.1);
                if end > offset && start < offset + page_size {
                    window = Some(match window {
                        None => (m.0, m.0),
                        Some((a, _)) => (a, m.0),
                    });
                }
                before = end;
            }
            let (wa, wb) = window.unwrap_or((lo, hi));
            let skip = offset
                - months
                    .iter()
                    .take_while(|m| m.0 < wa)
                    .map(|m| m.1)
                    .sum::<i64>();
            let (a, _) = month_bounds(wa);
            let (_, b) = month_bounds(wb);
            let mut stmt = self.conn.prepare(&format!(
                "SELECT p.entry_id, e.fiscal_year, e.number, p.date, a.code, a.name,
                        CASE WHEN p.description = '' THEN e.description ELSE p.description END,
                        p.amount_cents
                 FROM postings p INDEXED BY postings_register
                 JOIN entries e ON e.id = p.entry_id JOIN accounts a ON a.id = p.account_id
                 WHERE p.account_id IN ({accounts}) AND p.date BETWEEN ?1 AND ?2
                   AND p.entry_id NOT IN ({excluded})
                 ORDER BY p.date, p.entry_id, p.line_no LIMIT ?3 OFFSET ?4"
            ))?;
            let mut q = stmt.query(params![a, b, page_size, skip])?;
            while let Some(r) = q.next()? {
                rows.push(DrillRow {
                    entry_id: r.get(0)?,
                    fiscal_year: r.get(1)?,
                    entry_number: r.get(2)?,
                    date: parse_date(&r.get::<_, String>(3)?, 3)?,
                    account: r.get(4)?,
                    account_name: r.get(5)?,
                    description: r.get(6)?,
                    amount: Money::from_cents(r.get(7)?),
                });
            }
        }
        Ok(DrillPage {
            rows,
            total_rows: total_rows as u64,
            total: Money::from_cents(total),
        })
    }
}
