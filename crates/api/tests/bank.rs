//! Bank accounts and statement files through the command table: a preview reads the file and
//! marks which lines are new without writing; the import writes them and a second import of
//! the same file adds nothing; a CSV needs its layout; a broken file names its lines.

use base64::Engine;
use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use trastienda_api::{dispatch, App, AppConfig};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../core/tests/fixtures/bank/");
/// The IBAN of the first account of the two-account Norma 43 fixture.
const IBAN: &str = "ES9121000418450200051332";

fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir.path().join("data"));
    cfg.fixed_now = Some(Utc.with_ymd_and_hms(2026, 4, 1, 12, 0, 0).unwrap());
    let app = App::new(cfg);
    dispatch(
        &app,
        "create_company",
        json!({"name": "Bancos SL", "tax_id": "B12345674", "country": "ES", "address": "",
               "fiscal_year_start_month": 1, "currency": "EUR", "language": "es", "template": "es-pymes"}),
    )
    .unwrap();
    (dir, app)
}

fn ok(app: &App, cmd: &str, args: Value) -> Value {
    dispatch(app, cmd, args).unwrap_or_else(|e| panic!("{cmd}: {e:?}"))
}

fn err(r: Result<Value, trastienda_api::ApiError>) -> Value {
    serde_json::to_value(r.expect_err("should fail")).unwrap()
}

