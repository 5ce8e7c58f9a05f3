//! Payables through the command table, as the UI calls them: a bill previewed (the difference
//! to the paper total shown), posted, refused twice; a payment; the aging and VAT input as
//! PDF and CSV; a payment run whose SEPA file validates against the pain.001.001.03 schema,
//! then confirmed; and the demo company's payables.

use base64::Engine;
use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use trastienda_api::{dispatch, App, AppConfig};

fn app_at(y: i32, m: u32, d: u32) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir.path().join("data"));
    cfg.fixed_now = Some(Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap());
    (dir, App::new(cfg))
}

fn app() -> (tempfile::TempDir, App) {
    let (d, app) = app_at(2026, 3, 1);
    dispatch(
        &app,
        "create_company",
        json!({"name": "Compras SL", "tax_id": "B12345674", "country": "ES", "address": "Calle Mayor 1\n28001 Madrid",
               "fiscal_year_start_month": 1, "currency": "EUR", "language": "es", "template": "es-pymes"}),
    )
    .unwrap();
    (d, app)
}

fn supplier(app: &App, name: &str, tax_id: &str, iban: Option<&str>) -> i64 {
    let f = json!({
        "legal_name": name, "trade_name": null, "country": "ES", "tax_id": tax_id,
        "address": "Polígono Sur, nave 3", "postal_code": "02006", "city": "Albacete", "province": "Albacete",
        "email": null, "phone": null, "iban": iban, "bic": null, "payment_days": 30,
        "expense_account": "600", "vat_treatment": "deductible", "irpf_pct": null,
        "category": "", "notes": "", "contacts": []
    });
    dispatch(app, "save_supplier", json!({ "supplier": f })).unwrap()["id"]
        .as_i64()
        .unwrap()
}

fn bytes(file: &Value) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(file["content_base64"].as_str().unwrap())
        .unwrap()
}

fn err(r: Result<Value, trastienda_api::ApiError>) -> Value {
    serde_json::to_value(r.expect_err("refused")).unwrap()
}

#[test]
fn supplier_bill_payment_aging_vat_and_a_payment_run() {
    let (dir, app) = app();
    dispatch(
        &app,
        "set_invoice_profile",
        json!({"iban": "ES9121000418450200051332", "email": "", "phone": "", "invoice_footer": "",
               "logo_base64": ""}),
    )
    .unwrap();
    let s = supplier(
        &app,
        "Suministros Norte SL",
        "B87654323",
        Some("ES7921000813610123456789"),
    );
    let bill = json!({
        "supplier_id": s, "supplier_number": "SN-881", "date": "2026-02-27", "total": "120.00",
        "lines": [
            {"description": "Tornillos", "quantity": "100", "unit_price": "0.50", "vat_rate": "21"},
            {"description": "Manual", "quantity": "2", "unit_price": "25.00", "vat_rate": "4", "account": "629"}
        ]
    });
    // 50.00 @21 = 10.50; 50.00 @4 = 2.00; total 112.50: the typed 120.00 is 7.50 off.
    let p = dispatch(&app, "preview_bill", json!({ "bill": bill })).unwrap();
    assert_eq!(p["total"], "112.50");
    assert_eq!(p["difference"], "7.50");
    assert_eq!(p["problems"][0]["field"], "total");
    let e = err(dispatch(&app, "post_bill", json!({ "bill": bill })));
    assert_eq!(e["problems"][0]["field"], "total", "{e}");
    let mut bill = bill;
    bill["total"] = json!("112.50");
    let b = dispatch(&app, "post_bill", json!({ "bill": bill })).unwrap();
    assert_eq!(b["open"], "112.50");
    assert_eq!(b["due_dates"][0]["date"], "2026-03-29");
    let e = err(dispatch(&app, "post_bill", json!({ "bill": bill })));
    assert_eq!(e["problems"][0]["field"], "supplier_number", "{e}");

    // A second bill, then a partial payment of the first.
    let mut b2 = bill.clone();
    b2["supplier_number"] = json!("SN-882");
    b2["date"] = json!("2026-01-10");
    let b2 = dispatch(&app, "post_bill", json!({ "bill": b2 })).unwrap();
    let pay = dispatch(
        &app,
        "record_supplier_payment",
        json!({"supplier_id": s, "date": "2026-03-01", "amount": "12.50", "method": "bank",
               "allocations": [{"bill_id": b["id"], "amount": "12.50"}]}),
    )
    .unwrap();
    assert_eq!(pay["unapplied"], "0.00");
    let acct = dispatch(&app, "supplier_account", json!({ "id": s })).unwrap();
    assert_eq!(acct["balance"], "212.50");
    assert_eq!(acct["overdue"], "112.50", "SN-882 was due on 2026-02-09");

    // Aging: SN-882 20 days overdue, SN-881 current.
    let ag = dispatch(&app, "payables_aging", json!({})).unwrap();
    assert_eq!(ag["suppliers"][0]["current"], "100.00");
    assert_eq!(ag["suppliers"][0]["days_1_30"], "112.50");
    let csv = bytes(&dispatch(&app, "export_payables_aging", json!({"format": "csv"})).unwrap());
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.contains("Suministros Norte SL") && csv.contains("212.50"),
        "{csv}"
    );
    let pdf = bytes(&dispatch(&app, "export_payables_aging", json!({"format": "pdf"})).unwrap());
    assert!(pdf.starts_with(b"%PDF"));
    let st = dispatch(&app, "supplier_statement", json!({"supplier_id": s})).unwrap();
    assert_eq!(st["closing"], "212.50");
    let pdf = bytes(
        &dispatch(
            &app,
            "export_supplier_statement",
            json!({"supplier_id": s, "format": "pdf"}),
        )
        .unwrap(),
    );
    assert!(pdf.starts_with(b"%PDF"));

    // VAT input: both bills in the quarter.
    let v = dispatch(
        &app,
        "vat_input_summary",
        json!({"from": "2026-01-01", "to": "2026-03-31"}),
    )
    .unwrap();
    assert_eq!(v["deductible"], "25.00");
    assert_eq!(v["bills"], 2);
    let csv = bytes(
        &dispatch(
            &app,
            "export_vat_input_summary",
            json!({"from": "2026-01-01", "to": "2026-03-31", "format": "csv"}),
        )
        .unwrap(),
    );
    assert!(String::from_utf8(csv).unwrap().contains("deductible"));

    // The payment run: both bills' open amounts in one transfer, valid against the schema.
    let run = dispatch(
        &app,
        "prepare_payment_run",
        json!({"until": "2026-04-30", "execution_date": "2026-03-02"}),
    )
    .unwrap();
    assert_eq!(run["total"], "212.50");
    let xml = bytes(&run["file"]);
    let path = dir.path().join("run.xml");
    std::fs::write(&path, &xml).unwrap();
    let xsd = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/tests/fixtures/pain.001.001.03.xsd"
    );
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--schema", xsd, path.to_str().unwrap()])
        .output()
        .expect("xmllint (Debian's libxml2-utils, installed by scripts/setup-system.sh)");
    assert!(
        out.status.success(),
        "the run's file is not valid pain.001.001.03: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let done = dispatch(&app, "confirm_payment_run", json!({ "id": run["id"] })).unwrap();
    assert_eq!(done["state"], "confirmed");
    let acct = dispatch(&app, "supplier_account", json!({ "id": s })).unwrap();
    assert_eq!(acct["balance"], "0.00");
    let _ = b2;
}

