//! Documents: files kept inside the company file, once per content (SHA-256), catalogued in
//! the archive (category, title, date, tags, notes) and linked to records.
//!
//! Why inside the company file (see ARCHITECTURE.md): a backup of the company is one file and
//! carries every document; the company's encryption covers them; attaching a file is part of
//! the user's one transaction (the invoice issued and its PDF archived commit together or not
//! at all); and the database refuses to change a stored content (`document_blobs_no_update`).
//!
//! Rules (checked here, every problem naming its field):
//! - a file holds at most [`MAX_DOCUMENT_BYTES`]; an empty file is refused;
//! - the same content is stored once: a second document with it shares its blob;
//! - a document has a file name, a title (the file name when not given), a date and a
//!   category that exists; tags are normalised to lower case, trimmed, without commas,
//!   at most [`MAX_TAGS`] of at most [`MAX_TAG_CHARS`] characters;
//! - a document's content and origin never change; its metadata may;
//! - every change is one IMMEDIATE transaction with one audit record.
//!
//! The text inside a file (for the search) is read by the caller (the api reads PDFs): the
//! store asks for it only when the content is new.

use crate::audit::{self, Change};
use crate::{Company, Result, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::Path;
use trastienda_core::{Problem, ProblemCode};

/// The largest file the archive takes: 512 MiB (the issue asks for at least 100 MB; SQLite
/// holds a value of up to 1 GB).
pub const MAX_DOCUMENT_BYTES: u64 = 512 * 1024 * 1024;
pub const MAX_TAGS: usize = 20;
pub const MAX_TAG_CHARS: usize = 40;
pub const MAX_TITLE_CHARS: usize = 300;
pub const MAX_NOTES_CHARS: usize = 10_000;

/// The records a document may be linked to (the tables they name).
pub const RECORD_KINDS: &[&str] = &[
    "entry",
    "invoice",
    "bill",
    "customer",
    "supplier",
    "employee",
    "contract",
    "purchase_order",
    "pay_run",
    "payslip",
    "correspondence",
];

/// Where a document came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentSource {
    /// Added by the user.
    Upload,
    /// A PDF the app issued, archived exactly as issued.
    Issued,
    /// An e-mail's attachment.
    Mail,
}

impl DocumentSource {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentSource::Upload => "upload",
            DocumentSource::Issued => "issued",
            DocumentSource::Mail => "mail",
        }
    }
}

/// Whether text was found in a file (for the search).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextStatus {
    Extracted,
    /// A kind of file with no text to look for.
    None,
    /// A PDF whose text could not be extracted.
    Failed,
    /// Not read yet.
    Pending,
}

impl TextStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TextStatus::Extracted => "extracted",
            TextStatus::None => "none",
            TextStatus::Failed => "failed",
            TextStatus::Pending => "pending",
        }
    }
    pub fn parse(s: &str) -> TextStatus {
        match s {
            "extracted" => TextStatus::Extracted,
            "failed" => TextStatus::Failed,
            "pending" => TextStatus::Pending,
            _ => TextStatus::None,
        }
    }
}

/// The text found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileText {
    pub status: TextStatus,
    pub text: String,
}

/// A file's bytes: in memory (a PDF just rendered) or in a file streamed in pieces (an upload
/// of hundreds of megabytes is never held in memory whole).
#[derive(Debug, Clone, Copy)]
pub enum Content<'a> {
    Bytes(&'a [u8]),
    File(&'a Path),
}

/// A record a document is linked to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RecordRef {
    pub kind: String,
    pub id: i64,
}

impl RecordRef {
    pub fn new(kind: &str, id: i64) -> RecordRef {
        RecordRef {
            kind: kind.to_string(),
            id,
        }
    }
}

/// A document as the user describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentInput {
    pub file_name: String,
    /// Guessed from the file name when empty.
    pub media_type: String,
    pub category: String,
    /// The file name when empty.
    pub title: String,
    pub doc_date: NaiveDate,
    pub tags: Vec<String>,
    pub notes: String,
    pub links: Vec<RecordRef>,
}

/// A document of the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRecord {
    pub id: i64,
    pub sha256: String,
    pub size: i64,
    pub file_name: String,
    pub media_type: String,
    pub category: String,
    pub title: String,
    pub doc_date: NaiveDate,
    pub tags: Vec<String>,
    pub notes: String,
    pub source: String,
    pub text_status: TextStatus,
    pub links: Vec<RecordRef>,
    pub created_at: String,
}

fn invalid(code: ProblemCode, field: &str, msg: impl Into<String>) -> StoreError {
    StoreError::Invalid(vec![Problem::new(code, msg).field(field)])
}

/// The media type for a file name's extension ('application/octet-stream' when unknown).
pub fn media_type_for(file_name: &str) -> &'static str {
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "tif" | "tiff" => "image/tiff",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "xml" => "application/xml",
        "html" | "htm" => "text/html",
        "eml" => "message/rfc822",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// Tags as stored: lower case, trimmed, deduplicated, each between commas.
pub fn normalise_tags(tags: &[String]) -> Result<String> {
    let mut out: Vec<String> = Vec::new();
    for t in tags {
        let t = t.trim().to_lowercase();
        if t.is_empty() {
            continue;
        }
        if t.contains(',') {
            return Err(invalid(
                ProblemCode::InvalidCode,
                "tags",
                format!("the tag '{t}' contains a comma; give each tag on its own"),
            ));
        }
        if t.chars().count() > MAX_TAG_CHARS {
            return Err(invalid(
                ProblemCode::OutOfRange,
                "tags",
                format!("the tag '{t}' is longer than {MAX_TAG_CHARS} characters"),
            ));
        }
        if !out.contains(&t) {
            out.push(t);
        }
    }
    if out.len() > MAX_TAGS {
        return Err(invalid(
            ProblemCode::OutOfRange,
            "tags",
            format!("a document has at most {MAX_TAGS} tags"),
        ));
    }
    Ok(if out.is_empty() {
        String::new()
    } else {
        format!(",{},", out.join(","))
    })
}

