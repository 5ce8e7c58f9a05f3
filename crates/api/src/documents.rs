//! The documents archive (rules in the store's `documents`): uploads in chunks to a temporary
//! file under the data folder (a file of hundreds of megabytes never crosses the wire or sits
//! in memory whole), then streamed into the company file; a document read back in pieces or
//! opened in the system's application; the list, metadata, links, categories, retention,
//! purge and verification.

use crate::app::App;
use crate::doctext;
use crate::dto::*;
use crate::error::{ApiError, ErrorCode};
use crate::parse;
use base64::Engine;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};
use trastienda_core::{Problem, ProblemCode};
use trastienda_store::{
    self as store, Company, Content, DocumentInput, DocumentRecord, FileText, RecordRef,
    MAX_DOCUMENT_BYTES,
};

type R<T> = Result<T, ApiError>;

/// The largest piece of a document sent or received in one call.
pub const MAX_CHUNK_BYTES: usize = 8 * 1024 * 1024;
/// Uploads left behind (a crash, a closed window) are removed after this long.
const STALE_UPLOAD: Duration = Duration::from_secs(24 * 60 * 60);

fn problem(code: ProblemCode, field: &str, msg: impl Into<String>) -> ApiError {
    ApiError::from_problems(&[Problem::new(code, msg).field(field)])
}

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

fn mib(n: u64) -> u64 {
    n / (1024 * 1024)
}

// ---- uploads ----

fn uploads_dir(app: &App) -> PathBuf {
    app.config.data_dir.join("uploads")
}

/// An upload's data file and its description (file name, announced size).
fn upload_paths(app: &App, id: &str) -> R<(PathBuf, PathBuf)> {
    if id.is_empty() || id.len() > 64 || !id.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(problem(
            ProblemCode::NotFound,
            "upload_id",
            format!(
                "there is no upload '{}'",
                id.chars().take(64).collect::<String>()
            ),
        ));
    }
    let dir = uploads_dir(app);
    Ok((
        dir.join(format!("{id}.part")),
        dir.join(format!("{id}.json")),
    ))
}

#[derive(serde::Serialize, serde::Deserialize)]
struct UploadInfo {
    file_name: String,
    size: u64,
}

fn read_upload(app: &App, id: &str) -> R<(PathBuf, PathBuf, UploadInfo, u64)> {
    let (data, meta) = upload_paths(app, id)?;
    let gone = || {
        problem(
            ProblemCode::NotFound,
            "upload_id",
            format!("there is no upload '{id}' (finished, cancelled or older than a day)"),
        )
    };
    let info: UploadInfo = std::fs::read(&meta)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(gone)?;
    let received = std::fs::metadata(&data).map_err(|_| gone())?.len();
    Ok((data, meta, info, received))
}

/// Removes uploads older than a day (left over from a crash).
fn remove_stale_uploads(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for e in entries.flatten() {
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > STALE_UPLOAD);
        if old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

fn new_upload_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{nanos:016x}{:08x}{n:08x}", std::process::id())
}

fn file_name_problem(file_name: &str) -> Option<ApiError> {
    let name = file_name.trim();
    if name.is_empty() {
        return Some(problem(
            ProblemCode::Required,
            "file_name",
            "the file has no name",
        ));
    }
    if name.chars().count() > 255 || name.contains(['/', '\\', '\0']) {
        return Some(problem(
            ProblemCode::InvalidCode,
            "file_name",
            "a file name is at most 255 characters, without '/' or '\\'",
        ));
    }
    None
}

fn too_big(file_name: &str, size: u64) -> ApiError {
    ApiError::from_problems(&[Problem::new(
        ProblemCode::OutOfRange,
        format!(
            "{file_name} has {} MB; the archive takes files of up to {} MB",
            size.div_ceil(1024 * 1024),
            mib(MAX_DOCUMENT_BYTES)
        ),
    )
    .field("size")
    .param("limit", MAX_DOCUMENT_BYTES)
    .param("file_name", file_name)])
}

