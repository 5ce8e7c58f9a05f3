//! Aging of receivables and payables: open amounts by how long they are overdue on a given
//! day, and the late-payment interest of Ley 3/2004 (the ECB's rate plus eight points, a
//! rate per calendar half-year, simple interest by day over 365). Used for customers and
//! suppliers alike; the store supplies the open items, the caller supplies `as_of`.

use crate::invoice::round_to_cents;
use crate::money::Money;
use crate::problem::{Problem, ProblemCode};
use crate::Language;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// How overdue an amount is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AgingBucket {
    /// Not yet due, or due today.
    Current,
    Days1To30,
    Days31To60,
    Days61To90,
    Over90,
}

impl AgingBucket {
    pub const ALL: [AgingBucket; 5] = [
        AgingBucket::Current,
        AgingBucket::Days1To30,
        AgingBucket::Days31To60,
        AgingBucket::Days61To90,
        AgingBucket::Over90,
    ];

    /// The bucket of an amount due on `due`, seen on `as_of`.
    pub fn of(due: NaiveDate, as_of: NaiveDate) -> AgingBucket {
        match days_overdue(due, as_of) {
            0 => AgingBucket::Current,
            1..=30 => AgingBucket::Days1To30,
            31..=60 => AgingBucket::Days31To60,
            61..=90 => AgingBucket::Days61To90,
            _ => AgingBucket::Over90,
        }
    }
    /// A stable code for storage, CSV headers and the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            AgingBucket::Current => "current",
            AgingBucket::Days1To30 => "1-30",
            AgingBucket::Days31To60 => "31-60",
            AgingBucket::Days61To90 => "61-90",
            AgingBucket::Over90 => "over-90",
        }
    }
    pub fn label(self, lang: Language) -> &'static str {
        match (self, lang) {
            (AgingBucket::Current, Language::Es) => "No vencido",
            (AgingBucket::Current, Language::En) => "Current",
            (AgingBucket::Days1To30, _) => "1-30",
            (AgingBucket::Days31To60, _) => "31-60",
            (AgingBucket::Days61To90, _) => "61-90",
            (AgingBucket::Over90, _) => "> 90",
        }
    }
    fn index(self) -> usize {
        self as usize
    }
}

/// Days past `due` on `as_of`; 0 when not yet overdue.
pub fn days_overdue(due: NaiveDate, as_of: NaiveDate) -> i64 {
    (as_of - due).num_days().max(0)
}

/// Open amounts by bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AgingTotals {
    amounts: [Money; 5],
}

impl AgingTotals {
    pub fn add(&mut self, bucket: AgingBucket, amount: Money) {
        self.amounts[bucket.index()] += amount;
    }
    pub fn get(&self, bucket: AgingBucket) -> Money {
        self.amounts[bucket.index()]
    }
    /// Every bucket with its amount, in order.
    pub fn buckets(&self) -> impl Iterator<Item = (AgingBucket, Money)> + '_ {
        AgingBucket::ALL.into_iter().map(|b| (b, self.get(b)))
    }
    pub fn total(&self) -> Money {
        self.amounts.iter().sum()
    }
    /// Everything but `Current`.
    pub fn overdue(&self) -> Money {
        self.total() - self.get(AgingBucket::Current)
    }
    /// Adds another set of totals (a grand total from per-customer totals).
    pub fn merge(&mut self, other: &AgingTotals) {
        for (a, b) in self.amounts.iter_mut().zip(other.amounts) {
            *a += b;
        }
    }
}

/// Ages `(due date, open amount)` items as of a day. Credits (negative open amounts, such as
/// an unapplied payment) age like any other item and reduce their bucket.
pub fn age(items: impl IntoIterator<Item = (NaiveDate, Money)>, as_of: NaiveDate) -> AgingTotals {
    let mut t = AgingTotals::default();
    for (due, amount) in items {
        t.add(AgingBucket::of(due, as_of), amount);
    }
    t
}

