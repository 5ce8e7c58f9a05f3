//! Invoices through the command table, as the UI calls them: a draft with mixed rates, recargo
//! and IRPF issued with its number, entry and register record; bad strings refused field by
//! field with nothing written; a credit note; payments (one left partly unapplied, said so);
//! aging, overdue invoices and reminders; the register check, tampered; the VAT summary.
//! Expected amounts are worked out by hand in the comments.

use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use trastienda_api::{dispatch, App, AppConfig};

fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir.path().join("data"));
    cfg.fixed_now = Some(Utc.with_ymd_and_hms(2027, 6, 30, 9, 0, 0).unwrap());
    let app = App::new(cfg);
    ok(
        &app,
        "create_company",
        json!({"name": "Ventas Prueba SL", "tax_id": "B12345674", "country": "ES", "address": "",
               "fiscal_year_start_month": 1, "currency": "EUR", "language": "es", "template": "es-pymes"}),
    );
    // Customers as the customers screen would save them: 1 a business due at 30 days, 2 a
    // retailer in recargo de equivalencia due on the day.
    app.with_company(|c| {
        c.execute_raw(
            "INSERT INTO customers (id, legal_name, country, tax_id, treatment, payment_days,
                                    created_at) VALUES
             (1, 'Cliente Uno SL', 'ES', '87654321X', 'domestic', 30, '2027-01-01'),
             (2, 'Minorista Dos', 'ES', '12345678Z', 'recargo', 0, '2027-01-01')",
        )
        .unwrap();
        Ok(())
    })
    .unwrap();
    (dir, app)
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

fn audit_total(app: &App) -> Value {
    ok(app, "audit_log", json!({"page_size": 1}))["total"].clone()
}

fn draft(app: &App, customer: i64, date: &str, lines: Value) -> i64 {
    ok(
        app,
        "save_invoice_draft",
        json!({"invoice": {"issue_date": date, "customer_id": customer, "lines": lines}}),
    )["id"]
        .as_i64()
        .unwrap()
}

fn issue(app: &App, customer: i64, date: &str, lines: Value) -> Value {
    let id = draft(app, customer, date, lines);
    ok(app, "issue_invoice", json!({"id": id}))
}

#[test]
fn an_invoice_with_mixed_rates_recargo_and_irpf_is_issued_through_the_api() {
    let (_d, app) = app();
    // 2 × 100.00 at 21 % + 3 × 50.00 at 10 % less 10 % + 1 × 40.00 at 4 %, IRPF 15 %:
    // bases 200.00 / 135.00 / 40.00 = 375.00; VAT 42.00 + 13.50 + 1.60 = 57.10;
    // recargo 10.40 + 1.89 + 0.20 = 12.49; IRPF 56.25; total 388.34.
    let saved = ok(
        &app,
        "save_invoice_draft",
        json!({"invoice": {"issue_date": "2027-03-01", "customer_id": 2, "withholding_pct": "15",
               "lines": [
                 {"description": "Tornillos", "quantity": "2", "unit_price": "100", "tax": "21"},
                 {"description": "Arandelas", "quantity": "3", "unit_price": "50.00",
                  "discount_pct": "10", "tax": "10"},
                 {"description": "Libro", "quantity": "1", "unit_price": "40", "tax": "4"}]}}),
    );
    assert_eq!(saved["state"], "draft");
    assert_eq!(saved["number"], Value::Null);
    assert_eq!(saved["total"], "388.34");
    let inv = ok(&app, "issue_invoice", json!({"id": saved["id"]}));
    assert_eq!(inv["number"], "2027-0001");
    assert_eq!(inv["treatment"], "recargo");
    for (k, v) in [
        ("base", "375.00"),
        ("vat", "57.10"),
        ("recargo", "12.49"),
        ("withholding", "56.25"),
        ("total", "388.34"),
        ("open", "388.34"),
    ] {
        assert_eq!(inv[k], v, "{k}");
    }
    assert_eq!(inv["taxes"][1]["vat_rate"], "10");
    assert_eq!(inv["taxes"][1]["recargo_rate"], "1.4");
    assert_eq!(inv["taxes"][1]["recargo"], "1.89");
    assert_eq!(inv["lines"][1]["amount"], "135.00");
    // The entry it posted references the number and balances.
    let entry = ok(&app, "get_entry", json!({"id": inv["entry_id"]}));
    assert_eq!(entry["reference"], "2027-0001");
    assert_eq!(entry["total"], "444.59");
    // By number, as the CLI asks.
    let same = ok(&app, "get_invoice", json!({"number": "2027-0001"}));
    assert_eq!(same["id"], inv["id"]);
    // The series now stands at 1.
    let series = ok(&app, "list_invoice_series", json!({}));
    assert_eq!(series[0]["code"], "F");
    assert_eq!(series[0]["next"], "2027-0002");
    // The VAT summary of the quarter.
    let vat = ok(
        &app,
        "vat_output_summary",
        json!({"from": "2027-01-01", "to": "2027-03-31"}),
    );
    assert_eq!(
        (
            &vat["base"],
            &vat["vat"],
            &vat["recargo"],
            &vat["withholding"]
        ),
        (
            &json!("375.00"),
            &json!("57.10"),
            &json!("12.49"),
            &json!("56.25")
        )
    );
    let listed = ok(&app, "list_invoices", json!({"state": "issued"}));
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(ok(&app, "verify_invoice_register", json!({}))["ok"], true);
}

