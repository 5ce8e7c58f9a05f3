//! `trastienda crash-writer --company FILE [--seed N]` (hidden): the writer of the crash
//! harness (`crates/cli/tests/crash.rs`, `bench/crash.sh`). It opens the company and loops
//! forever doing random bookkeeping actions, each one transaction through the store; after
//! each commit returns it prints one line per entry the commit wrote,
//!
//! ```text
//! committed <entry id> <total cents>
//! ```
//!
//! and flushes, so the process that kills it knows exactly what was committed. Nothing is
//! printed before the commit returns; a kill between the commit and the print leaves at most
//! [`MAX_PER_COMMIT`] entries present but unreported. Any error ends the process with a
//! non-zero status (the harness expects only ever to see it die by SIGKILL).
//!
//! Adding an action (approve a payslip) is one more [`Action`] variant, its weight in
//! [`ACTIONS`] and one more arm in [`Writer::step`] returning what it committed. Issuing an
//! invoice saves a draft (a commit with no entry) and issues it (a commit with one entry, its
//! number, tax rows and register record), so the harness also checks invoice numbering and
//! the register after a kill.

use chrono::{Datelike, Duration, NaiveDate, Utc};
use std::io::Write;
use std::path::Path;
use trastienda_core::invoice::LineTax;
use trastienda_core::{AccountCode, BalancedEntry, EntryDraft, EntryLine, InvoiceLine, Money};
use trastienda_store::{Company, DocKind, FiscalYear, InvoiceInput};

/// The most entries one commit writes (a batch); the harness allows this many entries present
/// beyond the last one reported.
pub const MAX_PER_COMMIT: usize = 5;

/// Postable leaves of the es-pymes chart the entries are drawn from (the ones missing or not
/// postable in the company's chart are skipped).
const ACCOUNTS: &[&str] = &[
    "5720001", "430", "400", "600", "700", "4720021", "4770021", "640",
];

/// What the writer can do in one transaction.
#[derive(Debug, Clone, Copy)]
enum Action {
    /// One balanced entry of 2-5 lines (`post_entry`).
    Post,
    /// The reversal of an earlier entry of this run that is not yet reversed (`reverse_entry`).
    Reverse,
    /// 2..=MAX_PER_COMMIT entries in one transaction (`post_entries`).
    Batch,
    /// An invoice draft saved, then issued (`issue_invoice`: one entry).
    Issue,
}

/// Each action with its weight (how often it is picked, out of the sum).
const ACTIONS: &[(Action, u64)] = &[
    (Action::Post, 6),
    (Action::Reverse, 2),
    (Action::Batch, 2),
    (Action::Issue, 3),
];

/// The customer the writer invoices (inserted when the file has none with this id).
const CUSTOMER_ID: i64 = 1;

/// An entry a commit wrote: its id and total (the sum of its debits) in cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Committed {
    pub id: i64,
    pub total_cents: i64,
}

/// SplitMix64: small, deterministic, integer-only (the harness replays a run from its seed).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform enough in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
    /// In `lo..=hi`.
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
}

struct Writer {
    company: Company,
    rng: Rng,
    seed: u64,
    year: FiscalYear,
    accounts: Vec<AccountCode>,
    /// Entries of this run that can still be reversed, with their dates.
    reversible: Vec<(i64, NaiveDate)>,
    /// The highest entry id in the file (ids are max + 1, never reused).
    last_id: i64,
    /// Entries this run has posted (for unique descriptions).
    posted: u64,
    /// The date of the last invoice issued: the next is on or after it (series order).
    last_invoice: NaiveDate,
}

/// Runs the writer until killed (or until an error, returned).
pub fn run(path: &Path, seed: Option<u64>) -> Result<(), String> {
    let seed = seed.unwrap_or_else(clock_seed);
    let mut w = Writer::open(path, seed).map_err(|e| e.to_string())?;
    let stdout = std::io::stdout();
    let mut line = String::new();
    loop {
        let committed = w
            .step()
            .map_err(|e| format!("crash-writer (seed {seed}): {e}"))?;
        line.clear();
        for c in &committed {
            line.push_str(&format!("committed {} {}\n", c.id, c.total_cents));
        }
        if !line.is_empty() {
            // One write per commit, flushed before the next transaction starts.
            let mut out = stdout.lock();
            out.write_all(line.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|e| format!("crash-writer: stdout: {e}"))?;
        }
    }
}

