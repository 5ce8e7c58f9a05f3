//! Customers and the catalogue through the command table, as the UI calls them: problems name
//! their field (and row, in an import), the CSV round-trips, money travels as strings.

use base64::Engine;
use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use trastienda_api::customers::{parse_customers_csv, CSV_HEADER};
use trastienda_api::{dispatch, App, AppConfig};

fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir.path().join("data"));
    cfg.fixed_now = Some(Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap());
    let app = App::new(cfg);
    dispatch(
        &app,
        "create_company",
        json!({"name": "Clientes SL", "tax_id": "B12345674", "country": "ES", "address": "",
               "fiscal_year_start_month": 1, "currency": "EUR", "language": "es", "template": "es-pymes"}),
    )
    .unwrap();
    (dir, app)
}

fn fields(name: &str, tax_id: &str) -> Value {
    json!({
        "legal_name": name, "trade_name": null, "country": "ES", "tax_id": tax_id,
        "address": "Calle Mayor 1", "postal_code": "28001", "city": "Madrid", "province": "Madrid",
        "shipping_address": null, "email": null, "phone": null, "payment_days": 30,
        "payment_days_of_month": null, "treatment": "domestic", "exemption_cause": null,
        "iban": null, "account": null, "notes": "", "contacts": []
    })
}

fn err(r: Result<Value, trastienda_api::ApiError>) -> Value {
    serde_json::to_value(r.expect_err("should fail")).unwrap()
}

fn audit_total(app: &App) -> u64 {
    dispatch(app, "audit_log", json!({"page_size": 1})).unwrap()["total"]
        .as_u64()
        .unwrap()
}

#[test]
fn save_show_list_and_deactivate_a_customer() {
    let (_d, app) = app();
    let e = err(dispatch(
        &app,
        "save_customer",
        json!({"customer": fields("Juan Pérez", "12345678A")}),
    ));
    assert_eq!(e["problems"][0]["field"], "tax_id");
    assert_eq!(e["problems"][0]["code"], "invalid_tax_id");

    let mut f = fields("Juan Pérez", "12345678Z");
    f["contacts"] =
        json!([{"name": "Ana", "role": "Compras", "email": "ana@example.com", "phone": null}]);
    let saved = dispatch(&app, "save_customer", json!({ "customer": f })).unwrap();
    let id = saved["id"].as_i64().unwrap();
    assert_eq!(saved["fields"]["contacts"][0]["name"], "Ana");

    let card = dispatch(&app, "get_customer", json!({ "id": id })).unwrap();
    assert_eq!(card["customer"]["fields"]["tax_id"], "12345678Z");
    assert_eq!(card["balance"], "0.00");
    assert_eq!(card["open_invoices"], json!([]));

    let mut edit = card["customer"]["fields"].clone();
    edit["email"] = json!("not-an-email");
    let e = err(dispatch(
        &app,
        "save_customer",
        json!({"id": id, "customer": edit}),
    ));
    assert_eq!(e["problems"][0]["field"], "email");

    let list = dispatch(&app, "list_customers", json!({"query": "pérez"})).unwrap();
    assert_eq!(list["total"], 1);
    assert_eq!(list["rows"][0]["balance"], "0.00");

    let off = dispatch(
        &app,
        "set_customer_active",
        json!({"id": id, "active": false}),
    )
    .unwrap();
    assert_eq!(off["active"], false);
    assert_eq!(
        dispatch(&app, "list_customers", json!({})).unwrap()["total"],
        0
    );
    assert_eq!(
        dispatch(&app, "list_customers", json!({"include_inactive": true})).unwrap()["total"],
        1
    );
    let e = err(dispatch(&app, "get_customer", json!({"id": 999})));
    assert_eq!(e["code"], "not_found");
}

#[test]
fn an_import_with_a_bad_row_writes_nothing_and_names_the_row() {
    let (_d, app) = app();
    let before = audit_total(&app);
    let csv = "legal_name,tax_id,email,payment_days\n\
               Uno SL,B12345674,uno@example.com,30\n\
               \n\
               Dos SL,12345678A,dos@,x\n\
               Tres SL,,,\n";
    let e = err(dispatch(&app, "import_customers", json!({ "csv": csv })));
    let got: Vec<(u64, String)> = e["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["row"].as_u64().unwrap(),
                p["field"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (4, "payment_days".to_string()),
            (4, "tax_id".to_string()),
            (4, "email".to_string())
        ],
        "{e}"
    );
    assert_eq!(audit_total(&app), before);
    assert_eq!(
        dispatch(&app, "list_customers", json!({})).unwrap()["total"],
        0
    );

    let fixed = csv
        .replace("12345678A", "12345678Z")
        .replace("dos@,x", "dos@example.com,15");
    let r = dispatch(
        &app,
        "import_customers",
        json!({"csv": fixed, "file_name": "c.csv"}),
    )
    .unwrap();
    assert_eq!(r["imported"], 3);
    assert_eq!(audit_total(&app), before + 1);

    // The same file again: every row is a duplicate, nothing written.
    let e = err(dispatch(&app, "import_customers", json!({ "csv": fixed })));
    assert!(e["problems"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["code"] == "duplicate" && p["field"] == "tax_id"));
    assert_eq!(audit_total(&app), before + 1);

    // A header with a typo is refused before any row.
    let e = err(dispatch(
        &app,
        "import_customers",
        json!({"csv": "legal_name,tax_idd\nA,\n"}),
    ));
    assert_eq!(e["problems"][0]["row"], 1);
    assert_eq!(e["problems"][0]["field"], "tax_idd");
}