pub fn document_upload_begin(app: &App, a: DocumentUploadBeginArgs) -> R<DocumentUploadBegun> {
    app.with_company(|_| Ok(()))?;
    if let Some(e) = file_name_problem(&a.file_name) {
        return Err(e);
    }
    if a.size <= 0 {
        return Err(problem(
            ProblemCode::Required,
            "size",
            format!("{} is empty", a.file_name.trim()),
        ));
    }
    if a.size as u64 > MAX_DOCUMENT_BYTES {
        return Err(too_big(a.file_name.trim(), a.size as u64));
    }
    let dir = uploads_dir(app);
    std::fs::create_dir_all(&dir).map_err(|e| ApiError::io("creating the uploads folder", e))?;
    remove_stale_uploads(&dir);
    let id = new_upload_id();
    let (data, meta) = upload_paths(app, &id)?;
    std::fs::File::create(&data).map_err(|e| ApiError::io("starting the upload", e))?;
    let info = UploadInfo {
        file_name: a.file_name.trim().to_string(),
        size: a.size as u64,
    };
    let json =
        serde_json::to_vec(&info).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
    if let Err(e) = std::fs::write(&meta, json) {
        let _ = std::fs::remove_file(&data);
        return Err(ApiError::io("starting the upload", e));
    }
    Ok(DocumentUploadBegun {
        upload_id: id,
        max_chunk: MAX_CHUNK_BYTES as i64,
    })
}

pub fn document_upload_chunk(app: &App, a: DocumentUploadChunkArgs) -> R<DocumentUploadReceived> {
    let (data, _, info, received) = read_upload(app, &a.upload_id)?;
    if a.offset < 0 || a.offset as u64 != received {
        return Err(ApiError::from_problems(&[Problem::new(
            ProblemCode::OutOfRange,
            format!(
                "this chunk starts at byte {} but {received} bytes were received so far; send \
                 from byte {received}",
                a.offset
            ),
        )
        .field("offset")
        .param("received", received)]));
    }
    // Base64 is 4 characters per 3 bytes: refuse an oversized chunk before decoding it.
    if a.content_base64.len() > MAX_CHUNK_BYTES.div_ceil(3) * 4 + 4 {
        return Err(problem(
            ProblemCode::OutOfRange,
            "content_base64",
            format!("a chunk holds at most {} MB", mib(MAX_CHUNK_BYTES as u64)),
        ));
    }
    let bytes = b64().decode(a.content_base64.as_bytes()).map_err(|e| {
        problem(
            ProblemCode::InvalidCode,
            "content_base64",
            format!("not base64: {e}"),
        )
    })?;
    if bytes.len() > MAX_CHUNK_BYTES {
        return Err(problem(
            ProblemCode::OutOfRange,
            "content_base64",
            format!("a chunk holds at most {} MB", mib(MAX_CHUNK_BYTES as u64)),
        ));
    }
    let total = received + bytes.len() as u64;
    if total > info.size {
        return Err(problem(
            ProblemCode::OutOfRange,
            "content_base64",
            format!(
                "{} was announced with {} bytes; this chunk would make {total}",
                info.file_name, info.size
            ),
        ));
    }
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&data)
        .map_err(|e| ApiError::io("receiving the upload", e))?;
    f.write_all(&bytes)
        .and_then(|_| f.flush())
        .map_err(|e| ApiError::io("receiving the upload", e))?;
    Ok(DocumentUploadReceived {
        received: total as i64,
    })
}

pub fn document_upload_cancel(app: &App, a: DocumentUploadIdArgs) -> R<()> {
    let (data, meta) = upload_paths(app, &a.upload_id)?;
    let _ = std::fs::remove_file(data);
    let _ = std::fs::remove_file(meta);
    Ok(())
}

fn links_of(links: &[RecordRefDto]) -> Vec<RecordRef> {
    links
        .iter()
        .map(|l| RecordRef::new(l.kind.trim(), l.id))
        .collect()
}

