//! Purchase orders through the command table, as the UI calls them: save, send (a PDF comes
//! back), receive in parts, and the lines a supplier bill is prefilled from.

use base64::Engine;
use chrono::{TimeZone, Utc};
use serde_json::json;
use trastienda_api::{dispatch, App, AppConfig};

fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir.path().join("data"));
    cfg.fixed_now = Some(Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap());
    let app = App::new(cfg);
    dispatch(
        &app,
        "create_company",
        json!({"name": "Compras SL", "tax_id": "B12345674", "country": "ES", "address": "Calle Mayor 1\n28001 Madrid",
               "fiscal_year_start_month": 1, "currency": "EUR", "language": "es", "template": "es-pymes"}),
    )
    .unwrap();
    (dir, app)
}

fn supplier(app: &App) -> i64 {
    let f = json!({
        "legal_name": "Suministros Norte SL", "trade_name": null, "country": "ES", "tax_id": "B87654323",
        "address": "Polígono Sur, nave 3", "postal_code": "02006", "city": "Albacete", "province": "Albacete",
        "email": null, "phone": null, "iban": null, "bic": null, "payment_days": 30,
        "expense_account": "600", "vat_treatment": "deductible", "irpf_pct": null,
        "category": "", "notes": "", "contacts": []
    });
    dispatch(app, "save_supplier", json!({ "supplier": f })).unwrap()["id"]
        .as_i64()
        .unwrap()
}

fn pdf_text(b64: &str) -> String {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("o.pdf");
    std::fs::write(&p, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", p.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn an_order_is_saved_sent_received_in_parts_and_ready_to_bill() {
    let (_d, app) = app();
    let s = supplier(&app);
    let order = json!({
        "supplier_id": s, "date": "2026-03-02", "expected_date": "2026-03-09", "notes": "Por la mañana",
        "lines": [
            {"description": "Tornillos 4x40", "quantity": "100", "unit_price": "0.12", "tax": "21"},
            {"description": "Manual técnico", "quantity": "2", "unit_price": "25.00", "tax": "4", "account": "629"}
        ]
    });
    let bad = json!({"supplier_id": s, "date": "2026-03-02", "lines": [
        {"description": "", "quantity": "1", "unit_price": "x", "tax": "21"}]});
    let e = serde_json::to_value(
        dispatch(&app, "save_purchase_order", json!({ "order": bad })).unwrap_err(),
    )
    .unwrap();
    assert_eq!(e["problems"][0]["field"], "unit_price");
    assert_eq!(e["problems"][0]["row"], 1);

    let o = dispatch(&app, "save_purchase_order", json!({ "order": order })).unwrap();
    assert_eq!(o["number"], "PO-2026-0001");
    assert_eq!(o["state"], "open");
    assert_eq!(o["total"], "66.52");
    let id = o["id"].as_i64().unwrap();

    let sent = dispatch(&app, "send_purchase_order", json!({ "id": id })).unwrap();
    assert_eq!(sent["order"]["state"], "sent");
    assert_eq!(sent["file"]["file_name"], "pedido-PO-2026-0001.pdf");
    let text = pdf_text(sent["file"]["content_base64"].as_str().unwrap());
    for needle in [
        "PEDIDO DE COMPRA",
        "PO-2026-0001",
        "Suministros Norte SL",
        "Tornillos 4x40",
        "66,52 €",
    ] {
        assert!(text.contains(needle), "missing {needle} in {text}");
    }

    let e = serde_json::to_value(
        dispatch(
            &app,
            "receive_purchase_order",
            json!({"id": id, "date": "2026-03-05", "lines": [{"line_no": 1, "quantity": "101"}]}),
        )
        .unwrap_err(),
    )
    .unwrap();
    assert!(
        e["message"].as_str().unwrap().contains("Tornillos 4x40"),
        "{e}"
    );

    let o = dispatch(
        &app,
        "receive_purchase_order",
        json!({"id": id, "date": "2026-03-05", "lines": [{"line_no": 1, "quantity": "60"}], "note": "Albarán 77"}),
    )
    .unwrap();
    assert_eq!(o["state"], "partial");
    assert_eq!(o["lines"][0]["outstanding"], "40");
    assert_eq!(o["receipts"][0]["note"], "Albarán 77");

    let list = dispatch(&app, "list_purchase_orders", json!({"state": "partial"})).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);

    let b = dispatch(&app, "order_for_billing", json!({ "id": id })).unwrap();
    assert_eq!(b["number"], "PO-2026-0001");
    assert_eq!(b["lines"][0]["quantity_received"], "60");
    assert_eq!(b["lines"][0]["account"], "600");
    assert_eq!(b["lines"][1]["account"], "629");
    assert_eq!(b["lines"][1]["unit_price"], "25.00");

    dispatch(
        &app,
        "receive_purchase_order",
        json!({"id": id, "date": "2026-03-06", "all": true}),
    )
    .unwrap();
    let o = dispatch(&app, "get_purchase_order", json!({ "id": id })).unwrap();
    assert_eq!(o["state"], "received");
    let e = dispatch(&app, "cancel_purchase_order", json!({ "id": id }));
    assert!(e.is_err());
}

#[test]
fn the_demo_has_a_partly_received_and_a_received_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir.path().join("data"));
    cfg.fixed_now = Some(Utc.with_ymd_and_hms(2026, 6, 15, 12, 0, 0).unwrap());
    let app = App::new(cfg);
    dispatch(&app, "open_demo_company", json!({})).unwrap();
    let list = dispatch(&app, "list_purchase_orders", json!({})).unwrap();
    let states: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["state"].as_str().unwrap())
        .collect();
    // The received order is billed by the demo's payables (demo_payables.rs).
    assert_eq!(states, vec!["partial", "billed"]);
    let partial = list[0]["id"].as_i64().unwrap();
    let o = dispatch(&app, "get_purchase_order", json!({ "id": partial })).unwrap();
    assert!(o["lines"][0]["product_id"].is_i64(), "a catalogue line");
    assert_eq!(o["lines"][0]["outstanding"], "4");
    let pdf = dispatch(&app, "purchase_order_pdf", json!({ "id": partial })).unwrap();
    if let Some(out) = std::env::var_os("TRASTIENDA_RENDER_OUT") {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(pdf["content_base64"].as_str().unwrap())
            .unwrap();
        std::fs::write(std::path::Path::new(&out).join("demo-order.pdf"), bytes).unwrap();
    }
    assert!(
        pdf_text(pdf["content_base64"].as_str().unwrap()).contains(o["number"].as_str().unwrap())
    );
}
