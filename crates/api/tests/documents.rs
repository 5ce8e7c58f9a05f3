//! The documents archive through the command table, as the UI calls it: a chunked upload read
//! back equal, a wrong offset and an oversized file refused (the latter before any byte is
//! sent), an invoice PDF's words found by the full-text index, a corrupt PDF stored marked
//! 'failed', metadata, links with their labels, retention and purge, verification, opening a
//! document, and a 100 MB upload that never holds the file in memory twice.

use base64::Engine;
use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use std::time::Instant;
use trastienda_api::{dispatch, App, AppConfig};

fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir.path().join("data"));
    cfg.fixed_now = Some(Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap());
    let app = App::new(cfg);
    ok(
        &app,
        "create_company",
        json!({"name": "Archivo Pruebas SL", "tax_id": "B12345674", "country": "ES",
               "address": "Calle Mayor 1\n28001 Madrid", "fiscal_year_start_month": 1,
               "currency": "EUR", "language": "es", "template": "es-pymes"}),
    );
    (dir, app)
}

fn ok(app: &App, cmd: &str, args: Value) -> Value {
    dispatch(app, cmd, args.clone()).unwrap_or_else(|e| {
        panic!(
            "{cmd} {}: {e:?}",
            args.to_string().chars().take(300).collect::<String>()
        )
    })
}

fn err(app: &App, cmd: &str, args: Value) -> Value {
    match dispatch(app, cmd, args.clone()) {
        Ok(v) => panic!("{cmd} should fail, gave {v}"),
        Err(e) => serde_json::to_value(e).unwrap(),
    }
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn unb64(s: &Value) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(s.as_str().unwrap())
        .unwrap()
}

fn customer(app: &App, name: &str) -> i64 {
    ok(
        app,
        "save_customer",
        json!({"customer": {
            "legal_name": name, "trade_name": null, "country": "ES",
            "tax_id": "87654321X", "address": "Avenida del Puerto 12", "postal_code": "46023",
            "city": "Valencia", "province": "Valencia", "shipping_address": null,
            "email": null, "phone": null, "payment_days": 30, "payment_days_of_month": null,
            "treatment": "domestic", "exemption_cause": null, "iban": null, "account": null,
            "notes": "", "contacts": []}}),
    )["id"]
        .as_i64()
        .unwrap()
}

/// Uploads `bytes` as `file_name` in `chunks` pieces and finishes with `extra` fields.
fn upload(app: &App, file_name: &str, bytes: &[u8], chunks: usize, extra: Value) -> Value {
    let id = ok(
        app,
        "document_upload_begin",
        json!({"file_name": file_name, "size": bytes.len()}),
    )["upload_id"]
        .clone();
    let step = bytes.len().div_ceil(chunks).max(1);
    for (i, piece) in bytes.chunks(step).enumerate() {
        let r = ok(
            app,
            "document_upload_chunk",
            json!({"upload_id": id, "offset": i * step, "content_base64": b64(piece)}),
        );
        assert_eq!(r["received"], (i * step + piece.len()) as i64);
    }
    let mut args = json!({"upload_id": id, "category": "otros", "title": "", "doc_date": "",
                          "tags": [], "notes": "", "links": []});
    for (k, v) in extra.as_object().unwrap() {
        args[k] = v.clone();
    }
    ok(app, "document_upload_finish", args)
}

fn uploads_left(dir: &tempfile::TempDir) -> usize {
    std::fs::read_dir(dir.path().join("data/uploads"))
        .map(|d| d.count())
        .unwrap_or(0)
}

