//! Employees: the commands, the employees' CSV, one employee's data export and the company's
//! payroll settings.
//!
//! The CSV (import and export) has `CSV_HEADER`'s columns, in this order on export; an import
//! may give them in any order, needs `CSV_REQUIRED` and refuses a column it does not know.
//! Dates YYYY-MM-DD (end_date and birth_date may be empty), monthly amounts with '.' decimals,
//! part_time_pct 100 for full time (empty: 100), payments 12 or 14 (empty: 14),
//! prorate_extras yes/no (empty: no), irpf_pct the rate from the start date (export: the rate
//! in force today). UTF-8, comma-separated, a byte-order mark allowed (the export writes one).
//! An import is all or nothing: every problem of every row listed with the file's line number
//! (the header is line 1) and the column.
//!
//! Hiding salaries: with the company's `hide_salaries` on, `list_employees` returns the
//! salary fields as null (lists are what shared screens show); `get_employee` (the card, the
//! person's own file) and the exports still carry them.

use crate::app::App;
use crate::dto::*;
use crate::error::{ApiError, ErrorCode};
use crate::parse;
use crate::party_csv;
use base64::Engine;
use chrono::NaiveDate;
use std::io::Read;
use trastienda_core::{Money, Problem, ProblemCode};
use trastienda_store::{self as store, Company, EmployeeFilter, EmployeeInput};

type R<T> = Result<T, ApiError>;

/// The employees' CSV columns, in the order the export writes them.
pub const CSV_HEADER: [&str; 25] = [
    "nif",
    "name",
    "ss_number",
    "birth_date",
    "iban",
    "contract_type",
    "start_date",
    "end_date",
    "part_time_pct",
    "group",
    "base_salary",
    "complement",
    "payments",
    "prorate_extras",
    "irpf_pct",
    "email",
    "phone",
    "address",
    "job_title",
    "category",
    "agreement",
    "allowance",
    "in_kind",
    "vacation_days",
    "notes",
];

/// The columns an import's header must have.
pub const CSV_REQUIRED: [&str; 7] = [
    "nif",
    "name",
    "ss_number",
    "contract_type",
    "start_date",
    "group",
    "base_salary",
];

