//! Spanish payroll (Régimen General): the yearly rate files, one employee's monthly payslip
//! (devengos, contribution bases, employee and employer contributions, IRPF, net pay and
//! employer cost) and the journal entries of a pay run and of paying it.
//!
//! The figures come from the rate files shipped in `assets/payroll/es-YYYY.csv` (one figure a
//! line with its source), which a company may override key by key. The computation follows
//! payroll practice as written down in the rate files' sources:
//!
//! - Amounts (`base_salary`, `complements`, `allowances`, `in_kind`) are the employee's own
//!   monthly pay for a whole month (for a part-time employee, the part-time pay); a month
//!   with fewer `days` (hired or leaving mid-month) pays them × days/30 (commercial month; 30
//!   and 31 both count as a whole month). Overtime and manual lines are taken as typed.
//! - Extra payments (14 payments): not prorated, a line `extra` of base + complements of a
//!   whole month in June and December (not reduced by `days`: the extra accrued over the
//!   half-year is not known here, the reviewer adjusts it); prorated, a monthly line
//!   `extra_prorated` = (base + complements) × 2/12 × days/30.
//! - BCCC = the month's salary devengos without overtime and without a non-prorated extra,
//!   plus the monthly proration of non-prorated extras ((base + complements) × 2/12 ×
//!   days/30); allowances are left out (assumed exempt). Bounded below by the group's minimum
//!   (groups 8-11: the daily minimum × 30), scaled by `part_time_pct`/100 (a simplification of
//!   the hourly minimum for part-time work) and by days/30, with a warning when raised; and
//!   above by the maximum base × days/30. Pay above the maximum owes the cotización adicional
//!   de solidaridad by tranches of the excess (up to 10 % of the maximum, 10-50 %, beyond).
//! - BCCP = BCCC + overtime (both kinds), bounded by the AT/EP minimum (`min_base_g4_7`,
//!   scaled like the group minimum) and the same maximum.
//! - Every contribution is base × rate / 100 rounded to the cent, half away from zero; totals
//!   are sums of rounded lines.
//! - IRPF base = every devengo of the month (salary and non-salary, in kind included); IRPF =
//!   base × rate, the rate at least `irpf_min_temporary` for contracts under a year.
//! - Other deductions = the value of pay in kind (already received) + manual deduction lines.

use crate::account::AccountCode;
use crate::entry::{EntryDraft, EntryLine};
use crate::invoice::round_to_cents;
use crate::money::Money;
use crate::problem::{Problem, ProblemCode};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;

/// The rate file of 2025, as shipped.
pub const ES_2025: &str = include_str!("../../../assets/payroll/es-2025.csv");
/// The rate file of 2026, as shipped.
pub const ES_2026: &str = include_str!("../../../assets/payroll/es-2026.csv");

/// The rate file shipped for a year, if any.
pub fn shipped_rates(year: i32) -> Option<&'static str> {
    match year {
        2025 => Some(ES_2025),
        2026 => Some(ES_2026),
        _ => None,
    }
}

/// Whether a key holds a percentage or an amount of money.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RateUnit {
    Percent,
    Money,
}

/// Every key a rate file must have, with its unit, in the shipped files' order.
pub const RATE_KEYS: &[(&str, RateUnit)] = &[
    ("er_cc", RateUnit::Percent),
    ("ee_cc", RateUnit::Percent),
    ("er_unemployment_indefinido", RateUnit::Percent),
    ("ee_unemployment_indefinido", RateUnit::Percent),
    ("er_unemployment_temporal", RateUnit::Percent),
    ("ee_unemployment_temporal", RateUnit::Percent),
    ("er_fogasa", RateUnit::Percent),
    ("er_fp", RateUnit::Percent),
    ("ee_fp", RateUnit::Percent),
    ("er_mei", RateUnit::Percent),
    ("ee_mei", RateUnit::Percent),
    ("er_overtime_fm", RateUnit::Percent),
    ("ee_overtime_fm", RateUnit::Percent),
    ("er_overtime", RateUnit::Percent),
    ("ee_overtime", RateUnit::Percent),
    ("atep_default", RateUnit::Percent),
    ("max_base", RateUnit::Money),
    ("min_base_g1", RateUnit::Money),
    ("min_base_g2", RateUnit::Money),
    ("min_base_g3", RateUnit::Money),
    ("min_base_g4_7", RateUnit::Money),
    ("min_daily_g8_11", RateUnit::Money),
    ("hourly_min_g1", RateUnit::Money),
    ("hourly_min_g2", RateUnit::Money),
    ("hourly_min_g3", RateUnit::Money),
    ("hourly_min_g4_11", RateUnit::Money),
    ("solidarity_t1_er", RateUnit::Percent),
    ("solidarity_t1_ee", RateUnit::Percent),
    ("solidarity_t2_er", RateUnit::Percent),
    ("solidarity_t2_ee", RateUnit::Percent),
    ("solidarity_t3_er", RateUnit::Percent),
    ("solidarity_t3_ee", RateUnit::Percent),
    ("smi_monthly", RateUnit::Money),
    ("irpf_min_temporary", RateUnit::Percent),
];