/// Archives the file at `path` (streamed, never read whole): its text is read only when its
/// content is new.
fn add_file(
    c: &mut Company,
    input: &DocumentInput,
    path: &Path,
    now: chrono::DateTime<chrono::Utc>,
) -> R<DocumentDto> {
    let (sha, size) = store::hash_content(Content::File(path))?;
    if size > MAX_DOCUMENT_BYTES {
        return Err(too_big(&input.file_name, size));
    }
    let text = if size == 0 || c.has_document_content(&sha)? {
        None
    } else {
        let media_type = if input.media_type.is_empty() {
            store::media_type_for(&input.file_name)
        } else {
            input.media_type.as_str()
        };
        Some(doctext::extract_text_from_file(path, media_type)?)
    };
    let rec = c.add_document(
        input,
        Content::File(path),
        || {
            text.unwrap_or(FileText {
                status: trastienda_store::TextStatus::Pending,
                text: String::new(),
            })
        },
        now,
    )?;
    // A content already stored whose text is still to read (an issued PDF): read it now.
    let rec = if rec.text_status == trastienda_store::TextStatus::Pending {
        doctext::index_pending(c)?;
        c.document(rec.id)?
    } else {
        rec
    };
    document_dto(c, &rec)
}

pub fn document_upload_finish(app: &App, a: DocumentUploadFinishArgs) -> R<DocumentDto> {
    let (data, meta, info, received) = read_upload(app, &a.upload_id)?;
    let result = (|| {
        if received != info.size {
            return Err(ApiError::from_problems(&[Problem::new(
                ProblemCode::Pending,
                format!(
                    "{} was announced with {} bytes but {received} arrived; send the rest \
                     before finishing",
                    info.file_name, info.size
                ),
            )
            .field("upload_id")
            .param("received", received)]));
        }
        let today = app.today();
        let doc_date = if a.doc_date.trim().is_empty() {
            today
        } else {
            parse::date("doc_date", &a.doc_date).map_err(|p| ApiError::from_problems(&[p]))?
        };
        let input = DocumentInput {
            file_name: info.file_name.clone(),
            media_type: String::new(),
            category: a.category.trim().to_string(),
            title: a.title.clone(),
            doc_date,
            tags: a.tags.clone(),
            notes: a.notes.clone(),
            links: links_of(&a.links),
        };
        let now = app.now();
        app.with_company(|c| add_file(c, &input, &data, now))
    })();
    let _ = std::fs::remove_file(&data);
    let _ = std::fs::remove_file(&meta);
    result
}

/// Adds the file at `path` on this machine (the CLI; tests). On the desktop, where paths are
/// confined, only a file the user picked in the Open dialog is read.
pub fn document_add_path(app: &App, a: DocumentAddPathArgs) -> R<DocumentDto> {
    let path = PathBuf::from(a.path.trim());
    if app.config.confine_paths && !a.path.trim().is_empty() && !app.granted(&path, false) {
        return Err(ApiError::from_problems(&[Problem::new(
            ProblemCode::OutOfRange,
            "add a file with the Open dialog or by dropping it on the window",
        )
        .field("path")
        .param("value", a.path.trim())]));
    }
    let (today, now) = (app.today(), app.now());
    app.with_company(|c| add_path(c, &a, today, now))
}

