//! The archive: attach and read back (whole, by range, a 120 MB file streamed in), the same
//! content stored once, verification catching tampered bytes, retention (refused inside it
//! naming the document, purged after it, the content freed only with its last document),
//! metadata edits and links audited, categories, the list's filters and paging, bad input
//! named by field.

mod common;

use common::*;
use std::io::Write;
use std::time::Instant;
use trastienda_core::ProblemCode;
use trastienda_store::{
    retention_end, CategoryInput, Company, Content, DocumentFilter, DocumentInput, DocumentMeta,
    FileText, RecordRef, StoreError, SupplierInput, TextStatus,
};

fn input(file_name: &str, category: &str, date: (i32, u32, u32)) -> DocumentInput {
    DocumentInput {
        file_name: file_name.into(),
        media_type: String::new(),
        category: category.into(),
        title: String::new(),
        doc_date: d(date.0, date.1, date.2),
        tags: Vec::new(),
        notes: String::new(),
        links: Vec::new(),
    }
}

fn no_text() -> FileText {
    FileText {
        status: TextStatus::None,
        text: String::new(),
    }
}

fn add(c: &mut Company, i: &DocumentInput, bytes: &[u8]) -> i64 {
    c.add_document(i, Content::Bytes(bytes), no_text, now())
        .unwrap()
        .id
}

fn blob_rows(path: &std::path::Path) -> i64 {
    let raw = rusqlite::Connection::open(path).unwrap();
    raw.query_row("SELECT count(*) FROM document_blobs", [], |r| r.get(0))
        .unwrap()
}

fn supplier(c: &mut Company, name: &str) -> i64 {
    c.save_supplier(
        None,
        &SupplierInput {
            legal_name: name.into(),
            ..SupplierInput::default()
        },
        now(),
    )
    .unwrap()
    .id
}

fn problems(e: StoreError) -> Vec<trastienda_core::Problem> {
    match e {
        StoreError::Invalid(p) => p,
        other => panic!("expected problems, got {other:?}"),
    }
}

#[test]
fn a_document_is_attached_and_read_back() {
    let mut f = fresh();
    let s = supplier(&mut f.company, "Papelera del Norte SL");
    let mut i = input("Contrato Limpieza.PDF", "contratos", (2026, 2, 10));
    i.tags = vec![" Limpieza ".into(), "2026".into(), "limpieza".into()];
    i.notes = "firmado".into();
    i.links = vec![RecordRef::new("supplier", s)];
    let bytes = b"%PDF-1.4 not really".to_vec();
    let rec = f
        .company
        .add_document(
            &i,
            Content::Bytes(&bytes),
            || FileText {
                status: TextStatus::Extracted,
                text: "limpieza mensual".into(),
            },
            now(),
        )
        .unwrap();
    assert_eq!(rec.title, "Contrato Limpieza.PDF");
    assert_eq!(rec.media_type, "application/pdf");
    assert_eq!(rec.tags, vec!["limpieza", "2026"]);
    assert_eq!(rec.size, bytes.len() as i64);
    assert_eq!(rec.source, "upload");
    assert_eq!(rec.text_status, TextStatus::Extracted);
    assert_eq!(rec.links, vec![RecordRef::new("supplier", s)]);
    assert_eq!(f.company.document_content(rec.id).unwrap(), bytes);
    assert_eq!(
        f.company.document_content_range(rec.id, 5, 3).unwrap(),
        &bytes[5..8]
    );
    assert_eq!(
        f.company
            .record_documents("supplier", s)
            .unwrap()
            .iter()
            .map(|d| d.id)
            .collect::<Vec<_>>(),
        vec![rec.id]
    );
    assert_eq!(
        f.company
            .record_labels(&[
                RecordRef::new("supplier", s),
                RecordRef::new("supplier", 999)
            ])
            .unwrap(),
        vec!["Papelera del Norte SL".to_string(), "supplier 999".into()]
    );
    let audit = f
        .company
        .audit_records(&format!("document:{}", rec.id), 10)
        .unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "archive");
}

