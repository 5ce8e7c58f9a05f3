//! Receivables through the command table, as the UI calls them: invoices issued with amounts
//! worked out by hand, payments (partial, several per invoice, one across invoices, part left
//! unapplied), the aging by bucket and as PDF/CSV, reminder letters (recorded once per
//! invoice and level, the second refused with its message), the statement of account and the
//! VAT output summary as files. PDFs are read back with `pdftotext`.

use base64::Engine;
use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use trastienda_api::{dispatch, App, AppConfig};

fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir.path().join("data"));
    cfg.fixed_now = Some(Utc.with_ymd_and_hms(2027, 6, 30, 9, 0, 0).unwrap());
    let app = App::new(cfg);
    ok(
        &app,
        "create_company",
        json!({"name": "Cobros Prueba SL", "tax_id": "B12345674", "country": "ES",
               "address": "Calle Ancha 3\n02001 Albacete",
               "fiscal_year_start_month": 1, "currency": "EUR", "language": "es", "template": "es-pymes"}),
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

fn audit_total(app: &App) -> Value {
    ok(app, "audit_log", json!({"page_size": 1}))["total"].clone()
}

fn customer(app: &App, name: &str, tax_id: &str, days: i64) -> i64 {
    ok(
        app,
        "save_customer",
        json!({"customer": {
            "legal_name": name, "trade_name": null, "country": "ES", "tax_id": tax_id,
            "address": "Calle Mayor 1", "postal_code": "28001", "city": "Madrid",
            "province": "Madrid", "shipping_address": null, "email": null, "phone": null,
            "payment_days": days, "payment_days_of_month": null, "treatment": "domestic",
            "exemption_cause": null, "iban": null, "account": null, "notes": "", "contacts": []}}),
    )["id"]
        .as_i64()
        .unwrap()
}

fn issue(app: &App, customer: i64, date: &str, lines: Value) -> Value {
    let id = ok(
        app,
        "save_invoice_draft",
        json!({"invoice": {"issue_date": date, "customer_id": customer, "lines": lines}}),
    )["id"]
        .as_i64()
        .unwrap();
    ok(app, "issue_invoice", json!({"id": id}))
}

fn bytes(file: &Value) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(file["content_base64"].as_str().unwrap())
        .unwrap()
}

