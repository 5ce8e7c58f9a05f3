//! Employees: their personal data, contract and pay; the IRPF rate each has from a date on
//! (a history, the latest not after a day applies); termination with its cause (and undoing
//! it); the all-or-nothing import of many; the company's payroll settings (AT/EP rate, CCC,
//! whether shared screens hide salaries).
//!
//! Rules (checked here, every problem naming its field, and its row in an import):
//! - the name is required; the NIF/NIE valid (a person: a CIF is refused), stored normalised,
//!   unique among employees;
//! - the Social Security number 12 digits with its control (`core::ssnumber`), stored as digits;
//! - born at least 16 years before the contract starts; the IBAN passes its checksum; the
//!   e-mail local@domain.tld;
//! - the contract type and termination cause are the table's; the start not after the end;
//!   the part-time share in (0, 100]; the cotización group 1..11; amounts not negative;
//!   12 or 14 payments; vacation days 0..366;
//! - an IRPF rate 0..60 %; a termination on or after the start.

use crate::audit::{self, Change};
use crate::parties::{email_problem, email_shape_ok, like_pattern, trimmed};
use crate::{Company, Result, StoreError};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use rust_decimal::Decimal;
use std::str::FromStr;
use trastienda_core::{ssnumber, taxid, Iban, Money, Problem, ProblemCode};

pub const CONTRACT_TYPES: [&str; 5] = [
    "indefinido",
    "temporal",
    "formacion",
    "practicas",
    "fijo_discontinuo",
];
pub const TERMINATION_CAUSES: [&str; 6] = [
    "voluntary",
    "end_of_contract",
    "objective",
    "disciplinary",
    "unfair",
    "other",
];

/// An employee as entered (new, or the full new state of an existing one). Termination is
/// changed only by `terminate_employee` / `reinstate_employee`, the IRPF rate by
/// `set_employee_irpf` (but see `irpf_pct`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmployeeInput {
    pub nif: String,
    pub name: String,
    pub ss_number: String,
    pub birth_date: Option<NaiveDate>,
    pub address: String,
    pub iban: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// One of `CONTRACT_TYPES`.
    pub contract_type: String,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    /// Share of the full working day, a decimal percentage ("100", "50").
    pub part_time_pct: String,
    pub job_title: String,
    pub category: String,
    pub cotization_group: i64,
    pub agreement: String,
    /// Monthly.
    pub base_salary: Money,
    pub complement: Money,
    pub allowance: Money,
    pub in_kind: Money,
    pub payments: i64,
    pub prorate_extras: bool,
    pub vacation_days: i64,
    pub notes: String,
    /// When creating (and importing): the IRPF rate from the start date, if any. Ignored when
    /// updating an employee: rates change with `set_employee_irpf`.
    pub irpf_pct: Option<String>,
}

impl Default for EmployeeInput {
    fn default() -> Self {
        EmployeeInput {
            nif: String::new(),
            name: String::new(),
            ss_number: String::new(),
            birth_date: None,
            address: String::new(),
            iban: None,
            email: None,
            phone: None,
            contract_type: "indefinido".into(),
            start_date: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default(),
            end_date: None,
            part_time_pct: "100".into(),
            job_title: String::new(),
            category: String::new(),
            cotization_group: 7,
            agreement: String::new(),
            base_salary: Money::ZERO,
            complement: Money::ZERO,
            allowance: Money::ZERO,
            in_kind: Money::ZERO,
            payments: 14,
            prorate_extras: false,
            vacation_days: 30,
            notes: String::new(),
            irpf_pct: None,
        }
    }
}

/// An IRPF rate from a date on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IrpfRate {
    pub from_date: NaiveDate,
    pub pct: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Employee {
    pub id: i64,
    /// `irpf_pct` holds the latest rate.
    pub input: EmployeeInput,
    pub termination_date: Option<NaiveDate>,
    pub termination_cause: Option<String>,
    pub created_at: String,
    /// Every rate, oldest first.
    pub irpf: Vec<IrpfRate>,
}

impl Employee {
    /// The IRPF rate in force on `day`: the latest from a date not after it.
    pub fn irpf_on(&self, day: NaiveDate) -> Option<&str> {
        self.irpf
            .iter()
            .rev()
            .find(|r| r.from_date <= day)
            .map(|r| r.pct.as_str())
    }
}