fn split_tags(stored: &str) -> Vec<String> {
    stored
        .split(',')
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// Checks a document's description against the categories and record kinds.
fn check_input(conn: &Connection, input: &DocumentInput) -> Result<()> {
    let mut problems = Vec::new();
    if input.file_name.trim().is_empty() {
        problems
            .push(Problem::new(ProblemCode::Required, "the file has no name").field("file_name"));
    }
    if input.title.chars().count() > MAX_TITLE_CHARS {
        problems.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!("the title is longer than {MAX_TITLE_CHARS} characters"),
            )
            .field("title"),
        );
    }
    if input.notes.chars().count() > MAX_NOTES_CHARS {
        problems.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!("the notes are longer than {MAX_NOTES_CHARS} characters"),
            )
            .field("notes"),
        );
    }
    let known: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM document_categories WHERE code = ?1)")?
        .query_row([&input.category], |r| r.get(0))?;
    if !known {
        problems.push(
            Problem::new(
                ProblemCode::NotFound,
                format!("there is no document category '{}'", input.category),
            )
            .field("category"),
        );
    }
    for l in &input.links {
        if !RECORD_KINDS.contains(&l.kind.as_str()) {
            problems.push(
                Problem::new(
                    ProblemCode::NotFound,
                    format!(
                        "a document cannot be linked to a '{}' (one of: {})",
                        l.kind,
                        RECORD_KINDS.join(", ")
                    ),
                )
                .field("links"),
            );
        } else if !record_exists(conn, l)? {
            problems.push(
                Problem::new(
                    ProblemCode::NotFound,
                    format!("there is no {} {}", l.kind, l.id),
                )
                .field("links"),
            );
        }
    }
    if let Err(StoreError::Invalid(p)) = normalise_tags(&input.tags) {
        problems.extend(p);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(problems))
    }
}

fn record_table(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "entry" => "entries",
        "invoice" => "invoices",
        "bill" => "bills",
        "customer" => "customers",
        "supplier" => "suppliers",
        "employee" => "employees",
        "contract" => "supplier_contracts",
        "purchase_order" => "purchase_orders",
        "pay_run" => "pay_runs",
        "payslip" => "payslips",
        "correspondence" => "correspondence",
        _ => return None,
    })
}

fn record_exists(conn: &Connection, r: &RecordRef) -> Result<bool> {
    let Some(table) = record_table(&r.kind) else {
        return Ok(false);
    };
    // A table added by a later migration may not exist yet in an old file.
    let sql = format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)");
    match conn.prepare_cached(&sql) {
        Ok(mut st) => Ok(st.query_row([r.id], |row| row.get(0))?),
        Err(_) => Ok(false),
    }
}

/// The SHA-256 (lower-case hex) and size of a content, streamed for a file.
pub fn hash_content(content: Content<'_>) -> Result<(String, u64)> {
    let mut h = Sha256::new();
    let size = match content {
        Content::Bytes(b) => {
            h.update(b);
            b.len() as u64
        }
        Content::File(p) => {
            let mut f = std::fs::File::open(p)
                .map_err(|e| StoreError::Io(format!("cannot read {}: {e}", p.display())))?;
            let mut buf = vec![0u8; 1 << 20];
            let mut size = 0u64;
            loop {
                let n = f
                    .read(&mut buf)
                    .map_err(|e| StoreError::Io(format!("cannot read {}: {e}", p.display())))?;
                if n == 0 {
                    break;
                }
                h.update(&buf[..n]);
                size += n as u64;
            }
            size
        }
    };
    Ok((crate::migrate::hex(&h.finalize()), size))
}

/// Stores a content unless it is there already; `text` is asked only for a new one. Returns
/// the content's SHA-256 and size.
pub(crate) fn put_blob_in(
    conn: &Connection,
    content: Content<'_>,
    text: impl FnOnce() -> FileText,
    now: DateTime<Utc>,
) -> Result<(String, u64)> {
    let (sha, size) = hash_content(content)?;
    if size == 0 {
        return Err(invalid(ProblemCode::Required, "file", "the file is empty"));
    }
    if size > MAX_DOCUMENT_BYTES {
        return Err(invalid(
            ProblemCode::OutOfRange,
            "file",
            format!(
                "the file has {} MB; the archive takes files of up to {} MB",
                size.div_ceil(1024 * 1024),
                MAX_DOCUMENT_BYTES / (1024 * 1024)
            ),
        ));
    }
    let exists: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM document_blobs WHERE sha256 = ?1)")?
        .query_row([&sha], |r| r.get(0))?;
    if exists {
        return Ok((sha, size));
    }
    let t = text();
    conn.prepare_cached(
        "INSERT INTO document_blobs (sha256, size, data, text_status, text, created_at)
         VALUES (?1, ?2, zeroblob(?2), ?3, ?4, ?5)",
    )?
    .execute(params![
        sha,
        size as i64,
        t.status.as_str(),
        t.text,
        now.to_rfc3339()
    ])?;
    let rowid = conn.last_insert_rowid();
    let mut blob = conn.blob_open("main", "document_blobs", "data", rowid, false)?;
    match content {
        Content::Bytes(b) => blob
            .write_all(b)
            .map_err(|e| StoreError::Io(format!("cannot store the file: {e}")))?,
        Content::File(p) => {
            let mut f = std::fs::File::open(p)
                .map_err(|e| StoreError::Io(format!("cannot read {}: {e}", p.display())))?;
            let copied = std::io::copy(&mut f, &mut blob)
                .map_err(|e| StoreError::Io(format!("cannot store {}: {e}", p.display())))?;
            if copied != size {
                return Err(StoreError::Io(format!(
                    "{} changed while it was being stored; try again",
                    p.display()
                )));
            }
        }
    }
    blob.close()?;
    Ok((sha, size))
}