fn pdf_text(file: &Value) -> String {
    assert_eq!(file["mime"], "application/pdf");
    let b = bytes(file);
    assert!(b.starts_with(b"%PDF"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, b).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn csv_text(file: &Value) -> String {
    assert_eq!(file["mime"], "text/csv");
    String::from_utf8(bytes(file)).unwrap()
}

/// Two customers, three invoices, three payments; the app's today is 30 June 2027.
struct Books {
    norte: i64,
    sur: i64,
    f1: Value,
    f2: Value,
    f3: Value,
}

fn books(app: &App) -> Books {
    let norte = customer(app, "Talleres Norte SL", "12345678Z", 30);
    let sur = customer(app, "Bar Sur", "87654321X", 60);
    // 10 × 50.00 at 21 %: 500.00 + 105.00 = 605.00, due 31 Mar.
    let f1 = issue(
        app,
        norte,
        "2027-03-01",
        json!([{"description": "Revisión", "quantity": "10", "unit_price": "50", "tax": "21"}]),
    );
    assert_eq!(
        (&f1["number"], &f1["total"]),
        (&json!("2027-0001"), &json!("605.00"))
    );
    assert_eq!(f1["due_date"], "2027-03-31");
    // 4 × 25.00 at 10 %: 100.00 + 10.00 = 110.00, due 9 Jun.
    let f2 = issue(
        app,
        norte,
        "2027-05-10",
        json!([{"description": "Comida", "quantity": "4", "unit_price": "25", "tax": "10"}]),
    );
    assert_eq!(
        (&f2["number"], &f2["total"]),
        (&json!("2027-0002"), &json!("110.00"))
    );
    // 1 × 200.00 at 21 %: 242.00, due at 60 days (14 Aug).
    let f3 = issue(
        app,
        sur,
        "2027-06-15",
        json!([{"description": "Cafetera", "quantity": "1", "unit_price": "200", "tax": "21"}]),
    );
    assert_eq!(
        (&f3["number"], &f3["total"]),
        (&json!("2027-0003"), &json!("242.00"))
    );
    Books {
        norte,
        sur,
        f1,
        f2,
        f3,
    }
}

fn pay(app: &App, b: &Books) {
    // One payment across two invoices: 300.00 = 250.00 on 2027-0001 + 50.00 on 2027-0002.
    let p = ok(
        app,
        "record_payment",
        json!({"customer_id": b.norte, "date": "2027-06-20", "amount": "300.00", "method": "bank",
               "reference": "TRF 1",
               "allocations": [{"invoice_id": b.f1["id"], "amount": "250"},
                               {"invoice_id": b.f2["id"], "amount": "50"}]}),
    );
    assert_eq!(p["unapplied"], "0.00");
    assert_eq!(p["notice"], Value::Null);
    assert_eq!(p["allocations"].as_array().unwrap().len(), 2);
    // A second payment on 2027-0001 (several per invoice): 150.00 in cash, 100.00 applied,
    // 50.00 left as credit on the customer, said so.
    let p = ok(
        app,
        "record_payment",
        json!({"customer_id": b.norte, "date": "2027-06-25", "amount": "150", "method": "cash",
               "allocations": [{"invoice_id": b.f1["id"], "amount": "100"}]}),
    );
    assert_eq!(p["account"], "5700001");
    assert_eq!(p["unapplied"], "50.00");
    assert!(p["notice"].as_str().unwrap().contains("50.00"), "{p}");
    // A partial payment: 42.00 of 2027-0003's 242.00.
    ok(
        app,
        "record_payment",
        json!({"customer_id": b.sur, "date": "2027-06-28", "amount": "42", "method": "bank",
               "allocations": [{"invoice_id": b.f3["id"], "amount": "42"}]}),
    );
    // What is open: 605 − 250 − 100 = 255.00; 110 − 50 = 60.00; 242 − 42 = 200.00.
    for (inv, open) in [(&b.f1, "255.00"), (&b.f2, "60.00"), (&b.f3, "200.00")] {
        assert_eq!(
            ok(app, "get_invoice", json!({"id": inv["id"]}))["open"],
            open
        );
    }
    assert_eq!(
        ok(app, "list_payments", json!({"customer_id": b.norte}))
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn payments_move_the_aging_and_it_exports_as_pdf_and_csv() {
    let (_d, app) = app();
    let b = books(&app);
    // On 1 June, before any payment: 2027-0001 is 62 days overdue (61-90, 605.00), 2027-0002
    // not yet due (110.00); 2027-0003 not issued yet.
    let before = ok(&app, "receivables_aging", json!({"as_of": "2027-06-01"}));
    assert_eq!(before["customers"].as_array().unwrap().len(), 1);
    assert_eq!(before["customers"][0]["days_61_90"], "605.00");
    assert_eq!(before["customers"][0]["current"], "110.00");
    assert_eq!(before["total"]["total"], "715.00");

    pay(&app, &b);
    // On 30 June: 2027-0001 is 91 days overdue (> 90, 255.00); 2027-0002 21 days (1-30,
    // 60.00) less the 50.00 credit of 25 June (5 days old, 1-30): 10.00; Bar Sur 200.00 not
    // yet due. Talleres 265.00 + Bar 200.00 = 465.00.
    let aging = ok(&app, "receivables_aging", json!({}));
    assert_eq!(aging["as_of"], "2027-06-30");
    let rows = aging["customers"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["customer_name"], "Bar Sur");
    assert_eq!(rows[0]["current"], "200.00");
    assert_eq!(rows[1]["customer_name"], "Talleres Norte SL");
    for (k, v) in [
        ("current", "0.00"),
        ("days_1_30", "10.00"),
        ("days_31_60", "0.00"),
        ("days_61_90", "0.00"),
        ("over_90", "255.00"),
        ("total", "265.00"),
        ("unapplied", "50.00"),
    ] {
        assert_eq!(rows[1][k], v, "{k}");
    }
    assert_eq!(aging["total"]["total"], "465.00");

    let csv = csv_text(&ok(&app, "export_aging", json!({"format": "csv"})));
    assert_eq!(
        csv,
        "name,tax_id,current,1-30,31-60,61-90,over_90,total\n\
         Bar Sur,87654321X,200.00,0.00,0.00,0.00,0.00,200.00\n\
         Talleres Norte SL,12345678Z,0.00,10.00,0.00,0.00,255.00,265.00\n"
    );
    let f = ok(
        &app,
        "export_aging",
        json!({"format": "pdf", "as_of": "2027-06-30"}),
    );
    assert_eq!(f["file_name"], "antiguedad-saldos-2027-06-30.pdf");
    let text = pdf_text(&f);
    for s in [
        "Cobros Prueba SL",
        "Talleres Norte SL",
        "12345678Z",
        "Bar Sur",
        "255,00",
        "265,00",
        "465,00",
        "30/06/2027",
    ] {
        assert!(text.contains(s), "{s} not in:\n{text}");
    }
    // A bad date names its field.
    let e = err(
        &app,
        "export_aging",
        json!({"format": "csv", "as_of": "30/06/2027"}),
    );
    assert_eq!(e["problems"][0]["field"], "as_of");
}

#[test]
fn a_reminder_is_a_letter_recorded_once_per_invoice_and_level() {
    let (_d, app) = app();
    let b = books(&app);
    pay(&app, &b);
    let overdue = ok(&app, "overdue_invoices", json!({}));
    let numbers: Vec<&str> = overdue
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["2027-0001", "2027-0002"]);
    assert_eq!(overdue[0]["days_overdue"], 91);

    let letter = ok(
        &app,
        "reminder_pdf",
        json!({"invoice_id": b.f1["id"], "level": 1}),
    );
    assert_eq!(letter["file_name"], "recordatorio-2027-0001-1.pdf");
    let text = pdf_text(&letter);
    for s in [
        "Talleres Norte SL",
        "12345678Z",
        "2027-0001",
        "255,00",
        "Cobros Prueba SL",
    ] {
        assert!(text.contains(s), "{s} not in:\n{text}");
    }
    assert_eq!(
        ok(&app, "overdue_invoices", json!({}))[0]["reminders"],
        json!([1])
    );
    // The letter sent is archived exactly as sent, under Correspondencia, on the invoice.
    let path = company_file(&app);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let (title, category, data): (String, String, Vec<u8>) = conn
        .query_row(
            "SELECT d.title, d.category, b.data FROM document_links l
             JOIN documents d ON d.id = l.document_id JOIN document_blobs b ON b.sha256 = d.sha256
             WHERE l.record_kind = 'invoice' AND l.record_id = ?1 AND d.category = 'correspondencia'",
            [b.f1["id"].as_i64().unwrap()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(title, "Recordatorio 1 · 2027-0001 · Talleres Norte SL");
    assert_eq!(category, "correspondencia");
    assert_eq!(
        data,
        base64::engine::general_purpose::STANDARD
            .decode(letter["content_base64"].as_str().unwrap())
            .unwrap()
    );
    drop(conn);

    // The same level again: refused, nothing written.
    let before = audit_total(&app);
    let e = err(
        &app,
        "reminder_pdf",
        json!({"invoice_id": b.f1["id"], "level": 1}),
    );
    assert_eq!(e["code"], "duplicate");
    assert_eq!(e["problems"][0]["field"], "level");
    assert!(
        e["message"].as_str().unwrap().contains(
            "a level 1 reminder for invoice 2027-0001 was already recorded on 2027-06-30"
        ),
        "{e}"
    );
    assert_eq!(audit_total(&app), before);

    // Interest and costs only in the final notice.
    let e = err(
        &app,
        "reminder_pdf",
        json!({"invoice_id": b.f1["id"], "level": 2, "claim_costs": true,
               "ecb_rates": [{"year": 2027, "half": 1, "rate": "2.15"}]}),
    );
    let fields: Vec<&str> = e["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["ecb_rates", "claim_costs"]);
    // A missing half-year's rate is named.
    let e = err(
        &app,
        "reminder_pdf",
        json!({"invoice_id": b.f1["id"], "level": 3,
               "ecb_rates": [{"year": 2026, "half": 2, "rate": "2.15"}]}),
    );
    assert_eq!(e["problems"][0]["field"], "ecb_rates");
    assert_eq!(audit_total(&app), before);

    // The final notice: 255.00 at 2.15 + 8 = 10.15 % for the 91 days from 1 Apr to 30 Jun:
    // 255 × 0.1015 × 91 / 365 = 6.4530… -> 6.45; plus the 40.00 of art. 8.
    let letter = ok(
        &app,
        "reminder_pdf",
        json!({"invoice_id": b.f1["id"], "level": 3, "claim_costs": true,
               "ecb_rates": [{"year": 2027, "half": 1, "rate": "2.15"}]}),
    );
    let text = pdf_text(&letter);
    for s in ["255,00", "6,45", "40,00", "10,15", "3/2004"] {
        assert!(text.contains(s), "{s} not in:\n{text}");
    }
    assert_eq!(
        ok(&app, "overdue_invoices", json!({}))[0]["reminders"],
        json!([1, 3])
    );

    // An invoice not yet due is not chased.
    let e = err(
        &app,
        "reminder_pdf",
        json!({"invoice_id": b.f3["id"], "level": 1}),
    );
    assert!(
        e["message"].as_str().unwrap().contains("not overdue yet"),
        "{e}"
    );
}

#[test]
fn statement_of_account_and_vat_output_summary_as_files() {
    let (_d, app) = app();
    let b = books(&app);
    pay(&app, &b);
    // Talleres from 1 May: 605.00 before it; + 110.00 − 300.00 − 150.00 = 265.00.
    let csv = csv_text(&ok(
        &app,
        "customer_statement",
        json!({"customer_id": b.norte, "format": "csv", "from": "2027-05-01", "to": "2027-06-30"}),
    ));
    assert_eq!(
        csv,
        "date,document,concept,debit,credit,balance\n\
         2027-05-01,,Saldo anterior,,,605.00\n\
         2027-05-10,2027-0002,Factura,110.00,0.00,715.00\n\
         2027-06-20,Cobro,Cobro TRF 1,0.00,300.00,415.00\n\
         2027-06-25,Cobro,Cobro,0.00,150.00,265.00\n"
    );
    let text = pdf_text(&ok(
        &app,
        "customer_statement",
        json!({"customer_id": b.norte, "format": "pdf", "from": "2027-05-01"}),
    ));
    for s in ["Talleres Norte SL", "2027-0002", "605,00", "265,00"] {
        assert!(text.contains(s), "{s} not in:\n{text}");
    }
    let e = err(
        &app,
        "customer_statement",
        json!({"customer_id": b.norte, "format": "pdf", "from": "2027-07-01", "to": "2027-06-30"}),
    );
    assert_eq!(e["problems"][0]["field"], "to");

    // The second quarter: 2027-0002 (100.00 at 10 %) and 2027-0003 (200.00 at 21 %).
    let csv = csv_text(&ok(
        &app,
        "export_vat_output_summary",
        json!({"from": "2027-04-01", "to": "2027-06-30", "format": "csv"}),
    ));
    assert!(
        csv.starts_with("tax,base,vat_rate,vat,recargo_rate,recargo\n"),
        "{csv}"
    );
    assert!(csv.contains("\n21,200.00,21,42.00,0,0.00\n"), "{csv}");
    assert!(csv.contains("\n10,100.00,10,10.00,0,0.00\n"), "{csv}");
    assert!(
        csv.ends_with("total,300.00,,52.00,,0.00\nwithholding,0.00,,,,\n"),
        "{csv}"
    );
    let text = pdf_text(&ok(
        &app,
        "export_vat_output_summary",
        json!({"from": "2027-04-01", "to": "2027-06-30", "format": "pdf"}),
    ));
    for s in ["Resumen de IVA repercutido", "300,00", "52,00", "42,00"] {
        assert!(text.contains(s), "{s} not in:\n{text}");
    }
    let e = err(
        &app,
        "export_vat_output_summary",
        json!({"from": "2027-04-01", "to": "junio", "format": "pdf"}),
    );
    assert_eq!(e["problems"][0]["field"], "to");
}

/// The open company's file (the recent list's first entry).
fn company_file(app: &App) -> String {
    ok(app, "app_info", json!(null))["company"]["path"]
        .as_str()
        .unwrap()
        .to_string()
}
