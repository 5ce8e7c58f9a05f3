//! Shared by the store's integration tests: a fresh company file in a temp dir with the real
//! PGC PYMES chart, entry builders, and a small deterministic random generator (so generated
//! ledgers are the same on every run and a failure can be replayed).
#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use std::path::PathBuf;
use tempfile::TempDir;
use trastienda_core::chart::{parse_template, TemplateAccount};
use trastienda_core::{AccountCode, BalancedEntry, EntryDraft, EntryLine, Language, Money};
use trastienda_store::{Company, CompanySettings};

pub const ES_PYMES: &str = include_str!("../../../../assets/charts/es-pymes.csv");

pub fn chart() -> Vec<TemplateAccount> {
    parse_template(ES_PYMES).expect("the shipped chart parses")
}

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap()
}

pub fn settings(fiscal_year_start_month: u32) -> CompanySettings {
    CompanySettings {
        name: "Ferretería Pruebas SL".into(),
        tax_id: "B12345674".into(),
        country: "ES".into(),
        address: "Calle Mayor 1, Madrid".into(),
        fiscal_year_start_month,
        currency: "EUR".into(),
        language: Language::Es,
        template: "es-pymes".into(),
    }
}

/// A company file in its own temp dir; keep the `TempDir` alive as long as the file is used.
pub struct Fixture {
    pub dir: TempDir,
    pub path: PathBuf,
    pub company: Company,
}

pub fn fresh() -> Fixture {
    fresh_with_year_start(1)
}

pub fn fresh_with_year_start(month: u32) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empresa.trastienda");
    let mut company = Company::create(&path, &settings(month), &chart(), now()).unwrap();
    open_years(&mut company, 2020, 2030);
    Fixture { dir, path, company }
}

/// Creates the fiscal years `lo..=hi` around the one a company starts with (2026, or 2025
/// for a year starting after March), so tests can post on any date of that span.
pub fn open_years(c: &mut Company, lo: i32, hi: i32) {
    let have: Vec<i32> = c.fiscal_years().unwrap().iter().map(|y| y.year).collect();
    let (first, last) = (*have.first().unwrap(), *have.last().unwrap());
    for y in (last + 1)..=hi {
        c.create_fiscal_year(y, now()).unwrap();
    }
    for y in (lo..first).rev() {
        c.create_fiscal_year(y, now()).unwrap();
    }
}

pub fn code(s: &str) -> AccountCode {
    AccountCode::parse(s).unwrap()
}

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A balanced entry from (account, amount in cents; positive debit, negative credit).
pub fn entry(date: NaiveDate, description: &str, lines: &[(&str, i64)]) -> BalancedEntry {
    BalancedEntry::new(EntryDraft {
        date,
        description: description.into(),
        lines: lines
            .iter()
            .map(|(acc, cents)| EntryLine {
                account: code(acc),
                description: String::new(),
                debit: Money::from_cents((*cents).max(0)),
                credit: Money::from_cents((-*cents).max(0)),
            })
            .collect(),
    })
    .expect("test entries balance")
}

/// SplitMix64: tiny, deterministic, good enough to generate ledgers.
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
    /// Uniform in lo..=hi.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % ((hi - lo + 1) as u64)) as i64
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() as i64 - 1) as usize]
    }
}

/// The accounts generated entries post to: the bank is the busiest, as in real books.
pub const LEAVES: &[&str] = &[
    "5720001", "430", "400", "410", "4720021", "4770021", "700", "705", "600", "621", "628", "629",
    "640", "642", "4751001", "4760001", "5700001",
];

/// One generated entry: (date, lines as (account, cents)).
pub type Generated = (NaiveDate, Vec<(String, i64)>);

/// A random balanced entry dated between `first` and `first + days`: 2 to 5 lines, the bank
/// in about half of them.
pub fn random_entry(rng: &mut Rng, first: NaiveDate, days: i64) -> Generated {
    let date = first + chrono::Days::new(rng.range(0, days - 1) as u64);
    let n = rng.range(2, 5) as usize;
    let mut lines: Vec<(String, i64)> = Vec::with_capacity(n);
    let mut sum = 0i64;
    for i in 0..n - 1 {
        let acc = if i == 0 && rng.range(0, 1) == 0 {
            "5720001"
        } else {
            *rng.pick(LEAVES)
        };
        let mut cents = rng.range(1, 500_000);
        if rng.range(0, 1) == 0 {
            cents = -cents;
        }
        sum += cents;
        lines.push((acc.to_string(), cents));
    }
    if sum == 0 {
        // Make the closing line non-zero: nudge the first line.
        lines[0].1 += if lines[0].1 > 0 { 1 } else { -1 };
        sum = lines.iter().map(|l| l.1).sum();
    }
    lines.push((rng.pick(LEAVES).to_string(), -sum));
    (date, lines)
}

pub fn to_entry(g: &Generated, i: usize) -> BalancedEntry {
    let lines: Vec<(&str, i64)> = g.1.iter().map(|(a, c)| (a.as_str(), *c)).collect();
    entry(g.0, &format!("Asiento generado {i}"), &lines)
}

/// Approves a pay run with a stand-in PDF archived for each payslip (the store keeps what the
/// api renders; these tests are about the figures).
pub fn approve_run(c: &mut Company, id: i64) -> trastienda_store::PayRunRecord {
    let run = c.pay_run(id).unwrap();
    let archive: Vec<(i64, Vec<u8>)> = run
        .payslips
        .iter()
        .map(|p| (p.id, format!("%PDF-1.7 payslip {}", p.id).into_bytes()))
        .collect();
    c.approve_pay_run(id, &archive, now()).unwrap()
}