/// The unit of a known key; `None` for a key rate files do not have.
pub fn rate_unit(key: &str) -> Option<RateUnit> {
    RATE_KEYS.iter().find(|(k, _)| *k == key).map(|(_, u)| *u)
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct RateEntry {
    key: String,
    text: String,
    value: Decimal,
    source: String,
}

/// One year's payroll figures: every key of [`RATE_KEYS`], checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayrollRates {
    pub year: i32,
    entries: Vec<RateEntry>,
}

/// Checks one value for a key; the problem names the key (the caller adds the row).
fn check_value(key: &str, text: &str) -> Result<Decimal, Problem> {
    let unit = rate_unit(key).ok_or_else(|| {
        Problem::new(
            ProblemCode::InvalidCode,
            format!("'{key}' is not a payroll figure"),
        )
        .field(key)
        .param("key", key)
    })?;
    let t = text.trim();
    let bad = || {
        Problem::new(
            ProblemCode::InvalidAmount,
            format!("'{t}' is not a number (use '.' as decimal point, e.g. 4.70)"),
        )
        .field(key)
        .param("value", t)
    };
    if t.is_empty() {
        return Err(Problem::new(ProblemCode::Required, format!("{key} has no value")).field(key));
    }
    if !t
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        return Err(bad());
    }
    let v = Decimal::from_str(t).map_err(|_| bad())?;
    if v.is_sign_negative() && !v.is_zero() {
        return Err(Problem::new(
            ProblemCode::NegativeAmount,
            format!("{key} cannot be negative ({t})"),
        )
        .field(key)
        .param("value", t));
    }
    match unit {
        RateUnit::Percent => {
            if v > Decimal::ONE_HUNDRED || v.normalize().scale() > 4 {
                return Err(Problem::new(
                    ProblemCode::OutOfRange,
                    format!(
                        "{key} is a percentage between 0 and 100 with at most 4 decimals, not {t}"
                    ),
                )
                .field(key)
                .param("value", t));
            }
        }
        RateUnit::Money => {
            if v.normalize().scale() > 2 || v > Decimal::new(100_000_000, 0) {
                return Err(Problem::new(
                    ProblemCode::InvalidAmount,
                    format!("{key} is an amount in euros with at most 2 decimals, not {t}"),
                )
                .field(key)
                .param("value", t));
            }
        }
    }
    Ok(v)
}

