//! Reconciling statement lines through the command table: suggestions for a transfer naming
//! an invoice, the invoice paid from the line, a fee posted by a rule, a line posted by hand
//! with VAT, an existing entry matched, a line ignored and reopened, rules saved, listed,
//! made from a line and deleted, and bad input named by field.

use base64::Engine;
use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use trastienda_api::{dispatch, App, AppConfig};

fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir.path().join("data"));
    cfg.fixed_now = Some(Utc.with_ymd_and_hms(2026, 4, 1, 12, 0, 0).unwrap());
    let app = App::new(cfg);
    dispatch(
        &app,
        "create_company",
        json!({"name": "Conciliaciones SL", "tax_id": "B12345674", "country": "ES", "address": "",
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

/// A bank account on 5720001 with the CSV `rows` (date;description;amount) imported; the
/// lines' ids in date order.
fn bank(app: &App, rows: &str) -> (i64, Vec<i64>) {
    let id = ok(
        app,
        "save_bank_account",
        json!({"account": {"name": "Cuenta principal", "kind": "bank", "currency": "EUR",
               "account": "5720001", "opening_balance": "0"}}),
    )["id"]
        .as_i64()
        .unwrap();
    let layout = ok(
        app,
        "save_csv_mapping",
        json!({"mapping": {"name": "Simple", "delimiter": ";", "encoding": "utf-8",
               "skip_rows": 0, "has_header": true, "date_format": "%Y-%m-%d",
               "decimal_comma": false, "col_date": 1, "col_value_date": 0, "col_description": 2,
               "col_amount": 3, "col_debit": 0, "col_credit": 0, "col_balance": 0,
               "col_reference": 0}}),
    );
    let csv = format!("fecha;concepto;importe\n{rows}");
    let r = ok(
        app,
        "import_statement",
        json!({"account_id": id, "file_name": "x.csv", "mapping_id": layout["id"],
               "content_base64": base64::engine::general_purpose::STANDARD.encode(csv)}),
    );
    assert!(r["lines_added"].as_u64().unwrap() > 0, "{r}");
    let page = ok(app, "list_bank_lines", json!({"account_id": id}));
    let mut lines: Vec<(String, i64)> = page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["date"].as_str().unwrap().to_string(),
                l["id"].as_i64().unwrap(),
            )
        })
        .collect();
    lines.sort();
    (id, lines.into_iter().map(|l| l.1).collect())
}

