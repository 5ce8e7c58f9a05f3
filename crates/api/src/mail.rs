//! E-mail import: a .eml file (one message) or a .mbox mailbox (many), parsed with
//! mail-parser, each message becoming a correspondence entry matched to its party, classified
//! into a triage pile, its attachments archived (rules in the store's `correspondence`).
//!
//! - A file that starts with an mbox 'From ' line is a mailbox, anything else one message.
//! - A message is malformed when it cannot be parsed, has no sender's address (From) or no
//!   date (its Date header, else the mbox 'From ' line's). A malformed message is reported by
//!   its position (1-based message number in the file) and the others are imported.
//! - A message without a Message-ID is known by the SHA-256 of its bytes, so importing the same
//!   file twice adds nothing either way.
//! - Transactions: ALL the good messages of one file are imported in ONE transaction (one user
//!   action: a mailbox is imported or not; a thousand messages cost one commit, not a thousand
//!   fsyncs), each message inside its own savepoint so a message the store refuses is reported
//!   like a malformed one and the rest are kept. Nothing is half-written: a message is in with
//!   all its archived attachments or not at all.
//! - The mailbox is streamed (a message at a time), its messages counted first for the
//!   progress bar (`mail_import_progress`, polled like `pay_run_pdf_progress`).
//! - Attachments' text, for the search, is read as they are archived (`doctext`).

use crate::app::App;
use crate::dto::*;
use crate::error::ApiError;
use base64::Engine;
use chrono::{DateTime, NaiveDate, Utc};
use mail_parser::mailbox::mbox::MessageIterator;
use mail_parser::{MessageParser, MimeHeaders};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use trastienda_core::{Problem, ProblemCode};
use trastienda_store::{
    hash_content, media_type_for, Company, Content, FileText, MailAttachment, MailMessage,
};

type R<T> = Result<T, ApiError>;

/// The largest .eml/.mbox the UI may send (a file on this computer has no limit: it is
/// streamed).
pub const MAX_UPLOAD_BYTES: usize = 50 * 1024 * 1024;

struct Progress {
    active: AtomicBool,
    done: AtomicU64,
    total: AtomicU64,
}

static PROGRESS: Progress = Progress {
    active: AtomicBool::new(false),
    done: AtomicU64::new(0),
    total: AtomicU64::new(0),
};

pub fn mail_import_progress(_: &App, _: NoArgs) -> R<MailImportProgress> {
    let p = &PROGRESS;
    Ok(MailImportProgress {
        active: p.active.load(Ordering::Relaxed),
        done: p.done.load(Ordering::Relaxed),
        total: p.total.load(Ordering::Relaxed),
    })
}

fn invalid(field: &str, msg: impl Into<String>) -> ApiError {
    ApiError::from_problems(&[Problem::new(ProblemCode::InvalidCode, msg).field(field)])
}

/// The text of an attachment, for the search (a PDF's text, a text file; see `doctext`).
fn attachment_text(bytes: &[u8], media_type: &str, _name: &str) -> FileText {
    crate::doctext::extract_text(bytes, media_type)
}

/// A day from mail-parser's date (the date as the sender wrote it, in their time zone).
fn day_of(d: &mail_parser::DateTime) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32)
}