fn clock_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    nanos ^ (u64::from(std::process::id()) << 32)
}

type Res<T> = std::result::Result<T, Box<dyn std::error::Error>>;

impl Writer {
    fn open(path: &Path, seed: u64) -> Res<Writer> {
        let now = Utc::now();
        let mut company = Company::open(path, now)?;
        company.set_actor(format!("{} crash-writer", trastienda_api::actor()));
        let today = now.date_naive();
        let years = company.fiscal_years()?;
        let year = years
            .iter()
            .find(|y| !y.closed && y.start <= today && today <= y.end)
            .or_else(|| years.iter().find(|y| !y.closed))
            .cloned()
            .ok_or("the company has no open fiscal year")?;
        let mut accounts = Vec::new();
        for code in ACCOUNTS {
            let code = AccountCode::parse(code)?;
            if matches!(company.account(&code), Ok(a) if a.postable()) {
                accounts.push(code);
            }
        }
        if accounts.len() < 2 {
            return Err("fewer than two of the writer's accounts are postable here".into());
        }
        // Ids are max(id) + 1 and entries are never deleted, so the last id is the count.
        let last_id = years.iter().map(|y| y.entries as i64).sum();
        // A customer to invoice, and where the year's invoice numbering stands.
        company.execute_raw(&format!(
            "INSERT OR IGNORE INTO customers (id, legal_name, country, tax_id, treatment, created_at)
             VALUES ({CUSTOMER_ID}, 'Cliente Crash SL', 'ES', '87654321X', 'domestic', '{}')",
            now.to_rfc3339()
        ))?;
        let last_invoice = company
            .invoice_series()?
            .iter()
            .filter(|s| s.series.year == year.start.year())
            .filter_map(|s| s.last_date)
            .max()
            .unwrap_or(year.start)
            .max(year.start);
        Ok(Writer {
            company,
            rng: Rng::new(seed),
            seed,
            year,
            accounts,
            reversible: Vec::new(),
            last_id,
            posted: 0,
            last_invoice,
        })
    }

    fn pick(&mut self) -> Action {
        let total: u64 = ACTIONS.iter().map(|(_, w)| w).sum();
        let mut r = self.rng.below(total);
        for (action, weight) in ACTIONS {
            if r < *weight {
                return *action;
            }
            r -= weight;
        }
        Action::Post
    }

