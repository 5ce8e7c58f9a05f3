//! Payment terms: when an invoice falls due. One or several instalments, each a percentage
//! of the total due a number of days after the invoice date, optionally moved to the
//! customer's (or supplier's) fixed payment day(s) of the month ("días de pago").

use crate::invoice::round_to_cents;
use crate::money::Money;
use crate::problem::{Problem, ProblemCode};
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;

/// The longest term Ley 3/2004 art. 4 allows between businesses: 60 days.
pub const LEGAL_MAX_DAYS: i64 = 60;

/// One instalment: `percent` of the total, `days` after the invoice date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instalment {
    pub days: u32,
    pub percent: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentTerms {
    pub instalments: Vec<Instalment>,
    /// Days of the month (1-31) on which the customer pays; empty for any day. A due date is
    /// moved to the first of them on or after it; 31 (or 30, 29) means the month's last day in
    /// shorter months.
    pub payment_days: Vec<u32>,
}

/// One due date and the amount due on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    pub date: NaiveDate,
    pub amount: Money,
}

impl PaymentTerms {
    /// Everything due on the invoice date.
    pub fn immediate() -> PaymentTerms {
        PaymentTerms::net(0)
    }
    /// Everything due `days` after the invoice date.
    pub fn net(days: u32) -> PaymentTerms {
        PaymentTerms {
            instalments: vec![Instalment {
                days,
                percent: Decimal::ONE_HUNDRED,
            }],
            payment_days: Vec::new(),
        }
    }
    /// Equal instalments at each of `days` ("30-60-90"): percentages to two decimals, the
    /// last taking what is left (33.33, 33.33, 33.34).
    pub fn equal(days: &[u32]) -> PaymentTerms {
        let n = Decimal::from(days.len().max(1));
        let share = (Decimal::ONE_HUNDRED / n)
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToZero);
        let mut instalments: Vec<Instalment> = days
            .iter()
            .map(|&d| Instalment {
                days: d,
                percent: share,
            })
            .collect();
        if let Some(last) = instalments.last_mut() {
            last.percent = Decimal::ONE_HUNDRED - share * (n - Decimal::ONE);
        }
        PaymentTerms {
            instalments,
            payment_days: Vec::new(),
        }
    }
    pub fn with_payment_days(mut self, days: Vec<u32>) -> PaymentTerms {
        self.payment_days = days;
        self
    }

    /// Every problem with the terms, each naming its instalment (1-based row) and field: no
    /// instalments, a percentage not above zero, percentages not adding up to 100, a payment
    /// day outside 1-31.
    pub fn validate(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        if self.instalments.is_empty() {
            problems.push(
                Problem::new(
                    ProblemCode::Required,
                    "payment terms need at least one instalment",
                )
                .field("instalments"),
            );
        }
        for (i, inst) in self.instalments.iter().enumerate() {
            if inst.percent <= Decimal::ZERO || inst.percent > Decimal::ONE_HUNDRED {
                problems.push(
                    Problem::new(
                        ProblemCode::OutOfRange,
                        format!(
                            "an instalment of {} % is not between 0 and 100",
                            inst.percent
                        ),
                    )
                    .at_row(i as u32 + 1)
                    .field("percent")
                    .param("percent", inst.percent),
                );
            }
        }
        let sum: Decimal = self.instalments.iter().map(|i| i.percent).sum();
        if !self.instalments.is_empty() && sum != Decimal::ONE_HUNDRED {
            problems.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    format!("the instalments add up to {sum} %, not 100 %"),
                )
                .field("percent")
                .param("sum", sum),
            );
        }
        for &day in &self.payment_days {
            if !(1..=31).contains(&day) {
                problems.push(
                    Problem::new(
                        ProblemCode::OutOfRange,
                        format!("{day} is not a day of the month (1-31)"),
                    )
                    .field("payment_days")
                    .param("day", day),
                );
            }
        }
        problems
    }

    /// The due dates and amounts of an invoice of `total` dated `invoice_date`. Each
    /// instalment's amount is round(total × percent / 100), half away from zero, and the last
    /// takes what is left, so they add up to the total exactly (a negative total, a credit
    /// note, gives negative amounts).
    pub fn schedule(
        &self,
        invoice_date: NaiveDate,
        total: Money,
    ) -> Result<Vec<Due>, Vec<Problem>> {
        let problems = self.validate();
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut out = Vec::with_capacity(self.instalments.len());
        let mut assigned = Money::ZERO;
        for (i, inst) in self.instalments.iter().enumerate() {
            let date = self.due_date(invoice_date, inst.days).ok_or_else(|| {
                vec![
                    Problem::new(ProblemCode::InvalidDate, "the due date is out of range")
                        .at_row(i as u32 + 1)
                        .field("days"),
                ]
            })?;
            let amount = if i + 1 == self.instalments.len() {
                total - assigned
            } else {
                total
                    .decimal()
                    .checked_mul(inst.percent)
                    .map(|x| x / Decimal::ONE_HUNDRED)
                    .and_then(round_to_cents)
                    .unwrap_or(Money::ZERO)
            };
            assigned += amount;
            out.push(Due { date, amount });
        }
        Ok(out)
    }

    /// The due date of an instalment `days` after `invoice_date`, moved to the next payment
    /// day if the terms have any.
    pub fn due_date(&self, invoice_date: NaiveDate, days: u32) -> Option<NaiveDate> {
        let d = invoice_date.checked_add_days(chrono::Days::new(u64::from(days)))?;
        next_payment_day(d, &self.payment_days)
    }

    /// Whether any due date falls more than 60 days after the invoice date (Ley 3/2004 art.
    /// 4 caps terms between businesses at 60 days; the UI warns).
    pub fn exceeds_legal_maximum(&self, invoice_date: NaiveDate) -> bool {
        self.instalments.iter().any(|i| {
            self.due_date(invoice_date, i.days)
                .is_some_and(|d| (d - invoice_date).num_days() > LEGAL_MAX_DAYS)
        })
    }
}