fn opt(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

fn fields_of(i: &EmployeeInput) -> EmployeeFields {
    EmployeeFields {
        nif: i.nif.clone(),
        name: i.name.clone(),
        ss_number: i.ss_number.clone(),
        birth_date: i.birth_date.map(|d| d.to_string()),
        address: i.address.clone(),
        iban: i.iban.clone(),
        email: i.email.clone(),
        phone: i.phone.clone(),
        contract_type: i.contract_type.clone(),
        start_date: i.start_date.to_string(),
        end_date: i.end_date.map(|d| d.to_string()),
        part_time_pct: i.part_time_pct.clone(),
        job_title: i.job_title.clone(),
        category: i.category.clone(),
        cotization_group: i.cotization_group,
        agreement: i.agreement.clone(),
        base_salary: i.base_salary.to_string(),
        complement: i.complement.to_string(),
        allowance: i.allowance.to_string(),
        in_kind: i.in_kind.to_string(),
        payments: i.payments,
        prorate_extras: i.prorate_extras,
        vacation_days: i.vacation_days,
        notes: i.notes.clone(),
        irpf_pct: i.irpf_pct.clone(),
    }
}

fn employee_dto(e: &store::Employee, today: NaiveDate) -> EmployeeDto {
    EmployeeDto {
        id: e.id,
        fields: fields_of(&e.input),
        termination_date: e.termination_date.map(|d| d.to_string()),
        termination_cause: e.termination_cause.clone(),
        created_at: e.created_at.clone(),
        irpf_history: e
            .irpf
            .iter()
            .map(|r| IrpfRateDto {
                from_date: r.from_date.to_string(),
                pct: r.pct.clone(),
            })
            .collect(),
        current_irpf: e.irpf_on(today).map(String::from),
    }
}

/// The store input from the form's fields, or every field that cannot be read (dates,
/// amounts); the store checks the rest.
fn input_of(f: &EmployeeFields) -> Result<EmployeeInput, Vec<Problem>> {
    let mut p = Vec::new();
    let mut date = |field: &str, s: &Option<String>| match parse::opt_date(field, s) {
        Ok(d) => d,
        Err(x) => {
            p.push(x);
            None
        }
    };
    let birth_date = date("birth_date", &f.birth_date);
    let end_date = date("end_date", &f.end_date);
    let start_date = date("start_date", &Some(f.start_date.clone()));
    if start_date.is_none() && f.start_date.trim().is_empty() {
        p.push(
            Problem::new(
                ProblemCode::Required,
                "the contract's start date is required",
            )
            .field("start_date"),
        );
    }
    let mut money = |field: &str, s: &str| {
        if s.trim().is_empty() {
            return Money::ZERO;
        }
        parse::money(field, s.trim()).unwrap_or_else(|x| {
            p.push(x);
            Money::ZERO
        })
    };
    let base_salary = money("base_salary", &f.base_salary);
    let complement = money("complement", &f.complement);
    let allowance = money("allowance", &f.allowance);
    let in_kind = money("in_kind", &f.in_kind);
    let input = EmployeeInput {
        nif: f.nif.clone(),
        name: f.name.clone(),
        ss_number: f.ss_number.clone(),
        birth_date,
        address: f.address.clone(),
        iban: opt(&f.iban),
        email: opt(&f.email),
        phone: opt(&f.phone),
        contract_type: f.contract_type.clone(),
        start_date: start_date.unwrap_or_default(),
        end_date,
        part_time_pct: f.part_time_pct.clone(),
        job_title: f.job_title.clone(),
        category: f.category.clone(),
        cotization_group: f.cotization_group,
        agreement: f.agreement.clone(),
        base_salary,
        complement,
        allowance,
        in_kind,
        payments: f.payments,
        prorate_extras: f.prorate_extras,
        vacation_days: f.vacation_days,
        notes: f.notes.clone(),
        irpf_pct: opt(&f.irpf_pct),
    };
    if p.is_empty() {
        Ok(input)
    } else {
        // The store's own findings too, so the form shows every field at once.
        if let Err(more) = store::validate_employee(&input) {
            // Not the checks against a start date that could not be read.
            let seen: Vec<Option<String>> = p.iter().map(|x| x.field.clone()).collect();
            let no_start = start_date.is_none();
            p.extend(more.into_iter().filter(|x| {
                let against_start =
                    no_start && matches!(x.field.as_deref(), Some("birth_date" | "end_date"));
                !seen.contains(&x.field) && !against_start
            }));
        }
        Err(p)
    }
}

/// The employees (for the CLI as for the UI), salaries hidden when the company says so.
pub fn employee_list(c: &Company, a: &ListEmployeesArgs, today: NaiveDate) -> R<EmployeeList> {
    let hide = c.payroll_settings()?.hide_salaries;
    let rows = c.list_employees(&EmployeeFilter {
        query: opt(&a.query),
        status: opt(&a.status),
        on: Some(today),
    })?;
    Ok(EmployeeList {
        salaries_hidden: hide,
        rows: rows
            .into_iter()
            .map(|r| EmployeeRowDto {
                id: r.id,
                nif: r.nif,
                name: r.name,
                job_title: r.job_title,
                contract_type: r.contract_type,
                start_date: r.start_date.to_string(),
                end_date: r.end_date.map(|d| d.to_string()),
                part_time_pct: r.part_time_pct,
                base_salary: (!hide).then(|| r.base_salary.to_string()),
                complement: (!hide).then(|| r.complement.to_string()),
                payments: r.payments,
                irpf_pct: r.irpf_pct,
                termination_date: r.termination_date.map(|d| d.to_string()),
                termination_cause: r.termination_cause,
            })
            .collect(),
    })
}

pub fn list_employees(app: &App, a: ListEmployeesArgs) -> R<EmployeeList> {
    let today = app.today();
    app.with_company(|c| employee_list(c, &a, today))
}

pub fn get_employee(app: &App, a: IdArgs) -> R<EmployeeDto> {
    let today = app.today();
    app.with_company(|c| Ok(employee_dto(&c.employee(a.id)?, today)))
}

pub fn save_employee(app: &App, a: SaveEmployeeArgs) -> R<EmployeeDto> {
    let now = app.now();
    let today = app.today();
    let input = input_of(&a.employee).map_err(|p| ApiError::from_problems(&p))?;
    app.with_company(|c| Ok(employee_dto(&c.save_employee(a.id, &input, now)?, today)))
}

pub fn set_employee_irpf(app: &App, a: SetEmployeeIrpfArgs) -> R<EmployeeDto> {
    let now = app.now();
    let today = app.today();
    let from = parse::date("from_date", &a.from_date).map_err(|p| ApiError::from_problems(&[p]))?;
    app.with_company(|c| {
        Ok(employee_dto(
            &c.set_employee_irpf(a.id, from, &a.pct, now)?,
            today,
        ))
    })
}

pub fn terminate_employee(app: &App, a: TerminateEmployeeArgs) -> R<EmployeeDto> {
    let now = app.now();
    let today = app.today();
    let date =
        parse::date("termination_date", &a.date).map_err(|p| ApiError::from_problems(&[p]))?;
    app.with_company(|c| {
        Ok(employee_dto(
            &c.terminate_employee(a.id, date, &a.cause, now)?,
            today,
        ))
    })
}

pub fn reinstate_employee(app: &App, a: IdArgs) -> R<EmployeeDto> {
    let now = app.now();
    let today = app.today();
    app.with_company(|c| Ok(employee_dto(&c.reinstate_employee(a.id, now)?, today)))
}

/// A store problem's field as the CSV names its column.
fn column_of(mut p: Problem) -> Problem {
    if p.field.as_deref() == Some("cotization_group") {
        p.field = Some("group".into());
    }
    p
}

/// Reads the employees' CSV: each data row with its line number, or every problem found
/// (unknown, repeated or missing columns, unreadable rows, cells that are no date, amount,
/// number or yes/no, and each row's field problems as the store checks them, named by
/// column). Never panics on any input.
pub fn parse_employees_csv(input: impl Read) -> Result<Vec<(u32, EmployeeInput)>, Vec<Problem>> {
    let (rows, mut p) = party_csv::read_requiring(input, &CSV_HEADER, &CSV_REQUIRED)?;
    let mut no_start = Vec::new();
    let inputs = rows
        .iter()
        .map(|r| {
            let row = r.row;
            let date = |col: usize, p: &mut Vec<Problem>| match parse::opt_date(
                CSV_HEADER[col],
                &r.some(col),
            ) {
                Ok(d) => d,
                Err(x) => {
                    p.push(x.at_row(row));
                    None
                }
            };
            let birth_date = date(3, &mut p);
            let start = date(6, &mut p);
            if start.is_none() && r.get(6).is_empty() {
                p.push(
                    Problem::new(ProblemCode::Required, "the start date is required")
                        .at_row(row)
                        .field("start_date"),
                );
            }
            let end_date = date(7, &mut p);
            if start.is_none() {
                no_start.push(row);
            }
            let money = |col: usize, p: &mut Vec<Problem>| {
                let s = r.get(col);
                if s.is_empty() {
                    return Money::ZERO;
                }
                parse::money(CSV_HEADER[col], &s).unwrap_or_else(|x| {
                    p.push(x.at_row(row));
                    Money::ZERO
                })
            };
            let int = |col: usize, default: i64, what: &str, p: &mut Vec<Problem>| {
                let s = r.get(col);
                if s.is_empty() {
                    return default;
                }
                s.parse::<i64>().unwrap_or_else(|_| {
                    p.push(
                        Problem::new(ProblemCode::OutOfRange, format!("'{s}' is not {what}"))
                            .at_row(row)
                            .field(CSV_HEADER[col])
                            .param("value", &s),
                    );
                    default
                })
            };
            let group = int(9, 0, "a cotización group (1 to 11)", &mut p);
            let payments = int(12, 14, "a number of payments (12 or 14)", &mut p);
            let vacation_days = int(23, 30, "a number of vacation days", &mut p);
            let prorate = r.get(13).to_ascii_lowercase();
            let prorate_extras = match prorate.as_str() {
                "" | "no" | "n" | "false" | "0" => false,
                "yes" | "y" | "si" | "sí" | "true" | "1" => true,
                _ => {
                    p.push(
                        Problem::new(
                            ProblemCode::InvalidCode,
                            format!("'{prorate}' is not yes or no"),
                        )
                        .at_row(row)
                        .field("prorate_extras")
                        .param("value", &prorate),
                    );
                    false
                }
            };
            let input = EmployeeInput {
                nif: r.get(0),
                name: r.get(1),
                ss_number: r.get(2),
                birth_date,
                iban: r.some(4),
                contract_type: r.get(5),
                start_date: start.unwrap_or_default(),
                end_date,
                part_time_pct: r.or(8, "100"),
                cotization_group: group,
                base_salary: money(10, &mut p),
                complement: money(11, &mut p),
                payments,
                prorate_extras,
                irpf_pct: r.some(14),
                email: r.some(15),
                phone: r.some(16),
                address: r.get(17),
                job_title: r.get(18),
                category: r.get(19),
                agreement: r.get(20),
                allowance: money(21, &mut p),
                in_kind: money(22, &mut p),
                vacation_days,
                notes: r.get(24),
            };
            (row, input)
        })
        .collect::<Vec<_>>();
    // A cell already refused is not refused again by the store's check of its default.
    let refused: Vec<(Option<u32>, Option<String>)> =
        p.iter().map(|x| (x.row, x.field.clone())).collect();
    let validate = |i: &EmployeeInput| -> Result<(), Vec<Problem>> {
        store::validate_employee(i)
            .map(|_| ())
            .map_err(|v| v.into_iter().map(column_of).collect::<Vec<_>>())
    };
    let mut out = party_csv::finish(inputs, p, validate, "employees");
    if let Err(all) = &mut out {
        // The reader's problems come first within a row (the sort is stable): keep only the
        // first for a cell it refused.
        let mut seen = std::collections::HashSet::new();
        // Nor the store's checks against a start date the reader could not read.
        all.retain(|x| {
            let key = (x.row, x.field.clone());
            let against_start = x.code == ProblemCode::OutOfRange
                && matches!(x.field.as_deref(), Some("birth_date" | "end_date"))
                && x.row.is_some_and(|r| no_start.contains(&r));
            !against_start && (!refused.contains(&key) || seen.insert(key))
        });
    }
    out
}

/// Imports employees from CSV bytes into `c`, all or nothing (for the CLI as for the UI).
pub fn import_employees_into(
    c: &mut Company,
    input: impl Read,
    source: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> R<ImportedEmployees> {
    let rows = parse_employees_csv(input).map_err(|p| ApiError::from_problems(&p))?;
    let ids = c
        .import_employees(&rows, source, now)
        .map_err(|e| match e {
            store::StoreError::Invalid(p) => {
                let p: Vec<Problem> = p.into_iter().map(column_of).collect();
                ApiError::from_problems(&p)
            }
            other => other.into(),
        })?;
    Ok(ImportedEmployees {
        imported: ids.len() as u32,
        ids,
    })
}

pub fn import_employees(app: &App, a: ImportEmployeesArgs) -> R<ImportedEmployees> {
    let now = app.now();
    let source = a
        .file_name
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.chars().take(200).collect::<String>())
        .unwrap_or_else(|| "CSV".into());
    app.with_company(|c| import_employees_into(c, a.csv.as_bytes(), &source, now))
}

fn csv_err(e: csv::Error) -> ApiError {
    ApiError::new(ErrorCode::Internal, format!("writing CSV: {e}"))
}

/// The employees' CSV (see the module's documentation), with a byte-order mark; the IRPF
/// rate is the one in force on `today` (else the latest).
pub fn employees_csv(c: &Company, today: NaiveDate) -> R<Vec<u8>> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(CSV_HEADER).map_err(csv_err)?;
    for e in c.all_employees()? {
        let k = &e.input;
        let o = |s: &Option<String>| s.clone().unwrap_or_default();
        let d = |s: Option<NaiveDate>| s.map(|d| d.to_string()).unwrap_or_default();
        let irpf = e
            .irpf_on(today)
            .map(String::from)
            .or_else(|| k.irpf_pct.clone())
            .unwrap_or_default();
        w.write_record([
            k.nif.as_str(),
            &k.name,
            &k.ss_number,
            &d(k.birth_date),
            &o(&k.iban),
            &k.contract_type,
            &k.start_date.to_string(),
            &d(k.end_date),
            &k.part_time_pct,
            &k.cotization_group.to_string(),
            &k.base_salary.to_string(),
            &k.complement.to_string(),
            &k.payments.to_string(),
            if k.prorate_extras { "yes" } else { "no" },
            &irpf,
            &o(&k.email),
            &o(&k.phone),
            &k.address,
            &k.job_title,
            &k.category,
            &k.agreement,
            &k.allowance.to_string(),
            &k.in_kind.to_string(),
            &k.vacation_days.to_string(),
            &k.notes,
        ])
        .map_err(csv_err)?;
    }
    w.into_inner()
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("writing CSV: {e}")))
}

