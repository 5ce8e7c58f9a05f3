//! Bad input everywhere: every command of the command table, sent malformed payloads (wrong
//! JSON shapes, wrong types in every field name the commands use, then well-typed absurdities:
//! impossible dates, huge strings, negative and enormous amounts), answers an `{code, message}`
//! error (or, for a command that only reads, a result) and never panics; and the company file
//! is unchanged: every change the store makes leaves an audit record, so an unchanged audit
//! log, entry count and app settings mean nothing was written.

#![recursion_limit = "256"] // the big json! literals below

use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use trastienda_api::{command_signatures, dispatch, App, AppConfig};

/// Commands that act on the app rather than on the open company's data (they would close it,
/// switch it, or write files outside it); each is covered by its own tests.
const AROUND_THE_COMPANY: &[&str] = &["close_company", "open_demo_company", "backup_now"];

fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir.path().join("data"));
    cfg.fixed_now = Some(Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap());
    let app = App::new(cfg);
    dispatch(
        &app,
        "create_company",
        json!({"name": "Entradas Malas SL", "tax_id": "B12345674", "country": "ES", "address": "",
               "fiscal_year_start_month": 1, "currency": "EUR", "language": "es", "template": "es-pymes"}),
    )
    .unwrap();
    dispatch(
        &app,
        "post_entry",
        json!({"date": "2026-02-01", "description": "Venta",
               "lines": [{"account": "5720001", "debit": "100"}, {"account": "700", "credit": "100"}]}),
    )
    .unwrap();
    (dir, app)
}

/// What a change would move: the audit log, the entries, the drafts, the app's settings.
fn state(app: &App) -> Value {
    let get = |cmd: &str, args: Value| dispatch(app, cmd, args).unwrap();
    json!({
        "audit": get("audit_log", json!({"page_size": 1}))["total"],
        "entries": get("list_entries", json!({}))["total"],
        "drafts": get("list_drafts", json!({})).as_array().unwrap().len(),
        "templates": get("list_entry_templates", json!({})).as_array().unwrap().len(),
        "periods": get("periods_info", json!({})),
        "language": get("app_info", json!({}))["language"],
        "company": get("app_info", json!({}))["company"]["path"],
        "backups": dispatch(app, "backup_settings", json!({})).ok(),
    })
}

/// Every field name the commands take, each with a value of the wrong JSON type.
fn wrong_types() -> Value {
    let mut m = serde_json::Map::new();
    for (field, v) in [
        ("id", json!("abc")),
        ("year", json!("MMXXVI")),
        ("date", json!(20260230)),
        ("from", json!(5)),
        ("to", json!([])),
        ("until", json!({})),
        ("reason", json!(7)),
        ("description", json!(9)),
        ("reference", json!([])),
        ("lines", json!("none")),
        ("entry", json!("x")),
        ("account", json!(12)),
        ("code", json!(34)),
        ("name", json!(56)),
        ("query", json!(1)),
        ("page", json!(-1)),
        ("page_size", json!("big")),
        ("kind", json!(17)),
        ("report", json!(3)),
        ("format", json!(4)),
        ("language", json!(5)),
        ("path", json!(6)),
        ("content_base64", json!(7)),
        ("file_name", json!(8)),
        ("level", json!("deep")),
        ("compare", json!(9)),
        ("monthly", json!("yes")),
        ("first", json!(1)),
        ("last", json!(2)),
        ("key", json!(3)),
        ("column", json!("c")),
        ("csv", json!(4)),
        ("tax_id", json!(5)),
        ("country", json!(6)),
        ("parent", json!(7)),
        ("active", json!("maybe")),
        ("limit", json!("x")),
        ("record", json!(1)),
        ("action", json!(2)),
        ("text", json!(3)),
        ("min_total", json!(4)),
        ("max_total", json!(5)),
        ("sort", json!(6)),
        ("descending", json!("no")),
        ("template", json!(7)),
        ("address", json!(8)),
        ("currency", json!(9)),
        ("fiscal_year_start_month", json!("enero")),
        ("recurrence", json!("x")),
        ("every", json!(1)),
        ("first_date", json!(2)),
        ("folder", json!(3)),
        ("keep_daily", json!("x")),
        ("keep_weekly", json!("x")),
        ("keep_monthly", json!("x")),
        ("statement", json!("x")),
    ] {
        m.insert(field.into(), v);
    }
    Value::Object(m)
}