/// Archives a document in the caller's transaction: its content (once), its row, its links
/// and one audit record. Returns its id.
pub(crate) fn archive_in(
    conn: &Connection,
    input: &DocumentInput,
    source: DocumentSource,
    content: Content<'_>,
    text: impl FnOnce() -> FileText,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    check_input(conn, input)?;
    let tags = normalise_tags(&input.tags)?;
    let (sha, size) = put_blob_in(conn, content, text, now)?;
    let media_type = if input.media_type.trim().is_empty() {
        media_type_for(&input.file_name).to_string()
    } else {
        input.media_type.trim().to_string()
    };
    let title = if input.title.trim().is_empty() {
        input.file_name.trim()
    } else {
        input.title.trim()
    };
    conn.prepare_cached(
        "INSERT INTO documents (sha256, file_name, media_type, category, title, doc_date, tags,
                                notes, source, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        sha,
        input.file_name.trim(),
        media_type,
        input.category,
        title,
        input.doc_date.to_string(),
        tags,
        input.notes,
        source.as_str(),
        now.to_rfc3339()
    ])?;
    let id = conn.last_insert_rowid();
    for l in &input.links {
        conn.prepare_cached(
            "INSERT OR IGNORE INTO document_links (document_id, record_kind, record_id, fixed,
                                                   created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            id,
            l.kind,
            l.id,
            source == DocumentSource::Issued,
            now.to_rfc3339()
        ])?;
    }
    let links: Vec<String> = input
        .links
        .iter()
        .map(|l| format!("{}:{}", l.kind, l.id))
        .collect();
    audit::append(
        conn,
        now,
        actor,
        &Change {
            record: &format!("document:{id}"),
            action: "archive",
            after: Some(&format!(
                "{} '{}' ({} bytes, sha256 {sha}, {}){}",
                source.as_str(),
                input.file_name.trim(),
                size,
                input.category,
                if links.is_empty() {
                    String::new()
                } else {
                    format!(" on {}", links.join(", "))
                }
            )),
            ..Change::default()
        },
    )?;
    Ok(id)
}

pub(crate) fn read_document(conn: &Connection, id: i64) -> Result<DocumentRecord> {
    let rec = conn
        .prepare_cached(
            "SELECT d.id, d.sha256, b.size, d.file_name, d.media_type, d.category, d.title,
                    d.doc_date, d.tags, d.notes, d.source, b.text_status, d.created_at
             FROM documents d JOIN document_blobs b ON b.sha256 = d.sha256 WHERE d.id = ?1",
        )?
        .query_row([id], |r| {
            Ok(DocumentRecord {
                id: r.get(0)?,
                sha256: r.get(1)?,
                size: r.get(2)?,
                file_name: r.get(3)?,
                media_type: r.get(4)?,
                category: r.get(5)?,
                title: r.get(6)?,
                doc_date: crate::journal::parse_date(&r.get::<_, String>(7)?, 7)?,
                tags: split_tags(&r.get::<_, String>(8)?),
                notes: r.get(9)?,
                source: r.get(10)?,
                text_status: TextStatus::parse(&r.get::<_, String>(11)?),
                links: Vec::new(),
                created_at: r.get(12)?,
            })
        })
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("document {id}")))?;
    let links = conn
        .prepare_cached(
            "SELECT record_kind, record_id FROM document_links WHERE document_id = ?1
             ORDER BY record_kind, record_id",
        )?
        .query_map([id], |r| {
            Ok(RecordRef {
                kind: r.get(0)?,
                id: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(DocumentRecord { links, ..rec })
}

impl Company {
    /// Adds a document to the archive (and to the records it names), in one transaction.
    /// `text` reads the text inside the file; it is called only when the content is new.
    pub fn add_document(
        &mut self,
        input: &DocumentInput,
        content: Content<'_>,
        text: impl FnOnce() -> FileText,
        now: DateTime<Utc>,
    ) -> Result<DocumentRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = archive_in(
            &tx,
            input,
            DocumentSource::Upload,
            content,
            text,
            &self.actor,
            now,
        )?;
        let rec = read_document(&tx, id)?;
        tx.commit()?;
        Ok(rec)
    }

    pub fn document(&self, id: i64) -> Result<DocumentRecord> {
        read_document(&self.conn, id)
    }

    /// Whether a content is already stored (the same file attached twice is stored once).
    pub fn has_document_content(&self, sha256: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM document_blobs WHERE sha256 = ?1)")?
            .query_row([sha256], |r| r.get(0))?)
    }

    /// A document's bytes, whole.
    pub fn document_content(&self, id: i64) -> Result<Vec<u8>> {
        self.conn
            .prepare_cached(
                "SELECT b.data FROM documents d JOIN document_blobs b ON b.sha256 = d.sha256
                 WHERE d.id = ?1",
            )?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("document {id}")))
    }

    /// Up to `len` bytes of a document from `offset` (a large file is read in pieces).
    pub fn document_content_range(&self, id: i64, offset: u64, len: usize) -> Result<Vec<u8>> {
        let rowid: i64 = self
            .conn
            .prepare_cached(
                "SELECT b.rowid FROM documents d JOIN document_blobs b ON b.sha256 = d.sha256
                 WHERE d.id = ?1",
            )?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("document {id}")))?;
        let blob = self
            .conn
            .blob_open("main", "document_blobs", "data", rowid, true)?;
        let size = blob.len() as u64;
        if offset >= size {
            return Ok(Vec::new());
        }
        let n = len.min((size - offset) as usize);
        let mut buf = vec![0u8; n];
        blob.read_at_exact(&mut buf, offset as usize)?;
        Ok(buf)
    }

    /// The documents linked to a record, newest first.
    pub fn record_documents(&self, kind: &str, id: i64) -> Result<Vec<DocumentRecord>> {
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(
                "SELECT d.id FROM document_links l JOIN documents d ON d.id = l.document_id
                 WHERE l.record_kind = ?1 AND l.record_id = ?2
                 ORDER BY d.doc_date DESC, d.id DESC",
            )?
            .query_map(params![kind, id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .map(|id| read_document(&self.conn, id))
            .collect()
    }

    /// The contents whose text was not read yet (moved in by a migration), as
    /// (sha256, media type of a document holding it).
    pub fn pending_document_texts(&self, limit: usize) -> Result<Vec<(String, String)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT b.sha256, (SELECT media_type FROM documents d WHERE d.sha256 = b.sha256
                                   LIMIT 1)
                 FROM document_blobs b WHERE b.text_status = 'pending' LIMIT ?1",
            )?
            .query_map([limit as i64], |r| {
                Ok((
                    r.get(0)?,
                    r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                ))
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The bytes of a stored content.
    pub fn blob_content(&self, sha256: &str) -> Result<Vec<u8>> {
        self.conn
            .prepare_cached("SELECT data FROM document_blobs WHERE sha256 = ?1")?
            .query_row([sha256], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("content {sha256}")))
    }

    /// Records the text read from a pending content (the index follows by trigger).
    pub fn set_document_text(&mut self, sha256: &str, text: &FileText) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE document_blobs SET text_status = ?2, text = ?3 WHERE sha256 = ?1",
            )?
            .execute(params![sha256, text.status.as_str(), text.text])?;
        Ok(())
    }
}

