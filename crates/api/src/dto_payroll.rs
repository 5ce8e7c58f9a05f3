//! What crosses the wire for pay runs, payslips and the yearly payroll rates. Money is a
//! decimal string; a month is "YYYY-MM".

use crate::dto::{ExportedFile, Lang};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MonthArgs {
    /// "YYYY-MM".
    pub month: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PayLineView {
    /// "salary", "non_salary" or "deduction".
    pub kind: String,
    pub code: String,
    pub label: String,
    pub amount: String,
    /// Added in review.
    pub manual: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PayslipView {
    pub id: i64,
    pub run_id: i64,
    pub month: String,
    pub run_state: String,
    pub employee_id: i64,
    pub corrects_id: Option<i64>,
    pub period_start: String,
    pub period_end: String,
    pub days: u32,
    pub employee_name: String,
    pub employee_nif: String,
    pub ss_number: String,
    pub group: u8,
    pub category: String,
    pub contract_type: String,
    pub part_time_pct: String,
    pub irpf_pct: String,
    pub lines: Vec<PayLineView>,
    pub salary: String,
    pub non_salary: String,
    pub gross: String,
    pub bccc: String,
    pub bccp: String,
    pub overtime_base: String,
    pub irpf_base: String,
    pub ee_cc: String,
    pub ee_unemployment: String,
    pub ee_fp: String,
    pub ee_mei: String,
    pub ee_solidarity: String,
    pub ee_overtime: String,
    pub ee_total: String,
    pub irpf: String,
    pub other_deductions: String,
    pub total_deductions: String,
    pub net: String,
    pub er_cc: String,
    pub er_atep: String,
    pub er_unemployment: String,
    pub er_fogasa: String,
    pub er_fp: String,
    pub er_mei: String,
    pub er_solidarity: String,
    pub er_overtime: String,
    pub er_total: String,
    pub employer_cost: String,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PayRunView {
    pub id: i64,
    pub month: String,
    /// "draft", "approved" or "paid".
    pub state: String,
    pub payslips: Vec<PayslipView>,
    pub gross: String,
    pub net: String,
    pub employer_cost: String,
    pub entry_id: Option<i64>,
    pub payment_entry_id: Option<i64>,
    pub payment_date: Option<String>,
    pub created_at: String,
    pub approved_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PayRunRow {
    pub id: i64,
    pub month: String,
    pub state: String,
    pub employees: u32,
    pub gross: String,
    pub net: String,
    pub employer_cost: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ManualLineInput {
    /// "salary", "non_salary" or "deduction".
    pub kind: String,
    /// "overtime", "overtime_fm", "bonus", "allowance", "advance"…
    pub code: String,
    pub label: String,
    pub amount: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AdjustPayslipArgs {
    pub payslip_id: i64,
    /// Replaces every line added in review.
    pub lines: Vec<ManualLineInput>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CorrectPayslipArgs {
    /// The draft run that carries the correction.
    pub run_id: i64,
    /// The approved payslip of an earlier month.
    pub original_id: i64,
    pub lines: Vec<ManualLineInput>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PayPayRunArgs {
    pub id: i64,
    /// The day the salaries are paid; default today.
    #[serde(default)]
    #[ts(optional)]
    pub date: Option<String>,
    /// The bank account (572x); default 5720001.
    #[serde(default)]
    #[ts(optional)]
    pub account: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PaidPayRun {
    pub run: PayRunView,
    /// The salaries' SEPA credit transfer file (pain.001.001.03).
    pub file: ExportedFile,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PayslipPdfArgs {
    pub id: i64,
    #[serde(default)]
    #[ts(optional)]
    pub language: Option<Lang>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PayrollRateView {
    pub key: String,
    pub value: String,
    pub source: String,
    /// The shipped value, when the company changed it.
    pub shipped: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SetPayrollRateArgs {
    pub year: i32,
    pub key: String,
    /// Absent: back to the shipped value.
    #[serde(default)]
    #[ts(optional)]
    pub value: Option<String>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct FinalSettlementArgs {
    pub employee_id: i64,
    /// The last day worked; default the employee's termination date, else today.
    #[serde(default)]
    #[ts(optional)]
    pub date: Option<String>,
    /// voluntary, end_of_contract, objective, disciplinary, unfair, other; default the
    /// termination's cause.
    #[serde(default)]
    #[ts(optional)]
    pub cause: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub language: Option<Lang>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct FinalSettlementLineView {
    /// "salary", "vacation", "extras", "severance".
    pub code: String,
    pub label: String,
    pub detail: String,
    pub amount: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct FinalSettlementView {
    pub employee_id: i64,
    pub employee_name: String,
    pub date: String,
    pub cause: String,
    pub years_worked: String,
    pub daily_salary: String,
    pub vacation_days_pending: String,
    pub last_month_paid: bool,
    pub lines: Vec<FinalSettlementLineView>,
    pub total: String,
}
