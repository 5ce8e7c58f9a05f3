//! The statement import's progress, polled by the import screen's bar while the import call
//! runs (its own test binary: the progress is one per process and other tests import too).

use base64::Engine;
use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use trastienda_api::{dispatch, App, AppConfig};

fn ok(app: &App, cmd: &str, args: Value) -> Value {
    dispatch(app, cmd, args).unwrap_or_else(|e| panic!("{cmd}: {e:?}"))
}

#[test]
fn an_import_reports_lines_parsed_checked_and_stored() {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir.path().join("data"));
    cfg.fixed_now = Some(Utc.with_ymd_and_hms(2026, 4, 1, 12, 0, 0).unwrap());
    let app = App::new(cfg);
    ok(
        &app,
        "create_company",
        json!({"name": "Bancos SL", "tax_id": "B12345674", "country": "ES", "address": "",
               "fiscal_year_start_month": 1, "currency": "EUR", "language": "es",
               "template": "es-pymes"}),
    );
    let id = ok(
        &app,
        "save_bank_account",
        json!({"account": {"name": "Cuenta", "kind": "bank", "currency": "EUR",
               "account": "5720001", "opening_balance": "0"}}),
    )["id"]
        .as_i64()
        .unwrap();
    let layout = ok(
        &app,
        "save_csv_mapping",
        json!({"mapping": {"name": "Simple", "delimiter": ";", "encoding": "utf-8",
               "skip_rows": 0, "has_header": true, "date_format": "%Y-%m-%d",
               "decimal_comma": false, "col_date": 1, "col_value_date": 0, "col_description": 2,
               "col_amount": 3, "col_debit": 0, "col_credit": 0, "col_balance": 0,
               "col_reference": 0}}),
    );
    let idle = ok(&app, "bank_import_progress", json!({}));
    assert_eq!(idle["active"], false, "{idle}");
    let n = 20_000;
    let mut csv = String::from("fecha;concepto;importe\n");
    for i in 0..n {
        csv.push_str(&format!(
            "2026-03-{:02};Movimiento {i};{}.00\n",
            1 + i % 28,
            1 + i % 90
        ));
    }
    let args = json!({"account_id": id, "file_name": "big.csv", "mapping_id": layout["id"],
                      "content_base64": base64::engine::general_purpose::STANDARD.encode(&csv)});
    let done = std::sync::atomic::AtomicBool::new(false);
    let seen = std::thread::scope(|s| {
        let poller = s.spawn(|| {
            let mut seen: Vec<Value> = Vec::new();
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                let p = ok(&app, "bank_import_progress", json!({}));
                if p["active"] == true {
                    seen.push(p);
                }
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            seen
        });
        let r = ok(&app, "import_statement", args);
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        assert_eq!(r["lines_added"], n, "{r}");
        poller.join().unwrap()
    });
    // Seen while running: phases in order, counts never above their totals.
    assert!(
        !seen.is_empty(),
        "the progress never showed the import running"
    );
    let rank = |p: &Value| match p["phase"].as_str().unwrap() {
        "reading" => 0,
        "checking" => 1,
        "storing" => 2,
        other => panic!("phase {other}"),
    };
    for w in seen.windows(2) {
        assert!(rank(&w[0]) <= rank(&w[1]), "{} then {}", w[0], w[1]);
    }
    for p in &seen {
        assert!(p["done"].as_u64() <= p["total"].as_u64(), "{p}");
        if rank(p) > 0 {
            assert_eq!(p["parsed"], n, "{p}");
        }
    }
    // After: not active, the last phase complete.
    let end = ok(&app, "bank_import_progress", json!({}));
    assert_eq!(
        end,
        json!({"active": false, "phase": "storing", "parsed": n, "done": n, "total": n})
    );
}
