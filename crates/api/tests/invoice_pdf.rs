//! Invoice PDFs through the command table: an invoice issued with three rates and IRPF, its
//! PDF read back with `pdftotext` showing every field RD 1619/2012 art. 6 asks for (number,
//! dates, both parties' names, tax ids and addresses, each line, each rate and its VAT,
//! withholding, total) and the payment details (IBAN, due date); a draft has none; a batch is
//! one PDF holding every invoice; the company's letterhead refuses a bad IBAN on its field.

use base64::Engine;
use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use std::process::Command;
use trastienda_api::{dispatch, App, AppConfig};

fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir.path().join("data"));
    cfg.fixed_now = Some(Utc.with_ymd_and_hms(2027, 6, 30, 9, 0, 0).unwrap());
    let app = App::new(cfg);
    ok(
        &app,
        "create_company",
        json!({"name": "Asesoría Levante SL", "tax_id": "B12345674", "country": "ES",
               "address": "Calle del Comercio 5\n46001 Valencia",
               "fiscal_year_start_month": 1, "currency": "EUR", "language": "es",
               "template": "es-pymes"}),
    );
    (dir, app)
}

fn ok(app: &App, cmd: &str, args: Value) -> Value {
    dispatch(app, cmd, args.clone()).unwrap_or_else(|e| panic!("{cmd} {args}: {e:?}"))
}

fn err(app: &App, cmd: &str, args: Value) -> Value {
    match dispatch(app, cmd, args.clone()) {
        Ok(v) => panic!("{cmd} {args} should fail, gave {v}"),
        Err(e) => serde_json::to_value(e).unwrap(),
    }
}

fn customer(app: &App) -> i64 {
    ok(
        app,
        "save_customer",
        json!({"customer": {
            "legal_name": "Talleres Ruiz SL", "trade_name": null, "country": "ES",
            "tax_id": "87654321X", "address": "Avenida del Puerto 12", "postal_code": "46023",
            "city": "Valencia", "province": "Valencia", "shipping_address": null,
            "email": null, "phone": null, "payment_days": 30, "payment_days_of_month": null,
            "treatment": "domestic", "exemption_cause": null, "iban": null, "account": null,
            "notes": "", "contacts": []}}),
    )["id"]
        .as_i64()
        .unwrap()
}

/// The text of a PDF, laid out as printed.
fn pdftotext(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("f.pdf");
    std::fs::write(&pdf, bytes).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn decode(file: &Value) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(file["content_base64"].as_str().unwrap())
        .unwrap()
}

fn issue(app: &App, customer: i64, date: &str, lines: Value, irpf: &str) -> Value {
    let d = ok(
        app,
        "save_invoice_draft",
        json!({"invoice": {"issue_date": date, "customer_id": customer,
                           "withholding_pct": irpf, "lines": lines}}),
    );
    ok(app, "issue_invoice", json!({"id": d["id"]}))
}

#[test]
fn an_issued_invoice_pdf_shows_every_legal_field() {
    let (_d, app) = app();
    let profile = ok(
        &app,
        "set_invoice_profile",
        json!({"iban": "ES9121000418450200051332", "email": "facturas@levante.example",
               "phone": "963 000 111", "invoice_footer": "Inscrita en el Registro Mercantil de Valencia",
               "logo_base64": ""}),
    );
    assert_eq!(profile["iban"], "ES91 2100 0418 4502 0005 1332");
    let c = customer(&app);
    // 2 × 150.00 at 21 % = 300.00 (VAT 63.00); 3 × 20.00 less 10 % at 10 % = 54.00 (VAT
    // 5.40); 1 × 12.50 at 4 % = 12.50 (VAT 0.50). Base 366.50, VAT 68.90, IRPF 15 % of 366.50
    // = 54.975 -> 54.98; total 366.50 + 68.90 - 54.98 = 380.42. Due at 30 days: 2027-03-31.
    let inv = issue(
        &app,
        c,
        "2027-03-01",
        json!([
            {"description": "Consultoría fiscal trimestral", "quantity": "2", "unit_price": "150", "tax": "21"},
            {"description": "Manual de contabilidad", "quantity": "3", "unit_price": "20",
             "discount_pct": "10", "tax": "10"},
            {"description": "Libro registro de facturas", "quantity": "1", "unit_price": "12.50", "tax": "4"}
        ]),
        "15",
    );
    assert_eq!(inv["number"], "2027-0001");
    assert_eq!(inv["total"], "380.42");
    assert_eq!(inv["withholding"], "54.98");
    assert_eq!(inv["due_date"], "2027-03-31");

    let file = ok(&app, "invoice_pdf", json!({"number": "2027-0001"}));
    assert_eq!(file["file_name"], "factura-2027-0001.pdf");
    assert_eq!(file["mime"], "application/pdf");
    let bytes = decode(&file);
    assert!(bytes.starts_with(b"%PDF"));
    // pdftotext's layout may eat the thin space of "4 %"; compare without spaces before '%'.
    let text = pdftotext(&bytes).replace(" %", "%");
    for want in [
        "2027-0001",
        "01/03/2027",
        // The issuer.
        "Asesoría Levante SL",
        "B12345674",
        "Calle del Comercio 5",
        "46001 Valencia",
        "facturas@levante.example",
        // The customer.
        "Talleres Ruiz SL",
        "87654321X",
        "Avenida del Puerto 12",
        "46023 Valencia",
        // The lines.
        "Consultoría fiscal trimestral",
        "Manual de contabilidad",
        "Libro registro de facturas",
        "300,00",
        "54,00",
        "12,50",
        // Each rate with its VAT.
        "21%",
        "63,00",
        "10%",
        "5,40",
        "4%",
        "0,50",
        // Base, withholding and total.
        "366,50",
        "15%",
        "54,98",
        "380,42",
        // Payment: IBAN and due date.
        "ES91 2100 0418 4502 0005 1332",
        "31/03/2027",
        "Registro Mercantil de Valencia",
    ] {
        assert!(
            text.contains(want),
            "'{want}' missing from the PDF:\n{text}"
        );
    }

    // The register record the QR encodes.
    let reg = ok(&app, "invoice_register_info", json!({"id": inv["id"]}));
    assert_eq!(reg["position"], 1);
    assert_eq!(reg["fingerprint"].as_str().unwrap().len(), 64);
    // The register's ImporteTotal is base + VAT (the IRPF is not part of it): 435.40.
    assert!(reg["qr_url"]
        .as_str()
        .unwrap()
        .contains("nif=B12345674&numserie=2027-0001&fecha=01-03-2027&importe=435.40"));

    // In English when asked.
    let en = pdftotext(&decode(&ok(
        &app,
        "invoice_pdf",
        json!({"id": inv["id"], "language": "en"}),
    )));
    assert!(en.contains("Invoice") || en.contains("INVOICE"), "{en}");
}