#[test]
fn a_chunked_upload_is_read_back_equal_with_its_links() {
    let (dir, app) = app();
    let c = customer(&app, "Talleres Ruiz SL");
    let bytes: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let doc = upload(
        &app,
        "plano taller.bin",
        &bytes,
        3,
        json!({"category": "contratos", "title": "Plano del taller", "doc_date": "2026-02-14",
               "tags": ["Planos", "2026"], "notes": "versión firmada",
               "links": [{"kind": "customer", "id": c}]}),
    );
    assert_eq!(uploads_left(&dir), 0, "the temporary file is gone");
    let id = doc["id"].as_i64().unwrap();
    let got = ok(&app, "document_get", json!({"id": id}));
    assert_eq!(got["title"], "Plano del taller");
    assert_eq!(got["size"], 100_000);
    assert_eq!(got["category_name"], "Contratos");
    assert_eq!(got["tags"], json!(["planos", "2026"]));
    assert_eq!(got["media_type"], "application/octet-stream");
    assert_eq!(got["text_status"], "none");
    assert_eq!(got["source"], "upload");
    assert_eq!(
        got["links"],
        json!([{"kind": "customer", "id": c, "label": "Talleres Ruiz SL"}])
    );
    let content = ok(&app, "document_content", json!({"id": id}));
    assert_eq!(content["size"], 100_000);
    assert_eq!(content["file_name"], "plano taller.bin");
    assert_eq!(unb64(&content["content_base64"]), bytes);
    let part = ok(
        &app,
        "document_content",
        json!({"id": id, "offset": 99_990, "length": 100}),
    );
    assert_eq!(unb64(&part["content_base64"]), &bytes[99_990..]);

    let on_record = ok(
        &app,
        "record_documents",
        json!({"kind": "customer", "id": c}),
    );
    assert_eq!(on_record.as_array().unwrap().len(), 1);
    let list = ok(&app, "document_list", json!({"tag": "planos"}));
    assert_eq!(list["total"], 1);
    assert_eq!(list["rows"][0]["link_count"], 1);
    let list = ok(
        &app,
        "document_list",
        json!({"record_kind": "customer", "record_id": c + 1}),
    );
    assert_eq!(list["total"], 0);

    // The same bytes again: a second document, one content.
    let again = upload(&app, "copia.bin", &bytes, 1, json!({}));
    assert_eq!(again["sha256"], got["sha256"]);
    assert_eq!(again["doc_date"], "2026-03-01", "today when not given");
    let v = ok(&app, "documents_verify", json!({}));
    assert_eq!(v["checked"], 1);
    assert_eq!(v["bytes"], 100_000);
    assert_eq!(v["failures"], json!([]));
}