impl PayrollRates {
    /// Parses a rate file; every problem names its line (at_row) and key (field).
    ///
    /// Format: UTF-8, `#` lines and blank lines ignored, a header `key,value,source`, then
    /// one figure a line. The source is the rest of the line (it may not be empty). Every
    /// key of [`RATE_KEYS`] must appear exactly once; a missing one is named (no row).
    pub fn parse(year: i32, text: &str) -> Result<PayrollRates, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut entries: Vec<RateEntry> = Vec::new();
        let mut seen_header = false;
        for (i, raw) in text.lines().enumerate() {
            let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.splitn(3, ',');
            let key = parts.next().unwrap_or("").trim();
            let value = parts.next().map(str::trim);
            let source = parts.next().map(str::trim);
            if !seen_header {
                seen_header = true;
                if key == "key" && value == Some("value") && source == Some("source") {
                    continue;
                }
                problems.push(
                    Problem::new(
                        ProblemCode::MissingColumn,
                        "the first line must be the header 'key,value,source'",
                    )
                    .at_row(row)
                    .field("header"),
                );
                continue;
            }
            let field = if key.is_empty() { "key" } else { key };
            if key.is_empty() {
                problems.push(
                    Problem::new(ProblemCode::Required, "the line has no key")
                        .at_row(row)
                        .field(field),
                );
                continue;
            }
            if entries.iter().any(|e| e.key == key) {
                problems.push(
                    Problem::new(ProblemCode::Duplicate, format!("{key} appears twice"))
                        .at_row(row)
                        .field(field)
                        .param("key", key),
                );
                continue;
            }
            let (Some(value), Some(source)) = (value, source) else {
                problems.push(
                    Problem::new(
                        ProblemCode::MissingColumn,
                        format!("{key}: a line needs key, value and source"),
                    )
                    .at_row(row)
                    .field(field),
                );
                continue;
            };
            // "0,13": a decimal comma splits the value into the source.
            let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
            if digits(value)
                && source
                    .split_once(',')
                    .is_some_and(|(d, _)| digits(d.trim()))
            {
                problems.push(
                    Problem::new(
                        ProblemCode::InvalidAmount,
                        format!("{key}: use '.' as decimal point (e.g. 4.70), not ','"),
                    )
                    .at_row(row)
                    .field(field),
                );
                continue;
            }
            let v = match check_value(key, value) {
                Ok(v) => v,
                Err(p) => {
                    problems.push(p.at_row(row));
                    continue;
                }
            };
            if source.is_empty() {
                problems.push(
                    Problem::new(
                        ProblemCode::Required,
                        format!("{key}: every figure cites its source"),
                    )
                    .at_row(row)
                    .field(field),
                );
                continue;
            }
            entries.push(RateEntry {
                key: key.to_string(),
                text: value.to_string(),
                value: v,
                source: source.to_string(),
            });
        }
        if !seen_header {
            problems.push(
                Problem::new(ProblemCode::MissingColumn, "the rate file is empty").field("header"),
            );
        }
        for (key, _) in RATE_KEYS {
            let present = entries.iter().any(|e| e.key == *key);
            let refused = problems.iter().any(|p| p.field.as_deref() == Some(*key));
            if !present && !refused {
                problems.push(
                    Problem::new(
                        ProblemCode::Required,
                        format!("{key} is missing from the rate file of {year}"),
                    )
                    .field(*key)
                    .param("key", *key),
                );
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let rates = PayrollRates { year, entries };
        rates.check_consistency()?;
        Ok(rates)
    }

    /// Minimum bases may not exceed the maximum base.
    fn check_consistency(&self) -> Result<(), Vec<Problem>> {
        let max = self.get("max_base");
        let mut problems = Vec::new();
        for key in ["min_base_g1", "min_base_g2", "min_base_g3", "min_base_g4_7"] {
            if self.get(key) > max {
                problems.push(
                    Problem::new(
                        ProblemCode::OutOfRange,
                        format!("{key} ({}) is above max_base ({max})", self.text(key)),
                    )
                    .field(key),
                );
            }
        }
        if self.get("min_daily_g8_11") * Decimal::from(30) > max {
            problems.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    "min_daily_g8_11 × 30 is above max_base",
                )
                .field("min_daily_g8_11"),
            );
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// The same with some keys replaced (the company's edits), each checked. A problem names
    /// the override's position (at_row, 1-based) and its key (field). The source of a
    /// replaced figure says it was changed and what the published value was.
    pub fn with_overrides(
        &self,
        overrides: &[(String, String)],
    ) -> Result<PayrollRates, Vec<Problem>> {
        let mut out = self.clone();
        let mut problems = Vec::new();
        for (i, (key, value)) in overrides.iter().enumerate() {
            let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let key = key.trim();
            match check_value(key, value) {
                Ok(v) => {
                    let e = out
                        .entries
                        .iter_mut()
                        .find(|e| e.key == key)
                        .expect("a parsed file has every known key");
                    let original = self
                        .entries
                        .iter()
                        .find(|e| e.key == key)
                        .expect("a parsed file has every known key");
                    e.value = v;
                    e.text = value.trim().to_string();
                    e.source = format!(
                        "Modificado por la empresa (publicado: {}; {})",
                        original.text, original.source
                    );
                }
                Err(p) => problems.push(p.at_row(row)),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        out.check_consistency()?;
        Ok(out)
    }

    /// Every (key, value as text, source) in file order, for the rates screen.
    pub fn entries(&self) -> Vec<(String, String, String)> {
        self.entries
            .iter()
            .map(|e| (e.key.clone(), e.text.clone(), e.source.clone()))
            .collect()
    }

    /// A figure by key (percent or euros); zero for an unknown key (a parsed file has them all).
    pub fn get(&self, key: &str) -> Decimal {
        self.entries
            .iter()
            .find(|e| e.key == key)
            .map(|e| e.value)
            .unwrap_or(Decimal::ZERO)
    }

    fn text(&self, key: &str) -> &str {
        self.entries
            .iter()
            .find(|e| e.key == key)
            .map(|e| e.text.as_str())
            .unwrap_or("")
    }

    /// The default AT/EP rate (percent) a new company starts with.
    pub fn atep_default(&self) -> Decimal {
        self.get("atep_default")
    }

    /// The monthly minimum base of a cotization group for a whole month at full time
    /// (groups 8-11: the daily minimum × 30); `None` outside 1..=11.
    pub fn group_minimum(&self, group: u8) -> Option<Decimal> {
        let key = match group {
            1 => "min_base_g1",
            2 => "min_base_g2",
            3 => "min_base_g3",
            4..=7 => "min_base_g4_7",
            8..=11 => return Some(self.get("min_daily_g8_11") * Decimal::from(30)),
            _ => return None,
        };
        Some(self.get(key))
    }
}

/// The kind of contract, as far as contributions are concerned: `Temporal` pays the
/// duración determinada unemployment rates, every other kind the indefinido ones.
/// Simplification: training contracts (`Formacion`) are computed like the rest, not with the
/// fixed quotas some of them have.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ContractKind {
    Indefinido,
    Temporal,
    Formacion,
    Practicas,
    FijoDiscontinuo,
}

impl ContractKind {
    pub const ALL: [ContractKind; 5] = [
        ContractKind::Indefinido,
        ContractKind::Temporal,
        ContractKind::Formacion,
        ContractKind::Practicas,
        ContractKind::FijoDiscontinuo,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ContractKind::Indefinido => "indefinido",
            ContractKind::Temporal => "temporal",
            ContractKind::Formacion => "formacion",
            ContractKind::Practicas => "practicas",
            ContractKind::FijoDiscontinuo => "fijo_discontinuo",
        }
    }
    pub fn parse(s: &str) -> Option<ContractKind> {
        ContractKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
    }
    /// Temporary contracts pay the higher unemployment rates; the rest the indefinido ones.
    pub fn is_temporal(self) -> bool {
        self == ContractKind::Temporal
    }
}

/// What a payslip line is: a salary devengo, a non-salary devengo, or a deduction.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum LineKind {
    Salary,
    NonSalary,
    Deduction,
}

