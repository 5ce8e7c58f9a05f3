//! Payroll reports, read from the payslips of approved (and paid) runs only — a draft run is
//! not payroll yet. A correcting payslip counts in the month of the run that carries it (it
//! holds the difference, so the sums are what was posted). Each report is one GROUP BY over
//! `payslips` joined to `pay_runs` (headcount adds one over `employees` for hires and one for
//! terminations):
//!
//! - [`Company::payroll_summary`]: per employee and per month, gross to employer cost;
//! - [`Company::ss_cost`]: Social Security contributions per month by item, employee and
//!   employer (what the TC1/RLC shows);
//! - [`Company::irpf_withheld`]: a quarter's recipients, income and IRPF withheld (modelo 111);
//! - [`Company::irpf_annual`]: a year's income and IRPF per employee (modelo 190);
//! - [`Company::headcount`]: per month of a year, employees paid, full-time equivalents,
//!   hires and terminations.

use crate::{Company, Result, StoreError};
use chrono::NaiveDate;
use rusqlite::params;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::str::FromStr;
use trastienda_core::payroll::{EmployeeContributions, EmployerContributions};
use trastienda_core::{Money, Problem, ProblemCode};

/// Runs whose payslips count.
const COUNTED: &str = "r.state IN ('approved', 'paid')";
const EE_SS: &str = "(p.ee_cc_cents + p.ee_unemployment_cents + p.ee_fp_cents + p.ee_mei_cents \
                     + p.ee_solidarity_cents + p.ee_overtime_cents)";
const ER_SS: &str = "(p.er_cc_cents + p.er_atep_cents + p.er_unemployment_cents + p.er_fogasa_cents \
                     + p.er_fp_cents + p.er_mei_cents + p.er_solidarity_cents + p.er_overtime_cents)";

/// Sums of a set of payslips.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PayrollTotals {
    pub gross: Money,
    /// The employee's Social Security contributions (every item).
    pub employee_ss: Money,
    pub irpf: Money,
    pub other_deductions: Money,
    pub net: Money,
    /// The employer's Social Security contributions (every item).
    pub employer_ss: Money,
    pub employer_cost: Money,
    pub payslips: u32,
}

