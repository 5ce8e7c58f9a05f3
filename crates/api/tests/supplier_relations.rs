//! A supplier's evaluations and contracts through the command table, as the UI calls them:
//! averages as two-decimal strings, problems naming their field, the due list from today.

use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use trastienda_api::{dispatch, App, AppConfig};

fn app() -> (tempfile::TempDir, App, i64) {
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
    let s = dispatch(
        &app,
        "save_supplier",
        json!({"supplier": {
            "legal_name": "Papelería Sol SL", "trade_name": null, "country": "ES", "tax_id": "",
            "address": "", "postal_code": "", "city": "", "province": "", "email": null,
            "phone": null, "iban": null, "bic": null, "payment_days": 30, "expense_account": null,
            "vat_treatment": "deductible", "irpf_pct": null, "category": "", "notes": "",
            "contacts": []}}),
    )
    .unwrap();
    let id = s["id"].as_i64().unwrap();
    (dir, app, id)
}

fn err(r: Result<Value, trastienda_api::ApiError>) -> Value {
    serde_json::to_value(r.expect_err("should fail")).unwrap()
}

fn fields_of(e: &Value) -> Vec<String> {
    let mut v: Vec<String> = e["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap_or("").to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn evaluations_show_their_averages() {
    let (_d, app, s) = app();
    let none = dispatch(&app, "list_supplier_evaluations", json!({"supplier_id": s})).unwrap();
    assert_eq!(none["summary"]["count"], 0);
    assert_eq!(none["summary"]["overall"], Value::Null);

    let e = err(dispatch(
        &app,
        "add_supplier_evaluation",
        json!({"supplier_id": s, "date": "2026-02-30", "quality": 9, "delivery": 3, "price": 3, "service": 3}),
    ));
    assert_eq!(fields_of(&e), vec!["date"]);
    let e = err(dispatch(
        &app,
        "add_supplier_evaluation",
        json!({"supplier_id": s, "quality": 9, "delivery": 3, "price": 0, "service": 3}),
    ));
    assert_eq!(fields_of(&e), vec!["price", "quality"]);

    // (5+4+4+4)/4 = 4.25; without a date, today.
    let got = dispatch(
        &app,
        "add_supplier_evaluation",
        json!({"supplier_id": s, "quality": 5, "delivery": 4, "price": 4, "service": 4, "comment": "Bien"}),
    )
    .unwrap();
    assert_eq!(got["rows"][0]["date"], "2026-03-01");
    assert_eq!(got["summary"]["overall"], "4.25");
    assert_eq!(got["summary"]["quality"], "5.00");
    let id = got["rows"][0]["id"].as_i64().unwrap();
    dispatch(&app, "delete_supplier_evaluation", json!({"id": id})).unwrap();
    let after = dispatch(&app, "list_supplier_evaluations", json!({"supplier_id": s})).unwrap();
    assert_eq!(after["summary"]["count"], 0);
    let e = err(dispatch(
        &app,
        "list_supplier_evaluations",
        json!({"supplier_id": 999}),
    ));
    assert_eq!(e["code"], "not_found");
}

#[test]
fn contracts_are_saved_and_listed_when_due() {
    let (_d, app, s) = app();
    let e = err(dispatch(
        &app,
        "save_supplier_contract",
        json!({"supplier_id": s, "contract": {"subject": "", "start_date": "2026-01-01",
               "end_date": "2025-12-31", "auto_renew": false, "renewal_notice_days": 0,
               "amount": "-5"}}),
    ));
    assert_eq!(fields_of(&e), vec!["amount", "end_date", "subject"]);
    let e = err(dispatch(
        &app,
        "save_supplier_contract",
        json!({"supplier_id": s, "contract": {"subject": "X", "start_date": "1/1/2026",
               "amount": "mucho", "auto_renew": false, "renewal_notice_days": 0}}),
    ));
    assert_eq!(fields_of(&e), vec!["amount", "start_date"]);

    let c = dispatch(
        &app,
        "save_supplier_contract",
        json!({"supplier_id": s, "contract": {"subject": "Limpieza", "start_date": "2025-04-01",
               "end_date": "2026-03-31", "auto_renew": true, "renewal_notice_days": 15,
               "amount": "1200", "notes": ""}}),
    )
    .unwrap();
    assert_eq!(c["fields"]["amount"], "1200.00");
    let list = dispatch(&app, "list_supplier_contracts", json!({"supplier_id": s})).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);

    // Today is 2026-03-01: the notice deadline 2026-03-16 is 15 days away.
    let due = dispatch(&app, "contracts_due", json!({"within_days": 15})).unwrap();
    assert_eq!(due["as_of"], "2026-03-01");
    let row = &due["rows"][0];
    assert_eq!(row["action"], "notice_deadline");
    assert_eq!(row["action_date"], "2026-03-16");
    assert_eq!(row["days_left"], 15);
    assert_eq!(row["supplier_name"], "Papelería Sol SL");
    let due = dispatch(&app, "contracts_due", json!({"within_days": 14})).unwrap();
    assert!(due["rows"].as_array().unwrap().is_empty());
    let e = err(dispatch(&app, "contracts_due", json!({"within_days": -3})));
    assert_eq!(fields_of(&e), vec!["within_days"]);

    let id = c["id"].as_i64().unwrap();
    dispatch(&app, "delete_supplier_contract", json!({"id": id})).unwrap();
    let list = dispatch(&app, "list_supplier_contracts", json!({"supplier_id": s})).unwrap();
    assert!(list.as_array().unwrap().is_empty());
}

#[test]
fn the_demo_has_evaluations_and_contracts_coming_due() {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir.path().join("data"));
    cfg.fixed_now = Some(Utc.with_ymd_and_hms(2026, 6, 15, 12, 0, 0).unwrap());
    let app = App::new(cfg);
    dispatch(&app, "open_demo_company", json!({})).unwrap();
    let due = dispatch(&app, "contracts_due", json!({"within_days": 60})).unwrap();
    let rows = due["rows"].as_array().unwrap();
    // The notice deadline 45 - 30 = 15 days ahead, and the end 25 days ahead.
    let got: Vec<(&str, i64)> = rows
        .iter()
        .map(|r| {
            (
                r["action"].as_str().unwrap(),
                r["days_left"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, vec![("notice_deadline", 15), ("ends", 25)]);
    let first = rows[0]["contract"]["supplier_id"].as_i64().unwrap();
    let ev = dispatch(
        &app,
        "list_supplier_evaluations",
        json!({"supplier_id": first}),
    )
    .unwrap();
    // (5+4+3+4 + 4+5+4+5) / 8 = 34 / 8 = 4.25
    assert_eq!(ev["summary"]["count"], 2);
    assert_eq!(ev["summary"]["overall"], "4.25");
}
