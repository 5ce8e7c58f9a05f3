//! The global search through the command table, on the demo company as the UI calls it:
//! groups by kind with totals, hits with what opens them, any text accepted.

use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use trastienda_api::{dispatch, App, AppConfig};

fn demo() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir.path().join("data"));
    cfg.fixed_now = Some(Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap());
    let app = App::new(cfg);
    dispatch(&app, "open_demo_company", json!({})).unwrap();
    (dir, app)
}

fn group<'a>(r: &'a Value, kind: &str) -> Option<&'a Value> {
    r["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["kind"] == kind)
}

#[test]
fn a_customer_and_an_invoice_are_found_by_name_and_number() {
    let (_d, app) = demo();
    let r = dispatch(&app, "search", json!({"text": "gestoria martin"})).unwrap();
    let customers = group(&r, "customer").expect("the customer group");
    assert!(customers["total"].as_u64().unwrap() >= 1);
    let hit = &customers["hits"][0];
    assert_eq!(hit["label"], "Gestoría Martín y Asociados, S.L.");
    assert_eq!(hit["kind"], "customer");
    assert!(hit["id"].as_i64().unwrap() > 0);
    assert!(r["took_ms"].is_u64());
    assert_eq!(r["capped"], false);

    // An issued invoice of the demo, found by its full number.
    let invoices = dispatch(&app, "list_invoices", json!({})).unwrap();
    let issued = invoices
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["number"].is_string())
        .expect("the demo has issued invoices");
    let number = issued["number"].as_str().unwrap();
    let r = dispatch(&app, "search", json!({"text": number, "per_kind": 3})).unwrap();
    let hits = group(&r, "invoice").expect("the invoice group")["hits"].clone();
    let hit = &hits[0];
    assert_eq!(hit["label"], number);
    assert_eq!(hit["id"], issued["id"]);
    assert!(hit["total"].as_str().unwrap().contains('.'));
    assert!(hit["date"].is_string());
}

#[test]
fn any_text_is_accepted_and_nothing_is_nothing() {
    let (_d, app) = demo();
    for text in ["", "   ", "\"", "(", "*", "NEAR(", "a OR", "-", "zzzqqq"] {
        let r = dispatch(&app, "search", json!({"text": text}))
            .unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
        if text != "a OR" {
            assert!(r["groups"].as_array().unwrap().is_empty(), "{text:?}: {r}");
        }
    }
    // per_kind is bounded both ways.
    let r = dispatch(&app, "search", json!({"text": "a", "per_kind": 0})).unwrap();
    for g in r["groups"].as_array().unwrap() {
        assert!(g["hits"].as_array().unwrap().len() <= 1);
    }
}
