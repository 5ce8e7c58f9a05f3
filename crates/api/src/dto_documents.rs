//! What crosses the wire for the documents archive: uploads in chunks, a document with its
//! links, the list, categories, retention, purge and verification.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DocumentUploadBeginArgs {
    pub file_name: String,
    /// Bytes the upload will send, at most the archive's limit (512 MiB).
    pub size: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DocumentUploadBegun {
    pub upload_id: String,
    /// The largest chunk `document_upload_chunk` takes, in bytes (before base64).
    pub max_chunk: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DocumentUploadChunkArgs {
    pub upload_id: String,
    /// Where this chunk goes: the bytes received so far.
    pub offset: i64,
    /// At most 8 MiB of bytes, base64.
    pub content_base64: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DocumentUploadReceived {
    /// Bytes received so far.
    pub received: i64,
}

/// A record a document is (to be) linked to: `kind` is entry, invoice, bill, customer,
/// supplier, employee, contract, purchase_order, pay_run, payslip or correspondence.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RecordRefDto {
    pub kind: String,
    pub id: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DocumentUploadFinishArgs {
    pub upload_id: String,
    /// A category code (see `document_categories`).
    pub category: String,
    /// The file name when empty.
    #[serde(default)]
    pub title: String,
    /// YYYY-MM-DD; today when empty.
    #[serde(default)]
    pub doc_date: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub links: Vec<RecordRefDto>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DocumentUploadIdArgs {
    pub upload_id: String,
}

/// A file on this machine added to the archive (the CLI, tests).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DocumentAddPathArgs {
    pub path: String,
    /// 'otros' when not given.
    #[serde(default)]
    #[ts(optional)]
    pub category: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub title: Option<String>,
    /// YYYY-MM-DD; today when not given.
    #[serde(default)]
    #[ts(optional)]
    pub doc_date: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub tags: Option<Vec<String>>,
    #[serde(default)]
    #[ts(optional)]
    pub notes: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub links: Option<Vec<RecordRefDto>>,
}

/// A link with a human name for its record ('F-2026-0012 · Cliente SL', 'Nómina 2026-01 Ana
/// Pérez', '2026/15 Compra de material').
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DocumentLinkDto {
    pub kind: String,
    pub id: i64,
    pub label: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DocumentDto {
    pub id: i64,
    pub sha256: String,
    pub size: i64,
    pub file_name: String,
    pub media_type: String,
    pub category: String,
    pub category_name: String,
    pub title: String,
    /// YYYY-MM-DD.
    pub doc_date: String,
    pub tags: Vec<String>,
    pub notes: String,
    /// 'upload', 'issued' (a PDF the app issued, exactly as issued) or 'mail'.
    pub source: String,
    /// 'extracted', 'none' (no text to look for), 'failed' (a PDF whose text could not be
    /// read) or 'pending' (read when the company is next opened).
    pub text_status: String,
    pub links: Vec<DocumentLinkDto>,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DocumentContentArgs {
    // `id` last: a JSON array ([1, 2]) must not pass for these arguments.
    /// Default 0.
    #[serde(default)]
    #[ts(optional)]
    pub offset: Option<i64>,
    /// At most (and by default) 8 MiB.
    #[serde(default)]
    #[ts(optional)]
    pub length: Option<i64>,
    pub id: i64,
}

/// A piece of a document's bytes.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DocumentContent {
    pub content_base64: String,
    pub offset: i64,
    /// The whole document's size.
    pub size: i64,
    pub media_type: String,
    pub file_name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, Default)]
#[serde(deny_unknown_fields)]
pub struct DocumentListArgs {
    #[serde(default)]
    #[ts(optional)]
    pub category: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub tag: Option<String>,
    /// 'upload', 'issued' or 'mail'.
    #[serde(default)]
    #[ts(optional)]
    pub source: Option<String>,
    /// YYYY-MM-DD, inclusive.
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
    /// Part of the title or the file name.
    #[serde(default)]
    #[ts(optional)]
    pub q: Option<String>,
    /// With `record_id`: only the documents linked to that record.
    #[serde(default)]
    #[ts(optional)]
    pub record_kind: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub record_id: Option<i64>,
    /// 0-based; default 0.
    #[serde(default)]
    #[ts(optional)]
    pub page: Option<i64>,
    /// 1..500; default 50.
    #[serde(default)]
    #[ts(optional)]
    pub page_size: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DocumentRowDto {
    pub id: i64,
    pub title: String,
    pub file_name: String,
    pub media_type: String,
    pub size: i64,
    pub category: String,
    pub category_name: String,
    pub doc_date: String,
    pub tags: Vec<String>,
    pub source: String,
    pub text_status: String,
    pub link_count: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DocumentListPage {
    pub rows: Vec<DocumentRowDto>,
    /// Every document the filter matches.
    pub total: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RecordDocumentsArgs {
    pub kind: String,
    pub id: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DocumentUpdateArgs {
    pub id: i64,
    pub category: String,
    /// The file name when empty.
    pub title: String,
    /// YYYY-MM-DD.
    pub doc_date: String,
    pub tags: Vec<String>,
    pub notes: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DocumentLinkArgs {
    pub id: i64,
    pub kind: String,
    pub record_id: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DocumentCategoryDto {
    pub code: String,
    pub name: String,
    pub retention_years: i64,
    /// 'year_end' (counted from the close of the document's year) or 'date' (from its date).
    pub retention_basis: String,
    pub retention_note: String,
    pub document_count: i64,
    pub builtin: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DocumentCategorySaveArgs {
    /// Lower-case letters, digits and '_'; an existing code edits that category (a code
    /// never changes).
    pub code: String,
    pub name: String,
    /// 0..100; 0: no retention (purgeable at any time).
    pub retention_years: i64,
    pub retention_basis: String,
    #[serde(default)]
    pub retention_note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DocumentRetentionArgs {
    /// YYYY-MM-DD; today when not given.
    #[serde(default)]
    #[ts(optional)]
    pub as_of: Option<String>,
}

/// A document past its retention period (it may be purged).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DocumentRetentionRow {
    pub id: i64,
    pub title: String,
    pub category: String,
    pub category_name: String,
    pub doc_date: String,
    /// The last day it had to be kept; null when its category keeps nothing (0 years).
    pub retention_end: Option<String>,
    pub size: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DocumentPurgeArgs {
    pub ids: Vec<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DocumentPurged {
    pub deleted: i64,
    /// Bytes of contents no document uses any more, deleted with them.
    pub freed_bytes: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DocumentVerifyFailure {
    pub id: i64,
    pub title: String,
    pub expected_sha256: String,
    pub actual_sha256: String,
    pub expected_size: i64,
    pub actual_size: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DocumentsVerified {
    /// Contents checked (each stored once, however many documents hold it).
    pub checked: i64,
    pub bytes: i64,
    pub failures: Vec<DocumentVerifyFailure>,
}