#[test]
fn bad_input_names_its_field_and_a_blocked_supplier_is_not_paid() {
    let (_d, app) = app();
    let s = supplier(&app, "Suministros Norte SL", "B87654323", None);
    let e = err(dispatch(
        &app,
        "post_bill",
        json!({"bill": {"supplier_id": s, "supplier_number": "1", "date": "2026-13-01", "total": "x",
                "lines": [{"description": "a", "quantity": "1", "unit_price": "1,2.3", "vat_rate": "21"}]}}),
    ));
    let fields: Vec<&str> = e["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap_or(""))
        .collect();
    assert!(
        fields.contains(&"date") && fields.contains(&"total") && fields.contains(&"unit_price"),
        "{e}"
    );
    dispatch(
        &app,
        "set_supplier_status",
        json!({"id": s, "blocked": true, "reason": "Calidad en revisión"}),
    )
    .unwrap();
    let e = err(dispatch(
        &app,
        "record_supplier_payment",
        json!({"supplier_id": s, "date": "2026-03-01", "amount": "10.00", "method": "bank"}),
    ));
    assert!(e["message"].as_str().unwrap().contains("blocked"), "{e}");
    let e = err(dispatch(
        &app,
        "record_expense",
        json!({"date": "2026-03-01", "amount": "-3", "account": "629", "description": "Taxi"}),
    ));
    assert_eq!(e["problems"][0]["field"], "amount", "{e}");
}

#[test]
fn the_demo_company_owes_its_suppliers_and_can_pay_them() {
    let (_d, app) = app_at(2026, 6, 15);
    dispatch(&app, "open_demo_company", json!({})).unwrap();
    let bills = dispatch(&app, "list_bills", json!({})).unwrap();
    let kinds: Vec<&str> = bills
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"bill") && kinds.contains(&"credit") && kinds.contains(&"expense"),
        "{kinds:?}"
    );
    let billed = bills
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["order_number"].is_string())
        .expect("a bill made from the received order");
    assert!(billed["lines"][0]["order_line_no"].is_i64());
    let ag = dispatch(&app, "payables_aging", json!({})).unwrap();
    assert_ne!(ag["total"]["total"], "0.00");
    assert_ne!(ag["total"]["days_1_30"], "0.00", "something is overdue");
    let v = dispatch(
        &app,
        "vat_input_summary",
        json!({"from": "2026-01-01", "to": "2026-06-30"}),
    )
    .unwrap();
    assert!(v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["treatment"] == "intra_eu"));
    let run = dispatch(&app, "prepare_payment_run", json!({"until": "2026-07-31"})).unwrap();
    assert!(!run["items"].as_array().unwrap().is_empty());
}
