//! What crosses the wire for supplier bills, quick expenses, payments made, the payables aging,
//! the supplier statement, the VAT input summary and payment runs. Money is a decimal string.

use crate::dto::{ExportFormat, Lang};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct BillLineInputDto {
    pub description: String,
    /// "1", "2.5"; negative on a credit bill.
    pub quantity: String,
    /// VAT excluded, "12.50".
    pub unit_price: String,
    /// "21", "10", "4", "0".
    pub vat_rate: String,
    /// 6xx or 2xx; empty takes the supplier's default expense account.
    #[serde(default)]
    #[ts(optional)]
    pub account: Option<String>,
    /// The purchase order line it bills.
    #[serde(default)]
    #[ts(optional)]
    pub order_line_no: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct BillInputDto {
    pub supplier_id: i64,
    /// The supplier's own number, as printed.
    pub supplier_number: String,
    pub date: String,
    pub lines: Vec<BillLineInputDto>,
    /// "deductible", "recargo", "intra_eu", "non_deductible"; absent takes the supplier's.
    #[serde(default)]
    #[ts(optional)]
    pub vat_treatment: Option<String>,
    /// IRPF withheld, percent; absent takes the supplier's.
    #[serde(default)]
    #[ts(optional)]
    pub irpf_pct: Option<String>,
    /// The total printed on the paper; the lines must add up to it.
    pub total: String,
    /// Empty: the date plus the supplier's payment days; several split the total.
    #[serde(default)]
    pub due_dates: Vec<String>,
    /// A credit bill names the bill it corrects.
    #[serde(default)]
    #[ts(optional)]
    pub corrects_id: Option<i64>,
    #[serde(default)]
    #[ts(optional)]
    pub order_id: Option<i64>,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PostBillArgs {
    pub bill: BillInputDto,
    /// A credit bill (negative lines) instead of a bill.
    #[serde(default)]
    pub credit: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BillTaxView {
    pub vat_rate: String,
    pub base: String,
    pub vat: String,
    pub recargo_rate: String,
    pub recargo: String,
    pub deductible: String,
}

/// What a bill being typed adds up to, and what is wrong with it so far.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BillPreview {
    pub line_amounts: Vec<String>,
    pub taxes: Vec<BillTaxView>,
    pub base: String,
    pub vat: String,
    pub recargo: String,
    pub irpf: String,
    pub total: String,
    /// Typed total − computed total; "0.00" when they agree.
    pub difference: String,
    pub problems: Vec<crate::error::ProblemDto>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BillLineView {
    pub line_no: i64,
    pub description: String,
    pub quantity: String,
    pub unit_price: String,
    pub vat_rate: String,
    pub account: String,
    pub amount: String,
    pub order_line_no: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DueDateView {
    pub date: String,
    pub amount: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SettlementView {
    pub date: String,
    /// "payment" or "credit".
    pub kind: String,
    pub id: i64,
    pub reference: String,
    pub amount: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BillView {
    pub id: i64,
    /// "bill", "credit" or "expense".
    pub kind: String,
    pub supplier_id: Option<i64>,
    pub supplier_name: String,
    pub supplier_tax_id: String,
    pub supplier_number: String,
    pub date: String,
    pub vat_treatment: String,
    pub irpf_pct: String,
    pub base: String,
    pub vat: String,
    pub recargo: String,
    pub deductible: String,
    pub irpf: String,
    pub total: String,
    pub open: String,
    pub corrects_id: Option<i64>,
    pub corrects_number: Option<String>,
    pub order_id: Option<i64>,
    pub order_number: Option<String>,
    pub paid_from: Option<String>,
    pub description: String,
    pub entry_id: i64,
    pub lines: Vec<BillLineView>,
    pub taxes: Vec<BillTaxView>,
    pub due_dates: Vec<DueDateView>,
    pub settlements: Vec<SettlementView>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ListBillsArgs {
    #[serde(default)]
    #[ts(optional)]
    pub supplier_id: Option<i64>,
    /// "bill", "credit", "expense".
    #[serde(default)]
    #[ts(optional)]
    pub kind: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
    #[serde(default)]
    pub open_only: bool,
    #[serde(default)]
    #[ts(optional)]
    pub query: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RecordExpenseArgs {
    pub date: String,
    /// What was paid, VAT included.
    pub amount: String,
    /// The expense account (6xx).
    pub account: String,
    /// Default "21".
    #[serde(default)]
    #[ts(optional)]
    pub vat_rate: Option<String>,
    /// "cash" (570), "card" or "bank" (572); or give `paid_from`.
    #[serde(default)]
    #[ts(optional)]
    pub method: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub paid_from: Option<String>,
    pub description: String,
    #[serde(default)]
    #[ts(optional)]
    pub supplier_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct BillAllocationInput {
    pub bill_id: i64,
    pub amount: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RecordSupplierPaymentArgs {
    pub supplier_id: i64,
    pub date: String,
    pub amount: String,
    /// "bank", "cash", "card", "direct_debit" or "other".
    pub method: String,
    #[serde(default)]
    #[ts(optional)]
    pub account: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub reference: Option<String>,
    /// Absent: applied to the supplier's open bills, earliest due first. Empty: an advance.
    #[serde(default)]
    #[ts(optional)]
    pub allocations: Option<Vec<BillAllocationInput>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BillAllocationView {
    pub bill_id: i64,
    pub supplier_number: String,
    pub amount: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SupplierPaymentView {
    pub id: i64,
    pub supplier_id: i64,
    pub supplier_name: String,
    pub date: String,
    pub amount: String,
    pub method: String,
    pub account: String,
    pub reference: String,
    pub run_id: Option<i64>,
    pub entry_id: i64,
    pub allocations: Vec<BillAllocationView>,
    pub unapplied: String,
    pub notice: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SupplierScopeArgs {
    #[serde(default)]
    #[ts(optional)]
    pub supplier_id: Option<i64>,
    /// Default today.
    #[serde(default)]
    #[ts(optional)]
    pub as_of: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct OpenBillView {
    pub bill_id: i64,
    pub supplier_id: i64,
    pub supplier_name: String,
    pub supplier_number: String,
    pub date: String,
    pub due_date: String,
    pub total: String,
    pub open: String,
    pub days_overdue: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PayablesAgingRow {
    /// Absent on the total row.
    pub supplier_id: Option<i64>,
    pub supplier_name: String,
    pub current: String,
    pub days_1_30: String,
    pub days_31_60: String,
    pub days_61_90: String,
    pub over_90: String,
    pub total: String,
    /// Advances not applied (already counted in their bucket).
    pub unapplied: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PayablesAgingView {
    pub as_of: String,
    pub suppliers: Vec<PayablesAgingRow>,
    pub total: PayablesAgingRow,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ExportPayablesAgingArgs {
    pub format: ExportFormat,
    #[serde(default)]
    #[ts(optional)]
    pub as_of: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub language: Option<Lang>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SupplierStatementArgs {
    pub supplier_id: i64,
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ExportSupplierStatementArgs {
    pub supplier_id: i64,
    pub format: ExportFormat,
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub language: Option<Lang>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SupplierMovementView {
    pub date: String,
    pub document: String,
    pub concept: String,
    pub debit: String,
    pub credit: String,
    /// What is owed after this movement.
    pub balance: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SupplierStatementView {
    pub supplier_id: i64,
    pub supplier_name: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub opening: String,
    pub lines: Vec<SupplierMovementView>,
    pub closing: String,
}

/// What the supplier card shows of the account.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SupplierAccountView {
    pub supplier_id: i64,
    /// What is owed now (advances deducted).
    pub balance: String,
    pub overdue: String,
    pub open_bills: Vec<OpenBillView>,
    /// The latest bills, credit bills and expenses, newest first (at most 50).
    pub bills: Vec<BillView>,
    pub payments: Vec<SupplierPaymentView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct VatInputArgs {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ExportVatInputArgs {
    pub from: String,
    pub to: String,
    pub format: ExportFormat,
    #[serde(default)]
    #[ts(optional)]
    pub language: Option<Lang>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct VatInputRowView {
    pub treatment: String,
    pub vat_rate: String,
    pub base: String,
    pub vat: String,
    pub recargo: String,
    pub deductible: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct VatInputSummaryView {
    pub from: String,
    pub to: String,
    pub rows: Vec<VatInputRowView>,
    pub base: String,
    pub vat: String,
    pub recargo: String,
    pub deductible: String,
    pub irpf: String,
    pub bills: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PreparePaymentRunArgs {
    /// Pay what is due on or before this day.
    pub until: String,
    /// Only these bills, when given.
    #[serde(default)]
    #[ts(optional)]
    pub bill_ids: Option<Vec<i64>>,
    /// Default: today.
    #[serde(default)]
    #[ts(optional)]
    pub execution_date: Option<String>,
    /// The bank account (572x); default 5720001.
    #[serde(default)]
    #[ts(optional)]
    pub account: Option<String>,
    /// Default: the IBAN of the billing details.
    #[serde(default)]
    #[ts(optional)]
    pub debtor_iban: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RunItemView {
    pub bill_id: i64,
    pub supplier_id: i64,
    pub supplier_name: String,
    pub supplier_number: String,
    pub due_date: String,
    pub amount: String,
    pub end_to_end_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RunSkipView {
    pub bill_id: i64,
    pub supplier_name: String,
    pub supplier_number: String,
    pub amount: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PaymentRunView {
    pub id: i64,
    pub message_id: String,
    pub execution_date: String,
    pub account: String,
    pub debtor_iban: String,
    /// "prepared", "confirmed" or "cancelled".
    pub state: String,
    pub total: String,
    pub items: Vec<RunItemView>,
    pub skipped: Vec<RunSkipView>,
    pub created_at: String,
    pub closed_at: Option<String>,
    pub payment_ids: Vec<i64>,
    /// The SEPA file, ready to save.
    pub file: crate::dto::ExportedFile,
}
