//! Bookkeeping through the command table, on a small company whose figures were worked out
//! by hand (the expected numbers are written here, never computed by the code under test):
//! the statements, the books, drill-down, period rules, the year-end close and its undo.

use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use trastienda_api::{dispatch, App, AppConfig};

fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir.path().join("data"));
    cfg.fixed_now = Some(Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap());
    (dir, App::new(cfg))
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

fn entry(date: &str, description: &str, lines: &[(&str, &str, &str)]) -> Value {
    json!({"date": date, "description": description,
           "lines": lines.iter().map(|(a, d, c)| json!({"account": a, "debit": d, "credit": c})).collect::<Vec<_>>()})
}

fn post(app: &App, date: &str, description: &str, lines: &[(&str, &str, &str)]) -> Value {
    ok(app, "post_entry", entry(date, description, lines))
}

/// The hand-checked company. 2025: capital 10 000; equipment 1 200; purchase 4 000 + VAT
/// 840; sale 10 000 + VAT 2 100; discount 500; collection 11 600; payment 4 840; wages
/// 2 000 (IRPF 300, paid 1 700); employer SS 600; depreciation 300. Posted out of date order
/// on purpose (depreciation before the discount) so the journal book renumbers by date.
fn company() -> (tempfile::TempDir, App) {
    let (d, app) = app();
    ok(
        &app,
        "create_company",
        json!({"name": "Cuentas Claras, S.L.", "tax_id": "B12345674", "country": "ES", "address": "",
               "fiscal_year_start_month": 1, "currency": "EUR", "language": "es", "template": "es-pymes"}),
    );
    ok(&app, "create_fiscal_year", json!({"year": 2025}));
    post(
        &app,
        "2025-01-02",
        "Capital",
        &[("5720001", "10000", ""), ("100", "", "10000")],
    );
    post(
        &app,
        "2025-01-15",
        "Ordenador",
        &[("217", "1200", ""), ("5720001", "", "1200")],
    );
    post(
        &app,
        "2025-02-10",
        "Compra",
        &[
            ("600", "4000", ""),
            ("4720021", "840", ""),
            ("400", "", "4840"),
        ],
    );
    post(
        &app,
        "2025-03-15",
        "Venta",
        &[
            ("430", "12100", ""),
            ("700", "", "10000"),
            ("4770021", "", "2100"),
        ],
    );
    post(
        &app,
        "2025-12-31",
        "Amortización",
        &[("681", "300", ""), ("281", "", "300")],
    );
    post(
        &app,
        "2025-04-01",
        "Descuento",
        &[("706", "500", ""), ("430", "", "500")],
    );
    post(
        &app,
        "2025-04-20",
        "Cobro",
        &[("5720001", "11600", ""), ("430", "", "11600")],
    );
    post(
        &app,
        "2025-05-05",
        "Pago",
        &[("400", "4840", ""), ("5720001", "", "4840")],
    );
    post(
        &app,
        "2025-06-30",
        "Nómina",
        &[
            ("640", "2000", ""),
            ("4751001", "", "300"),
            ("5720001", "", "1700"),
        ],
    );
    post(
        &app,
        "2025-06-30",
        "Seguridad Social",
        &[("642", "600", ""), ("4760001", "", "600")],
    );
    (d, app)
}

fn line<'a>(s: &'a Value, key: &str) -> &'a Value {
    s["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["key"] == key)
        .unwrap_or_else(|| panic!("no line {key} in {}", s["title"]))
}