impl LineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::Salary => "salary",
            LineKind::NonSalary => "non_salary",
            LineKind::Deduction => "deduction",
        }
    }
    pub fn parse(s: &str) -> Option<LineKind> {
        match s.trim() {
            "salary" => Some(LineKind::Salary),
            "non_salary" => Some(LineKind::NonSalary),
            "deduction" => Some(LineKind::Deduction),
            _ => None,
        }
    }
}

/// A line of a payslip as printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayLine {
    pub kind: LineKind,
    pub code: String,
    pub label: String,
    pub amount: Money,
}

impl PayLine {
    pub fn new(kind: LineKind, code: &str, label: &str, amount: Money) -> PayLine {
        PayLine {
            kind,
            code: code.to_string(),
            label: label.to_string(),
            amount,
        }
    }
}

/// One employee's month, as the payroll computation needs it.
#[derive(Clone, Debug)]
pub struct PayInputs {
    pub year: i32,
    pub month: u32,
    pub contract: ContractKind,
    pub group: u8,
    pub part_time_pct: Decimal,
    /// Monthly amounts for a full month.
    pub base_salary: Money,
    pub complements: Money,
    pub allowances: Money,
    pub in_kind: Money,
    pub payments: u8,
    pub prorate_extras: bool,
    pub irpf_pct: Decimal,
    /// Days of the month worked/paid out of 30 (commercial month): 30 for a whole month; fewer
    /// when hired or leaving mid-month (pay and bases prorated by days/30).
    pub days: u32,
    pub overtime: Money,
    pub overtime_force_majeure: Money,
    /// Manual lines added in review (a bonus: Salary; an allowance: NonSalary; an advance
    /// repaid: Deduction).
    pub extra_lines: Vec<PayLine>,
    /// The company's AT/EP rate, percent.
    pub atep_rate: Decimal,
    /// The contract lasts less than a year (temporary): IRPF at least irpf_min_temporary.
    pub short_contract: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct EmployeeContributions {
    pub cc: Money,
    pub unemployment: Money,
    pub fp: Money,
    pub mei: Money,
    pub solidarity: Money,
    pub overtime: Money,
}

impl EmployeeContributions {
    pub fn total(&self) -> Money {
        self.cc + self.unemployment + self.fp + self.mei + self.solidarity + self.overtime
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct EmployerContributions {
    pub cc: Money,
    pub atep: Money,
    pub unemployment: Money,
    pub fogasa: Money,
    pub fp: Money,
    pub mei: Money,
    pub solidarity: Money,
    pub overtime: Money,
}

impl EmployerContributions {
    pub fn total(&self) -> Money {
        self.cc
            + self.atep
            + self.unemployment
            + self.fogasa
            + self.fp
            + self.mei
            + self.solidarity
            + self.overtime
    }
}

/// A computed payslip: every figure the payslip prints and the pay run posts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payslip {
    /// Devengos and other deductions as printed, in order.
    pub lines: Vec<PayLine>,
    pub salary: Money,
    pub non_salary: Money,
    pub gross: Money,
    pub bccc: Money,
    pub bccp: Money,
    pub overtime_base: Money,
    pub irpf_base: Money,
    /// The rate applied (after the minimum for short contracts).
    pub irpf_pct: Decimal,
    pub ee: EmployeeContributions,
    pub irpf: Money,
    pub other_deductions: Money,
    pub total_deductions: Money,
    pub net: Money,
    pub er: EmployerContributions,
    pub employer_cost: Money,
    pub warnings: Vec<String>,
}

/// Largest monthly amount accepted in any input (keeps every product within `Money`).
const MAX_INPUT_CENTS: i64 = 10_000_000_000; // 100 000 000.00 €

fn check_inputs(inputs: &PayInputs, rates: &PayrollRates) -> Vec<Problem> {
    let mut problems = Vec::new();
    if rates.year != inputs.year {
        problems.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!(
                    "the rates are those of {}, the payslip is of {}",
                    rates.year, inputs.year
                ),
            )
            .field("year")
            .param("rates_year", rates.year)
            .param("year", inputs.year),
        );
    }
    if !(1..=12).contains(&inputs.month) {
        problems.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!("month must be 1 to 12, not {}", inputs.month),
            )
            .field("month"),
        );
    }
    if !(1..=11).contains(&inputs.group) {
        problems.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!("the cotization group is 1 to 11, not {}", inputs.group),
            )
            .field("group"),
        );
    }
    if inputs.payments != 12 && inputs.payments != 14 {
        problems.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!("payments are 12 or 14 a year, not {}", inputs.payments),
            )
            .field("payments"),
        );
    }
    if inputs.days > 31 {
        problems.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!("days must be 0 to 31, not {}", inputs.days),
            )
            .field("days"),
        );
    }
    if inputs.part_time_pct <= Decimal::ZERO || inputs.part_time_pct > Decimal::ONE_HUNDRED {
        problems.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!(
                    "part_time_pct must be above 0 and at most 100, not {}",
                    inputs.part_time_pct
                ),
            )
            .field("part_time_pct"),
        );
    }
    for (field, pct) in [
        ("irpf_pct", inputs.irpf_pct),
        ("atep_rate", inputs.atep_rate),
    ] {
        if pct < Decimal::ZERO || pct > Decimal::ONE_HUNDRED {
            problems.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    format!("{field} must be between 0 and 100, not {pct}"),
                )
                .field(field),
            );
        }
    }
    let amounts = [
        ("base_salary", inputs.base_salary),
        ("complements", inputs.complements),
        ("allowances", inputs.allowances),
        ("in_kind", inputs.in_kind),
        ("overtime", inputs.overtime),
        ("overtime_force_majeure", inputs.overtime_force_majeure),
    ];
    for (field, m) in amounts {
        if let Some(p) = check_amount(field, m) {
            problems.push(p);
        }
    }
    for (i, line) in inputs.extra_lines.iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if let Some(p) = check_amount("extra_lines", line.amount) {
            problems.push(p.at_row(row));
        }
        if line.label.trim().is_empty() {
            problems.push(
                Problem::new(ProblemCode::Required, "a manual line needs a label")
                    .field("extra_lines")
                    .at_row(row),
            );
        }
    }
    problems
}

