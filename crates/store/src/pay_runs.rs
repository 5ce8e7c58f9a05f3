//! Pay runs: one a month. Creating (or recomputing) a draft run computes a payslip for each
//! employee under contract in the month with `core::payroll` and the year's rates (the shipped
//! file, `assets/payroll/es-<year>.csv`, with the company's overrides); review may add lines
//! (overtime, a bonus, an allowance, a deduction) to a payslip, which is computed again.
//! Approving posts the run (640/642 against 476/4751/460/465) and freezes it (triggers of
//! 0006_payroll.sql); paying posts 465 against the bank and gives the salaries' SEPA file. A
//! mistake in an approved payslip is corrected by a correcting payslip in a later run: the
//! month computed again with the correction, less what was paid, so posting it adds only the
//! difference. Every change is one transaction with an audit record.

use crate::audit::{self, Change};
use crate::journal::Poster;
use crate::{Company, Result, StoreError};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use rust_decimal::Decimal;
use std::str::FromStr;
use trastienda_core::payroll::{
    compute_payslip, payroll_entry, salary_payment_entry, shipped_rates, ContractKind,
    EmployeeContributions, EmployerContributions, LineKind, PayInputs, PayLine, PayrollAccounts,
    PayrollRates, Payslip,
};
use trastienda_core::sepa::{pain_001_001_03, CreditTransferRun, Debtor, Transfer};
use trastienda_core::{AccountCode, BalancedEntry, Iban, Money, Problem, ProblemCode};

/// A run as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayRunRecord {
    pub id: i64,
    /// "YYYY-MM".
    pub month: String,
    /// draft, approved, paid.
    pub state: String,
    pub payslips: Vec<PayslipRecord>,
    pub gross: Money,
    pub net: Money,
    pub employer_cost: Money,
    pub entry_id: Option<i64>,
    pub payment_entry_id: Option<i64>,
    pub payment_date: Option<NaiveDate>,
    pub created_at: String,
    pub approved_at: Option<String>,
}

/// A payslip as stored: the employee as paid, every figure, its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayslipRecord {
    pub id: i64,
    pub run_id: i64,
    pub month: String,
    pub run_state: String,
    pub employee_id: i64,
    pub corrects_id: Option<i64>,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub days: u32,
    pub employee_name: String,
    pub employee_nif: String,
    pub ss_number: String,
    pub group: u8,
    pub category: String,
    pub contract_type: String,
    pub part_time_pct: String,
    pub irpf_pct: String,
    pub slip: Payslip,
    /// Which lines were added in review.
    pub manual: Vec<bool>,
}

/// One year's rate as the rates screen shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayrollRateRow {
    pub key: String,
    pub value: String,
    pub source: String,
    /// The shipped value, when the company changed it.
    pub shipped: Option<String>,
}

/// A line added to a payslip in review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualLine {
    pub kind: LineKind,
    /// "overtime", "overtime_fm", "bonus", "allowance", "advance", … (free, but the two
    /// overtime codes are contributed on as overtime).
    pub code: String,
    pub label: String,
    pub amount: Money,
}

fn invalid(p: Problem) -> StoreError {
    StoreError::invalid(p)
}

fn parse_month(month: &str) -> Result<(i32, u32, NaiveDate, NaiveDate)> {
    let bad = || {
        invalid(
            Problem::new(
                ProblemCode::InvalidDate,
                format!(
                    "'{}' is not a month (YYYY-MM)",
                    month.chars().take(20).collect::<String>()
                ),
            )
            .field("month"),
        )
    };
    let (y, m) = month.trim().split_once('-').ok_or_else(bad)?;
    let (y, m): (i32, u32) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if !(2000..=2100).contains(&y) || y.to_string().len() != 4 || m.to_string().len() > 2 {
        return Err(bad());
    }
    let first = NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad)?;
    let next = if m == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)
    }
    .ok_or_else(bad)?;
    Ok((y, m, first, next.pred_opt().ok_or_else(bad)?))
}