    /// One action, one transaction; returns the entries its commit wrote, in id order.
    fn step(&mut self) -> Res<Vec<Committed>> {
        let now = Utc::now();
        match self.pick() {
            Action::Post => {
                let entry = self.entry()?;
                let s = self.company.post_entry(&entry, now)?;
                self.reversible.push((s.id, s.date));
                Ok(vec![self.committed(s.id, s.total)])
            }
            Action::Reverse if !self.reversible.is_empty() => {
                let i = self.rng.below(self.reversible.len() as u64) as usize;
                let (id, date) = self.reversible.swap_remove(i);
                let date = self.date_from(date);
                let s = self.company.reverse_entry(id, date, None, now)?;
                Ok(vec![self.committed(s.id, s.total)])
            }
            Action::Reverse => Ok(Vec::new()),
            Action::Issue => {
                let date = self.date_from(self.last_invoice);
                let lines = (0..self.rng.between(1, 3))
                    .map(|i| {
                        let rate = [21, 10, 4][self.rng.below(3) as usize];
                        InvoiceLine::new(
                            format!("crash-writer {} line {i}", self.seed),
                            // Whole quantities and rates, as decimals (no float anywhere).
                            Money::from_cents(self.rng.between(1, 20) as i64 * 100).decimal(),
                            Money::from_cents(self.rng.between(1, 100_000) as i64),
                            LineTax::Vat(Money::from_cents(rate * 100).decimal()),
                        )
                    })
                    .collect();
                let draft = self.company.save_invoice_draft(
                    None,
                    &InvoiceInput {
                        kind: DocKind::Invoice,
                        issue_date: date,
                        operation_date: None,
                        customer_id: Some(CUSTOMER_ID),
                        prices_include_vat: false,
                        withholding: None,
                        notes: String::new(),
                        lines,
                    },
                    now,
                )?;
                let inv = self.company.issue_invoice(draft.id, now)?;
                self.last_invoice = date;
                let entry_id = inv.entry_id.ok_or("an issued invoice without its entry")?;
                let s = self.company.entry_summary(entry_id)?;
                if s.reference.as_deref() != inv.full_number.as_deref() {
                    return Err(format!("entry {entry_id} does not reference its invoice").into());
                }
                Ok(vec![self.committed(s.id, s.total)])
            }
            Action::Batch => {
                let n = self.rng.between(2, MAX_PER_COMMIT as u64) as usize;
                let entries = (0..n).map(|_| self.entry()).collect::<Res<Vec<_>>>()?;
                let posted = self.company.post_entries(&entries, false, now)?;
                if posted != n {
                    return Err(format!("post_entries posted {posted} of {n}").into());
                }
                // The batch took the next n ids; check each is the entry we sent.
                let mut out = Vec::with_capacity(n);
                for e in &entries {
                    let s = self.company.entry_summary(self.last_id + 1)?;
                    if s.total != e.total() || s.description != e.description() {
                        return Err(format!(
                            "entry {} is not the batch's entry {:?}",
                            s.id,
                            e.description()
                        )
                        .into());
                    }
                    self.reversible.push((s.id, s.date));
                    out.push(self.committed(s.id, s.total));
                }
                Ok(out)
            }
        }
    }

    fn committed(&mut self, id: i64, total: Money) -> Committed {
        self.last_id = self.last_id.max(id);
        Committed {
            id,
            total_cents: total.cents(),
        }
    }

    /// A random day of the fiscal year, on or after `from`.
    fn date_from(&mut self, from: NaiveDate) -> NaiveDate {
        let from = from.max(self.year.start);
        let days = (self.year.end - from).num_days().max(0) as u64;
        from + Duration::days(self.rng.below(days + 1) as i64)
    }

    /// A balanced entry of 2-5 lines on random accounts: 1..n-1 debit lines of up to
    /// 5,000.00 each, their sum split among the credit lines, in shuffled order.
    fn entry(&mut self) -> Res<BalancedEntry> {
        let n = self.rng.between(2, 5) as usize;
        let debits = self.rng.between(1, n as u64 - 1) as usize;
        let credits = n - debits;
        let mut amounts: Vec<(i64, bool)> = (0..debits)
            .map(|_| (self.rng.between(1, 500_000) as i64, true))
            .collect();
        let total: i64 = amounts.iter().map(|(a, _)| a).sum();
        if total < credits as i64 {
            amounts[0].0 += credits as i64;
        }
        let mut left: i64 = amounts.iter().map(|(a, _)| a).sum();
        for i in 0..credits {
            let after = (credits - 1 - i) as i64;
            let amount = if after == 0 {
                left
            } else {
                self.rng.between(1, (left - after) as u64) as i64
            };
            left -= amount;
            amounts.push((amount, false));
        }
        for i in (1..amounts.len()).rev() {
            let j = self.rng.below(i as u64 + 1) as usize;
            amounts.swap(i, j);
        }
        self.posted += 1;
        let description = format!("crash-writer {} #{}", self.seed, self.posted);
        let lines = amounts
            .into_iter()
            .map(|(cents, debit)| {
                let i = self.rng.below(self.accounts.len() as u64) as usize;
                let account = self.accounts[i].clone();
                let amount = Money::from_cents(cents);
                EntryLine {
                    account,
                    description: String::new(),
                    debit: if debit { amount } else { Money::ZERO },
                    credit: if debit { Money::ZERO } else { amount },
                }
            })
            .collect();
        let date = self.date_from(self.year.start);
        BalancedEntry::new(EntryDraft {
            date,
            description,
            lines,
        })
        .map_err(|problems| {
            let why: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
            format!("generated entry refused: {}", why.join("; ")).into()
        })
    }
}