fn values(s: &Value, key: &str) -> Vec<String> {
    line(s, key)["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

fn statement(app: &App, args: Value) -> Value {
    ok(app, "statement", args)
}

/// The first column's figure of line `key` (keys of assets/statements/*.csv).
fn v0(s: &Value, key: &str) -> String {
    line(s, key)["values"][0].as_str().unwrap().to_string()
}

fn assert_sound(s: &Value) {
    for c in s["checks"].as_array().unwrap() {
        assert_eq!(c["ok"], true, "{} fails: {c}", s["title"]);
    }
    assert_eq!(s["unassigned"], json!([]), "{}", s["title"]);
}

const Y2025: (&str, &str) = ("2025-01-01", "2025-12-31");

fn pl_2025(app: &App) -> Value {
    statement(
        app,
        json!({"report": "profit-loss", "from": Y2025.0, "to": Y2025.1}),
    )
}

fn bs_2025(app: &App) -> Value {
    statement(app, json!({"report": "balance-sheet", "to": Y2025.1}))
}

/// P&L 2025 by hand: revenue 10 000 - 500 = 9 500; supplies -4 000; staff -2 600;
/// depreciation -300; operating result and result for the year 2 600.
fn assert_pl_2025(s: &Value) {
    assert_eq!(v0(s, "1"), "9500.00");
    assert_eq!(v0(s, "4"), "-4000.00");
    assert_eq!(v0(s, "6"), "-2600.00");
    assert_eq!(v0(s, "8"), "-300.00");
    assert_eq!(v0(s, "A"), "2600.00");
    assert_eq!(v0(s, "D"), "2600.00");
    assert_sound(s);
}

/// Balance at 31/12/2025 by hand: fixed assets 1 200 - 300 = 900; other debtors (input VAT)
/// 840; cash 13 860; total 15 600 = capital 10 000 + result 2 600 + creditors 3 000
/// (output VAT 2 100, IRPF 300, Social Security 600).
fn assert_bs_2025(s: &Value) {
    assert_eq!(v0(s, "ANC.2"), "900.00");
    assert_eq!(v0(s, "AC.6"), "13860.00");
    assert_eq!(v0(s, "AC.2.3"), "840.00");
    assert_eq!(v0(s, "PN.1.7"), "2600.00");
    assert_eq!(v0(s, "PC.4.2"), "3000.00");
    assert_eq!(v0(s, "TA"), "15600.00");
    assert_eq!(v0(s, "TPNP"), "15600.00");
    assert_sound(s);
}

#[test]
fn the_statements_of_a_hand_checked_year() {
    let (_d, app) = company();
    assert_pl_2025(&pl_2025(&app));
    assert_bs_2025(&bs_2025(&app));

    // Cash flow 2025: in 10 000 (capital, group 10) + 11 600 (customers, 43); out 1 200
    // (21), 4 840 (40), 1 700 (64); 0 -> 13 860.
    let cf = statement(
        &app,
        json!({"report": "cash-flow", "from": Y2025.0, "to": Y2025.1}),
    );
    let by_key: std::collections::BTreeMap<String, String> = cf["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["key"].as_str().unwrap().to_string(),
                l["values"][0].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(by_key["opening"], "0.00");
    assert_eq!(by_key["receipts.10"], "10000.00");
    assert_eq!(by_key["receipts.43"], "11600.00");
    assert_eq!(by_key["payments.21"], "-1200.00");
    assert_eq!(by_key["payments.40"], "-4840.00");
    assert_eq!(by_key["payments.64"], "-1700.00");
    assert_eq!(by_key["net_change"], "13860.00");
    assert_sound(&cf);
    // The wages figure drills to the payroll entry, its cash share (not the gross wage).
    let wages = ok(
        &app,
        "drill_down",
        json!({"report": "cash-flow", "from": Y2025.0, "to": Y2025.1, "key": "payments.64", "column": 0}),
    );
    assert_eq!(wages["total"], "-1700.00");
    assert_eq!(wages["rows"][0]["account"], "640");
    assert_eq!(wages["rows"][0]["credit"], "1700.00");
    assert_eq!(wages["rows"][0]["description"], "Nómina");

    // Trial balance at subaccount level.
    let tb = statement(
        &app,
        json!({"report": "trial-balance", "from": Y2025.0, "to": Y2025.1}),
    );
    assert_eq!(values(&tb, "5720001"), vec!["13860.00"]);
    assert_eq!(values(&tb, "430"), vec!["0.00"]);
    assert_sound(&tb);

    // Monthly: 12 months and the total; March holds the sale (revenue 10 000), April the
    // discount (-500).
    let m = statement(
        &app,
        json!({"report": "profit-loss", "from": Y2025.0, "to": Y2025.1, "monthly": true}),
    );
    assert_eq!(m["columns"].as_array().unwrap().len(), 13);
    let revenue = line(&m, "1");
    assert_eq!(revenue["values"][2], "10000.00");
    assert_eq!(revenue["values"][3], "-500.00");
    assert_eq!(revenue["values"][12], "9500.00");

    // Comparison with the previous year: 2024 had nothing.
    let c = statement(
        &app,
        json!({"report": "profit-loss", "from": Y2025.0, "to": Y2025.1, "compare": "previous-year"}),
    );
    assert_eq!(c["columns"][1]["from"], "2024-01-01");
    assert_eq!(c["columns"][1]["to"], "2024-12-31");
    assert_eq!(values(&c, "1"), vec!["9500.00", "0.00"]);
    // Previous period of a quarter is the quarter before.
    let q = statement(
        &app,
        json!({"report": "profit-loss", "from": "2025-04-01", "to": "2025-06-30", "compare": "previous-period"}),
    );
    assert_eq!(q["columns"][1]["from"], "2025-01-01");
    assert_eq!(q["columns"][1]["to"], "2025-03-31");
    assert_eq!(values(&q, "1"), vec!["-500.00", "10000.00"]);
}

#[test]
fn a_figure_drills_down_to_exactly_its_postings() {
    let (_d, app) = company();
    let page = ok(
        &app,
        "drill_down",
        json!({"report": "profit-loss", "from": Y2025.0, "to": Y2025.1, "key": "1", "column": 0}),
    );
    assert_eq!(page["total_rows"], 2);
    assert_eq!(page["total"], "-9500.00");
    let rows = page["rows"].as_array().unwrap();
    assert_eq!(
        (rows[0]["account"].as_str(), rows[0]["credit"].as_str()),
        (Some("700"), Some("10000.00"))
    );
    assert_eq!(
        (rows[1]["account"].as_str(), rows[1]["debit"].as_str()),
        (Some("706"), Some("500.00"))
    );
    // Paging: one row a page.
    let p2 = ok(
        &app,
        "drill_down",
        json!({"report": "profit-loss", "from": Y2025.0, "to": Y2025.1, "key": "1", "column": 0, "page": 1, "page_size": 1}),
    );
    assert_eq!(p2["rows"].as_array().unwrap().len(), 1);
    assert_eq!(p2["rows"][0]["account"], "706");
    // After the close the regularisation entry is not behind the P&L figure.
    ok(&app, "close_year", json!({"year": 2025}));
    let after = ok(
        &app,
        "drill_down",
        json!({"report": "profit-loss", "from": Y2025.0, "to": Y2025.1, "key": "1", "column": 0}),
    );
    assert_eq!(after["total_rows"], 2);
    assert_eq!(after["total"], "-9500.00");
    let e = err(
        &app,
        "drill_down",
        json!({"report": "profit-loss", "key": "nope", "column": 0}),
    );
    assert_eq!(e["problems"][0]["field"], "key");
}

#[test]
fn the_journal_book_numbers_by_date_and_the_ledger_runs_balances() {
    let (_d, app) = company();
    let book = ok(
        &app,
        "journal_book",
        json!({"from": Y2025.0, "to": Y2025.1, "page_size": 100}),
    );
    assert_eq!(book["total_entries"], 10);
    let entries = book["entries"].as_array().unwrap();
    let order: Vec<(i64, &str)> = entries
        .iter()
        .map(|e| {
            (
                e["number"].as_i64().unwrap(),
                e["description"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(order[0], (1, "Capital"));
    assert_eq!(order[4], (5, "Descuento"));
    assert_eq!(
        order[9],
        (10, "Amortización"),
        "posted fifth, printed last: {order:?}"
    );
    // 10 000 + 1 200 + 4 840 + 12 100 + 300 + 500 + 11 600 + 4 840 + 2 000 + 600.
    assert_eq!(book["total_debit"], "47980.00");
    assert_eq!(book["total_credit"], "47980.00");
    // A page in the middle keeps the numbering.
    let p = ok(
        &app,
        "journal_book",
        json!({"from": Y2025.0, "to": Y2025.1, "page": 1, "page_size": 4}),
    );
    assert_eq!(p["entries"][0]["number"], 5);

    let l = ok(
        &app,
        "ledger_summary",
        json!({"from": "2025-04-01", "to": Y2025.1, "first": "43", "last": "57"}),
    );
    let accounts = l["accounts"].as_array().unwrap();
    let codes: Vec<&str> = accounts
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["430", "4720021", "4751001", "4760001", "4770021", "5720001"]
    );
    // Bank before April: 10 000 - 1 200 = 8 800; then +11 600 -4 840 -1 700 = 13 860.
    assert_eq!(accounts[5]["opening"], "8800.00");
    assert_eq!(accounts[5]["debit"], "11600.00");
    assert_eq!(accounts[5]["credit"], "6540.00");
    assert_eq!(accounts[5]["closing"], "13860.00");

    // Exports: the journal book as CSV has one row per line with the correlative number.
    let csv = ok(
        &app,
        "export_report",
        json!({"report": "journal", "from": Y2025.0, "to": Y2025.1, "format": "csv"}),
    );
    use base64::Engine;
    let text = String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(csv["content_base64"].as_str().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert!(
        text.lines().any(|l| l.starts_with("10,2025-12-31,681,")),
        "{text}"
    );
    assert_eq!(csv["file_name"], "libro-diario-2025-01-01_2025-12-31.csv");
    for report in [
        "journal",
        "ledger",
        "trial-balance",
        "profit-loss",
        "balance-sheet",
        "cash-flow",
    ] {
        let f = ok(
            &app,
            "export_report",
            json!({"report": report, "from": Y2025.0, "to": Y2025.1, "format": "pdf"}),
        );
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(f["content_base64"].as_str().unwrap())
            .unwrap();
        assert!(bytes.starts_with(b"%PDF"), "{report}");
    }
}

#[test]
fn closing_a_year_posts_three_reviewable_entries_and_reopening_reverses_them() {
    let (_d, app) = company();
    let preview = ok(&app, "preview_close_year", json!({"year": 2025}));
    assert_eq!(preview["result"], "2600.00");
    assert_eq!(preview["result_account"], "129");
    let kinds: Vec<&str> = preview["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["regularisation", "closing", "opening"]);
    // Regularisation: debits 10 000 (sales); 129 credited 2 600.
    let reg = &preview["entries"][0];
    assert_eq!(reg["total"], "10000.00");
    assert!(reg["lines"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["account"] == "129" && l["credit"] == "2600.00"));
    // Closing: 15 900 each side (by hand: 10 000 + 2 600 + 300 + 300 + 600 + 2 100).
    assert_eq!(preview["entries"][1]["total"], "15900.00");
    assert_eq!(preview["entries"][2]["date"], "2026-01-01");
    // The preview posted nothing.
    assert_eq!(ok(&app, "list_entries", json!({}))["total"], 10);

    let closed = ok(&app, "close_year", json!({"year": 2025}));
    assert_eq!(closed["entries"].as_array().unwrap().len(), 3);
    let info = ok(&app, "periods_info", json!({}));
    assert_eq!(info["years"][0]["closed"], true);
    assert!(info["history"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["record"] == "fiscal_year:2025" && h["action"] == "close"));

    // The year's statements read as before the close.
    assert_pl_2025(&pl_2025(&app));
    assert_bs_2025(&bs_2025(&app));
    // 2026 opens with the balances: the 2026 balance sheet (with 2026's own entries) by hand:
    // sale 1 000 + VAT 210 on credit; rent 800 + VAT 168 paid.
    post(
        &app,
        "2026-01-20",
        "Venta",
        &[
            ("430", "1210", ""),
            ("705", "", "1000"),
            ("4770021", "", "210"),
        ],
    );
    post(
        &app,
        "2026-02-01",
        "Alquiler",
        &[
            ("621", "800", ""),
            ("4720021", "168", ""),
            ("5720001", "", "968"),
        ],
    );
    let bs26 = statement(&app, json!({"report": "balance-sheet", "to": "2026-12-31"}));
    assert_eq!(v0(&bs26, "TA"), "16010.00");
    assert_eq!(v0(&bs26, "PN.1.7"), "2800.00");
    assert_sound(&bs26);
    let pl26 = statement(
        &app,
        json!({"report": "profit-loss", "from": "2026-01-01", "to": "2026-12-31"}),
    );
    assert_eq!(v0(&pl26, "D"), "200.00");
    // The bank's ledger for 2026 starts with the opening entry.
    let reg = ok(
        &app,
        "account_register",
        json!({"code": "5720001", "from": "2026-01-01", "to": "2026-12-31"}),
    );
    assert_eq!(reg["opening_balance"], "0.00");
    assert_eq!(reg["rows"][0]["debit"], "13860.00");
    assert_eq!(reg["closing_balance"], "12892.00");

    // Nothing posts into the closed year.
    let e = err(
        &app,
        "post_entry",
        entry(
            "2025-07-01",
            "tarde",
            &[("600", "1", ""), ("5720001", "", "1")],
        ),
    );
    assert_eq!(e["problems"][0]["code"], "year_closed");
    assert_eq!(e["problems"][0]["field"], "date");
    // Closing again is refused and says why.
    let e = err(&app, "close_year", json!({"year": 2025}));
    assert_eq!(e["problems"][0]["code"], "year_closed");

    // Undo: the three entries are reversed, not deleted; the statements are unchanged.
    ok(
        &app,
        "reopen_year",
        json!({"year": 2025, "reason": "falta una factura"}),
    );
    let list = ok(&app, "list_entries", json!({"kind": "reversal"}));
    assert_eq!(list["total"], 3);
    assert_eq!(ok(&app, "list_entries", json!({}))["total"], 18);
    assert_pl_2025(&pl_2025(&app));
    assert_bs_2025(&bs_2025(&app));
    assert_eq!(
        v0(
            &statement(&app, json!({"report": "balance-sheet", "to": "2026-12-31"})),
            "TA"
        ),
        "16010.00"
    );
    let info = ok(&app, "periods_info", json!({}));
    assert_eq!(info["years"][0]["closed"], false);
    assert!(info["history"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["action"] == "reopen" && h["reason"] == "falta una factura"));
    // And it closes again.
    ok(&app, "close_year", json!({"year": 2025}));
    assert_bs_2025(&bs_2025(&app));
}

#[test]
fn the_lock_date_refuses_posting_and_reversing_and_moving_back_needs_a_reason() {
    let (_d, app) = company();
    let info = ok(&app, "set_lock_date", json!({"until": "2025-06-30"}));
    assert_eq!(info["lock_date"], "2025-06-30");
    let e = err(
        &app,
        "post_entry",
        entry(
            "2025-06-30",
            "tarde",
            &[("600", "1", ""), ("5720001", "", "1")],
        ),
    );
    assert_eq!(e["problems"][0]["code"], "locked");
    assert_eq!(e["problems"][0]["params"]["lock_date"], "2025-06-30");
    assert!(e["message"]
        .as_str()
        .unwrap()
        .contains("locked up to 2025-06-30"));
    post(
        &app,
        "2025-07-01",
        "ok",
        &[("600", "1", ""), ("5720001", "", "1")],
    );
    // Reversing a locked entry is refused even when dated after the lock.
    let first = ok(
        &app,
        "list_entries",
        json!({"sort": "number", "descending": false}),
    )["rows"][0]["id"]
        .clone();
    let e = err(
        &app,
        "reverse_entry",
        json!({"id": first, "date": "2025-08-01"}),
    );
    assert_eq!(e["problems"][0]["code"], "locked");
    // Moving it back needs a reason; with one it is recorded.
    let e = err(&app, "set_lock_date", json!({"until": "2025-03-31"}));
    assert_eq!(e["problems"][0]["field"], "reason");
    assert_eq!(
        ok(&app, "periods_info", json!({}))["lock_date"],
        "2025-06-30",
        "nothing changed"
    );
    ok(
        &app,
        "set_lock_date",
        json!({"until": "2025-03-31", "reason": "corregir la nómina"}),
    );
    let e = err(&app, "set_lock_date", json!({}));
    assert_eq!(e["problems"][0]["field"], "reason");
    let info = ok(
        &app,
        "set_lock_date",
        json!({"reason": "auditoría terminada"}),
    );
    assert!(info["lock_date"].is_null());
    let history: Vec<&Value> = info["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["record"] == "company.lock_date")
        .collect();
    let actions: Vec<(&str, &str)> = history
        .iter()
        .map(|h| {
            (
                h["action"].as_str().unwrap(),
                h["reason"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        actions,
        [
            ("unlock", "auditoría terminada"),
            ("unlock", "corregir la nómina"),
            ("lock", "")
        ]
    );
    assert_eq!(history[1]["before"], "2025-06-30");
    assert_eq!(history[1]["after"], "2025-03-31");
    // A year that is not created refuses its dates; closing while locked says so.
    let e = err(
        &app,
        "post_entry",
        entry(
            "2031-01-01",
            "lejos",
            &[("600", "1", ""), ("5720001", "", "1")],
        ),
    );
    assert_eq!(e["problems"][0]["code"], "no_fiscal_year");
    ok(&app, "set_lock_date", json!({"until": "2025-12-31"}));
    let e = err(&app, "close_year", json!({"year": 2025}));
    assert_eq!(e["problems"][0]["code"], "locked");
}

#[test]
fn closing_is_refused_with_drafts_pending_or_an_earlier_year_open() {
    let (_d, app) = company();
    let draft = ok(
        &app,
        "save_draft",
        json!({"entry": entry("2025-11-30", "Factura pendiente", &[("600", "10", "")])}),
    );
    let e = err(&app, "close_year", json!({"year": 2025}));
    assert_eq!(e["problems"][0]["code"], "pending");
    assert_eq!(e["problems"][0]["params"]["draft"], draft["id"].to_string());
    assert!(e["message"].as_str().unwrap().contains("Factura pendiente"));
    ok(&app, "delete_draft", json!({"id": draft["id"]}));
    ok(&app, "create_fiscal_year", json!({"year": 2024}));
    let e = err(&app, "close_year", json!({"year": 2025}));
    assert_eq!(e["problems"][0]["code"], "pending");
    assert_eq!(e["problems"][0]["params"]["year"], "2024");
}

#[test]
fn opening_balances_from_a_form_or_a_csv_must_balance() {
    let (_d, app) = app();
    ok(
        &app,
        "create_company",
        json!({"name": "Nueva", "tax_id": "B12345674", "country": "ES", "address": "",
               "fiscal_year_start_month": 1, "currency": "EUR", "language": "es", "template": "es-pymes"}),
    );
    let e = err(
        &app,
        "post_opening_balances",
        json!({"date": "2026-01-01", "lines": [{"account": "5720001", "debit": "100"}, {"account": "100", "credit": "90"}]}),
    );
    assert_eq!(e["code"], "unbalanced");
    assert_eq!(e["problems"][0]["params"]["difference"], "10.00");
    let e = err(
        &app,
        "import_opening_balances",
        json!({"date": "2026-01-01", "csv": "account,debit,credit\n5720001,100,\n10x,,100\n100,,abc\n"}),
    );
    let rows: Vec<(u64, &str)> = e["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["row"].as_u64().unwrap(), p["field"].as_str().unwrap()))
        .collect();
    assert_eq!(rows, [(3, "account"), (4, "credit")]);
    // Problems found when posting (an account that does not exist) name the file's row
    // too, blank lines counted.
    let e = err(
        &app,
        "import_opening_balances",
        json!({"date": "2026-01-01", "csv": "account,debit,credit\n5720001,100,\n\n1009999,,100\n"}),
    );
    assert_eq!(e["problems"][0]["code"], "unknown_account");
    assert_eq!(e["problems"][0]["row"], 4);
    let e = err(
        &app,
        "import_opening_balances",
        json!({"date": "2026-01-01", "csv": "cuenta,debe,haber\n"}),
    );
    assert_eq!(e["problems"][0]["code"], "missing_column");
    let s = ok(
        &app,
        "import_opening_balances",
        json!({"date": "2026-01-01", "csv": "account,debit,credit\n5720001,2500.50,\n100,,2500.50\n"}),
    );
    assert_eq!(s["kind"], "opening");
    assert_eq!(s["total"], "2500.50");
    let e = err(
        &app,
        "post_opening_balances",
        json!({"date": "2026-01-01", "lines": [{"account": "5720001", "debit": "1"}, {"account": "100", "credit": "1"}]}),
    );
    assert_eq!(e["code"], "duplicate");
    let bs = statement(&app, json!({"report": "balance-sheet", "to": "2026-01-31"}));
    assert_eq!(v0(&bs, "TA"), "2500.50");
}

#[test]
fn drafts_templates_and_recurring_entries() {
    let (_d, app) = company();
    let d = ok(
        &app,
        "save_draft",
        json!({"entry": {"date": "2026-02-15", "description": "Luz", "reference": "F-88",
        "lines": [{"account": "628", "debit": "50"}, {"account": "5720001", "credit": "50"}]}}),
    );
    assert_eq!(d["total_debit"], "50.00");
    let d2 = ok(
        &app,
        "save_draft",
        json!({"id": d["id"], "entry": {"date": "2026-02-16", "description": "Luz febrero",
        "lines": [{"account": "628", "debit": "55"}, {"account": "5720001", "credit": "55"}]}}),
    );
    assert_eq!(d2["id"], d["id"]);
    assert_eq!(
        ok(&app, "list_drafts", json!({})).as_array().unwrap().len(),
        1
    );
    let posted = ok(&app, "post_draft", json!({"id": d["id"]}));
    assert_eq!(posted["total"], "55.00");
    assert_eq!(ok(&app, "list_drafts", json!({})), json!([]));
    assert_eq!(
        err(&app, "get_draft", json!({"id": d["id"]}))["code"],
        "not_found"
    );

    // A monthly rent from 15 December 2025; today is 1 March 2026: three due (Dec, Jan, Feb).
    let t = ok(
        &app,
        "save_entry_template",
        json!({"name": "Alquiler", "description": "Alquiler del local", "reference": "contrato",
        "lines": [{"account": "621", "debit": "800"}, {"account": "5720001", "credit": "800"}],
        "recurrence": {"every": "monthly", "first_date": "2025-12-15"}}),
    );
    assert_eq!(t["recurrence"]["next_date"], "2025-12-15");
    let drafted = ok(&app, "draft_recurring", json!({}));
    let dates: Vec<&str> = drafted
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2025-12-15", "2026-01-15", "2026-02-15"]);
    assert_eq!(drafted[0]["reference"], "contrato");
    assert_eq!(
        ok(&app, "draft_recurring", json!({})),
        json!([]),
        "nothing twice"
    );
    assert_eq!(
        ok(&app, "list_entry_templates", json!({}))[0]["recurrence"]["next_date"],
        "2026-03-15"
    );
    let e = err(
        &app,
        "save_entry_template",
        json!({"name": "Alquiler", "lines": []}),
    );
    assert_eq!(e["problems"][0]["field"], "name");
}

#[test]
fn entries_are_found_by_account_amount_reference_and_kind() {
    let (_d, app) = company();
    ok(
        &app,
        "post_entry",
        json!({"date": "2026-01-10", "description": "Suministro", "reference": "FAC-2026-17",
        "lines": [{"account": "628", "debit": "42"}, {"account": "5720001", "credit": "42"}]}),
    );
    let by = |args: Value| -> Vec<String> {
        ok(&app, "list_entries", args)["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["description"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        by(json!({"account": "43", "sort": "date", "descending": false})),
        ["Venta", "Descuento", "Cobro"]
    );
    assert_eq!(
        by(json!({"min_total": "4000", "max_total": "5000", "sort": "date", "descending": false})),
        ["Compra", "Pago"]
    );
    assert_eq!(by(json!({"query": "FAC-2026"})), ["Suministro"]);
    let e = err(
        &app,
        "list_entries",
        json!({"min_total": "10", "max_total": "5"}),
    );
    assert_eq!(e["problems"][0]["field"], "min_total");
    let found = ok(&app, "list_entries", json!({"query": "FAC-2026"}));
    assert_eq!(found["rows"][0]["reference"], "FAC-2026-17");
}

mod properties {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    /// Leaf accounts of every group of the PGC that a small business posts to.
    const ACCOUNTS: &[&str] = &[
        "100", "170", "217", "281", "300", "400", "430", "4720021", "4751001", "4770021", "520",
        "5700001", "5720001", "600", "621", "640", "662", "681", "700", "705", "769",
    ];

    fn balances(app: &App, to: &str) -> BTreeMap<String, String> {
        let tb = ok(
            app,
            "statement",
            json!({"report": "trial-balance", "from": "2000-01-01", "to": to}),
        );
        tb["lines"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| {
                let code = l["code"].as_str().unwrap_or("");
                // Balance-sheet leaves (groups 1-5), not the group subtotals.
                ACCOUNTS.contains(&code) && !code.starts_with('6') && !code.starts_with('7')
            })
            .map(|l| {
                (
                    l["code"].as_str().unwrap().to_string(),
                    l["values"][0].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

        /// For any books: the balance sheet balances with nothing unassigned at any date, and
        /// closing a year then reopening it leaves every balance-sheet account as it was
        /// (at the year end and after), while the closed year's statements read the same.
        #[test]
        fn the_balance_sheet_balances_and_close_reopen_changes_no_balance(
            moves in proptest::collection::vec((0..ACCOUNTS.len(), 0..ACCOUNTS.len(), 1i64..500_000, 0u32..700), 1..25)
        ) {
            let (_d, app) = super::app();
            ok(&app, "create_company", json!({"name": "P", "tax_id": "B12345674", "country": "ES", "address": "",
                "fiscal_year_start_month": 1, "currency": "EUR", "language": "es", "template": "es-pymes"}));
            ok(&app, "create_fiscal_year", json!({"year": 2025}));
            let start = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
            for (a, b, cents, day) in &moves {
                if a == b { continue; }
                let date = (start + chrono::Days::new(u64::from(*day))).to_string();
                let amount = format!("{}.{:02}", cents / 100, cents % 100);
                post(&app, &date, "x", &[(ACCOUNTS[*a], &amount, ""), (ACCOUNTS[*b], "", &amount)]);
            }
            for to in ["2025-06-30", "2025-12-31", "2026-12-31"] {
                let bs = ok(&app, "statement", json!({"report": "balance-sheet", "to": to}));
                assert_sound(&bs);
            }
            let year_end = balances(&app, "2025-12-31");
            let later = balances(&app, "2026-12-31");
            let pl = v0(&pl_2025(&app), "D");
            ok(&app, "close_year", json!({"year": 2025}));
            prop_assert_eq!(&balances(&app, "2025-12-31"), &year_end);
            prop_assert_eq!(v0(&pl_2025(&app), "D"), pl.clone());
            assert_sound(&bs_2025(&app));
            // After the close, 2026 holds the 2025 result in 129 instead of in 6/7; every
            // other balance-sheet account is unchanged.
            prop_assert_eq!(&balances(&app, "2026-12-31"), &later);
            ok(&app, "reopen_year", json!({"year": 2025, "reason": "x"}));
            prop_assert_eq!(&balances(&app, "2025-12-31"), &year_end);
            prop_assert_eq!(&balances(&app, "2026-12-31"), &later);
            prop_assert_eq!(v0(&pl_2025(&app), "D"), pl);
        }
    }
}

/// Regression: the trial balance screen's command summed every entry, so after closing
/// 2025 its trial balance to 31/12/2025 showed only zeros.
#[test]
fn the_trial_balance_to_a_closed_year_end_shows_the_year() {
    let (_d, app) = company();
    ok(&app, "close_year", json!({"year": 2025}));
    let tb = ok(
        &app,
        "trial_balance",
        json!({"from": Y2025.0, "to": Y2025.1}),
    );
    let bank = tb["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "5720001")
        .unwrap();
    assert_eq!(bank["balance"], "13860.00");
    let sales = tb["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "700")
        .unwrap();
    assert_eq!(sales["balance"], "-10000.00");
    assert_eq!(tb["total_balance"], "0.00");
}

/// The generic chart has a plain P&L and balance sheet by account kind, and closes into
/// its own result account (120).
#[test]
fn a_generic_chart_company_gets_plain_statements_and_closes() {
    let (_d, app) = app();
    ok(
        &app,
        "create_company",
        json!({"name": "Plain Ltd", "tax_id": "X1", "country": "GB", "address": "",
               "fiscal_year_start_month": 1, "currency": "EUR", "language": "en", "template": "generic"}),
    );
    ok(&app, "create_fiscal_year", json!({"year": 2025}));
    post(
        &app,
        "2025-01-05",
        "Capital",
        &[("572", "5000", ""), ("100", "", "5000")],
    );
    post(
        &app,
        "2025-02-01",
        "Service",
        &[("430", "1500", ""), ("705", "", "1500")],
    );
    post(
        &app,
        "2025-03-01",
        "Rent",
        &[("621", "400", ""), ("572", "", "400")],
    );
    let pl = pl_2025(&app);
    assert_sound(&pl);
    let figures: Vec<(String, String)> = pl["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["label"].as_str().unwrap().to_string(),
                l["values"][0].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // Income 1 500, expenses 400, result 1 100 (by hand).
    assert_eq!(
        figures,
        [
            ("Income".to_string(), "1500.00".to_string()),
            ("Expenses".into(), "400.00".into()),
            ("Net result".into(), "1100.00".into())
        ]
    );
    let bs = bs_2025(&app);
    assert_sound(&bs);
    let totals: Vec<&str> = bs["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["style"] == "total")
        .map(|l| l["values"][0].as_str().unwrap())
        .collect();
    // Assets 4 600 + 1 500 = 6 100 = equity 5 000 + result 1 100.
    assert!(
        totals.iter().filter(|v| **v == "6100.00").count() >= 2,
        "{totals:?}"
    );
    let preview = ok(&app, "preview_close_year", json!({"year": 2025}));
    assert_eq!(preview["result_account"], "120");
    assert_eq!(preview["result"], "1100.00");
    ok(&app, "close_year", json!({"year": 2025}));
    assert_sound(&bs_2025(&app));
}

/// Regression: a year closed after the next one has begun put its opening entry after that
/// year's first entries in the journal book; the opening entry opens the book and the
/// year-end entries close it, whatever order they were posted in.
#[test]
fn the_opening_entry_opens_the_book_and_the_close_ends_it() {
    let (_d, app) = company();
    post(
        &app,
        "2026-01-01",
        "Primer cobro",
        &[("5720001", "10", ""), ("430", "", "10")],
    );
    post(
        &app,
        "2025-12-31",
        "Último gasto",
        &[("626", "5", ""), ("5720001", "", "5")],
    );
    ok(&app, "close_year", json!({"year": 2025}));
    let book = ok(
        &app,
        "journal_book",
        json!({"from": "2025-12-31", "to": "2026-01-01"}),
    );
    let order: Vec<(i64, &str)> = book["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["number"].as_i64().unwrap(),
                e["kind_label"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        order,
        [
            (10, ""),
            (11, ""),
            (12, "Regularización"),
            (13, "Cierre"),
            (1, "Apertura"),
            (2, "")
        ]
    );
    let csv = ok(
        &app,
        "export_report",
        json!({"report": "ledger", "from": "2026-01-01", "to": "2026-01-31", "first": "5720001", "last": "5720001", "format": "csv"}),
    );
    use base64::Engine;
    let text = String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(csv["content_base64"].as_str().unwrap())
            .unwrap(),
    )
    .unwrap();
    let rows: Vec<&str> = text.lines().skip(2).collect();
    assert!(
        rows[0].contains(",1,"),
        "the opening entry (no. 1) comes first: {text}"
    );
}
