//! `trastienda doc add|list|get|verify`: the documents archive through the api's use cases
//! (the same code and messages as the UI). Adding takes the writer lock; reading opens the
//! company read-only, so it works while the app has it open.

use crate::{app, open, open_to_read};
use clap::Subcommand;
use std::path::PathBuf;
use trastienda_api::documents;
use trastienda_api::dto::{DocumentAddPathArgs, DocumentListArgs, RecordRefDto};
use trastienda_api::{ApiError, ErrorCode};

#[derive(Subcommand)]
pub enum DocWhat {
    /// Add a file to the archive (stored inside the company file, once per content).
    Add {
        #[arg(long)]
        company: PathBuf,
        path: PathBuf,
        /// A category code (facturas_emitidas, facturas_recibidas, nominas, contratos, legal,
        /// bancos, correspondencia, otros...); default otros.
        #[arg(long)]
        category: Option<String>,
        /// Default: the file name.
        #[arg(long)]
        title: Option<String>,
        /// YYYY-MM-DD; default today.
        #[arg(long)]
        date: Option<String>,
        #[arg(long = "tag")]
        tags: Vec<String>,
        #[arg(long)]
        notes: Option<String>,
        /// A record to attach it to, as kind:id (supplier:12, invoice:40, entry:7...).
        #[arg(long = "link")]
        links: Vec<String>,
    },
    /// List the archive, newest first.
    List {
        #[arg(long)]
        company: PathBuf,
        #[arg(long)]
        category: Option<String>,
        #[arg(long)]
        tag: Option<String>,
        /// Part of the title or the file name.
        #[arg(long)]
        q: Option<String>,
    },
    /// A document's details, or with --out its bytes written to a file.
    Get {
        #[arg(long)]
        company: PathBuf,
        id: i64,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Recompute every stored document's SHA-256; fails naming each one that does not match.
    Verify {
        #[arg(long)]
        company: PathBuf,
    },
}

fn parse_link(s: &str) -> Result<RecordRefDto, ApiError> {
    let bad = || {
        ApiError::new(
            ErrorCode::Validation,
            format!("--link '{s}': give the record as kind:id (supplier:12, invoice:40)"),
        )
    };
    let (kind, id) = s.split_once(':').ok_or_else(bad)?;
    Ok(RecordRefDto {
        kind: kind.trim().to_string(),
        id: id.trim().parse().map_err(|_| bad())?,
    })
}

fn size_text(n: i64) -> String {
    if n >= 10 * 1024 * 1024 {
        format!("{} MB", (n + 512 * 1024) / (1024 * 1024))
    } else if n >= 1024 {
        format!("{} kB", (n + 512) / 1024)
    } else {
        format!("{n} B")
    }
}

pub fn run(what: DocWhat) -> Result<(), ApiError> {
    match what {
        DocWhat::Add {
            company,
            path,
            category,
            title,
            date,
            tags,
            notes,
            links,
        } => {
            let links = links
                .iter()
                .map(|l| parse_link(l))
                .collect::<Result<Vec<_>, _>>()?;
            let app = app();
            let mut c = open(&app, &company)?;
            let d = documents::add_path(
                &mut c,
                &DocumentAddPathArgs {
                    path: path.display().to_string(),
                    category,
                    title,
                    doc_date: date,
                    tags: Some(tags),
                    notes,
                    links: Some(links),
                },
                app.today(),
                app.now(),
            )?;
            println!(
                "document {}: {} ({}, {}, {}, sha256 {}, text {})",
                d.id,
                d.title,
                d.category_name,
                d.doc_date,
                size_text(d.size),
                d.sha256,
                d.text_status
            );
        }
        DocWhat::List {
            company,
            category,
            tag,
            q,
        } => {
            let c = open_to_read(&company)?;
            println!(
                "{:>6}  {:<10} {:<20} {:>9}  {:<40} tags",
                "id", "date", "category", "size", "title"
            );
            let mut page = 0;
            loop {
                let p = documents::list_documents(
                    &c,
                    &DocumentListArgs {
                        category: category.clone(),
                        tag: tag.clone(),
                        q: q.clone(),
                        page: Some(page),
                        page_size: Some(500),
                        ..Default::default()
                    },
                )?;
                for r in &p.rows {
                    println!(
                        "{:>6}  {:<10} {:<20} {:>9}  {:<40} {}",
                        r.id,
                        r.doc_date,
                        r.category_name,
                        size_text(r.size),
                        r.title,
                        r.tags.join(", ")
                    );
                }
                if p.rows.len() < 500 {
                    println!("{} document(s)", p.total);
                    break;
                }
                page += 1;
            }
        }
        DocWhat::Get { company, id, out } => {
            let c = open_to_read(&company)?;
            match out {
                Some(out) => {
                    let n = documents::write_document_to(&c, id, &out)?;
                    println!("{}: {} bytes", out.display(), n);
                }
                None => {
                    let d = documents::document(&c, id)?;
                    println!("{} [{}]", d.title, d.id);
                    println!(
                        "file: {} ({}, {})",
                        d.file_name,
                        d.media_type,
                        size_text(d.size)
                    );
                    println!("category: {} ({})", d.category_name, d.category);
                    println!("date: {}", d.doc_date);
                    if !d.tags.is_empty() {
                        println!("tags: {}", d.tags.join(", "));
                    }
                    if !d.notes.is_empty() {
                        println!("notes: {}", d.notes);
                    }
                    println!("source: {}; text: {}", d.source, d.text_status);
                    println!("sha256: {}", d.sha256);
                    for l in &d.links {
                        println!("linked to {} {}: {}", l.kind, l.id, l.label);
                    }
                    println!("added: {}", d.created_at);
                }
            }
        }
        DocWhat::Verify { company } => {
            let c = open_to_read(&company)?;
            let r = documents::verify_documents(&c)?;
            if r.failures.is_empty() {
                println!(
                    "{}: documents ok ({} stored contents, {} checked against their SHA-256)",
                    company.display(),
                    r.checked,
                    size_text(r.bytes)
                );
            } else {
                for f in &r.failures {
                    eprintln!(
                        "document {} '{}': stored content hashes to {} ({} bytes), expected {} ({} bytes)",
                        f.id, f.title, f.actual_sha256, f.actual_size, f.expected_sha256, f.expected_size
                    );
                }
                return Err(ApiError::new(
                    ErrorCode::Database,
                    format!(
                        "{} document(s) no longer match their SHA-256; restore them from a backup",
                        r.failures.len()
                    ),
                ));
            }
        }
    }
    Ok(())
}
