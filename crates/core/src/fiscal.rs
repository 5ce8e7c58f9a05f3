//! Fiscal years: a company's year starts on the first day of a month of its choosing. A
//! fiscal year is named by the calendar year in which it starts.

use chrono::{Datelike, Months, NaiveDate};

/// How often a recurring entry repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Every {
    Month,
    Quarter,
    Year,
}

impl Every {
    pub fn as_str(self) -> &'static str {
        match self {
            Every::Month => "monthly",
            Every::Quarter => "quarterly",
            Every::Year => "yearly",
        }
    }
    pub fn parse(s: &str) -> Option<Every> {
        match s {
            "monthly" => Some(Every::Month),
            "quarterly" => Some(Every::Quarter),
            "yearly" => Some(Every::Year),
            _ => None,
        }
    }
    fn months(self) -> u32 {
        match self {
            Every::Month => 1,
            Every::Quarter => 3,
            Every::Year => 12,
        }
    }

    /// The `n`th occurrence after `first` (n = 0 is `first`). Counting from the first date,
    /// not from the previous occurrence, keeps a 31st-of-the-month schedule on the last day
    /// of short months without drifting to the 28th for good.
    pub fn nth(self, first: NaiveDate, n: u32) -> Option<NaiveDate> {
        first.checked_add_months(Months::new(self.months().checked_mul(n)?))
    }
}

/// The dates a schedule that started on `first` falls due from occurrence `done` on, up to
/// and including `until`.
pub fn due_dates(every: Every, first: NaiveDate, done: u32, until: NaiveDate) -> Vec<NaiveDate> {
    (done..)
        .map_while(|n| every.nth(first, n))
        .take_while(|d| *d <= until)
        .collect()
}

/// The fiscal year (named by its starting calendar year) that `date` falls in.
pub fn fiscal_year_of(date: NaiveDate, start_month: u32) -> i32 {
    if date.month() >= start_month.clamp(1, 12) {
        date.year()
    } else {
        date.year() - 1
    }
}

/// First and last day of fiscal year `year`.
pub fn fiscal_year_bounds(year: i32, start_month: u32) -> (NaiveDate, NaiveDate) {
    let m = start_month.clamp(1, 12);
    let start = NaiveDate::from_ymd_opt(year, m, 1).expect("valid month");
    let next = if m == 1 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year + 1, m, 1)
    }
    .expect("valid date");
    (start, next.pred_opt().expect("valid date"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn calendar_and_shifted_years() {
        assert_eq!(fiscal_year_of(d(2026, 1, 1), 1), 2026);
        assert_eq!(fiscal_year_of(d(2026, 12, 31), 1), 2026);
        assert_eq!(fiscal_year_of(d(2026, 6, 30), 7), 2025);
        assert_eq!(fiscal_year_of(d(2026, 7, 1), 7), 2026);
        assert_eq!(
            fiscal_year_bounds(2026, 1),
            (d(2026, 1, 1), d(2026, 12, 31))
        );
        assert_eq!(fiscal_year_bounds(2025, 7), (d(2025, 7, 1), d(2026, 6, 30)));
        assert_eq!(fiscal_year_bounds(2024, 3), (d(2024, 3, 1), d(2025, 2, 28)));
    }

    #[test]
    fn month_end_schedules_do_not_drift() {
        let first = d(2026, 1, 31);
        assert_eq!(Every::Month.nth(first, 1), Some(d(2026, 2, 28)));
        assert_eq!(Every::Month.nth(first, 2), Some(d(2026, 3, 31)));
        assert_eq!(Every::Quarter.nth(first, 1), Some(d(2026, 4, 30)));
        assert_eq!(Every::Year.nth(d(2024, 2, 29), 1), Some(d(2025, 2, 28)));
        assert_eq!(
            due_dates(Every::Month, d(2026, 1, 5), 1, d(2026, 4, 5)),
            vec![d(2026, 2, 5), d(2026, 3, 5), d(2026, 4, 5)]
        );
        assert!(due_dates(Every::Year, d(2026, 1, 5), 1, d(2026, 12, 31)).is_empty());
    }
}
