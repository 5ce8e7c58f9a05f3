//! The text inside a document, for the search: a PDF's text through `pdf-extract`, a text
//! file's as UTF-8; nothing for other kinds (images, office files). A PDF whose text cannot be
//! read (the crate errs or panics on it, or finds none) is still stored, marked `failed`.

use crate::error::ApiError;
use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};
use trastienda_store::{Company, DocumentRecord, FileText, TextStatus};

/// At most this much text is kept per content (the search needs words, not whole books).
pub const MAX_TEXT_BYTES: usize = 2 * 1024 * 1024;
/// PDFs larger than this are not parsed for text (the parser holds the whole file and more
/// in memory); they are stored, marked `failed`.
pub const MAX_PDF_PARSE_BYTES: u64 = 64 * 1024 * 1024;

fn is_pdf(bytes: &[u8], media_type: &str) -> bool {
    media_type.eq_ignore_ascii_case("application/pdf") || bytes.starts_with(b"%PDF-")
}

fn is_text(media_type: &str) -> bool {
    media_type.to_ascii_lowercase().starts_with("text/")
}

/// Cuts `s` to at most [`MAX_TEXT_BYTES`] on a character boundary.
fn cap(mut s: String) -> String {
    if s.len() > MAX_TEXT_BYTES {
        let mut end = MAX_TEXT_BYTES;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
    s
}

fn failed() -> FileText {
    FileText {
        status: TextStatus::Failed,
        text: String::new(),
    }
}

fn no_text() -> FileText {
    FileText {
        status: TextStatus::None,
        text: String::new(),
    }
}

/// The text of a PDF by lopdf, page by page: the fallback when pdf-extract finds nothing (it
/// ignores text shown with the `'` and `"` operators, which lopdf reads).
fn lopdf_text(bytes: &[u8]) -> Option<String> {
    let text = catch_unwind(AssertUnwindSafe(|| {
        let doc = lopdf::Document::load_mem(bytes).ok()?;
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        doc.extract_text(&pages).ok()
    }))
    .ok()
    .flatten()?;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// The text of a PDF; `failed` when neither parser finds words (or both err or panic).
fn pdf_text(bytes: &[u8]) -> FileText {
    match pdf_extract_text(bytes) {
        Some(text) => FileText {
            status: TextStatus::Extracted,
            text: cap(text),
        },
        None => match lopdf_text(bytes) {
            Some(text) => FileText {
                status: TextStatus::Extracted,
                text: cap(text),
            },
            None => failed(),
        },
    }
}

/// The text of a PDF by pdf-extract; None when it errs, panics or finds no words.
fn pdf_extract_text(bytes: &[u8]) -> Option<String> {
    let r = pdf_text_inner(bytes);
    (r.status == TextStatus::Extracted).then_some(r.text)
}

fn pdf_text_inner(bytes: &[u8]) -> FileText {
    match catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::extract_text_from_mem(bytes)
    })) {
        Ok(Ok(text)) => {
            // Runs of spaces and blank lines from the layout say nothing to the search.
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if text.is_empty() {
                failed()
            } else {
                FileText {
                    status: TextStatus::Extracted,
                    text: cap(text),
                }
            }
        }
        _ => failed(),
    }
}

/// The text inside a file of `media_type`: a PDF's (through `pdf-extract`), a `text/*`
/// file's (UTF-8, invalid sequences replaced); `none` for any other kind.
pub fn extract_text(bytes: &[u8], media_type: &str) -> FileText {
    if is_pdf(bytes, media_type) {
        if bytes.len() as u64 > MAX_PDF_PARSE_BYTES {
            return failed();
        }
        pdf_text(bytes)
    } else if is_text(media_type) {
        let end = bytes.len().min(MAX_TEXT_BYTES);
        FileText {
            status: TextStatus::Extracted,
            text: cap(String::from_utf8_lossy(&bytes[..end]).into_owned()),
        }
    } else {
        no_text()
    }
}

/// The text inside a file on disk, reading no more of it than needed: a text file's first
/// [`MAX_TEXT_BYTES`], a PDF whole (once, and only up to [`MAX_PDF_PARSE_BYTES`]), nothing of
/// any other kind.
pub fn extract_text_from_file(path: &Path, media_type: &str) -> Result<FileText, ApiError> {
    let what = format!("reading {}", path.display());
    let mut f = std::fs::File::open(path).map_err(|e| ApiError::io(&what, e))?;
    let size = f.metadata().map_err(|e| ApiError::io(&what, e))?.len();
    let mut head = [0u8; 5];
    let n = f.read(&mut head).map_err(|e| ApiError::io(&what, e))?;
    let pdf = is_pdf(&head[..n], media_type);
    if pdf && size > MAX_PDF_PARSE_BYTES {
        return Ok(failed());
    }
    if !pdf && !is_text(media_type) {
        return Ok(no_text());
    }
    let limit = if pdf { size } else { MAX_TEXT_BYTES as u64 };
    let mut bytes = Vec::with_capacity(limit.min(size) as usize);
    bytes.extend_from_slice(&head[..n]);
    f.take(limit.saturating_sub(n as u64))
        .read_to_end(&mut bytes)
        .map_err(|e| ApiError::io(&what, e))?;
    Ok(extract_text(&bytes, media_type))
}

