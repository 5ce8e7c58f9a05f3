//! What crosses the wire for an employee's HR records (leave, training, reviews, benefits),
//! the vacation balance and the candidates.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct EmployeeIdArgs {
    pub employee_id: i64,
}

/// A leave as the form edits it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct LeaveFields {
    /// "vacation" | "sick" | "parental" | "unpaid" | "other".
    pub kind: String,
    /// YYYY-MM-DD.
    pub start_date: String,
    /// YYYY-MM-DD, on or after the start.
    pub end_date: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SaveLeaveArgs {
    pub employee_id: i64,
    /// None creates a leave; an id replaces that leave of this employee.
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<i64>,
    pub leave: LeaveFields,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct LeaveDto {
    pub id: i64,
    pub employee_id: i64,
    /// Natural days, both ends included.
    pub days: i64,
    pub created_at: String,
    pub fields: LeaveFields,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TrainingFields {
    pub course: String,
    /// A positive decimal with '.' ("7.5").
    pub hours: String,
    /// YYYY-MM-DD.
    pub date: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SaveTrainingArgs {
    pub employee_id: i64,
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<i64>,
    pub training: TrainingFields,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TrainingDto {
    pub id: i64,
    pub employee_id: i64,
    pub created_at: String,
    pub fields: TrainingFields,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReviewFields {
    /// YYYY-MM-DD.
    pub date: String,
    #[serde(default)]
    pub reviewer: String,
    /// 1..5.
    pub score: i64,
    #[serde(default)]
    pub comments: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SaveReviewArgs {
    pub employee_id: i64,
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<i64>,
    pub review: ReviewFields,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReviewDto {
    pub id: i64,
    pub employee_id: i64,
    pub created_at: String,
    pub fields: ReviewFields,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BenefitFields {
    pub description: String,
    /// A decimal amount ("45.00"), not negative; none when the benefit has no amount.
    #[serde(default)]
    #[ts(optional)]
    pub amount: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub start_date: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub end_date: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SaveBenefitArgs {
    pub employee_id: i64,
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<i64>,
    pub benefit: BenefitFields,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BenefitDto {
    pub id: i64,
    pub employee_id: i64,
    pub created_at: String,
    pub fields: BenefitFields,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct VacationBalanceArgs {
    pub employee_id: i64,
    /// Default this year.
    #[serde(default)]
    #[ts(optional)]
    pub year: Option<i32>,
}

/// An employee's vacation in a year: the entitlement prorated by the days under contract
/// (decimal strings with two decimals), natural days taken, what remains (negative when more
/// was taken), and the sick days of the year.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct VacationBalanceDto {
    pub employee_id: i64,
    pub year: i32,
    pub vacation_days: i64,
    pub days_under_contract: i64,
    pub days_in_year: i64,
    pub entitlement: String,
    pub taken: i64,
    pub remaining: String,
    pub sick_days: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ListCandidatesArgs {
    /// Only those of this status: "new" | "interview" | "offer" | "hired" | "rejected".
    #[serde(default)]
    #[ts(optional)]
    pub status: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CandidateFields {
    pub name: String,
    #[serde(default)]
    pub position: String,
    /// "new" | "interview" | "offer" | "hired" | "rejected".
    pub status: String,
    #[serde(default)]
    #[ts(optional)]
    pub email: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub phone: Option<String>,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SaveCandidateArgs {
    /// None creates a candidate; an id replaces that one.
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<i64>,
    pub candidate: CandidateFields,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SetCandidateStatusArgs {
    pub id: i64,
    pub status: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CandidateDto {
    pub id: i64,
    pub created_at: String,
    pub fields: CandidateFields,
}
