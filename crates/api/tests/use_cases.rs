//! Use cases from a user's action to its effect on the books, through the command table
//! exactly as the UI calls it (`dispatch` with JSON).

use serde_json::{json, Value};
use trastienda_api::{dispatch, App, AppConfig};

fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let app = App::new(AppConfig::at(dir.path().join("data")));
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

fn new_company(app: &App) -> Value {
    ok(
        app,
        "create_company",
        json!({"name": "Prueba, S.L.", "tax_id": "B12345674", "country": "ES", "address": "Calle Mayor 1",
               "fiscal_year_start_month": 1, "currency": "EUR", "language": "es", "template": "es-pymes"}),
    )
}

fn entry(date: &str, lines: &[(&str, &str, &str)]) -> Value {
    json!({"date": date, "description": "test", "lines": lines.iter().map(|(a, d, c)| json!({"account": a, "debit": d, "credit": c})).collect::<Vec<_>>()})
}

#[test]
fn creating_a_company_opens_it_and_remembers_it() {
    let (_d, app) = app();
    let info = new_company(&app);
    assert_eq!(info["name"], "Prueba, S.L.");
    assert!(info["path"]
        .as_str()
        .unwrap()
        .ends_with("prueba-s-l.trastienda"));
    // Regression: app_info took the settings lock twice in one expression and hung.
    let a = ok(&app, "app_info", json!({}));
    assert_eq!(a["company"]["tax_id"], "B12345674");
    assert_eq!(a["recent"][0]["name"], "Prueba, S.L.");
    assert_eq!(a["recent"][0]["exists"], true);
    // A second app on the same data folder remembers it.
    let app2 = App::new(app.config().clone());
    assert_eq!(
        ok(&app2, "app_info", json!({}))["recent"][0]["name"],
        "Prueba, S.L."
    );
    assert!(ok(&app2, "app_info", json!({}))["company"].is_null());
}

