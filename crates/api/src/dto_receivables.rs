//! What crosses the wire for the receivables documents: the aging, reminder letters, the
//! customer's statement of account and the VAT output summary as files. Dates travel as
//! "YYYY-MM-DD"; the files come back as an [`ExportedFile`](crate::dto::ExportedFile).

use crate::dto::{EcbRateInput, ExportFormat, Lang};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ExportAgingArgs {
    pub format: ExportFormat,
    /// Default today.
    #[serde(default)]
    #[ts(optional)]
    pub as_of: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub language: Option<Lang>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReminderPdfArgs {
    pub invoice_id: i64,
    /// 1 friendly, 2 firm, 3 final notice.
    pub level: u8,
    /// The letter's date (default today).
    #[serde(default)]
    #[ts(optional)]
    pub date: Option<String>,
    /// Final notice only: claim the Ley 3/2004 interest, computed with the ECB rate of every
    /// half-year from the due date to the letter's date.
    #[serde(default)]
    #[ts(optional)]
    pub ecb_rates: Option<Vec<EcbRateInput>>,
    /// Final notice only: claim the 40 € compensation for recovery costs (art. 8 Ley 3/2004).
    #[serde(default)]
    #[ts(optional)]
    pub claim_costs: Option<bool>,
    #[serde(default)]
    #[ts(optional)]
    pub language: Option<Lang>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CustomerStatementArgs {
    pub customer_id: i64,
    pub format: ExportFormat,
    /// Absent: from the first movement.
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    /// Absent: to today.
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub language: Option<Lang>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ExportVatOutputArgs {
    pub from: String,
    pub to: String,
    pub format: ExportFormat,
    #[serde(default)]
    #[ts(optional)]
    pub language: Option<Lang>,
}
