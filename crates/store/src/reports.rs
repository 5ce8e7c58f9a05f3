//! Reports in SQL. Sums over whole months read `account_month_totals` (kept by triggers);
//! only the partial months at the edges of a period touch `postings`, through indexes. So a
//! trial balance or a register page costs about the same on 10 thousand or 1 million entries.

use crate::journal::parse_date;
use crate::{Company, Result, StoreError};
use chrono::{Datelike, Months, NaiveDate};
use rusqlite::params;
use std::collections::HashMap;
use trastienda_core::report::{AccountTotals, ChartAccount};
use trastienda_core::{AccountCode, Money};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRow {
    pub entry_id: i64,
    pub fiscal_year: i32,
    pub entry_number: i64,
    pub date: NaiveDate,
    pub description: String,
    pub amount: Money,
    /// Running balance after this row.
    pub balance: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterPage {
    pub code: AccountCode,
    pub name: String,
    /// Balance of everything before `from`.
    pub opening_balance: Money,
    pub rows: Vec<RegisterRow>,
    pub total_rows: u64,
    pub page: u32,
    pub page_size: u32,
    /// Balance at the end of the period.
    pub closing_balance: Money,
}

fn ym(d: NaiveDate) -> i64 {
    d.year() as i64 * 100 + d.month() as i64
}
fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).expect("day 1 exists")
}
fn month_end(d: NaiveDate) -> NaiveDate {
    month_start(d) + Months::new(1) - chrono::Days::new(1)
}
fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// How a period splits into whole months (read from the summary) and loose days at its edges
/// (read from postings).
struct Split {
    /// Whole months lo..=hi (yyyymm), or None when the period holds no whole month.
    whole: Option<(i64, i64)>,
    /// Inclusive date ranges summed from postings.
    loose: Vec<(String, String)>,
}