#[test]
fn wrong_offsets_short_uploads_and_oversized_files_are_refused() {
    let (dir, app) = app();
    // Over the limit: refused before any byte is sent, naming the file and the limit.
    let e = err(
        &app,
        "document_upload_begin",
        json!({"file_name": "película.mov", "size": 600u64 * 1024 * 1024}),
    );
    let msg = e["message"].as_str().unwrap();
    assert!(
        msg.contains("película.mov") && msg.contains("512 MB"),
        "{msg}"
    );
    assert_eq!(e["problems"][0]["field"], "size");
    assert_eq!(uploads_left(&dir), 0);

    let id = ok(
        &app,
        "document_upload_begin",
        json!({"file_name": "a.txt", "size": 10}),
    )["upload_id"]
        .clone();
    ok(
        &app,
        "document_upload_chunk",
        json!({"upload_id": id, "offset": 0, "content_base64": b64(b"hola ")}),
    );
    let e = err(
        &app,
        "document_upload_chunk",
        json!({"upload_id": id, "offset": 3, "content_base64": b64(b"mundo")}),
    );
    assert_eq!(e["problems"][0]["field"], "offset");
    assert!(e["message"].as_str().unwrap().contains("from byte 5"));
    let e = err(
        &app,
        "document_upload_chunk",
        json!({"upload_id": id, "offset": 5, "content_base64": b64(b"mundo!")}),
    );
    assert_eq!(e["problems"][0]["field"], "content_base64");
    let e = err(
        &app,
        "document_upload_chunk",
        json!({"upload_id": id, "offset": 5, "content_base64": "%%%"}),
    );
    assert_eq!(e["problems"][0]["field"], "content_base64");
    // Finishing early is refused and the upload is gone.
    let e = err(
        &app,
        "document_upload_finish",
        json!({"upload_id": id, "category": "otros", "title": "", "doc_date": "",
               "tags": [], "notes": "", "links": []}),
    );
    assert!(e["message"].as_str().unwrap().contains("5 arrived"), "{e}");
    assert_eq!(uploads_left(&dir), 0);
    let e = err(
        &app,
        "document_upload_chunk",
        json!({"upload_id": id, "offset": 5, "content_base64": b64(b"mundo")}),
    );
    assert_eq!(e["problems"][0]["field"], "upload_id");
    // A path in the id is no path.
    let e = err(
        &app,
        "document_upload_chunk",
        json!({"upload_id": "../../settings", "offset": 0, "content_base64": ""}),
    );
    assert_eq!(e["problems"][0]["field"], "upload_id");

    // A bad category and a tag with a comma, named by field; nothing stored.
    let id = ok(
        &app,
        "document_upload_begin",
        json!({"file_name": "b.txt", "size": 3}),
    )["upload_id"]
        .clone();
    ok(
        &app,
        "document_upload_chunk",
        json!({"upload_id": id, "offset": 0, "content_base64": b64(b"abc")}),
    );
    let e = err(
        &app,
        "document_upload_finish",
        json!({"upload_id": id, "category": "nada", "title": "", "doc_date": "2026-02-30",
               "tags": ["a,b"], "notes": "", "links": []}),
    );
    assert_eq!(e["problems"][0]["field"], "doc_date");
    assert_eq!(uploads_left(&dir), 0);
    let id = ok(
        &app,
        "document_upload_begin",
        json!({"file_name": "b.txt", "size": 3}),
    )["upload_id"]
        .clone();
    ok(
        &app,
        "document_upload_chunk",
        json!({"upload_id": id, "offset": 0, "content_base64": b64(b"abc")}),
    );
    let e = err(
        &app,
        "document_upload_finish",
        json!({"upload_id": id, "category": "nada", "title": "", "doc_date": "",
               "tags": ["a,b"], "notes": "", "links": [{"kind": "customer", "id": 99}]}),
    );
    let fields: Vec<&str> = e["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["category", "links", "tags"], "{e}");
    assert_eq!(ok(&app, "document_list", json!({}))["total"], 0);
    // Cancelling removes what was received.
    let id = ok(
        &app,
        "document_upload_begin",
        json!({"file_name": "c.txt", "size": 3}),
    )["upload_id"]
        .clone();
    assert_eq!(uploads_left(&dir), 2);
    ok(&app, "document_upload_cancel", json!({"upload_id": id}));
    assert_eq!(uploads_left(&dir), 0);
}

#[test]
fn an_invoice_pdf_is_found_by_a_word_inside_it_and_a_corrupt_pdf_is_marked_failed() {
    let (dir, app) = app();
    let c = customer(&app, "Talleres Ruiz SL");
    let d = ok(
        &app,
        "save_invoice_draft",
        json!({"invoice": {"issue_date": "2026-02-20", "customer_id": c, "withholding_pct": "0",
               "lines": [{"description": "Desatascos de arquetas", "quantity": "1",
                          "unit_price": "95", "tax": "21"}]}}),
    );
    let inv = ok(&app, "issue_invoice", json!({"id": d["id"]}));
    let pdf = unb64(&ok(&app, "invoice_pdf", json!({"number": inv["number"]}))["content_base64"]);
    assert!(pdf.starts_with(b"%PDF"));
    let doc = upload(
        &app,
        "factura.pdf",
        &pdf,
        3,
        json!({"category": "facturas_emitidas", "links": [{"kind": "invoice", "id": d["id"]}]}),
    );
    assert_eq!(doc["media_type"], "application/pdf");
    assert_eq!(doc["text_status"], "extracted", "{doc}");
    let label = doc["links"][0]["label"].as_str().unwrap();
    assert!(
        label.contains(inv["number"].as_str().unwrap()) && label.contains("Talleres Ruiz"),
        "{label}"
    );
    let id = doc["id"].as_i64().unwrap();

    let mut junk = vec![0u8; 4096];
    let mut x: u32 = 12345;
    for b in junk.iter_mut() {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        *b = (x >> 16) as u8;
    }
    let bad = upload(&app, "x.pdf", &junk, 1, json!({}));
    assert_eq!(bad["text_status"], "failed");
    assert_eq!(
        unb64(&ok(&app, "document_content", json!({"id": bad["id"]}))["content_base64"]),
        junk
    );

    let file = dir
        .path()
        .join("data/companies/archivo-pruebas-sl.trastienda");
    let raw = rusqlite::Connection::open(&file).unwrap();
    let rowids: Vec<i64> = raw
        .prepare("SELECT rowid FROM search_index WHERE search_index MATCH 'desatascos'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(rowids.contains(&(id * 16 + 7)), "{rowids:?}");
    // Only documents hold that word (an invoice is indexed by number and customer).
    assert!(rowids.iter().all(|r| r % 16 == 7), "{rowids:?}");
}

#[test]
fn metadata_links_retention_purge_and_open() {
    let (dir, app) = app();
    let c = customer(&app, "Ferretería Sol SL");
    let old = dir.path().join("acta 2015.txt");
    std::fs::write(&old, "Acta de la junta de 2015").unwrap();
    let doc = ok(
        &app,
        "document_add_path",
        json!({"path": old.display().to_string(), "doc_date": "2015-05-01"}),
    );
    assert_eq!(doc["category"], "otros");
    assert_eq!(doc["file_name"], "acta 2015.txt");
    assert_eq!(doc["text_status"], "extracted");
    let id = doc["id"].as_i64().unwrap();

    let upd = ok(
        &app,
        "document_update",
        json!({"id": id, "category": "legal", "title": "Acta junta 2015", "doc_date": "2015-05-01",
               "tags": ["Junta"], "notes": "copia"}),
    );
    assert_eq!(upd["category_name"], "Legal");
    assert_eq!(upd["sha256"], doc["sha256"]);
    let e = err(
        &app,
        "document_update",
        json!({"id": id, "category": "legal", "title": "", "doc_date": "mayo",
               "tags": [], "notes": ""}),
    );
    assert_eq!(e["problems"][0]["field"], "doc_date");
    let linked = ok(
        &app,
        "document_link",
        json!({"id": id, "kind": "customer", "record_id": c}),
    );
    assert_eq!(linked["links"][0]["label"], "Ferretería Sol SL");
    let e = err(
        &app,
        "document_link",
        json!({"id": id, "kind": "customer", "record_id": c + 100}),
    );
    assert_eq!(e["problems"][0]["field"], "record_id");
    let unlinked = ok(
        &app,
        "document_unlink",
        json!({"id": id, "kind": "customer", "record_id": c}),
    );
    assert_eq!(unlinked["links"], json!([]));
    let audit = ok(
        &app,
        "audit_log",
        json!({"record": format!("document:{id}")}),
    );
    assert_eq!(audit["total"], 4, "archive, update, link, unlink");

    // Legal keeps 4 years from the close of the year: 2019-12-31, purgeable in 2026.
    let cats = ok(&app, "document_categories", json!({}));
    let legal = cats
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "legal")
        .unwrap();
    assert_eq!(legal["document_count"], 1);
    let recent = ok(
        &app,
        "document_add_path",
        json!({"path": old.display().to_string(), "category": "facturas_emitidas",
               "doc_date": "2025-06-01", "title": "misma acta, otra fecha"}),
    );
    let ret = ok(&app, "document_retention", json!({}));
    assert_eq!(
        ret,
        json!([{"id": id, "title": "Acta junta 2015", "category": "legal", "category_name": "Legal",
                "doc_date": "2015-05-01", "retention_end": "2019-12-31", "size": 24}])
    );
    let e = err(&app, "document_purge", json!({"ids": [id, recent["id"]]}));
    assert!(e["message"].as_str().unwrap().contains("2031-12-31"), "{e}");
    let p = ok(&app, "document_purge", json!({"ids": [id]}));
    assert_eq!(
        p,
        json!({"deleted": 1, "freed_bytes": 0}),
        "the content is still used"
    );
    assert!(dispatch(&app, "document_get", json!({"id": id})).is_err());

    // A new category with no retention.
    let cats = ok(
        &app,
        "document_category_save",
        json!({"code": "borradores", "name": "Borradores", "retention_years": 0,
               "retention_basis": "year_end", "retention_note": ""}),
    );
    assert!(cats
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["code"] == "borradores" && c["builtin"] == false));

    // Opening writes the document out (the viewer itself is not started in tests).
    std::env::set_var("TRASTIENDA_NO_VIEWER", "1");
    let opened = ok(&app, "document_open", json!({"id": recent["id"]}));
    let path = opened["path"].as_str().unwrap();
    assert!(path.ends_with("acta 2015.txt"), "{path}");
    assert_eq!(std::fs::read(path).unwrap(), b"Acta de la junta de 2015");
}