#[test]
fn a_draft_has_no_pdf_and_a_batch_is_one_file() {
    let (_d, app) = app();
    let c = customer(&app);
    let draft = ok(
        &app,
        "save_invoice_draft",
        json!({"invoice": {"issue_date": "2027-03-01", "customer_id": c, "lines": [
            {"description": "Hora de asesoría", "quantity": "1", "unit_price": "60", "tax": "21"}]}}),
    );
    // A draft keeps only its totals; its breakdown by rate is computed for the editor.
    let rows = ok(&app, "invoice_tax_rows", json!({"id": draft["id"]}));
    assert_eq!(
        rows,
        json!([{"tax": "21", "base": "60.00", "vat_rate": "21", "vat": "12.60",
                              "recargo_rate": "0", "recargo": "0.00"}])
    );
    let e = err(&app, "invoice_pdf", json!({"id": draft["id"]}));
    assert_eq!(e["problems"][0]["field"], "id");
    let e = err(&app, "invoice_pdf", json!({}));
    assert_eq!(e["problems"][0]["field"], "number");

    let a = ok(&app, "issue_invoice", json!({"id": draft["id"]}));
    let b = issue(
        &app,
        c,
        "2027-03-02",
        json!([{"description": "Declaración de IVA", "quantity": "1", "unit_price": "80", "tax": "21"}]),
        "",
    );
    let file = ok(&app, "invoices_pdf", json!({"ids": [a["id"], b["id"]]}));
    assert_eq!(file["file_name"], "facturas-2027-0001_2027-0002.pdf");
    let text = pdftotext(&decode(&file));
    assert!(text.contains("2027-0001") && text.contains("2027-0002"));
    assert!(text.contains("Hora de asesoría") && text.contains("Declaración de IVA"));
    let p = ok(&app, "invoice_pdf_progress", json!({}));
    assert_eq!(p["active"], false);
    assert_eq!(p["done"], 2);
    assert_eq!(p["total"], 2);
    let e = err(&app, "invoices_pdf", json!({"ids": []}));
    assert_eq!(e["problems"][0]["field"], "ids");
}