fn split(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Split {
    const FIRST: &str = "0000-01-01";
    const LAST: &str = "9999-12-31";
    let lo = match from {
        None => 0,
        Some(f) if f.day() == 1 => ym(f),
        Some(f) => ym(month_end(f) + chrono::Days::new(1)),
    };
    let hi = match to {
        None => 999_912,
        Some(t) if t == month_end(t) => ym(t),
        Some(t) => ym(month_start(t) - chrono::Days::new(1)),
    };
    if lo > hi {
        return Split {
            whole: None,
            loose: vec![(
                from.map(iso).unwrap_or_else(|| FIRST.into()),
                to.map(iso).unwrap_or_else(|| LAST.into()),
            )],
        };
    }
    let mut loose = Vec::new();
    if let Some(f) = from.filter(|f| f.day() != 1) {
        loose.push((iso(f), iso(month_end(f))));
    }
    if let Some(t) = to.filter(|t| *t != month_end(*t)) {
        loose.push((iso(month_start(t)), iso(t)));
    }
    Split {
        whole: Some((lo, hi)),
        loose,
    }
}

impl Company {
    /// The chart as reports need it.
    pub fn chart(&self) -> Result<Vec<ChartAccount>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT code, name FROM accounts ORDER BY code")?;
        let rows = stmt.query_map([], |r| {
            let code: String = r.get(0)?;
            Ok((code, r.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (code, name) = row?;
            if let Ok(code) = AccountCode::parse(&code) {
                out.push(ChartAccount { code, name });
            }
        }
        Ok(out)
    }

    /// Debit and credit of every account with postings in the period (inclusive bounds).
    pub fn account_totals(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<AccountTotals>> {
        let s = split(from, to);
        let mut sums: HashMap<i64, (i64, i64)> = HashMap::new();
        if let Some((lo, hi)) = s.whole {
            let mut stmt = self.conn.prepare_cached(
                "SELECT account_id, sum(debit_cents), sum(credit_cents) FROM account_month_totals
                 WHERE month BETWEEN ?1 AND ?2 GROUP BY account_id",
            )?;
            let mut rows = stmt.query(params![lo, hi])?;
            while let Some(r) = rows.next()? {
                let e = sums.entry(r.get(0)?).or_default();
                e.0 += r.get::<_, i64>(1)?;
                e.1 += r.get::<_, i64>(2)?;
            }
        }
        for (a, b) in &s.loose {
            // Per account through the register index: a few hundred short index ranges, and
            // no second index on postings to keep up at every insert.
            let mut stmt = self.conn.prepare_cached(
                "SELECT a.id, sum(max(p.amount_cents, 0)), sum(max(-p.amount_cents, 0))
                 FROM accounts a JOIN postings p INDEXED BY postings_register
                   ON p.account_id = a.id AND p.date BETWEEN ?1 AND ?2
                 GROUP BY a.id",
            )?;
            let mut rows = stmt.query(params![a, b])?;
            while let Some(r) = rows.next()? {
                let e = sums.entry(r.get(0)?).or_default();
                e.0 += r.get::<_, i64>(1)?;
                e.1 += r.get::<_, i64>(2)?;
            }
        }
        let codes: HashMap<i64, String> = self
            .conn
            .prepare_cached("SELECT id, code FROM accounts")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out: Vec<AccountTotals> = sums
            .into_iter()
            .filter(|(_, (d, c))| *d != 0 || *c != 0)
            .filter_map(|(id, (d, c))| {
                Some(AccountTotals {
                    code: AccountCode::parse(codes.get(&id)?).ok()?,
                    debit: Money::from_cents(d),
                    credit: Money::from_cents(c),
                })
            })
            .collect();
        out.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(out)
    }

    /// One page of an account's postings (and its subaccounts' when it has any) in date
    /// order, with the running balance. The page is found through the monthly counts, so the
    /// last page of a long register costs about what the first does.
    pub fn register_page(
        &self,
        code: &AccountCode,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        page: u32,
        page_size: u32,
    ) -> Result<RegisterPage> {
        let account = self.account(code)?;
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(
                "SELECT id FROM accounts WHERE substr(code, 1, length(?1)) = ?1 ORDER BY id",
            )?
            .query_map([code.as_str()], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        // The ids are integers read from the database, so formatting them into SQL is safe.
        let id_list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let page_size = page_size.clamp(1, 1000);
        let to_s = to.map(iso).unwrap_or_else(|| "9999-12-31".into());

        // Opening balance: everything before `from`.
        let opening = match from {
            None => 0,
            Some(f) => {
                let months: i64 = self.conn.query_row(
                    &format!(
                        "SELECT coalesce(sum(debit_cents - credit_cents), 0) FROM account_month_totals
                         WHERE account_id IN ({id_list}) AND month < ?1"
                    ),
                    [ym(f)],
                    |r| r.get(0),
                )?;
                let days: i64 = self.conn.query_row(
                    &format!(
                        "SELECT coalesce(sum(amount_cents), 0) FROM postings INDEXED BY postings_register
                         WHERE account_id IN ({id_list}) AND date >= ?1 AND date < ?2"
                    ),
                    params![iso(month_start(f)), iso(f)],
                    |r| r.get(0),
                )?;
                months + days
            }
        };

        // (month start, first date counted, postings, net) per month of the period.
        let lo_month = from.map(ym).unwrap_or(0);
        let hi_month = to.map(ym).unwrap_or(999_912);
        let mut months: Vec<(i64, i64, i64)> = self
            .conn
            .prepare(&format!(
                "SELECT month, sum(postings), sum(debit_cents - credit_cents) FROM account_month_totals
                 WHERE account_id IN ({id_list}) AND month BETWEEN ?1 AND ?2
                 GROUP BY month ORDER BY month"
            ))?
            .query_map(params![lo_month, hi_month], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        // Edge months that the period covers only in part: count their covered days exactly.
        let partial_sql = format!(
            "SELECT count(*), coalesce(sum(amount_cents), 0) FROM postings INDEXED BY postings_register
             WHERE account_id IN ({id_list}) AND date BETWEEN ?1 AND ?2"
        );
        for m in months.iter_mut() {
            let start = NaiveDate::from_ymd_opt((m.0 / 100) as i32, (m.0 % 100) as u32, 1)
                .ok_or_else(|| StoreError::NotFound(format!("month {}", m.0)))?;
            let a = from.filter(|f| ym(*f) == m.0 && f.day() != 1);
            let b = to.filter(|t| ym(*t) == m.0 && *t != month_end(*t));
            if a.is_some() || b.is_some() {
                let (n, net) = self.conn.query_row(
                    &partial_sql,
                    params![iso(a.unwrap_or(start)), iso(b.unwrap_or(month_end(start)))],
                    |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
                )?;
                m.1 = n;
                m.2 = net;
            }
        }
        let total_rows: i64 = months.iter().map(|m| m.1).sum();
        let closing = opening + months.iter().map(|m| m.2).sum::<i64>();

        let offset = page as i64 * page_size as i64;
        let mut rows = Vec::new();
        if offset < total_rows {
            // Find the month holding row `offset`.
            let mut before_rows = 0i64;
            let mut before_net = 0i64;
            let mut lower = from.map(iso).unwrap_or_else(|| "0000-01-01".into());
            for m in &months {
                if before_rows + m.1 > offset {
                    let start = format!("{:04}-{:02}-01", m.0 / 100, m.0 % 100);
                    if start > lower {
                        lower = start;
                    }
                    break;
                }
                before_rows += m.1;
                before_net += m.2;
            }
            let skip = offset - before_rows;
            let skipped: i64 = self.conn.query_row(
                &format!(
                    "SELECT coalesce(sum(amount_cents), 0) FROM (
                        SELECT amount_cents FROM postings INDEXED BY postings_register
                        WHERE account_id IN ({id_list}) AND date >= ?1 AND date <= ?2
                        ORDER BY date, entry_id, line_no LIMIT ?3)"
                ),
                params![lower, to_s, skip],
                |r| r.get(0),
            )?;
            let mut running = opening + before_net + skipped;
            let mut stmt = self.conn.prepare(&format!(
                "SELECT p.entry_id, e.fiscal_year, e.number, p.date,
                        CASE WHEN p.description = '' THEN e.description ELSE p.description END,
                        p.amount_cents
                 FROM postings p INDEXED BY postings_register JOIN entries e ON e.id = p.entry_id
                 WHERE p.account_id IN ({id_list}) AND p.date >= ?1 AND p.date <= ?2
                 ORDER BY p.date, p.entry_id, p.line_no LIMIT ?3 OFFSET ?4"
            ))?;
            let mut q = stmt.query(params![lower, to_s, page_size, skip])?;
            while let Some(r) = q.next()? {
                let amount: i64 = r.get(5)?;
                running += amount;
                let date: String = r.get(3)?;
                rows.push(RegisterRow {
                    entry_id: r.get(0)?,
                    fiscal_year: r.get(1)?,
                    entry_number: r.get(2)?,
                    date: parse_date(&date, 3)?,
                    description: r.get(4)?,
                    amount: Money::from_cents(amount),
                    balance: Money::from_cents(running),
                });
            }
        }
        Ok(RegisterPage {
            code: account.code,
            name: account.name,
            opening_balance: Money::from_cents(opening),
            rows,
            total_rows: total_rows as u64,
            page,
            page_size,
            closing_balance: Money::from_cents(closing),
        })
    }
}