/// What an employee list asks for: text matched in the name, NIF or job title; the status
/// `active` (without a termination), `terminated` or `all` (None is all); the IRPF rate shown is the one in force on `on`
/// (None: the latest).
#[derive(Debug, Clone, Default)]
pub struct EmployeeFilter {
    pub query: Option<String>,
    pub status: Option<String>,
    pub on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmployeeRow {
    pub id: i64,
    pub nif: String,
    pub name: String,
    pub job_title: String,
    pub contract_type: String,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub part_time_pct: String,
    pub base_salary: Money,
    pub complement: Money,
    pub payments: i64,
    pub irpf_pct: Option<String>,
    pub termination_date: Option<NaiveDate>,
    pub termination_cause: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayrollSettings {
    /// AT/EP rate, % of the professional-contingencies base ("1.50").
    pub atep_rate: String,
    /// Código de cuenta de cotización, printed on payslips.
    pub ss_employer_code: Option<String>,
    pub hide_salaries: bool,
}

fn pct_problem(field: &str, value: &str, what: &str) -> Problem {
    Problem::new(ProblemCode::OutOfRange, format!("'{value}' is not {what}"))
        .field(field)
        .param("value", value)
}

/// A decimal percentage in `lo..=hi` (`lo_open`: above `lo`), normalised ("15.00" -> "15").
fn check_pct(
    value: &str,
    lo: Decimal,
    lo_open: bool,
    hi: Decimal,
    field: &str,
    what: &str,
    p: &mut Vec<Problem>,
) -> String {
    let v = value.trim();
    match Decimal::from_str(v) {
        Ok(d) if (if lo_open { d > lo } else { d >= lo }) && d <= hi && d.scale() <= 4 => {
            d.normalize().to_string()
        }
        _ => {
            p.push(pct_problem(field, v, what));
            v.to_string()
        }
    }
}

/// An IRPF percentage 0..=60, normalised, or its problem on `irpf_pct`.
pub fn check_irpf_pct(value: &str) -> std::result::Result<String, Problem> {
    let mut p = Vec::new();
    let v = check_pct(
        value,
        Decimal::ZERO,
        false,
        Decimal::from(60),
        "irpf_pct",
        "an IRPF percentage (0 to 60, e.g. 15)",
        &mut p,
    );
    match p.pop() {
        Some(x) => Err(x),
        None => Ok(v),
    }
}

/// Whole years from `birth` to `day`.
fn age_on(birth: NaiveDate, day: NaiveDate) -> i32 {
    let mut years = day.year() - birth.year();
    if (day.month(), day.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years
}

/// Checks an employee as entered and returns it normalised, or every problem found. Needs no
/// database: the duplicate NIF is checked when saving.
pub fn validate_employee(
    input: &EmployeeInput,
) -> std::result::Result<EmployeeInput, Vec<Problem>> {
    let mut p = Vec::new();
    let mut e = input.clone();
    e.name = e.name.trim().to_string();
    e.address = e.address.trim().to_string();
    e.email = trimmed(&e.email);
    e.phone = trimmed(&e.phone);
    e.contract_type = e.contract_type.trim().to_ascii_lowercase();
    e.job_title = e.job_title.trim().to_string();
    e.category = e.category.trim().to_string();
    e.agreement = e.agreement.trim().to_string();
    e.notes = e.notes.trim().to_string();
    e.irpf_pct = trimmed(&e.irpf_pct);

    if e.name.is_empty() {
        p.push(Problem::new(ProblemCode::Required, "the name is required").field("name"));
    } else if e.name.chars().count() > 200 {
        p.push(
            Problem::new(
                ProblemCode::OutOfRange,
                "the name has at most 200 characters",
            )
            .field("name"),
        );
    }

    let raw = e.nif.trim().to_string();
    e.nif = taxid::normalize(&raw);
    if e.nif.is_empty() {
        p.push(
            Problem::new(ProblemCode::Required, "the NIF or NIE is required")
                .field("nif")
                .param("reason", "required"),
        );
    } else {
        match taxid::validate_spanish(&e.nif) {
            Ok(taxid::SpanishTaxIdKind::Cif) => p.push(
                Problem::new(
                    ProblemCode::InvalidTaxId,
                    format!("'{raw}' is a company's CIF: an employee has a NIF or NIE"),
                )
                .field("nif")
                .param("value", &raw)
                .param("reason", "cif"),
            ),
            Ok(_) => {}
            Err(x) => {
                let mut pr = Problem::new(ProblemCode::InvalidTaxId, x.message.clone())
                    .field("nif")
                    .param("value", &raw)
                    .param("reason", x.reason.code());
                if let Some(ch) = x.reason.expected() {
                    pr = pr.param("expected", ch);
                }
                p.push(pr);
            }
        }
    }

    match ssnumber::check_ss_number(&e.ss_number) {
        Ok(s) => e.ss_number = s,
        Err(x) => {
            let mut pr = Problem::new(ProblemCode::InvalidCode, x.message.clone())
                .field("ss_number")
                .param("value", e.ss_number.trim())
                .param("reason", x.reason);
            if let Some(exp) = &x.expected {
                pr = pr.param("expected", exp);
            }
            p.push(pr);
            e.ss_number = e.ss_number.trim().to_string();
        }
    }

    if let Some(b) = e.birth_date {
        if age_on(b, e.start_date) < 16 {
            p.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    format!(
                        "born {b}: an employee is at least 16 on the contract's start ({})",
                        e.start_date
                    ),
                )
                .field("birth_date")
                .param("value", b),
            );
        }
    }

    e.iban = match trimmed(&e.iban) {
        None => None,
        Some(s) => match Iban::parse(&s) {
            Ok(i) => Some(i.as_str().to_string()),
            Err(x) => {
                p.push(
                    Problem::new(ProblemCode::InvalidCode, x.to_string())
                        .field("iban")
                        .param("value", &s)
                        .param("reason", x.code()),
                );
                Some(s)
            }
        },
    };
    if let Some(m) = &e.email {
        if !email_shape_ok(m) {
            p.push(email_problem("email", m));
        }
    }
    if !CONTRACT_TYPES.contains(&e.contract_type.as_str()) {
        p.push(
            Problem::new(
                ProblemCode::InvalidCode,
                format!(
                    "'{}' is not a contract type ({})",
                    e.contract_type,
                    CONTRACT_TYPES.join(", ")
                ),
            )
            .field("contract_type")
            .param("value", &e.contract_type),
        );
    }
    if let Some(end) = e.end_date {
        if end < e.start_date {
            p.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    format!(
                        "the contract ends ({end}) before it starts ({})",
                        e.start_date
                    ),
                )
                .field("end_date")
                .param("value", end)
                .param("start_date", e.start_date),
            );
        }
    }
    e.part_time_pct = check_pct(
        &e.part_time_pct,
        Decimal::ZERO,
        true,
        Decimal::from(100),
        "part_time_pct",
        "a share of the working day (above 0, up to 100)",
        &mut p,
    );
    if !(1..=11).contains(&e.cotization_group) {
        p.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!("{} is not a cotización group (1 to 11)", e.cotization_group),
            )
            .field("cotization_group")
            .param("value", e.cotization_group),
        );
    }
    for (field, m) in [
        ("base_salary", e.base_salary),
        ("complement", e.complement),
        ("allowance", e.allowance),
        ("in_kind", e.in_kind),
    ] {
        if m.is_negative() {
            p.push(
                Problem::new(
                    ProblemCode::NegativeAmount,
                    format!("{field} {m} is negative"),
                )
                .field(field)
                .param("value", m),
            );
        }
    }
    if e.payments != 12 && e.payments != 14 {
        p.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!("{} payments: 12, or 14 with two extra payments", e.payments),
            )
            .field("payments")
            .param("value", e.payments),
        );
    }
    if e.payments == 12 {
        // Nothing to prorate without extra payments.
        e.prorate_extras = false;
    }
    if !(0..=366).contains(&e.vacation_days) {
        p.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!("{} vacation days: from 0 to 366", e.vacation_days),
            )
            .field("vacation_days")
            .param("value", e.vacation_days),
        );
    }
    if let Some(v) = &e.irpf_pct {
        match check_irpf_pct(v) {
            Ok(n) => e.irpf_pct = Some(n),
            Err(x) => p.push(x),
        }
    }
    if p.is_empty() {
        Ok(e)
    } else {
        Err(p)
    }
}

