//! What crosses the wire for invoices, credit notes, payments, aging, reminders and the
//! invoice register. Money, quantities and percentages travel as decimal strings ("121.00",
//! "1.5", "21"), dates as "YYYY-MM-DD"; the commands parse them, each bad field a problem.

use crate::dto::Every;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

// ---- inputs ----

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct InvoiceLineInput {
    pub description: String,
    /// Up to 3 decimals; negative for a deduction.
    pub quantity: String,
    /// VAT excluded (or included when the invoice says prices_include_vat).
    pub unit_price: String,
    #[serde(default)]
    #[ts(optional)]
    pub discount_pct: Option<String>,
    /// A VAT rate ("21", "10", "4", "0") or an exemption cause ("E1".."E6").
    pub tax: String,
    #[serde(default)]
    #[ts(optional)]
    pub income_account: Option<String>,
    /// Whether the invoice's IRPF applies to the line (default yes).
    #[serde(default)]
    #[ts(optional)]
    pub withholding_applies: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct InvoiceFields {
    /// "invoice" (default) or "simplified".
    #[serde(default)]
    #[ts(optional)]
    pub kind: Option<String>,
    pub issue_date: String,
    #[serde(default)]
    #[ts(optional)]
    pub operation_date: Option<String>,
    /// Required for a complete invoice.
    #[serde(default)]
    #[ts(optional)]
    pub customer_id: Option<i64>,
    #[serde(default)]
    #[ts(optional)]
    pub prices_include_vat: Option<bool>,
    /// IRPF withheld in percent ("15"); absent or "0" for none.
    #[serde(default)]
    #[ts(optional)]
    pub withholding_pct: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub notes: Option<String>,
    pub lines: Vec<InvoiceLineInput>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SaveInvoiceDraftArgs {
    /// Absent: a new draft.
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<i64>,
    pub invoice: InvoiceFields,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct ListInvoicesArgs {
    /// "draft", "template" or "issued"; absent for all.
    #[serde(default)]
    #[ts(optional)]
    pub state: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub customer_id: Option<i64>,
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
}

/// One invoice by id or by its printed number ("2027-0001").
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct InvoiceRefArgs {
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<i64>,
    #[serde(default)]
    #[ts(optional)]
    pub number: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CreateCreditNoteArgs {
    /// The issued invoice it corrects.
    pub invoice_id: i64,
    /// "difference" or "substitution".
    pub method: String,
    /// "R1" (error in law, art. 80 One, Two, Six LIVA), "R2" (insolvency), "R3" (bad debt),
    /// "R4" (other).
    pub reason: String,
    /// Why, printed on the credit note.
    pub explanation: String,
    pub issue_date: String,
    /// By difference: the changes (negative to reduce), absent to cancel the whole invoice.
    /// By substitution: the correct lines.
    #[serde(default)]
    #[ts(optional)]
    pub lines: Option<Vec<InvoiceLineInput>>,
    /// Issue it at once (default: leave it as a draft to review).
    #[serde(default)]
    #[ts(optional)]
    pub issue: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SaveInvoiceTemplateArgs {
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<i64>,
    pub invoice: InvoiceFields,
    pub every: Every,
    /// The first (next) date a copy is drafted on.
    pub next_date: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DraftDueInvoicesArgs {
    /// Drafts every copy due on or before this day (default today).
    #[serde(default)]
    #[ts(optional)]
    pub until: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AllocationInput {
    pub invoice_id: i64,
    pub amount: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RecordPaymentArgs {
    pub customer_id: i64,
    pub date: String,
    pub amount: String,
    /// "bank", "cash", "card", "direct_debit" or "other".
    pub method: String,
    /// The treasury account (57x); default 5720001 (bank) or 5700001 (cash).
    #[serde(default)]
    #[ts(optional)]
    pub account: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub reference: Option<String>,
    /// Absent: applied to the customer's open invoices, oldest due first. Empty: nothing
    /// applied (all of it stays as credit on the customer).
    #[serde(default)]
    #[ts(optional)]
    pub allocations: Option<Vec<AllocationInput>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ListPaymentsArgs {
    #[serde(default)]
    #[ts(optional)]
    pub customer_id: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AsOfArgs {
    /// Default today.
    #[serde(default)]
    #[ts(optional)]
    pub as_of: Option<String>,
}

/// The ECB rate of a calendar half-year, for Ley 3/2004 interest (rate + 8 points).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct EcbRateInput {
    pub year: i32,
    /// 1 (January-June) or 2 (July-December).
    pub half: u8,
    pub rate: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RecordReminderArgs {
    pub invoice_id: i64,
    /// 1 friendly, 2 firm, 3 final notice.
    pub level: u8,
    /// Default today.
    #[serde(default)]
    #[ts(optional)]
    pub date: Option<String>,
    /// Given: the late-payment interest of Ley 3/2004 is computed with these rates.
    #[serde(default)]
    #[ts(optional)]
    pub ecb_rates: Option<Vec<EcbRateInput>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct VatOutputArgs {
    pub from: String,
    pub to: String,
}

// ---- results ----

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct InvoiceLineView {
    pub description: String,
    pub quantity: String,
    pub unit_price: String,
    pub discount_pct: String,
    pub tax: String,
    pub income_account: Option<String>,
    pub withholding_applies: bool,
    pub amount: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct InvoiceTaxView {
    /// "21", "E1" or "ISP" (reverse charge).
    pub tax: String,
    pub base: String,
    pub vat_rate: String,
    pub vat: String,
    pub recargo_rate: String,
    pub recargo: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CorrectionView {
    pub invoice_id: i64,
    pub number: String,
    pub date: String,
    /// "difference" or "substitution".
    pub method: String,
    /// "R1".."R4".
    pub reason: String,
    pub explanation: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct InvoiceView {
    pub id: i64,
    /// "draft", "template" or "issued".
    pub state: String,
    /// "invoice", "simplified" or "corrective".
    pub kind: String,
    pub series: Option<String>,
    /// The printed number ("2027-0001"), once issued.
    pub number: Option<String>,
    pub issue_date: String,
    pub operation_date: Option<String>,
    pub due_date: Option<String>,
    pub customer_id: Option<i64>,
    pub customer_name: String,
    pub customer_tax_id: String,
    pub customer_country: String,
    pub customer_address: String,
    /// domestic, recargo, exempt_e1..e6, intra_eu, export.
    pub treatment: String,
    pub prices_include_vat: bool,
    pub withholding_pct: Option<String>,
    pub correction: Option<CorrectionView>,
    pub recurrence: Option<Every>,
    pub next_date: Option<String>,
    pub template_id: Option<i64>,
    pub quote_id: Option<i64>,
    pub base: String,
    pub vat: String,
    pub recargo: String,
    pub withholding: String,
    pub total: String,
    /// What is still owed: total + credit notes − payments applied.
    pub open: String,
    /// The journal entry it posted.
    pub entry_id: Option<i64>,
    pub notes: String,
    pub created_at: String,
    pub issued_at: Option<String>,
    pub lines: Vec<InvoiceLineView>,
    pub taxes: Vec<InvoiceTaxView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct InvoiceListRow {
    pub id: i64,
    pub state: String,
    pub kind: String,
    pub number: Option<String>,
    pub issue_date: String,
    pub due_date: Option<String>,
    pub customer_id: Option<i64>,
    pub customer_name: String,
    pub total: String,
    pub open: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SeriesView {
    pub id: i64,
    pub code: String,
    /// "F", "R" or "T".
    pub kind: String,
    pub year: i32,
    pub last_number: u32,
    pub last_date: Option<String>,
    /// The number the next invoice will take, as printed.
    pub next: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AllocationView {
    pub invoice_id: i64,
    pub number: String,
    pub amount: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PaymentView {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub date: String,
    pub amount: String,
    pub method: String,
    pub account: String,
    pub reference: String,
    pub entry_id: i64,
    pub allocations: Vec<AllocationView>,
    /// Kept on the customer as credit.
    pub unapplied: String,
    /// Says so when part of the payment is unapplied.
    pub notice: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AgingRowView {
    /// Absent on the total row.
    pub customer_id: Option<i64>,
    pub customer_name: String,
    pub current: String,
    pub days_1_30: String,
    pub days_31_60: String,
    pub days_61_90: String,
    pub over_90: String,
    pub total: String,
    /// Unapplied payments (already counted as credits in their bucket).
    pub unapplied: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReceivablesAging {
    pub as_of: String,
    pub customers: Vec<AgingRowView>,
    pub total: AgingRowView,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct OverdueRow {
    pub invoice_id: i64,
    pub number: String,
    pub customer_id: Option<i64>,
    pub customer_name: String,
    pub issue_date: String,
    pub due_date: String,
    pub days_overdue: i64,
    pub total: String,
    pub open: String,
    /// Reminder levels already recorded.
    pub reminders: Vec<u8>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReminderView {
    pub id: i64,
    pub invoice_id: i64,
    pub number: String,
    pub level: u8,
    pub date: String,
    pub open: String,
    pub interest: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct InvoiceRegisterCheck {
    pub ok: bool,
    pub records: u32,
    /// The first broken record (1-based position) and its invoice number.
    pub broken_position: Option<u32>,
    pub broken_number: Option<String>,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct VatOutputRowView {
    pub tax: String,
    pub vat_rate: String,
    pub recargo_rate: String,
    pub base: String,
    pub vat: String,
    pub recargo: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct VatOutputSummaryView {
    pub from: String,
    pub to: String,
    pub rows: Vec<VatOutputRowView>,
    pub base: String,
    pub vat: String,
    pub recargo: String,
    pub withholding: String,
    pub invoices: u32,
}

// ---- quotes ----

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ListQuotesArgs {
    #[serde(default)]
    #[ts(optional)]
    pub customer_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct QuoteFields {
    pub date: String,
    #[serde(default)]
    #[ts(optional)]
    pub valid_until: Option<String>,
    pub customer_id: i64,
    #[serde(default)]
    #[ts(optional)]
    pub notes: Option<String>,
    pub lines: Vec<InvoiceLineInput>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SaveQuoteArgs {
    /// Absent: a new quote, numbered P{year}-NNNN.
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<i64>,
    pub quote: QuoteFields,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SetQuoteStateArgs {
    pub id: i64,
    /// "open", "accepted" or "rejected".
    pub state: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ConvertQuoteArgs {
    pub id: i64,
    /// The invoice draft's date (default today).
    #[serde(default)]
    #[ts(optional)]
    pub issue_date: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct QuoteView {
    pub id: i64,
    pub number: String,
    pub date: String,
    pub valid_until: Option<String>,
    pub customer_id: i64,
    pub customer_name: String,
    /// "open", "accepted", "rejected" or "invoiced".
    pub state: String,
    /// The invoice it became.
    pub invoice_id: Option<i64>,
    pub notes: String,
    pub lines: Vec<InvoiceLineView>,
    pub base: String,
    pub vat: String,
    pub recargo: String,
    pub total: String,
}
