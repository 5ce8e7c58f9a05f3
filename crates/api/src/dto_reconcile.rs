//! What crosses the wire for reconciling statement lines and for bank rules. Amounts are
//! decimal strings ("1234.50"); VAT rates "0", "4", "10" or "21".

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct LineIdArgs {
    pub line_id: i64,
}

/// Something a statement line may be reconciled with, likeliest first.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BankSuggestionDto {
    /// "invoice", "bill", "entry" or "rule".
    pub kind: String,
    pub target_id: i64,
    pub label: String,
    /// What the line would settle of it.
    pub amount: String,
    pub score: u32,
    pub reason: String,
}

/// A document and the part of the line applied to it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReconcileAllocation {
    /// The invoice or bill id.
    pub id: i64,
    pub amount: String,
}

/// How to reconcile a line: `kind` says which of the other fields count.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReconcileWith {
    /// "invoices" or "bills" (with `allocations`), "entry" (`entry_id`), "rule" (`rule_id`),
    /// "new_entry" (`account`, `vat_rate`, `description`).
    pub kind: String,
    #[serde(default)]
    #[ts(optional)]
    pub allocations: Option<Vec<ReconcileAllocation>>,
    #[serde(default)]
    #[ts(optional)]
    pub entry_id: Option<i64>,
    #[serde(default)]
    #[ts(optional)]
    pub rule_id: Option<i64>,
    #[serde(default)]
    #[ts(optional)]
    pub account: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub vat_rate: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReconcileLineArgs {
    pub line_id: i64,
    pub with: ReconcileWith,
}

/// What reconciling a line did.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReconciledDto {
    pub line_id: i64,
    /// "payment", "supplier_payment", "entry" or "created".
    pub kind: String,
    pub entry_id: i64,
    pub payment_id: Option<i64>,
    pub supplier_payment_id: Option<i64>,
    /// What was applied to no document: the customer's credit or the supplier's advance.
    pub unapplied: String,
}

/// What undoing a line's reconciliation did; the line is open again.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct UnreconciledDto {
    pub line_id: i64,
    /// Entries already posted the line was matched with, unlinked (they stay posted).
    pub unlinked_entries: Vec<i64>,
    /// Reversal entries posted (for an entry made from the line, for a payment's entry).
    pub reversal_entries: Vec<i64>,
    /// Reversing customer payments recorded (negative, reopening the invoices).
    pub reversing_payments: Vec<i64>,
    /// Reversing supplier payments recorded (negative, reopening the bills).
    pub reversing_supplier_payments: Vec<i64>,
}

/// A rule as the form edits it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BankRuleFields {
    pub name: String,
    /// Looked for in the line's description and counterparty, case and accents ignored.
    pub match_text: String,
    /// "any" (default), "in" or "out".
    #[serde(default)]
    #[ts(optional)]
    pub sign: Option<String>,
    pub account: String,
    /// "0" (default), "4", "10" or "21".
    #[serde(default)]
    #[ts(optional)]
    pub vat_rate: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub description: Option<String>,
    /// Lower first; default 100.
    #[serde(default)]
    #[ts(optional)]
    pub priority: Option<i64>,
    #[serde(default)]
    #[ts(optional)]
    pub active: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SaveBankRuleArgs {
    /// None creates.
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<i64>,
    pub rule: BankRuleFields,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BankRuleDto {
    pub id: i64,
    pub name: String,
    pub match_text: String,
    pub sign: String,
    pub account: String,
    pub vat_rate: String,
    pub description: String,
    pub priority: i64,
    pub active: bool,
    pub created_at: String,
}

/// A rule deleted, or kept inactive because lines were reconciled by it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DeletedBankRule {
    pub id: i64,
    pub deleted: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RuleFromLineArgs {
    pub line_id: i64,
    pub account: String,
    #[serde(default)]
    #[ts(optional)]
    pub vat_rate: Option<String>,
}
