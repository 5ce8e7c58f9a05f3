//! What crosses the wire for purchase orders. Money and quantities travel as decimal strings
//! ("12.50", "2.5"), dates as "YYYY-MM-DD".

use crate::dto::Lang;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct ListPurchaseOrdersArgs {
    #[serde(default)]
    #[ts(optional)]
    pub supplier_id: Option<i64>,
    /// "open" | "sent" | "partial" | "received" | "billed" | "cancelled"; none lists all.
    #[serde(default)]
    #[ts(optional)]
    pub state: Option<String>,
    /// Matched in the number, the supplier's name and the lines' descriptions.
    #[serde(default)]
    #[ts(optional)]
    pub query: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PurchaseOrderRowDto {
    pub id: i64,
    pub number: String,
    pub supplier_id: i64,
    pub supplier_name: String,
    pub date: String,
    pub expected_date: Option<String>,
    pub state: String,
    /// Base + VAT.
    pub total: String,
}

/// One line as the form edits it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PurchaseOrderLineFields {
    /// The catalogue product the line was picked from, if any.
    #[serde(default)]
    #[ts(optional)]
    pub product_id: Option<i64>,
    pub description: String,
    /// Above zero, at most three decimals.
    pub quantity: String,
    pub unit_price: String,
    /// "21" | "10" | "4" | "0".
    pub tax: String,
    /// A 6xx or 2xx leaf account; empty takes the supplier's expense account.
    #[serde(default)]
    #[ts(optional)]
    pub account: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PurchaseOrderFields {
    pub supplier_id: i64,
    pub date: String,
    #[serde(default)]
    #[ts(optional)]
    pub expected_date: Option<String>,
    #[serde(default)]
    pub notes: String,
    pub lines: Vec<PurchaseOrderLineFields>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SavePurchaseOrderArgs {
    /// None creates an order; an id replaces an open or sent order nothing was received for.
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<i64>,
    pub order: PurchaseOrderFields,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PurchaseOrderLineDto {
    pub line_no: u32,
    pub product_id: Option<i64>,
    pub description: String,
    pub quantity: String,
    pub unit_price: String,
    pub tax: String,
    pub account: Option<String>,
    pub amount: String,
    pub received: String,
    pub outstanding: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PurchaseTaxDto {
    pub rate: String,
    pub base: String,
    pub vat: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PurchaseReceiptLineDto {
    pub line_no: u32,
    pub quantity: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PurchaseReceiptDto {
    pub id: i64,
    pub date: String,
    pub note: String,
    pub created_at: String,
    pub lines: Vec<PurchaseReceiptLineDto>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PurchaseOrderDto {
    pub id: i64,
    pub number: String,
    pub supplier_id: i64,
    pub supplier_name: String,
    pub supplier_tax_id: String,
    pub date: String,
    pub expected_date: Option<String>,
    /// "open" | "sent" | "partial" | "received" | "billed" | "cancelled".
    pub state: String,
    pub notes: String,
    pub created_at: String,
    pub sent_at: Option<String>,
    pub lines: Vec<PurchaseOrderLineDto>,
    pub taxes: Vec<PurchaseTaxDto>,
    pub base: String,
    pub vat: String,
    pub total: String,
    pub receipts: Vec<PurchaseReceiptDto>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PurchaseOrderPdfArgs {
    pub id: i64,
    /// Default: the company's language.
    #[serde(default)]
    #[ts(optional)]
    pub language: Option<Lang>,
}

/// The PDF sent, and the order as it now stands ('sent').
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SentPurchaseOrder {
    pub order: PurchaseOrderDto,
    pub file: crate::dto::ExportedFile,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReceiveLineArgs {
    pub line_no: u32,
    /// Empty or "0" skips the line.
    pub quantity: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReceivePurchaseOrderArgs {
    pub id: i64,
    pub date: String,
    /// Receive everything outstanding (`lines` is then ignored).
    #[serde(default)]
    pub all: bool,
    #[serde(default)]
    pub lines: Vec<ReceiveLineArgs>,
    /// The delivery note's number or any remark.
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CancelPurchaseOrderArgs {
    pub id: i64,
    #[serde(default)]
    #[ts(optional)]
    pub reason: Option<String>,
}

/// One order line as a supplier bill is prefilled from it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BillingLineDto {
    pub line_no: u32,
    pub product_id: Option<i64>,
    pub description: String,
    pub quantity_ordered: String,
    pub quantity_received: String,
    pub unit_price: String,
    /// "21" | "10" | "4" | "0".
    pub tax: String,
    /// The 6xx/2xx account of the line (the supplier's default when none was chosen).
    pub account: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct OrderForBillingDto {
    pub order_id: i64,
    pub number: String,
    pub supplier_id: i64,
    pub state: String,
    pub lines: Vec<BillingLineDto>,
}
