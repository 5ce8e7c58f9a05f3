//! Invoice series and numbering. A series is one kind of document (normal, credit note,
//! simplified) for one year; its numbers are gap-free and consecutive, and each issue date is
//! on or after the last one issued in it. The store assigns the next number inside the
//! issuing transaction; these are the rules it applies.

use crate::problem::{Problem, ProblemCode};
use chrono::{Datelike, NaiveDate};

/// What a series numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SeriesKind {
    /// Complete invoices: code `F`.
    Normal,
    /// Credit notes (facturas rectificativas): code `R`.
    Corrective,
    /// Simplified invoices (tickets): code `T`.
    Simplified,
}

impl SeriesKind {
    /// The default series code: F, R or T.
    pub fn code(self) -> &'static str {
        match self {
            SeriesKind::Normal => "F",
            SeriesKind::Corrective => "R",
            SeriesKind::Simplified => "T",
        }
    }
    pub fn parse(s: &str) -> Option<SeriesKind> {
        match s.trim().to_ascii_uppercase().as_str() {
            "F" => Some(SeriesKind::Normal),
            "R" => Some(SeriesKind::Corrective),
            "T" => Some(SeriesKind::Simplified),
            _ => None,
        }
    }
    /// What the default numbering prints before the year: nothing for F ("2027-0001"), the
    /// code for the others ("R2027-0001", "T2027-0001").
    pub fn default_prefix(self) -> &'static str {
        match self {
            SeriesKind::Normal => "",
            other => other.code(),
        }
    }
}

/// How a series prints its numbers: `{prefix}{year}{separator}{number}`, the number padded
/// with zeros to `width` digits (a longer number is printed whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesFormat {
    pub prefix: String,
    pub separator: String,
    pub width: usize,
}

/// One series for one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    /// The series' code, unique within the company and year (F, R, T or the company's own).
    pub code: String,
    pub kind: SeriesKind,
    pub year: i32,
    pub format: SeriesFormat,
}

impl Series {
    /// The default series of a kind for a year: code F/R/T, "2027-0001" / "R2027-0001".
    pub fn new(kind: SeriesKind, year: i32) -> Series {
        Series {
            code: kind.code().to_string(),
            kind,
            year,
            format: SeriesFormat {
                prefix: kind.default_prefix().to_string(),
                separator: "-".to_string(),
                width: 4,
            },
        }
    }

    /// Checks a series' settings: a code, a printable prefix and separator, a width of 1 to
    /// 10 digits (so a printed number stays well within VeriFactu's 60 characters).
    pub fn validate(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        let code = self.code.trim();
        if code.is_empty() {
            problems
                .push(Problem::new(ProblemCode::Required, "a series needs a code").field("code"));
        } else if !code.chars().all(|c| c.is_ascii_alphanumeric()) || code.len() > 10 {
            problems.push(
                Problem::new(
                    ProblemCode::InvalidCode,
                    format!("'{code}' is not a series code (up to 10 letters and digits)"),
                )
                .field("code"),
            );
        }
        let printable = |s: &str| s.chars().all(|c| c.is_ascii_graphic()) && s.len() <= 10;
        if !printable(&self.format.prefix) {
            problems.push(
                Problem::new(
                    ProblemCode::InvalidCode,
                    "the prefix is up to 10 visible characters, without spaces",
                )
                .field("prefix"),
            );
        }
        if !printable(&self.format.separator) {
            problems.push(
                Problem::new(
                    ProblemCode::InvalidCode,
                    "the separator is up to 10 visible characters, without spaces",
                )
                .field("separator"),
            );
        }
        if !(1..=10).contains(&self.format.width) {
            problems.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    format!(
                        "a width of {} digits is not between 1 and 10",
                        self.format.width
                    ),
                )
                .field("width")
                .param("min", 1)
                .param("max", 10),
            );
        }
        problems
    }

    /// The printed number: `format(7)` is "2027-0007" (or "R2027-0007").
    pub fn format(&self, number: u32) -> String {
        format!(
            "{}{}{}{:0width$}",
            self.format.prefix,
            self.year,
            self.format.separator,
            number,
            width = self.format.width
        )
    }

    /// The number in a printed number of this series, if it is one.
    pub fn parse(&self, printed: &str) -> Option<u32> {
        let head = format!(
            "{}{}{}",
            self.format.prefix, self.year, self.format.separator
        );
        let digits = printed.trim().strip_prefix(&head)?;
        if digits.len() < self.format.width || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let n: u32 = digits.parse().ok()?;
        (n >= 1 && self.format(n) == printed.trim()).then_some(n)
    }

    /// Checks that a document may be issued in this series on `date`: the date falls in the
    /// series' year and is not before `last_issued`, the date of the last document issued in
    /// the series (numbers and dates go up together).
    pub fn check_issue_date(
        &self,
        date: NaiveDate,
        last_issued: Option<NaiveDate>,
    ) -> Result<(), Problem> {
        if date.year() != self.year {
            return Err(Problem::new(
                ProblemCode::InvalidDate,
                format!(
                    "{date} is not in {}, the year of series {}",
                    self.year, self.code
                ),
            )
            .field("issue_date")
            .param("date", date)
            .param("year", self.year)
            .param("series", &self.code));
        }
        match last_issued {
            Some(last) if date < last => Err(Problem::new(
                ProblemCode::InvalidDate,
                format!(
                    "the issue date {date} is before {last}, the date of the last invoice issued in series {} {}; date it {last} or later",
                    self.code, self.year
                ),
            )
            .field("issue_date")
            .param("date", date)
            .param("last_issued", last)
            .param("series", &self.code)),
            _ => Ok(()),
        }
    }
}