/// The day of `month` (1st of it given) for payment day `day`, clamped to the month's end.
fn clamp_day(first_of_month: NaiveDate, day: u32) -> Option<NaiveDate> {
    let next_month = first_of_month.checked_add_months(Months::new(1))?;
    let last = next_month.pred_opt()?.day();
    first_of_month.with_day(day.clamp(1, last))
}

/// The first of `payment_days` on or after `date` (the date itself when there are none).
pub fn next_payment_day(date: NaiveDate, payment_days: &[u32]) -> Option<NaiveDate> {
    let days: Vec<u32> = payment_days
        .iter()
        .copied()
        .filter(|d| (1..=31).contains(d))
        .collect();
    if days.is_empty() {
        return Some(date);
    }
    let mut month = date.with_day(1)?;
    // This month or the next always has one.
    for _ in 0..2 {
        let best = days
            .iter()
            .filter_map(|&d| clamp_day(month, d))
            .filter(|d| *d >= date)
            .min();
        if best.is_some() {
            return best;
        }
        month = month.checked_add_months(Months::new(1))?;
    }
    None
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
    fn net_days() {
        let t = PaymentTerms::net(30);
        assert_eq!(
            t.schedule(d(2027, 1, 15), eur("1210.00")).unwrap(),
            vec![Due {
                date: d(2027, 2, 14),
                amount: eur("1210.00")
            }]
        );
        assert_eq!(
            PaymentTerms::immediate()
                .schedule(d(2027, 1, 15), eur("10.00"))
                .unwrap()[0]
                .date,
            d(2027, 1, 15)
        );
    }

    #[test]
    fn thirty_sixty_ninety_with_payment_days() {
        // 1 000.00 in thirds from 2027-01-20, paid on the 10th or 25th:
        // +30 = 02-19 -> 02-25; +60 = 03-21 -> 03-25; +90 = 04-20 -> 04-25.
        // 1000 × 33.33 % = 333.30, twice; the last 1000 − 666.60 = 333.40.
        let t = PaymentTerms::equal(&[30, 60, 90]).with_payment_days(vec![10, 25]);
        assert_eq!(
            t.instalments.iter().map(|i| i.percent).collect::<Vec<_>>(),
            vec![dec!(33.33), dec!(33.33), dec!(33.34)]
        );
        let s = t.schedule(d(2027, 1, 20), eur("1000.00")).unwrap();
        assert_eq!(
            s,
            vec![
                Due {
                    date: d(2027, 2, 25),
                    amount: eur("333.30")
                },
                Due {
                    date: d(2027, 3, 25),
                    amount: eur("333.30")
                },
                Due {
                    date: d(2027, 4, 25),
                    amount: eur("333.40")
                },
            ]
        );
        assert!(t.exceeds_legal_maximum(d(2027, 1, 20)));
        assert!(!PaymentTerms::net(60).exceeds_legal_maximum(d(2027, 1, 20)));
    }

    #[test]
    fn payment_day_31_is_the_last_day_of_short_months() {
        assert_eq!(
            next_payment_day(d(2027, 2, 10), &[31]),
            Some(d(2027, 2, 28))
        );
        assert_eq!(
            next_payment_day(d(2028, 2, 10), &[30]),
            Some(d(2028, 2, 29))
        );
        assert_eq!(
            next_payment_day(d(2027, 4, 30), &[31]),
            Some(d(2027, 4, 30))
        );
        // After the last payment day of the month: the next month's first one.
        assert_eq!(
            next_payment_day(d(2027, 12, 26), &[5, 25]),
            Some(d(2028, 1, 5))
        );
        assert_eq!(
            next_payment_day(d(2027, 12, 25), &[5, 25]),
            Some(d(2027, 12, 25))
        );
    }

    #[test]
    fn uneven_percentages_and_rounding() {
        // 100.01 as 40 % / 60 %: 40.004 -> 40.00, the rest 60.01.
        let t = PaymentTerms {
            instalments: vec![
                Instalment {
                    days: 0,
                    percent: dec!(40),
                },
                Instalment {
                    days: 30,
                    percent: dec!(60),
                },
            ],
            payment_days: vec![],
        };
        let s = t.schedule(d(2027, 5, 1), eur("100.01")).unwrap();
        assert_eq!(s[0].amount, eur("40.00"));
        assert_eq!(s[1].amount, eur("60.01"));
        // A credit note's negative total: -40.00 and -60.01.
        let s = t.schedule(d(2027, 5, 1), eur("-100.01")).unwrap();
        assert_eq!((s[0].amount, s[1].amount), (eur("-40.00"), eur("-60.01")));
    }

    #[test]
    fn bad_terms_are_named() {
        let t = PaymentTerms {
            instalments: vec![
                Instalment {
                    days: 0,
                    percent: dec!(50),
                },
                Instalment {
                    days: 30,
                    percent: dec!(0),
                },
            ],
            payment_days: vec![0, 32],
        };
        let p = t.schedule(d(2027, 5, 1), eur("1.00")).unwrap_err();
        let got: Vec<_> = p
            .iter()
            .map(|p| (p.row, p.field.clone().unwrap()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some(2), "percent".to_string()),
                (None, "percent".to_string()),
                (None, "payment_days".to_string()),
                (None, "payment_days".to_string()),
            ]
        );
        let empty = PaymentTerms {
            instalments: vec![],
            payment_days: vec![],
        };
        assert_eq!(empty.validate()[0].code, ProblemCode::Required);
    }

    proptest! {
        #[test]
        fn instalments_add_up_and_dates_do_not_go_back(
            cents in -10_000_000i64..100_000_000,
            mut days in prop::collection::vec(0u32..365, 1..6),
            pay_days in prop::collection::vec(1u32..=31, 0..3),
            offset in 0i64..1500,
        ) {
            days.sort_unstable();
            let date = d(2026, 1, 1) + chrono::Duration::days(offset);
            let t = PaymentTerms::equal(&days).with_payment_days(pay_days.clone());
            let s = t.schedule(date, Money::from_cents(cents)).unwrap();
            let sum: Money = s.iter().map(|x| x.amount).sum();
            prop_assert_eq!(sum, Money::from_cents(cents));
            for (due, day) in s.iter().zip(&days) {
                prop_assert!(due.date >= date + chrono::Duration::days(i64::from(*day)));
                prop_assert!(due.date < date + chrono::Duration::days(i64::from(*day) + 32));
                if !pay_days.is_empty() {
                    let ok = pay_days.iter().any(|&p| {
                        due.date.day() == p || (p > due.date.day() && due.date.succ_opt().unwrap().day() == 1)
                    });
                    prop_assert!(ok, "{} is not a payment day {:?}", due.date, pay_days);
                }
            }
            for w in s.windows(2) {
                prop_assert!(w[0].date <= w[1].date);
            }
        }
    }
}
