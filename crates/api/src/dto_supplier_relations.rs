//! What crosses the wire for a supplier's evaluations and contracts.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SupplierIdArgs {
    pub supplier_id: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AddSupplierEvaluationArgs {
    pub supplier_id: i64,
    /// YYYY-MM-DD; default today.
    #[serde(default)]
    #[ts(optional)]
    pub date: Option<String>,
    /// Each a score from 1 to 5.
    pub quality: i64,
    pub delivery: i64,
    pub price: i64,
    pub service: i64,
    /// At most 2 000 characters.
    #[serde(default)]
    #[ts(optional)]
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SupplierEvaluationDto {
    pub id: i64,
    pub supplier_id: i64,
    pub date: String,
    pub quality: i64,
    pub delivery: i64,
    pub price: i64,
    pub service: i64,
    pub comment: String,
    pub created_at: String,
}

/// A supplier's averages, decimal strings with two decimals ("4.25"); null without
/// evaluations.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct EvaluationSummaryDto {
    pub count: u32,
    pub quality: Option<String>,
    pub delivery: Option<String>,
    pub price: Option<String>,
    pub service: Option<String>,
    /// The mean of every score of every evaluation.
    pub overall: Option<String>,
}

/// A supplier's evaluations (newest first) with their averages.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SupplierEvaluations {
    pub rows: Vec<SupplierEvaluationDto>,
    pub summary: EvaluationSummaryDto,
}

/// A contract as the form edits it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SupplierContractFields {
    pub subject: String,
    /// YYYY-MM-DD.
    pub start_date: String,
    /// YYYY-MM-DD, on or after the start; none: open-ended.
    #[serde(default)]
    #[ts(optional)]
    pub end_date: Option<String>,
    /// Renews itself at the end unless notice is given `renewal_notice_days` before.
    pub auto_renew: bool,
    /// 0..3650.
    pub renewal_notice_days: i64,
    /// A decimal amount ("1200.00"), not negative; none when the contract has no amount.
    #[serde(default)]
    #[ts(optional)]
    pub amount: Option<String>,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SaveSupplierContractArgs {
    pub supplier_id: i64,
    /// None creates a contract; an id replaces that contract of this supplier.
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<i64>,
    pub contract: SupplierContractFields,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SupplierContractDto {
    pub id: i64,
    pub supplier_id: i64,
    pub created_at: String,
    pub fields: SupplierContractFields,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ContractsDueArgs {
    /// Default today.
    #[serde(default)]
    #[ts(optional)]
    pub as_of: Option<String>,
    /// How many days ahead to look, 0..3650.
    pub within_days: i64,
}

/// A contract that ends, or whose notice deadline falls, by `as_of + within_days`, or whose
/// notice deadline has passed while it runs.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ContractDueRow {
    pub contract: SupplierContractDto,
    pub supplier_name: String,
    /// "ends" (no auto-renewal) | "notice_deadline" (the last day to give notice).
    pub action: String,
    pub action_date: String,
    /// The end of the current term (rolled forward by whole years for an auto-renewing
    /// contract whose end date is past).
    pub term_end: String,
    pub rolled: bool,
    /// Negative when overdue.
    pub days_left: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ContractsDue {
    pub as_of: String,
    pub within_days: i64,
    pub rows: Vec<ContractDueRow>,
}
