//! PDFs the app issues (invoices, credit notes, reminder letters; payslips in pay_runs.rs)
//! archived exactly as issued, in the issuing transaction.

use crate::documents::{
    archive_in, media_type_for, Content, DocumentInput, DocumentSource, FileText, RecordRef,
    TextStatus,
};
use crate::Result;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;

/// A PDF the app issued (an invoice, a credit note, a reminder letter), as printed, to be
/// archived exactly as issued; `text` is what it says when the printer knows it (None: read
/// later).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedFile {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub text: Option<String>,
}

/// Archives a PDF the app issued, in the caller's transaction (source 'issued').
#[allow(clippy::too_many_arguments)]
pub(crate) fn archive_issued_in(
    conn: &Connection,
    file: &IssuedFile,
    category: &str,
    title: &str,
    date: NaiveDate,
    tags: &[&str],
    links: Vec<RecordRef>,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    let input = DocumentInput {
        file_name: file.file_name.clone(),
        media_type: media_type_for(&file.file_name).to_string(),
        category: category.to_string(),
        title: title.to_string(),
        doc_date: date,
        tags: tags.iter().map(|t| t.to_string()).collect(),
        notes: String::new(),
        links,
    };
    archive_in(
        conn,
        &input,
        DocumentSource::Issued,
        Content::Bytes(&file.bytes),
        || match &file.text {
            Some(t) if !t.trim().is_empty() => FileText {
                status: TextStatus::Extracted,
                text: t.clone(),
            },
            _ => FileText {
                status: TextStatus::Pending,
                text: String::new(),
            },
        },
        actor,
        now,
    )
}

impl crate::Company {
    /// The PDF archived when a record was issued (an invoice under Facturas emitidas), as
    /// (document id, bytes); `None` when it was issued before archiving existed.
    pub fn issued_pdf(
        &self,
        record_kind: &str,
        record_id: i64,
        category: &str,
    ) -> Result<Option<(i64, Vec<u8>)>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .prepare_cached(
                "SELECT d.id, b.data FROM document_links l
                 JOIN documents d ON d.id = l.document_id
                 JOIN document_blobs b ON b.sha256 = d.sha256
                 WHERE l.record_kind = ?1 AND l.record_id = ?2 AND d.source = 'issued'
                   AND d.category = ?3
                 ORDER BY d.id LIMIT 1",
            )?
            .query_row(rusqlite::params![record_kind, record_id, category], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?)
    }
}