#[test]
fn export_and_import_round_trip() {
    let (_d, app) = app();
    let mut a = fields("Ferretería \"El Clavo\", S.L.", "B12345674");
    a["trade_name"] = json!("El Clavo");
    a["email"] = json!("clavo@example.com");
    a["phone"] = json!("+34 600 000 000");
    a["iban"] = json!("ES9121000418450200051332");
    a["notes"] = json!("Paga los días 5\nSegunda línea");
    dispatch(&app, "save_customer", json!({ "customer": a })).unwrap();
    let mut b = fields("Société Exemple", "FR40303265045");
    b["country"] = json!("FR");
    b["treatment"] = json!("intra_eu");
    dispatch(&app, "save_customer", json!({ "customer": b })).unwrap();
    let mut c = fields("Colegio", "");
    c["treatment"] = json!("exempt");
    c["exemption_cause"] = json!("E1");
    dispatch(&app, "save_customer", json!({ "customer": c })).unwrap();

    let file = dispatch(&app, "export_customers", json!({})).unwrap();
    assert_eq!(file["mime"], "text/csv");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(file["content_base64"].as_str().unwrap())
        .unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(
        text.starts_with(&format!("\u{feff}{}\n", CSV_HEADER.join(","))),
        "{text}"
    );

    let exported = parse_customers_csv(&bytes[..]).unwrap();
    assert_eq!(exported.len(), 3);
    let (_d2, other) = app_pair();
    let r = dispatch(&other, "import_customers", json!({"csv": text})).unwrap();
    assert_eq!(r["imported"], 3);
    let again = dispatch(&other, "export_customers", json!({})).unwrap();
    assert_eq!(
        again["content_base64"], file["content_base64"],
        "byte for byte"
    );
}

fn app_pair() -> (tempfile::TempDir, App) {
    app()
}

#[test]
fn the_parser_survives_junk() {
    for junk in [
        &b""[..],
        b"\xff\xfe\x00",
        b"legal_name,notes\nA,\"x\"y\"\nB,\xc3\n",
        b"legal_name,legal_name\nA,B\n",
        b"legal_name\n\xff\xff\n",
        b"legal_name,country\nA,ES,extra\n",
        b"\n\n\n",
    ] {
        let r = parse_customers_csv(junk);
        assert!(r.is_err(), "{:?} -> {r:?}", String::from_utf8_lossy(junk));
        for p in r.unwrap_err() {
            assert!(p.row.is_some(), "{p}");
        }
    }
}

#[test]
fn products_through_the_api() {
    let (_d, app) = app();
    let e = err(dispatch(
        &app,
        "save_product",
        json!({"code": "P1", "description": "Pieza", "unit_price": "12,5x", "tax": "21"}),
    ));
    assert_eq!(e["problems"][0]["field"], "unit_price");
    let p = dispatch(
        &app,
        "save_product",
        json!({"code": "P1", "description": "Pieza", "unit_price": "12.50", "tax": "21", "income_account": "700"}),
    )
    .unwrap();
    assert_eq!(p["unit_price"], "12.50");
    let e = err(dispatch(
        &app,
        "save_product",
        json!({"code": "P1", "description": "Otra", "unit_price": "1", "tax": "E9"}),
    ));
    let f: Vec<&str> = e["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(f, vec!["tax"]);
    let id = p["id"].as_i64().unwrap();
    dispatch(
        &app,
        "set_product_active",
        json!({"id": id, "active": false}),
    )
    .unwrap();
    assert_eq!(
        dispatch(&app, "list_products", json!({})).unwrap(),
        json!([])
    );
    let all = dispatch(
        &app,
        "list_products",
        json!({"include_inactive": true, "query": "piez"}),
    )
    .unwrap();
    assert_eq!(all[0]["code"], "P1");
}