fn file(name: &str) -> String {
    let bytes = std::fs::read(format!("{FIXTURES}{name}")).unwrap();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn account(app: &App) -> i64 {
    ok(
        app,
        "save_bank_account",
        json!({"account": {"name": "Cuenta principal", "kind": "bank", "iban": IBAN,
               "currency": "EUR", "account": "5720001", "opening_balance": "1500.00"}}),
    )["id"]
        .as_i64()
        .unwrap()
}

#[test]
fn preview_writes_nothing_and_import_adds_only_new_lines() {
    let (_d, app) = app();
    let id = account(&app);
    let args = json!({"account_id": id, "file_name": "marzo.n43",
                      "content_base64": file("n43-two-accounts-1252.n43")});
    let p = ok(&app, "preview_statement", args.clone());
    assert_eq!(p["problems"], json!([]), "{p}");
    assert_eq!(p["format"], "n43");
    assert_eq!(p["detected_format"], "n43");
    assert_eq!(p["statement_account"], "210004180200051332");
    let total = p["total_lines"].as_u64().unwrap();
    assert!(total >= 3);
    assert_eq!(p["new_lines"].as_u64().unwrap(), total);
    assert_eq!(p["known_lines"], 0);
    assert_eq!(p["skipped_accounts"].as_array().unwrap().len(), 1);
    assert!(p["lines"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["is_new"] == true));
    // Nothing was written.
    let rows = ok(&app, "list_bank_accounts", json!({}));
    assert_eq!(rows[0]["lines"], 0);
    assert_eq!(rows[0]["unreconciled"], 0);

    let r = ok(&app, "import_statement", args.clone());
    assert_eq!(r["lines_read"].as_u64().unwrap(), total);
    assert_eq!(r["lines_added"].as_u64().unwrap(), total);
    assert_eq!(r["lines_skipped"], 0);
    let rows = ok(&app, "list_bank_accounts", json!({}));
    assert_eq!(rows[0]["lines"].as_u64().unwrap(), total);
    assert_eq!(rows[0]["unreconciled"].as_u64().unwrap(), total);
    assert_eq!(rows[0]["book_balance"], "0.00");

    // Again: the preview marks every line known, the import adds none.
    let p = ok(&app, "preview_statement", args.clone());
    assert_eq!(p["new_lines"], 0);
    assert!(p["lines"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["is_new"] == false));
    let r = ok(&app, "import_statement", args);
    assert_eq!(r["lines_added"], 0);
    assert_eq!(r["lines_skipped"].as_u64().unwrap(), total);

    let lines = ok(
        &app,
        "list_bank_lines",
        json!({"account_id": id, "state": "open"}),
    );
    assert_eq!(lines["total"].as_u64().unwrap(), total);
}

#[test]
fn a_csv_needs_its_layout_and_a_broken_file_names_its_lines() {
    let (_d, app) = app();
    let id = ok(
        &app,
        "save_bank_account",
        json!({"account": {"name": "Caja", "kind": "cash", "currency": "EUR",
               "create_ledger_account": true, "opening_balance": ""}}),
    )["id"]
        .as_i64()
        .unwrap();
    let csv = json!({"account_id": id, "file_name": "x.csv",
                     "content_base64": file("csv-debit-credit.csv")});
    let p = ok(&app, "preview_statement", csv.clone());
    assert_eq!(p["problems"][0]["field"], "mapping_id", "{p}");
    assert!(!p["raw_rows"].as_array().unwrap().is_empty());
    let e = err(dispatch(&app, "import_statement", csv));
    assert_eq!(e["problems"][0]["field"], "mapping_id");

    let e = err(dispatch(
        &app,
        "import_statement",
        json!({"account_id": id, "file_name": "x.n43", "format": "n43",
               "content_base64": file("n43-broken.n43")}),
    ));
    assert!(e["problems"][0]["row"].as_u64().is_some(), "{e}");
    let e = err(dispatch(
        &app,
        "import_statement",
        json!({"account_id": id, "file_name": "x", "format": "qif",
               "content_base64": file("n43-broken.n43")}),
    ));
    assert_eq!(e["problems"][0]["field"], "format");
    assert_eq!(
        ok(&app, "list_bank_accounts", json!({}))[0]["lines"],
        0,
        "nothing written"
    );

    // The layout being edited reads the CSV in the preview; the import needs it saved.
    let layout = json!({"name": "Debe y haber", "delimiter": ",", "encoding": "utf-8",
        "skip_rows": 0, "has_header": true, "date_format": "%Y-%m-%d", "decimal_comma": false,
        "col_date": 1, "col_value_date": 0, "col_description": 2, "col_amount": 0,
        "col_debit": 3, "col_credit": 4, "col_balance": 5, "col_reference": 6});
    let mut with_layout = json!({"account_id": id, "file_name": "x.csv",
        "content_base64": file("csv-debit-credit.csv"), "mapping": layout.clone()});
    let p = ok(&app, "preview_statement", with_layout.clone());
    assert_eq!(p["problems"], json!([]), "{p}");
    assert_eq!(p["format"], "csv");
    assert_eq!(p["total_lines"], 3);
    let e = err(dispatch(&app, "import_statement", with_layout.clone()));
    assert_eq!(e["problems"][0]["field"], "mapping_id");
    let saved = ok(&app, "save_csv_mapping", json!({"mapping": layout}));
    with_layout["mapping"] = Value::Null;
    with_layout["mapping_id"] = saved["id"].clone();
    let r = ok(&app, "import_statement", with_layout.clone());
    assert_eq!(r["lines_added"], 3);
    assert_eq!(r["format"], "csv");
    assert_eq!(ok(&app, "import_statement", with_layout)["lines_added"], 0);
    ok(&app, "delete_csv_mapping", json!({"id": saved["id"]}));

    // A layout saved, listed, deleted.
    let m = ok(
        &app,
        "save_csv_mapping",
        json!({"mapping": {"name": "Banco X", "delimiter": ";", "encoding": "utf-8",
               "skip_rows": 0, "has_header": true, "date_format": "%d/%m/%Y",
               "decimal_comma": true, "col_date": 1, "col_value_date": 0, "col_description": 2,
               "col_amount": 0, "col_debit": 3, "col_credit": 4, "col_balance": 0,
               "col_reference": 0}}),
    );
    assert_eq!(
        ok(&app, "list_csv_mappings", json!({}))
            .as_array()
            .unwrap()
            .len(),
        1
    );
    ok(&app, "delete_csv_mapping", json!({"id": m["id"]}));
    assert_eq!(ok(&app, "list_csv_mappings", json!({})), json!([]));
}

fn pdf_text(content_base64: &Value) -> Option<String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(content_base64.as_str().unwrap())
        .unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn the_reconciliation_pdf_lists_the_open_lines_up_to_its_day() {
    let (_d, app) = app();
    let id = account(&app);
    ok(
        &app,
        "import_statement",
        json!({"account_id": id, "file_name": "marzo.n43",
               "content_base64": file("n43-two-accounts-1252.n43")}),
    );
    let f = ok(
        &app,
        "bank_reconciliation_pdf",
        json!({"account_id": id, "as_of": "2026-03-05"}),
    );
    assert_eq!(f["mime"], "application/pdf");
    assert_eq!(f["file_name"], "conciliacion-5720001-2026-03-05.pdf");
    if let Some(text) = pdf_text(&f["content_base64"]) {
        for want in [
            "Conciliación bancaria",
            "A fecha 05/03/2026",
            "Cuenta principal",
            "Saldo según extracto",
            "2.664,50", // the balance on 5 March, not today's
            "Saldo según contabilidad",
            "Diferencia",
            "1.210,00",
            "-45,50",
            "Total pendiente de conciliar",
            "1.164,50",
        ] {
            assert!(text.contains(want), "'{want}' missing from:\n{text}");
        }
        assert!(!text.contains("COMISION"), "a line after the day: {text}");
    }
    // Every line by today; an unknown account and a bad day are named.
    ok(&app, "bank_reconciliation_pdf", json!({"account_id": id}));
    let e = err(dispatch(
        &app,
        "bank_reconciliation_pdf",
        json!({"account_id": id, "as_of": "31/03/2026"}),
    ));
    assert!(e.to_string().contains("as_of"), "{e}");
    err(dispatch(
        &app,
        "bank_reconciliation_pdf",
        json!({"account_id": 999}),
    ));
}

/// The report's balances are those at the end of its day, not today's: the statement's from
/// the lines up to then (the account's opening plus the lines, Norma 43 giving no balance per
/// line) and the books' from the postings on 5720001 dated up to then.
#[test]
fn the_reconciliation_pdf_balances_are_those_of_its_day() {
    let (_d, app) = app();
    let id = account(&app);
    ok(
        &app,
        "import_statement",
        json!({"account_id": id, "file_name": "marzo.n43",
               "content_base64": file("n43-two-accounts-1252.n43")}),
    );
    for (date, amount) in [("2026-03-02", "1000"), ("2026-03-20", "400")] {
        ok(
            &app,
            "post_entry",
            json!({"date": date, "description": "Ingreso en efectivo",
                   "lines": [{"account": "5720001", "debit": amount},
                             {"account": "5700001", "credit": amount}]}),
        );
    }
    let text_at = |as_of: Option<&str>| {
        let args = match as_of {
            Some(d) => json!({"account_id": id, "as_of": d}),
            None => json!({"account_id": id}),
        };
        pdf_text(&ok(&app, "bank_reconciliation_pdf", args)["content_base64"])
    };
    let Some(early) = text_at(Some("2026-03-05")) else {
        return; // no pdftotext here
    };
    let row = |text: &str, label: &str| -> String {
        text.lines()
            .find(|l| l.contains(label))
            .unwrap_or_else(|| panic!("no '{label}' in:\n{text}"))
            .split_whitespace()
            .last()
            .unwrap()
            .to_string()
    };
    // 1 500,00 + 1 210,00 - 45,50 by 5 March; 1 000,00 in the books.
    assert_eq!(row(&early, "Saldo según extracto"), "2.664,50", "{early}");
    assert_eq!(
        row(&early, "Saldo según contabilidad"),
        "1.000,00",
        "{early}"
    );
    assert_eq!(row(&early, "Diferencia"), "1.664,50", "{early}");
    // Before any line: the opening balance, and nothing in the books.
    let before = text_at(Some("2026-03-01")).unwrap();
    assert_eq!(row(&before, "Saldo según extracto"), "1.500,00", "{before}");
    assert_eq!(row(&before, "Saldo según contabilidad"), "0,00", "{before}");
    // Today (1 April): both commissions and the second posting in.
    let now = text_at(None).unwrap();
    assert_eq!(row(&now, "Saldo según extracto"), "2.644,50", "{now}");
    assert_eq!(row(&now, "Saldo según contabilidad"), "1.400,00", "{now}");
}

/// The demo's bank: positive in the books; its statement opens with the book balance the day
/// before its first line, has every bank entry since as a reconciled line, and its closing
/// balance is the book balance plus the open lines — on the last day and on an earlier one
/// (the report's difference equals its open total). One open transfer pays two invoices of a
/// customer, and paying both from it leaves nothing unapplied.
#[test]
fn the_demo_statement_agrees_with_the_books_but_for_its_open_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir.path().join("data"));
    cfg.fixed_now = Some(Utc.with_ymd_and_hms(2026, 4, 1, 12, 0, 0).unwrap());
    let app = App::new(cfg);
    ok(&app, "open_demo_company", json!({}));
    let accounts = ok(&app, "list_bank_accounts", json!({}));
    let a = &accounts[0];
    let id = a["id"].as_i64().unwrap();
    let cents = |v: &Value| -> i64 {
        let s = v.as_str().unwrap().replace('.', "");
        s.parse().unwrap()
    };
    assert!(cents(&a["book_balance"]) > 0, "{a}");
    let lines = ok(
        &app,
        "list_bank_lines",
        json!({"account_id": id, "page_size": 1000}),
    );
    let rows = lines["rows"].as_array().unwrap();
    let open: i64 = rows
        .iter()
        .filter(|l| l["state"] == "open")
        .map(|l| cents(&l["amount"]))
        .sum();
    assert!(
        rows.iter().filter(|l| l["state"] == "reconciled").count() > 0,
        "{lines}"
    );
    assert_eq!(cents(&a["difference"]), open, "{a}");
    // On an earlier day too (the report reads the balances of its day).
    if let Some(text) = pdf_text(
        &ok(
            &app,
            "bank_reconciliation_pdf",
            json!({"account_id": id, "as_of": "2026-03-27"}),
        )["content_base64"],
    ) {
        let last = |label: &str| -> String {
            text.lines()
                .find(|l| l.contains(label))
                .unwrap_or_else(|| panic!("no '{label}' in:\n{text}"))
                .split_whitespace()
                .last()
                .unwrap()
                .to_string()
        };
        assert_eq!(
            last("Diferencia"),
            last("Total pendiente de conciliar"),
            "{text}"
        );
        assert_ne!(last("Diferencia"), "0,00", "{text}");
    }
    // The transfer paying two invoices at once.
    let pair = rows
        .iter()
        .find(|l| l["reference"].as_str().unwrap().starts_with("FRAS "))
        .expect("the demo has a transfer paying two invoices");
    let reference = pair["reference"].as_str().unwrap();
    let numbers: Vec<&str> = reference.trim_start_matches("FRAS ").split(" Y ").collect();
    let invoices = ok(&app, "list_invoices", json!({"state": "issued"}));
    let mut allocations = Vec::new();
    for n in &numbers {
        let inv = invoices
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["number"].as_str() == Some(n))
            .unwrap_or_else(|| panic!("no invoice {n}"));
        assert_eq!(inv["open"], inv["total"], "{inv}");
        allocations.push(json!({"id": inv["id"], "amount": inv["open"]}));
    }
    let r = ok(
        &app,
        "reconcile_line",
        json!({"line_id": pair["id"], "with": {"kind": "invoices", "allocations": allocations}}),
    );
    assert_eq!(r["unapplied"], "0.00", "{r}");
}