/// Well-typed but absurd: impossible dates, a megabyte of text, amounts out of any range.
fn absurd() -> Value {
    let huge = "x".repeat(1_000_000);
    json!({
        "id": i64::MAX, "year": 99999, "date": "2026-02-30", "from": "2026-13-01", "to": "0000-00-00",
        "until": "31/02/2026", "reason": huge, "description": huge, "reference": huge,
        "lines": [{"account": huge, "debit": "-99999999999999999999999999", "credit": "1e400"},
                  {"account": "700", "debit": "NaN", "credit": "-0.001"}],
        "entry": {"date": "2026-02-30", "lines": []},
        "account": huge, "code": "12a", "name": huge, "query": huge, "page": 4_000_000_000u32,
        "page_size": 0, "kind": "normal", "report": "profit-loss", "format": "csv",
        "language": "es", "path": "/nonexistent/dir/file.trastienda",
        "content_base64": "!!!not base64!!!", "file_name": "../../etc/passwd", "level": 250,
        "first": "999", "last": "1", "key": huge, "new": huge, "current": huge, "password": huge, "column": 4_000_000_000u32,
        "csv": "account,debit,credit\n700,-1e99,\n", "tax_id": huge, "country": "ES",
        "parent": "1", "active": false, "limit": 0, "min_total": "-1", "max_total": "-2",
        "fiscal_year_start_month": 13, "recurrence": {"every": "monthly", "first_date": "2026-02-30"},
        "folder": "", "keep_daily": 0, "keep_weekly": 0, "keep_monthly": 0,
    })
}

fn commands() -> Vec<(&'static str, bool)> {
    command_signatures(&ts_rs::Config::new())
        .into_iter()
        .filter(|(name, ..)| !AROUND_THE_COMPANY.contains(name))
        .map(|(name, args, _)| (name, args == "NoArgs"))
        .collect()
}

fn assert_error_shape(cmd: &str, payload: &str, e: &Value) {
    assert!(e["code"].is_string(), "{cmd} {payload}: {e}");
    let message = e["message"].as_str().unwrap_or("");
    assert!(
        !message.is_empty(),
        "{cmd} {payload}: an error needs a message: {e}"
    );
    assert_ne!(
        e["code"], "internal",
        "{cmd} {payload}: bad input is not an internal error: {e}"
    );
}

#[test]
fn every_command_refuses_malformed_payloads_and_changes_nothing() {
    let (_d, app) = app();
    let before = state(&app);
    let mut refused = 0;
    for (cmd, no_args) in commands() {
        for (label, payload) in [
            ("a number", json!(42)),
            ("a string", json!("text")),
            ("an array", json!([1, 2])),
            ("wrong types", wrong_types()),
        ] {
            match dispatch(&app, cmd, payload) {
                Ok(v) => assert!(
                    no_args,
                    "{cmd} accepted {label} and answered {}",
                    v.to_string().chars().take(200).collect::<String>()
                ),
                Err(e) => {
                    refused += 1;
                    let e = serde_json::to_value(e).unwrap();
                    assert_error_shape(cmd, label, &e);
                    assert_eq!(e["code"], "validation", "{cmd} {label}: {e}");
                }
            }
        }
        assert_eq!(
            state(&app),
            before,
            "{cmd} changed the company on malformed input"
        );
    }
    assert!(refused > 100, "only {refused} refusals");
}

#[test]
fn every_command_survives_absurd_values_without_writing() {
    let (_d, app) = app();
    let before = state(&app);
    for (cmd, _) in commands() {
        let result = dispatch(&app, cmd, absurd());
        if let Err(e) = result {
            assert_error_shape(cmd, "absurd values", &serde_json::to_value(e).unwrap());
        }
        assert_eq!(
            state(&app),
            before,
            "{cmd} changed the company when sent absurd values"
        );
    }
}
