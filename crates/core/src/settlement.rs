//! The settlement (finiquito) owed when an employment ends: the salary of the days worked in
//! the last month not yet paid, the vacation earned and not taken, the part of the extra
//! payments earned and not paid, and the severance the cause gives (Estatuto de los
//! Trabajadores):
//! - objective dismissal (art. 53): 20 days' salary per year worked, up to 12 months' pay;
//! - unfair dismissal (art. 56, contracts from 12 Feb 2012): 33 days per year, up to 24
//!   months' pay;
//! - end of a temporary contract (art. 49.1.c): 12 days per year;
//! - resignation, disciplinary dismissal held fair, other: none.
//!
//! Periods shorter than a year are prorated by months, counting a started month as a whole one
//! (as the courts and payroll practice do). The daily salary for severance and vacation is the
//! year's salary (extras included) over 365. Extra payments (two, paid in June and December)
//! are earned over the six months before each (January-June, July-December); when they are
//! prorated monthly, nothing is pending. Each amount is rounded to the cent; the gross is their
//! sum. Withholdings on the settlement are the payroll's business, not this module's.

use crate::invoice::round_to_cents;
use crate::money::Money;
use crate::problem::{Problem, ProblemCode};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TerminationCause {
    Voluntary,
    EndOfContract,
    Objective,
    Disciplinary,
    Unfair,
    Other,
}