#[test]
fn a_bad_company_form_reports_every_field() {
    let (_d, app) = app();
    let e = err(
        &app,
        "create_company",
        json!({"name": " ", "tax_id": "12345678A", "fiscal_year_start_month": 13, "currency": "EURO"}),
    );
    assert_eq!(e["code"], "validation");
    let fields: Vec<&str> = e["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["name", "tax_id", "fiscal_year_start_month", "currency"]
    );
    let tax = ok(
        &app,
        "check_tax_id",
        json!({"country": "ES", "tax_id": "12345678A"}),
    );
    assert_eq!(tax["valid"], false);
    assert!(tax["message"].as_str().unwrap().contains("should be Z"));
    assert_eq!(tax["reason"], "control");
    assert_eq!(tax["expected"], "Z");
    let tax_problem = &e["problems"][1];
    assert_eq!(tax_problem["params"]["reason"], "control");
    assert_eq!(tax_problem["params"]["expected"], "Z");
    assert_eq!(
        ok(
            &app,
            "check_tax_id",
            json!({"country": "ES", "tax_id": "x1234567l"})
        )["kind"],
        "NIE"
    );
    // Nothing was created.
    assert!(ok(&app, "app_info", json!({}))["recent"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn commands_need_an_open_company() {
    let (_d, app) = app();
    assert_eq!(
        err(&app, "trial_balance", json!({}))["code"],
        "no_company_open"
    );
    assert_eq!(
        err(&app, "no_such_command", json!({}))["code"],
        "unknown_command"
    );
}

#[test]
fn post_list_open_and_reverse_an_entry() {
    let (_d, app) = app();
    new_company(&app);
    let posted = ok(
        &app,
        "post_entry",
        entry(
            "2026-03-10",
            &[
                ("5720001", "1210.00", ""),
                ("700", "", "1000.00"),
                ("4770021", "", "210.00"),
            ],
        ),
    );
    assert_eq!(posted["number"], 1);
    assert_eq!(posted["fiscal_year"], 2026);
    assert_eq!(posted["total"], "1210.00");
    let second = ok(
        &app,
        "post_entry",
        entry("2026-03-11", &[("600", "100", ""), ("5720001", "", "100")]),
    );
    assert_eq!(second["number"], 2);

    let page = ok(&app, "list_entries", json!({"page": 0, "page_size": 10}));
    assert_eq!(page["total"], 2);
    assert_eq!(page["rows"][0]["id"], second["id"], "newest first");
    let by_number = ok(
        &app,
        "list_entries",
        json!({"page": 0, "page_size": 10, "sort": "number", "descending": false}),
    );
    assert_eq!(by_number["rows"][0]["number"], 1);
    let found = ok(
        &app,
        "list_entries",
        json!({"page": 0, "page_size": 10, "query": "test", "from": "2026-03-11"}),
    );
    assert_eq!(found["total"], 1);

    let e = ok(&app, "get_entry", json!({"id": posted["id"]}));
    assert_eq!(e["lines"][0]["account_name"], "Banco (cuenta corriente)");
    assert_eq!(e["lines"][1]["credit"], "1000.00");

    let rev = ok(
        &app,
        "reverse_entry",
        json!({"id": posted["id"], "date": "2026-03-31"}),
    );
    assert_eq!(rev["kind"], "reversal");
    assert_eq!(rev["reverses"], posted["id"]);
    assert_eq!(
        ok(&app, "get_entry", json!({"id": posted["id"]}))["reversed_by"],
        rev["id"]
    );
    assert_eq!(
        err(
            &app,
            "reverse_entry",
            json!({"id": posted["id"], "date": "2026-04-01"})
        )["code"],
        "immutable"
    );

    let tb = ok(
        &app,
        "trial_balance",
        json!({"from": "2026-01-01", "to": "2026-12-31"}),
    );
    assert_eq!(tb["total_balance"], "0.00");
    let row = |code: &str| {
        tb["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == code)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        row("700")["balance"],
        "0.00",
        "the reversal restores the sale account"
    );
    assert_eq!(row("5720001")["balance"], "-100.00");
    assert_eq!(row("57")["is_group"], true);
    // Before the reversal's date the sale is still there.
    let march = ok(
        &app,
        "trial_balance",
        json!({"from": "2026-03-01", "to": "2026-03-30"}),
    );
    let r700 = march["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "700")
        .unwrap();
    assert_eq!(r700["balance"], "-1000.00");
}

#[test]
fn an_unbalanced_entry_says_by_how_much_and_bad_lines_name_their_field() {
    let (_d, app) = app();
    new_company(&app);
    let e = err(
        &app,
        "post_entry",
        entry(
            "2026-03-10",
            &[("5720001", "100.00", ""), ("700", "", "88.00")],
        ),
    );
    assert_eq!(e["code"], "unbalanced");
    assert_eq!(e["problems"][0]["params"]["difference"], "12.00");
    let e = err(
        &app,
        "post_entry",
        entry("2026-02-30", &[("57x", "1,5", ""), ("999999", "", "1.001")]),
    );
    assert_eq!(e["code"], "validation");
    let got: Vec<(String, Option<u64>)> = e["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["field"].as_str().unwrap().to_string(), p["row"].as_u64()))
        .collect();
    assert_eq!(
        got,
        [
            ("date".into(), None),
            ("account".into(), Some(1)),
            ("debit".into(), Some(1)),
            ("credit".into(), Some(2))
        ]
    );
    let e = err(
        &app,
        "post_entry",
        entry("2026-03-10", &[("572", "1", ""), ("999", "", "1")]),
    );
    let codes: Vec<&str> = e["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["not_postable", "unknown_account"]);
    assert_eq!(
        ok(&app, "list_entries", json!({}))["total"],
        0,
        "nothing was posted"
    );
}

#[test]
fn accounts_can_be_added_renamed_deactivated_but_not_deleted_with_postings() {
    let (_d, app) = app();
    new_company(&app);
    let added = ok(
        &app,
        "add_account",
        json!({"parent_code": "572", "code": "5720002", "name": "Banco Dos"}),
    );
    assert_eq!(added["kind"], "asset");
    assert_eq!(added["parent"], "572");
    assert_eq!(added["postable"], true);
    let e = err(
        &app,
        "add_account",
        json!({"parent_code": "572", "code": "4300009", "name": "X"}),
    );
    assert_eq!(e["problems"][0]["field"], "code");
    assert_eq!(
        err(
            &app,
            "add_account",
            json!({"parent_code": "572", "code": "5720002", "name": "Again"})
        )["code"],
        "duplicate"
    );
    ok(
        &app,
        "post_entry",
        entry("2026-05-05", &[("5720002", "50", ""), ("100", "", "50")]),
    );
    let e = err(&app, "delete_account", json!({"code": "5720002"}));
    assert_eq!(e["code"], "account_has_postings");
    assert!(e["message"].as_str().unwrap().contains("deactivate"));
    assert_eq!(
        ok(
            &app,
            "rename_account",
            json!({"code": "5720002", "name": "Banco Nuevo"})
        )["name"],
        "Banco Nuevo"
    );
    assert_eq!(
        ok(
            &app,
            "set_account_active",
            json!({"code": "5720002", "active": false})
        )["active"],
        false
    );
    let e = err(
        &app,
        "post_entry",
        entry("2026-05-06", &[("5720002", "50", ""), ("100", "", "50")]),
    );
    assert_eq!(e["problems"][0]["code"], "inactive_account");
    // An account without postings can be deleted.
    ok(
        &app,
        "add_account",
        json!({"parent_code": "572", "code": "5720003", "name": "Banco Tres"}),
    );
    ok(&app, "delete_account", json!({"code": "5720003"}));
    let accounts = ok(&app, "list_accounts", json!({"query": "5720"}));
    let codes: Vec<&str> = accounts
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["5720001", "5720002"]);
    // Balances roll up to the groups.
    let all = ok(&app, "list_accounts", json!({}));
    let g57 = all
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "57")
        .unwrap();
    assert_eq!(g57["balance"], "50.00");
    let found = ok(&app, "search_accounts", json!({"query": "caja"}));
    assert_eq!(found[0]["code"], "5700001");
}

#[test]
fn register_pages_carry_the_running_balance() {
    let (_d, app) = app();
    new_company(&app);
    for day in 1..=25 {
        ok(
            &app,
            "post_entry",
            entry(
                &format!("2026-01-{day:02}"),
                &[("5720001", "10.00", ""), ("700", "", "10.00")],
            ),
        );
    }
    let p0 = ok(
        &app,
        "account_register",
        json!({"code": "5720001", "page": 0, "page_size": 10}),
    );
    assert_eq!(p0["total_rows"], 25);
    assert_eq!(p0["rows"][9]["balance"], "100.00");
    let p2 = ok(
        &app,
        "account_register",
        json!({"code": "5720001", "page": 2, "page_size": 10}),
    );
    assert_eq!(p2["rows"].as_array().unwrap().len(), 5);
    assert_eq!(p2["rows"][0]["balance"], "210.00");
    assert_eq!(p2["closing_balance"], "250.00");
    let ranged = ok(
        &app,
        "account_register",
        json!({"code": "5720001", "from": "2026-01-11", "to": "2026-01-20", "page": 0, "page_size": 50}),
    );
    assert_eq!(ranged["opening_balance"], "100.00");
    assert_eq!(ranged["total_rows"], 10);
    assert_eq!(ranged["closing_balance"], "200.00");
}

#[test]
fn exports_are_real_pdf_and_csv() {
    let (_d, app) = app();
    new_company(&app);
    ok(
        &app,
        "post_entry",
        entry(
            "2026-03-10",
            &[("5720001", "1234.56", ""), ("700", "", "1234.56")],
        ),
    );
    use base64::Engine;
    let pdf = ok(
        &app,
        "export_trial_balance",
        json!({"format": "pdf", "from": "2026-01-01", "to": "2026-12-31"}),
    );
    assert_eq!(pdf["mime"], "application/pdf");
    assert_eq!(
        pdf["file_name"],
        "balance-sumas-saldos-2026-01-01_2026-12-31.pdf"
    );
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(pdf["content_base64"].as_str().unwrap())
        .unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let csv = ok(
        &app,
        "export_trial_balance",
        json!({"format": "csv", "language": "en"}),
    );
    let text = String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(csv["content_base64"].as_str().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        text,
        "account,name,debit,credit,balance\n5720001,Banco (cuenta corriente),1234.56,0.00,1234.56\n700,Ventas de mercaderías,0.00,1234.56,-1234.56\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tb.csv");
    // Only where the user chose in the Save dialog (the desktop shell grants that path).
    let refused = err(
        &app,
        "save_exported",
        json!({"path": out.to_str().unwrap(), "content_base64": csv["content_base64"]}),
    );
    assert_eq!(refused["problems"][0]["field"], "path");
    assert!(!out.exists());
    app.grant_path(&out);
    let saved = ok(
        &app,
        "save_exported",
        json!({"path": out.to_str().unwrap(), "content_base64": csv["content_base64"]}),
    );
    assert_eq!(saved["path"], out.to_str().unwrap());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), text);
}

#[test]
fn the_demo_company_has_a_year_of_balanced_activity() {
    let (_d, app) = app();
    let info = ok(&app, "open_demo_company", json!({}));
    assert_eq!(info["name"], "Papelería Las Rozas, S.L.");
    let page = ok(
        &app,
        "list_entries",
        json!({"page": 0, "page_size": 1, "kind": "normal"}),
    );
    // The generated book, plus one entry per issued invoice and per payment received, and
    // one per supplier bill (credit bills and expenses too) and per payment made.
    let issued = ok(&app, "list_invoices", json!({"state": "issued"}));
    let issued = issued.as_array().unwrap();
    let payments = ok(&app, "list_payments", json!({}));
    let payments = payments.as_array().unwrap();
    let bills = ok(&app, "list_bills", json!({}));
    let paid = ok(&app, "list_supplier_payments", json!({}));
    // An approved pay run posts one entry and paying it another.
    let runs = ok(&app, "list_pay_runs", json!({}));
    let payroll_entries: usize = runs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| match r["state"].as_str().unwrap() {
            "paid" => 2,
            "approved" => 1,
            _ => 0,
        })
        .sum();
    assert_eq!(
        page["total"],
        (trastienda_api::demo::DEMO_ENTRIES
            + issued.len()
            + payments.len()
            + bills.as_array().unwrap().len()
            + paid.as_array().unwrap().len()
            + payroll_entries) as u64
    );
    // This year's sales: customers, invoices numbered without gaps, a registered chain that
    // verifies, most invoices paid and some still owed, a draft and a quote in progress.
    assert!(
        ok(&app, "list_customers", json!({}))["total"]
            .as_u64()
            .unwrap()
            >= 6
    );
    assert!(issued.len() >= 10, "{} issued invoices", issued.len());
    let mut numbers: Vec<u32> = issued
        .iter()
        .map(|i| {
            let n = i["number"].as_str().unwrap();
            n.rsplit('-').next().unwrap().parse().unwrap()
        })
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=issued.len() as u32).collect::<Vec<_>>());
    let profile = ok(&app, "invoice_profile", json!({}));
    assert!(
        profile["iban"].as_str().unwrap().starts_with("ES"),
        "{profile}"
    );
    let register = ok(&app, "verify_invoice_register", json!({}));
    assert_eq!(register["ok"], true, "{register}");
    assert_eq!(register["records"], issued.len() as u64);
    assert!(
        payments.len() >= issued.len() / 2,
        "{} payments",
        payments.len()
    );
    let aging = ok(&app, "receivables_aging", json!({}));
    assert_ne!(aging["total"]["total"], "0.00", "{aging}");
    assert_eq!(
        ok(&app, "list_invoices", json!({"state": "draft"}))
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        ok(&app, "list_quotes", json!({})).as_array().unwrap().len(),
        1
    );
    // The year before the current one is closed, with its three year-end entries.
    let years = ok(&app, "periods_info", json!({}))["years"].clone();
    let years = years.as_array().unwrap();
    assert!(years.len() >= 2);
    assert!(
        years[..years.len() - 1].iter().all(|y| y["closed"] == true),
        "{years:?}"
    );
    assert_eq!(years.last().unwrap()["closed"], false);
    for kind in ["regularisation", "closing", "opening"] {
        assert!(
            ok(&app, "list_entries", json!({"kind": kind}))["total"]
                .as_u64()
                .unwrap()
                >= 1,
            "{kind}"
        );
    }
    let bs = ok(&app, "statement", json!({"report": "balance-sheet"}));
    assert!(
        bs["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["ok"] == true),
        "{bs}"
    );
    assert_eq!(bs["unassigned"], json!([]));
    let tb = ok(&app, "trial_balance", json!({}));
    assert_eq!(tb["total_balance"], "0.00");
    assert!(tb["rows"].as_array().unwrap().len() > 15);
    // Its mail of the last weeks sits in the triage piles, each message where it belongs,
    // and its calls and meetings have follow-ups, one of them already late.
    let piles: std::collections::BTreeMap<String, u64> = ok(&app, "triage_piles", json!(null))
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["pile"].as_str().unwrap().to_string(),
                p["count"].as_u64().unwrap(),
            )
        })
        .collect();
    let want: std::collections::BTreeMap<String, u64> = [
        ("billing", 1),
        ("complaint", 1),
        ("order", 2),
        ("other", 1),
        ("payments", 1),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(piles, want);
    let due = ok(&app, "follow_ups_due", json!({"within_days": 7}));
    let days: Vec<i64> = due["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["days_left"].as_i64().unwrap())
        .collect();
    assert_eq!(days, vec![-1, 2, 5], "{due}");
    // Opening it again opens the same file rather than making another.
    ok(&app, "close_company", json!({}));
    ok(&app, "open_demo_company", json!({}));
    assert_eq!(
        ok(&app, "list_entries", json!({"kind": "normal"}))["total"],
        page["total"]
    );
}

#[test]
fn language_is_remembered_app_wide_and_by_the_company() {
    let (_d, app) = app();
    new_company(&app);
    ok(&app, "set_language", json!({"language": "en"}));
    assert_eq!(ok(&app, "app_info", json!({}))["language"], "en");
    assert_eq!(ok(&app, "app_info", json!({}))["company"]["language"], "en");
    let app2 = App::new(app.config().clone());
    assert_eq!(ok(&app2, "app_info", json!({}))["language"], "en");
    assert_eq!(
        err(&app, "set_language", json!({"language": "fr"}))["code"],
        "validation"
    );
}

/// On the desktop (paths confined) a company opens only from a file picked in the Open
/// dialog or listed in the recent companies; a path sent from the web side is refused.
#[test]
fn confined_paths_open_only_what_a_dialog_picked_or_the_recent_list_holds() {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir.path().join("data"));
    cfg.confine_paths = true;
    let app = App::new(cfg);
    let info = new_company(&app);
    let path = info["path"].as_str().unwrap().to_string();
    ok(&app, "close_company", json!({}));
    // In the recent list: opens.
    ok(&app, "open_company", json!({"path": path}));
    ok(&app, "close_company", json!({}));
    // Elsewhere, not picked: refused, nothing opened.
    let other = dir.path().join("otra.trastienda");
    std::fs::copy(&path, &other).unwrap();
    let e = err(
        &app,
        "open_company",
        json!({"path": other.to_str().unwrap()}),
    );
    assert_eq!(e["problems"][0]["field"], "path");
    assert!(ok(&app, "app_info", json!({}))["company"].is_null());
    // Picked in the dialog: opens.
    app.grant_path(&other);
    ok(
        &app,
        "open_company",
        json!({"path": other.to_str().unwrap()}),
    );
}