/// The year's rates: the shipped file with the company's overrides.
pub(crate) fn rates_for(conn: &Connection, year: i32) -> Result<PayrollRates> {
    let Some(text) = shipped_rates(year) else {
        return Err(invalid(
            Problem::new(
                ProblemCode::NotFound,
                format!(
                    "there are no payroll rates for {year}: the rate files cover {}",
                    shipped_years()
                ),
            )
            .field("month")
            .param("year", year),
        ));
    };
    let shipped = PayrollRates::parse(year, text).map_err(StoreError::Invalid)?;
    let overrides: Vec<(String, String)> = conn
        .prepare_cached(
            "SELECT key, value FROM payroll_rate_overrides WHERE year = ?1 ORDER BY key",
        )?
        .query_map([year], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if overrides.is_empty() {
        return Ok(shipped);
    }
    shipped
        .with_overrides(&overrides)
        .map_err(StoreError::Invalid)
}

fn shipped_years() -> String {
    (2000..=2100)
        .filter(|y| shipped_rates(*y).is_some())
        .map(|y| y.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

struct EmployeeRow {
    id: i64,
    nif: String,
    name: String,
    ss_number: String,
    contract_type: String,
    start: NaiveDate,
    end: Option<NaiveDate>,
    part_time_pct: String,
    category: String,
    group: u8,
    base: Money,
    complements: Money,
    allowances: Money,
    in_kind: Money,
    payments: u8,
    prorate: bool,
    termination: Option<NaiveDate>,
}

fn date_col(r: &rusqlite::Row<'_>, col: usize) -> rusqlite::Result<NaiveDate> {
    crate::journal::parse_date(&r.get::<_, String>(col)?, col)
}

fn opt_date_col(r: &rusqlite::Row<'_>, col: usize) -> rusqlite::Result<Option<NaiveDate>> {
    match r.get::<_, Option<String>>(col)? {
        Some(s) => crate::journal::parse_date(&s, col).map(Some),
        None => Ok(None),
    }
}

const EMPLOYEE_COLUMNS: &str = "id, nif, name, ss_number, contract_type, start_date, end_date,
    part_time_pct, category, cotization_group, base_salary_cents, complement_cents,
    allowance_cents, in_kind_cents, payments, prorate_extras, termination_date";

fn employee_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<EmployeeRow> {
    Ok(EmployeeRow {
        id: r.get(0)?,
        nif: r.get(1)?,
        name: r.get(2)?,
        ss_number: r.get(3)?,
        contract_type: r.get(4)?,
        start: date_col(r, 5)?,
        end: opt_date_col(r, 6)?,
        part_time_pct: r.get(7)?,
        category: r.get(8)?,
        group: r.get::<_, i64>(9)?.clamp(1, 11) as u8,
        base: Money::from_cents(r.get(10)?),
        complements: Money::from_cents(r.get(11)?),
        allowances: Money::from_cents(r.get(12)?),
        in_kind: Money::from_cents(r.get(13)?),
        payments: r.get::<_, i64>(14)? as u8,
        prorate: r.get::<_, i64>(15)? != 0,
        termination: opt_date_col(r, 16)?,
    })
}

/// The employees under contract some day of the month, by name.
fn employees_in(conn: &Connection, first: NaiveDate, last: NaiveDate) -> Result<Vec<EmployeeRow>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {EMPLOYEE_COLUMNS} FROM employees
             WHERE start_date <= ?2
               AND (end_date IS NULL OR end_date >= ?1)
               AND (termination_date IS NULL OR termination_date >= ?1)
             ORDER BY name COLLATE NOCASE, id"
        ))?
        .query_map(params![first.to_string(), last.to_string()], employee_row)?
        .collect::<rusqlite::Result<_>>()?)
}

fn employee(conn: &Connection, id: i64) -> Result<EmployeeRow> {
    conn.query_row(
        &format!("SELECT {EMPLOYEE_COLUMNS} FROM employees WHERE id = ?1"),
        [id],
        employee_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("employee {id}")))
}