/// Peak resident memory of this process, in bytes (Linux).
fn peak_rss() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[test]
fn a_100_mb_upload_is_never_held_in_memory_whole() {
    const CHUNK: usize = 8 * 1024 * 1024;
    const SIZE: usize = 100 * 1024 * 1024;
    let (_dir, app) = app();
    let before = peak_rss();
    let t = Instant::now();
    let id = ok(
        &app,
        "document_upload_begin",
        json!({"file_name": "copia-seguridad.bin", "size": SIZE}),
    )["upload_id"]
        .clone();
    let mut buf = vec![0u8; CHUNK];
    let mut offset = 0usize;
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    while offset < SIZE {
        let n = CHUNK.min(SIZE - offset);
        for b in buf[..n].iter_mut() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            *b = x as u8;
        }
        ok(
            &app,
            "document_upload_chunk",
            json!({"upload_id": id, "offset": offset, "content_base64": b64(&buf[..n])}),
        );
        offset += n;
    }
    let sent = t.elapsed();
    let after_chunks = peak_rss();
    let doc = ok(
        &app,
        "document_upload_finish",
        json!({"upload_id": id, "category": "otros", "title": "", "doc_date": "",
               "tags": [], "notes": "", "links": []}),
    );
    assert_eq!(doc["size"], SIZE as i64);
    let finished = t.elapsed() - sent;
    let last = ok(
        &app,
        "document_content",
        json!({"id": doc["id"], "offset": SIZE - 16, "length": 16}),
    );
    assert_eq!(unb64(&last["content_base64"]).len(), 16);
    if let (Some(b), Some(a)) = (before, peak_rss()) {
        let grew = a.saturating_sub(b);
        eprintln!(
            "100 MiB upload: chunks sent in {sent:?}, finished (hash, store) in {finished:?}, \
             peak memory grew {} MiB ({} MiB while sending chunks)",
            grew / (1024 * 1024),
            after_chunks.unwrap_or(b).saturating_sub(b) / (1024 * 1024)
        );
        assert!(
            grew < SIZE as u64,
            "peak memory grew by {} MiB: the file was held whole",
            grew / (1024 * 1024)
        );
    }
}