pub fn export_employees(app: &App, _: NoArgs) -> R<ExportedFile> {
    let today = app.today();
    let bytes = app.with_company(|c| employees_csv(c, today))?;
    Ok(ExportedFile {
        file_name: "empleados.csv".into(),
        mime: "text/csv".into(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    })
}

/// Everything the company file holds on one employee, for a data-access request: the
/// details, contract and pay, the IRPF history and every change logged on the record, as
/// JSON.
pub fn employee_data(c: &Company, id: i64, today: NaiveDate) -> R<(String, Vec<u8>)> {
    let e = c.employee(id)?;
    let record = format!("employee:{id}");
    let changes: Vec<serde_json::Value> = c
        .audit_records(&record, 10_000)?
        .into_iter()
        .filter(|a| a.record == record)
        .rev()
        .map(|a| {
            serde_json::json!({
                "at": a.at,
                "by": a.actor,
                "action": a.action,
                "before": a.before,
                "after": a.after,
            })
        })
        .collect();
    let doc = serde_json::json!({
        "exported_on": today.to_string(),
        "company": c.settings()?.name,
        "employee": employee_dto(&e, today),
        "changes": changes,
    });
    let bytes = serde_json::to_vec_pretty(&doc)
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
    Ok((format!("empleado-{}.json", e.input.nif), bytes))
}

pub fn employee_data_export(app: &App, a: IdArgs) -> R<ExportedFile> {
    let today = app.today();
    let (file_name, bytes) = app.with_company(|c| employee_data(c, a.id, today))?;
    Ok(ExportedFile {
        file_name,
        mime: "application/json".into(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    })
}

fn settings_dto(s: store::PayrollSettings) -> PayrollSettingsDto {
    PayrollSettingsDto {
        atep_rate: s.atep_rate,
        ss_employer_code: s.ss_employer_code,
        hide_salaries: s.hide_salaries,
    }
}

pub fn payroll_settings(app: &App, _: NoArgs) -> R<PayrollSettingsDto> {
    app.with_company(|c| Ok(settings_dto(c.payroll_settings()?)))
}

pub fn set_payroll_settings(app: &App, a: PayrollSettingsDto) -> R<PayrollSettingsDto> {
    let now = app.now();
    app.with_company(|c| {
        Ok(settings_dto(c.set_payroll_settings(
            &store::PayrollSettings {
                atep_rate: a.atep_rate.clone(),
                ss_employer_code: opt(&a.ss_employer_code),
                hide_salaries: a.hide_salaries,
            },
            now,
        )?))
    })
}