#[test]
fn the_same_bytes_attached_twice_are_stored_once() {
    let mut f = fresh();
    let bytes = vec![7u8; 10_000];
    let a = add(
        &mut f.company,
        &input("a.bin", "otros", (2026, 1, 1)),
        &bytes,
    );
    let mut called = false;
    let b = f
        .company
        .add_document(
            &input("copia de a.bin", "legal", (2026, 1, 2)),
            Content::Bytes(&bytes),
            || {
                called = true;
                no_text()
            },
            now(),
        )
        .unwrap()
        .id;
    assert!(
        !called,
        "the text of a content already stored is not read again"
    );
    assert_ne!(a, b);
    assert_eq!(blob_rows(&f.path), 1);
    assert_eq!(
        f.company.document(a).unwrap().sha256,
        f.company.document(b).unwrap().sha256
    );
    assert_eq!(
        f.company
            .documents(&DocumentFilter::default())
            .unwrap()
            .total,
        2
    );
}

/// Deterministic bytes for a large file, generated in pieces (never held whole).
fn piece(i: u64, buf: &mut [u8]) {
    let mut x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    for b in buf.iter_mut() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *b = x as u8;
    }
}

/// Peak resident memory of this process, in bytes (Linux).
fn peak_rss() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[test]
fn a_120_mb_file_is_streamed_in_and_read_back_by_range() {
    const PIECE: usize = 4 << 20;
    const PIECES: u64 = 30; // 120 MiB
    let mut f = fresh();
    let path = f.dir.path().join("grande.bin");
    let mut buf = vec![0u8; PIECE];
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        for i in 0..PIECES {
            piece(i, &mut buf);
            out.write_all(&buf).unwrap();
        }
        out.flush().unwrap();
    }
    let (sha, size) = trastienda_store::hash_content(Content::File(&path)).unwrap();
    assert_eq!(size, PIECES * PIECE as u64);
    let before = peak_rss();
    let t = Instant::now();
    let rec = f
        .company
        .add_document(
            &input("grande.bin", "otros", (2026, 2, 1)),
            Content::File(&path),
            no_text,
            now(),
        )
        .unwrap();
    let stored = t.elapsed();
    // Streamed: the content is never held in memory whole (a zeroblob followed by other
    // columns would be materialised by SQLite, hence `data` is the table's last column).
    if let (Some(b), Some(a)) = (before, peak_rss()) {
        let grew = a.saturating_sub(b) / (1024 * 1024);
        eprintln!("storing 120 MiB raised the peak memory by {grew} MiB");
        // Less than the file itself (other tests run alongside in this process): it was
        // never held whole (the zeroblob before other columns cost 260 MiB).
        assert!(
            grew < 120,
            "storing 120 MiB raised the peak memory by {grew} MiB: it was held whole"
        );
    }
    assert_eq!(rec.sha256, sha);
    assert_eq!(rec.size as u64, size);
    let t = Instant::now();
    for i in 0..PIECES {
        piece(i, &mut buf);
        let got = f
            .company
            .document_content_range(rec.id, i * PIECE as u64, PIECE)
            .unwrap();
        assert!(got == buf, "piece {i} differs");
    }
    // A range across two pieces and one past the end.
    let got = f
        .company
        .document_content_range(rec.id, PIECE as u64 - 10, 20)
        .unwrap();
    piece(0, &mut buf);
    assert_eq!(&got[..10], &buf[PIECE - 10..]);
    assert!(f
        .company
        .document_content_range(rec.id, size, 10)
        .unwrap()
        .is_empty());
    let read = t.elapsed();
    let t = Instant::now();
    let report = f.company.verify_documents(|_, _| {}).unwrap();
    assert_eq!(report.checked, 1);
    assert_eq!(report.bytes, size);
    assert!(report.failures.is_empty());
    eprintln!(
        "120 MiB: stored in {stored:?}, read back in {read:?}, verified in {:?}",
        t.elapsed()
    );
}