/// Archives the file `a.path` in `c` (category 'otros' and date `today` when not given).
pub fn add_path(
    c: &mut Company,
    a: &DocumentAddPathArgs,
    today: chrono::NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> R<DocumentDto> {
    let path = PathBuf::from(a.path.trim());
    if a.path.trim().is_empty() {
        return Err(problem(ProblemCode::Required, "path", "choose a file"));
    }
    let meta = std::fs::metadata(&path)
        .map_err(|e| ApiError::io(&format!("reading {}", path.display()), e).with_field("path"))?;
    if !meta.is_file() {
        return Err(problem(
            ProblemCode::NotFound,
            "path",
            format!("{} is not a file", path.display()),
        ));
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if meta.len() > MAX_DOCUMENT_BYTES {
        return Err(too_big(&file_name, meta.len()));
    }
    let doc_date = match a
        .doc_date
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => today,
        Some(s) => parse::date("doc_date", s).map_err(|p| ApiError::from_problems(&[p]))?,
    };
    let input = DocumentInput {
        file_name,
        media_type: String::new(),
        category: a
            .category
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .unwrap_or("otros")
            .to_string(),
        title: a.title.clone().unwrap_or_default(),
        doc_date,
        tags: a.tags.clone().unwrap_or_default(),
        notes: a.notes.clone().unwrap_or_default(),
        links: links_of(a.links.as_deref().unwrap_or_default()),
    };
    add_file(c, &input, &path, now)
}

// ---- reading ----

pub(crate) fn document_dto(c: &Company, d: &DocumentRecord) -> R<DocumentDto> {
    let labels = c.record_labels(&d.links)?;
    Ok(DocumentDto {
        id: d.id,
        sha256: d.sha256.clone(),
        size: d.size,
        file_name: d.file_name.clone(),
        media_type: d.media_type.clone(),
        category: d.category.clone(),
        category_name: c.category_name(&d.category)?,
        title: d.title.clone(),
        doc_date: d.doc_date.to_string(),
        tags: d.tags.clone(),
        notes: d.notes.clone(),
        source: d.source.clone(),
        text_status: d.text_status.as_str().to_string(),
        links: d
            .links
            .iter()
            .zip(labels)
            .map(|(l, label)| DocumentLinkDto {
                kind: l.kind.clone(),
                id: l.id,
                label,
            })
            .collect(),
        created_at: d.created_at.clone(),
    })
}

/// A document with its links' labels (for the CLI as for the UI).
pub fn document(c: &Company, id: i64) -> R<DocumentDto> {
    document_dto(c, &c.document(id)?)
}

pub fn document_get(app: &App, a: IdArgs) -> R<DocumentDto> {
    app.with_company(|c| document(c, a.id))
}

pub fn document_content(app: &App, a: DocumentContentArgs) -> R<DocumentContent> {
    let offset = a.offset.unwrap_or(0);
    if offset < 0 {
        return Err(problem(
            ProblemCode::OutOfRange,
            "offset",
            format!("the offset {offset} is negative"),
        ));
    }
    let length = a.length.unwrap_or(MAX_CHUNK_BYTES as i64);
    if length < 0 {
        return Err(problem(
            ProblemCode::OutOfRange,
            "length",
            format!("the length {length} is negative"),
        ));
    }
    let length = (length as u64).min(MAX_CHUNK_BYTES as u64) as usize;
    app.with_company(|c| {
        let d = c.document(a.id)?;
        let bytes = c.document_content_range(a.id, offset as u64, length)?;
        Ok(DocumentContent {
            content_base64: b64().encode(&bytes),
            offset,
            size: d.size,
            media_type: d.media_type,
            file_name: d.file_name,
        })
    })
}

/// Writes a document to a file, piece by piece.
pub fn write_document_to(c: &Company, id: i64, path: &Path) -> R<u64> {
    let d = c.document(id)?;
    let what = format!("writing {}", path.display());
    let mut f =
        std::io::BufWriter::new(std::fs::File::create(path).map_err(|e| ApiError::io(&what, e))?);
    let mut offset = 0u64;
    while offset < d.size as u64 {
        let piece = c.document_content_range(id, offset, MAX_CHUNK_BYTES)?;
        if piece.is_empty() {
            break;
        }
        f.write_all(&piece).map_err(|e| ApiError::io(&what, e))?;
        offset += piece.len() as u64;
    }
    f.flush().map_err(|e| ApiError::io(&what, e))?;
    Ok(offset)
}

/// Writes the document to a temporary folder and opens it in the system's application (as
/// `open_exported` does for a printed document).
pub fn document_open(app: &App, a: IdArgs) -> R<SavedFile> {
    let path = app.with_company(|c| {
        let d = c.document(a.id)?;
        let name = Path::new(&d.file_name)
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_else(|| format!("documento-{}", d.id).into());
        let dir = std::env::temp_dir()
            .join("trastienda-print")
            .join(format!("documento-{}", d.id));
        std::fs::create_dir_all(&dir).map_err(|e| ApiError::io("creating the print folder", e))?;
        let path = dir.join(name);
        write_document_to(c, a.id, &path)?;
        Ok(path)
    })?;
    crate::commands::show_in_viewer(&path)?;
    Ok(SavedFile {
        path: path.display().to_string(),
    })
}

fn row_dto(r: &store::DocumentRow) -> DocumentRowDto {
    DocumentRowDto {
        id: r.id,
        title: r.title.clone(),
        file_name: r.file_name.clone(),
        media_type: r.media_type.clone(),
        size: r.size,
        category: r.category.clone(),
        category_name: r.category_name.clone(),
        doc_date: r.doc_date.to_string(),
        tags: r.tags.clone(),
        source: r.source.clone(),
        text_status: r.text_status.as_str().to_string(),
        link_count: r.link_count,
    }
}

/// The archive's filter from the wire, each bad value named.
pub fn document_filter(a: &DocumentListArgs) -> R<store::DocumentFilter> {
    let mut problems = Vec::new();
    let from = parse::opt_date("from", &a.from).unwrap_or_else(|p| {
        problems.push(p);
        None
    });
    let to = parse::opt_date("to", &a.to).unwrap_or_else(|p| {
        problems.push(p);
        None
    });
    let page = a.page.unwrap_or(0);
    if !(0..=u32::MAX as i64).contains(&page) {
        problems.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!("page {page} does not exist"),
            )
            .field("page"),
        );
    }
    let page_size = a.page_size.unwrap_or(50);
    if !(1..=store::MAX_PAGE_SIZE as i64).contains(&page_size) {
        problems.push(
            Problem::new(
                ProblemCode::OutOfRange,
                format!(
                    "a page holds 1 to {} documents, not {page_size}",
                    store::MAX_PAGE_SIZE
                ),
            )
            .field("page_size"),
        );
    }
    let record = match (a.record_kind.as_deref().map(str::trim), a.record_id) {
        (None | Some(""), None) => None,
        (Some(k), Some(id)) if !k.is_empty() => Some(RecordRef::new(k, id)),
        _ => {
            problems.push(
                Problem::new(
                    ProblemCode::Required,
                    "give both the record's kind and its id",
                )
                .field("record_id"),
            );
            None
        }
    };
    if !problems.is_empty() {
        return Err(ApiError::from_problems(&problems));
    }
    Ok(store::DocumentFilter {
        category: a.category.clone(),
        tag: a.tag.clone(),
        source: a.source.clone(),
        from,
        to,
        q: a.q.clone(),
        record,
        page: page as u32,
        page_size: page_size as u32,
    })
}