/// Turns one raw message into what the store imports, or says why it cannot.
pub fn parse_message(raw: &[u8], fallback_date: Option<NaiveDate>) -> Result<MailMessage, String> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err("the message is empty".into());
    }
    let msg = MessageParser::default()
        .parse(raw)
        .ok_or_else(|| "the message could not be read".to_string())?;
    let from = msg.from().and_then(|a| a.first());
    let from_address = from
        .and_then(|a| a.address())
        .map(str::trim)
        .filter(|a| a.contains('@'))
        .ok_or_else(|| "the message has no sender's address (From)".to_string())?
        .to_string();
    let from_name = from.and_then(|a| a.name()).unwrap_or_default().to_string();
    let date = msg
        .date()
        .and_then(day_of)
        .or(fallback_date)
        .ok_or_else(|| "the message has no valid date (Date)".to_string())?;
    let to_address = msg
        .to()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .unwrap_or_default()
        .to_string();
    let message_id = match msg.message_id().map(str::trim).filter(|s| !s.is_empty()) {
        Some(id) => id.to_string(),
        None => {
            let (sha, _) = hash_content(Content::Bytes(raw)).map_err(|e| e.to_string())?;
            format!("sha256:{sha}")
        }
    };
    let subject = msg.subject().unwrap_or_default().trim().to_string();
    let body = msg.body_text(0).map(|b| b.into_owned()).unwrap_or_default();
    let mut attachments = Vec::new();
    for (i, part) in msg.attachments().enumerate() {
        let media_type = part
            .content_type()
            .map(|ct| match ct.subtype() {
                Some(sub) => format!("{}/{}", ct.ctype(), sub),
                None => ct.ctype().to_string(),
            })
            .unwrap_or_default()
            .to_lowercase();
        let file_name = match part
            .attachment_name()
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            Some(n) => n.replace(['/', '\\'], "_"),
            None => {
                let ext = match media_type.as_str() {
                    "application/pdf" => "pdf",
                    "message/rfc822" => "eml",
                    "image/png" => "png",
                    "image/jpeg" => "jpg",
                    "text/plain" => "txt",
                    "application/xml" | "text/xml" => "xml",
                    _ => "bin",
                };
                format!("adjunto-{}.{ext}", i + 1)
            }
        };
        let media_type = if media_type.is_empty() || media_type == "application/octet-stream" {
            media_type_for(&file_name).to_string()
        } else {
            media_type
        };
        attachments.push(MailAttachment {
            file_name,
            media_type,
            data: part.contents().to_vec(),
        });
    }
    Ok(MailMessage {
        message_id,
        from_address,
        from_name,
        to_address,
        date,
        subject,
        body,
        attachments,
    })
}

/// Counts a mailbox's messages (its 'From ' lines) for the progress bar.
fn count_messages(reader: impl BufRead) -> u64 {
    let mut n = 0;
    let mut reader = reader;
    let mut line = Vec::with_capacity(256);
    while let Ok(k) = reader.read_until(b'\n', &mut line) {
        if k == 0 {
            break;
        }
        if line.starts_with(b"From ") {
            n += 1;
        }
        line.clear();
    }
    n
}

fn looks_like_mbox(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    head.starts_with(b"From ")
}

/// The mbox 'From ' line's date, when it has one.
fn mbox_date(m: &mail_parser::mailbox::mbox::Message) -> Option<NaiveDate> {
    let t = m.internal_date();
    (t > 0)
        .then(|| DateTime::<Utc>::from_timestamp(t as i64, 0).map(|d| d.date_naive()))
        .flatten()
}