// ---- the archive: list, metadata, links, categories, retention, purge, verify ----

/// Which documents a list shows; every field narrows it. Newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentFilter {
    pub category: Option<String>,
    pub tag: Option<String>,
    /// 'upload', 'issued' or 'mail'.
    pub source: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Part of the title or the file name, or words (accents and case folded) of the title,
    /// file name, tags, notes or the text inside the file.
    pub q: Option<String>,
    /// Only the documents linked to this record.
    pub record: Option<RecordRef>,
    /// 0-based.
    pub page: u32,
    /// 1..=500; 0 means 50.
    pub page_size: u32,
}

/// A document as the archive's list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRow {
    pub id: i64,
    pub title: String,
    pub file_name: String,
    pub media_type: String,
    pub size: i64,
    pub category: String,
    pub category_name: String,
    pub doc_date: NaiveDate,
    pub tags: Vec<String>,
    pub source: String,
    pub text_status: TextStatus,
    pub link_count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentPage {
    pub rows: Vec<DocumentRow>,
    /// Every document the filter matches, over all pages.
    pub total: i64,
}

/// What the user may change of a document (never its content or origin).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentMeta {
    pub category: String,
    pub title: String,
    pub doc_date: NaiveDate,
    pub tags: Vec<String>,
    pub notes: String,
}

/// A category of the archive with its retention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentCategory {
    pub code: String,
    pub name: String,
    pub retention_years: i64,
    /// 'year_end' (from the close of the document's year) or 'date' (from its date).
    pub retention_basis: String,
    pub retention_note: String,
    pub document_count: i64,
    pub builtin: bool,
}

/// A category as the user saves it; an existing code is edited (a code never changes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryInput {
    pub code: String,
    pub name: String,
    pub retention_years: i64,
    pub retention_basis: String,
    pub retention_note: String,
}

/// A document past its retention period, which may be purged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionRow {
    pub id: i64,
    pub title: String,
    pub category: String,
    pub category_name: String,
    pub doc_date: NaiveDate,
    /// The last day it must be kept; None when its category keeps nothing (0 years).
    pub retention_end: Option<NaiveDate>,
    pub size: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PurgeResult {
    pub deleted: u64,
    /// Bytes of the contents no document uses any more, deleted with them.
    pub freed_bytes: u64,
}

/// A document whose stored content does not match its hash or size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyFailure {
    pub id: i64,
    pub title: String,
    pub expected_sha256: String,
    pub actual_sha256: String,
    pub expected_size: i64,
    pub actual_size: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VerifyReport {
    /// Contents checked (each stored once, however many documents hold it).
    pub checked: u64,
    pub bytes: u64,
    pub failures: Vec<VerifyFailure>,
}

pub const MAX_PAGE_SIZE: u32 = 500;
pub const MAX_CATEGORY_CODE_CHARS: usize = 40;
pub const MAX_CATEGORY_NAME_CHARS: usize = 100;
pub const MAX_RETENTION_YEARS: i64 = 100;

/// The last day a document must be kept: `years` after the close of its year ('year_end') or
/// after its date ('date'); None when `years` is 0 (nothing to keep).
pub fn retention_end(doc_date: NaiveDate, years: i64, basis: &str) -> Option<NaiveDate> {
    use chrono::{Datelike, Months};
    if years <= 0 {
        return None;
    }
    if basis == "date" {
        doc_date.checked_add_months(Months::new(12 * years as u32))
    } else {
        NaiveDate::from_ymd_opt(doc_date.year() + years as i32, 12, 31)
    }
}

fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('%');
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// A human name for a record a document is linked to ('kind id' when it is gone).
pub(crate) fn record_label(conn: &Connection, r: &RecordRef) -> Result<String> {
    let sql = match r.kind.as_str() {
        "customer" => "SELECT legal_name FROM customers WHERE id = ?1",
        "supplier" => "SELECT legal_name FROM suppliers WHERE id = ?1",
        "employee" => "SELECT name FROM employees WHERE id = ?1",
        "invoice" => {
            "SELECT coalesce(i.full_number, 'Borrador ' || i.id) || ' · ' ||
                    coalesce(i.customer_name, c.legal_name, '')
             FROM invoices i LEFT JOIN customers c ON c.id = i.customer_id WHERE i.id = ?1"
        }
        "bill" => {
            "SELECT CASE WHEN supplier_number <> '' THEN supplier_number ELSE description END
                    || ' · ' || supplier_name FROM bills WHERE id = ?1"
        }
        "entry" => {
            "SELECT fiscal_year || '/' || number || ' ' || description FROM entries WHERE id = ?1"
        }
        "contract" => {
            "SELECT k.subject || ' · ' || s.legal_name FROM supplier_contracts k
             JOIN suppliers s ON s.id = k.supplier_id WHERE k.id = ?1"
        }
        "purchase_order" => {
            "SELECT o.number || ' · ' || s.legal_name FROM purchase_orders o
             JOIN suppliers s ON s.id = o.supplier_id WHERE o.id = ?1"
        }
        "pay_run" => "SELECT 'Nóminas ' || month FROM pay_runs WHERE id = ?1",
        "payslip" => {
            "SELECT 'Nómina ' || substr(period_end, 1, 7) || ' ' || employee_name
             FROM payslips WHERE id = ?1"
        }
        "correspondence" => "SELECT subject FROM correspondence WHERE id = ?1",
        _ => "",
    };
    let fallback = format!("{} {}", r.kind, r.id);
    if sql.is_empty() {
        return Ok(fallback);
    }
    // A table added by a later migration (correspondence) may not exist in an old file.
    let Ok(mut st) = conn.prepare_cached(sql) else {
        return Ok(fallback);
    };
    Ok(st
        .query_row([r.id], |row| row.get::<_, Option<String>>(0))
        .optional()?
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or(fallback))
}

fn meta_text(m: &DocumentMeta, tags: &str) -> String {
    format!(
        "{} '{}' {} tags '{}' notes '{}'",
        m.category, m.title, m.doc_date, tags, m.notes
    )
}

fn check_category(input: &CategoryInput, creating: bool) -> Vec<Problem> {
    let mut p = Vec::new();
    let code = input.code.trim();
    if code.is_empty() {
        p.push(Problem::new(ProblemCode::Required, "a category needs a code").field("code"));
    } else if creating
        && (code.chars().count() > MAX_CATEGORY_CODE_CHARS
            || !code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
    {
        p.push(
            Problem::new(
                ProblemCode::InvalidCode,
                format!(
                    "the code '{code}' may hold only lower-case letters a-z, digits and '_' \
                     (at most {MAX_CATEGORY_CODE_CHARS})"
                ),
            )
            .field("code"),
        );
    }
    let name = input.name.trim();
    if name.is_empty() {
        p.push(Problem::new(ProblemCode::Required, "a category needs a name").field("name"));
    } else if name.chars().count() > MAX_CATEGORY_NAME_CHARS {
        p.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!("the name is longer than {MAX_CATEGORY_NAME_CHARS} characters"),
            )
            .field("name"),
        );
    }
    if !(0..=MAX_RETENTION_YEARS).contains(&input.retention_years) {
        p.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!(
                    "a retention of {} years is not between 0 and {MAX_RETENTION_YEARS}",
                    input.retention_years
                ),
            )
            .field("retention_years")
            .param("value", input.retention_years),
        );
    }
    if !matches!(input.retention_basis.as_str(), "year_end" | "date") {
        p.push(
            Problem::new(
                ProblemCode::InvalidCode,
                format!(
                    "the retention counts from 'year_end' (the close of the document's year) \
                     or 'date' (its date), not '{}'",
                    input.retention_basis
                ),
            )
            .field("retention_basis"),
        );
    }
    if input.retention_note.chars().count() > 500 {
        p.push(
            Problem::new(
                ProblemCode::OutOfRange,
                "the note is longer than 500 characters",
            )
            .field("retention_note"),
        );
    }
    p
}

