//! Suppliers through the command table, as the UI calls them: problems name their field (and
//! row and column, in an import), blocking needs a reason, the CSV round-trips.

use base64::Engine;
use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use trastienda_api::suppliers::{parse_suppliers_csv, CSV_HEADER};
use trastienda_api::{dispatch, App, AppConfig};

fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir.path().join("data"));
    cfg.fixed_now = Some(Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap());
    let app = App::new(cfg);
    dispatch(
        &app,
        "create_company",
        json!({"name": "Compras SL", "tax_id": "B12345674", "country": "ES", "address": "",
               "fiscal_year_start_month": 1, "currency": "EUR", "language": "es", "template": "es-pymes"}),
    )
    .unwrap();
    (dir, app)
}

fn fields(name: &str, tax_id: &str) -> Value {
    json!({
        "legal_name": name, "trade_name": null, "country": "ES", "tax_id": tax_id,
        "address": "Calle Mayor 1", "postal_code": "28001", "city": "Madrid", "province": "Madrid",
        "email": null, "phone": null, "iban": null, "bic": null, "payment_days": 30,
        "expense_account": null, "vat_treatment": "deductible", "irpf_pct": null,
        "category": "", "notes": "", "contacts": []
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
fn save_show_list_block_and_unblock_a_supplier() {
    let (_d, app) = app();
    let mut f = fields("Papelería Sol SL", "12345678Z");
    f["iban"] = json!("ES00 2100 0418 4502 0005 1332");
    let e = err(dispatch(&app, "save_supplier", json!({ "supplier": f })));
    assert_eq!(e["problems"][0]["field"], "iban");
    assert_eq!(e["problems"].as_array().unwrap().len(), 1);

    f["iban"] = json!("ES91 2100 0418 4502 0005 1332");
    f["contacts"] =
        json!([{"name": "Ana", "role": "Ventas", "email": "ana@sol.es", "phone": null}]);
    let saved = dispatch(&app, "save_supplier", json!({ "supplier": f })).unwrap();
    let id = saved["id"].as_i64().unwrap();
    assert_eq!(saved["status"], "active");
    let got = dispatch(&app, "get_supplier", json!({ "id": id })).unwrap();
    assert_eq!(got["fields"]["iban"], "ES9121000418450200051332");
    assert_eq!(got["fields"]["contacts"][0]["name"], "Ana");

    let before = audit_total(&app);
    let e = err(dispatch(
        &app,
        "set_supplier_status",
        json!({"id": id, "blocked": true}),
    ));
    assert_eq!(e["problems"][0]["field"], "block_reason");
    assert_eq!(audit_total(&app), before);
    let b = dispatch(
        &app,
        "set_supplier_status",
        json!({"id": id, "blocked": true, "reason": "Calidad"}),
    )
    .unwrap();
    assert_eq!(b["status"], "blocked");
    assert_eq!(b["block_reason"], "Calidad");
    let page = dispatch(&app, "list_suppliers", json!({"query": "sol"})).unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["rows"][0]["status"], "blocked");
    let a = dispatch(
        &app,
        "set_supplier_status",
        json!({"id": id, "blocked": false}),
    )
    .unwrap();
    assert_eq!(a["status"], "active");
    assert_eq!(audit_total(&app), before + 2);
}

#[test]
fn a_csv_import_is_all_or_nothing_and_round_trips() {
    let (_d, app) = app();
    let bad = "legal_name,tax_id,iban,payment_days\n\
               Alfa SL,B12345674,,30\n\
               Beta SL,,ES00 2100 0418 4502 0005 1332,diez\n";
    let e = err(dispatch(
        &app,
        "import_suppliers",
        json!({"csv": bad, "file_name": "p.csv"}),
    ));
    let at: Vec<(u64, String)> = e["problems"]
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
    assert!(at.contains(&(3, "iban".into())), "{e}");
    assert!(at.contains(&(3, "payment_days".into())), "{e}");
    let page = dispatch(&app, "list_suppliers", json!({})).unwrap();
    assert_eq!(page["total"], 0, "nothing imported");

    let good = "\u{feff}legal_name,tax_id,iban,bic,payment_days,category,vat_treatment,irpf_pct\n\
                Alfa SL,B12345674,,,30,Oficina,,\n\
                Beta Asesores SL,12345678Z,ES91 2100 0418 4502 0005 1332,CAIXESBBXXX,60,Asesoría,deductible,15\n";
    let r = dispatch(&app, "import_suppliers", json!({"csv": good})).unwrap();
    assert_eq!(r["imported"], 2);

    let out = dispatch(&app, "export_suppliers", json!({})).unwrap();
    assert_eq!(out["file_name"], "proveedores.csv");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(out["content_base64"].as_str().unwrap())
        .unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.starts_with(&format!("\u{feff}{}", CSV_HEADER.join(","))));
    assert!(text.contains("Beta Asesores SL,,ES,12345678Z"), "{text}");
    let rows = parse_suppliers_csv(&bytes[..]).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].1.irpf_pct.as_deref(), Some("15"));
    assert_eq!(rows[1].1.iban.as_deref(), Some("ES9121000418450200051332"));
}

#[test]
fn junk_never_panics_the_parser() {
    for junk in [
        "",
        "\u{feff}",
        "nombre\nx",
        "legal_name,legal_name\na,b",
        "legal_name,status\nA,blocked",
    ] {
        assert!(parse_suppliers_csv(junk.as_bytes()).is_err(), "{junk:?}");
    }
}