/// The number that follows `last` (`None` when nothing has been issued yet: 1); `None` when
/// the series is exhausted.
pub fn next_number(last: Option<u32>) -> Option<u32> {
    match last {
        None => Some(1),
        Some(n) => n.checked_add(1),
    }
}

/// The first number missing from a series' issued numbers (which must run 1, 2, 3 ... in
/// order), or `None` when they are gap-free. A repeated or out-of-order number counts as the
/// gap where it stands.
pub fn first_gap(numbers: &[u32]) -> Option<u32> {
    numbers
        .iter()
        .zip(1u32..)
        .find(|(n, expected)| **n != *expected)
        .map(|(_, expected)| expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn default_formats() {
        assert_eq!(Series::new(SeriesKind::Normal, 2027).format(1), "2027-0001");
        assert_eq!(
            Series::new(SeriesKind::Corrective, 2027).format(1),
            "R2027-0001"
        );
        assert_eq!(
            Series::new(SeriesKind::Simplified, 2027).format(123),
            "T2027-0123"
        );
        assert_eq!(
            Series::new(SeriesKind::Normal, 2027).format(12345),
            "2027-12345"
        );
        assert!(Series::new(SeriesKind::Normal, 2027).validate().is_empty());
    }

    #[test]
    fn custom_format_and_parse() {
        let s = Series {
            code: "A".into(),
            kind: SeriesKind::Normal,
            year: 2027,
            format: SeriesFormat {
                prefix: "A/".into(),
                separator: "/".into(),
                width: 6,
            },
        };
        assert_eq!(s.format(42), "A/2027/000042");
        assert_eq!(s.parse("A/2027/000042"), Some(42));
        assert_eq!(s.parse("A/2027/42"), None);
        assert_eq!(s.parse("A/2026/000042"), None);
        assert_eq!(s.parse("A/2027/000000"), None);
        let r = Series::new(SeriesKind::Corrective, 2027);
        assert_eq!(r.parse("R2027-0009"), Some(9));
        assert_eq!(r.parse("2027-0009"), None);
        assert_eq!(r.parse("R2027-10000"), Some(10000));
    }

    #[test]
    fn next_numbers() {
        assert_eq!(next_number(None), Some(1));
        assert_eq!(next_number(Some(41)), Some(42));
        assert_eq!(next_number(Some(u32::MAX)), None);
        assert_eq!(first_gap(&[1, 2, 3]), None);
        assert_eq!(first_gap(&[]), None);
        assert_eq!(first_gap(&[1, 2, 4, 5]), Some(3));
        assert_eq!(first_gap(&[2, 3]), Some(1));
        assert_eq!(first_gap(&[1, 1, 2]), Some(2));
    }

    #[test]
    fn an_issue_date_before_the_last_names_both_dates() {
        let s = Series::new(SeriesKind::Normal, 2027);
        assert!(s
            .check_issue_date(d(2027, 3, 5), Some(d(2027, 3, 5)))
            .is_ok());
        assert!(s.check_issue_date(d(2027, 3, 6), None).is_ok());
        let p = s
            .check_issue_date(d(2027, 3, 4), Some(d(2027, 3, 5)))
            .unwrap_err();
        assert_eq!(p.code, ProblemCode::InvalidDate);
        assert!(p.message.contains("2027-03-04"), "{}", p.message);
        assert!(p.message.contains("2027-03-05"), "{}", p.message);
        assert!(p
            .params
            .contains(&("last_issued".into(), "2027-03-05".into())));
        let p = s.check_issue_date(d(2028, 1, 2), None).unwrap_err();
        assert!(p.params.contains(&("year".into(), "2027".into())));
    }

    #[test]
    fn bad_settings_are_named() {
        let mut s = Series::new(SeriesKind::Normal, 2027);
        s.code = " ".into();
        s.format.prefix = "A B".into();
        s.format.width = 0;
        let fields: Vec<_> = s.validate().into_iter().map(|p| p.field.unwrap()).collect();
        assert_eq!(fields, ["code", "prefix", "width"]);
    }
}