fn read_categories(conn: &Connection) -> Result<Vec<DocumentCategory>> {
    Ok(conn
        .prepare_cached(
            "SELECT c.code, c.name, c.retention_years, c.retention_basis, c.retention_note,
                    (SELECT count(*) FROM documents d WHERE d.category = c.code), c.builtin
             FROM document_categories c ORDER BY c.position, c.name, c.code",
        )?
        .query_map([], |r| {
            Ok(DocumentCategory {
                code: r.get(0)?,
                name: r.get(1)?,
                retention_years: r.get(2)?,
                retention_basis: r.get(3)?,
                retention_note: r.get(4)?,
                document_count: r.get(5)?,
                builtin: r.get::<_, i64>(6)? != 0,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// The documents (id, title, category, category name, date, size, retention end) among `ids`
/// or all of them.
fn retention_rows(conn: &Connection, ids: Option<&[i64]>) -> Result<Vec<(RetentionRow, i64)>> {
    let map = |r: &rusqlite::Row<'_>| -> rusqlite::Result<(RetentionRow, i64, String)> {
        let doc_date = crate::journal::parse_date(&r.get::<_, String>(4)?, 4)?;
        Ok((
            RetentionRow {
                id: r.get(0)?,
                title: r.get(1)?,
                category: r.get(2)?,
                category_name: r.get(3)?,
                doc_date,
                retention_end: None,
                size: r.get(5)?,
            },
            r.get(6)?,
            r.get(7)?,
        ))
    };
    let sql = "SELECT d.id, d.title, d.category, c.name, d.doc_date, b.size, c.retention_years,
                      c.retention_basis
               FROM documents d JOIN document_categories c ON c.code = d.category
               JOIN document_blobs b ON b.sha256 = d.sha256";
    let raw: Vec<(RetentionRow, i64, String)> = match ids {
        None => conn
            .prepare_cached(&format!("{sql} ORDER BY d.doc_date, d.id"))?
            .query_map([], map)?
            .collect::<rusqlite::Result<_>>()?,
        Some(ids) => {
            let mut st = conn.prepare_cached(&format!("{sql} WHERE d.id = ?1"))?;
            let mut out = Vec::new();
            for id in ids {
                match st.query_row([id], map).optional()? {
                    Some(r) => out.push(r),
                    None => return Err(StoreError::NotFound(format!("document {id}"))),
                }
            }
            out
        }
    };
    Ok(raw
        .into_iter()
        .map(|(mut row, years, basis)| {
            row.retention_end = retention_end(row.doc_date, years, &basis);
            (row, years)
        })
        .collect())
}

impl Company {
    /// A page of the archive, newest first, with the number of documents the filter matches.
    pub fn documents(&self, f: &DocumentFilter) -> Result<DocumentPage> {
        let mut cond: Vec<String> = Vec::new();
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        let mut arg = |v: rusqlite::types::Value| {
            args.push(v);
            format!("?{}", args.len())
        };
        use rusqlite::types::Value as V;
        if let Some(c) = f.category.as_deref().filter(|s| !s.trim().is_empty()) {
            cond.push(format!("d.category = {}", arg(V::Text(c.trim().into()))));
        }
        if let Some(t) = f.tag.as_deref().filter(|s| !s.trim().is_empty()) {
            let t = t.trim().to_lowercase();
            cond.push(format!(
                "d.tags LIKE {} ESCAPE '\\'",
                arg(V::Text(like_escape(&format!(",{t},"))))
            ));
        }
        if let Some(s) = f.source.as_deref().filter(|s| !s.trim().is_empty()) {
            cond.push(format!("d.source = {}", arg(V::Text(s.trim().into()))));
        }
        if let Some(d) = f.from {
            cond.push(format!("d.doc_date >= {}", arg(V::Text(d.to_string()))));
        }
        if let Some(d) = f.to {
            cond.push(format!("d.doc_date <= {}", arg(V::Text(d.to_string()))));
        }
        if let Some(q) = f.q.as_deref().filter(|s| !s.trim().is_empty()) {
            let p = arg(V::Text(like_escape(q.trim())));
            // Part of the title or file name as typed, or the words (accents and case folded,
            // the last as a prefix) in the search index: title, file name, tags, notes and
            // the text inside the file.
            let words = crate::search::fts_query(q.trim());
            if words.is_empty() {
                cond.push(format!(
                    "(d.title LIKE {p} ESCAPE '\\' OR d.file_name LIKE {p} ESCAPE '\\')"
                ));
            } else {
                let m = arg(V::Text(words));
                cond.push(format!(
                    "(d.title LIKE {p} ESCAPE '\\' OR d.file_name LIKE {p} ESCAPE '\\'
                      OR d.id IN (SELECT rowid / 16 FROM search_index
                                  WHERE search_index MATCH {m} AND rowid % 16 = 7))"
                ));
            }
        }
        if let Some(r) = &f.record {
            let k = arg(V::Text(r.kind.clone()));
            let i = arg(V::Integer(r.id));
            cond.push(format!(
                "EXISTS (SELECT 1 FROM document_links l WHERE l.document_id = d.id
                         AND l.record_kind = {k} AND l.record_id = {i})"
            ));
        }
        let filter = if cond.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", cond.join(" AND "))
        };
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM documents d {filter}"),
            rusqlite::params_from_iter(args.iter()),
            |r| r.get(0),
        )?;
        let size = match f.page_size {
            0 => 50,
            n => n.min(MAX_PAGE_SIZE),
        } as i64;
        let offset = f.page as i64 * size;
        let sql = format!(
            "SELECT d.id, d.title, d.file_name, d.media_type, b.size, d.category, c.name,
                    d.doc_date, d.tags, d.source, b.text_status,
                    (SELECT count(*) FROM document_links l WHERE l.document_id = d.id)
             FROM documents d JOIN document_blobs b ON b.sha256 = d.sha256
             JOIN document_categories c ON c.code = d.category
             {filter} ORDER BY d.doc_date DESC, d.id DESC LIMIT {size} OFFSET {offset}"
        );
        let rows = self
            .conn
            .prepare(&sql)?
            .query_map(rusqlite::params_from_iter(args.iter()), |r| {
                Ok(DocumentRow {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    file_name: r.get(2)?,
                    media_type: r.get(3)?,
                    size: r.get(4)?,
                    category: r.get(5)?,
                    category_name: r.get(6)?,
                    doc_date: crate::journal::parse_date(&r.get::<_, String>(7)?, 7)?,
                    tags: split_tags(&r.get::<_, String>(8)?),
                    source: r.get(9)?,
                    text_status: TextStatus::parse(&r.get::<_, String>(10)?),
                    link_count: r.get(11)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(DocumentPage { rows, total })
    }

    /// The name of a document's category.
    pub fn category_name(&self, code: &str) -> Result<String> {
        Ok(self
            .conn
            .prepare_cached("SELECT name FROM document_categories WHERE code = ?1")?
            .query_row([code], |r| r.get(0))
            .optional()?
            .unwrap_or_else(|| code.to_string()))
    }

    /// A human name for each record (customer's name, invoice number, 'year/number
    /// description' of an entry...), 'kind id' for one that is gone.
    pub fn record_labels(&self, refs: &[RecordRef]) -> Result<Vec<String>> {
        refs.iter().map(|r| record_label(&self.conn, r)).collect()
    }

    /// Changes a document's category, title, date, tags and notes (audited; its content and
    /// origin never change).
    pub fn update_document(
        &mut self,
        id: i64,
        meta: &DocumentMeta,
        now: DateTime<Utc>,
    ) -> Result<DocumentRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = read_document(&tx, id)?;
        let title = if meta.title.trim().is_empty() {
            before.file_name.clone()
        } else {
            meta.title.trim().to_string()
        };
        check_input(
            &tx,
            &DocumentInput {
                file_name: before.file_name.clone(),
                media_type: before.media_type.clone(),
                category: meta.category.trim().to_string(),
                title: title.clone(),
                doc_date: meta.doc_date,
                tags: meta.tags.clone(),
                notes: meta.notes.clone(),
                links: Vec::new(),
            },
        )?;
        let tags = normalise_tags(&meta.tags)?;
        let after = DocumentMeta {
            category: meta.category.trim().to_string(),
            title,
            doc_date: meta.doc_date,
            tags: split_tags(&tags),
            notes: meta.notes.clone(),
        };
        let old = DocumentMeta {
            category: before.category.clone(),
            title: before.title.clone(),
            doc_date: before.doc_date,
            tags: before.tags.clone(),
            notes: before.notes.clone(),
        };
        if old == after {
            return Ok(before);
        }
        let old_tags = normalise_tags(&old.tags)?;
        tx.prepare_cached(
            "UPDATE documents SET category = ?2, title = ?3, doc_date = ?4, tags = ?5, notes = ?6
             WHERE id = ?1",
        )?
        .execute(params![
            id,
            after.category,
            after.title,
            after.doc_date.to_string(),
            tags,
            after.notes
        ])?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("document:{id}"),
                action: "update",
                before: Some(&meta_text(&old, &old_tags)),
                after: Some(&meta_text(&after, &tags)),
                ..Change::default()
            },
        )?;
        let rec = read_document(&tx, id)?;
        tx.commit()?;
        Ok(rec)
    }

    /// Links a document to a record (which must exist); linking it again changes nothing.
    pub fn link_document(
        &mut self,
        id: i64,
        record: &RecordRef,
        now: DateTime<Utc>,
    ) -> Result<DocumentRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = read_document(&tx, id)?;
        if !RECORD_KINDS.contains(&record.kind.as_str()) {
            return Err(invalid(
                ProblemCode::NotFound,
                "kind",
                format!(
                    "a document cannot be linked to a '{}' (one of: {})",
                    record.kind,
                    RECORD_KINDS.join(", ")
                ),
            ));
        }
        if !record_exists(&tx, record)? {
            return Err(invalid(
                ProblemCode::NotFound,
                "record_id",
                format!("there is no {} {}", record.kind, record.id),
            ));
        }
        if before.links.contains(record) {
            return Ok(before);
        }
        tx.prepare_cached(
            "INSERT INTO document_links (document_id, record_kind, record_id, created_at)
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![id, record.kind, record.id, now.to_rfc3339()])?;
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("document:{id}"),
                action: "link",
                after: Some(&format!("{}:{}", record.kind, record.id)),
                ..Change::default()
            },
        )?;
        let rec = read_document(&tx, id)?;
        tx.commit()?;
        Ok(rec)
    }

    /// Removes a document's link to a record (the document stays in the archive).
    pub fn unlink_document(
        &mut self,
        id: i64,
        record: &RecordRef,
        now: DateTime<Utc>,
    ) -> Result<DocumentRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let doc = read_document(&tx, id)?;
        // A PDF the app issued stays filed with the records it was issued for (the links
        // made with it); links added later may go.
        let fixed: bool = tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM document_links WHERE document_id = ?1
                     AND record_kind = ?2 AND record_id = ?3 AND fixed = 1)",
            )?
            .query_row(params![id, record.kind, record.id], |r| r.get(0))?;
        if fixed {
            return Err(invalid(
                ProblemCode::Locked,
                "record_id",
                format!(
                    "'{}' was issued for {} {} and stays filed with it",
                    doc.title, record.kind, record.id
                ),
            ));
        }
        let n = tx
            .prepare_cached(
                "DELETE FROM document_links
                 WHERE document_id = ?1 AND record_kind = ?2 AND record_id = ?3",
            )?
            .execute(params![id, record.kind, record.id])?;
        if n == 0 {
            return Err(invalid(
                ProblemCode::NotFound,
                "record_id",
                format!(
                    "document {id} is not linked to {} {}",
                    record.kind, record.id
                ),
            ));
        }
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("document:{id}"),
                action: "unlink",
                before: Some(&format!("{}:{}", record.kind, record.id)),
                ..Change::default()
            },
        )?;
        let rec = read_document(&tx, id)?;
        tx.commit()?;
        Ok(rec)
    }

    /// The archive's categories with their retention and how many documents each holds.
    pub fn document_categories(&self) -> Result<Vec<DocumentCategory>> {
        read_categories(&self.conn)
    }

    /// Creates a category or edits one (its name, retention and note; its code never changes).
    pub fn save_document_category(
        &mut self,
        input: &CategoryInput,
        now: DateTime<Utc>,
    ) -> Result<Vec<DocumentCategory>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let code = input.code.trim().to_string();
        let before = read_categories(&tx)?.into_iter().find(|c| c.code == code);
        let problems = check_category(input, before.is_none());
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems));
        }
        let text = |name: &str, years: i64, basis: &str, note: &str| {
            format!("{code} '{name}' {years} years from {basis} ({note})")
        };
        let after_text = text(
            input.name.trim(),
            input.retention_years,
            &input.retention_basis,
            input.retention_note.trim(),
        );
        let before_text = before.as_ref().map(|b| {
            text(
                &b.name,
                b.retention_years,
                &b.retention_basis,
                &b.retention_note,
            )
        });
        if before_text.as_deref() == Some(after_text.as_str()) {
            return read_categories(&tx);
        }
        match &before {
            None => {
                tx.execute(
                    "INSERT INTO document_categories (code, name, retention_years,
                         retention_basis, retention_note, position, builtin)
                     VALUES (?1, ?2, ?3, ?4, ?5,
                         (SELECT coalesce(max(position), 0) + 10 FROM document_categories), 0)",
                    params![
                        code,
                        input.name.trim(),
                        input.retention_years,
                        input.retention_basis,
                        input.retention_note.trim()
                    ],
                )?;
            }
            Some(_) => {
                tx.execute(
                    "UPDATE document_categories SET name = ?2, retention_years = ?3,
                         retention_basis = ?4, retention_note = ?5 WHERE code = ?1",
                    params![
                        code,
                        input.name.trim(),
                        input.retention_years,
                        input.retention_basis,
                        input.retention_note.trim()
                    ],
                )?;
            }
        }
        audit::append(
            &tx,
            now,
            &self.actor,
            &Change {
                record: &format!("document_category:{code}"),
                action: if before.is_some() { "update" } else { "create" },
                before: before_text.as_deref(),
                after: Some(&after_text),
                ..Change::default()
            },
        )?;
        let out = read_categories(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// The documents past their retention period as of `as_of` (purgeable), oldest first.
    pub fn documents_past_retention(&self, as_of: NaiveDate) -> Result<Vec<RetentionRow>> {
        Ok(retention_rows(&self.conn, None)?
            .into_iter()
            .filter(|(r, _)| r.retention_end.is_none_or(|end| end < as_of))
            .map(|(r, _)| r)
            .collect())
    }

    /// Deletes documents past their retention as of `today`, in one transaction, with every
    /// content no document uses any more. Refuses the whole purge, naming each, when any is
    /// still inside its retention.
    pub fn purge_documents(
        &mut self,
        ids: &[i64],
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<PurgeResult> {
        let mut ids: Vec<i64> = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let rows = retention_rows(&tx, Some(&ids))?;
        let problems: Vec<Problem> = rows
            .iter()
            .enumerate()
            .filter_map(|(i, (r, _))| {
                let end = r.retention_end?;
                (end >= today).then(|| {
                    Problem::new(
                        ProblemCode::Locked,
                        format!(
                            "document {} '{}' ({}, {}) is kept until {end}; it cannot be \
                             deleted before",
                            r.id, r.title, r.category_name, r.doc_date
                        ),
                    )
                    .field("ids")
                    .at_row(i as u32 + 1)
                    .param("id", r.id)
                    .param("until", end)
                })
            })
            .collect();
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems));
        }
        let mut result = PurgeResult::default();
        for (r, _) in &rows {
            let sha: String = tx
                .prepare_cached("SELECT sha256 FROM documents WHERE id = ?1")?
                .query_row([r.id], |x| x.get(0))?;
            let links: Vec<String> = tx
                .prepare_cached(
                    "SELECT record_kind || ':' || record_id FROM document_links
                     WHERE document_id = ?1 ORDER BY 1",
                )?
                .query_map([r.id], |x| x.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            tx.prepare_cached("DELETE FROM document_links WHERE document_id = ?1")?
                .execute([r.id])?;
            tx.prepare_cached("DELETE FROM documents WHERE id = ?1")?
                .execute([r.id])?;
            result.deleted += 1;
            let freed = tx
                .prepare_cached(
                    "DELETE FROM document_blobs WHERE sha256 = ?1
                     AND NOT EXISTS (SELECT 1 FROM documents WHERE sha256 = ?1)",
                )?
                .execute([&sha])?;
            if freed > 0 {
                result.freed_bytes += r.size as u64;
            }
            audit::append(
                &tx,
                now,
                &self.actor,
                &Change {
                    record: &format!("document:{}", r.id),
                    action: "purge",
                    before: Some(&format!(
                        "'{}' {} {} ({} bytes, sha256 {sha}{}){}",
                        r.title,
                        r.category,
                        r.doc_date,
                        r.size,
                        if freed > 0 { ", content deleted" } else { "" },
                        if links.is_empty() {
                            String::new()
                        } else {
                            format!(" on {}", links.join(", "))
                        }
                    )),
                    reason: Some(&match r.retention_end {
                        Some(end) => format!("past retention (kept until {end})"),
                        None => "no retention period".to_string(),
                    }),
                    ..Change::default()
                },
            )?;
        }
        tx.commit()?;
        Ok(result)
    }

    /// Recomputes the SHA-256 of every stored content, streaming it in pieces (a large file
    /// is never read whole), and reports each document whose content does not match its hash
    /// or its recorded size. `progress(bytes done, bytes in all)` is called as it goes.
    pub fn verify_documents(&self, mut progress: impl FnMut(u64, u64)) -> Result<VerifyReport> {
        let blobs: Vec<(i64, String, i64)> = self
            .conn
            .prepare("SELECT rowid, sha256, size FROM document_blobs ORDER BY rowid")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let all: u64 = blobs.iter().map(|b| b.2.max(0) as u64).sum();
        let mut report = VerifyReport::default();
        let mut buf = vec![0u8; 1 << 20];
        for (rowid, sha, size) in blobs {
            let mut blob = self
                .conn
                .blob_open("main", "document_blobs", "data", rowid, true)?;
            let actual_size = blob.len() as i64;
            let mut h = Sha256::new();
            loop {
                let n = blob
                    .read(&mut buf)
                    .map_err(|e| StoreError::Io(format!("cannot read content {sha}: {e}")))?;
                if n == 0 {
                    break;
                }
                h.update(&buf[..n]);
                report.bytes += n as u64;
                progress(report.bytes, all);
            }
            drop(blob);
            report.checked += 1;
            let actual = crate::migrate::hex(&h.finalize());
            if actual != sha || actual_size != size {
                let docs: Vec<(i64, String)> = self
                    .conn
                    .prepare_cached(
                        "SELECT id, title FROM documents WHERE sha256 = ?1 ORDER BY id",
                    )?
                    .query_map([&sha], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                for (id, title) in docs {
                    report.failures.push(VerifyFailure {
                        id,
                        title,
                        expected_sha256: sha.clone(),
                        actual_sha256: actual.clone(),
                        expected_size: size,
                        actual_size,
                    });
                }
            }
        }
        Ok(report)
    }
}