fn check_amount(field: &str, m: Money) -> Option<Problem> {
    if m.is_negative() {
        Some(
            Problem::new(
                ProblemCode::NegativeAmount,
                format!("{field} cannot be negative ({m})"),
            )
            .field(field),
        )
    } else if m.cents() > MAX_INPUT_CENTS {
        Some(
            Problem::new(
                ProblemCode::OutOfRange,
                format!("{field} is too large ({m})"),
            )
            .field(field),
        )
    } else {
        None
    }
}

/// `amount × factor`, rounded half away from zero to the cent. Inputs are bounded, so the
/// product always fits.
fn times(amount: Decimal, factor: Decimal) -> Money {
    round_to_cents(amount * factor).expect("bounded payroll amounts fit in Money")
}

/// `base × rate / 100`, rounded to the cent.
fn contribution(base: Money, rate_pct: Decimal) -> Money {
    times(base.decimal(), rate_pct / Decimal::ONE_HUNDRED)
}

/// The solidarity contribution on `excess` (pay above the maximum base `max`), by tranches:
/// up to 10 % of `max` at `t1`, from 10 % to 50 % at `t2`, beyond at `t3`; each tranche's
/// contribution rounded, then summed.
fn solidarity(excess: Money, max: Money, t: [Decimal; 3]) -> Money {
    if !excess.decimal().is_sign_positive() || excess.is_zero() {
        return Money::ZERO;
    }
    let e = excess.decimal();
    let m = max.decimal();
    let c1 = m * Decimal::new(10, 2);
    let c2 = m * Decimal::new(50, 2);
    let t1 = e.min(c1);
    let t2 = (e.min(c2) - c1).max(Decimal::ZERO);
    let t3 = (e - c2).max(Decimal::ZERO);
    let h = Decimal::ONE_HUNDRED;
    times(t1, t[0] / h) + times(t2, t[1] / h) + times(t3, t[2] / h)
}