#[test]
fn an_approved_pay_run_archives_its_payslips_with_their_text_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir.path().join("data"));
    cfg.fixed_now = Some(Utc.with_ymd_and_hms(2026, 6, 15, 12, 0, 0).unwrap());
    let app = App::new(cfg);
    let t = Instant::now();
    ok(&app, "open_demo_company", json!({}));
    let demo = t.elapsed();
    let run = ok(&app, "compute_pay_run", json!({"month": "2026-06"}));
    let t = Instant::now();
    let run = ok(&app, "approve_pay_run", json!({"id": run["id"]}));
    eprintln!(
        "demo created in {demo:?}; a run of {} payslips approved (PDFs archived, text read) in {:?}",
        run["payslips"].as_array().unwrap().len(),
        t.elapsed()
    );
    let docs = ok(
        &app,
        "record_documents",
        json!({"kind": "pay_run", "id": run["id"]}),
    );
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.len(), run["payslips"].as_array().unwrap().len());
    for d in docs {
        assert_eq!(d["source"], "issued");
        assert_eq!(d["category"], "nominas");
        assert_eq!(d["text_status"], "extracted", "{d}");
        assert!(d["links"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["kind"] == "employee"));
        let slip = d["links"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["kind"] == "payslip")
            .unwrap();
        assert!(
            slip["label"]
                .as_str()
                .unwrap()
                .starts_with("Nómina 2026-06 "),
            "{slip}"
        );
    }
    // The payslip's words are in the index under the document's row.
    let file = ok(&app, "app_info", json!({}))["company"]["path"]
        .as_str()
        .unwrap()
        .to_string();
    let raw = rusqlite::Connection::open(file).unwrap();
    let id = docs[0]["id"].as_i64().unwrap();
    let n: i64 = raw
        .query_row(
            "SELECT count(*) FROM search_index WHERE search_index MATCH 'devengos' AND rowid = ?1",
            [id * 16 + 7],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}