fn duplicate_problem(nif: &str, other: (i64, String)) -> Problem {
    Problem::new(
        ProblemCode::Duplicate,
        format!("employee {} ({}) already has NIF {nif}", other.0, other.1),
    )
    .field("nif")
    .param("value", nif)
    .param("employee_id", other.0)
    .param("employee", other.1)
}

fn check_in_db(conn: &Connection, e: &EmployeeInput, id: Option<i64>) -> Result<Vec<Problem>> {
    let other: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, name FROM employees WHERE nif = ?1 AND id IS NOT ?2",
            params![e.nif, id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(other
        .map(|o| vec![duplicate_problem(&e.nif, o)])
        .unwrap_or_default())
}

fn date_of(s: String, col: usize) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn opt_date(s: Option<String>, col: usize) -> rusqlite::Result<Option<NaiveDate>> {
    s.map(|s| date_of(s, col)).transpose()
}

fn ds(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

fn insert_employee(conn: &Connection, e: &EmployeeInput, now: DateTime<Utc>) -> Result<i64> {
    conn.execute(
        "INSERT INTO employees (nif, name, ss_number, birth_date, address, iban, email, phone,
             contract_type, start_date, end_date, part_time_pct, job_title, category,
             cotization_group, agreement, base_salary_cents, complement_cents, allowance_cents,
             in_kind_cents, payments, prorate_extras, vacation_days, notes, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)",
        params![
            e.nif,
            e.name,
            e.ss_number,
            ds(e.birth_date),
            e.address,
            e.iban,
            e.email,
            e.phone,
            e.contract_type,
            e.start_date.to_string(),
            ds(e.end_date),
            e.part_time_pct,
            e.job_title,
            e.category,
            e.cotization_group,
            e.agreement,
            e.base_salary.cents(),
            e.complement.cents(),
            e.allowance.cents(),
            e.in_kind.cents(),
            e.payments,
            e.prorate_extras,
            e.vacation_days,
            e.notes,
            now.to_rfc3339()
        ],
    )?;
    let id = conn.last_insert_rowid();
    if let Some(pct) = &e.irpf_pct {
        conn.execute(
            "INSERT INTO employee_irpf (employee_id, from_date, pct) VALUES (?1, ?2, ?3)",
            params![id, e.start_date.to_string(), pct],
        )?;
    }
    Ok(id)
}

fn unique_as_duplicate(e: StoreError, input: &EmployeeInput) -> StoreError {
    match &e {
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, Some(msg)))
            if f.code == rusqlite::ErrorCode::ConstraintViolation
                && msg.contains("employees.nif") =>
        {
            StoreError::invalid(duplicate_problem(&input.nif, (0, String::new())))
        }
        _ => e,
    }
}