/// Ages `(key, due date, open amount)` items per key (a customer, a supplier).
pub fn age_by<K: Ord>(
    items: impl IntoIterator<Item = (K, NaiveDate, Money)>,
    as_of: NaiveDate,
) -> BTreeMap<K, AgingTotals> {
    let mut out: BTreeMap<K, AgingTotals> = BTreeMap::new();
    for (key, due, amount) in items {
        out.entry(key)
            .or_default()
            .add(AgingBucket::of(due, as_of), amount);
    }
    out
}

// ---------------------------------------------------------------------------------------
// Late-payment interest (Ley 3/2004)
// ---------------------------------------------------------------------------------------

/// The points Ley 3/2004 art. 7.2 adds to the ECB's rate.
pub fn late_payment_spread() -> Decimal {
    Decimal::new(8, 0)
}

/// The fixed compensation for collection costs a creditor may claim per overdue invoice
/// (Ley 3/2004 art. 8.1): 40 €.
pub fn collection_costs_compensation() -> Money {
    Money::from_cents(4_000)
}

/// The ECB's rate for a calendar half-year: the rate of its most recent main refinancing
/// operation before 1 January (first half) or 1 July (second half), as the Ministry of
/// Finance publishes it in the BOE each half-year. Data, not code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SemesterRate {
    pub year: i32,
    /// 1 (January-June) or 2 (July-December).
    pub half: u8,
    /// The ECB's rate, in percent.
    pub ecb_rate: Decimal,
}

impl SemesterRate {
    /// The legal late-payment rate of the half-year: ECB rate + 8 points.
    pub fn late_payment_rate(&self) -> Decimal {
        self.ecb_rate + late_payment_spread()
    }
}

/// The half-year a day falls in (year, 1 or 2) and that half-year's last day.
fn semester_of(d: NaiveDate) -> (i32, u8, NaiveDate) {
    let (half, end) = if d.month() <= 6 {
        (1, NaiveDate::from_ymd_opt(d.year(), 6, 30))
    } else {
        (2, NaiveDate::from_ymd_opt(d.year(), 12, 31))
    };
    (d.year(), half, end.expect("valid date"))
}

/// Interest for one stretch at one rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterestPeriod {
    /// First and last day the interest runs, both included.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: i64,
    /// Annual rate in percent.
    pub rate: Decimal,
    pub interest: Money,
}

/// Late-payment interest with its breakdown (for the reminder letter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateInterest {
    pub days: i64,
    pub periods: Vec<InterestPeriod>,
    /// The sum of the periods' rounded interest.
    pub interest: Money,
}

/// Simple interest: round(amount × rate/100 × days/365), half away from zero.
pub fn simple_interest(amount: Money, annual_rate: Decimal, days: i64) -> Money {
    (|| {
        let x = amount
            .decimal()
            .checked_mul(annual_rate)?
            .checked_mul(Decimal::from(days))?
            .checked_div(Decimal::new(36_500, 0))?;
        round_to_cents(x)
    })()
    .unwrap_or(Money::ZERO)
}

