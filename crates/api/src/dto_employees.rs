//! What crosses the wire for employees and the company's payroll settings. Money is a decimal
//! string with '.' ("1850.00"), dates YYYY-MM-DD, percentages decimal strings ("100", "12.5").

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct ListEmployeesArgs {
    /// Matched in the name, NIF or job title.
    #[serde(default)]
    #[ts(optional)]
    pub query: Option<String>,
    /// "active" | "terminated" | "all" (none: all).
    #[serde(default)]
    #[ts(optional)]
    pub status: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct EmployeeRowDto {
    pub id: i64,
    pub nif: String,
    pub name: String,
    pub job_title: String,
    pub contract_type: String,
    pub start_date: String,
    pub end_date: Option<String>,
    pub part_time_pct: String,
    /// Monthly; null when the company hides salaries on shared screens.
    pub base_salary: Option<String>,
    pub complement: Option<String>,
    pub payments: i64,
    /// The IRPF rate in force today.
    pub irpf_pct: Option<String>,
    pub termination_date: Option<String>,
    pub termination_cause: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct EmployeeList {
    pub rows: Vec<EmployeeRowDto>,
    /// The company's hide-salaries setting: the rows' salaries are null when on. (The card,
    /// `get_employee`, still returns them: the setting hides them on shared screens, lists.)
    pub salaries_hidden: bool,
}

/// An employee's details as the form edits them (and the card shows them).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct EmployeeFields {
    pub nif: String,
    pub name: String,
    /// Número de afiliación, 12 digits (spaces, slashes and dashes accepted).
    pub ss_number: String,
    pub birth_date: Option<String>,
    pub address: String,
    pub iban: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// "indefinido" | "temporal" | "formacion" | "practicas" | "fijo_discontinuo".
    pub contract_type: String,
    pub start_date: String,
    pub end_date: Option<String>,
    /// Share of the full working day, "100" for full time.
    pub part_time_pct: String,
    pub job_title: String,
    pub category: String,
    /// Grupo de cotización, 1..11.
    pub cotization_group: i64,
    pub agreement: String,
    /// Monthly amounts.
    pub base_salary: String,
    pub complement: String,
    pub allowance: String,
    pub in_kind: String,
    /// 12 or 14.
    pub payments: i64,
    pub prorate_extras: bool,
    pub vacation_days: i64,
    pub notes: String,
    /// On creation: the IRPF rate from the start date. Ignored when updating (use
    /// `set_employee_irpf`); on reading, the latest rate.
    pub irpf_pct: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct IrpfRateDto {
    pub from_date: String,
    pub pct: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct EmployeeDto {
    pub id: i64,
    pub fields: EmployeeFields,
    pub termination_date: Option<String>,
    pub termination_cause: Option<String>,
    pub created_at: String,
    /// Every IRPF rate, oldest first.
    pub irpf_history: Vec<IrpfRateDto>,
    /// The rate in force today.
    pub current_irpf: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SaveEmployeeArgs {
    /// None creates an employee; an id replaces that employee's details.
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<i64>,
    pub employee: EmployeeFields,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SetEmployeeIrpfArgs {
    pub id: i64,
    /// The rate applies from this date on.
    pub from_date: String,
    /// 0..60.
    pub pct: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TerminateEmployeeArgs {
    pub id: i64,
    /// The last day worked.
    pub date: String,
    /// "voluntary" | "end_of_contract" | "objective" | "disciplinary" | "unfair" | "other".
    pub cause: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ImportEmployeesArgs {
    /// CSV text (UTF-8) with a header (see the employees' CSV columns).
    pub csv: String,
    /// The file's name, for the change log.
    #[serde(default)]
    #[ts(optional)]
    pub file_name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ImportedEmployees {
    pub imported: u32,
    pub ids: Vec<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PayrollSettingsDto {
    /// AT/EP rate, % ("1.50", office work).
    pub atep_rate: String,
    /// Código de cuenta de cotización (11 digits).
    pub ss_employer_code: Option<String>,
    /// Hide salaries in lists (shared screens).
    pub hide_salaries: bool,
}