const EMPLOYEE_COLUMNS: &str = "id, nif, name, ss_number, birth_date, address, iban, email, phone,
    contract_type, start_date, end_date, part_time_pct, job_title, category, cotization_group,
    agreement, base_salary_cents, complement_cents, allowance_cents, in_kind_cents, payments,
    prorate_extras, vacation_days, notes, termination_date, termination_cause, created_at";

fn employee_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Employee> {
    Ok(Employee {
        id: r.get(0)?,
        input: EmployeeInput {
            nif: r.get(1)?,
            name: r.get(2)?,
            ss_number: r.get(3)?,
            birth_date: opt_date(r.get(4)?, 4)?,
            address: r.get(5)?,
            iban: r.get(6)?,
            email: r.get(7)?,
            phone: r.get(8)?,
            contract_type: r.get(9)?,
            start_date: date_of(r.get(10)?, 10)?,
            end_date: opt_date(r.get(11)?, 11)?,
            part_time_pct: r.get(12)?,
            job_title: r.get(13)?,
            category: r.get(14)?,
            cotization_group: r.get(15)?,
            agreement: r.get(16)?,
            base_salary: Money::from_cents(r.get(17)?),
            complement: Money::from_cents(r.get(18)?),
            allowance: Money::from_cents(r.get(19)?),
            in_kind: Money::from_cents(r.get(20)?),
            payments: r.get(21)?,
            prorate_extras: r.get(22)?,
            vacation_days: r.get(23)?,
            notes: r.get(24)?,
            irpf_pct: None,
        },
        termination_date: opt_date(r.get(25)?, 25)?,
        termination_cause: r.get(26)?,
        created_at: r.get(27)?,
        irpf: Vec::new(),
    })
}

pub(crate) fn read_employee(conn: &Connection, id: i64) -> Result<Employee> {
    let mut e = conn
        .query_row(
            &format!("SELECT {EMPLOYEE_COLUMNS} FROM employees WHERE id = ?1"),
            [id],
            employee_row,
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("employee {id}")))?;
    e.irpf = read_irpf(conn, id)?;
    e.input.irpf_pct = e.irpf.last().map(|r| r.pct.clone());
    Ok(e)
}