#[test]
fn lines_are_reconciled_with_an_invoice_a_rule_a_new_entry_and_an_entry() {
    let (_d, app) = app();
    let customer = ok(
        &app,
        "save_customer",
        json!({"customer": {
            "legal_name": "Talleres Norte SL", "trade_name": null, "country": "ES",
            "tax_id": "B12345674", "address": "Calle Mayor 1", "postal_code": "28001",
            "city": "Madrid", "province": "Madrid", "shipping_address": null, "email": null,
            "phone": null, "payment_days": 0, "payment_days_of_month": null,
            "treatment": "domestic", "exemption_cause": null, "iban": null, "account": null,
            "notes": "", "contacts": []}}),
    )["id"]
        .as_i64()
        .unwrap();
    let draft = ok(
        &app,
        "save_invoice_draft",
        json!({"invoice": {"issue_date": "2026-02-02", "customer_id": customer,
               "lines": [{"description": "Revisión", "quantity": "1", "unit_price": "100",
                          "tax": "21"}]}}),
    );
    let inv = ok(&app, "issue_invoice", json!({"id": draft["id"]}));
    let number = inv["number"].as_str().unwrap().to_string();
    let entry = ok(
        &app,
        "post_entry",
        json!({"date": "2026-02-14", "description": "Ingreso en efectivo",
               "lines": [{"account": "5720001", "debit": "300"},
                         {"account": "5700001", "credit": "300"}]}),
    );
    let (account, lines) = bank(
        &app,
        &format!(
            "2026-02-10;TRANSFERENCIA {number} TALLERES NORTE;121.00\n\
             2026-02-11;COMISION MANTENIMIENTO;-9.00\n\
             2026-02-12;IBERDROLA RECIBO;-60.50\n\
             2026-02-14;INGRESO;300.00\n\
             2026-02-15;PUBLICIDAD;-5.00\n"
        ),
    );

    // The invoice first: exact amount and its number.
    let s = ok(&app, "bank_suggestions", json!({"line_id": lines[0]}));
    assert_eq!(s[0]["kind"], "invoice", "{s}");
    assert_eq!(s[0]["target_id"], inv["id"]);
    assert_eq!(s[0]["amount"], "121.00");
    let r = ok(
        &app,
        "reconcile_line",
        json!({"line_id": lines[0], "with": {"kind": "invoices",
               "allocations": [{"id": inv["id"], "amount": "121.00"}]}}),
    );
    assert_eq!(r["kind"], "payment");
    assert_eq!(r["unapplied"], "0.00");
    let e = err(dispatch(
        &app,
        "reconcile_line",
        json!({"line_id": lines[0], "with": {"kind": "invoices",
               "allocations": [{"id": inv["id"], "amount": "1.00"}]}}),
    ));
    assert_eq!(e["problems"][0]["field"], "line_id", "{e}");

    // Rules: bad ones named, a fee rule suggested and applied.
    let e = err(dispatch(
        &app,
        "save_bank_rule",
        json!({"rule": {"name": "X", "match_text": "x", "account": "626", "vat_rate": "7"}}),
    ));
    assert_eq!(e["problems"][0]["field"], "vat_rate", "{e}");
    let fee = ok(
        &app,
        "save_bank_rule",
        json!({"rule": {"name": "Comisiones", "match_text": "Comisión", "sign": "out",
               "account": "626"}}),
    );
    assert_eq!(fee["vat_rate"], "0");
    let s = ok(&app, "bank_suggestions", json!({"line_id": lines[1]}));
    assert!(
        s.as_array()
            .unwrap()
            .iter()
            .any(|x| x["kind"] == "rule" && x["target_id"] == fee["id"]),
        "{s}"
    );
    let r = ok(
        &app,
        "reconcile_line",
        json!({"line_id": lines[1], "with": {"kind": "rule", "rule_id": fee["id"]}}),
    );
    assert_eq!(r["kind"], "created");

    // By hand with 21 % VAT, then a rule from that line.
    let e = err(dispatch(
        &app,
        "reconcile_line",
        json!({"line_id": lines[2], "with": {"kind": "new_entry", "account": "62",
               "vat_rate": "21"}}),
    ));
    assert_eq!(e["problems"][0]["field"], "account", "{e}");
    ok(
        &app,
        "reconcile_line",
        json!({"line_id": lines[2], "with": {"kind": "new_entry", "account": "628",
               "vat_rate": "21", "description": "Luz febrero"}}),
    );
    let rule = ok(
        &app,
        "rule_from_line",
        json!({"line_id": lines[2], "account": "628", "vat_rate": "21"}),
    );
    assert_eq!(rule["match_text"], "iberdrola", "{rule}");
    assert_eq!(rule["sign"], "out");
    assert_eq!(
        ok(&app, "list_bank_rules", json!({}))
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // The existing entry, suggested and matched.
    let s = ok(&app, "bank_suggestions", json!({"line_id": lines[3]}));
    assert_eq!(s[0]["kind"], "entry", "{s}");
    assert_eq!(s[0]["target_id"], entry["id"]);
    let e = err(dispatch(
        &app,
        "reconcile_line",
        json!({"line_id": lines[3], "with": {"kind": "entry"}}),
    ));
    assert_eq!(e["problems"][0]["field"], "entry_id", "{e}");
    ok(
        &app,
        "reconcile_line",
        json!({"line_id": lines[3], "with": {"kind": "entry", "entry_id": entry["id"]}}),
    );

    // A way that does not exist; then the last line ignored and reopened.
    let e = err(dispatch(
        &app,
        "reconcile_line",
        json!({"line_id": lines[4], "with": {"kind": "magic"}}),
    ));
    assert_eq!(e["problems"][0]["field"], "kind", "{e}");
    ok(&app, "ignore_bank_line", json!({"line_id": lines[4]}));
    let accounts = ok(&app, "list_bank_accounts", json!({}));
    let row = accounts
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == account)
        .unwrap();
    assert_eq!(row["unreconciled"], 0, "{row}");
    // Book: 121 - 9 - 60.50 + 300 = 351.50; the statement also has the ignored -5.
    assert_eq!(row["book_balance"], "351.50");
    assert_eq!(row["statement_balance"], "346.50");
    ok(&app, "reopen_bank_line", json!({"line_id": lines[4]}));
    let e = err(dispatch(
        &app,
        "reopen_bank_line",
        json!({"line_id": lines[0]}),
    ));
    assert_eq!(e["problems"][0]["field"], "line_id", "{e}");

    // A used rule is kept inactive; a new one goes.
    let d = ok(&app, "delete_bank_rule", json!({"id": fee["id"]}));
    assert_eq!(d["deleted"], false);
    let d = ok(&app, "delete_bank_rule", json!({"id": rule["id"]}));
    assert_eq!(d["deleted"], true);
    let rules = ok(&app, "list_bank_rules", json!({}));
    assert_eq!(rules.as_array().unwrap().len(), 1);
    assert_eq!(rules[0]["active"], false);

    // Every reconciliation undone: the invoice's payment reversed (the invoice open again),
    // the rule's and the hand-made entries reversed, the existing entry unlinked; the book
    // balance is back to the one posted by hand and every line is open.
    let undone = ok(&app, "bank_unreconcile", json!({"line_id": lines[0]}));
    assert_eq!(
        undone["reversing_payments"].as_array().unwrap().len(),
        1,
        "{undone}"
    );
    let open = ok(&app, "get_invoice", json!({"id": inv["id"]}));
    assert_eq!(open["open"], "121.00", "{open}");
    for l in &lines[1..3] {
        let u = ok(&app, "bank_unreconcile", json!({"line_id": l}));
        assert_eq!(u["reversal_entries"].as_array().unwrap().len(), 1, "{u}");
    }
    let u = ok(&app, "bank_unreconcile", json!({"line_id": lines[3]}));
    assert_eq!(u["unlinked_entries"], json!([entry["id"]]), "{u}");
    let e = err(dispatch(
        &app,
        "bank_unreconcile",
        json!({"line_id": lines[4]}),
    ));
    assert_eq!(e["problems"][0]["field"], "line_id", "{e}");
    let accounts = ok(&app, "list_bank_accounts", json!({}));
    assert_eq!(accounts[0]["unreconciled"], 5, "{accounts}");
    assert_eq!(accounts[0]["book_balance"], "300.00", "{accounts}");
}
