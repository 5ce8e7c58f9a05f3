//! Fiscal years: a company's year starts on the first day of a month of its choosing. A
//! fiscal year is named by the calendar year in which it starts.

use chrono::{Datelike, NaiveDate};

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
}