/// Computes one employee's payslip for a month from the year's rates (see the module
/// documentation for the rules). Returns every problem with the inputs, each naming its field.
pub fn compute_payslip(inputs: &PayInputs, rates: &PayrollRates) -> Result<Payslip, Vec<Problem>> {
    let problems = check_inputs(inputs, rates);
    if !problems.is_empty() {
        return Err(problems);
    }
    let thirty = Decimal::from(30);
    let days_factor = Decimal::from(inputs.days.min(30)) / thirty;
    let part = inputs.part_time_pct / Decimal::ONE_HUNDRED;
    let base_plus = inputs.base_salary + inputs.complements;
    // (base + complements) × 2/12 × days/30 = (base + complements) × 2 × days / 360.
    let monthly_extra = times(
        base_plus.decimal(),
        Decimal::from(2 * inputs.days.min(30)) / Decimal::from(360),
    );
    let fourteen = inputs.payments == 14;
    let extra_month =
        fourteen && !inputs.prorate_extras && (inputs.month == 6 || inputs.month == 12);

    let mut lines: Vec<PayLine> = Vec::new();
    let base = times(inputs.base_salary.decimal(), days_factor);
    lines.push(PayLine::new(LineKind::Salary, "base", "Salario base", base));
    let complements = times(inputs.complements.decimal(), days_factor);
    let in_kind = times(inputs.in_kind.decimal(), days_factor);
    let allowances = times(inputs.allowances.decimal(), days_factor);
    fn push(lines: &mut Vec<PayLine>, kind: LineKind, code: &str, label: &str, amount: Money) {
        if !amount.is_zero() {
            lines.push(PayLine::new(kind, code, label, amount));
        }
    }
    push(
        &mut lines,
        LineKind::Salary,
        "complements",
        "Complementos salariales",
        complements,
    );
    push(
        &mut lines,
        LineKind::Salary,
        "in_kind",
        "Retribución en especie",
        in_kind,
    );
    push(
        &mut lines,
        LineKind::Salary,
        "overtime",
        "Horas extraordinarias",
        inputs.overtime,
    );
    push(
        &mut lines,
        LineKind::Salary,
        "overtime_fm",
        "Horas extraordinarias por fuerza mayor",
        inputs.overtime_force_majeure,
    );
    let extra_paid = if extra_month { base_plus } else { Money::ZERO };
    push(
        &mut lines,
        LineKind::Salary,
        "extra",
        "Paga extraordinaria",
        extra_paid,
    );
    let extra_prorated = if fourteen && inputs.prorate_extras {
        monthly_extra
    } else {
        Money::ZERO
    };
    push(
        &mut lines,
        LineKind::Salary,
        "extra_prorated",
        "Prorrata de pagas extraordinarias",
        extra_prorated,
    );
    push(
        &mut lines,
        LineKind::NonSalary,
        "allowances",
        "Percepciones no salariales",
        allowances,
    );
    for l in &inputs.extra_lines {
        lines.push(l.clone());
    }
    push(
        &mut lines,
        LineKind::Deduction,
        "in_kind_deduction",
        "Valor de la retribución en especie",
        in_kind,
    );

    let sum = |kind: LineKind| -> Money {
        lines
            .iter()
            .filter(|l| l.kind == kind)
            .map(|l| l.amount)
            .sum()
    };
    let salary = sum(LineKind::Salary);
    let non_salary = sum(LineKind::NonSalary);
    let other_deductions = sum(LineKind::Deduction);
    let gross = salary + non_salary;
    let overtime_base = inputs.overtime + inputs.overtime_force_majeure;

    // Contribution bases.
    let proration_not_paid = if fourteen && !inputs.prorate_extras {
        monthly_extra
    } else {
        Money::ZERO
    };
    let remuneration = salary - overtime_base - extra_paid + proration_not_paid;
    let group_min = rates
        .group_minimum(inputs.group)
        .expect("group checked above");
    let min_cc = times(group_min, part * days_factor);
    let min_cp = times(rates.get("min_base_g4_7"), part * days_factor);
    let max = times(rates.get("max_base"), days_factor);
    let mut warnings = Vec::new();
    let bccc = if remuneration < min_cc {
        warnings.push(format!(
            "la base se eleva a la mínima del grupo: {remuneration} → {min_cc} (grupo {})",
            inputs.group
        ));
        min_cc
    } else if remuneration > max {
        if inputs.days > 0 {
            warnings.push(format!(
            "la retribución ({remuneration}) supera la base máxima ({max}): cotización adicional de solidaridad sobre el exceso"
            ));
        }
        max
    } else {
        remuneration
    };
    let bccp = (bccc + overtime_base).max(min_cp).min(max);
    // With no days in the month there is no maximum to exceed: the bases are zero and any pay
    // (a settlement after leaving) is left to the reviewer.
    let excess = if inputs.days > 0 && remuneration > max {
        remuneration - max
    } else {
        Money::ZERO
    };
    if inputs.days == 0 && !remuneration.is_zero() {
        warnings.push(format!(
            "0 días cotizados: la retribución ({remuneration}) no cotiza; revise el periodo"
        ));
    }
    let smi = rates.get("smi_monthly");
    let smi_month = if fourteen {
        smi
    } else {
        smi * Decimal::from(14) / Decimal::from(12)
    };
    if base_plus.decimal() < smi_month * part {
        warnings.push(format!(
            "el salario base más complementos ({base_plus}) está por debajo del SMI mensual ({}) para esta jornada",
            times(smi_month, part)
        ));
    }

    let r = |k: &str| rates.get(k);
    let (er_unemp, ee_unemp) = if inputs.contract.is_temporal() {
        (r("er_unemployment_temporal"), r("ee_unemployment_temporal"))
    } else {
        (
            r("er_unemployment_indefinido"),
            r("ee_unemployment_indefinido"),
        )
    };
    let ee = EmployeeContributions {
        cc: contribution(bccc, r("ee_cc")),
        unemployment: contribution(bccp, ee_unemp),
        fp: contribution(bccp, r("ee_fp")),
        mei: contribution(bccc, r("ee_mei")),
        solidarity: solidarity(
            excess,
            max,
            [
                r("solidarity_t1_ee"),
                r("solidarity_t2_ee"),
                r("solidarity_t3_ee"),
            ],
        ),
        overtime: contribution(inputs.overtime, r("ee_overtime"))
            + contribution(inputs.overtime_force_majeure, r("ee_overtime_fm")),
    };
    let er = EmployerContributions {
        cc: contribution(bccc, r("er_cc")),
        atep: contribution(bccp, inputs.atep_rate),
        unemployment: contribution(bccp, er_unemp),
        fogasa: contribution(bccp, r("er_fogasa")),
        fp: contribution(bccp, r("er_fp")),
        mei: contribution(bccc, r("er_mei")),
        solidarity: solidarity(
            excess,
            max,
            [
                r("solidarity_t1_er"),
                r("solidarity_t2_er"),
                r("solidarity_t3_er"),
            ],
        ),
        overtime: contribution(inputs.overtime, r("er_overtime"))
            + contribution(inputs.overtime_force_majeure, r("er_overtime_fm")),
    };

    let irpf_pct = if inputs.short_contract {
        inputs.irpf_pct.max(r("irpf_min_temporary"))
    } else {
        inputs.irpf_pct
    };
    let irpf_base = gross;
    let irpf = contribution(irpf_base, irpf_pct);
    let total_deductions = ee.total() + irpf + other_deductions;
    let net = gross - total_deductions;
    if net.is_negative() {
        warnings.push(format!("el líquido a percibir es negativo ({net})"));
    }
    let employer_cost = gross + er.total();
    Ok(Payslip {
        lines,
        salary,
        non_salary,
        gross,
        bccc,
        bccp,
        overtime_base,
        irpf_base,
        irpf_pct,
        ee,
        irpf,
        other_deductions,
        total_deductions,
        net,
        er,
        employer_cost,
        warnings,
    })
}

