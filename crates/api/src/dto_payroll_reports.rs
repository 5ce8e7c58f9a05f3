//! What crosses the wire for the payroll reports: the summary, the Social Security cost, IRPF
//! per quarter (modelo 111) and per employee for a year (modelo 190), the headcount, and their
//! export. Months are "YYYY-MM"; money is a decimal string ("1234.56"); FTE "1.25".

use crate::dto::{ExportFormat, Lang};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A span of months, both included.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PayrollPeriodArgs {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct IrpfQuarterArgs {
    pub year: i32,
    /// 1 to 4.
    pub quarter: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PayrollYearArgs {
    pub year: i32,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PayrollReportKind {
    Summary,
    SsCost,
    IrpfQuarter,
    IrpfAnnual,
    Headcount,
}

/// A report as a file: `from`/`to` for summary and ss_cost, `year` (and `quarter` for
/// irpf_quarter) for the others.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ExportPayrollReportArgs {
    pub report: PayrollReportKind,
    pub format: ExportFormat,
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub year: Option<i32>,
    #[serde(default)]
    #[ts(optional)]
    pub quarter: Option<u32>,
    #[serde(default)]
    #[ts(optional)]
    pub language: Option<Lang>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PayrollTotalsView {
    pub gross: String,
    pub employee_ss: String,
    pub irpf: String,
    pub other_deductions: String,
    pub net: String,
    pub employer_ss: String,
    pub employer_cost: String,
    pub payslips: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PayrollEmployeeView {
    pub employee_id: i64,
    pub name: String,
    pub nif: String,
    pub totals: PayrollTotalsView,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PayrollMonthView {
    pub month: String,
    pub employees: u32,
    pub totals: PayrollTotalsView,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PayrollSummaryView {
    pub from: String,
    pub to: String,
    pub employees: Vec<PayrollEmployeeView>,
    pub months: Vec<PayrollMonthView>,
    pub totals: PayrollTotalsView,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct EmployeeSsView {
    pub cc: String,
    pub unemployment: String,
    pub fp: String,
    pub mei: String,
    pub solidarity: String,
    pub overtime: String,
    pub total: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct EmployerSsView {
    pub cc: String,
    pub atep: String,
    pub unemployment: String,
    pub fogasa: String,
    pub fp: String,
    pub mei: String,
    pub solidarity: String,
    pub overtime: String,
    pub total: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SsCostMonthView {
    /// "" for the period's totals.
    pub month: String,
    pub employees: u32,
    pub bccc: String,
    pub bccp: String,
    pub ee: EmployeeSsView,
    pub er: EmployerSsView,
    /// Both sides.
    pub total: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SsCostView {
    pub from: String,
    pub to: String,
    pub months: Vec<SsCostMonthView>,
    pub totals: SsCostMonthView,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct IrpfQuarterView {
    pub year: i32,
    pub quarter: u32,
    pub from: String,
    pub to: String,
    pub recipients: u32,
    /// Percepciones dinerarias y en especie.
    pub base: String,
    pub withheld: String,
    pub payslips: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct IrpfAnnualRowView {
    pub employee_id: i64,
    pub nif: String,
    pub name: String,
    /// Percepciones íntegras.
    pub base: String,
    pub withheld: String,
    pub payslips: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct IrpfAnnualView {
    pub year: i32,
    pub rows: Vec<IrpfAnnualRowView>,
    pub base: String,
    pub withheld: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct HeadcountMonthView {
    pub month: String,
    pub employees: u32,
    /// Full-time equivalents, "1.25".
    pub fte: String,
    pub hires: u32,
    pub terminations: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct HeadcountView {
    pub year: i32,
    pub months: Vec<HeadcountMonthView>,
    pub hires: u32,
    pub terminations: u32,
    pub average_fte: String,
}
