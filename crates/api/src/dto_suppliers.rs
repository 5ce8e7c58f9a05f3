//! What crosses the wire for suppliers.

use crate::dto::ContactDto;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct ListSuppliersArgs {
    /// Matched in the legal name, trade name, category or tax id.
    #[serde(default)]
    #[ts(optional)]
    pub query: Option<String>,
    /// "active" or "blocked"; none lists both.
    #[serde(default)]
    #[ts(optional)]
    pub status: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub page: Option<u32>,
    #[serde(default)]
    #[ts(optional)]
    pub page_size: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SupplierRow {
    pub id: i64,
    pub legal_name: String,
    pub trade_name: Option<String>,
    pub country: String,
    pub tax_id: String,
    pub city: String,
    pub category: String,
    /// "active" | "blocked".
    pub status: String,
    pub block_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SupplierPage {
    pub rows: Vec<SupplierRow>,
    pub total: u64,
}

/// A supplier's details as the form edits them (and the card shows them).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SupplierFields {
    pub legal_name: String,
    pub trade_name: Option<String>,
    /// ISO 3166 alpha-2.
    pub country: String,
    pub tax_id: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    pub province: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub iban: Option<String>,
    pub bic: Option<String>,
    /// Days after the bill date, 0..365.
    pub payment_days: i64,
    /// The default expense account (a 6xx leaf), if any.
    pub expense_account: Option<String>,
    /// "deductible" | "recargo" | "intra_eu" | "non_deductible".
    pub vat_treatment: String,
    /// IRPF withheld on a professional's bills, a percentage ("15"), or none.
    pub irpf_pct: Option<String>,
    pub category: String,
    pub notes: String,
    pub contacts: Vec<ContactDto>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SaveSupplierArgs {
    /// None creates a supplier; an id replaces that supplier's details and contacts.
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<i64>,
    pub supplier: SupplierFields,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SupplierDto {
    pub id: i64,
    /// "active" | "blocked".
    pub status: String,
    pub block_reason: Option<String>,
    pub created_at: String,
    pub fields: SupplierFields,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SetSupplierStatusArgs {
    pub id: i64,
    pub blocked: bool,
    /// Required to block.
    #[serde(default)]
    #[ts(optional)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ImportSuppliersArgs {
    /// CSV text (UTF-8) with a header naming columns of `SUPPLIER_CSV_HEADER`
    /// (legal_name required).
    pub csv: String,
    /// The file's name, for the change log.
    #[serde(default)]
    #[ts(optional)]
    pub file_name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ImportedSuppliers {
    pub imported: u32,
    pub ids: Vec<i64>,
}