fn read_irpf(conn: &Connection, id: i64) -> Result<Vec<IrpfRate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT from_date, pct FROM employee_irpf WHERE employee_id = ?1 ORDER BY from_date",
    )?;
    let v = stmt
        .query_map([id], |r| {
            Ok(IrpfRate {
                from_date: date_of(r.get(0)?, 0)?,
                pct: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

/// An employee as the audit log records it (salaries included: the log is the record of
/// who changed pay and when).
fn employee_text(e: &EmployeeInput) -> String {
    let mut t = format!(
        "{} [{}] ss {}; {} from {}{}, {}% time, group {}; base {}, complement {}, allowance {}, in kind {}, {} payments{}; {} vacation days",
        e.name,
        e.nif,
        e.ss_number,
        e.contract_type,
        e.start_date,
        e.end_date.map(|d| format!(" to {d}")).unwrap_or_default(),
        e.part_time_pct,
        e.cotization_group,
        e.base_salary,
        e.complement,
        e.allowance,
        e.in_kind,
        e.payments,
        if e.prorate_extras { " prorated" } else { "" },
        e.vacation_days
    );
    for (label, v) in [
        ("birth", &ds(e.birth_date)),
        ("iban", &e.iban),
        ("email", &e.email),
        ("phone", &e.phone),
    ] {
        if let Some(v) = v {
            t.push_str(&format!("; {label} {v}"));
        }
    }
    for (label, v) in [
        ("address", &e.address),
        ("job", &e.job_title),
        ("category", &e.category),
        ("agreement", &e.agreement),
        ("notes", &e.notes),
    ] {
        if !v.is_empty() {
            t.push_str(&format!("; {label} {v}"));
        }
    }
    t
}

fn parse_atep(value: &str) -> std::result::Result<String, Problem> {
    let v = value.trim();
    match Decimal::from_str(v) {
        Ok(d) if d >= Decimal::ZERO && d <= Decimal::from(10) && d.scale() <= 4 => {
            Ok(format!("{:.2}", d))
        }
        _ => Err(pct_problem(
            "atep_rate",
            v,
            "an AT/EP rate (0 to 10 %, e.g. 1.50)",
        )),
    }
}

impl Company {
    /// Creates an employee (`id` None; with `irpf_pct`, its first IRPF rate from the start
    /// date) or replaces an existing one's details. One IMMEDIATE transaction, one audit
    /// record; `Invalid` names every field that is wrong.
    pub fn save_employee(
        &mut self,
        id: Option<i64>,
        input: &EmployeeInput,
        now: DateTime<Utc>,
    ) -> Result<Employee> {
        let e = validate_employee(input).map_err(StoreError::Invalid)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = match id {
            Some(id) => Some(read_employee(&tx, id)?),
            None => None,
        };
        let mut p = check_in_db(&tx, &e, id)?;
        if let Some(t) = before.as_ref().and_then(|b| b.termination_date) {
            if t < e.start_date {
                p.push(
                    Problem::new(
                        ProblemCode::OutOfRange,
                        format!("the employee was terminated on {t}, before this start date"),
                    )
                    .field("start_date")
                    .param("termination_date", t),
                );
            }
        }
        if !p.is_empty() {
            return Err(StoreError::Invalid(p));
        }
        let before_text = before.as_ref().map(|b| employee_text(&b.input));
        let after_text = employee_text(&e);
        if let (Some(id), true) = (id, before_text.as_deref() == Some(after_text.as_str())) {
            drop(tx);
            return read_employee(&self.conn, id);
        }
        let id = match id {
            None => insert_employee(&tx, &e, now).map_err(|x| unique_as_duplicate(x, &e))?,
            Some(id) => {
                tx.execute(
                    "UPDATE employees SET nif = ?2, name = ?3, ss_number = ?4, birth_date = ?5,
                         address = ?6, iban = ?7, email = ?8, phone = ?9, contract_type = ?10,
                         start_date = ?11, end_date = ?12, part_time_pct = ?13, job_title = ?14,
                         category = ?15, cotization_group = ?16, agreement = ?17,
                         base_salary_cents = ?18, complement_cents = ?19, allowance_cents = ?20,
                         in_kind_cents = ?21, payments = ?22, prorate_extras = ?23,
                         vacation_days = ?24, notes = ?25
                     WHERE id = ?1",
                    params![
                        id,
                        e.nif,
                        e.name,
                        e.ss_number,
                        ds(e.birth_date),
                        e.address,
                        e.iban,
                        e.email,
                        e.phone,
                        e.contract_type,
                        e.start_date.to_string(),
                        ds(e.end_date),
                        e.part_time_pct,
                        e.job_title,
                        e.category,
                        e.cotization_group,
                        e.agreement,
                        e.base_salary.cents(),
                        e.complement.cents(),
                        e.allowance.cents(),
                        e.in_kind.cents(),
                        e.payments,
                        e.prorate_extras,
                        e.vacation_days,
                        e.notes
                    ],
                )
                .map_err(|x| unique_as_duplicate(x.into(), &e))?;
                id
            }
        };
        let after_text = match (&before, &e.irpf_pct) {
            (None, Some(pct)) => format!("{after_text}; irpf {pct}% from {}", e.start_date),
            _ => after_text,
        };
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("employee:{id}"),
                action: if before.is_some() { "update" } else { "create" },
                before: before_text.as_deref(),
                after: Some(&after_text),
                reason: None,
            },
        )?;
        let saved = read_employee(&tx, id)?;
        tx.commit()?;
        Ok(saved)
    }

    /// Sets the employee's IRPF rate from `from_date` on (replacing a rate from that same
    /// date; earlier and later rates stay). One transaction, one audit record.
    pub fn set_employee_irpf(
        &mut self,
        employee_id: i64,
        from_date: NaiveDate,
        pct: &str,
        now: DateTime<Utc>,
    ) -> Result<Employee> {
        let pct = check_irpf_pct(pct).map_err(StoreError::invalid)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let e = read_employee(&tx, employee_id)?;
        let before = e
            .irpf
            .iter()
            .find(|r| r.from_date == from_date)
            .map(|r| r.pct.clone());
        if before.as_deref() != Some(pct.as_str()) {
            tx.execute(
                "INSERT INTO employee_irpf (employee_id, from_date, pct) VALUES (?1, ?2, ?3)
                 ON CONFLICT (employee_id, from_date) DO UPDATE SET pct = excluded.pct",
                params![employee_id, from_date.to_string(), pct],
            )?;
            audit::append(
                &tx,
                now,
                &self.actor,
                &Change {
                    record: &format!("employee:{employee_id}"),
                    action: "irpf",
                    before: before
                        .map(|b| format!("irpf {b}% from {from_date}"))
                        .as_deref(),
                    after: Some(&format!("irpf {pct}% from {from_date}")),
                    reason: None,
                },
            )?;
        }
        let saved = read_employee(&tx, employee_id)?;
        tx.commit()?;
        Ok(saved)
    }

    /// Terminates an employee: the last day worked (not before the start) and the cause (one
    /// of `TERMINATION_CAUSES`). One transaction, one audit record.
    pub fn terminate_employee(
        &mut self,
        id: i64,
        date: NaiveDate,
        cause: &str,
        now: DateTime<Utc>,
    ) -> Result<Employee> {
        let cause = cause.trim().to_ascii_lowercase();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let e = read_employee(&tx, id)?;
        let mut p = Vec::new();
        if !TERMINATION_CAUSES.contains(&cause.as_str()) {
            p.push(
                Problem::new(
                    ProblemCode::InvalidCode,
                    format!(
                        "'{cause}' is not a termination cause ({})",
                        TERMINATION_CAUSES.join(", ")
                    ),
                )
                .field("termination_cause")
                .param("value", &cause),
            );
        }
        if date < e.input.start_date {
            p.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    format!(
                        "the termination ({date}) is before the contract's start ({})",
                        e.input.start_date
                    ),
                )
                .field("termination_date")
                .param("value", date)
                .param("start_date", e.input.start_date),
            );
        }
        if !p.is_empty() {
            return Err(StoreError::Invalid(p));
        }
        let describe = |d: Option<NaiveDate>, c: &Option<String>| match (d, c) {
            (Some(d), Some(c)) => Some(format!("terminated {d} ({c})")),
            _ => None,
        };
        let before = describe(e.termination_date, &e.termination_cause);
        let after = describe(Some(date), &Some(cause.clone()));
        if before != after {
            tx.execute(
                "UPDATE employees SET termination_date = ?2, termination_cause = ?3 WHERE id = ?1",
                params![id, date.to_string(), cause],
            )?;
            audit::append(
                &tx,
                now,
                &self.actor,
                &Change {
                    record: &format!("employee:{id}"),
                    action: "terminate",
                    before: before.as_deref(),
                    after: after.as_deref(),
                    reason: None,
                },
            )?;
        }
        let saved = read_employee(&tx, id)?;
        tx.commit()?;
        Ok(saved)
    }

    /// Undoes a termination (entered by mistake): the employee is active again. One
    /// transaction, one audit record.
    pub fn reinstate_employee(&mut self, id: i64, now: DateTime<Utc>) -> Result<Employee> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let e = read_employee(&tx, id)?;
        if let (Some(d), Some(c)) = (e.termination_date, &e.termination_cause) {
            tx.execute(
                "UPDATE employees SET termination_date = NULL, termination_cause = NULL WHERE id = ?1",
                [id],
            )?;
            audit::append(
                &tx,
                now,
                &self.actor,
                &Change {
                    record: &format!("employee:{id}"),
                    action: "reinstate",
                    before: Some(&format!("terminated {d} ({c})")),
                    after: Some("active"),
                    reason: None,
                },
            )?;
        }
        let saved = read_employee(&tx, id)?;
        tx.commit()?;
        Ok(saved)
    }

    /// One employee with the IRPF history.
    pub fn employee(&self, id: i64) -> Result<Employee> {
        read_employee(&self.conn, id)
    }

    /// Employees by name; the query matches the name or job title (case-insensitive) or the
    /// NIF (also without spaces, dots or dashes); `status` active, terminated or all.
    pub fn list_employees(&self, f: &EmployeeFilter) -> Result<Vec<EmployeeRow>> {
        let q = f.query.as_deref().map(str::trim).unwrap_or("");
        let like = like_pattern(q);
        let like_id = like_pattern(&taxid::normalize(q));
        let status = match f.status.as_deref().map(str::trim).unwrap_or("all") {
            "" | "all" => "",
            "active" => "active",
            "terminated" => "terminated",
            other => {
                return Err(StoreError::invalid(
                    Problem::new(
                        ProblemCode::InvalidCode,
                        format!("'{other}' is not an employee status (active, terminated, all)"),
                    )
                    .field("status")
                    .param("value", other),
                ))
            }
        };
        let on =
            f.on.map(|d| d.to_string())
                .unwrap_or_else(|| "9999-12-31".into());
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.id, e.nif, e.name, e.job_title, e.contract_type, e.start_date, e.end_date,
                    e.part_time_pct, e.base_salary_cents, e.complement_cents, e.payments,
                    (SELECT i.pct FROM employee_irpf i WHERE i.employee_id = e.id
                       AND i.from_date <= ?5 ORDER BY i.from_date DESC LIMIT 1),
                    e.termination_date, e.termination_cause
             FROM employees e
             WHERE (?1 = '' OR e.name LIKE ?2 ESCAPE '\\' OR e.job_title LIKE ?2 ESCAPE '\\'
                    OR (?3 <> '%%' AND e.nif LIKE ?3 ESCAPE '\\'))
               AND (?4 = '' OR (?4 = 'active') = (e.termination_date IS NULL))
             ORDER BY e.name COLLATE NOCASE, e.id",
        )?;
        let rows = stmt
            .query_map(params![q, like, like_id, status, on], |r| {
                Ok(EmployeeRow {
                    id: r.get(0)?,
                    nif: r.get(1)?,
                    name: r.get(2)?,
                    job_title: r.get(3)?,
                    contract_type: r.get(4)?,
                    start_date: date_of(r.get(5)?, 5)?,
                    end_date: opt_date(r.get(6)?, 6)?,
                    part_time_pct: r.get(7)?,
                    base_salary: Money::from_cents(r.get(8)?),
                    complement: Money::from_cents(r.get(9)?),
                    payments: r.get(10)?,
                    irpf_pct: r.get(11)?,
                    termination_date: opt_date(r.get(12)?, 12)?,
                    termination_cause: r.get(13)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Every employee with the IRPF history, by id (for an export).
    pub fn all_employees(&self) -> Result<Vec<Employee>> {
        let ids: Vec<i64> = self
            .conn
            .prepare("SELECT id FROM employees ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .map(|id| read_employee(&self.conn, id))
            .collect()
    }

    /// Creates many employees at once, all or nothing: every problem returned with its row
    /// (the caller's number, e.g. the CSV line), a NIF repeated within the rows included;
    /// nothing written unless all are right. One transaction, one audit record.
    pub fn import_employees(
        &mut self,
        rows: &[(u32, EmployeeInput)],
        source: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<i64>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut problems = Vec::new();
        let mut valid = Vec::new();
        let mut seen: std::collections::HashMap<String, u32> = Default::default();
        for (row, input) in rows {
            match validate_employee(input) {
                Err(p) => problems.extend(p.into_iter().map(|x| x.at_row(*row))),
                Ok(v) => {
                    for x in check_in_db(&tx, &v, None)? {
                        problems.push(x.at_row(*row));
                    }
                    if let Some(first) = seen.insert(v.nif.clone(), *row) {
                        problems.push(
                            Problem::new(
                                ProblemCode::Duplicate,
                                format!("NIF {} is also on row {first}", v.nif),
                            )
                            .at_row(*row)
                            .field("nif")
                            .param("value", &v.nif)
                            .param("row", first),
                        );
                    }
                    valid.push(v);
                }
            }
        }
        if rows.is_empty() {
            problems.push(Problem::new(
                ProblemCode::Required,
                "there are no employees to import",
            ));
        }
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.row);
            return Err(StoreError::Invalid(problems));
        }
        let mut ids = Vec::with_capacity(valid.len());
        let mut text = format!("{} employees from {source}", valid.len());
        for v in &valid {
            ids.push(insert_employee(&tx, v, now).map_err(|x| unique_as_duplicate(x, v))?);
            text.push('\n');
            text.push_str(&employee_text(v));
            if let Some(pct) = &v.irpf_pct {
                text.push_str(&format!("; irpf {pct}% from {}", v.start_date));
            }
        }
        let (first, last) = (ids[0], ids[ids.len() - 1]);
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("employees:{first}-{last}"),
                action: "import",
                before: None,
                after: Some(&text),
                reason: None,
            },
        )?;
        tx.commit()?;
        Ok(ids)
    }

    pub fn payroll_settings(&self) -> Result<PayrollSettings> {
        self_settings(&self.conn)
    }

    /// Sets the AT/EP rate (0..10 %), the CCC (digits, spaces allowed; 11 digits when given)
    /// and whether shared screens hide salaries. One transaction, one audit record.
    pub fn set_payroll_settings(
        &mut self,
        s: &PayrollSettings,
        now: DateTime<Utc>,
    ) -> Result<PayrollSettings> {
        let mut p = Vec::new();
        let atep = match parse_atep(&s.atep_rate) {
            Ok(a) => a,
            Err(x) => {
                p.push(x);
                String::new()
            }
        };
        let ccc = trimmed(&s.ss_employer_code).map(|c| {
            c.chars()
                .filter(|ch| !matches!(ch, ' ' | '/' | '-' | '.'))
                .collect::<String>()
        });
        if let Some(c) = &ccc {
            if c.len() != 11 || !c.chars().all(|ch| ch.is_ascii_digit()) {
                p.push(
                    Problem::new(
                        ProblemCode::InvalidCode,
                        format!("'{c}' is not a Social Security employer code (CCC: 11 digits)"),
                    )
                    .field("ss_employer_code")
                    .param("value", c),
                );
            }
        }
        if !p.is_empty() {
            return Err(StoreError::Invalid(p));
        }
        let after = PayrollSettings {
            atep_rate: atep,
            ss_employer_code: ccc,
            hide_salaries: s.hide_salaries,
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = self_settings(&tx)?;
        if before != after {
            tx.execute(
                "UPDATE company SET atep_rate = ?1, ss_employer_code = ?2, hide_salaries = ?3
                 WHERE id = 1",
                params![after.atep_rate, after.ss_employer_code, after.hide_salaries],
            )?;
            let describe = |s: &PayrollSettings| {
                format!(
                    "atep {}%, ccc {}, hide salaries {}",
                    s.atep_rate,
                    s.ss_employer_code.as_deref().unwrap_or("-"),
                    s.hide_salaries
                )
            };
            audit::append(
                &tx,
                now,
                &self.actor,
                &Change {
                    record: "company.payroll",
                    action: "set",
                    before: Some(&describe(&before)),
                    after: Some(&describe(&after)),
                    reason: None,
                },
            )?;
        }
        tx.commit()?;
        Ok(after)
    }
}

fn self_settings(conn: &Connection) -> Result<PayrollSettings> {
    Ok(conn.query_row(
        "SELECT atep_rate, ss_employer_code, hide_salaries FROM company WHERE id = 1",
        [],
        |r| {
            Ok(PayrollSettings {
                atep_rate: r.get(0)?,
                ss_employer_code: r.get(1)?,
                hide_salaries: r.get(2)?,
            })
        },
    )?)
}
