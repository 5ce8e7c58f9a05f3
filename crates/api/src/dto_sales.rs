//! What crosses the wire for customers and the catalogue. Money as decimal strings.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct ListCustomersArgs {
    /// Matched in the legal name, trade name or tax id.
    #[serde(default)]
    #[ts(optional)]
    pub query: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub include_inactive: Option<bool>,
    #[serde(default)]
    #[ts(optional)]
    pub page: Option<u32>,
    #[serde(default)]
    #[ts(optional)]
    pub page_size: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CustomerRow {
    pub id: i64,
    pub legal_name: String,
    pub trade_name: Option<String>,
    pub country: String,
    pub tax_id: String,
    pub city: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub active: bool,
    /// Issued invoices minus payments received.
    pub balance: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CustomerPage {
    pub rows: Vec<CustomerRow>,
    pub total: u64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct ContactDto {
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

/// A customer's details as the form edits them (and the card shows them).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CustomerFields {
    pub legal_name: String,
    pub trade_name: Option<String>,
    /// ISO 3166 alpha-2.
    pub country: String,
    /// Empty only for a consumer (treatment domestic, exempt or export).
    pub tax_id: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    pub province: String,
    pub shipping_address: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Days after the invoice date, 0..365.
    pub payment_days: i64,
    /// Days of the month the customer pays on ("5,20"), or none.
    pub payment_days_of_month: Option<String>,
    /// "domestic" | "recargo" | "exempt" | "intra_eu" | "export".
    pub treatment: String,
    /// "E1".."E6", only (and always) for treatment "exempt".
    pub exemption_cause: Option<String>,
    pub iban: Option<String>,
    /// The customer's own 430 subaccount, if any.
    pub account: Option<String>,
    pub notes: String,
    pub contacts: Vec<ContactDto>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SaveCustomerArgs {
    /// None creates a customer; an id replaces that customer's details and contacts.
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<i64>,
    pub customer: CustomerFields,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CustomerDto {
    pub id: i64,
    pub active: bool,
    pub created_at: String,
    pub fields: CustomerFields,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SetActiveArgs {
    pub id: i64,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct OpenInvoiceRow {
    pub id: i64,
    pub full_number: String,
    pub issue_date: String,
    pub due_date: Option<String>,
    pub total: String,
    pub paid: String,
    pub open: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum HistoryKind {
    Invoice,
    CreditNote,
    Payment,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct HistoryRow {
    pub date: String,
    pub kind: HistoryKind,
    pub id: i64,
    pub reference: String,
    /// Positive for invoices, negative for payments and credit notes.
    pub amount: String,
    /// The balance after this line.
    pub balance: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CustomerCard {
    pub customer: CustomerDto,
    pub open_invoices: Vec<OpenInvoiceRow>,
    pub balance: String,
    pub unapplied: String,
    pub history: Vec<HistoryRow>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ImportCustomersArgs {
    /// CSV text (UTF-8) with a header naming columns of
    /// legal_name,trade_name,country,tax_id,address,postal_code,city,province,email,phone,
    /// payment_days,treatment,exemption_cause,iban,notes (legal_name required).
    pub csv: String,
    /// The file's name, for the change log.
    #[serde(default)]
    #[ts(optional)]
    pub file_name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ImportedCustomers {
    pub imported: u32,
    pub ids: Vec<i64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct ListProductsArgs {
    #[serde(default)]
    #[ts(optional)]
    pub query: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub include_inactive: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ProductDto {
    pub id: i64,
    pub code: String,
    pub description: String,
    pub unit_price: String,
    /// "21" | "10" | "4" | "0" | "E1".."E6".
    pub tax: String,
    pub income_account: Option<String>,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SaveProductArgs {
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<i64>,
    pub code: String,
    pub description: String,
    /// Decimal string, e.g. "12.50".
    pub unit_price: String,
    pub tax: String,
    #[serde(default)]
    #[ts(optional)]
    pub income_account: Option<String>,
}