#[test]
fn the_letterhead_refuses_a_bad_iban_on_its_field() {
    let (_d, app) = app();
    let e = err(
        &app,
        "set_invoice_profile",
        json!({"iban": "ES00 1234", "email": "no-at-sign", "phone": "", "invoice_footer": "",
               "logo_base64": ""}),
    );
    let fields: Vec<&str> = e["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["iban", "email"]);
    let p = ok(&app, "invoice_profile", json!({}));
    assert_eq!(p["iban"], "");
}

/// An archived document: (title, category, source, bytes, the records it is linked to).
type Archived = (String, String, String, Vec<u8>, Vec<String>);

/// The archived documents linked to a record, read from the company file.
fn archived(path: &str, kind: &str, id: i64) -> Vec<Archived> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut st = conn
        .prepare(
            "SELECT d.id, d.title, d.category, d.source, b.data FROM document_links l
             JOIN documents d ON d.id = l.document_id JOIN document_blobs b ON b.sha256 = d.sha256
             WHERE l.record_kind = ?1 AND l.record_id = ?2 ORDER BY d.id",
        )
        .unwrap();
    let rows: Vec<(i64, String, String, String, Vec<u8>)> = st
        .query_map(rusqlite::params![kind, id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    rows.into_iter()
        .map(|(doc, title, cat, source, data)| {
            let links: Vec<String> = conn
                .prepare("SELECT record_kind || ':' || record_id FROM document_links WHERE document_id = ?1 ORDER BY 1")
                .unwrap()
                .query_map([doc], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            (title, cat, source, data, links)
        })
        .collect()
}

#[test]
fn an_issued_invoice_is_archived_exactly_as_issued_and_printed_again_from_the_archive() {
    let (_d, app) = app();
    let path = company_file(&app);
    let c = customer(&app);
    let inv = issue(
        &app,
        c,
        "2027-03-01",
        json!([{"description": "Revisión anual", "quantity": "1", "unit_price": "200", "tax": "21"}]),
        "0",
    );
    let id = inv["id"].as_i64().unwrap();
    let docs = archived(&path, "invoice", id);
    assert_eq!(docs.len(), 1, "one PDF archived with the invoice");
    let (title, category, source, bytes, links) = &docs[0];
    assert_eq!(title, "Factura 2027-0001 · Talleres Ruiz SL");
    assert_eq!(category, "facturas_emitidas");
    assert_eq!(source, "issued");
    assert_eq!(
        links,
        &vec![format!("customer:{c}"), format!("invoice:{id}")]
    );
    assert!(pdftotext(bytes).contains("2027-0001"));

    // Printing it again gives the bytes issued, even after the letterhead changed.
    let printed = decode(&ok(&app, "invoice_pdf", json!({"id": id})));
    assert_eq!(&printed, bytes);
    ok(
        &app,
        "set_invoice_profile",
        json!({"iban": "", "email": "nuevo@levante.example", "phone": "",
               "invoice_footer": "Un pie nuevo", "logo_base64": ""}),
    );
    let again = decode(&ok(&app, "invoice_pdf", json!({"id": id})));
    assert_eq!(&again, bytes, "an issued invoice prints as it was issued");
    assert!(!pdftotext(&again).contains("Un pie nuevo"));
    // In another language it is a translation, printed now.
    let english = decode(&ok(
        &app,
        "invoice_pdf",
        json!({"id": id, "language": "en"}),
    ));
    assert_ne!(&english, bytes);
    assert!(pdftotext(&english).contains("Un pie nuevo"));

    // The archived content never changes, and its words are in the search index.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let found: Vec<i64> = conn
        .prepare(
            "SELECT d.id FROM search_index s JOIN documents d ON s.rowid = d.id * 16 + 7
             WHERE search_index MATCH 'revision AND anual'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(found.len(), 1, "the invoice PDF's words are not searchable");
    assert!(conn
        .execute("UPDATE document_blobs SET data = x'00'", [])
        .is_err());
    drop(conn);

    // It stays filed with the invoice and customer it was issued for; a link added later
    // may go again.
    let doc = ok(
        &app,
        "record_documents",
        json!({"kind": "invoice", "id": id}),
    )[0]["id"]
        .clone();
    let e = err(
        &app,
        "document_unlink",
        json!({"id": doc, "kind": "invoice", "record_id": id}),
    );
    assert_eq!(e["problems"][0]["code"], "locked", "{e}");
    ok(
        &app,
        "document_link",
        json!({"id": doc, "kind": "customer", "record_id": c}),
    );
    let entry = inv["entry_id"].as_i64().unwrap();
    ok(
        &app,
        "document_link",
        json!({"id": doc, "kind": "entry", "record_id": entry}),
    );
    let after = ok(
        &app,
        "document_unlink",
        json!({"id": doc, "kind": "entry", "record_id": entry}),
    );
    assert_eq!(after["links"].as_array().unwrap().len(), 2);

    // A credit note issued at once is archived as well.
    let note = ok(
        &app,
        "create_credit_note",
        json!({"invoice_id": id, "method": "difference", "reason": "R4",
               "explanation": "Anulación", "issue_date": "2027-03-05", "issue": true}),
    );
    let note_docs = archived(&path, "invoice", note["id"].as_i64().unwrap());
    assert_eq!(note_docs.len(), 1);
    assert!(
        note_docs[0].0.starts_with("Factura rectificativa R"),
        "{}",
        note_docs[0].0
    );
    assert!(pdftotext(&note_docs[0].3).contains("Anulación"));
}

/// The open company's file (the recent list's first entry).
fn company_file(app: &App) -> String {
    ok(app, "app_info", json!(null))["company"]["path"]
        .as_str()
        .unwrap()
        .to_string()
}