/// The accounts a pay run posts to; the company's chart decides them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayrollAccounts {
    /// Sueldos y salarios (640).
    pub salaries: AccountCode,
    /// Seguridad Social a cargo de la empresa (642).
    pub employer_ss: AccountCode,
    /// Organismos de la Seguridad Social, acreedores (4760001).
    pub ss_payable: AccountCode,
    /// HP acreedora por retenciones de trabajo (4751001).
    pub irpf_payable: AccountCode,
    /// Remuneraciones pendientes de pago (4650001).
    pub net_payable: AccountCode,
    /// Anticipos de remuneraciones (460): other deductions.
    pub advances: AccountCode,
}

impl PayrollAccounts {
    /// The accounts of the PGC PYMES chart shipped in assets/charts/es-pymes.csv.
    pub fn pgc_pymes() -> PayrollAccounts {
        let a = |s: &str| AccountCode::parse(s).expect("valid account code");
        PayrollAccounts {
            salaries: a("640"),
            employer_ss: a("642"),
            ss_payable: a("4760001"),
            irpf_payable: a("4751001"),
            net_payable: a("4650001"),
            advances: a("460"),
        }
    }
}

fn signed_line(account: &AccountCode, description: &str, amount: Money) -> EntryLine {
    let (debit, credit) = amount.sides();
    EntryLine {
        account: account.clone(),
        description: description.to_string(),
        debit,
        credit,
    }
}