#[test]
fn verify_finds_a_content_whose_bytes_were_tampered_with() {
    let mut f = fresh();
    let good = add(
        &mut f.company,
        &input("bueno.txt", "otros", (2026, 1, 1)),
        b"intacto",
    );
    let bad = add(
        &mut f.company,
        &input("malo.txt", "otros", (2026, 1, 1)),
        b"original",
    );
    let twin = add(
        &mut f.company,
        &input("copia.txt", "legal", (2026, 1, 1)),
        b"original",
    );
    assert!(f
        .company
        .verify_documents(|_, _| {})
        .unwrap()
        .failures
        .is_empty());
    let sha = f.company.document(bad).unwrap().sha256;
    {
        let raw = rusqlite::Connection::open(&f.path).unwrap();
        // The database refuses the edit as long as its trigger is there.
        assert!(raw
            .execute(
                "UPDATE document_blobs SET data = CAST('ORIGINAL' AS BLOB) WHERE sha256 = ?1",
                [&sha]
            )
            .is_err());
        raw.execute_batch("DROP TRIGGER document_blobs_no_update")
            .unwrap();
        raw.execute(
            "UPDATE document_blobs SET data = CAST('ORIGINAL' AS BLOB) WHERE sha256 = ?1",
            [&sha],
        )
        .unwrap();
    }
    let report = f.company.verify_documents(|_, _| {}).unwrap();
    assert_eq!(report.checked, 2);
    let ids: Vec<i64> = report.failures.iter().map(|x| x.id).collect();
    assert_eq!(
        ids,
        vec![bad, twin],
        "both documents holding the content are named"
    );
    assert!(!ids.contains(&good));
    assert_eq!(report.failures[0].expected_sha256, sha);
    assert_ne!(report.failures[0].actual_sha256, sha);
    assert_eq!(report.failures[0].title, "malo.txt");
}

#[test]
fn retention_is_computed_from_the_year_end_or_the_date() {
    assert_eq!(
        retention_end(d(2020, 3, 15), 6, "year_end"),
        Some(d(2026, 12, 31))
    );
    assert_eq!(
        retention_end(d(2020, 3, 15), 4, "date"),
        Some(d(2024, 3, 15))
    );
    assert_eq!(
        retention_end(d(2020, 2, 29), 1, "date"),
        Some(d(2021, 2, 28))
    );
    assert_eq!(retention_end(d(2020, 3, 15), 0, "year_end"), None);
}