pub fn list_documents(c: &Company, a: &DocumentListArgs) -> R<DocumentListPage> {
    let page = c.documents(&document_filter(a)?)?;
    Ok(DocumentListPage {
        rows: page.rows.iter().map(row_dto).collect(),
        total: page.total,
    })
}

pub fn document_list(app: &App, a: DocumentListArgs) -> R<DocumentListPage> {
    app.with_company(|c| list_documents(c, &a))
}

pub fn record_documents(app: &App, a: RecordDocumentsArgs) -> R<Vec<DocumentDto>> {
    app.with_company(|c| {
        c.record_documents(a.kind.trim(), a.id)?
            .iter()
            .map(|d| document_dto(c, d))
            .collect()
    })
}

// ---- changes ----

pub fn document_update(app: &App, a: DocumentUpdateArgs) -> R<DocumentDto> {
    let doc_date =
        parse::date("doc_date", &a.doc_date).map_err(|p| ApiError::from_problems(&[p]))?;
    let meta = store::DocumentMeta {
        category: a.category,
        title: a.title,
        doc_date,
        tags: a.tags,
        notes: a.notes,
    };
    let now = app.now();
    app.with_company(|c| {
        let rec = c.update_document(a.id, &meta, now)?;
        document_dto(c, &rec)
    })
}