/// The entry of a pay run (the payslips of a month together): Dr salaries (640) with the
/// gross pay, Dr employer Social Security (642) with the employer contributions; Cr Social
/// Security payable (4760001) with employee + employer contributions, Cr IRPF payable
/// (4751001), Cr advances (460) with the other deductions and Cr net pay payable (4650001).
/// `month_label` names the month ("marzo 2025"). Lines of zero are left out. Refuses an
/// empty run.
pub fn payroll_entry(
    date: NaiveDate,
    month_label: &str,
    slips: &[&Payslip],
    accounts: &PayrollAccounts,
) -> Result<EntryDraft, Problem> {
    if slips.is_empty() {
        return Err(Problem::new(ProblemCode::Required, "a pay run needs payslips").field("slips"));
    }
    let too_large = || {
        Problem::new(
            ProblemCode::OutOfRange,
            "the pay run's totals are too large",
        )
        .field("slips")
    };
    let mut gross = Money::ZERO;
    let mut er = Money::ZERO;
    let mut ss = Money::ZERO;
    let mut irpf = Money::ZERO;
    let mut other = Money::ZERO;
    let mut net = Money::ZERO;
    for s in slips {
        let er_total = s.er.total();
        gross = gross.checked_add(s.gross).ok_or_else(too_large)?;
        er = er.checked_add(er_total).ok_or_else(too_large)?;
        ss = ss
            .checked_add(s.ee.total())
            .and_then(|x| x.checked_add(er_total))
            .ok_or_else(too_large)?;
        irpf = irpf.checked_add(s.irpf).ok_or_else(too_large)?;
        other = other
            .checked_add(s.other_deductions)
            .ok_or_else(too_large)?;
        net = net.checked_add(s.net).ok_or_else(too_large)?;
    }
    let label = month_label.trim();
    let description = format!("Nómina {label}");
    let mut lines = vec![
        signed_line(
            &accounts.salaries,
            &format!("Sueldos y salarios {label}"),
            gross,
        ),
        signed_line(
            &accounts.employer_ss,
            &format!("Seguridad Social a cargo de la empresa {label}"),
            er,
        ),
        signed_line(
            &accounts.ss_payable,
            &format!("Seguridad Social {label}"),
            -ss,
        ),
        signed_line(
            &accounts.irpf_payable,
            &format!("Retenciones IRPF {label}"),
            -irpf,
        ),
        signed_line(
            &accounts.advances,
            &format!("Otras deducciones {label}"),
            -other,
        ),
        signed_line(
            &accounts.net_payable,
            &format!("Remuneraciones pendientes de pago {label}"),
            -net,
        ),
    ];
    lines.retain(|l| !(l.debit.is_zero() && l.credit.is_zero()));
    Ok(EntryDraft {
        date,
        description,
        lines,
    })
}

/// The entry of paying the net salaries: Dr net pay payable (465), Cr the bank (572). A
/// negative amount turns the sides.
pub fn salary_payment_entry(
    date: NaiveDate,
    amount: Money,
    net_payable: &AccountCode,
    bank: &AccountCode,
    description: &str,
) -> EntryDraft {
    let d = description.trim();
    EntryDraft {
        date,
        description: d.to_string(),
        lines: vec![
            signed_line(net_payable, d, amount),
            signed_line(bank, d, -amount),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_files_parse_with_every_key_and_a_source() {
        for year in [2025, 2026] {
            let rates = PayrollRates::parse(year, shipped_rates(year).unwrap()).unwrap();
            let entries = rates.entries();
            assert_eq!(entries.len(), RATE_KEYS.len());
            for ((k, _, s), (key, _)) in entries.iter().zip(RATE_KEYS) {
                assert_eq!(k, key);
                assert!(!s.is_empty());
            }
        }
        assert!(shipped_rates(2024).is_none());
    }
}