impl TerminationCause {
    pub const ALL: [TerminationCause; 6] = [
        TerminationCause::Voluntary,
        TerminationCause::EndOfContract,
        TerminationCause::Objective,
        TerminationCause::Disciplinary,
        TerminationCause::Unfair,
        TerminationCause::Other,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            TerminationCause::Voluntary => "voluntary",
            TerminationCause::EndOfContract => "end_of_contract",
            TerminationCause::Objective => "objective",
            TerminationCause::Disciplinary => "disciplinary",
            TerminationCause::Unfair => "unfair",
            TerminationCause::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<TerminationCause> {
        TerminationCause::ALL
            .into_iter()
            .find(|c| c.as_str() == s.trim())
    }
    /// Days of salary per year worked, and the cap in months of pay.
    pub fn severance(self) -> Option<(u32, u32)> {
        match self {
            TerminationCause::Objective => Some((20, 12)),
            TerminationCause::Unfair => Some((33, 24)),
            TerminationCause::EndOfContract => Some((12, 0)),
            _ => None,
        }
    }
}

/// What the settlement is computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettlementInputs {
    pub start: NaiveDate,
    /// The last day worked.
    pub end: NaiveDate,
    pub cause: TerminationCause,
    /// Monthly base salary and salary complements (a full month).
    pub monthly_salary: Money,
    /// 12, or 14 (two extra payments of a month's salary each).
    pub payments: u8,
    pub prorate_extras: bool,
    /// Natural days of vacation earned in the year of the end and not taken (the balance).
    pub vacation_days_pending: Decimal,
    /// Whether the last month's salary was already paid (its pay run approved).
    pub last_month_paid: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettlementLine {
    /// "salary", "vacation", "extras", "severance".
    pub code: &'static str,
    pub label: String,
    pub amount: Money,
    /// How it was computed, in words with the figures.
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settlement {
    pub lines: Vec<SettlementLine>,
    pub total: Money,
    /// Years worked, as prorated (3 years and 5 months → 3.4167).
    pub years_worked: Decimal,
    pub daily_salary: Decimal,
}

fn money(d: Decimal) -> Money {
    round_to_cents(d).unwrap_or(Money::ZERO)
}

/// Whole months from `start` to `end` inclusive, a started month counting as one.
pub fn months_worked(start: NaiveDate, end: NaiveDate) -> u32 {
    if end < start {
        return 0;
    }
    // Complete months from `start` to the day after `end`, then a started one as whole.
    let Some(after) = end.succ_opt() else {
        return 0;
    };
    let mut months =
        (after.year() - start.year()) * 12 + after.month() as i32 - start.month() as i32;
    if after.day() < start.day() {
        months -= 1;
    }
    if after.day() != start.day() {
        months += 1;
    }
    months.max(0) as u32
}

/// Computes the settlement; problems name the field (end before start, a salary of zero
/// with a severance to pay, payments other than 12 or 14, negative vacation).
pub fn compute_settlement(i: &SettlementInputs) -> Result<Settlement, Vec<Problem>> {
    let mut problems = Vec::new();
    if i.end < i.start {
        problems.push(
            Problem::new(
                ProblemCode::InvalidDate,
                format!("the last day ({}) is before the start ({})", i.end, i.start),
            )
            .field("date"),
        );
    }
    if i.payments != 12 && i.payments != 14 {
        problems
            .push(Problem::new(ProblemCode::OutOfRange, "payments are 12 or 14").field("payments"));
    }
    if i.monthly_salary.is_negative() {
        problems.push(
            Problem::new(
                ProblemCode::NegativeAmount,
                "the salary may not be negative",
            )
            .field("monthly_salary"),
        );
    }
    if i.vacation_days_pending < Decimal::ZERO {
        problems.push(
            Problem::new(
                ProblemCode::OutOfRange,
                "more vacation was taken than earned: the settlement does not deduct it here",
            )
            .field("vacation_days_pending"),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let monthly = i.monthly_salary.decimal();
    let extras_per_year = if i.payments == 14 {
        Decimal::TWO
    } else {
        Decimal::ZERO
    };
    // A month's pay with the extras prorated in (when there are extras).
    let annual = monthly * (Decimal::from(12) + extras_per_year);
    let daily = annual / Decimal::from(365);
    let mut lines = Vec::new();

    // The last month's days (commercial month of 30), when not paid in a pay run.
    if !i.last_month_paid {
        let first = if i.start.year() == i.end.year() && i.start.month() == i.end.month() {
            i.start.day()
        } else {
            1
        };
        let last_of_month = i
            .end
            .with_day(1)
            .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
            .and_then(|d| d.pred_opt())
            .map(|d| d.day())
            .unwrap_or(30);
        let end_day = if i.end.day() == last_of_month {
            30
        } else {
            i.end.day().min(30)
        };
        let days = (end_day + 1).saturating_sub(first).min(30);
        let amount = money(monthly * Decimal::from(days) / Decimal::from(30));
        lines.push(SettlementLine {
            code: "salary",
            label: "Salario de los días trabajados del mes".into(),
            amount,
            detail: format!("{} × {days} / 30", i.monthly_salary),
        });
    }
    // Vacation earned and not taken, at the daily salary.
    if i.vacation_days_pending > Decimal::ZERO {
        let amount = money(daily * i.vacation_days_pending);
        lines.push(SettlementLine {
            code: "vacation",
            label: "Vacaciones devengadas y no disfrutadas".into(),
            amount,
            detail: format!(
                "{} días × {} €/día",
                i.vacation_days_pending.normalize(),
                daily.round_dp(4).normalize()
            ),
        });
    }
    // The extra payments earned since the last one paid (six-month periods).
    if i.payments == 14 && !i.prorate_extras {
        let period_start = if i.end.month() <= 6 {
            NaiveDate::from_ymd_opt(i.end.year(), 1, 1)
        } else {
            NaiveDate::from_ymd_opt(i.end.year(), 7, 1)
        }
        .expect("valid date")
        .max(i.start);
        let days = (i.end - period_start).num_days() + 1;
        let amount = money(monthly * Decimal::from(days) / Decimal::from(181));
        lines.push(SettlementLine {
            code: "extras",
            label: "Parte proporcional de pagas extraordinarias".into(),
            amount,
            detail: format!(
                "{} × {days} días / 181 (desde {period_start})",
                i.monthly_salary
            ),
        });
    }
    let months = months_worked(i.start, i.end);
    let years = Decimal::from(months) / Decimal::from(12);
    if let Some((days_per_year, cap_months)) = i.cause.severance() {
        let mut amount = daily * Decimal::from(days_per_year) * years;
        let mut detail = format!(
            "{days_per_year} días × {} años × {} €/día",
            years.round_dp(4).normalize(),
            daily.round_dp(4).normalize()
        );
        if cap_months > 0 {
            let cap = annual / Decimal::from(12) * Decimal::from(cap_months);
            if amount > cap {
                amount = cap;
                detail.push_str(&format!(", limitado a {cap_months} mensualidades"));
            }
        }
        lines.push(SettlementLine {
            code: "severance",
            label: "Indemnización".into(),
            amount: money(amount),
            detail,
        });
    }
    let total = lines.iter().map(|l| l.amount).sum();
    Ok(Settlement {
        lines,
        total,
        years_worked: years.round_dp(4),
        daily_salary: daily.round_dp(4),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn eur(s: &str) -> Money {
        Money::parse(s).unwrap()
    }
    fn amount(s: &Settlement, code: &str) -> Money {
        s.lines
            .iter()
            .find(|l| l.code == code)
            .map(|l| l.amount)
            .unwrap_or(Money::ZERO)
    }

    #[test]
    fn months_are_counted_started_as_whole() {
        assert_eq!(months_worked(d(2020, 3, 1), d(2023, 7, 31)), 41);
        assert_eq!(months_worked(d(2020, 3, 15), d(2020, 3, 20)), 1);
        assert_eq!(months_worked(d(2020, 3, 15), d(2021, 3, 14)), 12);
        assert_eq!(months_worked(d(2020, 3, 15), d(2021, 3, 20)), 13);
    }

    #[test]
    fn objective_dismissal_by_hand() {
        // 1 800 € a month, 14 payments: annual 25 200, daily 25 200 / 365 = 69.0411.
        // From 2020-03-01 to 2023-07-15: 41 months = 3.4167 years.
        // Salary of 15 days: 1 800 × 15 / 30 = 900.00.
        // Vacation 10 days: 690.41.
        // Extras since 1 July: 15 days × 1 800 / 181 = 149.17.
        // Severance 20 × 41/12 × 69.0411 = 4 717.81 (cap 12 × 2 100 = 25 200).
        let s = compute_settlement(&SettlementInputs {
            start: d(2020, 3, 1),
            end: d(2023, 7, 15),
            cause: TerminationCause::Objective,
            monthly_salary: eur("1800.00"),
            payments: 14,
            prorate_extras: false,
            vacation_days_pending: dec!(10),
            last_month_paid: false,
        })
        .unwrap();
        assert_eq!(amount(&s, "salary"), eur("900.00"));
        assert_eq!(amount(&s, "vacation"), eur("690.41"));
        assert_eq!(amount(&s, "extras"), eur("149.17"));
        assert_eq!(amount(&s, "severance"), eur("4717.81"));
        assert_eq!(s.total, eur("6457.39"));
    }

    #[test]
    fn unfair_dismissal_is_capped_at_24_months() {
        // 30 years at 33 days: 990 days > 24 months (730 days): capped at 24 × 1 000 = 24 000.
        let s = compute_settlement(&SettlementInputs {
            start: d(1995, 1, 1),
            end: d(2024, 12, 31),
            cause: TerminationCause::Unfair,
            monthly_salary: eur("1000.00"),
            payments: 12,
            prorate_extras: false,
            vacation_days_pending: Decimal::ZERO,
            last_month_paid: true,
        })
        .unwrap();
        assert_eq!(amount(&s, "severance"), eur("24000.00"));
        assert_eq!(s.lines.len(), 1);
    }

    #[test]
    fn end_of_temporary_contract_and_resignation() {
        // 6 months, 1 200 × 12: daily 14 400 / 365 = 39.4521; 12 × 0.5 × 39.4521 = 236.71.
        let base = SettlementInputs {
            start: d(2025, 1, 1),
            end: d(2025, 6, 30),
            cause: TerminationCause::EndOfContract,
            monthly_salary: eur("1200.00"),
            payments: 12,
            prorate_extras: false,
            vacation_days_pending: Decimal::ZERO,
            last_month_paid: true,
        };
        assert_eq!(
            amount(&compute_settlement(&base).unwrap(), "severance"),
            eur("236.71")
        );
        let quit = SettlementInputs {
            cause: TerminationCause::Voluntary,
            ..base
        };
        assert_eq!(compute_settlement(&quit).unwrap().total, Money::ZERO);
    }

    #[test]
    fn bad_inputs_are_named() {
        let p = compute_settlement(&SettlementInputs {
            start: d(2025, 1, 1),
            end: d(2024, 6, 30),
            cause: TerminationCause::Objective,
            monthly_salary: eur("-1"),
            payments: 13,
            prorate_extras: false,
            vacation_days_pending: dec!(-1),
            last_month_paid: true,
        })
        .unwrap_err();
        let fields: Vec<&str> = p.iter().filter_map(|p| p.field.as_deref()).collect();
        assert_eq!(
            fields,
            vec![
                "date",
                "payments",
                "monthly_salary",
                "vacation_days_pending"
            ]
        );
    }
}