/// Turns a current company file back into schema 7 (before the archive): every table,
/// index and trigger 0008 and later made is dropped, `payslip_archive` is made again and
/// filled from the archived payslips. Returns how many payslips it holds.
fn back_to_schema_7(path: &std::path::Path) -> i64 {
    let reference = rusqlite::Connection::open_in_memory().unwrap();
    for (version, _, sql) in trastienda_store::MIGRATIONS {
        if *version <= 7 {
            reference.execute_batch(sql).unwrap();
        }
    }
    let objects = |c: &rusqlite::Connection| -> Vec<(String, String, String)> {
        c.prepare(
            "SELECT type, name, coalesce(sql, '') FROM sqlite_master
             WHERE name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    };
    let old = objects(&reference);
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = OFF; BEGIN;")
        .unwrap();
    for (kind, name, sql) in old.iter().filter(|o| o.1.starts_with("payslip_archive")) {
        if kind == "table" || kind == "trigger" {
            conn.execute_batch(sql)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
    let n = conn
        .execute(
            "INSERT INTO payslip_archive (payslip_id, pdf, sha256, created_at)
             SELECT l.record_id, b.data, b.sha256, d.created_at
             FROM document_links l JOIN documents d ON d.id = l.document_id
             JOIN document_blobs b ON b.sha256 = d.sha256 WHERE l.record_kind = 'payslip'",
            [],
        )
        .unwrap() as i64;
    let is_old = |name: &str| old.iter().any(|o| o.1 == name);
    let now = objects(&conn);
    for (kind, name, _) in now.iter().filter(|o| o.0 == "trigger" && !is_old(&o.1)) {
        conn.execute_batch(&format!("DROP {kind} \"{name}\""))
            .unwrap();
    }
    // The full-text table first (it drops its own shadow tables), then the rest.
    conn.execute_batch("DROP TABLE IF EXISTS search_index")
        .unwrap();
    for (kind, name, _) in objects(&conn)
        .iter()
        .filter(|o| o.0 == "table" && !is_old(&o.1))
    {
        conn.execute_batch(&format!("DROP {kind} \"{name}\""))
            .unwrap();
    }
    conn.execute_batch("DELETE FROM schema_migrations WHERE version > 7; COMMIT;")
        .unwrap();
    n
}

#[test]
fn archived_payslips_move_into_the_archive_and_their_text_is_read_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir.path().join("data"));
    cfg.fixed_now = Some(Utc.with_ymd_and_hms(2026, 6, 15, 12, 0, 0).unwrap());
    let app = App::new(cfg);
    ok(&app, "open_demo_company", json!({}));
    let path = ok(&app, "app_info", json!({}))["company"]["path"]
        .as_str()
        .unwrap()
        .to_string();
    ok(&app, "close_company", json!({}));
    let archived = back_to_schema_7(std::path::Path::new(&path));
    assert!(archived >= 3, "{archived} payslips archived by the demo");

    // Opening migrates (0008 moves the PDFs into the archive, text pending) and then reads
    // the text of what is pending.
    ok(&app, "open_company", json!({"path": path}));
    let list = ok(
        &app,
        "document_list",
        json!({"category": "nominas", "page_size": 500}),
    );
    assert_eq!(list["total"], archived);
    // Only what 0008 moved in: the demo's other archived PDFs went with the downgrade.
    assert_eq!(ok(&app, "document_list", json!({}))["total"], archived);
    for r in list["rows"].as_array().unwrap() {
        assert_eq!(r["source"], "issued");
        assert_eq!(r["link_count"], 3, "payslip, pay run and employee: {r}");
        assert_eq!(r["text_status"], "extracted", "{r}");
        assert!(r["title"].as_str().unwrap().starts_with("Nómina "), "{r}");
    }
    let v = ok(&app, "documents_verify", json!({}));
    assert_eq!(v["failures"], json!([]));
}

#[test]
fn leftover_uploads_are_removed_after_a_day_and_confined_paths_are_refused() {
    let (dir, app) = app();
    let uploads = dir.path().join("data/uploads");
    std::fs::create_dir_all(&uploads).unwrap();
    let stale = uploads.join("0123abcd.part");
    let fresh = uploads.join("4567ef.part");
    for p in [&stale, &fresh] {
        std::fs::write(p, b"half a file").unwrap();
    }
    let two_days_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 86_400);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(two_days_ago)
        .unwrap();
    ok(
        &app,
        "document_upload_begin",
        json!({"file_name": "nuevo.txt", "size": 1}),
    );
    assert!(
        !stale.exists(),
        "a crash's leftover older than a day is removed"
    );
    assert!(fresh.exists(), "an upload of today is kept");

    // The desktop reads only a file the user picked in the Open dialog.
    let dir2 = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir2.path().join("data"));
    cfg.confine_paths = true;
    let app2 = App::new(cfg);
    ok(
        &app2,
        "create_company",
        json!({"name": "Escritorio SL", "tax_id": "B12345674", "country": "ES", "address": "",
               "fiscal_year_start_month": 1, "currency": "EUR", "language": "es",
               "template": "es-pymes"}),
    );
    let secret = dir2.path().join("secreto.txt");
    std::fs::write(&secret, "no").unwrap();
    let e = err(
        &app2,
        "document_add_path",
        json!({"path": secret.display().to_string()}),
    );
    assert_eq!(e["problems"][0]["field"], "path");
    app2.grant_path(&secret);
    let d = ok(
        &app2,
        "document_add_path",
        json!({"path": secret.display().to_string()}),
    );
    assert_eq!(d["file_name"], "secreto.txt");
}