#[test]
fn bad_strings_are_refused_field_by_field_and_nothing_is_written() {
    let (_d, app) = app();
    let before = audit_total(&app);
    let e = err(
        &app,
        "save_invoice_draft",
        json!({"invoice": {"issue_date": "2027-02-30", "customer_id": 1, "kind": "receipt",
               "lines": [
                 {"description": "ok", "quantity": "1", "unit_price": "10", "tax": "21"},
                 {"description": "x", "quantity": "abc", "unit_price": "1.234", "tax": "IVA"}]}}),
    );
    assert_eq!(e["code"], "validation");
    let p: Vec<(Value, Value)> = e["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["field"].clone(), p["row"].clone()))
        .collect();
    assert_eq!(
        p,
        vec![
            (json!("kind"), Value::Null),
            (json!("issue_date"), Value::Null),
            (json!("quantity"), json!(2)),
            (json!("unit_price"), json!(2)),
            (json!("tax"), json!(2)),
        ]
    );
    // Issuing with no lines; a negative total.
    let empty = draft(&app, 1, "2027-03-01", json!([]));
    let mid = audit_total(&app);
    let e = err(&app, "issue_invoice", json!({"id": empty}));
    assert_eq!(e["problems"][0]["code"], "too_few_lines");
    assert_eq!(audit_total(&app), mid);
    let e = err(
        &app,
        "save_invoice_draft",
        json!({"invoice": {"issue_date": "2027-03-01", "customer_id": 1,
               "lines": [{"description": "x", "quantity": "-1", "unit_price": "10", "tax": "21"}]}}),
    );
    assert_eq!(e["problems"][0]["code"], "negative_amount");
    assert_eq!(audit_total(&app), mid);
    // A payment with a bad amount and method.
    let e = err(
        &app,
        "record_payment",
        json!({"customer_id": 1, "date": "2027-03-01", "amount": "12,50", "method": "cheque"}),
    );
    let fields: Vec<&str> = e["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["amount", "method"]);
    assert_eq!(audit_total(&app), mid);
    assert_ne!(before, mid, "the empty draft was saved");
}

#[test]
fn credit_note_payments_aging_reminders_and_the_register_check() {
    let (_d, app) = app();
    // Customer 1 (30 days): 10 Jan, 242.00, due 9 Feb.
    let a = issue(
        &app,
        1,
        "2027-01-10",
        json!([{"description": "Servicio", "quantity": "2", "unit_price": "100", "tax": "21"}]),
    );
    // A credit note by difference, issued at once: −1 × 100.00 at 21 % = −121.00.
    let cn = ok(
        &app,
        "create_credit_note",
        json!({"invoice_id": a["id"], "method": "difference", "reason": "R1",
               "explanation": "Devolución", "issue_date": "2027-01-20", "issue": true,
               "lines": [{"description": "Servicio", "quantity": "-1", "unit_price": "100", "tax": "21"}]}),
    );
    assert_eq!(cn["number"], "R2027-0001");
    assert_eq!(cn["total"], "-121.00");
    assert_eq!(cn["correction"]["number"], "2027-0001");
    assert_eq!(cn["correction"]["reason"], "R1");
    assert_eq!(
        ok(&app, "get_invoice", json!({"id": a["id"]}))["open"],
        "121.00"
    );
    // Customer 2 (on the day): 1 May, 1 × 100 at 21 % + recargo 5.2 % = 126.20.
    let b = issue(
        &app,
        2,
        "2027-05-01",
        json!([{"description": "Caja", "quantity": "1", "unit_price": "100", "tax": "21"}]),
    );
    assert_eq!(b["total"], "126.20");
    // Customer 1 pays 200.00 unassigned: 121.00 settles 2027-0001, 79.00 stays as credit.
    let p = ok(
        &app,
        "record_payment",
        json!({"customer_id": 1, "date": "2027-06-01", "amount": "200", "method": "bank"}),
    );
    assert_eq!(p["allocations"][0]["number"], "2027-0001");
    assert_eq!(p["allocations"][0]["amount"], "121.00");
    assert_eq!(p["unapplied"], "79.00");
    assert_eq!(
        p["notice"],
        "79.00 of this payment is not applied to any invoice; it stays on the customer as unapplied credit"
    );
    // Customer 2 pays 26.20 on account of 2027-0002, in cash.
    ok(
        &app,
        "record_payment",
        json!({"customer_id": 2, "date": "2027-06-02", "amount": "26.20", "method": "cash",
               "allocations": [{"invoice_id": b["id"], "amount": "26.20"}]}),
    );
    // Applying more than is open is refused and names what is open.
    let e = err(
        &app,
        "record_payment",
        json!({"customer_id": 2, "date": "2027-06-03", "amount": "500", "method": "bank",
               "allocations": [{"invoice_id": b["id"], "amount": "500"}]}),
    );
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("500.00 is more than the 100.00 open on invoice 2027-0002"),
        "{e}"
    );
    assert_eq!(
        ok(&app, "list_payments", json!({"customer_id": 2}))
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Aging on 30 Jun (the app's today): 2027-0002 is 60 days overdue with 100.00 open
    // (31-60); customer 1's 79.00 credit dated 1 Jun is 29 days old (1-30).
    let aging = ok(&app, "receivables_aging", json!({}));
    assert_eq!(aging["as_of"], "2027-06-30");
    let rows = aging["customers"].as_array().unwrap();
    assert_eq!(rows[0]["customer_name"], "Cliente Uno SL");
    assert_eq!(rows[0]["days_1_30"], "-79.00");
    assert_eq!(rows[0]["unapplied"], "79.00");
    assert_eq!(rows[1]["days_31_60"], "100.00");
    assert_eq!(aging["total"]["total"], "21.00");

    let overdue = ok(&app, "overdue_invoices", json!({"as_of": "2027-06-30"}));
    assert_eq!(overdue.as_array().unwrap().len(), 1);
    assert_eq!(overdue[0]["number"], "2027-0002");
    assert_eq!(overdue[0]["days_overdue"], 60);

    // Reminder level 1 with interest: 100.00 at 2.15 + 8 = 10.15 % for the 60 days from
    // 2 May to 30 Jun: 100 × 10.15 % × 60 / 365 = 1.6685 -> 1.67.
    let r = ok(
        &app,
        "record_reminder",
        json!({"invoice_id": b["id"], "level": 1,
               "ecb_rates": [{"year": 2027, "half": 1, "rate": "2.15"}]}),
    );
    assert_eq!(
        (&r["open"], &r["interest"]),
        (&json!("100.00"), &json!("1.67"))
    );
    let e = err(
        &app,
        "record_reminder",
        json!({"invoice_id": b["id"], "level": 1}),
    );
    assert_eq!(e["code"], "duplicate");
    assert!(e["message"]
        .as_str()
        .unwrap()
        .contains("never produced twice for the same invoice and level"));
    assert_eq!(
        ok(&app, "overdue_invoices", json!({}))[0]["reminders"],
        json!([1])
    );

    // The register: three records, chained; tampering with one is named.
    let check = ok(&app, "verify_invoice_register", json!({}));
    assert_eq!((&check["ok"], &check["records"]), (&json!(true), &json!(3)));
    app.with_company(|c| {
        c.execute_raw("DROP TRIGGER invoice_register_no_update").unwrap();
        c.execute_raw(
            "UPDATE invoice_register SET issue_date = '2027-01-21' WHERE full_number = 'R2027-0001'",
        )
        .unwrap();
        Ok(())
    })
    .unwrap();
    let check = ok(&app, "verify_invoice_register", json!({}));
    assert_eq!(check["ok"], false);
    assert_eq!(check["broken_position"], 2);
    assert_eq!(check["broken_number"], "R2027-0001");
}

#[test]
fn recurring_templates_draft_copies_for_review() {
    let (_d, app) = app();
    let t = ok(
        &app,
        "save_invoice_template",
        json!({"invoice": {"issue_date": "2027-04-01", "customer_id": 1,
               "lines": [{"description": "Cuota", "quantity": "1", "unit_price": "30", "tax": "21"}]},
               "every": "quarterly", "next_date": "2027-01-01"}),
    );
    assert_eq!(t["state"], "template");
    assert_eq!(t["recurrence"], "quarterly");
    // Up to today (30 Jun): 1 Jan and 1 Apr.
    let drafts = ok(&app, "draft_due_invoices", json!({}));
    let dates: Vec<&str> = drafts
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["issue_date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2027-01-01", "2027-04-01"]);
    assert_eq!(drafts[0]["state"], "draft");
    assert_eq!(drafts[0]["total"], "36.30");
    assert_eq!(
        ok(&app, "get_invoice", json!({"id": t["id"]}))["next_date"],
        "2027-07-01"
    );
}

#[test]
fn quote_to_invoice_to_payment_to_aging() {
    let (_d, app) = app();
    // 4 × 25.00 at 10 % = 100.00 + 10.00 = 110.00 for customer 1 (30 days).
    let q = ok(
        &app,
        "save_quote",
        json!({"quote": {"date": "2027-05-02", "customer_id": 1, "valid_until": "2027-05-31",
               "lines": [{"description": "Menú", "quantity": "4", "unit_price": "25", "tax": "10"}]}}),
    );
    assert_eq!(q["number"], "P2027-0001");
    assert_eq!(q["total"], "110.00");
    let e = err(
        &app,
        "set_quote_state",
        json!({"id": q["id"], "state": "invoiced"}),
    );
    assert_eq!(e["problems"][0]["field"], "state");
    ok(
        &app,
        "set_quote_state",
        json!({"id": q["id"], "state": "accepted"}),
    );
    let d = ok(
        &app,
        "convert_quote",
        json!({"id": q["id"], "issue_date": "2027-05-03"}),
    );
    assert_eq!((&d["state"], &d["quote_id"]), (&json!("draft"), &q["id"]));
    let inv = ok(&app, "issue_invoice", json!({"id": d["id"]}));
    assert_eq!(inv["number"], "2027-0001");
    assert_eq!(inv["due_date"], "2027-06-02");
    assert_eq!(ok(&app, "list_quotes", json!({}))[0]["state"], "invoiced");
    // On 30 Jun it is 28 days overdue: 110.00 in 1-30.
    let aging = ok(&app, "receivables_aging", json!({"as_of": "2027-06-30"}));
    assert_eq!(aging["total"]["days_1_30"], "110.00");
    // Paid in part, then in full.
    ok(
        &app,
        "record_payment",
        json!({"customer_id": 1, "date": "2027-06-10", "amount": "60", "method": "bank",
               "allocations": [{"invoice_id": inv["id"], "amount": "60"}]}),
    );
    let aging = ok(&app, "receivables_aging", json!({"as_of": "2027-06-30"}));
    assert_eq!(aging["total"]["days_1_30"], "50.00");
    ok(
        &app,
        "record_payment",
        json!({"customer_id": 1, "date": "2027-06-20", "amount": "50", "method": "bank"}),
    );
    let aging = ok(&app, "receivables_aging", json!({"as_of": "2027-06-30"}));
    assert_eq!(aging["total"]["total"], "0.00");
    assert_eq!(
        ok(&app, "get_invoice", json!({"id": inv["id"]}))["open"],
        "0.00"
    );
}

#[test]
fn a_ticket_without_customer_and_its_credit_note_by_substitution() {
    let (_d, app) = app();
    // A simplified invoice, no customer, prices with VAT: 2 × 121.00 = 242.00 (base 200.00).
    let t = ok(
        &app,
        "save_invoice_draft",
        json!({"invoice": {"kind": "simplified", "issue_date": "2027-03-01", "prices_include_vat": true,
               "lines": [{"description": "Revisión", "quantity": "2", "unit_price": "121", "tax": "21"}]}}),
    );
    assert_eq!(t["kind"], "simplified");
    assert_eq!(t["total"], "242.00");
    let t = ok(&app, "issue_invoice", json!({"id": t["id"]}));
    assert_eq!(t["number"], "T2027-0001");
    assert_eq!(t["base"], "200.00");
    assert!(t["customer_id"].is_null());
    // Over 400 € VAT included, a ticket is refused on the total, naming the limit.
    let over = ok(
        &app,
        "save_invoice_draft",
        json!({"invoice": {"kind": "simplified", "issue_date": "2027-03-02", "prices_include_vat": true,
               "lines": [{"description": "Revisión", "quantity": "5", "unit_price": "121", "tax": "21"}]}}),
    );
    let e = err(&app, "issue_invoice", json!({"id": over["id"]}));
    let p = &e["problems"][0];
    assert_eq!(
        (p["field"].as_str(), p["code"].as_str()),
        (Some("total"), Some("out_of_range")),
        "{e}"
    );
    assert_eq!(p["params"]["limit"], "400.00", "{e}");
    // By substitution: the line at 96.80 replaces the one at 121.00: −242.00 + 193.60 = −48.40.
    let cn = ok(
        &app,
        "create_credit_note",
        json!({"invoice_id": t["id"], "method": "substitution", "reason": "R4",
               "explanation": "Precio acordado", "issue_date": "2027-03-05", "issue": true,
               "lines": [{"description": "Revisión", "quantity": "2", "unit_price": "96.80", "tax": "21"}]}),
    );
    assert_eq!(cn["number"], "R2027-0001");
    assert_eq!(cn["correction"]["method"], "substitution");
    assert_eq!(cn["correction"]["number"], "T2027-0001");
    assert_eq!(cn["total"], "-48.40");
    assert_eq!(cn["lines"].as_array().unwrap().len(), 2);
    // A bad method is named on its field.
    let e = err(
        &app,
        "create_credit_note",
        json!({"invoice_id": t["id"], "method": "swap", "reason": "R4", "explanation": "x",
               "issue_date": "2027-03-05"}),
    );
    assert_eq!(e["problems"][0]["field"], "method", "{e}");
}

#[test]
fn the_letterhead_names_why_an_iban_or_a_logo_is_refused() {
    let (_d, app) = app();
    let e = err(
        &app,
        "set_invoice_profile",
        json!({"iban": "ES9121000418450200051333", "email": "", "phone": "", "invoice_footer": "", "logo_base64": ""}),
    );
    let p = &e["problems"][0];
    assert_eq!(
        (p["field"].as_str(), p["params"]["reason"].as_str()),
        (Some("iban"), Some("checksum")),
        "{e}"
    );
    let e = err(
        &app,
        "set_invoice_profile",
        json!({"iban": "", "email": "", "phone": "", "invoice_footer": "", "logo_base64": "PHN2Zy8+"}),
    );
    assert_eq!(e["problems"][0]["field"], "logo", "{e}");
    let v = ok(
        &app,
        "set_invoice_profile",
        json!({"iban": "es91 2100 0418 4502 0005 1332", "email": "", "phone": "", "invoice_footer": "", "logo_base64": ""}),
    );
    assert_eq!(v["iban"], "ES91 2100 0418 4502 0005 1332");
}