#[test]
fn a_purge_is_refused_inside_retention_and_frees_a_content_with_its_last_document() {
    let mut f = fresh();
    let today = d(2026, 3, 1);
    // Facturas emitidas: 6 years from the close of the year.
    let old = add(
        &mut f.company,
        &input("f-2015.pdf", "facturas_emitidas", (2015, 6, 1)),
        b"old invoice",
    );
    let recent = add(
        &mut f.company,
        &input("f-2024.pdf", "facturas_emitidas", (2024, 1, 10)),
        b"recent invoice",
    );
    // Otros: no retention, purgeable at once; two documents sharing one content.
    let x1 = add(
        &mut f.company,
        &input("nota.txt", "otros", (2026, 2, 1)),
        b"shared",
    );
    let x2 = add(
        &mut f.company,
        &input("nota copia.txt", "otros", (2026, 2, 2)),
        b"shared",
    );

    let past: Vec<(i64, Option<chrono::NaiveDate>)> = f
        .company
        .documents_past_retention(today)
        .unwrap()
        .into_iter()
        .map(|r| (r.id, r.retention_end))
        .collect();
    assert_eq!(
        past,
        vec![(old, Some(d(2021, 12, 31))), (x1, None), (x2, None)]
    );

    let audit_before = f.company.audit_len().unwrap();
    let e = f
        .company
        .purge_documents(&[old, recent], today, now())
        .unwrap_err();
    let p = problems(e);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].field.as_deref(), Some("ids"));
    assert!(
        p[0].message.contains(&format!("document {recent}")) && p[0].message.contains("2030-12-31"),
        "{}",
        p[0].message
    );
    // Nothing was deleted.
    assert!(f.company.document(old).is_ok());
    assert_eq!(f.company.audit_len().unwrap(), audit_before);

    let r = f.company.purge_documents(&[old], today, now()).unwrap();
    assert_eq!((r.deleted, r.freed_bytes), (1, 11));
    assert!(matches!(
        f.company.document(old),
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(blob_rows(&f.path), 2);

    // The content stays while another document uses it.
    let r = f.company.purge_documents(&[x1], today, now()).unwrap();
    assert_eq!((r.deleted, r.freed_bytes), (1, 0));
    assert_eq!(blob_rows(&f.path), 2);
    assert_eq!(f.company.document_content(x2).unwrap(), b"shared");
    let r = f.company.purge_documents(&[x2], today, now()).unwrap();
    assert_eq!((r.deleted, r.freed_bytes), (1, 6));
    assert_eq!(blob_rows(&f.path), 1);

    let purges = f.company.audit_records("document:", 50).unwrap();
    assert_eq!(purges.iter().filter(|a| a.action == "purge").count(), 3);
    // An unknown id is named.
    assert!(matches!(
        f.company.purge_documents(&[9999], today, now()),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn bad_input_is_named_by_field_and_nothing_is_written() {
    let mut f = fresh();
    let mut i = input("a.txt", "no_such", (2026, 1, 1));
    i.tags = vec!["uno, dos".into()];
    i.links = vec![RecordRef::new("supplier", 42), RecordRef::new("planet", 1)];
    let p = problems(
        f.company
            .add_document(&i, Content::Bytes(b"x"), no_text, now())
            .unwrap_err(),
    );
    let fields: Vec<&str> = p.iter().filter_map(|p| p.field.as_deref()).collect();
    assert!(fields.contains(&"category"), "{p:?}");
    assert!(fields.contains(&"tags"), "{p:?}");
    assert_eq!(fields.iter().filter(|f| **f == "links").count(), 2, "{p:?}");
    assert!(p.iter().any(|p| p.message.contains("uno, dos")));
    assert!(p
        .iter()
        .any(|p| p.code == ProblemCode::NotFound && p.message.contains("no_such")));
    let e = f
        .company
        .add_document(
            &input("vacío.txt", "otros", (2026, 1, 1)),
            Content::Bytes(b""),
            no_text,
            now(),
        )
        .unwrap_err();
    assert_eq!(problems(e)[0].field.as_deref(), Some("file"));
    assert_eq!(blob_rows(&f.path), 0);
    assert_eq!(
        f.company
            .documents(&DocumentFilter::default())
            .unwrap()
            .total,
        0
    );
}

#[test]
fn metadata_edits_and_links_are_audited_and_content_never_changes() {
    let mut f = fresh();
    let s = supplier(&mut f.company, "Gestoría Ruiz");
    let id = add(
        &mut f.company,
        &input("escritura.pdf", "otros", (2026, 1, 5)),
        b"escritura",
    );
    let sha = f.company.document(id).unwrap().sha256;
    let meta = DocumentMeta {
        category: "legal".into(),
        title: "Escritura de constitución".into(),
        doc_date: d(2019, 4, 2),
        tags: vec!["Notaría".into(), "sociedad".into()],
        notes: "original en la caja fuerte".into(),
    };
    let rec = f.company.update_document(id, &meta, now()).unwrap();
    assert_eq!(rec.category, "legal");
    assert_eq!(rec.title, "Escritura de constitución");
    assert_eq!(rec.doc_date, d(2019, 4, 2));
    assert_eq!(rec.tags, vec!["notaría", "sociedad"]);
    assert_eq!(rec.sha256, sha);
    assert_eq!(rec.source, "upload");
    let a = f
        .company
        .audit_records(&format!("document:{id}"), 10)
        .unwrap();
    assert_eq!(a[0].action, "update");
    assert!(a[0].before.as_deref().unwrap().contains("otros"));
    assert!(a[0]
        .after
        .as_deref()
        .unwrap()
        .contains("Escritura de constitución"));
    // The same again changes nothing and writes nothing.
    let n = f.company.audit_len().unwrap();
    f.company.update_document(id, &meta, now()).unwrap();
    assert_eq!(f.company.audit_len().unwrap(), n);
    // Bad metadata is named.
    let p = problems(
        f.company
            .update_document(
                id,
                &DocumentMeta {
                    category: "nada".into(),
                    ..meta.clone()
                },
                now(),
            )
            .unwrap_err(),
    );
    assert_eq!(p[0].field.as_deref(), Some("category"));

    let rec = f
        .company
        .link_document(id, &RecordRef::new("supplier", s), now())
        .unwrap();
    assert_eq!(rec.links, vec![RecordRef::new("supplier", s)]);
    let p = problems(
        f.company
            .link_document(id, &RecordRef::new("customer", 77), now())
            .unwrap_err(),
    );
    assert_eq!(p[0].field.as_deref(), Some("record_id"));
    assert!(p[0].message.contains("customer 77"));
    let rec = f
        .company
        .unlink_document(id, &RecordRef::new("supplier", s), now())
        .unwrap();
    assert!(rec.links.is_empty());
    assert!(f
        .company
        .unlink_document(id, &RecordRef::new("supplier", s), now())
        .is_err());
    let actions: Vec<String> = f
        .company
        .audit_records(&format!("document:{id}"), 10)
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert_eq!(actions, vec!["unlink", "link", "update", "archive"]);
}

#[test]
fn categories_are_listed_with_counts_and_saved_with_their_code_fixed() {
    let mut f = fresh();
    add(&mut f.company, &input("a.txt", "legal", (2026, 1, 1)), b"a");
    add(&mut f.company, &input("b.txt", "legal", (2026, 1, 1)), b"b");
    let cats = f.company.document_categories().unwrap();
    assert_eq!(cats.len(), 8);
    assert_eq!(cats[0].code, "facturas_emitidas");
    let legal = cats.iter().find(|c| c.code == "legal").unwrap();
    assert_eq!((legal.document_count, legal.builtin), (2, true));

    let cats = f
        .company
        .save_document_category(
            &CategoryInput {
                code: "seguros".into(),
                name: "Seguros".into(),
                retention_years: 5,
                retention_basis: "date".into(),
                retention_note: "pólizas".into(),
            },
            now(),
        )
        .unwrap();
    let s = cats.last().unwrap();
    assert_eq!(
        (s.code.as_str(), s.retention_years, s.builtin),
        ("seguros", 5, false)
    );
    // Editing a built-in one keeps its code.
    let cats = f
        .company
        .save_document_category(
            &CategoryInput {
                code: "legal".into(),
                name: "Legal y fiscal".into(),
                retention_years: 5,
                retention_basis: "year_end".into(),
                retention_note: "LGT".into(),
            },
            now(),
        )
        .unwrap();
    let legal = cats.iter().find(|c| c.code == "legal").unwrap();
    assert_eq!(
        (
            legal.name.as_str(),
            legal.retention_years,
            legal.document_count
        ),
        ("Legal y fiscal", 5, 2)
    );
    let p = problems(
        f.company
            .save_document_category(
                &CategoryInput {
                    code: "Mal Código".into(),
                    name: " ".into(),
                    retention_years: 101,
                    retention_basis: "siempre".into(),
                    retention_note: String::new(),
                },
                now(),
            )
            .unwrap_err(),
    );
    let fields: Vec<&str> = p.iter().filter_map(|p| p.field.as_deref()).collect();
    assert_eq!(
        fields,
        vec!["code", "name", "retention_years", "retention_basis"]
    );
    let a = f.company.audit_records("document_category:", 10).unwrap();
    assert_eq!(a.len(), 2);
}

#[test]
fn the_list_filters_and_pages_newest_first() {
    let mut f = fresh();
    let s = supplier(&mut f.company, "Transportes Gil");
    let mut ids = Vec::new();
    for i in 0..12u32 {
        let mut inp = input(
            &format!("doc-{i:02}.txt"),
            if i % 2 == 0 { "legal" } else { "bancos" },
            (2025, 1 + i, 1),
        );
        if i % 3 == 0 {
            inp.tags = vec!["anual".into()];
        }
        if i == 5 {
            inp.title = "Póliza del camión".into();
            inp.links = vec![RecordRef::new("supplier", s)];
        }
        ids.push(add(&mut f.company, &inp, format!("content {i}").as_bytes()));
    }
    let all = f.company.documents(&DocumentFilter::default()).unwrap();
    assert_eq!(all.total, 12);
    assert_eq!(all.rows[0].id, ids[11], "newest first");
    let p = f
        .company
        .documents(&DocumentFilter {
            page: 1,
            page_size: 5,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(p.total, 12);
    assert_eq!(
        p.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![ids[6], ids[5], ids[4], ids[3], ids[2]]
    );
    let legal = f
        .company
        .documents(&DocumentFilter {
            category: Some("legal".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(legal.total, 6);
    assert_eq!(legal.rows[0].category_name, "Legal");
    let tagged = f
        .company
        .documents(&DocumentFilter {
            tag: Some("Anual".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(tagged.total, 4);
    let q = f
        .company
        .documents(&DocumentFilter {
            q: Some("camión".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        q.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![ids[5]]
    );
    assert_eq!(q.rows[0].link_count, 1);
    // Typed without the accent, in capitals, or only its beginning: the same document.
    for typed in ["camion", "CAMIÓN", "cami"] {
        let folded = f
            .company
            .documents(&DocumentFilter {
                q: Some(typed.into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            folded.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![ids[5]],
            "{typed}"
        );
    }
    let by_name = f
        .company
        .documents(&DocumentFilter {
            q: Some("DOC-0".into()),
            from: Some(d(2025, 3, 1)),
            to: Some(d(2025, 5, 31)),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(by_name.total, 3);
    let linked = f
        .company
        .documents(&DocumentFilter {
            record: Some(RecordRef::new("supplier", s)),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(linked.total, 1);
    let issued = f
        .company
        .documents(&DocumentFilter {
            source: Some("issued".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(issued.total, 0);
    // A '%' in the text is literal.
    let pct = f
        .company
        .documents(&DocumentFilter {
            q: Some("%".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(pct.total, 0);
}

/// 100 000 documents (one shared content, inserted in one statement): the archive's first
/// page, a category page deep in the list, a tag and a title search stay well under a
/// second even in a debug build.
#[test]
fn the_list_stays_fast_on_100k_documents() {
    let mut f = fresh();
    let id = add(
        &mut f.company,
        &input("base.pdf", "otros", (2026, 1, 1)),
        b"shared content",
    );
    let sha = f.company.document(id).unwrap().sha256;
    let t = Instant::now();
    f.company
        .execute_raw(&format!(
            "INSERT INTO documents (sha256, file_name, media_type, category, title, doc_date,
                                    tags, notes, source, created_at)
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
             SELECT '{sha}', 'doc-' || i || '.pdf', 'application/pdf',
                    CASE i % 4 WHEN 0 THEN 'legal' WHEN 1 THEN 'bancos' WHEN 2 THEN 'contratos'
                    ELSE 'otros' END,
                    'Documento número ' || i, date('2015-01-01', '+' || (i % 4000) || ' days'),
                    CASE WHEN i % 100 = 0 THEN ',auditoria,' ELSE '' END, '', 'upload',
                    '2026-03-01T12:00:00+00:00'
             FROM n"
        ))
        .unwrap();
    eprintln!(
        "100k documents inserted (with their index rows) in {:?}",
        t.elapsed()
    );
    let time = |filter: DocumentFilter| {
        let t = Instant::now();
        let p = f.company.documents(&filter).unwrap();
        (p, t.elapsed())
    };
    let (first, t1) = time(DocumentFilter::default());
    assert_eq!(first.total, 100_001);
    assert_eq!(first.rows.len(), 50);
    let (deep, t2) = time(DocumentFilter {
        category: Some("legal".into()),
        page: 400,
        page_size: 50,
        ..Default::default()
    });
    assert_eq!(deep.total, 25_000);
    assert_eq!(deep.rows.len(), 50);
    let (tagged, t3) = time(DocumentFilter {
        tag: Some("auditoria".into()),
        ..Default::default()
    });
    assert_eq!(tagged.total, 1000);
    let (q, t4) = time(DocumentFilter {
        q: Some("número 99999".into()),
        ..Default::default()
    });
    assert_eq!(q.total, 1);
    eprintln!(
        "100k documents: first page {t1:?}, legal page 400 {t2:?}, a tag {t3:?}, a title {t4:?}"
    );
}