impl PayrollTotals {
    fn add(&mut self, o: &PayrollTotals) {
        self.gross += o.gross;
        self.employee_ss += o.employee_ss;
        self.irpf += o.irpf;
        self.other_deductions += o.other_deductions;
        self.net += o.net;
        self.employer_ss += o.employer_ss;
        self.employer_cost += o.employer_cost;
        self.payslips += o.payslips;
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayrollEmployeeRow {
    pub employee_id: i64,
    pub name: String,
    pub nif: String,
    pub totals: PayrollTotals,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayrollMonthRow {
    /// "YYYY-MM".
    pub month: String,
    /// Distinct employees with a payslip in the month.
    pub employees: u32,
    pub totals: PayrollTotals,
}

/// The payroll of the months `from..=to`: per employee (by name), per month, and in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayrollSummary {
    pub from: String,
    pub to: String,
    pub employees: Vec<PayrollEmployeeRow>,
    pub months: Vec<PayrollMonthRow>,
    pub totals: PayrollTotals,
}

/// One month's (or the period's) Social Security: bases and contributions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SsCostRow {
    /// "YYYY-MM" ("" for the period's totals).
    pub month: String,
    pub employees: u32,
    /// Base de contingencias comunes and profesionales.
    pub bccc: Money,
    pub bccp: Money,
    pub ee: EmployeeContributions,
    pub er: EmployerContributions,
}

impl SsCostRow {
    /// What is paid to the Social Security: both sides.
    pub fn total(&self) -> Money {
        self.ee.total() + self.er.total()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsCost {
    pub from: String,
    pub to: String,
    pub months: Vec<SsCostRow>,
    pub totals: SsCostRow,
}

/// A quarter's withholding on employment income (modelo 111, rendimientos del trabajo).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IrpfQuarter {
    pub year: i32,
    pub quarter: u32,
    pub from: String,
    pub to: String,
    /// Distinct employees paid in the quarter (número de perceptores).
    pub recipients: u32,
    /// Percepciones dinerarias y en especie: the IRPF base of the payslips.
    pub base: Money,
    /// Retenciones e ingresos a cuenta.
    pub withheld: Money,
    pub payslips: u32,
}

/// One employee's year (modelo 190, clave A).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IrpfAnnualRow {
    pub employee_id: i64,
    pub nif: String,
    pub name: String,
    /// Percepciones íntegras.
    pub base: Money,
    /// Retenciones practicadas.
    pub withheld: Money,
    pub payslips: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IrpfAnnual {
    pub year: i32,
    pub rows: Vec<IrpfAnnualRow>,
    pub base: Money,
    pub withheld: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadcountMonth {
    /// "YYYY-MM".
    pub month: String,
    /// Distinct employees with a payslip in the month's approved run.
    pub employees: u32,
    /// Full-time equivalents: each ordinary payslip's part-time share × days / 30, two
    /// decimals.
    pub fte: Decimal,
    /// Employees whose contract starts in the month.
    pub hires: u32,
    /// Employees whose termination date falls in the month.
    pub terminations: u32,
}

/// Twelve months of a year, and the year's hires, terminations and average FTE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headcount {
    pub year: i32,
    pub months: Vec<HeadcountMonth>,
    pub hires: u32,
    pub terminations: u32,
    /// The FTE averaged over the twelve months, two decimals.
    pub average_fte: Decimal,
}

fn problem(code: ProblemCode, field: &str, message: String) -> StoreError {
    StoreError::Invalid(vec![Problem::new(code, message).field(field)])
}

/// "YYYY-MM" normalised, or a problem naming `field`.
pub(crate) fn month_of(field: &str, s: &str) -> Result<String> {
    let bad = || {
        problem(
            ProblemCode::InvalidDate,
            field,
            format!(
                "'{}' is not a month (YYYY-MM)",
                s.chars().take(20).collect::<String>()
            ),
        )
    };
    let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
    if y.len() != 4 || m.is_empty() || m.len() > 2 {
        return Err(bad());
    }
    let (y, m): (i32, u32) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if !(2000..=2100).contains(&y) || NaiveDate::from_ymd_opt(y, m, 1).is_none() {
        return Err(bad());
    }
    Ok(format!("{y:04}-{m:02}"))
}

fn period(from: &str, to: &str) -> Result<(String, String)> {
    let f = month_of("from", from);
    let t = month_of("to", to);
    match (f, t) {
        (Ok(f), Ok(t)) if t < f => Err(problem(
            ProblemCode::OutOfRange,
            "to",
            format!("the period ends ({t}) before it starts ({f})"),
        )),
        (Ok(f), Ok(t)) => Ok((f, t)),
        (Err(StoreError::Invalid(mut a)), Err(StoreError::Invalid(b))) => {
            a.extend(b);
            Err(StoreError::Invalid(a))
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

fn check_year(year: i32) -> Result<()> {
    if (2000..=2100).contains(&year) {
        Ok(())
    } else {
        Err(problem(
            ProblemCode::OutOfRange,
            "year",
            format!("{year} is not a year between 2000 and 2100"),
        ))
    }
}

fn cents(r: &rusqlite::Row, i: usize) -> rusqlite::Result<Money> {
    Ok(Money::from_cents(r.get(i)?))
}

fn count(r: &rusqlite::Row, i: usize) -> rusqlite::Result<u32> {
    Ok(r.get::<_, i64>(i)?.max(0) as u32)
}

/// The sums a `PayrollTotals` reads, as SELECT columns (8 of them from the given index on).
fn totals_columns() -> String {
    format!(
        "sum(p.gross_cents), sum({EE_SS}), sum(p.irpf_cents), sum(p.other_deductions_cents), \
         sum(p.net_cents), sum({ER_SS}), sum(p.employer_cost_cents), count(*)"
    )
}

fn read_totals(r: &rusqlite::Row, at: usize) -> rusqlite::Result<PayrollTotals> {
    Ok(PayrollTotals {
        gross: cents(r, at)?,
        employee_ss: cents(r, at + 1)?,
        irpf: cents(r, at + 2)?,
        other_deductions: cents(r, at + 3)?,
        net: cents(r, at + 4)?,
        employer_ss: cents(r, at + 5)?,
        employer_cost: cents(r, at + 6)?,
        payslips: count(r, at + 7)?,
    })
}

impl Company {
    /// The payroll of the months `from..=to` ("YYYY-MM"): per employee, per month and in all.
    pub fn payroll_summary(&self, from: &str, to: &str) -> Result<PayrollSummary> {
        let (from, to) = period(from, to)?;
        let cols = totals_columns();
        let mut stmt = self.conn.prepare(&format!(
            "SELECT p.employee_id, e.name, e.nif, {cols}
             FROM payslips p JOIN pay_runs r ON r.id = p.run_id
             JOIN employees e ON e.id = p.employee_id
             WHERE {COUNTED} AND r.month BETWEEN ?1 AND ?2
             GROUP BY p.employee_id ORDER BY e.name COLLATE NOCASE, p.employee_id"
        ))?;
        let employees = stmt
            .query_map(params![from, to], |r| {
                Ok(PayrollEmployeeRow {
                    employee_id: r.get(0)?,
                    name: r.get(1)?,
                    nif: r.get(2)?,
                    totals: read_totals(r, 3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT r.month, count(DISTINCT p.employee_id), {cols}
             FROM payslips p JOIN pay_runs r ON r.id = p.run_id
             WHERE {COUNTED} AND r.month BETWEEN ?1 AND ?2
             GROUP BY r.month ORDER BY r.month"
        ))?;
        let months = stmt
            .query_map(params![from, to], |r| {
                Ok(PayrollMonthRow {
                    month: r.get(0)?,
                    employees: count(r, 1)?,
                    totals: read_totals(r, 2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut totals = PayrollTotals::default();
        for m in &months {
            totals.add(&m.totals);
        }
        Ok(PayrollSummary {
            from,
            to,
            employees,
            months,
            totals,
        })
    }

    /// Social Security of the months `from..=to`: bases and every contribution item, per
    /// month and in all.
    pub fn ss_cost(&self, from: &str, to: &str) -> Result<SsCost> {
        let (from, to) = period(from, to)?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT r.month, count(DISTINCT p.employee_id), sum(p.bccc_cents), sum(p.bccp_cents),
                    sum(p.ee_cc_cents), sum(p.ee_unemployment_cents), sum(p.ee_fp_cents),
                    sum(p.ee_mei_cents), sum(p.ee_solidarity_cents), sum(p.ee_overtime_cents),
                    sum(p.er_cc_cents), sum(p.er_atep_cents), sum(p.er_unemployment_cents),
                    sum(p.er_fogasa_cents), sum(p.er_fp_cents), sum(p.er_mei_cents),
                    sum(p.er_solidarity_cents), sum(p.er_overtime_cents)
             FROM payslips p JOIN pay_runs r ON r.id = p.run_id
             WHERE {COUNTED} AND r.month BETWEEN ?1 AND ?2
             GROUP BY r.month ORDER BY r.month"
        ))?;
        let months = stmt
            .query_map(params![from, to], |r| {
                Ok(SsCostRow {
                    month: r.get(0)?,
                    employees: count(r, 1)?,
                    bccc: cents(r, 2)?,
                    bccp: cents(r, 3)?,
                    ee: EmployeeContributions {
                        cc: cents(r, 4)?,
                        unemployment: cents(r, 5)?,
                        fp: cents(r, 6)?,
                        mei: cents(r, 7)?,
                        solidarity: cents(r, 8)?,
                        overtime: cents(r, 9)?,
                    },
                    er: EmployerContributions {
                        cc: cents(r, 10)?,
                        atep: cents(r, 11)?,
                        unemployment: cents(r, 12)?,
                        fogasa: cents(r, 13)?,
                        fp: cents(r, 14)?,
                        mei: cents(r, 15)?,
                        solidarity: cents(r, 16)?,
                        overtime: cents(r, 17)?,
                    },
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut t = SsCostRow::default();
        for m in &months {
            t.employees = t.employees.max(m.employees);
            t.bccc += m.bccc;
            t.bccp += m.bccp;
            t.ee.cc += m.ee.cc;
            t.ee.unemployment += m.ee.unemployment;
            t.ee.fp += m.ee.fp;
            t.ee.mei += m.ee.mei;
            t.ee.solidarity += m.ee.solidarity;
            t.ee.overtime += m.ee.overtime;
            t.er.cc += m.er.cc;
            t.er.atep += m.er.atep;
            t.er.unemployment += m.er.unemployment;
            t.er.fogasa += m.er.fogasa;
            t.er.fp += m.er.fp;
            t.er.mei += m.er.mei;
            t.er.solidarity += m.er.solidarity;
            t.er.overtime += m.er.overtime;
        }
        Ok(SsCost {
            from,
            to,
            months,
            totals: t,
        })
    }

    /// A quarter's (1-4) IRPF on employment income: recipients, income and withholding of the
    /// approved runs of its three months (modelo 111).
    pub fn irpf_withheld(&self, year: i32, quarter: u32) -> Result<IrpfQuarter> {
        check_year(year)?;
        if !(1..=4).contains(&quarter) {
            return Err(problem(
                ProblemCode::OutOfRange,
                "quarter",
                format!("{quarter} is not a quarter (1 to 4)"),
            ));
        }
        let from = format!("{year:04}-{:02}", quarter * 3 - 2);
        let to = format!("{year:04}-{:02}", quarter * 3);
        let (recipients, base, withheld, payslips) = self.conn.query_row(
            &format!(
                "SELECT count(DISTINCT p.employee_id), coalesce(sum(p.irpf_base_cents), 0),
                        coalesce(sum(p.irpf_cents), 0), count(*)
                 FROM payslips p JOIN pay_runs r ON r.id = p.run_id
                 WHERE {COUNTED} AND r.month BETWEEN ?1 AND ?2"
            ),
            params![from, to],
            |r| Ok((count(r, 0)?, cents(r, 1)?, cents(r, 2)?, count(r, 3)?)),
        )?;
        Ok(IrpfQuarter {
            year,
            quarter,
            from,
            to,
            recipients,
            base,
            withheld,
            payslips,
        })
    }

    /// A year's IRPF per employee (modelo 190): income and withholding of the year's approved
    /// runs, by name.
    pub fn irpf_annual(&self, year: i32) -> Result<IrpfAnnual> {
        check_year(year)?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT p.employee_id, e.nif, e.name, sum(p.irpf_base_cents), sum(p.irpf_cents), count(*)
             FROM payslips p JOIN pay_runs r ON r.id = p.run_id
             JOIN employees e ON e.id = p.employee_id
             WHERE {COUNTED} AND substr(r.month, 1, 4) = ?1
             GROUP BY p.employee_id ORDER BY e.name COLLATE NOCASE, p.employee_id"
        ))?;
        let rows = stmt
            .query_map([format!("{year:04}")], |r| {
                Ok(IrpfAnnualRow {
                    employee_id: r.get(0)?,
                    nif: r.get(1)?,
                    name: r.get(2)?,
                    base: cents(r, 3)?,
                    withheld: cents(r, 4)?,
                    payslips: count(r, 5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(IrpfAnnual {
            year,
            base: rows.iter().map(|r| r.base).sum(),
            withheld: rows.iter().map(|r| r.withheld).sum(),
            rows,
        })
    }

    /// A year's headcount, month by month: employees paid, full-time equivalents (ordinary
    /// payslips: part-time % / 100 × days / 30), hires (contract start) and terminations.
    pub fn headcount(&self, year: i32) -> Result<Headcount> {
        check_year(year)?;
        let y = format!("{year:04}");
        let mut months: Vec<HeadcountMonth> = (1..=12)
            .map(|m| HeadcountMonth {
                month: format!("{y}-{m:02}"),
                employees: 0,
                fte: Decimal::ZERO,
                hires: 0,
                terminations: 0,
            })
            .collect();
        let index = |month: &str| -> Option<usize> {
            month
                .get(5..7)
                .and_then(|m| m.parse::<usize>().ok())
                .filter(|m| (1..=12).contains(m))
                .map(|m| m - 1)
        };
        // Distinct employees per month, and days per part-time share of ordinary payslips.
        let mut stmt = self.conn.prepare(&format!(
            "SELECT r.month, p.part_time_pct, count(DISTINCT p.employee_id),
                    sum(CASE WHEN p.corrects_id IS NULL THEN min(p.days, 30) ELSE 0 END)
             FROM payslips p JOIN pay_runs r ON r.id = p.run_id
             WHERE {COUNTED} AND substr(r.month, 1, 4) = ?1
             GROUP BY r.month, p.part_time_pct"
        ))?;
        let shares = stmt
            .query_map([&y], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    count(r, 2)?,
                    r.get::<_, i64>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut fte: BTreeMap<usize, Decimal> = BTreeMap::new();
        for (month, pct, _, days) in &shares {
            if let Some(i) = index(month) {
                let pct = Decimal::from_str(pct.trim()).unwrap_or(Decimal::ONE_HUNDRED);
                *fte.entry(i).or_default() += pct * Decimal::from(*days) / Decimal::from(3000);
            }
        }
        // An employee can have payslips at two shares in a month only through a correction;
        // count each once.
        let mut stmt = self.conn.prepare(&format!(
            "SELECT r.month, count(DISTINCT p.employee_id)
             FROM payslips p JOIN pay_runs r ON r.id = p.run_id
             WHERE {COUNTED} AND substr(r.month, 1, 4) = ?1
             GROUP BY r.month"
        ))?;
        for row in stmt.query_map([&y], |r| Ok((r.get::<_, String>(0)?, count(r, 1)?)))? {
            let (month, n) = row?;
            if let Some(i) = index(&month) {
                months[i].employees = n;
            }
        }
        for (i, f) in fte {
            months[i].fte = f.round_dp(2);
        }
        for (column, hires) in [("start_date", true), ("termination_date", false)] {
            let mut stmt = self.conn.prepare(&format!(
                "SELECT substr({column}, 1, 7), count(*) FROM employees
                 WHERE substr({column}, 1, 4) = ?1 GROUP BY substr({column}, 1, 7)"
            ))?;
            for row in stmt.query_map([&y], |r| Ok((r.get::<_, String>(0)?, count(r, 1)?)))? {
                let (month, n) = row?;
                if let Some(i) = index(&month) {
                    if hires {
                        months[i].hires = n;
                    } else {
                        months[i].terminations = n;
                    }
                }
            }
        }
        let sum_fte: Decimal = months.iter().map(|m| m.fte).sum();
        Ok(Headcount {
            year,
            hires: months.iter().map(|m| m.hires).sum(),
            terminations: months.iter().map(|m| m.terminations).sum(),
            average_fte: (sum_fte / Decimal::from(12)).round_dp(2),
            months,
        })
    }
}
