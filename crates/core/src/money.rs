//! The one door for amounts. `Money` is a `Decimal` with exactly two decimals, in the
//! company's currency; it is stored as integer cents so SQL sums are exact. Never a float.

use rust_decimal::Decimal;
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(Decimal);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("'{0}' is not an amount (use digits with '.' as decimal point, e.g. 1234.56)")]
    NotANumber(String),
    #[error("'{0}' has more than 2 decimals")]
    TooManyDecimals(String),
    #[error("'{0}' is too large")]
    TooLarge(String),
}

/// Largest absolute amount accepted: 10^15 cents fits comfortably in i64 with room for sums.
const MAX_CENTS: i64 = 1_000_000_000_000_000;

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    pub fn from_cents(cents: i64) -> Money {
        Money(Decimal::new(cents, 2))
    }

    /// The amount in cents. Exact: a `Money` never holds more than two decimals.
    pub fn cents(self) -> i64 {
        let mut d = self.0;
        d.rescale(2);
        i64::try_from(d.mantissa()).expect("Money stays within i64 cents")
    }

    pub fn decimal(self) -> Decimal {
        self.0
    }

    /// From a decimal with at most two decimals.
    pub fn from_decimal(d: Decimal) -> Result<Money, MoneyError> {
        let n = d.normalize();
        if n.scale() > 2 {
            return Err(MoneyError::TooManyDecimals(d.to_string()));
        }
        let mut d2 = n;
        d2.rescale(2);
        if d2.mantissa().abs() > MAX_CENTS as i128 {
            return Err(MoneyError::TooLarge(d.to_string()));
        }
        Ok(Money(d2))
    }

    /// Parses "1234.56", "-3", "0.5", " 12.30 ". An empty string is zero. Thousand separators
    /// and decimal commas are refused: the caller converts locale input first.
    pub fn parse(s: &str) -> Result<Money, MoneyError> {
        let t = s.trim();
        if t.is_empty() {
            return Ok(Money::ZERO);
        }
        let valid = t
            .strip_prefix('-')
            .or_else(|| t.strip_prefix('+'))
            .unwrap_or(t)
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.');
        if !valid || t.matches('.').count() > 1 || !t.chars().any(|c| c.is_ascii_digit()) {
            return Err(MoneyError::NotANumber(s.to_string()));
        }
        let d = Decimal::from_str(t).map_err(|_| MoneyError::NotANumber(s.to_string()))?;
        if let Some((_, frac)) = t.split_once('.') {
            if frac.len() > 2 && frac[2..].chars().any(|c| c != '0') {
                return Err(MoneyError::TooManyDecimals(s.to_string()));
            }
        }
        Money::from_decimal(d)
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }
    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }
    pub fn abs(self) -> Money {
        Money(self.0.abs())
    }
    /// A signed ledger amount as (debit, credit): positive amounts are debits, negative
    /// amounts credits; the other side is zero.
    pub fn sides(self) -> (Money, Money) {
        if self.is_negative() {
            (Money::ZERO, -self)
        } else {
            (self, Money::ZERO)
        }
    }
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }
}

impl fmt::Display for Money {
    /// Always two decimals, '.' as decimal point: the wire and CSV format.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = self.0;
        d.rescale(2);
        if d.is_zero() {
            d = Decimal::new(0, 2);
        }
        write!(f, "{d}")
    }
}

impl FromStr for Money {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Money, MoneyError> {
        Money::parse(s)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money(self.0 + o.0)
    }
}
impl Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        Money(self.0 - o.0)
    }
}
impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}
impl AddAssign for Money {
    fn add_assign(&mut self, o: Money) {
        self.0 += o.0;
    }
}
impl SubAssign for Money {
    fn sub_assign(&mut self, o: Money) {
        self.0 -= o.0;
    }
}
impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}
impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + *b)
    }
}

/// Formats an amount for people: `es` gives "1.234,56", `en` gives "1,234.56" (no symbol).
pub fn format_grouped(m: Money, lang: crate::Language) -> String {
    let (thousands, decimal) = match lang {
        crate::Language::Es => ('.', ','),
        crate::Language::En => (',', '.'),
    };
    let s = m.abs().to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(thousands);
        }
        grouped.push(c);
    }
    let sign = if m.is_negative() { "-" } else { "" };
    format!("{sign}{grouped}{decimal}{frac}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Language;

    #[test]
    fn parses_and_prints_two_decimals() {
        for (input, out) in [
            ("1234.56", "1234.56"),
            ("-3", "-3.00"),
            ("0.5", "0.50"),
            (" 12.30 ", "12.30"),
            ("", "0.00"),
            ("-0", "0.00"),
            ("7.000", "7.00"),
        ] {
            assert_eq!(Money::parse(input).unwrap().to_string(), out, "{input}");
        }
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        for bad in ["1,5", "abc", "1.2.3", "1e5", "--1", ".", "12 34"] {
            assert!(
                matches!(Money::parse(bad), Err(MoneyError::NotANumber(_))),
                "{bad}"
            );
        }
        assert!(matches!(
            Money::parse("1.234"),
            Err(MoneyError::TooManyDecimals(_))
        ));
        assert!(matches!(
            Money::parse("99999999999999999999"),
            Err(MoneyError::TooLarge(_))
        ));
    }

    #[test]
    fn cents_round_trip() {
        for c in [0i64, 1, -1, 123456, -987654321, MAX_CENTS] {
            assert_eq!(Money::from_cents(c).cents(), c);
        }
        assert_eq!(Money::parse("12.3").unwrap().cents(), 1230);
    }

    #[test]
    fn formats_for_people() {
        let m = Money::parse("-1234567.8").unwrap();
        assert_eq!(format_grouped(m, Language::Es), "-1.234.567,80");
        assert_eq!(format_grouped(m, Language::En), "-1,234,567.80");
        assert_eq!(format_grouped(Money::from_cents(5), Language::Es), "0,05");
        assert_eq!(
            format_grouped(Money::from_cents(100000), Language::En),
            "1,000.00"
        );
    }
}