pub fn document_link(app: &App, a: DocumentLinkArgs) -> R<DocumentDto> {
    let now = app.now();
    app.with_company(|c| {
        let rec = c.link_document(a.id, &RecordRef::new(a.kind.trim(), a.record_id), now)?;
        document_dto(c, &rec)
    })
}

pub fn document_unlink(app: &App, a: DocumentLinkArgs) -> R<DocumentDto> {
    let now = app.now();
    app.with_company(|c| {
        let rec = c.unlink_document(a.id, &RecordRef::new(a.kind.trim(), a.record_id), now)?;
        document_dto(c, &rec)
    })
}

fn category_dto(c: &store::DocumentCategory) -> DocumentCategoryDto {
    DocumentCategoryDto {
        code: c.code.clone(),
        name: c.name.clone(),
        retention_years: c.retention_years,
        retention_basis: c.retention_basis.clone(),
        retention_note: c.retention_note.clone(),
        document_count: c.document_count,
        builtin: c.builtin,
    }
}

pub fn document_categories(app: &App, _: NoArgs) -> R<Vec<DocumentCategoryDto>> {
    app.with_company(|c| Ok(c.document_categories()?.iter().map(category_dto).collect()))
}

pub fn document_category_save(
    app: &App,
    a: DocumentCategorySaveArgs,
) -> R<Vec<DocumentCategoryDto>> {
    let now = app.now();
    let input = store::CategoryInput {
        code: a.code,
        name: a.name,
        retention_years: a.retention_years,
        retention_basis: a.retention_basis,
        retention_note: a.retention_note,
    };
    app.with_company(|c| {
        Ok(c.save_document_category(&input, now)?
            .iter()
            .map(category_dto)
            .collect())
    })
}

pub fn document_retention(app: &App, a: DocumentRetentionArgs) -> R<Vec<DocumentRetentionRow>> {
    let as_of = parse::opt_date("as_of", &a.as_of)
        .map_err(|p| ApiError::from_problems(&[p]))?
        .unwrap_or_else(|| app.today());
    app.with_company(|c| {
        Ok(c.documents_past_retention(as_of)?
            .into_iter()
            .map(|r| DocumentRetentionRow {
                id: r.id,
                title: r.title,
                category: r.category,
                category_name: r.category_name,
                doc_date: r.doc_date.to_string(),
                retention_end: r.retention_end.map(|d| d.to_string()),
                size: r.size,
            })
            .collect())
    })
}

pub fn document_purge(app: &App, a: DocumentPurgeArgs) -> R<DocumentPurged> {
    if a.ids.is_empty() {
        return Err(problem(
            ProblemCode::Required,
            "ids",
            "choose the documents to delete",
        ));
    }
    let (today, now) = (app.today(), app.now());
    app.with_company(|c| {
        let r = c.purge_documents(&a.ids, today, now)?;
        Ok(DocumentPurged {
            deleted: r.deleted as i64,
            freed_bytes: r.freed_bytes as i64,
        })
    })
}

pub fn verify_documents(c: &Company) -> R<DocumentsVerified> {
    let r = c.verify_documents(|_, _| {})?;
    Ok(DocumentsVerified {
        checked: r.checked as i64,
        bytes: r.bytes as i64,
        failures: r
            .failures
            .into_iter()
            .map(|f| DocumentVerifyFailure {
                id: f.id,
                title: f.title,
                expected_sha256: f.expected_sha256,
                actual_sha256: f.actual_sha256,
                expected_size: f.expected_size,
                actual_size: f.actual_size,
            })
            .collect(),
    })
}

pub fn documents_verify(app: &App, _: NoArgs) -> R<DocumentsVerified> {
    app.with_company(|c| verify_documents(c))
}