/// Reads the text of every content still marked `pending` (moved in by a migration, or a PDF
/// archived when a pay run was approved) and records it; the search index follows by trigger.
/// Returns how many were read. Cheap when nothing is pending (one indexed query).
pub fn index_pending(company: &mut Company) -> Result<usize, ApiError> {
    index_pending_within(company, None)
}

/// As [`index_pending`], stopping after `budget` (the rest is read the next time): opening a
/// company with thousands of old payslips must not keep the user waiting.
pub fn index_pending_within(
    company: &mut Company,
    budget: Option<Duration>,
) -> Result<usize, ApiError> {
    let start = Instant::now();
    let mut done = 0;
    loop {
        let batch = company.pending_document_texts(64)?;
        if batch.is_empty() {
            return Ok(done);
        }
        for (sha, media_type) in batch {
            if budget.is_some_and(|b| start.elapsed() > b) {
                return Ok(done);
            }
            let bytes = company.blob_content(&sha)?;
            let text = extract_text(&bytes, &media_type);
            drop(bytes);
            company.set_document_text(&sha, &text)?;
            done += 1;
        }
    }
}

/// Reads the text of the given documents whose content is still `pending` (a pay run's
/// payslips just archived), leaving any other pending content for later.
pub fn index_documents(company: &mut Company, docs: &[DocumentRecord]) -> Result<usize, ApiError> {
    let mut done = 0;
    for d in docs {
        if d.text_status != TextStatus::Pending {
            continue;
        }
        // Two documents may share a content: read it once.
        if company.document(d.id)?.text_status != TextStatus::Pending {
            continue;
        }
        let bytes = company.blob_content(&d.sha256)?;
        let text = extract_text(&bytes, &d.media_type);
        drop(bytes);
        company.set_document_text(&d.sha256, &text)?;
        done += 1;
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_files_are_read_lossily_and_other_kinds_have_none() {
        let t = extract_text(b"hola \xff mundo", "text/plain");
        assert_eq!(t.status, TextStatus::Extracted);
        assert_eq!(t.text, "hola \u{fffd} mundo");
        assert_eq!(
            extract_text(b"\x89PNG", "image/png").status,
            TextStatus::None
        );
        let big = "á".repeat(MAX_TEXT_BYTES);
        let t = extract_text(big.as_bytes(), "text/csv");
        assert!(t.text.len() <= MAX_TEXT_BYTES && t.text.len() > MAX_TEXT_BYTES - 2);
    }

    /// A one-page PDF with Helvetica text shown by `op` (`Tj`, or `'` which pdf-extract skips).
    fn pdf_with(lines: &[&str], quote_operator: bool) -> Vec<u8> {
        let mut content = String::from("BT /F1 18 Tf 72 760 Td 22 TL\n");
        for l in lines {
            if quote_operator {
                content.push_str(&format!("({l}) '\n"));
            } else {
                content.push_str(&format!("({l}) Tj 0 -22 Td\n"));
            }
        }
        content.push_str("ET");
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_string(),
            format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
        ];
        let mut out = String::from("%PDF-1.4\n");
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.push_str(&format!("{} 0 obj\n{o}\nendobj\n", i + 1));
        }
        let xref = out.len();
        out.push_str(&format!(
            "xref\n0 {}\n0000000000 65535 f \n",
            objects.len() + 1
        ));
        for off in offsets {
            out.push_str(&format!("{off:010} 00000 n \n"));
        }
        out.push_str(&format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        ));
        out.into_bytes()
    }

    #[test]
    fn text_shown_with_either_operator_is_read() {
        for quote in [false, true] {
            let t = extract_text(
                &pdf_with(
                    &["Contrato de suministro", "Jarabe de zarzaparrilla"],
                    quote,
                ),
                "application/pdf",
            );
            assert_eq!(t.status, TextStatus::Extracted, "quote operator: {quote}");
            assert!(
                t.text.contains("zarzaparrilla"),
                "quote operator {quote}: {}",
                t.text
            );
        }
    }

    #[test]
    fn a_corrupt_pdf_is_marked_failed() {
        assert_eq!(
            extract_text(b"%PDF-1.7 garbage \x00\x01\x02", "application/pdf").status,
            TextStatus::Failed
        );
        assert_eq!(
            extract_text(&[0u8; 300], "application/pdf").status,
            TextStatus::Failed
        );
    }
}