/// Imports a mailbox or one message read from `reader`, whose first bytes decide which.
/// `total` is the number of messages, for the progress bar.
fn import_reader<Rd: BufRead>(
    c: &mut Company,
    mut reader: Rd,
    total: u64,
    now: DateTime<Utc>,
) -> R<MailImportReportDto> {
    let head = reader
        .fill_buf()
        .map_err(|e| ApiError::io("reading the mail file", e))?
        .to_vec();
    let mbox = looks_like_mbox(&head);
    let p = &PROGRESS;
    p.done.store(0, Ordering::Relaxed);
    // A single message is one, whatever its body's lines say.
    p.total
        .store(if mbox { total.max(1) } else { 1 }, Ordering::Relaxed);
    p.active.store(true, Ordering::Relaxed);
    let mut read = 0u32;
    let result = if mbox {
        let messages = MessageIterator::new(reader).map(|m| {
            read += 1;
            match m {
                Ok(m) => {
                    let fallback = mbox_date(&m);
                    parse_message(m.contents(), fallback)
                }
                Err(e) => Err(format!("the mailbox could not be read further: {e}")),
            }
        });
        c.import_mail(
            messages,
            attachment_text,
            |done| p.done.store(done as u64, Ordering::Relaxed),
            now,
        )
    } else {
        let mut raw = Vec::new();
        let r = reader.read_to_end(&mut raw);
        match r {
            Err(e) => Err(trastienda_store::StoreError::Io(format!(
                "reading the mail file: {e}"
            ))),
            Ok(_) => {
                read = 1;
                c.import_mail(
                    std::iter::once(parse_message(&raw, None)),
                    attachment_text,
                    |done| p.done.store(done as u64, Ordering::Relaxed),
                    now,
                )
            }
        }
    };
    p.active.store(false, Ordering::Relaxed);
    let report = result?;
    // The piles of the messages just imported.
    let piles = {
        let mut counts: Vec<TriagePileCount> = trastienda_core::mail_triage::PILES
            .iter()
            .map(|pile| TriagePileCount {
                pile: pile.to_string(),
                count: 0,
            })
            .collect();
        for id in &report.ids {
            if let Some(pile) = c.correspondence(*id)?.pile {
                if let Some(x) = counts.iter_mut().find(|x| x.pile == pile) {
                    x.count += 1;
                }
            }
        }
        counts
    };
    Ok(MailImportReportDto {
        messages: read,
        imported: report.imported,
        skipped_duplicates: report.skipped_duplicates,
        attachments: report.attachments,
        unmatched: report.unmatched,
        problems: report
            .problems
            .iter()
            .map(|p| MailProblemDto {
                position: p.position as u32,
                message: p.message.clone(),
            })
            .collect(),
        piles,
    })
}

fn nothing_in(field: &str, what: &str) -> ApiError {
    ApiError::from_problems(&[Problem::new(
        ProblemCode::Required,
        format!("{what} is empty: it holds no e-mail message"),
    )
    .field(field)])
}

/// Imports a .eml file or a .mbox mailbox on this computer (also for the CLI).
pub fn import_mail_file(
    c: &mut Company,
    path: &Path,
    now: DateTime<Utc>,
) -> R<MailImportReportDto> {
    let open = || {
        std::fs::File::open(path).map_err(|e| {
            ApiError::from_problems(&[Problem::new(
                ProblemCode::NotFound,
                format!("cannot read {}: {e}", path.display()),
            )
            .field("path")])
        })
    };
    let f = open()?;
    let size = f.metadata().map(|m| m.len()).unwrap_or(0);
    if size == 0 {
        return Err(nothing_in("path", &path.display().to_string()));
    }
    let total = count_messages(BufReader::with_capacity(1 << 20, f));
    import_reader(c, BufReader::with_capacity(1 << 20, open()?), total, now)
}

/// Imports a .eml or .mbox held in memory.
pub fn import_mail_bytes(
    c: &mut Company,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> R<MailImportReportDto> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(nothing_in("content_base64", "the file"));
    }
    let total = count_messages(bytes);
    import_reader(c, bytes, total, now)
}

pub fn mail_import_path(app: &App, a: MailImportPathArgs) -> R<MailImportReportDto> {
    if a.path.trim().is_empty() {
        return Err(ApiError::from_problems(&[Problem::new(
            ProblemCode::Required,
            "the path of a .eml or .mbox file is required",
        )
        .field("path")]));
    }
    let now = app.now();
    app.with_company(|c| import_mail_file(c, Path::new(a.path.trim()), now))
}

pub fn mail_import_upload(app: &App, a: MailImportUploadArgs) -> R<MailImportReportDto> {
    // Base64 of 50 MB is about 67 MB of text.
    if a.content_base64.len() > MAX_UPLOAD_BYTES / 3 * 4 + 8 {
        return Err(invalid(
            "content_base64",
            format!(
                "{}: the file is over {} MB; import it from a path instead",
                a.file_name,
                MAX_UPLOAD_BYTES / (1024 * 1024)
            ),
        ));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(a.content_base64.trim())
        .map_err(|e| invalid("content_base64", format!("the file is not base64: {e}")))?;
    let now = app.now();
    app.with_company(|c| import_mail_bytes(c, &bytes, now))
}