/// The IRPF rate in force on `day`: the latest set from a date not after it; 0 when none.
fn irpf_on(conn: &Connection, employee_id: i64, day: NaiveDate) -> Result<Decimal> {
    let pct: Option<String> = conn
        .query_row(
            "SELECT pct FROM employee_irpf WHERE employee_id = ?1 AND from_date <= ?2
             ORDER BY from_date DESC LIMIT 1",
            params![employee_id, day.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    Ok(pct
        .and_then(|p| Decimal::from_str(&p).ok())
        .unwrap_or(Decimal::ZERO))
}

/// The period paid in the month and its days out of a commercial month of 30: from the start
/// (or the 1st) to the end of contract or termination (or the month's end, counted as 30).
fn period(e: &EmployeeRow, first: NaiveDate, last: NaiveDate) -> (NaiveDate, NaiveDate, u32) {
    let from = e.start.max(first);
    let mut to = last;
    for d in [e.end, e.termination].into_iter().flatten() {
        to = to.min(d);
    }
    if to < from {
        return (from, from, 0);
    }
    let start_day = if from == first { 1 } else { from.day() };
    let end_day = if to == last { 30 } else { to.day().min(30) };
    (from, to, (end_day + 1).saturating_sub(start_day).min(30))
}

fn atep_rate(conn: &Connection) -> Result<Decimal> {
    let s: String = conn.query_row("SELECT atep_rate FROM company WHERE id = 1", [], |r| {
        r.get(0)
    })?;
    Ok(Decimal::from_str(&s).unwrap_or(Decimal::new(150, 2)))
}

fn inputs_for(
    conn: &Connection,
    e: &EmployeeRow,
    year: i32,
    month: u32,
    days: u32,
    period_end: NaiveDate,
    manual: &[ManualLine],
) -> Result<PayInputs> {
    let mut overtime = Money::ZERO;
    let mut overtime_fm = Money::ZERO;
    let mut extra = Vec::new();
    for m in manual {
        match m.code.as_str() {
            "overtime" => overtime += m.amount,
            "overtime_fm" => overtime_fm += m.amount,
            _ => extra.push(PayLine::new(m.kind, &m.code, &m.label, m.amount)),
        }
    }
    let contract = ContractKind::parse(&e.contract_type).unwrap_or(ContractKind::Indefinido);
    let short = contract.is_temporal() && e.end.is_some_and(|end| (end - e.start).num_days() < 365);
    Ok(PayInputs {
        year,
        month,
        contract,
        group: e.group,
        part_time_pct: Decimal::from_str(&e.part_time_pct).unwrap_or(Decimal::ONE_HUNDRED),
        base_salary: e.base,
        complements: e.complements,
        allowances: e.allowances,
        in_kind: e.in_kind,
        payments: e.payments,
        prorate_extras: e.prorate,
        irpf_pct: irpf_on(conn, e.id, period_end)?,
        days,
        overtime,
        overtime_force_majeure: overtime_fm,
        extra_lines: extra,
        atep_rate: atep_rate(conn)?,
        short_contract: short,
    })
}

/// Problems of one employee's computation, each prefixed with the employee.
fn named(e_name: &str, problems: Vec<Problem>) -> StoreError {
    StoreError::Invalid(
        problems
            .into_iter()
            .map(|mut p| {
                p.message = format!("{e_name}: {}", p.message);
                p.param("employee", e_name)
            })
            .collect(),
    )
}

#[allow(clippy::too_many_arguments)]
fn insert_payslip(
    tx: &Transaction<'_>,
    run_id: i64,
    e: &EmployeeRow,
    corrects_id: Option<i64>,
    from: NaiveDate,
    to: NaiveDate,
    days: u32,
    slip: &Payslip,
    manual_codes: &[ManualLine],
    now: DateTime<Utc>,
) -> Result<i64> {
    let m = |x: Money| x.cents();
    tx.execute(
        "INSERT INTO payslips (run_id, employee_id, corrects_id, period_start, period_end, days,
            employee_name, employee_nif, ss_number, cotization_group, category, contract_type,
            part_time_pct, irpf_pct, salary_cents, non_salary_cents, gross_cents, bccc_cents,
            bccp_cents, overtime_base_cents, irpf_base_cents, ee_cc_cents, ee_unemployment_cents,
            ee_fp_cents, ee_mei_cents, ee_solidarity_cents, ee_overtime_cents, irpf_cents,
            other_deductions_cents, total_deductions_cents, net_cents, er_cc_cents, er_atep_cents,
            er_unemployment_cents, er_fogasa_cents, er_fp_cents, er_mei_cents,
            er_solidarity_cents, er_overtime_cents, employer_cost_cents, warnings, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                 ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34,
                 ?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42)",
        params![
            run_id,
            e.id,
            corrects_id,
            from.to_string(),
            to.to_string(),
            days,
            e.name,
            e.nif,
            e.ss_number,
            e.group,
            e.category,
            e.contract_type,
            e.part_time_pct,
            slip.irpf_pct.normalize().to_string(),
            m(slip.salary),
            m(slip.non_salary),
            m(slip.gross),
            m(slip.bccc),
            m(slip.bccp),
            m(slip.overtime_base),
            m(slip.irpf_base),
            m(slip.ee.cc),
            m(slip.ee.unemployment),
            m(slip.ee.fp),
            m(slip.ee.mei),
            m(slip.ee.solidarity),
            m(slip.ee.overtime),
            m(slip.irpf),
            m(slip.other_deductions),
            m(slip.total_deductions),
            m(slip.net),
            m(slip.er.cc),
            m(slip.er.atep),
            m(slip.er.unemployment),
            m(slip.er.fogasa),
            m(slip.er.fp),
            m(slip.er.mei),
            m(slip.er.solidarity),
            m(slip.er.overtime),
            m(slip.employer_cost),
            slip.warnings.join("\n"),
            now.to_rfc3339()
        ],
    )?;
    let id = tx.last_insert_rowid();
    let mut insert = tx.prepare_cached(
        "INSERT INTO payslip_lines (payslip_id, line_no, kind, code, label, amount_cents, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (i, l) in slip.lines.iter().enumerate() {
        let manual = manual_codes
            .iter()
            .any(|m| m.code == l.code && m.kind == l.kind);
        insert.execute(params![
            id,
            i as i64 + 1,
            l.kind.as_str(),
            l.code,
            l.label,
            l.amount.cents(),
            if manual { "manual" } else { "contract" }
        ])?;
    }
    Ok(id)
}

/// The lines added in review to a payslip.
fn manual_lines(conn: &Connection, payslip_id: i64) -> Result<Vec<ManualLine>> {
    Ok(conn
        .prepare_cached(
            "SELECT kind, code, label, amount_cents FROM payslip_lines
             WHERE payslip_id = ?1 AND source = 'manual' ORDER BY line_no",
        )?
        .query_map([payslip_id], |r| {
            let kind: String = r.get(0)?;
            Ok(ManualLine {
                kind: LineKind::parse(&kind).unwrap_or(LineKind::Salary),
                code: r.get(1)?,
                label: r.get(2)?,
                amount: Money::from_cents(r.get(3)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

fn run_state(conn: &Connection, id: i64) -> Result<(String, String)> {
    conn.query_row(
        "SELECT month, state FROM pay_runs WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("pay run {id}")))
}

fn refuse_closed(month: &str, state: &str) -> StoreError {
    invalid(
        Problem::new(
            ProblemCode::Locked,
            format!(
                "the pay run of {month} is {state}: its payslips never change; correct one with a \
                 correcting payslip in a later run"
            ),
        )
        .field("month")
        .param("month", month)
        .param("state", state),
    )
}

impl Company {
    /// Computes the month's run: a new draft, or the draft computed again (lines added in
    /// review are kept). Refused for a month whose run is approved, without rates for its
    /// year, or with nobody under contract. Nothing is written when any employee's payslip
    /// cannot be computed (the problem names the employee).
    pub fn compute_pay_run(&mut self, month: &str, now: DateTime<Utc>) -> Result<PayRunRecord> {
        let (year, m, first, last) = parse_month(month)?;
        let month = format!("{year:04}-{m:02}");
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let existing: Option<(i64, String)> = tx
            .query_row(
                "SELECT id, state FROM pay_runs WHERE month = ?1",
                [&month],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((_, state)) = &existing {
            if state != "draft" {
                return Err(refuse_closed(&month, state));
            }
        }
        let rates = rates_for(&tx, year)?;
        let employees = employees_in(&tx, first, last)?;
        if employees.is_empty() {
            return Err(invalid(
                Problem::new(
                    ProblemCode::Required,
                    format!("nobody is under contract in {month}: add employees first"),
                )
                .field("month"),
            ));
        }
        // Keep what review added (per employee) when computing a draft again.
        let mut kept: Vec<(i64, Vec<ManualLine>)> = Vec::new();
        let mut corrections: Vec<i64> = Vec::new();
        let run_id = match existing {
            Some((id, _)) => {
                let slips: Vec<(i64, i64, Option<i64>)> = tx
                    .prepare("SELECT id, employee_id, corrects_id FROM payslips WHERE run_id = ?1")?
                    .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                for (sid, eid, corrects) in slips {
                    match corrects {
                        // Correcting payslips stay as they are.
                        Some(_) => corrections.push(sid),
                        None => {
                            kept.push((eid, manual_lines(&tx, sid)?));
                            tx.execute("DELETE FROM payslips WHERE id = ?1", [sid])?;
                        }
                    }
                }
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO pay_runs (month, created_at) VALUES (?1, ?2)",
                    params![month, now.to_rfc3339()],
                )?;
                tx.last_insert_rowid()
            }
        };
        let mut gross = Money::ZERO;
        for e in &employees {
            let (from, to, days) = period(e, first, last);
            let manual = kept
                .iter()
                .find(|k| k.0 == e.id)
                .map(|k| k.1.clone())
                .unwrap_or_default();
            let inputs = inputs_for(&tx, e, year, m, days, to, &manual)?;
            let slip = compute_payslip(&inputs, &rates).map_err(|p| named(&e.name, p))?;
            gross += slip.gross;
            insert_payslip(&tx, run_id, e, None, from, to, days, &slip, &manual, now)?;
        }
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("pay_run:{run_id}"),
                action: "compute",
                after: Some(&format!(
                    "{month}: {} payslips, gross {gross}{}",
                    employees.len(),
                    if corrections.is_empty() {
                        String::new()
                    } else {
                        format!(", {} correcting payslips kept", corrections.len())
                    }
                )),
                ..Change::default()
            },
        )?;
        let rec = read_run(&tx, run_id)?;
        tx.commit()?;
        Ok(rec)
    }

    /// Replaces the lines added in review to a payslip of a draft run and computes it again.
    pub fn adjust_payslip(
        &mut self,
        payslip_id: i64,
        lines: &[ManualLine],
        now: DateTime<Utc>,
    ) -> Result<PayslipRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let old = read_payslip(&tx, payslip_id)?;
        if old.run_state != "draft" {
            return Err(refuse_closed(&old.month, &old.run_state));
        }
        if old.corrects_id.is_some() {
            return Err(invalid(
                Problem::new(
                    ProblemCode::InvalidCode,
                    "a correcting payslip is made again, not adjusted: remove it and correct anew",
                )
                .field("payslip_id"),
            ));
        }
        let mut problems = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            let row = i as u32 + 1;
            if l.label.trim().is_empty() {
                problems.push(
                    Problem::new(ProblemCode::Required, "the line needs a description")
                        .at_row(row)
                        .field("label"),
                );
            }
            if l.amount.is_zero() || l.amount.is_negative() {
                problems.push(
                    Problem::new(
                        ProblemCode::OutOfRange,
                        format!("a line's amount is more than zero, not {}", l.amount),
                    )
                    .at_row(row)
                    .field("amount"),
                );
            }
            if (l.code == "overtime" || l.code == "overtime_fm") && l.kind != LineKind::Salary {
                problems.push(
                    Problem::new(ProblemCode::InvalidCode, "overtime is a salary line")
                        .at_row(row)
                        .field("kind"),
                );
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems));
        }
        let (year, m, first, last) = parse_month(&old.month)?;
        let rates = rates_for(&tx, year)?;
        let e = employee(&tx, old.employee_id)?;
        let (from, to, days) = period(&e, first, last);
        let inputs = inputs_for(&tx, &e, year, m, days, to, lines)?;
        let slip = compute_payslip(&inputs, &rates).map_err(|p| named(&e.name, p))?;
        tx.execute("DELETE FROM payslips WHERE id = ?1", [payslip_id])?;
        let id = insert_payslip(&tx, old.run_id, &e, None, from, to, days, &slip, lines, now)?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("payslip:{id}"),
                action: "adjust",
                before: Some(&format!(
                    "{} {}: net {}",
                    old.month, old.employee_name, old.slip.net
                )),
                after: Some(&format!(
                    "{} {}: lines [{}], net {}",
                    old.month,
                    e.name,
                    lines
                        .iter()
                        .map(|l| format!("{} {}", l.label, l.amount))
                        .collect::<Vec<_>>()
                        .join(", "),
                    slip.net
                )),
                ..Change::default()
            },
        )?;
        let rec = read_payslip(&tx, id)?;
        tx.commit()?;
        Ok(rec)
    }

    /// Adds to the draft run `run_id` a correcting payslip for the approved payslip
    /// `original_id` of an earlier month: that month computed again with `lines` added in
    /// review, less what the original paid, so the run posts only the difference.
    pub fn correct_payslip(
        &mut self,
        run_id: i64,
        original_id: i64,
        lines: &[ManualLine],
        now: DateTime<Utc>,
    ) -> Result<PayslipRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (run_month, state) = run_state(&tx, run_id)?;
        if state != "draft" {
            return Err(refuse_closed(&run_month, &state));
        }
        let original = read_payslip(&tx, original_id)?;
        if original.run_state == "draft" || original.month >= run_month {
            return Err(invalid(
                Problem::new(
                    ProblemCode::InvalidCode,
                    format!(
                        "only an approved payslip of an earlier month is corrected here; the {} one is adjusted in its own run",
                        original.month
                    ),
                )
                .field("original_id"),
            ));
        }
        let (year, m, first, last) = parse_month(&original.month)?;
        let rates = rates_for(&tx, year)?;
        let e = employee(&tx, original.employee_id)?;
        let (from, to, days) = period(&e, first, last);
        let mut all = manual_lines(&tx, original_id)?;
        all.extend(lines.iter().cloned());
        let inputs = inputs_for(&tx, &e, year, m, days, to, &all)?;
        let again = compute_payslip(&inputs, &rates).map_err(|p| named(&e.name, p))?;
        let diff = difference(&again, &original.slip);
        if diff.gross.is_zero() && diff.net.is_zero() && diff.employer_cost.is_zero() {
            return Err(invalid(
                Problem::new(
                    ProblemCode::Required,
                    "the correction changes nothing: add the lines that were missing or wrong",
                )
                .field("lines"),
            ));
        }
        let id = insert_payslip(
            &tx,
            run_id,
            &e,
            Some(original_id),
            from,
            to,
            days,
            &diff,
            lines,
            now,
        )?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("payslip:{id}"),
                action: "correct",
                after: Some(&format!(
                    "corrects {} of {} ({}): gross {}, net {}",
                    original.employee_name, original.month, original_id, diff.gross, diff.net
                )),
                ..Change::default()
            },
        )?;
        let rec = read_payslip(&tx, id)?;
        tx.commit()?;
        Ok(rec)
    }

    /// Approves a draft run: posts its entry on the month's last day (salaries and the
    /// employer's contributions against Social Security, IRPF, advances and net pay payable),
    /// archives each payslip's PDF as printed now (`archive`: one (payslip id, PDF) for every
    /// payslip of the run) and freezes it, in one transaction.
    pub fn approve_pay_run(
        &mut self,
        id: i64,
        archive: &[(i64, Vec<u8>)],
        now: DateTime<Utc>,
    ) -> Result<PayRunRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let run = read_run(&tx, id)?;
        if run.state != "draft" {
            return Err(refuse_closed(&run.month, &run.state));
        }
        for p in &run.payslips {
            match archive.iter().find(|a| a.0 == p.id) {
                Some((_, pdf)) if pdf.starts_with(b"%PDF") => {
                    archive_payslip(&tx, p, pdf, &self.actor, now)?;
                }
                _ => {
                    return Err(invalid(
                        Problem::new(
                            ProblemCode::Required,
                            format!(
                                "the payslip of {} has no PDF to archive: approving archives every payslip as printed",
                                p.employee_name
                            ),
                        )
                        .field("archive"),
                    ))
                }
            }
        }
        let (_, _, _, last) = parse_month(&run.month)?;
        let slips: Vec<&Payslip> = run.payslips.iter().map(|p| &p.slip).collect();
        let entry = payroll_entry(
            last,
            &format!("Nómina {}", run.month),
            &slips,
            &PayrollAccounts::pgc_pymes(),
        )
        .map_err(invalid)?;
        let entry = BalancedEntry::new(entry)
            .map_err(StoreError::Invalid)?
            .with_reference(Some(&format!("Nómina {}", run.month)));
        let (entry_id, fy, number) = Poster::new(&tx, now)?.post(&entry, None)?;
        tx.execute(
            "UPDATE pay_runs SET state = 'approved', approved_at = ?2, entry_id = ?3 WHERE id = ?1",
            params![id, now.to_rfc3339(), entry_id],
        )?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("pay_run:{id}"),
                action: "approve",
                after: Some(&format!(
                    "{}: {} payslips, gross {}, net {}, employer cost {}, entry {number}/{fy}",
                    run.month,
                    run.payslips.len(),
                    run.gross,
                    run.net,
                    run.employer_cost
                )),
                ..Change::default()
            },
        )?;
        let rec = read_run(&tx, id)?;
        tx.commit()?;
        Ok(rec)
    }

    /// Pays an approved run: posts the net pay from the bank account on `date` and returns the
    /// salaries' SEPA credit transfer file (pain.001.001.03). Refused when an employee with
    /// something to be paid has no valid IBAN (named), or the company has none.
    pub fn pay_pay_run(
        &mut self,
        id: i64,
        date: NaiveDate,
        bank: &AccountCode,
        now: DateTime<Utc>,
    ) -> Result<(PayRunRecord, String)> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let run = read_run(&tx, id)?;
        if run.state != "approved" {
            return Err(invalid(
                Problem::new(
                    ProblemCode::InvalidCode,
                    if run.state == "draft" {
                        format!(
                            "the pay run of {} is not approved yet: approve it first",
                            run.month
                        )
                    } else {
                        format!("the pay run of {} is paid already", run.month)
                    },
                )
                .field("id"),
            ));
        }
        let mut problems = Vec::new();
        if !bank.as_str().starts_with("572") {
            problems.push(
                Problem::new(
                    ProblemCode::InvalidAccount,
                    format!("{bank} is not a bank account; salaries are paid from a 572 account"),
                )
                .field("account"),
            );
        }
        let (name, tax_id, iban): (String, String, Option<String>) = tx.query_row(
            "SELECT name, tax_id, iban FROM company WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let debtor_iban = match iban.as_deref().map(Iban::parse) {
            Some(Ok(i)) => i.to_string(),
            _ => {
                problems.push(
                    Problem::new(
                        ProblemCode::InvalidCode,
                        "the company has no valid IBAN to pay from: set it in the billing details (Datos de facturación)",
                    )
                    .field("debtor_iban"),
                );
                String::new()
            }
        };
        let mut transfers = Vec::new();
        for p in run.payslips.iter().filter(|p| p.slip.net.cents() > 0) {
            let iban: Option<String> = tx
                .query_row(
                    "SELECT iban FROM employees WHERE id = ?1",
                    [p.employee_id],
                    |r| r.get(0),
                )
                .optional()?
                .flatten();
            match iban.as_deref().map(Iban::parse) {
                Some(Ok(i)) => transfers.push((p, i.to_string())),
                _ => problems.push(
                    Problem::new(
                        ProblemCode::InvalidCode,
                        format!(
                            "{} has no valid IBAN to be paid to: add it on the employee's file",
                            p.employee_name
                        ),
                    )
                    .field("iban")
                    .param("employee", &p.employee_name),
                ),
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems));
        }
        let message_id = format!("NOM-{}-{}", run.month, now.format("%Y%m%d%H%M%S"));
        let sepa = CreditTransferRun {
            message_id: message_id.clone(),
            created_at: now.naive_utc(),
            execution_date: date.max(now.date_naive()),
            debtor: Debtor {
                name,
                iban: debtor_iban,
                bic: None,
                tax_id,
            },
            transfers: transfers
                .iter()
                .enumerate()
                .map(|(i, (p, iban))| Transfer {
                    end_to_end_id: format!("{message_id}-{}", i + 1).chars().take(35).collect(),
                    creditor_name: p.employee_name.clone(),
                    creditor_iban: iban.clone(),
                    creditor_bic: None,
                    amount_cents: p.slip.net.cents(),
                    remittance: format!("Nomina {}", run.month),
                })
                .collect(),
        };
        let xml = pain_001_001_03(&sepa).map_err(|e| {
            invalid(Problem::new(ProblemCode::InvalidCode, e.to_string()).field("transfers"))
        })?;
        let entry = salary_payment_entry(
            date,
            run.net,
            &PayrollAccounts::pgc_pymes().net_payable,
            bank,
            &format!("Pago nóminas {}", run.month),
        );
        let entry = BalancedEntry::new(entry).map_err(StoreError::Invalid)?;
        let (entry_id, fy, number) = Poster::new(&tx, now)?.post(&entry, None)?;
        tx.execute(
            "UPDATE pay_runs SET state = 'paid', paid_at = ?2, payment_date = ?3, payment_entry_id = ?4
             WHERE id = ?1",
            params![id, now.to_rfc3339(), date.to_string(), entry_id],
        )?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("pay_run:{id}"),
                action: "pay",
                after: Some(&format!(
                    "{}: net {} paid on {date} from {bank} ({} transfers, {message_id}), entry {number}/{fy}",
                    run.month,
                    run.net,
                    sepa.transfers.len()
                )),
                ..Change::default()
            },
        )?;
        let rec = read_run(&tx, id)?;
        tx.commit()?;
        Ok((rec, xml))
    }

    /// Deletes a draft run (nothing was posted).
    pub fn delete_pay_run(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (month, state) = run_state(&tx, id)?;
        if state != "draft" {
            return Err(refuse_closed(&month, &state));
        }
        tx.execute("DELETE FROM payslips WHERE run_id = ?1", [id])?;
        tx.execute("DELETE FROM pay_runs WHERE id = ?1", [id])?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("pay_run:{id}"),
                action: "delete",
                before: Some(&format!("{month} draft")),
                ..Change::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn pay_run(&self, id: i64) -> Result<PayRunRecord> {
        read_run(&self.conn, id)
    }

    pub fn pay_run_for(&self, month: &str) -> Result<Option<PayRunRecord>> {
        let (y, m, ..) = parse_month(month)?;
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM pay_runs WHERE month = ?1",
                [format!("{y:04}-{m:02}")],
                |r| r.get(0),
            )
            .optional()?;
        id.map(|id| read_run(&self.conn, id)).transpose()
    }

    /// Runs, newest month first.
    pub fn pay_runs(&self) -> Result<Vec<PayRunRecord>> {
        let ids: Vec<i64> = self
            .conn
            .prepare_cached("SELECT id FROM pay_runs ORDER BY month DESC")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| read_run(&self.conn, id)).collect()
    }

    pub fn payslip(&self, id: i64) -> Result<PayslipRecord> {
        read_payslip(&self.conn, id)
    }

    /// The PDF archived when the payslip's run was approved; `None` before.
    pub fn archived_payslip(&self, id: i64) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .query_row(
                "SELECT b.data FROM document_links l
                 JOIN documents d ON d.id = l.document_id AND d.source = 'issued'
                 JOIN document_blobs b ON b.sha256 = d.sha256
                 WHERE l.record_kind = 'payslip' AND l.record_id = ?1
                 ORDER BY d.id LIMIT 1",
                [id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// An employee's payslips, newest first.
    pub fn employee_payslips(&self, employee_id: i64) -> Result<Vec<PayslipRecord>> {
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(
                "SELECT p.id FROM payslips p JOIN pay_runs r ON r.id = p.run_id
                 WHERE p.employee_id = ?1 ORDER BY r.month DESC, p.id DESC",
            )?
            .query_map([employee_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .map(|id| read_payslip(&self.conn, id))
            .collect()
    }

    /// The year's rates as shipped with the company's changes.
    pub fn payroll_rates(&self, year: i32) -> Result<Vec<PayrollRateRow>> {
        let text = shipped_rates(year).ok_or_else(|| {
            invalid(
                Problem::new(
                    ProblemCode::NotFound,
                    format!(
                        "there are no payroll rates for {year}: the rate files cover {}",
                        shipped_years()
                    ),
                )
                .field("year"),
            )
        })?;
        let shipped = PayrollRates::parse(year, text).map_err(StoreError::Invalid)?;
        let now = rates_for(&self.conn, year)?;
        let base: Vec<(String, String, String)> = shipped.entries();
        Ok(now
            .entries()
            .into_iter()
            .map(|(key, value, source)| {
                let was = base.iter().find(|b| b.0 == key).map(|b| b.1.clone());
                PayrollRateRow {
                    shipped: was.filter(|w| *w != value),
                    key,
                    value,
                    source,
                }
            })
            .collect())
    }

    /// Changes one of a year's rates (`value` None goes back to the shipped one), checked
    /// as the rate file is.
    pub fn set_payroll_rate(
        &mut self,
        year: i32,
        key: &str,
        value: Option<&str>,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<PayrollRateRow>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current = rates_for(&tx, year)?;
        let before = current
            .entries()
            .into_iter()
            .find(|e| e.0 == key)
            .map(|e| e.1)
            .ok_or_else(|| {
                invalid(
                    Problem::new(
                        ProblemCode::NotFound,
                        format!("'{key}' is not a payroll rate"),
                    )
                    .field("key"),
                )
            })?;
        match value {
            Some(v) => {
                current
                    .with_overrides(&[(key.to_string(), v.trim().to_string())])
                    .map_err(StoreError::Invalid)?;
                tx.execute(
                    "INSERT INTO payroll_rate_overrides (year, key, value, note, changed_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (year, key) DO UPDATE SET value = ?3, note = ?4, changed_at = ?5",
                    params![year, key, v.trim(), note.trim(), now.to_rfc3339()],
                )?;
            }
            None => {
                tx.execute(
                    "DELETE FROM payroll_rate_overrides WHERE year = ?1 AND key = ?2",
                    params![year, key],
                )?;
            }
        }
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("payroll_rate:{year}:{key}"),
                action: if value.is_some() { "set" } else { "reset" },
                before: Some(&before),
                after: value,
                reason: Some(note).filter(|n| !n.trim().is_empty()),
            },
        )?;
        tx.commit()?;
        self.payroll_rates(year)
    }
}

/// `new − old` in every figure (a correcting payslip), the lines as the differences by code.
fn difference(new: &Payslip, old: &Payslip) -> Payslip {
    let mut lines: Vec<PayLine> = Vec::new();
    for l in &new.lines {
        let was: Money = old
            .lines
            .iter()
            .filter(|o| o.code == l.code && o.kind == l.kind)
            .map(|o| o.amount)
            .sum();
        if l.amount != was {
            lines.push(PayLine::new(l.kind, &l.code, &l.label, l.amount - was));
        }
    }
    for o in &old.lines {
        if !new
            .lines
            .iter()
            .any(|l| l.code == o.code && l.kind == o.kind)
        {
            lines.push(PayLine::new(o.kind, &o.code, &o.label, -o.amount));
        }
    }
    let ee = EmployeeContributions {
        cc: new.ee.cc - old.ee.cc,
        unemployment: new.ee.unemployment - old.ee.unemployment,
        fp: new.ee.fp - old.ee.fp,
        mei: new.ee.mei - old.ee.mei,
        solidarity: new.ee.solidarity - old.ee.solidarity,
        overtime: new.ee.overtime - old.ee.overtime,
    };
    let er = EmployerContributions {
        cc: new.er.cc - old.er.cc,
        atep: new.er.atep - old.er.atep,
        unemployment: new.er.unemployment - old.er.unemployment,
        fogasa: new.er.fogasa - old.er.fogasa,
        fp: new.er.fp - old.er.fp,
        mei: new.er.mei - old.er.mei,
        solidarity: new.er.solidarity - old.er.solidarity,
        overtime: new.er.overtime - old.er.overtime,
    };
    Payslip {
        lines,
        salary: new.salary - old.salary,
        non_salary: new.non_salary - old.non_salary,
        gross: new.gross - old.gross,
        bccc: new.bccc - old.bccc,
        bccp: new.bccp - old.bccp,
        overtime_base: new.overtime_base - old.overtime_base,
        irpf_base: new.irpf_base - old.irpf_base,
        irpf_pct: new.irpf_pct,
        ee,
        irpf: new.irpf - old.irpf,
        other_deductions: new.other_deductions - old.other_deductions,
        total_deductions: new.total_deductions - old.total_deductions,
        net: new.net - old.net,
        er,
        employer_cost: new.employer_cost - old.employer_cost,
        warnings: new.warnings.clone(),
    }
}

const PAYSLIP_COLUMNS: &str = "p.id, p.run_id, r.month, r.state, p.employee_id, p.corrects_id,
    p.period_start, p.period_end, p.days, p.employee_name, p.employee_nif, p.ss_number,
    p.cotization_group, p.category, p.contract_type, p.part_time_pct, p.irpf_pct,
    p.salary_cents, p.non_salary_cents, p.gross_cents, p.bccc_cents, p.bccp_cents,
    p.overtime_base_cents, p.irpf_base_cents, p.ee_cc_cents, p.ee_unemployment_cents,
    p.ee_fp_cents, p.ee_mei_cents, p.ee_solidarity_cents, p.ee_overtime_cents, p.irpf_cents,
    p.other_deductions_cents, p.total_deductions_cents, p.net_cents, p.er_cc_cents,
    p.er_atep_cents, p.er_unemployment_cents, p.er_fogasa_cents, p.er_fp_cents, p.er_mei_cents,
    p.er_solidarity_cents, p.er_overtime_cents, p.employer_cost_cents, p.warnings";

fn payslip_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PayslipRecord> {
    let m = |i: usize| -> rusqlite::Result<Money> { Ok(Money::from_cents(r.get(i)?)) };
    let irpf_pct: String = r.get(16)?;
    let warnings: String = r.get(43)?;
    Ok(PayslipRecord {
        id: r.get(0)?,
        run_id: r.get(1)?,
        month: r.get(2)?,
        run_state: r.get(3)?,
        employee_id: r.get(4)?,
        corrects_id: r.get(5)?,
        period_start: date_col(r, 6)?,
        period_end: date_col(r, 7)?,
        days: r.get(8)?,
        employee_name: r.get(9)?,
        employee_nif: r.get(10)?,
        ss_number: r.get(11)?,
        group: r.get::<_, i64>(12)? as u8,
        category: r.get(13)?,
        contract_type: r.get(14)?,
        part_time_pct: r.get(15)?,
        slip: Payslip {
            lines: Vec::new(),
            salary: m(17)?,
            non_salary: m(18)?,
            gross: m(19)?,
            bccc: m(20)?,
            bccp: m(21)?,
            overtime_base: m(22)?,
            irpf_base: m(23)?,
            irpf_pct: Decimal::from_str(&irpf_pct).unwrap_or_default(),
            ee: EmployeeContributions {
                cc: m(24)?,
                unemployment: m(25)?,
                fp: m(26)?,
                mei: m(27)?,
                solidarity: m(28)?,
                overtime: m(29)?,
            },
            irpf: m(30)?,
            other_deductions: m(31)?,
            total_deductions: m(32)?,
            net: m(33)?,
            er: EmployerContributions {
                cc: m(34)?,
                atep: m(35)?,
                unemployment: m(36)?,
                fogasa: m(37)?,
                fp: m(38)?,
                mei: m(39)?,
                solidarity: m(40)?,
                overtime: m(41)?,
            },
            employer_cost: m(42)?,
            warnings: warnings
                .lines()
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect(),
        },
        irpf_pct,
        manual: Vec::new(),
    })
}

fn with_lines(conn: &Connection, mut p: PayslipRecord) -> Result<PayslipRecord> {
    let rows: Vec<(PayLine, bool)> = conn
        .prepare_cached(
            "SELECT kind, code, label, amount_cents, source FROM payslip_lines
             WHERE payslip_id = ?1 ORDER BY line_no",
        )?
        .query_map([p.id], |r| {
            let kind: String = r.get(0)?;
            let source: String = r.get(4)?;
            Ok((
                PayLine {
                    kind: LineKind::parse(&kind).unwrap_or(LineKind::Salary),
                    code: r.get(1)?,
                    label: r.get(2)?,
                    amount: Money::from_cents(r.get(3)?),
                },
                source == "manual",
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    p.manual = rows.iter().map(|r| r.1).collect();
    p.slip.lines = rows.into_iter().map(|r| r.0).collect();
    Ok(p)
}

pub(crate) fn read_payslip(conn: &Connection, id: i64) -> Result<PayslipRecord> {
    let p = conn
        .query_row(
            &format!(
                "SELECT {PAYSLIP_COLUMNS} FROM payslips p JOIN pay_runs r ON r.id = p.run_id
                 WHERE p.id = ?1"
            ),
            [id],
            payslip_row,
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("payslip {id}")))?;
    with_lines(conn, p)
}

pub(crate) fn read_run(conn: &Connection, id: i64) -> Result<PayRunRecord> {
    let mut run = conn
        .query_row(
            "SELECT id, month, state, entry_id, payment_entry_id, payment_date, created_at,
                    approved_at
             FROM pay_runs WHERE id = ?1",
            [id],
            |r| {
                Ok(PayRunRecord {
                    id: r.get(0)?,
                    month: r.get(1)?,
                    state: r.get(2)?,
                    entry_id: r.get(3)?,
                    payment_entry_id: r.get(4)?,
                    payment_date: opt_date_col(r, 5)?,
                    created_at: r.get(6)?,
                    approved_at: r.get(7)?,
                    payslips: Vec::new(),
                    gross: Money::ZERO,
                    net: Money::ZERO,
                    employer_cost: Money::ZERO,
                })
            },
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("pay run {id}")))?;
    let slips: Vec<PayslipRecord> = conn
        .prepare_cached(&format!(
            "SELECT {PAYSLIP_COLUMNS} FROM payslips p JOIN pay_runs r ON r.id = p.run_id
             WHERE p.run_id = ?1 ORDER BY p.employee_name COLLATE NOCASE, p.id"
        ))?
        .query_map([id], payslip_row)?
        .collect::<rusqlite::Result<_>>()?;
    run.payslips = slips
        .into_iter()
        .map(|p| with_lines(conn, p))
        .collect::<Result<_>>()?;
    run.gross = run.payslips.iter().map(|p| p.slip.gross).sum();
    run.net = run.payslips.iter().map(|p| p.slip.net).sum();
    run.employer_cost = run.payslips.iter().map(|p| p.slip.employer_cost).sum();
    Ok(run)
}

/// Files a payslip's PDF, as printed at approval, in the archive under Nóminas, linked to the
/// payslip, its run and its employee (its text is read for the search afterwards).
fn archive_payslip(
    conn: &Connection,
    p: &PayslipRecord,
    pdf: &[u8],
    actor: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    use crate::documents::{
        archive_in, Content, DocumentInput, DocumentSource, FileText, RecordRef, TextStatus,
    };
    let input = DocumentInput {
        file_name: format!("nomina-{}-{}-{}.pdf", p.month, p.employee_nif, p.id),
        media_type: "application/pdf".into(),
        category: "nominas".into(),
        title: format!("Nómina {} · {}", p.month, p.employee_name),
        doc_date: p.period_end,
        tags: vec!["nomina".into()],
        notes: String::new(),
        links: vec![
            RecordRef::new("payslip", p.id),
            RecordRef::new("pay_run", p.run_id),
            RecordRef::new("employee", p.employee_id),
        ],
    };
    archive_in(
        conn,
        &input,
        DocumentSource::Issued,
        Content::Bytes(pdf),
        || FileText {
            status: TextStatus::Pending,
            text: String::new(),
        },
        actor,
        now,
    )
}
