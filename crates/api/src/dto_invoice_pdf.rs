//! What crosses the wire for invoice PDFs, the company's invoice letterhead (IBAN, e-mail,
//! phone, logo, footer) and an issued invoice's register record.

use crate::dto::Lang;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One invoice's PDF, by id or printed number ("2027-0001").
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct InvoicePdfArgs {
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<i64>,
    #[serde(default)]
    #[ts(optional)]
    pub number: Option<String>,
    /// Default: the company's language.
    #[serde(default)]
    #[ts(optional)]
    pub language: Option<Lang>,
}

/// Several issued invoices in one PDF, each starting on its own page.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct InvoicesPdfArgs {
    pub ids: Vec<i64>,
    #[serde(default)]
    #[ts(optional)]
    pub language: Option<Lang>,
}

/// How far the running batch is (poll while `invoices_pdf` runs).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct InvoicePdfProgress {
    pub active: bool,
    pub done: u64,
    pub total: u64,
}

/// What invoices print besides the company's name, tax id and address (every field given;
/// empty for none).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct InvoiceProfileDto {
    pub iban: String,
    pub email: String,
    pub phone: String,
    pub invoice_footer: String,
    /// PNG or JPEG, base64; empty for none.
    pub logo_base64: String,
}

/// An issued invoice's record in the invoice register.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct InvoiceRegisterInfo {
    /// Absent when the invoice is not (yet) in the register.
    pub position: Option<i64>,
    /// SHA-256, 64 upper-case hex.
    pub fingerprint: Option<String>,
    pub generated_at: Option<String>,
    /// The verification URL its QR code encodes.
    pub qr_url: Option<String>,
}