/// The interest of Ley 3/2004 on `amount` due on `due` and paid (or claimed) on `until`:
/// it runs from the day after the due date to `until`, both included (`until − due` days),
/// each day at the legal rate of its calendar half-year (ECB rate + 8 points, art. 7.2),
/// simple interest over a 365-day year. A stretch within one half-year is one period,
/// rounded to cents; the total is the sum of the periods. Every half-year crossed needs its
/// rate in `rates`, else the problem names the one missing.
pub fn late_payment_interest(
    amount: Money,
    due: NaiveDate,
    until: NaiveDate,
    rates: &[SemesterRate],
) -> Result<LateInterest, Problem> {
    let mut periods = Vec::new();
    let mut day = match due.succ_opt() {
        Some(d) => d,
        None => {
            return Ok(LateInterest {
                days: 0,
                periods,
                interest: Money::ZERO,
            })
        }
    };
    while day <= until {
        let (year, half, end) = semester_of(day);
        let to = end.min(until);
        let rate = rates
            .iter()
            .find(|r| r.year == year && r.half == half)
            .ok_or_else(|| {
                Problem::new(
                    ProblemCode::NotFound,
                    format!(
                        "no late-payment rate for the {} half of {year}; add the ECB rate published for it",
                        if half == 1 { "first" } else { "second" }
                    ),
                )
                .field("rate")
                .param("year", year)
                .param("half", half)
            })?
            .late_payment_rate();
        let days = (to - day).num_days() + 1;
        periods.push(InterestPeriod {
            from: day,
            to,
            days,
            rate,
            interest: simple_interest(amount, rate, days),
        });
        day = match to.succ_opt() {
            Some(d) => d,
            None => break,
        };
    }
    Ok(LateInterest {
        days: periods.iter().map(|p| p.days).sum(),
        interest: periods.iter().map(|p| p.interest).sum(),
        periods,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn eur(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    #[test]
    fn bucket_edges() {
        let as_of = d(2027, 6, 30);
        for (due, bucket) in [
            (d(2027, 7, 15), AgingBucket::Current),
            (d(2027, 6, 30), AgingBucket::Current),
            (d(2027, 6, 29), AgingBucket::Days1To30),
            (d(2027, 5, 31), AgingBucket::Days1To30), // 30 days
            (d(2027, 5, 30), AgingBucket::Days31To60), // 31 days
            (d(2027, 5, 1), AgingBucket::Days31To60), // 60 days
            (d(2027, 4, 30), AgingBucket::Days61To90), // 61 days
            (d(2027, 4, 1), AgingBucket::Days61To90), // 90 days
            (d(2027, 3, 31), AgingBucket::Over90),    // 91 days
        ] {
            assert_eq!(AgingBucket::of(due, as_of), bucket, "{due}");
        }
    }

    #[test]
    fn ages_items_into_buckets() {
        let as_of = d(2027, 6, 30);
        let t = age(
            [
                (d(2027, 7, 31), eur("1210.00")),
                (d(2027, 6, 20), eur("100.00")),
                (d(2027, 6, 1), eur("50.50")),
                (d(2027, 5, 15), eur("300.00")),
                (d(2027, 1, 10), eur("99.99")),
                (d(2027, 6, 25), eur("-20.00")),
            ],
            as_of,
        );
        assert_eq!(t.get(AgingBucket::Current), eur("1210.00"));
        assert_eq!(t.get(AgingBucket::Days1To30), eur("130.50"));
        assert_eq!(t.get(AgingBucket::Days31To60), eur("300.00"));
        assert_eq!(t.get(AgingBucket::Days61To90), Money::ZERO);
        assert_eq!(t.get(AgingBucket::Over90), eur("99.99"));
        assert_eq!(t.total(), eur("1740.49"));
        assert_eq!(t.overdue(), eur("530.49"));

        let by = age_by(
            [
                ("ana", d(2027, 6, 1), eur("10.00")),
                ("bea", d(2027, 1, 1), eur("5.00")),
                ("ana", d(2027, 1, 1), eur("7.00")),
            ],
            as_of,
        );
        assert_eq!(by["ana"].total(), eur("17.00"));
        assert_eq!(by["ana"].get(AgingBucket::Over90), eur("7.00"));
        assert_eq!(by["bea"].overdue(), eur("5.00"));
    }

    fn rates() -> Vec<SemesterRate> {
        // ECB rates as published for 2024 (4.50 and 4.25) and 2025 (3.15 and 2.15).
        vec![
            SemesterRate {
                year: 2024,
                half: 1,
                ecb_rate: dec!(4.50),
            },
            SemesterRate {
                year: 2024,
                half: 2,
                ecb_rate: dec!(4.25),
            },
            SemesterRate {
                year: 2025,
                half: 1,
                ecb_rate: dec!(3.15),
            },
            SemesterRate {
                year: 2025,
                half: 2,
                ecb_rate: dec!(2.15),
            },
        ]
    }

    #[test]
    fn interest_by_hand_within_one_half_year() {
        // 1 000.00 due 2025-02-10, paid 2025-03-12: 30 days at 3.15 + 8 = 11.15 %.
        // 1000 × 0.1115 × 30 / 365 = 3345 / 365 = 9.1643... -> 9.16.
        let r = late_payment_interest(eur("1000.00"), d(2025, 2, 10), d(2025, 3, 12), &rates())
            .unwrap();
        assert_eq!(r.days, 30);
        assert_eq!(r.interest, eur("9.16"));
        assert_eq!(r.periods.len(), 1);
        assert_eq!(r.periods[0].rate, dec!(11.15));
        assert_eq!(r.periods[0].from, d(2025, 2, 11));
    }

    #[test]
    fn interest_by_hand_across_half_years() {
        // 1 000.00 due 2024-06-15, paid 2024-07-15:
        // 16-30 June, 15 days at 12.50 %: 1000 × 0.125 × 15 / 365 = 5.1369... -> 5.14;
        // 1-15 July, 15 days at 12.25 %: 1000 × 0.1225 × 15 / 365 = 5.0342... -> 5.03.
        let r = late_payment_interest(eur("1000.00"), d(2024, 6, 15), d(2024, 7, 15), &rates())
            .unwrap();
        assert_eq!(r.days, 30);
        let parts: Vec<_> = r
            .periods
            .iter()
            .map(|p| (p.from, p.to, p.days, p.rate, p.interest))
            .collect();
        assert_eq!(
            parts,
            vec![
                (d(2024, 6, 16), d(2024, 6, 30), 15, dec!(12.50), eur("5.14")),
                (d(2024, 7, 1), d(2024, 7, 15), 15, dec!(12.25), eur("5.03")),
            ]
        );
        assert_eq!(r.interest, eur("10.17"));
    }

    #[test]
    fn no_interest_before_due_and_a_missing_rate_is_named() {
        let r =
            late_payment_interest(eur("500.00"), d(2025, 3, 1), d(2025, 3, 1), &rates()).unwrap();
        assert_eq!((r.days, r.interest), (0, Money::ZERO));
        let p = late_payment_interest(eur("500.00"), d(2025, 12, 1), d(2026, 1, 10), &rates())
            .unwrap_err();
        assert_eq!(p.code, ProblemCode::NotFound);
        assert!(p.message.contains("first half of 2026"), "{}", p.message);
        assert_eq!(collection_costs_compensation(), eur("40.00"));
    }

    #[test]
    fn simple_interest_rounds_half_away_from_zero() {
        // 365.00 × 10 % × 1 / 365 = 0.10; 36.50 × 5 % × 1 / 365 = 0.005 -> 0.01.
        assert_eq!(simple_interest(eur("365.00"), dec!(10), 1), eur("0.10"));
        assert_eq!(simple_interest(eur("36.50"), dec!(5), 1), eur("0.01"));
        assert_eq!(simple_interest(eur("-36.50"), dec!(5), 1), eur("-0.01"));
    }

    proptest! {
        #[test]
        fn buckets_add_up_to_the_total(
            items in prop::collection::vec((0i64..400, -100_000i64..1_000_000), 0..50),
        ) {
            let as_of = d(2027, 6, 30);
            let list: Vec<_> = items
                .iter()
                .map(|(ago, c)| (as_of - chrono::Duration::days(*ago - 30), Money::from_cents(*c)))
                .collect();
            let t = age(list.iter().copied(), as_of);
            let sum: Money = list.iter().map(|(_, m)| *m).sum();
            prop_assert_eq!(t.total(), sum);
            let by_bucket: Money = t.buckets().map(|(_, m)| m).sum();
            prop_assert_eq!(by_bucket, sum);
        }

        #[test]
        fn interest_days_are_the_days_late(due_offset in 0i64..700, late in 0i64..500) {
            let due = d(2024, 1, 1) + chrono::Duration::days(due_offset);
            let until = due + chrono::Duration::days(late);
            prop_assume!(until <= d(2025, 12, 31));
            let r = late_payment_interest(Money::from_cents(100_000), due, until, &rates()).unwrap();
            prop_assert_eq!(r.days, late);
            prop_assert!(!r.interest.is_negative());
        }
    }
}
